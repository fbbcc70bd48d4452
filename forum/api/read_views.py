"""Reading through the API: a page's thread (tree), a thread's comments (flat, by cursor),
counts for many pages at once, posts and categories. No personal data, ETags and 304."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, jsonify, request
from sqlalchemy import and_, or_, select

from forum.api.blueprint import bp
from forum.api.openapi import document
from forum.api.purposes import api_purposes
from forum.api.shapes import (
    category_shape,
    comment_shape,
    decode_cursor,
    encode_cursor,
    post_shape,
    thread_shape,
    tree_shape,
)
from forum.core.errors import NotFound, ValidationError
from forum.core.validators import whole_number
from forum.db import get_session
from forum.discussion.comments import load_discussion
from forum.discussion.rules import comments_open
from forum.discussion.staff_answers import staff_badges
from forum.discussion.threads import ThreadNode
from forum.embed import threads as embed_threads
from forum.models import THREAD_STATUSES, Comment, Post, PostKind
from forum.privacy.purposes import asked_purposes
from forum.publishing import categories as category_service
from forum.publishing import posts as post_service
from forum.web.helpers import now
from forum.web.site_url import external_url

MAX_LIMIT = 100
MAX_COUNT_URLS = 100  # the document promises 20; a little room for older scripts


def _limit(default: int = 50) -> int:
    raw = request.args.get("limit", str(default))
    limit = whole_number(raw, minimum=1, maximum=MAX_LIMIT) if raw.isascii() and raw.isdigit() \
        else None
    if limit is None:
        raise ValidationError({"limit": f"Give a whole number from 1 to {MAX_LIMIT}."})
    return limit


def _walk(nodes: list[ThreadNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


def _live_post_by_id(raw: str) -> Post:
    post_id = whole_number(raw, minimum=1) if raw.isascii() and raw.isdigit() else None
    post = get_session().get(Post, post_id) if post_id is not None else None
    if post is None or not post.is_live(now()):
        raise NotFound("There is no published discussion with this number.")
    return post


PSEUDONYM_LABEL = ("Show a pseudonym for this discussion (such as “Reader 4”) instead of my "
                   "name.")


def _comment_form() -> dict:
    """What the comment form discloses and asks, from the one purpose catalogue (the label's
    hash goes into the consent ledger, so a script must show these words)."""
    config = current_app.config
    catalogue = api_purposes()
    choices = [{"key": purpose.key, "label": purpose.label, "description": purpose.description,
                "retention": purpose.retention, "basis": purpose.basis_statement}
               for purpose in asked_purposes(catalogue)]
    asked = {choice["key"] for choice in choices}
    bases = "; ".join(f"{purpose.key.replace('_', ' ')}: {purpose.basis_statement}"
                      for purpose in catalogue if purpose.key not in asked)
    choices.append({"key": "pseudonym", "label": PSEUDONYM_LABEL,
                    "description": "Your name is not shown; the pseudonym is the same for "
                                   "your comments in this discussion.",
                    "retention": "As long as the comment.", "basis": "your choice"})
    return {
        "choices": choices,
        "disclosure": ("When you post, we publish your comment under the name you give (or a "
                       "pseudonym), keep a keyed hash of your network address for "
                       f"{config['IP_HASH_RETENTION_DAYS']} days to prevent abuse, and keep "
                       f"moderation records. Bases: {bases}."),
        "privacy_notice_url": external_url("privacy.notice"),
        "body_max_length": config["COMMENT_MAX_LENGTH"],
        "name_max_length": config["COMMENT_NAME_MAX_LENGTH"],
    }


@bp.get("/threads")
def thread():
    """The discussion of a page (?url=) or of a post (?post=slug), as a tree."""
    session = get_session()
    url, slug = request.args.get("url"), request.args.get("post")
    if (url is None) == (slug is None):
        raise ValidationError({"url": "Give either url (an embedding page's address) or post "
                                      "(a post's slug), not both."})
    moment = now()
    record = None
    if url is not None:
        key, site = embed_threads.page_key(session, url)
        record = embed_threads.find_thread(session, url)
        if record is None:
            return jsonify({"page_url": key, "thread": None, "comments": [],
                            "accepts_comments": site is not None,
                            "comment_form": _comment_form()})
        post = record.post
        if not post.is_live(moment):
            raise NotFound("This discussion is no longer published.")
    else:
        post = post_service.get_live_post(session, slug or "", moment)
        record = embed_threads.thread_for_post(session, post)
    discussion = load_discussion(session, post, current_app.config["MAX_THREAD_DEPTH"])
    shown = [node.comment for node in _walk(discussion.roots)]
    is_open = comments_open(session, post, moment)
    return jsonify({
        "page_url": record.page_url if record else None,
        "thread": thread_shape(post, record, discussion.response_count, is_open),
        "comments": tree_shape(discussion.roots, staff_badges(session, post, shown)),
        "accepts_comments": is_open,
        "comment_form": _comment_form(),
    })


@bp.get("/threads/<int:thread_id>/comments")
def thread_comments(thread_id: int):
    """Flat, oldest first, each with its parent id; `next_cursor` for the following page."""
    session = get_session()
    post = _live_post_by_id(str(thread_id))
    limit = _limit()
    after = decode_cursor(request.args.get("cursor"), 1)
    query = (select(Comment).where(Comment.post_id == post.id,
                                   Comment.status.in_(THREAD_STATUSES))
             .order_by(Comment.id).limit(limit + 1))
    if after is not None:
        last_id = whole_number(after[0], minimum=0)
        if last_id is None:
            raise ValidationError({"cursor": "This cursor is not one this API gave out."})
        query = query.where(Comment.id > last_id)
    comments = list(session.scalars(query))
    page, more = comments[:limit], len(comments) > limit
    badges = staff_badges(session, post, page)
    return jsonify({"comments": [comment_shape(comment, badges) for comment in page],
                    "next_cursor": encode_cursor(page[-1].id) if more else None})


@bp.get("/counts")
def counts():
    """Published responses for many pages at once (?url=…&url=…), e.g. for a list of links."""
    urls = request.args.getlist("url")
    if not urls:
        raise ValidationError({"url": "Give one or more url parameters."})
    if len(urls) > MAX_COUNT_URLS:
        raise ValidationError({"url": f"Ask for at most {MAX_COUNT_URLS} addresses at once."})
    return jsonify({"counts": embed_threads.counts_for(get_session(), urls)})


@bp.get("/posts")
def posts():
    """Published posts, newest first (not pages, not embedded discussions)."""
    session = get_session()
    limit = _limit(20)
    after = decode_cursor(request.args.get("cursor"), 2)
    query = post_service.live_posts_query(now()).limit(limit + 1)
    if after is not None:
        try:
            published_at = datetime.fromisoformat(after[0])
            last_id = int(after[1])
        except ValueError:
            raise ValidationError({"cursor": "This cursor is not one this API gave out."}) \
                from None
        query = query.where(or_(Post.published_at < published_at,
                                and_(Post.published_at == published_at, Post.id < last_id)))
    found = list(session.scalars(query).unique())
    page, more = found[:limit], len(found) > limit
    counts = post_service.response_counts(session, [post.id for post in page])
    last = page[-1] if page else None
    return jsonify({
        "posts": [post_shape(post, counts.get(post.id, 0)) for post in page],
        "next_cursor": encode_cursor(last.published_at.isoformat(), last.id)
        if more and last is not None and last.published_at is not None else None})


@bp.get("/posts/<slug>")
def post(slug: str):
    session = get_session()
    found = post_service.get_live_post(session, slug, now())
    if found.kind != PostKind.POST:
        raise NotFound("There is no published post at this address.")
    counts = post_service.response_counts(session, [found.id])
    return jsonify({"post": {**post_shape(found, counts.get(found.id, 0)),
                             "body_html": found.body_html}})


@bp.get("/categories")
def categories():
    return jsonify({"categories": [category_shape(category) for category in
                                   category_service.all_categories(get_session())]})
