"""Every comment status has a place in the moderation queue, and every staff page that lists
comments still answers when a comment is in any of them (issue 9, defect 1: one reader's
withdrawal used to make /admin/ and every queue tab answer 500)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.discussion.comments import hash_ip
from forum.models import Comment, CommentReport, CommentStatus, RemovalReason, ReportReason
from forum.moderation import queue
from tests.support.comment_forms import post_comment

# What a moderator sees on a queue row or the comment's own page for each status.
MARKERS = {
    CommentStatus.PENDING: "status-pending",
    CommentStatus.APPROVED: "status-approved",
    CommentStatus.SPAM: "status-spam",
    CommentStatus.REMOVED: "status-removed",
    CommentStatus.WITHDRAWN: "status-withdrawn",
}


def test_every_comment_status_has_a_queue_tab():
    assert set(MARKERS) == set(CommentStatus)  # a new status must be added here too
    tab_values = {tab.value for tab in queue.QueueTab}
    assert {status.value for status in CommentStatus} <= tab_values
    assert "reported" in tab_values


def test_a_reader_withdrawing_their_comment_leaves_the_admin_panel_working(app, client, login,
                                                                          factory, db_session):
    """The reported steps: post, open the private link, withdraw, then the admin panel."""
    post = factory.post(title="On the register")
    factory.session.commit()
    response = post_comment(client, app, post, "I take this back later.", name="Ada Reader")
    assert response.status_code == 303
    manage = response.headers["Location"].split("?")[0].replace("http://localhost", "")
    assert "/manage/" in manage
    assert "Withdraw my comment" in client.get(manage).get_data(as_text=True)
    confirm_page = client.get(manage + "/withdraw")  # the button leads to a confirmation
    assert confirm_page.status_code == 200
    assert 'name="confirm" value="yes"' in confirm_page.get_data(as_text=True)
    assert client.post(manage + "/withdraw", data={"confirm": "yes"}).status_code == 303
    comment = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    assert comment.status == CommentStatus.WITHDRAWN

    login("moderator")
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200, dashboard.get_data(as_text=True)
    for tab in queue.QueueTab:
        page = client.get(f"/admin/comments?tab={tab.value}")
        assert page.status_code == 200, (tab, page.get_data(as_text=True)[:500])
        assert "Withdrawn <span class=\"count\">(1)</span>" in page.get_data(as_text=True)
    listed = client.get("/admin/comments?tab=withdrawn").get_data(as_text=True)
    assert f'id="queue-{comment.id}"' in listed and "status-withdrawn" in listed
    assert f'name="comment_ids" value="{comment.id}"' not in listed  # read only: no checkbox
    assert "Apply to selected" not in listed and "withdrawn by their writers" in listed


@pytest.fixture
def one_of_each(factory, db_session, app):
    """A comment in every status on one post, each with an address hash and a report, so the
    ban list, the Reported tab and the audit log all have something of every kind."""
    post = factory.post(title="Every status")
    comments = {}
    for number, status in enumerate(CommentStatus):
        comment = factory.comment(post, body_md=f"Text of the {status.value} one",
                                  author_name=f"Writer {status.value}", status=status)
        comment.ip_hash = hash_ip(f"192.0.2.{number + 1}", app.config["SECRET_KEY"])
        if status == CommentStatus.REMOVED:
            comment.removal_reason = RemovalReason.OFF_TOPIC
        if status == CommentStatus.WITHDRAWN:
            comment.body_md = comment.body_html = ""
        db_session.add(CommentReport(comment_id=comment.id, reason=ReportReason.ABUSE,
                                     details="Rude"))
        comments[status] = comment
    factory.session.commit()
    return post, comments


def test_every_staff_page_that_lists_comments_answers_for_every_status(client, login,
                                                                       one_of_each):
    post, comments = one_of_each
    login("admin")
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    for tab in queue.QueueTab:
        for filtered in ("", f"&post={post.id}"):
            page = client.get(f"/admin/comments?tab={tab.value}{filtered}")
            assert page.status_code == 200, (tab, filtered)
            html = page.get_data(as_text=True)
            for status in CommentStatus:
                assert f"{status.value.capitalize()} <span class=\"count\">(1)</span>" in html
            if tab == queue.QueueTab.REPORTED:
                assert all(f'id="queue-{c.id}"' in html for c in comments.values())
            elif tab != queue.QueueTab.REPORTED:
                shown = comments[CommentStatus(tab.value)]
                assert f'id="queue-{shown.id}"' in html and MARKERS[shown.status] in html
    for status, comment in comments.items():
        single = client.get(f"/admin/comments/{comment.id}")
        assert single.status_code == 200, status
        html = single.get_data(as_text=True)
        assert f'status-pill {MARKERS[status]}' in html
        if status == CommentStatus.WITHDRAWN:
            assert "Withdrawn by its writer" in html
            assert 'name="decision" value="approve"' not in html
            assert 'name="decision" value="spam"' not in html
        # Banning from any of them works and the ban list shows it.
        assert client.post(f"/admin/comments/{comment.id}/ban").status_code == 303
        personal = client.get(f"/admin/comments/{comment.id}/personal-data")
        assert personal.status_code == 200, status
    bans = client.get("/admin/comments/bans")
    assert bans.status_code == 200 and bans.get_data(as_text=True).count("<tr") >= len(comments)
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/admin/posts").status_code == 200
    assert client.get("/moderation").status_code == 200
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "This comment was withdrawn by its author." in thread
    assert "Text of the approved one" in thread and "Text of the spam one" not in thread
    for feed in ("/comments/feed.xml", f"/posts/{post.slug}/feed.xml", "/feed.xml"):
        answer = client.get(feed)
        assert answer.status_code == 200, feed
        assert "Text of the pending one" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("decision", ["approve", "spam", "remove"])
def test_a_forged_decision_on_a_withdrawn_comment_is_refused(client, login, factory, db_session,
                                                             decision):
    post = factory.post()
    withdrawn = factory.comment(post, body_md="", status=CommentStatus.WITHDRAWN)
    factory.session.commit()
    login("moderator")
    form = {"decision": decision, "removal_reason": "off_topic", "tab": "withdrawn"}
    response = client.post(f"/admin/comments/{withdrawn.id}/decide", data=form)
    assert response.status_code == 409
    assert "withdrawn by its writer" in response.get_data(as_text=True)
    response = client.post(f"/admin/comments/{withdrawn.id}/decide",
                           data={**form, "return": "comment"})
    assert response.status_code == 409
    assert "withdrawn by its writer" in response.get_data(as_text=True)
    response = client.post("/admin/comments/bulk", data={
        "action": decision, "removal_reason": "off_topic", "comment_ids": str(withdrawn.id),
        "tab": "withdrawn"})
    assert response.status_code == 409
    for forged in ("edit", "reply"):
        answer = client.post(f"/admin/comments/{withdrawn.id}/{forged}",
                             data={"body_md": "Put words in their mouth"})
        assert answer.status_code == 409, forged
    db_session.expire_all()
    kept = db_session.get(Comment, withdrawn.id)
    assert kept.status == CommentStatus.WITHDRAWN and kept.body_md == ""
