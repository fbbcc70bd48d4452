"""Issue 10, defect 13 (tokens): every private token is opaque. No address or name can be read
back from a link or cookie we hand out, while links stay sealed against change and expire."""
from __future__ import annotations

import base64
import binascii
import json
import re
import time
import zlib

from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of

NAME, EMAIL = "Philippa Unreadable-Name", "philippa.unreadable@example.org"


def _readable(token: str) -> str:
    """Whatever base64 (and itsdangerous's zlib) could reveal from any part of the token."""
    found = []
    for part in re.split(r"[.|]", token):
        part = part.lstrip(".")
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        found.append(raw.decode("latin-1"))
        try:
            found.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            pass
    return "\n".join([token, *found]).lower()


def _assert_opaque(token: str) -> None:
    readable = _readable(token)
    for secret in (EMAIL, NAME, "philippa", "unreadable@"):
        assert secret.lower() not in readable, (token, secret)


def _cookie(response, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            return header.split(";")[0].split("=", 1)[1]
    raise AssertionError(f"no {name} cookie")


def test_no_private_token_reveals_the_reader(client, factory, db_session, inbox):
    post = factory.post()
    factory.session.commit()
    posted = post_comment(client, post, author_name=NAME, author_email=EMAIL,
                          consent_remember_me="on", consent_reply_notifications="on")
    tokens = {"remember cookie": _cookie(posted, "forum_commenter"),
              "management link": manage_path(posted).rsplit("/", 1)[1]}
    confirm = [link for link in links_in(body_of(inbox.with_subject("Please confirm")[0]))
               if "/privacy/confirm/" in link][0]
    tokens["confirmation link"] = confirm.rsplit("/", 1)[1]
    client.post(confirm)
    parent_id = int(re.search(r"comment-(\d+)", client.get(f"/posts/{post.slug}")
                              .get_data(as_text=True)).group(1))
    post_comment(client, post, author_name="Bo", parent_id=parent_id)
    stop = str(inbox.with_subject("A reply")[0]["List-Unsubscribe"]).strip("<> ")
    tokens["stop link"] = stop.rsplit("/", 1)[1]

    client.post("/my-data", data={"email": EMAIL})
    access = [link for link in links_in(body_of(inbox.with_subject("Your data")[0]))
              if "/my-data/access/" in link][0]
    tokens["data access link"] = access.rsplit("/", 1)[1]
    page = client.post(access, follow_redirects=True).get_data(as_text=True)
    tokens["data action token"] = page.split('name="action" value="')[1].split('"')[0]

    for kind, token in tokens.items():
        assert len(token) >= 24, kind
        _assert_opaque(token)
    # Still working keys: the remembered form is filled in, the export is the reader's.
    client.set_cookie("forum_commenter", tokens["remember cookie"])
    assert EMAIL in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    export = json.loads(client.post("/my-data/export",
                                    data={"action": tokens["data action token"]}).data)
    assert export["comments"][0]["author_name"] == NAME


def test_a_changed_or_stale_token_opens_nothing(app, client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email=EMAIL)
    client.post("/my-data", data={"email": EMAIL})
    access = [link for link in links_in(body_of(inbox.with_subject("Your data")[0]))
              if "/my-data/access/" in link][0]
    token = access.rsplit("/", 1)[1]
    flipped = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    assert client.post(access.replace(token, flipped)).status_code == 404
    page = client.post(access, follow_redirects=True).get_data(as_text=True)
    assert "A thoughtful answer." in page

    # The page a link opens works for an hour, as before.
    from forum.core import sealed_tokens
    from forum.privacy.data_requests import ACTION_MAX_AGE, ACTION_PURPOSE

    secret = app.config["SECRET_KEY"]
    action = page.split('name="action" value="')[1].split('"')[0]
    payload = sealed_tokens.unseal(secret, ACTION_PURPOSE, action)
    fernet = sealed_tokens._fernet(secret, ACTION_PURPOSE)
    stale = fernet.encrypt_at_time(json.dumps(payload).encode(),
                                   int(time.time()) - ACTION_MAX_AGE - 5).decode().rstrip("=")
    assert client.post("/my-data/export", data={"action": stale}).status_code == 404
    assert client.post("/my-data/export", data={"action": action}).status_code == 200
    # A token sealed for one purpose is refused for another.
    assert client.post("/my-data/export", data={"action": token}).status_code == 404
