"""Every form a person can type into, public and staff, described once for the hostile-input
suites: where it posts, a valid submission to vary one field of, each text field's length
limit, and where a stored value can be read back."""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from forum.core import settings
from forum.models import Category, Comment, CommentReport, CommentStatus, Post, User
from forum.models.consent import NoticeVersion
from tests.support.comment_forms import form_token_for

SINGLE, MULTI = "single-line", "multi-line"
_serial = itertools.count(1)


@dataclass
class Scene:
    """The rows the forms act on, and the client (signed in as an admin for staff forms)."""

    app: Any
    client: Any
    db: Any
    factory: Any
    post: Post
    comment: Comment
    manage_path: str

    def fresh_comment(self) -> Comment:
        comment = self.factory.comment(self.post, body_md=f"Target {next(_serial)}")
        self.factory.session.commit()
        return comment

    def latest(self, model, column):
        self.db.expire_all()
        return self.db.scalars(select(column).order_by(model.id.desc()).limit(1)).first()


@dataclass
class TextField:
    name: str
    kind: str
    max_length: int
    # Where the stored value is read back, or None when it is not kept as text.
    read_back: Callable[[Scene], str | None] | None = None
    # What is stored for what was typed, where a field documents a normalisation of its own.
    expect: Callable[[str], str] | None = None
    # Checked against a format (an email, a time zone, a password) or turned into one (a slug):
    # the whole corpus goes in at once; what matters is a clear answer, never a 500.
    formatted: bool = False
    # No limit of its own (a Text column written by staff): max_length only sizes the packing.
    unlimited: bool = False


@dataclass
class WritableForm:
    name: str
    staff: bool
    path: Callable[[Scene], str]
    base: Callable[[Scene], dict[str, Any]]
    fields: list[TextField]
    pages: Callable[[Scene], list[str]] = lambda scene: []  # where the values are shown
    method: str = "POST"
    extra: dict[str, Any] = field(default_factory=dict)


def _comment_base(scene: Scene) -> dict[str, Any]:
    number = next(_serial)
    # A returning commenter, so the comments are published and the thread shows them; every
    # other one shows its name as a link to its website: both ways are rendered.
    return {"author_name": "Hostile Tester", "body_md": f"Body {number}",
            "author_email": "regular@example.org",
            "author_website": "https://reader.example/" if number % 2 else "",
            "consent_show_website": "on", "homepage": "",
            "form_started": form_token_for(scene.app, scene.post)}


def _latest_comment(column):
    return lambda scene: scene.latest(Comment, column)


def _settings_form(scene: Scene) -> dict[str, Any]:
    scene.db.info.clear()
    return {key: "\n".join(value) if isinstance(value, list) else str(value)
            for key, value in settings.current(scene.db).items()
            if not isinstance(value, bool)}


def _setting(key: str):
    def read(scene: Scene):
        scene.db.expire_all()
        scene.db.info.clear()
        value = settings.get(scene.db, key)
        return "\n".join(value) if isinstance(value, list) else value
    return read


def _bulk_remove(scene: Scene) -> dict[str, Any]:
    target = scene.fresh_comment()
    return {"action": "remove", "comment_ids": str(target.id), "tab": "approved",
            f"seen-{target.id}": "approved", "removal_reason": "other"}


FORMS = [
    WritableForm(
        "comment", False, lambda s: f"/posts/{s.post.slug}/comments", _comment_base,
        [TextField("author_name", SINGLE, 80, _latest_comment(Comment.author_name)),
         TextField("body_md", MULTI, 10_000, _latest_comment(Comment.body_md)),
         TextField("author_website", SINGLE, 500, _latest_comment(Comment.author_website)),
         TextField("author_email", SINGLE, 254, formatted=True),
         # A quote must be words of the post (or of the comment replied to): checked, so any
         # other text is refused with a message (forum.passages).
         TextField("quote", MULTI, 1_500, formatted=True),
         TextField("reply_quote", MULTI, 1_500, formatted=True)],
        lambda s: [f"/posts/{s.post.slug}", "/comments/feed.xml", "/admin/comments",
                   "/admin/comments?tab=approved", "/admin/comments?tab=spam"]),
    WritableForm(
        "report", False, lambda s: f"/comments/{s.comment.id}/report",
        lambda s: {"reason": "other"},
        [TextField("details", MULTI, 4000,
                   lambda s: s.latest(CommentReport, CommentReport.details)),
         TextField("location", MULTI, 4000,
                   lambda s: s.latest(CommentReport, CommentReport.location)),
         TextField("explanation", MULTI, 4000,
                   lambda s: s.latest(CommentReport, CommentReport.explanation)),
         TextField("email", SINGLE, 254, formatted=True)],
        lambda s: [f"/admin/comments/{s.comment.id}", "/admin/comments?tab=reported"]),
    WritableForm("my-data", False, lambda s: "/my-data", lambda s: {},
                 [TextField("email", SINGLE, 254, formatted=True)]),
    WritableForm("sign-in", False, lambda s: "/login", lambda s: {"password": "x" * 12},
                 [TextField("email", SINGLE, 254, formatted=True),
                  TextField("password", SINGLE, 200, formatted=True)]),
    WritableForm(
        "private-link edit", False, lambda s: s.manage_path + "/edit", lambda s: {},
        [TextField("body_md", MULTI, 10_000,
                   lambda s: (s.db.expire_all(), s.db.get(Comment, s.comment.id).body_md)[1])],
        lambda s: [s.manage_path]),
    WritableForm(
        "private-link website", False, lambda s: s.manage_path + "/consent",
        lambda s: {"purpose": "show_website", "decision": "give"},
        [TextField("website", SINGLE, 500,
                   lambda s: (s.db.expire_all(),
                              s.db.get(Comment, s.comment.id).author_website)[1])],
        lambda s: [s.manage_path]),
    WritableForm(
        "private-link email", False, lambda s: s.manage_path + "/consent",
        lambda s: {"purpose": "reply_notifications", "decision": "give"},
        [TextField("email", SINGLE, 254, formatted=True)], lambda s: [s.manage_path]),
    WritableForm(
        "post editor", True, lambda s: "/admin/posts/new",
        lambda s: {"title": f"Title {next(_serial)}", "body_md": "Body", "action": "publish",
                   "comments_open": "on"},
        [TextField("title", SINGLE, 300, lambda s: s.latest(Post, Post.title)),
         TextField("body_md", MULTI, 20_000, lambda s: s.latest(Post, Post.body_md),
                   unlimited=True),
         TextField("excerpt", MULTI, 2000, lambda s: s.latest(Post, Post.excerpt), unlimited=True),
         TextField("slug", SINGLE, 120, formatted=True)],
        lambda s: ["/", "/feed.xml", "/admin/posts", f"/author/{s.post.author_id}"]),
    WritableForm(
        "category", True, lambda s: "/admin/categories", lambda s: {"name": "A category"},
        [TextField("name", SINGLE, 120, lambda s: s.latest(Category, Category.name)),
         TextField("description", MULTI, 2000,
                   lambda s: s.latest(Category, Category.description), unlimited=True),
         TextField("slug", SINGLE, 120, formatted=True)],
        lambda s: ["/admin/categories", "/"]),
    WritableForm(
        "account", True, lambda s: "/admin/users",
        lambda s: {"email": f"new{next(_serial)}@example.org", "display_name": "New person",
                   "role": "author", "password": ""},
        [TextField("display_name", SINGLE, 120, lambda s: s.latest(User, User.display_name)),
         TextField("email", SINGLE, 254, formatted=True)],
        lambda s: ["/admin/users"]),
    WritableForm(
        "settings", True, lambda s: "/admin/settings", _settings_form,
        [TextField("site_title", SINGLE, 200, _setting("site_title"), unlimited=True),
         TextField("antispam_moderation_words", MULTI, 4000,
                   _setting("antispam_moderation_words"),
                   expect=lambda typed: "\n".join(line.strip() for line in typed.splitlines()
                                                   if line.strip()), unlimited=True),
         TextField("date_format", SINGLE, 100, formatted=True),
         TextField("time_zone", SINGLE, 100, formatted=True)],
        lambda s: ["/", "/admin/settings", "/feed.atom"]),
    WritableForm(
        "moderator's edit", True, lambda s: f"/admin/comments/{s.comment.id}/edit",
        lambda s: {}, [TextField("body_md", MULTI, 10_000,
                                 lambda s: (s.db.expire_all(),
                                            s.db.get(Comment, s.comment.id).body_md)[1])],
        lambda s: [f"/admin/comments/{s.comment.id}", f"/posts/{s.post.slug}"]),
    WritableForm(
        "moderator's reply", True, lambda s: f"/admin/comments/{s.comment.id}/reply",
        lambda s: {}, [TextField("body_md", MULTI, 10_000, _latest_comment(Comment.body_md))],
        lambda s: [f"/posts/{s.post.slug}"]),
    WritableForm(
        "removal statement", True, lambda s: "/admin/comments/bulk", _bulk_remove,
        [TextField("removal_statement", MULTI, 2000)],
        lambda s: [f"/posts/{s.post.slug}", "/admin/comments?tab=removed"]),
    WritableForm(
        "privacy notice", True, lambda s: "/admin/privacy/notices",
        lambda s: {"label": f"v{next(_serial)}", "body_md": "The notice."},
        [TextField("label", SINGLE, 64, lambda s: s.latest(NoticeVersion, NoticeVersion.label)),
         TextField("body_md", MULTI, 20_000,
                   lambda s: s.latest(NoticeVersion, NoticeVersion.body_md), unlimited=True)],
        lambda s: ["/privacy", "/admin/privacy/notices"]),
    WritableForm(
        "personal-data reason", True,
        lambda s: f"/admin/comments/{s.comment.id}/personal-data", lambda s: {},
        [TextField("reason", MULTI, 500)], lambda s: ["/admin/privacy/access-log"]),
    WritableForm(
        "data request for someone", True, lambda s: "/admin/privacy/requests",
        lambda s: {"action": "export"}, [TextField("email", SINGLE, 254, formatted=True)]),
    WritableForm(
        "password change", True, lambda s: "/account/password",
        lambda s: {"current_password": "wrong", "new_password": "x" * 12,
                   "repeat_password": "x" * 12},
        [TextField("current_password", SINGLE, 200, formatted=True),
         TextField("new_password", SINGLE, 200, formatted=True)]),
    WritableForm(
        "post list filter", True, lambda s: "/admin/posts", lambda s: {},
        [TextField("q", SINGLE, 300)], method="GET"),
    WritableForm(
        "audit log filter", True, lambda s: "/admin/audit", lambda s: {},
        [TextField("action", SINGLE, 300)], method="GET"),
]

APPROVED = CommentStatus.APPROVED
