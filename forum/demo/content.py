"""Demo content for Forum: categories, posts and threaded comments.

Pure data, consumed by the demo loader. Everything here is fictional: the Republic of
Veldmark, its ministries, towns and every person named in posts or comments.

Markdown bodies are CommonMark without raw HTML. Times are relative to the moment the
demo is loaded: a post's ``days_ago`` is how long ago it was published (negative for a
scheduled post), and a comment's ``hours_after_post`` is measured from the post's
publication time.
"""
from typing import TypedDict

from forum.demo.comments import COMMENTS
from forum.demo.posts import POSTS

__all__ = ["CATEGORIES", "COMMENTS", "POSTS"]


class DemoCategory(TypedDict):
    name: str
    slug: str
    description: str
    parent: str | None  # the parent's slug

CATEGORIES: list[DemoCategory] = [
    {
        "name": "Digital rights",
        "slug": "digital-rights",
        "description": "Privacy, expression and fair treatment when public services go digital.",
        "parent": None,
    },
    {
        "name": "Data protection",
        "slug": "data-protection",
        "description": "How public bodies collect, share, keep and delete personal data.",
        "parent": "digital-rights",
    },
    {
        "name": "Surveillance",
        "slug": "surveillance",
        "description": "Cameras, tracking and monitoring by public bodies and their contractors.",
        "parent": "digital-rights",
    },
    {
        "name": "Public administration",
        "slug": "public-administration",
        "description": "Registers, procedures and the everyday machinery of the state.",
        "parent": None,
    },
    {
        "name": "Consultations",
        "slug": "consultations",
        "description": "Open consultations, our responses, and how to take part in your own words.",
        "parent": "public-administration",
    },
    {
        "name": "Policy critique",
        "slug": "policy-critique",
        "description": "Close readings of proposals, memos and bills, and what we would change.",
        "parent": None,
    },
]
