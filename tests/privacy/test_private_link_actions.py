"""Issue 9, defects 5 and 6, over HTTP: the private link's actions land on the receipt page by a
303 (so reloading it re-sends nothing), their addresses are no bare 405 when opened, and the two
actions that cannot be undone (withdraw, erase) ask once more and destroy nothing without it.
Withdrawing a comment leaves the reader's other choices as they were."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import Comment, CommentStatus
from forum.models.consent import CommentPrivacy, ConsentEventKind, PurposeKey
from forum.privacy import consent
from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of


def _comment(db_session, post) -> Comment:
    db_session.expire_all()
    return db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()


def _lands_on_a_page_that_reloads(client, response, path) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert location.split("?")[0].split("#")[0] == path
    first = client.get(location)
    second = client.get(location)  # what a reload does: a GET, no form sent again
    assert first.status_code == second.status_code == 200
    return first.get_data(as_text=True)


def test_every_private_link_action_answers_with_a_303_to_the_receipt(client, factory,
                                                                     db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="First words"))
    page = _lands_on_a_page_that_reloads(
        client, client.post(path + "/edit", data={"body_md": "Better words"}), path)
    assert "it now shows as edited" in page and "Better words" in page
    page = _lands_on_a_page_that_reloads(
        client, client.post(path + "/consent", data={"purpose": "show_website",
                                                     "decision": "give",
                                                     "website": "https://ada.example.org"}),
        path)
    assert "Your choice was recorded" in page and "https://ada.example.org" in page
    page = _lands_on_a_page_that_reloads(
        client, client.post(path + "/withdraw", data={"confirm": "yes"}), path)
    assert "Your comment was withdrawn" in page
    page = _lands_on_a_page_that_reloads(
        client, client.post(path + "/erase", data={"bodies": "keep", "confirm": "yes"}), path)
    assert "Your data was erased" in page
    assert _comment(db_session, post).author_name == "Anonymous"


def test_a_refused_edit_keeps_what_was_typed_with_a_4xx(client, factory):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post))
    response = client.post(path + "/edit", data={"body_md": "   "})
    assert response.status_code == 400 and "Please write something" in \
        response.get_data(as_text=True)


def test_opening_the_action_addresses_is_never_a_bare_405(client, factory):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post))
    for action in ("/edit", "/consent"):
        response = client.get(path + action)
        assert response.status_code in (302, 303), (action, response.status_code)
        assert response.headers["Location"].split("#")[0] == path
        assert client.get(response.headers["Location"]).status_code == 200
    for action in ("/withdraw", "/erase"):  # their confirmation pages
        page = client.get(path + action)
        assert page.status_code == 200 and "This cannot be undone" in page.get_data(as_text=True)


def test_withdrawing_asks_once_more_and_a_post_without_it_destroys_nothing(client, factory,
                                                                           db_session):
    post = factory.post(title="On rents")
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="Still **here**"))
    receipt = client.get(path).get_data(as_text=True)
    assert f'action="{path}/withdraw"' in receipt and 'method="get"' in receipt

    response = client.post(path + "/withdraw")  # no confirmation field
    assert response.status_code == 303 and response.headers["Location"] == path + "/withdraw"
    assert _comment(db_session, post).status == CommentStatus.APPROVED
    page = client.get(path + "/withdraw").get_data(as_text=True)
    assert "Withdraw your comment?" in page and "<strong>here</strong>" in page
    assert "The text of your comment is deleted" in page and "This cannot be undone" in page
    assert '<button type="submit" class="danger">Withdraw my comment</button>' in page
    assert 'name="confirm" value="yes"' in page
    assert f'href="{path}#take-it-back">Cancel' in page
    assert _comment(db_session, post).body_md == "Still **here**"

    client.post(path + "/withdraw", data={"confirm": "yes"})
    assert _comment(db_session, post).status == CommentStatus.WITHDRAWN
    again = client.post(path + "/withdraw", data={"confirm": "yes"})  # a second tab
    assert again.status_code == 303 and "done=withdrawn" in again.headers["Location"]


def test_erasing_asks_once_more_keeps_the_choice_and_destroys_nothing_without_it(
        client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_name="Zelda Q", body_md="Delete me"))
    response = client.post(path + "/erase", data={"bodies": "delete"})
    assert response.status_code == 303
    assert response.headers["Location"] == path + "/erase?bodies=delete"
    comment = _comment(db_session, post)
    assert comment.body_md == "Delete me" and comment.author_name == "Zelda Q"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="delete" checked' in page and "The text of the comment, if" in page
    assert '<button type="submit" class="danger">Erase my data</button>' in page
    assert client.get(path + "/erase?bodies=neither").get_data(as_text=True).count(
        "Choose whether the text is deleted") == 1
    client.post(path + "/erase", data={"bodies": "delete", "confirm": "yes"})
    comment = _comment(db_session, post)
    assert comment.body_md == "" and comment.author_name == "Anonymous"


def test_withdrawing_the_comment_keeps_remember_me_and_reply_emails(client, factory,
                                                                    db_session, inbox):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(
        client, post, author_email="ada@example.org", author_website="https://ada.example.org",
        consent_remember_me="on", consent_reply_notifications="on", consent_show_website="on"))
    confirm = [link for link in links_in(body_of(inbox.to("ada@example.org")[-1]))
               if "/confirm/" in link][0]
    client.post(confirm)
    comment = _comment(db_session, post)
    subject = db_session.get(CommentPrivacy, comment.id).subject_ref
    assert consent.is_active(db_session, subject, PurposeKey.REPLY_NOTIFICATIONS)

    response = client.post(path + "/withdraw", data={"confirm": "yes"})
    assert "forum_commenter=;" not in response.headers.get("Set-Cookie", "")
    db_session.expire_all()
    state = consent.current_state(db_session, subject)
    assert state[PurposeKey.REMEMBER_ME].active
    assert state[PurposeKey.REPLY_NOTIFICATIONS].active
    assert state[PurposeKey.SHOW_WEBSITE].event == ConsentEventKind.WITHDRAWN  # went with it
    assert _comment(db_session, post).author_email == "ada@example.org"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    ledger = page.split("Record of your choices")[1]
    assert "remember me withdrawn" not in ledger
    assert "reply notifications withdrawn" not in ledger
    assert "show website withdrawn" in ledger
    # Each stays "Given", and can still be withdrawn from here, one by one.
    for purpose in ("remember_me", "reply_notifications"):
        item = page.split(f'id="consent-{purpose}"')[1].split("</li>")[0]
        assert "Given." in item and 'value="withdraw"' in item
    client.post(path + "/consent", data={"purpose": "reply_notifications",
                                         "decision": "withdraw"})
    db_session.expire_all()
    assert not consent.is_active(db_session, subject, PurposeKey.REPLY_NOTIFICATIONS)
    assert _comment(db_session, post).author_email is None
