"""Every feed, read by feedparser: what a subscriber's reader sees matches the database."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.models import CommentStatus, PostStatus
from tests.support.feeds import FEED_TYPES, fetch, parsed_time, shown, whole_seconds

FORMATS = ["xml", "atom"]


@pytest.fixture
def site(factory):
    """Two authors, a category tree, published and unpublished posts, comments of every status."""
    alice = factory.user(display_name="Alice Author", email="alice-secret@example.org")
    bob = factory.user(display_name="Bob Writer")
    policy = factory.category("Policy")
    housing = factory.category("Housing", parent=policy)
    other = factory.category("Other")
    now = utcnow()
    older = factory.post(title="Older post", author=alice, categories=[policy],
                         published_at=now - timedelta(days=2))
    child = factory.post(title="Housing post", author=bob, categories=[housing],
                         published_at=now - timedelta(days=1))
    elsewhere = factory.post(title="Elsewhere post", author=bob, categories=[other],
                             published_at=now - timedelta(hours=2))
    draft = factory.post(title="Secret draft", author=alice, status=PostStatus.DRAFT,
                         categories=[policy])
    future = factory.post(title="Scheduled later", author=alice, status=PostStatus.SCHEDULED,
                          published_at=now + timedelta(days=3), categories=[policy])
    approved = factory.comment(older, author_name="Reader One", body_md="Approved *words*",
                               author_email="reader-one@example.org",
                               created_at=now - timedelta(minutes=30))
    reply = factory.comment(older, parent=approved, author_name="Reader Two",
                            body_md="A reply", created_at=now - timedelta(minutes=20))
    pending = factory.comment(older, author_name="Held Reader", body_md="Held back words",
                              status=CommentStatus.PENDING)
    spam = factory.comment(older, author_name="Spammer", body_md="Cheap pills",
                           status=CommentStatus.SPAM)
    removed = factory.comment(older, author_name="Removed Reader", body_md="Removed words",
                              status=CommentStatus.REMOVED)
    on_draft = factory.comment(draft, author_name="Draft Reader", body_md="On a draft")
    factory.session.commit()
    return locals()


@pytest.mark.parametrize("fmt", FORMATS)
def test_site_feed_lists_live_posts_newest_first_with_their_details(client, site, fmt):
    response, parsed = fetch(client, f"/feed.{fmt}")
    assert response.headers["Content-Type"] == FEED_TYPES[fmt]
    posts = [site["elsewhere"], site["child"], site["older"]]
    assert [entry.title for entry in parsed.entries] == [post.title for post in posts]
    for entry, post in zip(parsed.entries, posts, strict=True):
        assert entry.id == f"urn:uuid:{post.uid}"
        assert entry.link == f"http://localhost/posts/{post.slug}"
        assert parsed_time(entry.published_parsed) == whole_seconds(post.published_at)
        assert parsed_time(entry.updated_parsed) == whole_seconds(
            max(post.updated_at, post.published_at))
        assert entry.author == post.author.display_name
        assert [tag.term for tag in entry.tags] == [c.name for c in post.categories]
        assert post.body_html.strip() in entry.content[0].value
        assert entry.summary == post.excerpt
    body = response.get_data(as_text=True)
    assert "Secret draft" not in body and "Scheduled later" not in body
    assert "@example.org" not in body  # no author email, ever


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_carry_a_time_zone(client, site, fmt):
    response, _ = fetch(client, f"/feed.{fmt}")
    body = response.get_data(as_text=True)
    if fmt == "atom":
        assert "+00:00</published>" in body
    else:
        assert " +0000</pubDate>" in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_category_feed_includes_child_categories_only(client, site, fmt):
    _, parsed = fetch(client, f"/category/{site['policy'].slug}/feed.{fmt}")
    assert [e.title for e in parsed.entries] == ["Housing post", "Older post"]
    _, parsed = fetch(client, f"/category/{site['housing'].slug}/feed.{fmt}")
    assert [e.title for e in parsed.entries] == ["Housing post"]
    assert parsed.feed.link == f"http://localhost/category/{site['housing'].slug}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_feed_lists_only_that_authors_live_posts(client, site, fmt):
    _, parsed = fetch(client, f"/author/{site['alice'].id}/feed.{fmt}")
    assert [e.title for e in parsed.entries] == ["Older post"]
    assert "Alice Author" in parsed.feed.title
    assert "alice-secret" not in str(parsed)


def test_unknown_feeds_are_404(client, site):
    assert client.get("/category/no-such-thing/feed.xml").status_code == 404
    assert client.get("/author/999999/feed.atom").status_code == 404
    assert client.get(f"/posts/{site['draft'].slug}/feed.xml").status_code == 404
    assert client.get(f"/posts/{site['future'].slug}/feed.atom").status_code == 404
    assert client.get("/feed.json").status_code == 404


def test_author_without_published_posts_has_no_feed(client, factory):
    moderator = factory.user(role="moderator", display_name="Quiet Moderator")
    factory.session.commit()
    assert client.get(f"/author/{moderator.id}/feed.xml").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_comment_feed_has_only_approved_comments_on_live_posts(client, site, fmt):
    response, parsed = fetch(client, f"/comments/feed.{fmt}")
    assert [e.author for e in parsed.entries] == ["Reader Two", "Reader One"]
    body = response.get_data(as_text=True)
    for hidden in ("Held back words", "Cheap pills", "Removed words", "On a draft",
                   "reader-one@example.org"):
        assert hidden not in body
    post = site["older"]
    first = parsed.entries[1]
    comment = site["approved"]
    assert first.link == f"http://localhost/posts/{post.slug}#comment-{comment.id}"
    assert first.id.startswith("urn:uuid:")
    assert parsed_time(first.published_parsed) == whole_seconds(comment.created_at)
    assert "<em>words</em>" in first.content[0].value
    assert post.title in first.title
    if fmt == "atom":  # Atom says which post a comment answers with a related link
        related = [link for link in first.links if link.rel == "related"]
        assert related[0].href == f"http://localhost/posts/{post.slug}"
        assert related[0].title == post.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_discussion_feed_follows_one_post(client, site, factory, fmt):
    factory.comment(site["child"], author_name="Elsewhere Reader")
    factory.session.commit()
    response, parsed = fetch(client, f"/posts/{site['older'].slug}/feed.{fmt}")
    assert [e.author for e in parsed.entries] == ["Reader Two", "Reader One"]
    assert "Elsewhere Reader" not in response.get_data(as_text=True)
    assert site["older"].title in parsed.feed.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_commenter_website_shown_only_as_the_page_shows_it(client, site, factory, fmt):
    comment = factory.comment(site["older"], author_name="Web Reader")
    comment.author_website = "https://reader.example.net/"
    factory.session.commit()
    _, parsed = fetch(client, f"/comments/feed.{fmt}")
    entry = next(e for e in parsed.entries if e.author == "Web Reader")
    if fmt == "atom":
        assert entry.author_detail.href == "https://reader.example.net/"
    assert "email" not in entry.author_detail


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_and_international_text_survives(client, factory, fmt):
    title = "Rent \U0001F3E0 & ‏שכר דירה‏ — café\x01 <b>"
    post = factory.post(title=title, body_md="Tenants \U0001F3E0 & שכר דירה\x07 **now**")
    comment = factory.comment(post, author_name="Ünïcødé 🙂 & שרה\x02",
                              body_md="Agreed 👍 & מסכים\x0b")
    factory.session.commit()
    _, parsed = fetch(client, f"/feed.{fmt}")
    entry = parsed.entries[0]
    assert shown(entry, "title") == "Rent \U0001F3E0 & ‏שכר דירה‏ — café <b>"
    assert "Tenants \U0001F3E0 &amp; שכר דירה" in entry.content[0].value
    assert "\x07" not in entry.content[0].value
    _, parsed = fetch(client, f"/posts/{post.slug}/feed.{fmt}")
    assert parsed.entries[0].author == "Ünïcødé 🙂 & שרה"
    assert "Agreed 👍 &amp; מסכים" in parsed.entries[0].content[0].value
    assert comment.id


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_survive_edits_and_slug_changes(client, factory, fmt):
    post = factory.post(title="First title", slug="first-slug")
    comment = factory.comment(post)
    factory.session.commit()
    _, before = fetch(client, f"/feed.{fmt}")
    _, comments_before = fetch(client, f"/comments/feed.{fmt}")
    post.title, post.slug, post.body_html = "Second title", "second-slug", "<p>New</p>"
    post.updated_at = utcnow()
    factory.session.commit()
    _, after = fetch(client, f"/feed.{fmt}")
    _, comments_after = fetch(client, f"/comments/feed.{fmt}")
    assert after.entries[0].title == "Second title"
    assert after.entries[0].link.endswith("/posts/second-slug")
    assert after.entries[0].id == before.entries[0].id == f"urn:uuid:{post.uid}"
    assert comments_after.entries[0].id == comments_before.entries[0].id
    assert comments_after.entries[0].link.endswith(f"/posts/second-slug#comment-{comment.id}")


@pytest.mark.parametrize("status", [CommentStatus.REMOVED, CommentStatus.SPAM,
                                    CommentStatus.PENDING])
def test_a_comment_leaves_the_feeds_the_moment_it_is_taken_down(client, factory, status):
    post = factory.post()
    comment = factory.comment(post, body_md="Soon gone")
    factory.session.commit()
    assert "Soon gone" in client.get("/comments/feed.atom").get_data(as_text=True)
    assert "Soon gone" in client.get(f"/posts/{post.slug}/feed.xml").get_data(as_text=True)
    comment.status = status
    factory.session.commit()
    assert "Soon gone" not in client.get("/comments/feed.atom").get_data(as_text=True)
    assert "Soon gone" not in client.get(f"/posts/{post.slug}/feed.xml").get_data(as_text=True)


def test_an_erased_comment_leaves_the_feeds(client, factory):
    post = factory.post()
    comment = factory.comment(post, body_md="Erase me", author_name="Erasable")
    factory.session.commit()
    assert "Erasable" in client.get("/comments/feed.xml").get_data(as_text=True)
    comment.body_md, comment.body_html, comment.author_name = "", "", ""
    factory.session.commit()
    _, parsed = fetch(client, "/comments/feed.xml")
    assert parsed.entries == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_head_answers_like_get_without_a_body(client, site, fmt):
    get = client.get(f"/comments/feed.{fmt}")
    head = client.head(f"/comments/feed.{fmt}")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Type"] == FEED_TYPES[fmt]
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Last-Modified"] == get.headers["Last-Modified"]


def _alternates(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" type="application/(?:rss|atom)\+xml" '
                      r'title="[^"]*" href="([^"]+)">', html)


def test_pages_announce_the_feeds_that_fit_them_and_link_them_visibly(client, site):
    older, policy, alice = site["older"], site["policy"], site["alice"]
    expectations = {
        "/": ["/feed.xml", "/feed.atom", "/comments/feed.xml", "/comments/feed.atom"],
        f"/posts/{older.slug}": [f"/posts/{older.slug}/feed.xml",
                                 f"/posts/{older.slug}/feed.atom", "/feed.xml", "/feed.atom"],
        f"/category/{policy.slug}": [f"/category/{policy.slug}/feed.xml",
                                     f"/category/{policy.slug}/feed.atom",
                                     "/feed.xml", "/feed.atom"],
        f"/author/{alice.id}": [f"/author/{alice.id}/feed.xml", f"/author/{alice.id}/feed.atom",
                                "/feed.xml", "/feed.atom"],
        f"/archive/{older.published_at.year}/{older.published_at.month}":
            ["/feed.xml", "/feed.atom"],
    }
    for page, feeds in expectations.items():
        html = client.get(page).get_data(as_text=True)
        assert _alternates(html) == [f"http://localhost{feed}" for feed in feeds], page
        visible = re.findall(r'class="feed-links">.*?</p>', html, flags=re.S)
        if page.startswith("/archive"):
            continue
        assert f'href="http://localhost{feeds[0]}"' in "".join(visible), page
        for feed in feeds[:2]:  # every announced feed really is a feed
            fetch(client, feed)
