"""The sites allowed to embed discussions: the operator's list (admin panel), and the question
every cross-origin request asks of it. Never commits."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.audit import record as audit_record
from forum.core.errors import NotFound, ValidationError
from forum.core.validators import single_line, whole_number
from forum.embed.addresses import canonical_origin
from forum.models import EmbedSite, EmbedThread, User

MAX_THREADS_PER_HOUR = 1000


def all_sites(session: Session) -> list[EmbedSite]:
    return list(session.scalars(select(EmbedSite).order_by(EmbedSite.origin)))


def thread_counts(session: Session) -> dict[int, int]:
    rows = session.execute(select(EmbedThread.site_id, func.count())
                           .where(EmbedThread.site_id.is_not(None))
                           .group_by(EmbedThread.site_id))
    return {site_id: count for site_id, count in rows}


def site_for_origin(session: Session, origin: str | None) -> EmbedSite | None:
    """The registered site a browser's Origin header names, or None (never an error: an
    unknown origin is simply not served)."""
    if not origin:
        return None
    try:
        canonical = canonical_origin(origin)
    except ValidationError:
        return None
    return session.scalar(select(EmbedSite).where(EmbedSite.origin == canonical))


def add_site(session: Session, actor: User | None, origin: str, label: str,
             keep_query: bool, threads_per_hour: str) -> EmbedSite:
    errors: dict[str, str] = {}
    canonical = ""
    try:
        canonical = canonical_origin(origin)
    except ValidationError as error:
        errors.update(error.errors)
    name = single_line(label)
    if len(name) > 120:
        errors["label"] = "Keep the name under 120 characters."
    limit = whole_number(threads_per_hour.strip() or "30", minimum=1,
                         maximum=MAX_THREADS_PER_HOUR)
    if limit is None:
        errors["threads_per_hour"] = (f"Give a whole number from 1 to {MAX_THREADS_PER_HOUR}: "
                                      "the most new discussions this site may start in an hour.")
    if canonical and session.scalar(select(EmbedSite.id).where(EmbedSite.origin == canonical)):
        errors["origin"] = f"{canonical} is already registered."
    if errors:
        raise ValidationError(errors)
    assert limit is not None
    site = EmbedSite(origin=canonical, label=name, keep_query=keep_query,
                     threads_per_hour=limit)
    session.add(site)
    session.flush()
    audit_record(session, actor, "embed_site.add", target_type="embed_site",
                 target_id=site.id, details={"origin": canonical})
    return site


def remove_site(session: Session, actor: User | None, site_id: int) -> EmbedSite:
    """The site may no longer embed; its discussions stay (on Forum, by their no-script page)."""
    site = session.get(EmbedSite, site_id)
    if site is None:
        raise NotFound("There is no such registered site (it may have been removed already).")
    audit_record(session, actor, "embed_site.remove", target_type="embed_site",
                 target_id=site.id, details={"origin": site.origin})
    session.delete(site)
    session.flush()
    return site
