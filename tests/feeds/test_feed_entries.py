"""The content version, the feed options and the XML text rules, below the HTTP layer."""
from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from sqlalchemy import select, update

from forum.core import settings as settings_service
from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.feeds.entries import FeedOptions, site_comments, site_posts
from forum.feeds.xml import ATOM, RSS, render, xml_text
from forum.models import AuditEntry, Comment, ContentVersion, PostStatus
from forum.web.content_state import read_state


def version(session) -> tuple[int, object]:
    row = session.execute(select(ContentVersion.version, ContentVersion.changed_at)).one()
    return row.version, row.changed_at


@pytest.mark.parametrize("change", ["post", "comment", "category", "user", "setting"])
def test_every_kind_of_content_change_bumps_the_version(factory, db_session, change):
    post = factory.post()
    factory.session.commit()
    before = version(db_session)
    if change == "post":
        post.title = "Changed"
    elif change == "comment":
        factory.comment(post)
    elif change == "category":
        factory.category()
    elif change == "user":
        post.author.display_name = "Renamed"
    else:
        settings_service.update(db_session, None, {"feed_entries": 5})
    db_session.commit()
    after = version(db_session)
    assert after[0] == before[0] + 1
    assert after[1] > before[1]


def test_changed_at_moves_a_whole_second_even_within_one_second(factory, db_session):
    post = factory.post()
    db_session.commit()
    stamps = []
    for number in range(3):
        post.title = f"Title {number}"
        db_session.commit()
        stamps.append(version(db_session)[1])
    assert stamps[1] - stamps[0] >= timedelta(seconds=1)
    assert stamps[2] - stamps[1] >= timedelta(seconds=1)
    assert all(stamp.microsecond == 0 for stamp in stamps)


def test_unrelated_or_unchanged_rows_do_not_bump(factory, db_session):
    post = factory.post()
    db_session.commit()
    before = version(db_session)
    db_session.add(AuditEntry(actor_label="system", action="test.noop"))
    post.title = post.title  # set to the same value: not a change
    db_session.commit()
    assert version(db_session) == before


def test_a_rolled_back_change_leaves_the_version_alone(factory, db_session):
    post = factory.post()
    db_session.commit()
    before = version(db_session)
    post.title = "Never saved"
    db_session.flush()
    db_session.rollback()
    assert version(db_session) == before


def test_bulk_statements_bump_too(factory, db_session):
    post = factory.post()
    factory.comment(post)
    db_session.commit()
    before = version(db_session)
    db_session.execute(update(Comment).where(Comment.post_id == post.id).values(body_html=""))
    db_session.commit()
    assert version(db_session)[0] == before[0] + 1


def test_state_moves_when_a_scheduled_post_goes_live_without_any_write(factory, db_session):
    now = utcnow()
    factory.post(status=PostStatus.SCHEDULED, published_at=now + timedelta(hours=1))
    db_session.commit()
    assert read_state(db_session, now).token == read_state(db_session, now).token
    later = now + timedelta(hours=2)
    assert read_state(db_session, later).token != read_state(db_session, now).token
    assert read_state(db_session, later).last_modified >= now + timedelta(hours=1)


class Links:
    def post(self, post):
        return f"https://example.org/posts/{post.slug}"

    def post_by_slug(self, slug):
        return f"https://example.org/posts/{slug}"

    def category(self, category):
        return f"https://example.org/category/{category.slug}"

    def author(self, user):
        return f"https://example.org/author/{user.id}"

    def home(self):
        return "https://example.org/"

    def this_feed(self):
        return "https://example.org/feed.atom"


def test_excerpt_only_setting_leaves_the_full_text_out(factory, db_session):
    post = factory.post(body_md="The *whole* argument, paragraph after paragraph.")
    settings_service.update(db_session, None, {"feed_full_text": False})
    db_session.commit()
    options = FeedOptions.load(db_session, "Forum", utcnow())
    document = site_posts(db_session, utcnow(), Links(), options)
    for kind in (RSS, ATOM):
        parsed = feedparser.parse(render(document, kind))
        assert parsed.bozo == 0
        assert parsed.entries[0].summary == post.excerpt
        assert "content" not in parsed.entries[0]
        assert b"<em>whole</em>" not in render(document, kind).replace(b"&lt;", b"<")


def test_the_number_of_entries_is_a_setting(factory, db_session):
    post = factory.post()
    for _ in range(25):
        factory.comment(post)
    db_session.commit()
    options = FeedOptions.load(db_session, "Forum", utcnow())
    assert options.entry_count == 20 and options.full_text is True
    assert len(site_comments(db_session, utcnow(), Links(), options).entries) == 20
    settings_service.update(db_session, None, {"feed_entries": 3})
    db_session.commit()
    options = FeedOptions.load(db_session, "Forum", utcnow())
    assert len(site_comments(db_session, utcnow(), Links(), options).entries) == 3


@pytest.mark.parametrize("bad", [0, 101, -1])
def test_entry_count_outside_1_to_100_is_refused(db_session, bad):
    with pytest.raises(ValidationError) as error:
        settings_service.update(db_session, None, {"feed_entries": bad})
    assert "between 1 and 100" in str(error.value.errors["feed_entries"])


def test_xml_text_drops_only_what_xml_forbids():
    assert xml_text("a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh") == "abcdefgh"
    kept = "tab\tnew\nret\r emoji 👍🏽 RTL שלום عربى & < > \u200f"
    assert xml_text(kept) == kept
    assert xml_text(None) == ""
