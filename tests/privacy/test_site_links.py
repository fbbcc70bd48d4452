"""Issue 10, defect 4: every link that leaves the site (mail, feeds, canonical addresses, the
private link on a receipt) is built from SITE_URL, and a request naming another host is refused
before anything is mailed."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum import create_app
from forum.models import Comment
from forum.models.consent import OutboxMessage
from tests.conftest import ROOT, build_test_config
from tests.support.mail import body_of

SITE = "https://forum.example.org"
ALIAS = "http://www.forum.example.org"  # a second name the operator allowed
ATTACKER = "http://attacker.example"
ANY_LINK = re.compile(r"https?://[^\s>\"']+")


@pytest.fixture
def config_overrides(config_overrides):
    return {**config_overrides, "SITE_URL": SITE,
            "ALLOWED_HOSTS": ["forum.example.org", "www.forum.example.org"]}


def _comment(client, post, base_url=ALIAS, **fields):
    data = {"author_name": "Ada Reader", "body_md": "A thoughtful answer."}
    data.update(fields)
    return client.post(f"/posts/{post.slug}/comments", data=data, base_url=base_url)


def _links(message) -> list[str]:
    return ANY_LINK.findall(body_of(message)) + ANY_LINK.findall(
        str(message.get("List-Unsubscribe", "")))


def _path(url: str) -> str:
    return url.removeprefix(SITE)


def test_every_mailed_link_points_at_site_url_whatever_host_was_named(client, factory,
                                                                     db_session, inbox):
    post = factory.post()
    factory.session.commit()
    posted = _comment(client, post, author_email="ada@example.org",
                      consent_reply_notifications="on")
    assert posted.status_code == 303
    parent = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    confirm = [link for link in _links(inbox.with_subject("Please confirm")[0])
               if "/privacy/confirm/" in link][0]
    assert client.post(_path(confirm), base_url=ALIAS).status_code == 303
    _comment(client, post, author_name="Bo", body_md="A reply", parent_id=parent.id)
    reply_id = db_session.scalar(select(Comment.id).where(Comment.parent_id == parent.id))
    client.post("/my-data", data={"email": "ada@example.org"}, base_url=ALIAS)
    manage = _path(posted.headers["Location"].split("?")[0])
    client.post(manage + "/consent", base_url=ALIAS, data={
        "purpose": "reply_notifications", "decision": "give", "email": "ada@example.org"})

    subjects = {message["Subject"] for message in inbox.messages}
    assert {"Your comment on " + post.title, "Please confirm: replies to your comment",
            "A reply to your comment on " + post.title} <= subjects
    assert any(subject.startswith("Your data on") for subject in subjects)
    links = [link for message in inbox.messages for link in _links(message)]
    assert any("/my-data/access/" in link for link in links)
    assert any("/privacy/stop/" in link for link in links)
    # The reply's lasting address, which finds its page of the thread (issue 9).
    assert any(link == f"{SITE}/comments/{reply_id}" for link in links)
    assert links and all(link.startswith(SITE + "/") for link in links), links


def test_a_request_naming_another_host_is_refused_and_mails_nothing(client, factory,
                                                                   db_session, inbox):
    post = factory.post()
    factory.session.commit()
    _comment(client, post, base_url=SITE, author_email="victim@example.org")
    inbox.messages.clear()
    outbox_before = db_session.scalar(select(func.count()).select_from(OutboxMessage))

    refused = client.post("/my-data", data={"email": "victim@example.org"}, base_url=ATTACKER)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'class="site-header"' in page and f"Its address is {SITE}" in page
    assert "attacker.example" not in page
    for path in ("/", f"/posts/{post.slug}", "/feed.xml", "/no/such/page"):
        assert client.get(path, base_url=ATTACKER).status_code == 400, path
    assert _comment(client, post, base_url=ATTACKER, author_email="victim@example.org") \
        .status_code == 400
    assert inbox.messages == []
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox_before


@pytest.mark.parametrize("config_overrides", [{"TRUSTED_PROXIES": 1, "SITE_URL": SITE}])
def test_a_forwarded_host_is_checked_too(client):
    """Behind a trusted proxy the forwarded host is the request's host: it must be ours."""
    assert client.get("/", base_url=SITE, headers={"X-Forwarded-Host": "forum.example.org"}
                      ).status_code == 200
    assert client.get("/", base_url=SITE, headers={"X-Forwarded-Host": "attacker.example"}
                      ).status_code == 400


def test_feeds_and_canonical_links_use_site_url(client, factory):
    post = factory.post(title="Rents")
    factory.session.commit()
    feed = client.get("/feed.atom", base_url=ALIAS).get_data(as_text=True)
    links = re.findall(r'href="([^"]+)"', feed)
    assert links and all(link.startswith(SITE + "/") for link in links), links
    page = client.get(f"/posts/{post.slug}", base_url=ALIAS).get_data(as_text=True)
    assert f'<link rel="canonical" href="{SITE}/posts/{post.slug}">' in page
    alternates = re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', page)
    assert alternates and all(link.startswith(SITE + "/") for link in alternates)


def test_links_can_be_built_outside_a_request(app):
    """Mail queued by a command or after the response links the same way."""
    from forum.web.site_url import external_url

    with app.app_context():
        assert external_url("publishing.post", slug="a-b", _anchor="comment-3") == \
            f"{SITE}/posts/a-b#comment-3"


def test_site_url_under_a_path_keeps_the_path(database_url, tmp_path):
    app = create_app(build_test_config(database_url, str(tmp_path / "i"),
                                       SITE_URL="https://example.org/forum/"))
    from forum.web.site_url import external_url

    with app.app_context():
        assert external_url("privacy.notice") == "https://example.org/forum/privacy"


def test_production_refuses_to_start_without_site_url(tmp_path):
    from forum.web.site_url import ConfigurationError

    config = {"INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x"}
    with pytest.raises(ConfigurationError, match="FORUM_SITE_URL is not set"):
        create_app(config)
    for bad in ("forum.example.org", "ftp://forum.example.org", "https://x.org/?a=b"):
        with pytest.raises(ConfigurationError, match="SITE_URL must"):
            create_app({**config, "SITE_URL": bad})


def test_the_command_says_what_to_set_without_a_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "FORUM_SECRET_KEY": "x" * 32,
           "FORUM_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "forum.cli", "init-db"], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "FORUM_SITE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_link_is_built_from_the_request_host():
    """`url_for(..., _external=True)` takes the host from the request; forum.web.site_url's
    external_url() is the one way to build an absolute link (this keeps new code honest)."""
    offenders = []
    for folder in ("forum", "plugins", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".txt") and path.name != "site_url.py":
                text = Path(path).read_text(encoding="utf-8")
                if re.search(r"_external\s*=\s*True", text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
