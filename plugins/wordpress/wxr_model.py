"""The content of a WordPress eXtended RSS (WXR) export, independent of any database.

These classes mirror what WordPress writes, field by field, so that an importer can decide
what to keep and so that `write_wxr(parse_wxr(f))` loses nothing the model names.

Sequences are tuples rather than lists: the dataclasses are frozen, and a frozen object holding
a mutable list would still be changeable (and unhashable). A tuple is still "a list of
(domain, nicename, name)" for every reader that only iterates or indexes.

Text is kept as WordPress wrote it (HTML is not sanitized here; the importer does that once, as
the design asks). Only identifier-like values (ids, slugs, statuses, dates, URLs, emails) are
stripped of the surrounding whitespace that hand-edited exports often carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

# The values WordPress stores in wp_comments.comment_approved.
COMMENT_APPROVED = "1"
COMMENT_PENDING = "0"
COMMENT_SPAM = "spam"
COMMENT_TRASH = "trash"

# WXR 1.0 called the tag taxonomy "tag"; later versions and WordPress itself say "post_tag".
TAXONOMY_CATEGORY = "category"
TAXONOMY_TAG = "post_tag"


class WxrError(ValueError):
    """The file cannot be read as a WordPress export; the message says where and why."""


class WxrMeta(NamedTuple):
    """One row of wp_postmeta or wp_commentmeta; values are often PHP-serialized, kept verbatim."""

    key: str
    value: str


class WxrItemTerm(NamedTuple):
    """A term attached to an item: `<category domain="post_tag" nicename="slug">Name</category>`."""

    domain: str
    nicename: str
    name: str


@dataclass(frozen=True, slots=True)
class WxrAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    # WordPress.com exports and WXR 1.0 omit wp:author_id, so it cannot be relied on.
    wp_id: int | None = None


@dataclass(frozen=True, slots=True)
class WxrTerm:
    """A category, a tag, or a term of another taxonomy (nav_menu, post_format, ...).

    `kind` is the taxonomy name: "category" and "post_tag" for the channel's wp:category and
    wp:tag elements, whatever wp:term_taxonomy says for wp:term elements.
    """

    kind: str
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""
    # WXR 1.0 had no wp:term_id.
    term_id: int | None = None


@dataclass(frozen=True, slots=True)
class WxrComment:
    comment_id: int
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    # None when WordPress wrote 0000-00-00 00:00:00 (it does so for some imported comments).
    date_gmt: datetime | None = None
    # The site's local wall-clock time, naive: the only date left when date_gmt is zero.
    date: datetime | None = None
    content: str = ""
    approved: str = COMMENT_APPROVED
    # "" and "comment" both mean an ordinary comment; WordPress 5.5 started writing "comment".
    comment_type: str = ""
    parent_id: int = 0
    user_id: int = 0
    meta: tuple[WxrMeta, ...] = ()


@dataclass(frozen=True, slots=True)
class WxrItem:
    post_id: int
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    # None for drafts and for anything WordPress exported with a zero GMT date.
    post_date_gmt: datetime | None = None
    # Local wall-clock time, naive; drafts carry their only date here.
    post_date: datetime | None = None
    post_name: str = ""
    status: str = "publish"
    post_type: str = "post"
    post_password: str = ""
    comment_status: str = "open"
    ping_status: str = "open"
    is_sticky: bool = False
    parent_id: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    categories: tuple[WxrItemTerm, ...] = ()
    comments: tuple[WxrComment, ...] = ()
    postmeta: tuple[WxrMeta, ...] = ()


@dataclass(frozen=True, slots=True)
class WxrDocument:
    wxr_version: str
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: tuple[WxrAuthor, ...] = ()
    categories: tuple[WxrTerm, ...] = ()
    tags: tuple[WxrTerm, ...] = ()
    # Every wp:term element, in file order. WordPress.com also lists categories here, so an
    # importer should skip kinds it already took from `categories` and `tags`.
    terms: tuple[WxrTerm, ...] = ()
    items: tuple[WxrItem, ...] = ()
