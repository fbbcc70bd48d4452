"""The OpenAPI 3.1 document of /api/v1, kept as data beside the views it describes. A test checks
that every /api/v1 route is here and every path here is a route; schemathesis checks every
answer against it (tests/api/test_schemathesis.py)."""
from __future__ import annotations

from copy import deepcopy

from forum import __version__
from forum.api.openapi_schemas import (
    COMMENT_EXAMPLE,
    CURSOR,
    JSON,
    LIMIT,
    PAGE_URL,
    PROBLEM,
    SCHEMAS,
    json_body,
    ok,
    path_id,
    query,
    ref,
)

_AFTER_COMMENT = {
    "ThreadComments": {"operationId": "threadComments",
                       "parameters": {"thread_id": "$response.body#/thread_id"}},
    "ReportIt": {"operationId": "reportComment",
                 "parameters": {"comment_id": "$response.body#/comment/id"}},
    "EditIt": {"operationId": "editByToken",
               "requestBody": {"token": "$response.body#/management_token",
                               "body_md": "A corrected text."}},
    "WithdrawIt": {"operationId": "withdrawByToken",
                   "requestBody": {"token": "$response.body#/management_token"}},
    "EraseIt": {"operationId": "eraseByToken",
                "requestBody": {"token": "$response.body#/management_token"}},
}

PATHS: dict = {
    "/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.",
        "responses": {"200": {"description": "OpenAPI 3.1",
                              "content": {JSON: {"schema": {"type": "object"}}}}}}},
    "/threads": {"get": {
        "operationId": "thread", "summary": "A page's (or a post's) discussion as a tree.",
        "parameters": [query("url", "An embedding page's address.", PAGE_URL),
                       query("post", "A post's slug (instead of url).",
                              {"type": "string", "maxLength": 200})],
        "responses": ok("ThreadAnswer", "The thread (null before its first comment).",
                         etag=True)}},
    "/threads/{thread_id}/comments": {"get": {
        "operationId": "threadComments",
        "summary": "A thread's comments, flat with parent ids, oldest first, by cursor.",
        "parameters": [path_id("thread_id", "The thread's id."), LIMIT, CURSOR],
        "responses": ok("CommentPage", "One page of comments.", etag=True)}},
    "/counts": {"get": {
        "operationId": "counts", "summary": "Published responses for many pages at once.",
        "description": "Keep the whole address under 4 KB (servers refuse longer request "
                       "lines with 414); the embed script asks in batches.",
        "parameters": [{**query("url", "Page addresses (repeat the parameter).",
                                 {"type": "array", "items": {"type": "string",
                                                             "maxLength": 300},
                                  "minItems": 1, "maxItems": 20}, required=True),
                        "style": "form", "explode": True}],
        "responses": ok("Counts", "Address as given -> count.", etag=True)}},
    "/posts": {"get": {
        "operationId": "posts", "summary": "Published posts, newest first, by cursor.",
        "parameters": [LIMIT, CURSOR],
        "responses": ok("PostPage", "One page of posts.", etag=True)}},
    "/posts/{slug}": {"get": {
        "operationId": "post", "summary": "One published post with its text.",
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": {"type": "string", "maxLength": 200}}],
        "responses": ok("PostAnswer", "The post.", etag=True)}},
    "/categories": {"get": {
        "operationId": "categories", "summary": "Every category.",
        "responses": ok("Categories", "The categories by name.", etag=True)}},
    "/comments": {"post": {
        "operationId": "createComment",
        "summary": "Post a comment with its consent choices; the receipt comes back once.",
        "description": "The same validation, anti-spam checks, rate limit and consent "
                       "ledger as the comment form. A browser may call this only from a "
                       "registered site (CORS).",
        "requestBody": json_body("NewComment", COMMENT_EXAMPLE),
        "responses": ok("Receipt", "Stored (published or held; see comment.status).",
                         status="201", links=_AFTER_COMMENT)}},
    "/comments/{comment_id}/reports": {"post": {
        "operationId": "reportComment", "summary": "Report a published comment.",
        "parameters": [path_id("comment_id", "The comment's id.")],
        "requestBody": json_body("NewReport"),
        "responses": ok("ReportReceived", "Received.", status="201")}},
    "/receipts/edit": {"post": {
        "operationId": "editByToken",
        "summary": "Change a comment's text by its management token (in the edit window).",
        "requestBody": json_body("EditByToken"),
        "responses": ok("ManagedComment", "Changed (it may be held again by the checks).")}},
    "/receipts/withdraw": {"post": {
        "operationId": "withdrawByToken",
        "summary": "Withdraw a comment by its management token (a marker stays).",
        "requestBody": json_body("TokenOnly"),
        "responses": ok("ManagedComment", "Withdrawn.")}},
    "/moderation/held": {"get": {
        "operationId": "heldComments", "summary": "Comments awaiting a moderator (staff).",
        "security": [{"staffToken": []}],
        "parameters": [CURSOR],
        "responses": ok("HeldPage", "One page of held comments.", etag=True)}},
    "/moderation/comments/{comment_id}": {"post": {
        "operationId": "moderateComment",
        "summary": "Approve, mark as spam or remove a comment (staff, Moderate permission).",
        "security": [{"staffToken": []}],
        "parameters": [path_id("comment_id", "The comment's id.")],
        "requestBody": json_body("Decision"),
        "responses": ok("Decided", "Decided; the audit log and public record say so.")}},
    "/receipts/erase": {"post": {
        "operationId": "eraseByToken",
        "summary": "Erase a comment's personal data (and its text if asked) by its token.",
        "requestBody": json_body("EraseByToken"),
        "responses": ok("ManagedComment", "Erased.")}},
    "/email-confirmations": {"post": {
        "operationId": "confirmEmail",
        "summary": "Confirm the email for reply notifications (the emailed token).",
        "requestBody": json_body("TokenOnly"),
        "responses": ok("Confirmed", "Confirmed.")}},
}


def document(server_url: str = "/api/v1") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Forum API", "version": f"1 ({__version__})",
                 "description": "Read discussions and post to them with per-purpose consent. "
                                "Errors are RFC 9457 problem documents. See docs/api.md."},
        "servers": [{"url": server_url}],
        "paths": deepcopy(PATHS),
        "components": {
            "schemas": deepcopy(SCHEMAS),
            "securitySchemes": {"staffToken": {
                "type": "http", "scheme": "bearer",
                "description": "A staff member's API token (Admin → API tokens); it acts with "
                               "the owner's role, as in the panel."}},
            "responses": {"Problem": {"description": "What went wrong, per field where it "
                                                     "applies.",
                                      "content": {PROBLEM: {"schema": ref("Problem")}}}},
        },
    }
