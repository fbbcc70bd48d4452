from datetime import UTC, datetime

from forum.models import (
    CheckOutcome,
    CommentCheckResult,
    CommentReport,
    CommentStatus,
    RemovalReason,
    ReportReason,
    ReportStatus,
)
from forum.moderation.record import monthly_report

MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
APRIL = datetime(2026, 4, 2, 9, tzinfo=UTC)


def build_history(factory):
    post = factory.post()
    published = factory.comment(post, created_at=MARCH)
    factory.comment(post, created_at=MARCH, status=CommentStatus.SPAM)
    held = factory.comment(post, created_at=MARCH, status=CommentStatus.PENDING)
    factory.session.add(CommentCheckResult(comment_id=held.id, check="antispam.links",
                                           outcome=CheckOutcome.HOLD, reason="3 links",
                                           created_at=MARCH))
    for reason in (RemovalReason.ABUSE, RemovalReason.ABUSE, RemovalReason.SPAM):
        removed = factory.comment(post, created_at=MARCH, status=CommentStatus.REMOVED)
        removed.removal_reason, removed.removed_at = reason, APRIL
    factory.session.add_all([
        CommentReport(comment_id=published.id, reason=ReportReason.SPAM, created_at=MARCH,
                      status=ReportStatus.DISMISSED, resolved_at=APRIL),
        CommentReport(comment_id=published.id, reason=ReportReason.OTHER, created_at=APRIL,
                      status=ReportStatus.UPHELD, resolved_at=APRIL),
        CommentReport(comment_id=published.id, reason=ReportReason.OTHER, created_at=APRIL),
    ])
    factory.session.flush()
    return post


def test_each_event_is_counted_in_its_own_month(factory, db_session):
    build_history(factory)
    april, march = monthly_report(db_session)
    assert (march.year, march.month) == (2026, 3)
    assert (march.received, march.published, march.spam, march.held) == (6, 1, 1, 1)
    assert march.reports == 1 and march.removed == {}
    assert april.removed == {RemovalReason.ABUSE: 2, RemovalReason.SPAM: 1}
    assert april.removed_total == 3
    assert april.reports == 2
    assert (april.reports_dismissed, april.reports_upheld) == (1, 1)


def test_the_public_page_shows_numbers_and_no_names(client, factory):
    build_history(factory)
    factory.session.commit()
    response = client.get("/moderation")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "March 2026" in page and "April 2026" in page
    assert "abuse or harassment: 2" in page and "spam: 1" in page
    assert "A Reader" not in page and "A comment." not in page
