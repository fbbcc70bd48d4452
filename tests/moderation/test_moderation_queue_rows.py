"""The queue as a moderator works it, row by row (as in WordPress's comment screen): one-click
decisions on each row, removal with a reason, select-all without JavaScript, the comment being
answered, and every action landing back on the same tab, filter and page with a sentence."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.models import AuditEntry, Comment, CommentReport, CommentStatus, ReportReason
from forum.moderation.queue import PER_PAGE


@pytest.fixture
def post(factory):
    post = factory.post(title="One register for everything: Memo 17/2026 on a universal "
                              "population register")
    factory.session.commit()
    return post


def status_of(db_session, comment: Comment) -> CommentStatus:
    db_session.expire_all()
    return db_session.get(Comment, comment.id).status


def held_comments(factory, post, count: int) -> list[Comment]:
    """`count` pending comments, newest first in the queue as `created`, 1 minute apart."""
    start = utcnow() - timedelta(hours=2)
    return [factory.comment(post, body_md=f"Held number {n}", author_name=f"Reader {n}",
                            status=CommentStatus.PENDING, created_at=start + timedelta(minutes=n))
            for n in range(count)]


def decide(client, comment: Comment, decision: str, **form):
    data = {"decision": decision, "tab": "pending", "seen": comment.status.value, **form}
    return client.post(f"/admin/comments/{comment.id}/decide", data=data)


def flashes(client, location: str) -> str:
    page = client.get(location).get_data(as_text=True)
    found = re.search(r'<div class="flash" role="status">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_each_row_has_its_own_buttons_and_form(client, login, factory, post):
    comment = factory.comment(post, status=CommentStatus.PENDING, author_name="Greta")
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments").get_data(as_text=True)
    row_form = f'id="row-{comment.id}" method="post" action="/admin/comments/{comment.id}/decide"'
    assert row_form in page
    for decision, label in (("approve", "Approve"), ("spam", "Spam")):
        assert re.search(rf'<button type="submit" form="row-{comment.id}" name="decision" '
                         rf'value="{decision}"[^>]*>{label}</button>', page)
    assert f'<select id="row-{comment.id}-reason" name="removal_reason" form="row-' \
           f'{comment.id}"' in page
    assert f'value="remove" class="danger">Remove comment #{comment.id}</button>' in page


def test_approve_from_a_row_lands_on_the_same_tab_page_and_filter_with_a_sentence(
        client, login, factory, post, db_session):
    comments = held_comments(factory, post, PER_PAGE + 2)  # two pages
    factory.session.commit()
    login("moderator")
    oldest = comments[0]  # the queue is newest first: the oldest is on page 2
    assert f'id="queue-{oldest.id}"' in client.get(
        f"/admin/comments?tab=pending&post={post.id}&page=2").get_data(as_text=True)
    response = decide(client, oldest, "approve", post=str(post.id), page="2")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/comments?tab=pending&post={post.id}&page=2"
    assert status_of(db_session, oldest) == CommentStatus.APPROVED
    assert (f"Comment #{oldest.id} by Reader 0 is approved and published."
            in flashes(client, response.headers["Location"]))
    entry = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.target_id) == ("comment.approve", str(oldest.id))


def test_an_action_that_empties_the_last_page_lands_on_the_page_before(client, login, factory,
                                                                       post):
    comments = held_comments(factory, post, PER_PAGE + 1)
    factory.session.commit()
    login("moderator")
    response = decide(client, comments[0], "spam", page="2")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/comments?tab=pending"
    assert "is marked as spam and hidden." in flashes(client, response.headers["Location"])


def test_remove_from_a_row_needs_a_reason_and_keeps_what_was_typed(client, login, factory,
                                                                   post, db_session):
    comment = factory.comment(post, body_md="Rude words", author_name="Rude Reader")
    factory.session.commit()
    login("moderator")
    response = decide(client, comment, "remove", tab="approved",
                      removal_statement="Name-calling <of> another reader.")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Comment #{comment.id} was not changed: Choose the reason for the removal" in page
    assert re.search(r'<details class="row-remove" open>\s*<summary[^>]*>Remove…</summary>'
                     rf'.*?id="row-{comment.id}-reason"[^>]*aria-invalid="true"', page, re.S)
    assert "Name-calling &lt;of&gt; another reader.</textarea>" in page
    assert 'aria-current="page">Approved' in page  # still the tab it was sent from
    assert status_of(db_session, comment) == CommentStatus.APPROVED

    response = decide(client, comment, "remove", tab="approved", removal_reason="abuse",
                      removal_statement="Name-calling of another reader.")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/comments?tab=approved"
    assert (f"Comment #{comment.id} by Rude Reader is removed (reason: abuse or harassment); "
            "the thread shows a marker." in flashes(client, response.headers["Location"]))
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "Name-calling of another reader." in thread and "Rude words" not in thread


def test_a_row_changed_by_someone_else_meanwhile_is_not_overwritten(client, login, factory,
                                                                    post, db_session):
    comment = factory.comment(post, status=CommentStatus.SPAM)
    factory.session.commit()
    login("moderator")
    response = decide(client, comment, "approve", seen="pending")
    assert response.status_code == 409
    assert (f"Comment #{comment.id} was skipped: it is now spam (someone changed it meanwhile)."
            in response.get_data(as_text=True))
    assert status_of(db_session, comment) == CommentStatus.SPAM


def test_bad_row_input_is_a_clear_error_never_a_500(client, login, factory, post):
    comment = factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    login("moderator")
    unknown = decide(client, comment, "delete")
    assert unknown.status_code == 400
    assert "approve, mark as spam or remove" in unknown.get_data(as_text=True)
    assert decide(client, comment, "approve", page="two").status_code == 400
    assert decide(client, comment, "approve", tab="nonsense").status_code == 404
    assert client.post("/admin/comments/999999/decide",
                       data={"decision": "approve"}).status_code == 404


def test_the_reported_tab_offers_dismiss_and_says_what_happened(client, login, factory, post,
                                                               db_session):
    comment = factory.comment(post, author_name="Angry Reader")
    factory.session.add(CommentReport(comment_id=comment.id, reason=ReportReason.ABUSE))
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments?tab=reported").get_data(as_text=True)
    assert re.search(rf'form="row-{comment.id}" name="decision" value="approve"[^>]*>'
                     r'Dismiss reports</button>', page)
    response = decide(client, comment, "approve", tab="reported", seen="approved")
    assert response.status_code == 303
    assert (f"The reports on comment #{comment.id} by Angry Reader are dismissed; it stays "
            "published." in flashes(client, response.headers["Location"]))
    assert status_of(db_session, comment) == CommentStatus.APPROVED


def test_deciding_on_the_comments_own_page_returns_there(client, login, factory, post,
                                                        db_session):
    comment = factory.comment(post, status=CommentStatus.PENDING, author_name="Greta")
    factory.session.commit()
    login("moderator")
    page = client.get(f"/admin/comments/{comment.id}").get_data(as_text=True)
    assert f'action="/admin/comments/{comment.id}/decide"' in page
    response = decide(client, comment, "approve", **{"return": "comment"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/comments/{comment.id}"
    assert f"Comment #{comment.id} by Greta is approved" in flashes(
        client, response.headers["Location"])
    missing = decide(client, factory.comment(post), "remove", **{"return": "comment"})
    assert missing.status_code == 400 and "Choose the reason" in missing.get_data(as_text=True)


def test_bulk_actions_land_on_the_same_page_and_filter(client, login, factory, post):
    comments = held_comments(factory, post, PER_PAGE + 3)
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending", "post": str(post.id), "page": "2",
        "comment_ids": [str(comments[0].id)], f"seen-{comments[0].id}": "pending"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/comments?tab=pending&post={post.id}&page=2"
    assert "1 comment approved." in flashes(client, response.headers["Location"])


def test_select_all_works_without_javascript(client, login, factory, post):
    comments = held_comments(factory, post, 3)
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments").get_data(as_text=True)
    assert '<a class="select-all" href="/admin/comments?select=all&amp;tab=pending">' in page
    assert " checked" not in page.split("<tbody>")[1]
    ticked = client.get("/admin/comments?tab=pending&select=all").get_data(as_text=True)
    for comment in comments:
        assert f'value="{comment.id}" id="select-{comment.id}" checked' in ticked
    assert "Clear the selection" in ticked
    bad = client.get("/admin/comments?select=everything")
    assert bad.status_code == 400 and "“select” can only be “all”" in bad.get_data(as_text=True)


def test_a_reply_shows_the_comment_it_answers(client, login, factory, post):
    parent = factory.comment(post, author_name="Arvid Kessling",
                             body_md="I volunteer as a **benefits appeals adviser**, so I see "
                                     "the cost of the current mess every week and more.")
    reply = factory.comment(post, parent=parent, author_name="Greta",
                            body_md="Per-query transparency first.", status=CommentStatus.PENDING)
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments").get_data(as_text=True)
    row = page.split(f'id="queue-{reply.id}"')[1].split("</tr>")[0]
    assert (f'In reply to <a href="/admin/comments/{parent.id}">Arvid Kessling</a>: <q>I '
            "volunteer as a benefits appeals adviser, so I see the cost of the current mess "
            "every…</q>") in row
    assert "**" not in row


def test_the_current_tab_is_marked_and_long_post_titles_are_shortened(client, login, factory,
                                                                     post):
    factory.comment(post, status=CommentStatus.SPAM)
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments?tab=spam").get_data(as_text=True)
    assert re.findall(r'aria-current="page">(\w+)', page.split('class="queue-tabs"')[1]
                      .split("</nav>")[0]) == ["Spam"]
    cell = page.split('<td class="col-post">')[1].split("</td>")[0]
    assert f'title="{post.title}">One register for everything: Memo 17/2026 on a…</a>' in cell


def test_a_withdrawn_comment_is_shown_read_only_on_its_page(client, login, factory, post):
    comment = factory.comment(post, body_md="Taken back", status=CommentStatus.WITHDRAWN)
    factory.session.commit()
    login("moderator")
    page = client.get(f"/admin/comments/{comment.id}").get_data(as_text=True)
    assert "Withdrawn by its writer" in page and "cannot be approved, removed" in page
    assert "/decide" not in page and f"/admin/comments/{comment.id}/edit" not in page
    assert f"/admin/comments/{comment.id}/reply" not in page
