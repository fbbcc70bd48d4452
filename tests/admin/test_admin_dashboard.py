"""The dashboard and the audit log page."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from forum import audit
from forum.models import CommentReport, CommentStatus, PostStatus, ReportReason


def text_of(page: str) -> str:
    """The page as a reader hears it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_dashboard_counts_pending_comments_for_moderators(client, factory, login):
    login("moderator")
    post = factory.post()
    for _ in range(3):
        factory.comment(post, status=CommentStatus.PENDING)
    factory.comment(post)
    factory.session.commit()
    reported = factory.comment(post)
    factory.session.add(CommentReport(comment_id=reported.id, reason=ReportReason.SPAM))
    factory.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert "3 comments await moderation" in text_of(page)
    assert "1 reported comment to review" in text_of(page)
    assert "Recent activity" not in page  # the audit log is for administrators


def test_author_dashboard_counts_own_posts_only(client, factory, login):
    author = login("author")
    factory.post(author=author)
    factory.post(author=author, status=PostStatus.DRAFT)
    factory.post()  # someone else's
    factory.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert "<strong>1</strong> draft, <strong>0</strong> scheduled, <strong>1</strong> " \
           "published" in page
    assert "await moderation" not in page


def test_admin_dashboard_shows_recent_activity(client, factory, login):
    admin = login("admin")
    audit.record(factory.session, None, "comment.remove", target_type="comment", target_id=9)
    audit.record(factory.session, None, "sign_in.failed", actor_label="anonymous visitor",
                 target_type="user", target_id=admin.id)
    factory.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Recent activity" in page and 'data-action="comment.remove"' in page
    assert "The system removed comment #9 (since deleted)." in text_of(page)
    assert f"A sign-in to the account of {admin.display_name} failed" in text_of(page)
    # The admin's own sign-in a moment ago is routine: in the audit log, not on the dashboard.
    assert 'data-action="sign_in"' not in page
    log = client.get("/admin/audit").get_data(as_text=True)
    assert f"{admin.display_name} signed in." in text_of(log)


def _entry(session, action, at, actor=None):
    entry = audit.record(session, actor, action, target_type="post", target_id=1)
    entry.at = at
    return entry


def test_audit_log_filters_by_action_actor_and_dates(client, factory, login):
    admin = login("admin")
    editor = factory.user(role="editor", display_name="Edith")
    session = factory.session
    _entry(session, "post.publish", datetime(2024, 3, 1, 12, tzinfo=UTC), editor)
    _entry(session, "post.delete", datetime(2024, 3, 5, 12, tzinfo=UTC), editor)
    _entry(session, "category.create", datetime(2024, 3, 9, 12, tzinfo=UTC), admin)
    session.commit()

    def actions(query: str) -> list[str]:
        response = client.get("/admin/audit" + query)
        assert response.status_code == 200
        return [action for action in ("post.publish", "post.delete", "category.create")
                if f'data-action="{action}"' in response.get_data(as_text=True)]

    assert actions("?action=post.delete") == ["post.delete"]
    assert actions("?action=post.") == ["post.publish", "post.delete"]
    assert actions(f"?actor={editor.id}") == ["post.publish", "post.delete"]
    assert actions("?from=2024-03-05&to=2024-03-09") == ["post.delete", "category.create"]
    assert actions("?from=2024-03-02&to=2024-03-04") == []


def test_audit_log_explains_bad_filters(client, login):
    login("admin")
    response = client.get("/admin/audit?from=yesterday&to=2024-01-01&actor=me")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give the date as YYYY-MM-DD." in page and "Choose a person from the list." in page


def test_audit_log_is_paginated(client, factory, login):
    login("admin")
    for number in range(55):
        audit.record(factory.session, None, "test.entry", target_id=number)
    factory.session.commit()
    first = client.get("/admin/audit?action=test.entry").get_data(as_text=True)
    assert "55 entries." in first and "Page 1 of 2" in first
    assert 'href="/admin/audit?action=test.entry&amp;page=2"' in first
    second = client.get("/admin/audit?action=test.entry&page=2").get_data(as_text=True)
    assert second.count('data-action="test.entry"') == 5


def test_audit_log_offers_no_way_to_change_entries(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)


def test_the_dashboard_leads_with_what_needs_someone_and_links_where_it_is_handled(
        client, factory, login):
    from datetime import timedelta

    from forum.db import utcnow
    from forum.models import DataRequest, DataRequestKind, DataRequestState
    from forum.models.consent import ConsentMethod

    login("admin")
    post = factory.post()
    factory.comment(post, status=CommentStatus.PENDING)
    factory.session.add(DataRequest(kind=DataRequestKind.ACCESS_LINK,
                                    state=DataRequestState.PENDING,
                                    method=ConsentMethod.EMAIL_LINK,
                                    expires_at=utcnow() + timedelta(hours=2)))
    factory.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    tiles = re.findall(r'<li class="(needs-you[^"]*|clear)">\s*<a href="([^"]+)">\s*'
                       r'<span class="figure">'
                       r'(\d+)</span>\s*<span class="what">([^<]+)</span>', page)
    assert tiles == [
        ("needs-you", "/admin/comments", "1", "comment awaits moderation"),
        ("needs-you", "/admin/privacy/requests", "1", "data request in progress"),
        ("clear", "/admin/comments?tab=reported", "0", "reported comments to review"),
        ("clear", "/admin/mail", "0", "emails waiting to be sent"),
    ]


def test_a_quiet_day_says_so(client, login):
    login("moderator")
    page = text_of(client.get("/admin/").get_data(as_text=True))
    assert "Nothing waits for you right now." in page
    assert "Outgoing mail" not in page  # not a moderator's business


def test_the_action_filter_names_actions_in_words(client, factory, login):
    login("admin")
    for action in ("post.publish", "post.delete", "wordpress.import"):
        audit.record(factory.session, None, action, target_type="post", target_id=1)
    factory.session.commit()
    page = client.get("/admin/audit?action=post.").get_data(as_text=True)
    choices = page.split('<select id="action"')[1].split("</select>")[0]
    assert '<optgroup label="Posts">' in choices
    assert '<option value="post." selected>All post actions</option>' in choices
    assert '<option value="post.publish">Post published</option>' in choices
    assert '<option value="wordpress.import">wordpress import</option>' in choices
