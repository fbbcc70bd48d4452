"""/my-data: an emailed single-use link, export, and an erasure that leaves no trace of the
erased strings in any table or page."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.db import Base
from forum.models import AuditEntry, Comment
from forum.models.consent import DataRequest, DataRequestState
from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of

NAME, EMAIL, WEBSITE = "Zelda Quixote-Erasable", "zelda.q@example.org", "https://zq.example.org"


def _database_dump(session) -> str:
    rows = []
    for table in Base.metadata.sorted_tables:
        rows.extend(repr(tuple(row)) for row in session.execute(table.select()))
    return "\n".join(rows)


def _open_link(client, inbox, email):
    mail = inbox.to(email)[-1]
    path = [link for link in links_in(body_of(mail)) if "/my-data/access/" in link][0]
    return path


def test_the_page_answers_the_same_for_known_and_unknown_addresses(client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email=EMAIL)
    known = client.post("/my-data", data={"email": EMAIL}).get_data(as_text=True)
    unknown = client.post("/my-data", data={"email": "nobody@example.org"}).get_data(
        as_text=True)
    assert known == unknown
    assert len(inbox.with_subject("Your data")) == 1
    bad = client.post("/my-data", data={"email": "not an address"})
    assert bad.status_code == 400 and "not an address" in bad.get_data(as_text=True)


def test_link_is_single_use_and_expires(client, factory, db_session, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email=EMAIL)
    client.post("/my-data", data={"email": EMAIL})
    path = _open_link(client, inbox, EMAIL)
    assert client.get(path).status_code == 200
    page = client.post(path)
    assert page.status_code == 303
    for _reload in range(2):  # the page the link opened shows again; the link itself is spent
        shown = client.get(page.headers["Location"])
        assert shown.status_code == 200 and "A thoughtful answer." in shown.get_data(as_text=True)
    assert client.post(path).status_code == 404
    client.post("/my-data", data={"email": EMAIL})
    path = _open_link(client, inbox, EMAIL)
    request = db_session.scalars(select(DataRequest).where(
        DataRequest.state == DataRequestState.PENDING)).one()
    request.expires_at = request.expires_at - timedelta(hours=25)
    db_session.commit()
    assert client.post(path).status_code == 404


def test_export_lists_every_comment_with_a_readme(client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email=EMAIL, body_md="One")
    post_comment(client, post, author_email=EMAIL.upper(), body_md="Two")
    client.post("/my-data", data={"email": EMAIL})
    html = client.post(_open_link(client, inbox, EMAIL), follow_redirects=True).get_data(
        as_text=True)
    action = html.split('name="action" value="')[1].split('"')[0]
    export = json.loads(client.post("/my-data/export", data={"action": action}).data)
    assert [c["body_markdown"] for c in export["comments"]] == ["One", "Two"]
    assert "comments[].consent_events" in export["README"]


def test_erasure_leaves_none_of_the_erased_strings(client, factory, db_session, inbox):
    post = factory.post()
    factory.session.commit()
    first = manage_path(post_comment(
        client, post, author_name=NAME, author_email=EMAIL, author_website=WEBSITE,
        consent_show_website="on", consent_reply_notifications="on", body_md="Keep my words"))
    post_comment(client, post, author_name=NAME, author_email=EMAIL, body_md="Second words")
    parent = db_session.scalars(select(Comment).where(Comment.body_md == "Keep my words")).one()
    post_comment(client, post, author_name="Bo", body_md="A reply by Bo", parent_id=parent.id,
                 remote_addr="192.0.2.7")  # another person, another address hash
    ip_hashes = [c.ip_hash for c in db_session.scalars(select(Comment).where(
        Comment.author_name == NAME))]
    dump = _database_dump(db_session)
    assert NAME in dump and EMAIL in dump and WEBSITE in dump and ip_hashes[0] in dump

    client.post("/my-data", data={"email": EMAIL})
    html = client.post(_open_link(client, inbox, EMAIL), follow_redirects=True).get_data(
        as_text=True)
    action = html.split('name="action" value="')[1].split('"')[0]
    done = client.post("/my-data/erase", data={"action": action, "bodies": "keep",
                                               "confirm": "yes"})
    assert done.status_code == 303
    done = client.get(done.headers["Location"])
    assert done.status_code == 200 and "erased from 2 comments" in done.get_data(as_text=True)
    assert inbox.with_subject("Your data was erased")[0]["To"] == EMAIL

    db_session.expire_all()
    dump = _database_dump(db_session)
    for erased in [NAME, EMAIL, WEBSITE, "zq.example.org", *ip_hashes]:
        assert erased not in dump
    assert "Keep my words" in dump and "A reply by Bo" in dump
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    receipt = client.get(first).get_data(as_text=True)
    for erased in (NAME, EMAIL, WEBSITE):
        assert erased not in page and erased not in receipt
    assert "A reply by Bo" in page and "Anonymous" in page
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "personal_data.erase")).one()
    assert entry.details["comments"] == 2 and EMAIL not in repr(entry.details)


def test_erasure_can_delete_the_bodies(client, factory, db_session):
    post = factory.post(body_md="Some **text** of the post.")
    factory.session.commit()
    # The comment quotes a passage of the post, and another reader's reply quotes the comment.
    path = manage_path(post_comment(client, post, author_name=NAME, body_md="Delete me now",
                                    quote="text of the post"))
    mine = db_session.scalars(select(Comment).where(Comment.body_md == "Delete me now")).one()
    assert post_comment(client, post, author_name="Bo", body_md="A reply by Bo",
                        parent_id=mine.id, reply_quote="Delete me").status_code == 303
    assert "Delete me" in _database_dump(db_session).replace("Delete me now", "")
    assert client.post(path + "/erase", data={}).status_code == 400
    client.post(path + "/erase", data={"bodies": "delete", "confirm": "yes"})
    dump = _database_dump(db_session)
    assert "Delete me" not in dump and NAME not in dump
    assert "text of the post" not in dump.replace("Some **text** of the post.", "") \
        .replace("Some <strong>text</strong> of the post.", "")
    assert "A reply by Bo" in dump
