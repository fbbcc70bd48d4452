"""The building blocks of the OpenAPI document (forum/api/openapi.py): the schemas of what the
API answers and accepts, and small helpers that write the repeated parts of an operation."""
from __future__ import annotations

from forum.core.validators import MAX_ID

JSON = "application/json"
PROBLEM = "application/problem+json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def ok(schema: str, description: str, *, status: str = "200", links: dict | None = None,
        etag: bool = False) -> dict:
    answer: dict = {"description": description, "content": {JSON: {"schema": ref(schema)}}}
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


def query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def json_body(schema: str, example: dict | None = None) -> dict:
    media: dict = {"schema": ref(schema)}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {JSON: media}}


# A comment on a post of the demo (forum load-demo), so the examples in this document work
# against a demo site as they stand.
COMMENT_EXAMPLE = {"post": "memo-17-2026-universal-register", "author_name": "Ada",
                   "body_md": "Which register would this replace?",
                   "consents": {"remember_me": False, "reply_notifications": False,
                                "show_website": False, "pseudonym": False}}


LIMIT = query("limit", "How many to return (1–100).",
               {"type": "integer", "minimum": 1, "maximum": 100})
CURSOR = query("cursor", "The next_cursor of the previous page; leave out for the first.",
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
        "properties": {"reason": nullable("string"), "reason_label": nullable("string"),
                       "statement": nullable("string")},
    },
    "Comment": {
        "type": "object",
        "required": ["id", "parent_id", "status", "author_name", "author_website",
                     "staff_badge", "body_html", "created_at", "edited_at",
                     "edited_by_moderator", "removal", "report_url"],
        "properties": {
            "id": {"type": "integer"},
            "parent_id": nullable("integer"),
            "status": {"type": "string",
                       "enum": ["approved", "pending", "spam", "removed", "withdrawn"],
                       "description": "removed and withdrawn comments stay as markers"},
            "author_name": nullable("string"),
            "author_website": nullable("string", description="only when its writer chose "
                                                                "to show it"),
            "staff_badge": nullable("string"),
            "body_html": {"type": "string", "description": "sanitized HTML"},
            "created_at": {"type": "string", "format": "date-time"},
            "edited_at": nullable("string", format="date-time"),
            "edited_by_moderator": {"type": "boolean"},
            "removal": {"oneOf": [{"type": "null"}, ref("Removal")]},
            "report_url": nullable("string", format="uri"),
        },
    },
    "ThreadComment": {
        "allOf": [ref("Comment"), {
            "type": "object", "required": ["depth", "replies"],
            "properties": {"depth": {"type": "integer", "minimum": 1},
                           "replies": {"type": "array", "items": ref("ThreadComment")}}}],
    },
    "Thread": {
        "type": "object",
        "required": ["id", "page_url", "title", "comments_open", "response_count",
                     "discussion_url", "feed_url"],
        "properties": {
            "id": {"type": "integer"}, "page_url": nullable("string"),
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
        "properties": {"choices": {"type": "array", "items": ref("Choice")},
                       "disclosure": {"type": "string"},
                       "privacy_notice_url": {"type": "string", "format": "uri"},
                       "body_max_length": {"type": "integer"},
                       "name_max_length": {"type": "integer"}},
    },
    "ThreadAnswer": {
        "type": "object",
        "required": ["page_url", "thread", "comments", "accepts_comments", "comment_form"],
        "properties": {
            "page_url": nullable("string", description="the canonical page address"),
            "thread": {"oneOf": [{"type": "null"}, ref("Thread")],
                       "description": "null until the page's first comment"},
            "comments": {"type": "array", "items": ref("ThreadComment")},
            "accepts_comments": {"type": "boolean"},
            "comment_form": ref("CommentForm"),
        },
    },
    "CommentPage": {
        "type": "object", "required": ["comments", "next_cursor"],
        "properties": {"comments": {"type": "array", "items": ref("Comment")},
                       "next_cursor": nullable("string")},
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
            "published_at": nullable("string", format="date-time"),
            "comments_open": {"type": "boolean"}, "url": {"type": "string", "format": "uri"},
            "categories": {"type": "array", "items": {"type": "string"}},
            "response_count": nullable("integer"),
            "body_html": {"type": "string"},
        },
    },
    "PostPage": {
        "type": "object", "required": ["posts", "next_cursor"],
        "properties": {"posts": {"type": "array", "items": ref("Post")},
                       "next_cursor": nullable("string")},
    },
    "PostAnswer": {"type": "object", "required": ["post"], "properties": {"post": ref("Post")}},
    "Category": {
        "type": "object", "required": ["id", "slug", "name", "description", "parent_id", "url"],
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"},
                       "name": {"type": "string"}, "description": {"type": "string"},
                       "parent_id": nullable("integer"),
                       "url": {"type": "string", "format": "uri"}},
    },
    "Categories": {"type": "object", "required": ["categories"],
                   "properties": {"categories": {"type": "array", "items": ref("Category")}}},
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
            "parent_id": nullable("integer", minimum=1, maximum=MAX_ID),
            "consents": ref("Consents"),
        },
    },
    "Receipt": {
        "type": "object",
        "required": ["comment", "message", "thread_id", "management_token", "manage_url",
                     "receipt_url", "consents", "reply_notifications_pending", "mail_held",
                     "notice_version", "created_at"],
        "properties": {
            "comment": ref("Comment"), "message": {"type": "string"},
            "thread_id": {"type": "integer"},
            "management_token": {"type": "string",
                                 "description": "shown once: the key to edit, withdraw and "
                                                "erase this comment"},
            "manage_url": {"type": "string", "format": "uri"},
            "receipt_url": {"type": "string", "format": "uri"},
            "consents": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "reply_notifications_pending": {"type": "boolean"},
            "mail_held": {"type": "boolean"},
            "notice_version": nullable("string"),
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
                       "properties": {"comment": ref("Comment"),
                                      "message": {"type": "string"}}},
    "HeldComment": {"allOf": [ref("Comment"), {
        "type": "object", "required": ["post_id", "post_title"],
        "properties": {"post_id": {"type": "integer"}, "post_title": {"type": "string"}}}]},
    "HeldPage": {"type": "object", "required": ["comments", "next_cursor"],
                 "properties": {"comments": {"type": "array", "items": ref("HeldComment")},
                                "next_cursor": nullable("string")}},
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
                "properties": {"comment": ref("Comment"), "decision": {"type": "string"}}},
    "Confirmed": {"type": "object", "required": ["confirmed", "message"],
                  "properties": {"confirmed": {"type": "boolean"},
                                 "message": {"type": "string"}}},
}
