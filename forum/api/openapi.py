"""The OpenAPI 3.1 document of /api/v1, kept as data beside the views it describes. A test checks
that every /api/v1 route is here and every path here is a route; schemathesis checks every
answer against it (tests/api/test_schemathesis.py)."""
from __future__ import annotations

from copy import deepcopy

from forum import __version__
from forum.core.validators import MAX_ID

JSON = "application/json"
PROBLEM = "application/problem+json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _ok(schema: str, description: str, *, status: str = "200", links: dict | None = None,
        etag: bool = False) -> dict:
    answer: dict = {"description": description, "content": {JSON: {"schema": _ref(schema)}}}
    if links:
        answer["links"] = links
    if etag:
        answer["headers"] = {"ETag": {"description": "The answer's validator: send it back "
                                                     "in If-None-Match to get a 304.",
                                      "schema": {"type": "string"}}}
    responses = {status: answer, "4XX": {"$ref": "#/components/responses/Problem"}}
    if etag:
        responses["304"] = {"description": "Not modified since the ETag sent in If-None-Match."}
    return responses


def _query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def _path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _json_body(schema: str, example: dict | None = None) -> dict:
    media: dict = {"schema": _ref(schema)}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {JSON: media}}


# A comment on a post of the demo (forum load-demo), so the examples in this document work
# against a demo site as they stand.
COMMENT_EXAMPLE = {"post": "memo-17-2026-universal-register", "author_name": "Ada",
                   "body_md": "Which register would this replace?",
                   "consents": {"remember_me": False, "reply_notifications": False,
                                "show_website": False, "pseudonym": False}}


LIMIT = _query("limit", "How many to return (1–100).",
               {"type": "integer", "minimum": 1, "maximum": 100})
CURSOR = _query("cursor", "The next_cursor of the previous page; leave out for the first.",
                {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,200}$"})
PAGE_URL = {"type": "string", "format": "uri", "maxLength": 1000, "pattern": "^https?://"}

SCHEMAS: dict = {
    "Problem": {
        "type": "object", "required": ["type", "title", "status", "detail"],
        "description": "RFC 9457 problem details; `errors` names the fields to correct.",
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Removal": {
        "type": "object", "required": ["reason", "reason_label", "statement"],
        "properties": {"reason": _nullable("string"), "reason_label": _nullable("string"),
                       "statement": _nullable("string")},
    },
    "Comment": {
        "type": "object",
        "required": ["id", "parent_id", "status", "author_name", "author_website",
                     "staff_badge", "body_html", "created_at", "edited_at",
                     "edited_by_moderator", "removal", "report_url"],
        "properties": {
            "id": {"type": "integer"},
            "parent_id": _nullable("integer"),
            "status": {"type": "string",
                       "enum": ["approved", "pending", "spam", "removed", "withdrawn"],
                       "description": "removed and withdrawn comments stay as markers"},
            "author_name": _nullable("string"),
            "author_website": _nullable("string", description="only when its writer chose "
                                                                "to show it"),
            "staff_badge": _nullable("string"),
            "body_html": {"type": "string", "description": "sanitized HTML"},
            "created_at": {"type": "string", "format": "date-time"},
            "edited_at": _nullable("string", format="date-time"),
            "edited_by_moderator": {"type": "boolean"},
            "removal": {"oneOf": [{"type": "null"}, _ref("Removal")]},
            "report_url": _nullable("string", format="uri"),
        },
    },
    "ThreadComment": {
        "allOf": [_ref("Comment"), {
            "type": "object", "required": ["depth", "replies"],
            "properties": {"depth": {"type": "integer", "minimum": 1},
                           "replies": {"type": "array", "items": _ref("ThreadComment")}}}],
    },
    "Thread": {
        "type": "object",
        "required": ["id", "page_url", "title", "comments_open", "response_count",
                     "discussion_url", "feed_url"],
        "properties": {
            "id": {"type": "integer"}, "page_url": _nullable("string"),
            "title": {"type": "string"}, "comments_open": {"type": "boolean"},
            "response_count": {"type": "integer", "minimum": 0},
            "discussion_url": {"type": "string", "format": "uri",
                               "description": "the thread on Forum itself (works without "
                                              "JavaScript)"},
            "feed_url": {"type": "string", "format": "uri"},
        },
    },
    "Choice": {
        "type": "object", "required": ["key", "label", "description", "retention", "basis"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                       "description": {"type": "string"}, "retention": {"type": "string"},
                       "basis": {"type": "string"}},
    },
    "CommentForm": {
        "type": "object",
        "description": "What the form discloses and the unticked choices it offers: show "
                       "these words (their hash is recorded with each choice).",
        "required": ["choices", "disclosure", "privacy_notice_url", "body_max_length",
                     "name_max_length"],
        "properties": {"choices": {"type": "array", "items": _ref("Choice")},
                       "disclosure": {"type": "string"},
                       "privacy_notice_url": {"type": "string", "format": "uri"},
                       "body_max_length": {"type": "integer"},
                       "name_max_length": {"type": "integer"}},
    },
    "ThreadAnswer": {
        "type": "object",
        "required": ["page_url", "thread", "comments", "accepts_comments", "comment_form"],
        "properties": {
            "page_url": _nullable("string", description="the canonical page address"),
            "thread": {"oneOf": [{"type": "null"}, _ref("Thread")],
                       "description": "null until the page's first comment"},
            "comments": {"type": "array", "items": _ref("ThreadComment")},
            "accepts_comments": {"type": "boolean"},
            "comment_form": _ref("CommentForm"),
        },
    },
    "CommentPage": {
        "type": "object", "required": ["comments", "next_cursor"],
        "properties": {"comments": {"type": "array", "items": _ref("Comment")},
                       "next_cursor": _nullable("string")},
    },
    "Counts": {
        "type": "object", "required": ["counts"],
        "properties": {"counts": {"type": "object",
                                  "additionalProperties": {"type": "integer", "minimum": 0}}},
    },
    "Post": {
        "type": "object",
        "required": ["id", "slug", "title", "kind", "excerpt_html", "published_at",
                     "comments_open", "url", "categories", "response_count"],
        "properties": {
            "id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
            "kind": {"type": "string"}, "excerpt_html": {"type": "string"},
            "published_at": _nullable("string", format="date-time"),
            "comments_open": {"type": "boolean"}, "url": {"type": "string", "format": "uri"},
            "categories": {"type": "array", "items": {"type": "string"}},
            "response_count": _nullable("integer"),
            "body_html": {"type": "string"},
        },
    },
    "PostPage": {
        "type": "object", "required": ["posts", "next_cursor"],
        "properties": {"posts": {"type": "array", "items": _ref("Post")},
                       "next_cursor": _nullable("string")},
    },
    "PostAnswer": {"type": "object", "required": ["post"], "properties": {"post": _ref("Post")}},
    "Category": {
        "type": "object", "required": ["id", "slug", "name", "description", "parent_id", "url"],
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"},
                       "name": {"type": "string"}, "description": {"type": "string"},
                       "parent_id": _nullable("integer"),
                       "url": {"type": "string", "format": "uri"}},
    },
    "Categories": {"type": "object", "required": ["categories"],
                   "properties": {"categories": {"type": "array", "items": _ref("Category")}}},
    "Consents": {
        "type": "object", "additionalProperties": False,
        "description": "Each disclosed purpose the reader may choose; all false unless ticked.",
        "properties": {"remember_me": {"type": "boolean"},
                       "reply_notifications": {"type": "boolean"},
                       "show_website": {"type": "boolean"}, "pseudonym": {"type": "boolean"}},
    },
    "NewComment": {
        "type": "object", "required": ["body_md"],
        "description": "Give url (an embedding page of a registered site; its discussion is "
                       "created on the first comment, titled by title) or post (a slug).",
        "properties": {
            "url": PAGE_URL, "title": {"type": "string", "maxLength": 300},
            "post": {"type": "string", "maxLength": 200},
            "author_name": {"type": "string", "maxLength": 200},
            "author_email": {"type": "string", "maxLength": 254},
            "author_website": {"type": "string", "maxLength": 500},
            "body_md": {"type": "string"},
            "parent_id": _nullable("integer", minimum=1, maximum=MAX_ID),
            "consents": _ref("Consents"),
        },
    },
    "Receipt": {
        "type": "object",
        "required": ["comment", "message", "thread_id", "management_token", "manage_url",
                     "receipt_url", "consents", "reply_notifications_pending", "mail_held",
                     "notice_version", "created_at"],
        "properties": {
            "comment": _ref("Comment"), "message": {"type": "string"},
            "thread_id": {"type": "integer"},
            "management_token": {"type": "string",
                                 "description": "shown once: the key to edit, withdraw and "
                                                "erase this comment"},
            "manage_url": {"type": "string", "format": "uri"},
            "receipt_url": {"type": "string", "format": "uri"},
            "consents": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "reply_notifications_pending": {"type": "boolean"},
            "mail_held": {"type": "boolean"},
            "notice_version": _nullable("string"),
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "NewReport": {
        "type": "object", "required": ["reason"],
        "properties": {"reason": {"type": "string",
                                  "enum": ["spam", "abuse", "off_topic", "illegal",
                                           "personal_data", "other"]},
                       "details": {"type": "string", "maxLength": 2000},
                       "location": {"type": "string", "maxLength": 500},
                       "explanation": {"type": "string", "maxLength": 2000},
                       "email": {"type": "string", "maxLength": 254}},
    },
    "ReportReceived": {
        "type": "object", "required": ["received", "message"],
        "properties": {"received": {"type": "boolean"}, "message": {"type": "string"}},
    },
    "TokenOnly": {"type": "object", "required": ["token"],
                  "properties": {"token": {"type": "string", "maxLength": 200}}},
    "EraseByToken": {"type": "object", "required": ["token"],
                     "properties": {"token": {"type": "string", "maxLength": 200},
                                    "delete_body": {"type": "boolean",
                                                    "description": "delete the text as well"}}},
    "EditByToken": {"type": "object", "required": ["token", "body_md"],
                    "properties": {"token": {"type": "string", "maxLength": 200},
                                   "body_md": {"type": "string"}}},
    "ManagedComment": {"type": "object", "required": ["comment", "message"],
                       "properties": {"comment": _ref("Comment"),
                                      "message": {"type": "string"}}},
    "HeldComment": {"allOf": [_ref("Comment"), {
        "type": "object", "required": ["post_id", "post_title"],
        "properties": {"post_id": {"type": "integer"}, "post_title": {"type": "string"}}}]},
    "HeldPage": {"type": "object", "required": ["comments", "next_cursor"],
                 "properties": {"comments": {"type": "array", "items": _ref("HeldComment")},
                                "next_cursor": _nullable("string")}},
    "Decision": {
        "type": "object", "required": ["decision"],
        "properties": {"decision": {"type": "string", "enum": ["approve", "spam", "remove"]},
                       "removal_reason": {"type": "string",
                                          "enum": ["spam", "abuse", "off_topic", "illegal",
                                                   "personal_data", "other"],
                                          "description": "required to remove; shown in the "
                                                         "thread"},
                       "removal_statement": {"type": "string", "maxLength": 2000}}},
    "Decided": {"type": "object", "required": ["comment", "decision"],
                "properties": {"comment": _ref("Comment"), "decision": {"type": "string"}}},
    "Confirmed": {"type": "object", "required": ["confirmed", "message"],
                  "properties": {"confirmed": {"type": "boolean"},
                                 "message": {"type": "string"}}},
}

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
        "parameters": [_query("url", "An embedding page's address.", PAGE_URL),
                       _query("post", "A post's slug (instead of url).",
                              {"type": "string", "maxLength": 200})],
        "responses": _ok("ThreadAnswer", "The thread (null before its first comment).",
                         etag=True)}},
    "/threads/{thread_id}/comments": {"get": {
        "operationId": "threadComments",
        "summary": "A thread's comments, flat with parent ids, oldest first, by cursor.",
        "parameters": [_path_id("thread_id", "The thread's id."), LIMIT, CURSOR],
        "responses": _ok("CommentPage", "One page of comments.", etag=True)}},
    "/counts": {"get": {
        "operationId": "counts", "summary": "Published responses for many pages at once.",
        "description": "Keep the whole address under 4 KB (servers refuse longer request "
                       "lines with 414); the embed script asks in batches.",
        "parameters": [{**_query("url", "Page addresses (repeat the parameter).",
                                 {"type": "array", "items": {"type": "string",
                                                             "maxLength": 300},
                                  "minItems": 1, "maxItems": 20}, required=True),
                        "style": "form", "explode": True}],
        "responses": _ok("Counts", "Address as given -> count.", etag=True)}},
    "/posts": {"get": {
        "operationId": "posts", "summary": "Published posts, newest first, by cursor.",
        "parameters": [LIMIT, CURSOR],
        "responses": _ok("PostPage", "One page of posts.", etag=True)}},
    "/posts/{slug}": {"get": {
        "operationId": "post", "summary": "One published post with its text.",
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": {"type": "string", "maxLength": 200}}],
        "responses": _ok("PostAnswer", "The post.", etag=True)}},
    "/categories": {"get": {
        "operationId": "categories", "summary": "Every category.",
        "responses": _ok("Categories", "The categories by name.", etag=True)}},
    "/comments": {"post": {
        "operationId": "createComment",
        "summary": "Post a comment with its consent choices; the receipt comes back once.",
        "description": "The same validation, anti-spam checks, rate limit and consent "
                       "ledger as the comment form. A browser may call this only from a "
                       "registered site (CORS).",
        "requestBody": _json_body("NewComment", COMMENT_EXAMPLE),
        "responses": _ok("Receipt", "Stored (published or held; see comment.status).",
                         status="201", links=_AFTER_COMMENT)}},
    "/comments/{comment_id}/reports": {"post": {
        "operationId": "reportComment", "summary": "Report a published comment.",
        "parameters": [_path_id("comment_id", "The comment's id.")],
        "requestBody": _json_body("NewReport"),
        "responses": _ok("ReportReceived", "Received.", status="201")}},
    "/receipts/edit": {"post": {
        "operationId": "editByToken",
        "summary": "Change a comment's text by its management token (in the edit window).",
        "requestBody": _json_body("EditByToken"),
        "responses": _ok("ManagedComment", "Changed (it may be held again by the checks).")}},
    "/receipts/withdraw": {"post": {
        "operationId": "withdrawByToken",
        "summary": "Withdraw a comment by its management token (a marker stays).",
        "requestBody": _json_body("TokenOnly"),
        "responses": _ok("ManagedComment", "Withdrawn.")}},
    "/moderation/held": {"get": {
        "operationId": "heldComments", "summary": "Comments awaiting a moderator (staff).",
        "security": [{"staffToken": []}],
        "parameters": [CURSOR],
        "responses": _ok("HeldPage", "One page of held comments.", etag=True)}},
    "/moderation/comments/{comment_id}": {"post": {
        "operationId": "moderateComment",
        "summary": "Approve, mark as spam or remove a comment (staff, Moderate permission).",
        "security": [{"staffToken": []}],
        "parameters": [_path_id("comment_id", "The comment's id.")],
        "requestBody": _json_body("Decision"),
        "responses": _ok("Decided", "Decided; the audit log and public record say so.")}},
    "/receipts/erase": {"post": {
        "operationId": "eraseByToken",
        "summary": "Erase a comment's personal data (and its text if asked) by its token.",
        "requestBody": _json_body("EraseByToken"),
        "responses": _ok("ManagedComment", "Erased.")}},
    "/email-confirmations": {"post": {
        "operationId": "confirmEmail",
        "summary": "Confirm the email for reply notifications (the emailed token).",
        "requestBody": _json_body("TokenOnly"),
        "responses": _ok("Confirmed", "Confirmed.")}},
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
                                      "content": {PROBLEM: {"schema": _ref("Problem")}}}},
        },
    }
