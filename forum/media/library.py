"""The media library: upload, list, find where a medium is used, delete.

Services take the session and never commit. Files reach the store in two steps (staged now,
moved into place after the commit; forum.media.storage), so a refused upload or a rolled-back
request leaves no row and no reachable file.
"""
from __future__ import annotations

import re
import secrets
from pathlib import PurePath

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import Forbidden
from forum.core.pagination import Page, paginate
from forum.core.permissions import can_edit_any_post
from forum.core.validators import single_line, without_unstorable
from forum.db import after_commit, utcnow
from forum.media.processing import RESPONSIVE_WIDTHS, Limits, megabytes, process
from forum.media.storage import LocalStore
from forum.models import MediaKind, Medium, Post, User

TITLE_MAX_LENGTH = 300
REFERENCE = re.compile(r"\(media:(\d+)(?:\s+\"[^\"]*\")?\)")


def limits() -> Limits:
    config = current_app.config
    return Limits(max_bytes=config["MEDIA_MAX_BYTES"], max_pixels=config["MEDIA_MAX_PIXELS"],
                  max_pdf_pages=config["MEDIA_MAX_PDF_PAGES"])


def file_names(medium: Medium) -> list[str]:
    """Every file the store holds for `medium`."""
    names = [f"{medium.token}.{medium.extension}"]
    if medium.is_image and medium.extension not in ("webp", "gif") and \
            (medium.width or 0) <= RESPONSIVE_WIDTHS[-1]:
        names.append(f"{medium.token}.webp")
    for width in medium.widths:
        names.append(f"{medium.token}-{width}.{medium.extension}")
        if medium.extension != "webp":
            names.append(f"{medium.token}-{width}.webp")
    return names


def _title_from(filename: str) -> str:
    # The name is the browser's: control characters and lone surrogates never reach a column.
    stem = PurePath(without_unstorable(single_line(filename or "")).replace("\\", "/")).stem
    return stem.strip()[:TITLE_MAX_LENGTH] or "Untitled"


def upload(session: Session, store: LocalStore, uploader: User, filename: str,
           data: bytes) -> Medium:
    """Check, clean and keep one file. Raises ValidationError (status 400 or 413)."""
    processed = process(data, limits())
    token = secrets.token_hex(16)
    names = {f"{token}{suffix}.{extension}": content
             for (suffix, extension), content in processed.files.items()}
    note = ("Removed before storing: " + ", ".join(processed.removed) + "."
            if processed.removed else "No personal metadata found.")
    medium = Medium(token=token, kind=MediaKind.IMAGE if processed.is_image else
                    MediaKind.DOCUMENT, content_type=processed.content_type,
                    extension=processed.extension, title=_title_from(filename),
                    size_bytes=len(processed.files[("", processed.extension)]),
                    width=processed.width, height=processed.height,
                    page_count=processed.page_count,
                    variant_widths=",".join(str(width) for width in processed.widths),
                    privacy_note=note[:500], uploader_id=uploader.id, created_at=utcnow())
    session.add(medium)
    session.flush()
    store.sweep_incoming()
    store.stage(names)
    after_commit(lambda: store.publish(names), session)
    audit.record(session, uploader, "media.upload", target_type="medium", target_id=medium.id,
                 details={"type": medium.content_type, "bytes": medium.size_bytes})
    return medium


def library_page(session: Session, number: int, per_page: int = 24) -> Page[Medium]:
    query = select(Medium).order_by(Medium.created_at.desc(), Medium.id.desc())
    return paginate(session, query, number, per_page)


def recent(session: Session, limit: int = 12) -> list[Medium]:
    return list(session.scalars(select(Medium).order_by(Medium.id.desc()).limit(limit)))


def posts_using(session: Session, medium: Medium) -> list[Post]:
    """Posts and pages whose text refers to `medium` or that show it as featured image."""
    candidates = session.scalars(select(Post).where(or_(
        Post.body_md.contains(f"media:{medium.id}"), Post.featured_media_id == medium.id))
        .order_by(Post.title))
    return [post for post in candidates if post.featured_media_id == medium.id
            or str(medium.id) in REFERENCE.findall(post.body_md)]


def may_delete(user: User, medium: Medium) -> bool:
    return can_edit_any_post(user) or medium.uploader_id == user.id


def delete(session: Session, store: LocalStore, actor: User, medium: Medium) -> None:
    if not may_delete(actor, medium):
        raise Forbidden("Authors can delete only the media they uploaded.")
    names = file_names(medium)
    audit.record(session, actor, "media.delete", target_type="medium", target_id=medium.id,
                 details={"title": medium.title})
    session.delete(medium)
    session.flush()
    after_commit(lambda: store.delete(names), session)


def describe(medium: Medium) -> str:
    """"PDF, 12 pages, 1.2 MB" / "JPEG, 1600 × 900, 240 KB"."""
    size = megabytes(medium.size_bytes)
    if medium.is_image:
        return f"{medium.extension.upper()}, {medium.width} × {medium.height}, {size}"
    pages = medium.page_count or 0
    return f"PDF, {pages} page{'s' if pages != 1 else ''}, {size}"
