"""The demo's embedding example: Forum serves a host page (/embed/example) that is opened at a
second origin of the same server, e.g. http://localhost:5000 while Forum itself is
http://127.0.0.1:5000 (browsers treat the two as different sites). The command registers that
origin and gives its page a small discussion, so `make demo` shows an embedded thread at once."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.embed.sites import add_site
from forum.embed.threads import ensure_thread
from forum.models import Comment, CommentStatus, EmbedSite, User

EXAMPLE_PATH = "/embed/example"
EXAMPLE_TITLE = "Rethinking the water tariff"
_OTHER_HOST = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}

# (key, parent key, name, text, hours after the page's discussion began)
EXAMPLE_COMMENTS = [
    ("a", None, "Marta Okafor", "The social block is the right idea, but 40 litres assumes a "
     "household reports its size. Who checks, and what happens to people who do not register?",
     1),
    ("b", "a", "Reader 2", "The consultation paper says the utility would use the civil "
     "register. That is a *new* purpose for that data and deserves its own assessment.", 3),
    ("c", None, "Tomas Lind", "Publish the block sizes as a table with the expected bill for "
     "three typical households. Most of us cannot judge litres per day.", 5),
]


def example_origin(site_url: str) -> str | None:
    """The second origin of the demo's own server, or None when SITE_URL is not local."""
    parts = urlsplit(site_url)
    other = _OTHER_HOST.get(parts.hostname or "")
    if other is None:
        return None
    netloc = other + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, "", "", "")).rstrip("/")


def set_up_example(session: Session, admin: User, site_url: str, now: datetime) -> str | None:
    """Register the example origin and seed its page's discussion (once). Returns the page's
    address, or None when there is no second local origin to use. Never commits."""
    origin = example_origin(site_url)
    if origin is None:
        return None
    if session.scalar(select(EmbedSite).where(EmbedSite.origin == origin)) is None:
        add_site(session, admin, origin, "Example host page (demo)", False, "30")
    page_url = origin + EXAMPLE_PATH
    thread = ensure_thread(session, page_url, EXAMPLE_TITLE, now - timedelta(days=1))
    if session.scalar(select(Comment.id).where(Comment.post_id == thread.post_id).limit(1)):
        return page_url
    by_key: dict[str, Comment] = {}
    for key, parent, name, text, hours in EXAMPLE_COMMENTS:
        created = now - timedelta(days=1) + timedelta(hours=hours)
        comment = Comment(post_id=thread.post_id,
                          parent_id=by_key[parent].id if parent else None, author_name=name,
                          body_md=text, body_html=markup.render_comment(text),
                          status=CommentStatus.APPROVED, created_at=created,
                          first_published_at=created)
        session.add(comment)
        session.flush()
        by_key[key] = comment
    return page_url
