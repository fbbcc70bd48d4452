"""The audit log in words: "Editorial team approved comment #12 on “One register…”".

Entries store codes and ids (`comment.approve`, target comment 12) so they stay small, never hold
personal data, and can be filtered. This turns a page of them into sentences: each action Forum
records has its phrase in `forum.audit.phrases`; a plugin words its own actions through
the `forum_audit_wording` hook; any other action falls back to a readable form of its code.

Everything the sentences name (comments with their posts, posts, categories, accounts, notice
versions) is looked up for the whole page at once: a fixed number of queries, however many
entries. A sentence is a tuple of parts: plain text, or a `Ref` to something with a page of its
own, which the template links. Nothing here is HTML; the template escapes every part.
"""
from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import AuditEntry, Category, Comment, NoticeVersion, Post, Role, User

TITLE_LENGTH = 40


@dataclass(frozen=True)
class Ref:
    """Something a sentence names that has a page: kind is "comment", "post", "category" or
    "user"; the template turns it into a link (or plain text where the reader may not go)."""
    text: str
    kind: str
    id: int


Part = str | Ref


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    parts: tuple[Part, ...]
    worded: bool  # False: the action is unknown here and its code is shown


def shorten(title: str, length: int = TITLE_LENGTH) -> str:
    """A title cut at a word boundary with an ellipsis, so a sentence stays one line."""
    if len(title) <= length:
        return title
    cut = title[:length].rsplit(" ", 1)[0] or title[:length]
    return cut.rstrip(" ,.;:") + "…"


def _as_int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@dataclass
class Names:
    """What a page of entries refers to, looked up in one go."""
    comments: dict[int, tuple[int, str]] = field(default_factory=dict)  # id -> (post id, author)
    posts: dict[int, str] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    notices: dict[int, str] = field(default_factory=dict)

    # --- the phrases' building blocks --------------------------------------------------------

    def comment(self, comment_id: object) -> tuple[Part, ...]:
        number = _as_int(comment_id)
        if number is None:
            return ("a comment",)
        if number not in self.comments:
            return (f"comment #{number} (since deleted)",)
        post_id, _author = self.comments[number]
        return (Ref(f"comment #{number}", "comment", number), " on ", *self.post(post_id))

    def post(self, post_id: object, remembered_title: str | None = None, *,
             called: str = "") -> tuple[Part, ...]:
        """The post by its title (`called` "the post" puts those words before a known title;
        an unknown one is "post #5" either way)."""
        number = _as_int(post_id)
        lead = (f"{called} ",) if called else ()
        if number is not None and number in self.posts:
            return (*lead, Ref(f"“{shorten(self.posts[number])}”", "post", number))
        if remembered_title:
            return (*lead, f"“{shorten(remembered_title)}”")
        return (f"post #{number}" if number is not None else "a post",)

    def category(self, category_id: object, remembered_name: str | None = None, *,
                 called: str = "") -> tuple[Part, ...]:
        number = _as_int(category_id)
        lead = (f"{called} ",) if called else ()
        if number is not None and number in self.categories:
            return (*lead, Ref(f"“{self.categories[number]}”", "category", number))
        if remembered_name:
            return (*lead, f"“{remembered_name}”")
        return (f"category #{number}" if number is not None else "a category",)

    def user(self, user_id: object) -> tuple[Part, ...]:
        number = _as_int(user_id)
        if number is not None and number in self.users:
            return (Ref(self.users[number], "user", number),)
        return (f"account #{number} (since deleted)" if number is not None else "an account",)

    def notice(self, version_id: object) -> str:
        number = _as_int(version_id)
        label = self.notices.get(number) if number is not None else None
        return f"“{label}”" if label else f"#{version_id}"


def _ids(entries: Iterable[AuditEntry], target_type: str, *detail_keys: str) -> set[int]:
    found: set[int] = set()
    for entry in entries:
        if entry.target_type == target_type and (number := _as_int(entry.target_id)) is not None:
            found.add(number)
        for key in detail_keys:
            if (number := _as_int((entry.details or {}).get(key))) is not None:
                found.add(number)
    return found


def look_up(session: Session, entries: list[AuditEntry]) -> Names:
    """Everything the entries name, in at most five queries."""
    names = Names()
    comment_ids = _ids(entries, "comment", "in_reply_to", "comment")
    if comment_ids:
        names.comments = {row.id: (row.post_id, row.author_name) for row in session.execute(
            select(Comment.id, Comment.post_id, Comment.author_name)
            .where(Comment.id.in_(comment_ids)))}
    post_ids = _ids(entries, "post") | {post_id for post_id, _ in names.comments.values()}
    if post_ids:
        names.posts = dict(session.execute(select(Post.id, Post.title)
                                           .where(Post.id.in_(post_ids))).tuples().all())
    category_ids = _ids(entries, "category", "into", "parent_id")
    if category_ids:
        names.categories = dict(session.execute(select(Category.id, Category.name)
                                                .where(Category.id.in_(category_ids))).tuples().all())
    user_ids = _ids(entries, "user")
    if user_ids:
        names.users = dict(session.execute(select(User.id, User.display_name)
                                           .where(User.id.in_(user_ids))).tuples().all())
    notice_ids = _ids(entries, "notice_version")
    if notice_ids:
        names.notices = dict(session.execute(select(NoticeVersion.id, NoticeVersion.label)
                                             .where(NoticeVersion.id.in_(notice_ids))).tuples().all())
    return names


_ROLE_SUFFIX = re.compile(r" \((?:" + "|".join(role.value for role in Role) + r")\)$")
# Who acted when no staff account did, as the start of a sentence.
_SYSTEM_ACTORS = {"system": "The system", "anonymous visitor": "An anonymous visitor",
                  "command line": "The command line", "system (reports)": "Readers' reports"}


def actor_name(entry: AuditEntry) -> str:
    """The actor as a sentence begins with it: the staff member's name as recorded (without the
    role the label adds), or who else it was."""
    label = entry.actor_label or "someone"
    if entry.actor_id is not None:
        return _ROLE_SUFFIX.sub("", label)
    if label in _SYSTEM_ACTORS:
        return _SYSTEM_ACTORS[label]
    if label.startswith("the person concerned"):
        return "The person concerned"
    return label[:1].upper() + label[1:]


def fill(template: str, **values: object) -> tuple[Part, ...]:
    """"{actor} approved {comment}" with values that are text, a Ref or several parts."""
    parts: list[Part] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name is not None:
            value = values[name]
            if value is None:  # an entry recorded without it: say so rather than break
                value = "?"
            elif not isinstance(value, (str, Ref, tuple)):
                value = str(value)  # counts and ids from `details`
            parts.extend(value if isinstance(value, tuple) else (value,))
    merged: list[Part] = []
    for part in parts:  # neighbouring texts as one, so the markup stays plain
        if merged and isinstance(part, str) and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


Phrase = Callable[[AuditEntry, Names, str], tuple[Part, ...]]


def humanise(code: str) -> str:
    """"wordpress.import" -> "wordpress import": the code, readable, for unknown actions."""
    return code.replace(".", " ").replace("_", " ")


def fallback(entry: AuditEntry, names: Names, actor: str) -> tuple[Part, ...]:
    target: tuple[Part, ...] = ()
    if entry.target_type == "comment":
        target = names.comment(entry.target_id)
    elif entry.target_type == "post":
        target = names.post(entry.target_id)
    elif entry.target_type == "category":
        target = names.category(entry.target_id)
    elif entry.target_type == "user":
        target = names.user(entry.target_id)
    elif entry.target_type:
        target = (f"{humanise(entry.target_type)} {entry.target_id or ''}".strip(),)
    if target:
        return fill("{actor}: “{action}” on {target}", actor=actor,
                    action=humanise(entry.action), target=target)
    return fill("{actor}: “{action}”", actor=actor, action=humanise(entry.action))


def describe(session: Session, entries: list[AuditEntry], phrases: dict[str, Phrase],
             plugin_wording: Callable[[AuditEntry], str | None] | None = None
             ) -> list[AuditLine]:
    """One sentence per entry, in the entries' order."""
    names = look_up(session, entries)
    lines = []
    for entry in entries:
        actor = actor_name(entry)
        phrase = phrases.get(entry.action)
        if phrase is not None:
            lines.append(AuditLine(entry, phrase(entry, names, actor), True))
            continue
        worded = plugin_wording(entry) if plugin_wording else None
        if worded:
            lines.append(AuditLine(entry, fill("{actor} {words}", actor=actor,
                                               words=str(worded)), True))
        else:
            lines.append(AuditLine(entry, fallback(entry, names, actor), False))
    return lines
