"""A day's moderation work on top of the demo, so every admin page has something to show: held
replies, spam, a reported comment, a withdrawn one, a removal, a ban, a published notice version,
a data request and mail that failed. Built through the services a moderator's clicks would use."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.models import (
    CheckOutcome,
    Comment,
    CommentReport,
    CommentStatus,
    Post,
    ReportReason,
    User,
)
from forum.models.consent import ConsentMethod, DataRequestKind, OutboxMessage
from forum.moderation import actions, bans, check_log
from forum.privacy import data_requests as privacy_requests
from forum.privacy import notice as privacy_notice

MAIN_POST = "memo-17-2026-universal-register"


def _comment(session: Session, post: Post, body: str, name: str, status: CommentStatus,
             now: datetime, minutes_ago: int, parent: Comment | None = None) -> Comment:
    comment = Comment(post_id=post.id, parent_id=parent.id if parent else None,
                      author_name=name, body_md=body, body_html=markup.render_comment(body),
                      status=status, created_at=now - timedelta(minutes=minutes_ago))
    session.add(comment)
    session.flush()
    return comment


def add_moderation_work(session: Session, admin: User, now: datetime) -> None:
    post = session.scalars(select(Post).where(Post.slug == MAIN_POST)).one()
    other = session.scalars(select(Post).where(Post.slug != MAIN_POST).order_by(Post.id)).first()
    first = session.scalars(select(Comment).where(Comment.post_id == post.id)
                            .order_by(Comment.id)).first()
    held = CommentStatus.PENDING
    greta = _comment(session, post, "The point about **per-query transparency** is the one I "
                     "would put first.", "Greta Lindqvist", held, now, 12, parent=first)
    check_log.note(session, greta, "first-time", CheckOutcome.HOLD,
                   "first comment from this email address", now)
    jonas = _comment(session, post, "Fourteen registers are not the problem; fourteen "
                     "*incompatible* registers are.", "Jonas Berg", held, now, 40)
    jonas.ip_hash = "0" * 64  # a keyed hash as the comment form stores it (never an address)
    check_log.note(session, jonas, "links", CheckOutcome.HOLD, "contains 3 links (limit 2)", now)
    _comment(session, post, "The tax register has a statutory purpose in its first article.",
             "Mira Okafor", held, now, 5, parent=jonas)
    spam = _comment(session, other, "Cheap watches! Visit my site for replica deals.",
                    "Best Deals", CommentStatus.SPAM, now, 90)
    check_log.note(session, spam, "words", CheckOutcome.SPAM, "matches the block list", now)
    # A reader took their comment back through its private link: a marker, read only.
    withdrawn = _comment(session, post, "", "Lena Sørensen", CommentStatus.WITHDRAWN, now, 150)
    withdrawn.edited_at = now - timedelta(minutes=30)
    angry = _comment(session, post, "You clearly never worked in a ministry.", "Angry Reader",
                     CommentStatus.APPROVED, now, 200)
    session.add(CommentReport(comment_id=angry.id, reason=ReportReason.ABUSE,
                              details="Insults another reader."))
    off_topic = _comment(session, other, "Off topic: when does the consultation close?",
                         "P. Andersson", CommentStatus.APPROVED, now, 300)
    actions.remove(session, admin, off_topic,
                   actions.Removal(actions.RemovalReason.OFF_TOPIC, "Ask in the open thread."),
                   now)
    banned = _comment(session, other, "Same text again and again.", "Repeat Poster",
                      CommentStatus.SPAM, now, 400)
    banned.ip_hash = "f" * 64
    bans.ban_address_of(session, admin, banned, now)
    privacy_notice.publish(session, admin, label="2026-1", body_md="Our notice.",
                           changed_purposes=[], now=now)
    privacy_requests.record_done(session, "seed-key", DataRequestKind.EXPORT, "ada@example.org",
                                 method=ConsentMethod.ADMIN_ON_REQUEST, now=now,
                                 outcome={"comments": 2}, handled_by=admin)
    session.add(OutboxMessage(recipient="ada@example.org", subject=f"Your comment on {post.title}",
                              body="…", created_at=now - timedelta(hours=1), attempts=1,
                              next_attempt_at=now + timedelta(minutes=2)))
    session.flush()
