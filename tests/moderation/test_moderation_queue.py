"""The moderation queue in the admin panel, as a moderator uses it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.discussion.comments import hash_ip
from forum.models import AuditEntry, BannedAddress, Comment, CommentStatus, RemovalReason
from tests.support.comment_forms import post_comment


@pytest.fixture
def post(factory):
    post = factory.post(title="On the register")
    factory.session.commit()
    return post


def actions_logged(db_session) -> list[tuple[str, str]]:
    return [(entry.action, entry.target_id) for entry in
            db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def status_of(db_session, comment: Comment) -> CommentStatus:
    db_session.expire_all()
    return db_session.get(Comment, comment.id).status


def test_anonymous_visitors_are_sent_to_sign_in_and_authors_refused(client, login):
    response = client.get("/admin/comments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login("author")
    assert client.get("/admin/comments").status_code == 403


@pytest.mark.parametrize("role", ["moderator", "editor", "admin"])
def test_moderating_roles_see_the_queue(client, login, role):
    login(role)
    response = client.get("/admin/comments")
    assert response.status_code == 200
    assert "Pending" in response.get_data(as_text=True)


def test_tabs_show_their_counts_and_the_post_filter_narrows_them(client, login, factory, post):
    other = factory.post(title="Another post")
    factory.comment(post, body_md="Held one", status=CommentStatus.PENDING)
    factory.comment(other, body_md="Held two", status=CommentStatus.PENDING)
    factory.comment(post, body_md="Published", status=CommentStatus.APPROVED)
    factory.comment(post, body_md="Junk", status=CommentStatus.SPAM)
    factory.session.commit()
    login("moderator")
    page = client.get("/admin/comments").get_data(as_text=True)
    assert "Pending <span class=\"count\">(2)</span>" in page
    assert "Approved <span class=\"count\">(1)</span>" in page
    assert "Spam <span class=\"count\">(1)</span>" in page
    assert "Held one" in page and "Held two" in page and "Published" not in page
    filtered = client.get(f"/admin/comments?tab=pending&post={post.id}").get_data(as_text=True)
    assert "Held one" in filtered and "Held two" not in filtered
    assert "Pending <span class=\"count\">(1)</span>" in filtered
    assert "Junk" in client.get("/admin/comments?tab=spam").get_data(as_text=True)
    assert client.get("/admin/comments?tab=nonsense").status_code == 404


def test_the_queue_shows_why_a_comment_was_held_but_never_email_or_address(client, app, login,
                                                                          post, db_session):
    post_comment(client, app, post, "Held for a reason.", email="private@example.org",
                 seconds_ago=0)
    comment = db_session.scalars(select(Comment)).one()
    login("moderator")
    page = client.get("/admin/comments").get_data(as_text=True)
    assert "Held for a reason." in page
    assert "submitted too quickly" in page and "first comment from this email address" in page
    assert "private@example.org" not in page and comment.ip_hash not in page
    detail = client.get(f"/admin/comments/{comment.id}").get_data(as_text=True)
    assert "submitted too quickly" in detail
    assert "private@example.org" not in detail and comment.ip_hash not in detail


def test_bulk_approve_publishes_and_is_audited(client, login, factory, post, db_session):
    held = [factory.comment(post, body_md=f"Held {n}", status=CommentStatus.PENDING)
            for n in range(2)]
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending", "comment_ids": [str(c.id) for c in held],
        **{f"seen-{c.id}": "pending" for c in held}})
    assert response.status_code == 303
    assert "2 comments approved." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert all(status_of(db_session, c) == CommentStatus.APPROVED for c in held)
    assert [("comment.approve", str(c.id)) for c in held] == actions_logged(db_session)[-2:]
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "Held 0" in thread and "2 Responses" in thread


def test_bulk_spam_hides_comments(client, login, factory, post, db_session):
    comment = factory.comment(post, body_md="Buy now")
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "spam", "tab": "approved", "comment_ids": str(comment.id),
        f"seen-{comment.id}": "approved"})
    assert response.status_code == 303
    assert status_of(db_session, comment) == CommentStatus.SPAM
    assert ("comment.spam", str(comment.id)) in actions_logged(db_session)
    assert "Buy now" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_removal_needs_a_reason_and_the_selection_is_kept(client, login, factory, post,
                                                         db_session):
    comment = factory.comment(post, body_md="Rude words")
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "remove", "tab": "approved", "comment_ids": str(comment.id),
        "removal_statement": "Name-calling."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose the reason for the removal" in page
    assert f'value="{comment.id}" id="select-{comment.id}" checked' in page
    assert "Name-calling.</textarea>" in page
    assert status_of(db_session, comment) == CommentStatus.APPROVED


def test_a_removed_comment_leaves_a_marker_with_the_reason_and_replies_keep_context(
        client, login, factory, post, db_session):
    parent = factory.comment(post, body_md="Rude words", author_name="Rude Reader")
    factory.comment(post, parent=parent, body_md="A calm reply", author_name="Calm Reader")
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "remove", "tab": "approved", "comment_ids": str(parent.id),
        "removal_reason": "abuse", "removal_statement": "Name-calling of another reader."})
    assert response.status_code == 303
    db_session.expire_all()
    removed = db_session.get(Comment, parent.id)
    assert removed.status == CommentStatus.REMOVED
    assert removed.removal_reason == RemovalReason.ABUSE
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "comment.remove")).one()
    assert entry.reason == "abuse" and entry.target_id == str(parent.id)
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert ("Removed by a moderator — reason: abuse or harassment. "
            "Name-calling of another reader.") in thread
    assert "Rude words" not in thread and "A calm reply" in thread
    assert "1 Response " in thread  # the removed one is not counted


def test_nothing_selected_is_a_clear_400(client, login):
    login("moderator")
    response = client.post("/admin/comments/bulk", data={"action": "approve", "tab": "pending"})
    assert response.status_code == 400
    assert "Nothing was selected" in response.get_data(as_text=True)


def test_an_unknown_action_or_a_malformed_id_is_refused(client, login, factory, post):
    comment = factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "delete", "tab": "pending", "comment_ids": str(comment.id)})
    assert response.status_code == 400
    assert "approve, mark as spam or remove" in response.get_data(as_text=True)
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending", "comment_ids": "12abc"})
    assert response.status_code == 400
    assert "is not a comment number" in response.get_data(as_text=True)


def test_unknown_ids_are_named_and_the_rest_applied(client, login, factory, post, db_session):
    comment = factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending", "comment_ids": [str(comment.id), "999999"]},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "1 comment approved." in page
    assert "Comment #999999 does not exist (any more)." in page
    assert status_of(db_session, comment) == CommentStatus.APPROVED


def test_a_stale_form_skips_comments_changed_meanwhile(client, login, factory, post, db_session):
    changed = factory.comment(post, body_md="Changed meanwhile", status=CommentStatus.SPAM)
    untouched = factory.comment(post, body_md="Still held", status=CommentStatus.PENDING)
    factory.session.commit()
    login("moderator")
    # Both were pending when the page was drawn; someone marked one as spam since.
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending", "comment_ids": [str(changed.id)],
        f"seen-{changed.id}": "pending"})
    assert response.status_code == 409
    assert (f"Comment #{changed.id} was skipped: it is now spam (someone changed it meanwhile)."
            in response.get_data(as_text=True))
    assert status_of(db_session, changed) == CommentStatus.SPAM
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "pending",
        "comment_ids": [str(changed.id), str(untouched.id)],
        f"seen-{changed.id}": "pending", f"seen-{untouched.id}": "pending"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "1 comment approved." in page and f"Comment #{changed.id} was skipped" in page
    assert status_of(db_session, untouched) == CommentStatus.APPROVED
    assert status_of(db_session, changed) == CommentStatus.SPAM


def test_a_moderator_edit_is_recorded_and_shown_in_the_thread(client, login, factory, post,
                                                              db_session):
    comment = factory.comment(post, body_md="My phone is 0123 456 789, call me")
    factory.session.commit()
    login("moderator")
    response = client.post(f"/admin/comments/{comment.id}/edit",
                           data={"body_md": "My phone is [removed], call me"})
    assert response.status_code == 303
    db_session.expire_all()
    edited = db_session.get(Comment, comment.id)
    assert edited.edited_by_moderator and edited.edited_at is not None
    assert ("comment.edit", str(comment.id)) in actions_logged(db_session)
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "(edited by a moderator)" in thread and "0123 456 789" not in thread
    empty = client.post(f"/admin/comments/{comment.id}/edit", data={"body_md": "  "})
    assert empty.status_code == 400
    assert "cannot be empty" in empty.get_data(as_text=True)


def test_a_reply_from_the_queue_approves_a_held_comment_and_speaks_as_staff(
        client, login, factory, post, db_session):
    held = factory.comment(post, body_md="A fair question?", status=CommentStatus.PENDING)
    factory.session.commit()
    user = login("moderator", display_name="Mo Derator")
    response = client.post(f"/admin/comments/{held.id}/reply",
                           data={"body_md": "A fair answer."})
    assert response.status_code == 303
    db_session.expire_all()
    reply = db_session.scalars(select(Comment).where(Comment.parent_id == held.id)).one()
    assert reply.user_id == user.id and reply.status == CommentStatus.APPROVED
    assert status_of(db_session, held) == CommentStatus.APPROVED
    logged = actions_logged(db_session)
    assert ("comment.approve", str(held.id)) in logged
    assert ("comment.reply", str(reply.id)) in logged
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "A fair answer." in thread and "Mo Derator" in thread


def test_replying_to_spam_is_refused_and_an_empty_reply_explained(client, login, factory, post):
    spam = factory.comment(post, status=CommentStatus.SPAM)
    fine = factory.comment(post)
    factory.session.commit()
    login("moderator")
    response = client.post(f"/admin/comments/{spam.id}/reply", data={"body_md": "Hi"})
    assert response.status_code == 409
    assert "approve it before replying" in response.get_data(as_text=True)
    response = client.post(f"/admin/comments/{fine.id}/reply", data={"body_md": ""})
    assert response.status_code == 400
    assert "Please write the reply" in response.get_data(as_text=True)


def test_banning_a_commenters_address_without_seeing_it(client, app, login, factory, post,
                                                       db_session):
    comment = factory.comment(post, body_md="Troll post")
    comment.ip_hash = hash_ip("127.0.0.1", app.config["SECRET_KEY"])
    settings.update(factory.session, None, {"antispam_hold_first_time": False})
    factory.session.commit()
    login("moderator")
    response = client.post(f"/admin/comments/{comment.id}/ban")
    assert response.status_code == 303
    assert db_session.scalars(select(BannedAddress)).one().ip_hash == comment.ip_hash
    assert ("commenter.ban" in [action for action, _ in actions_logged(db_session)])
    again = client.post(f"/admin/comments/{comment.id}/ban")
    assert again.status_code == 409 and "already banned" in again.get_data(as_text=True)
    # From a browser not signed in (signed-in staff answer as themselves, unchecked).
    post_comment(app.test_client(), app, post, "Back under another name.", name="Someone Else")
    db_session.expire_all()
    newest = db_session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert newest.status == CommentStatus.SPAM
    bans_page = client.get("/admin/comments/bans").get_data(as_text=True)
    assert comment.ip_hash not in bans_page and "Lift the ban" in bans_page
    ban = db_session.scalars(select(BannedAddress)).one()
    assert client.post(f"/admin/comments/bans/{ban.id}/lift").status_code == 303
    db_session.expire_all()
    assert db_session.scalars(select(BannedAddress)).all() == []
    assert "commenter.unban" in [action for action, _ in actions_logged(db_session)]


def test_a_comment_without_an_address_cannot_be_banned(client, login, factory, post):
    comment = factory.comment(post)
    factory.session.commit()
    login("moderator")
    response = client.post(f"/admin/comments/{comment.id}/ban")
    assert response.status_code == 409
    assert "No address is on record" in response.get_data(as_text=True)
