"""What a reader sees around the posts on listing pages: how lively each discussion is, the
newest responses, categories with their sizes, and links to their data and the moderation
record on every page."""
from __future__ import annotations

import re
from datetime import timedelta

from forum.db import utcnow
from forum.models import CommentStatus, PostStatus
from tests.publishing.test_query_count import counting_queries


def _summary_of(page: str, title: str) -> str:
    match = re.search(rf"<article class=\"summary\">(?:(?!</article>).)*{re.escape(title)}"
                      r"(?:(?!</article>).)*</article>", page, re.S)
    assert match, f"no summary for {title!r}"
    return match.group(0)


def test_a_listing_shows_each_discussions_size_and_its_newest_response(client, factory):
    now = utcnow()
    lively = factory.post(title="A lively post")
    quiet = factory.post(title="A quiet post")
    factory.comment(lively, created_at=now - timedelta(days=2))
    newest = factory.comment(lively, created_at=now - timedelta(hours=3))
    # Neither a held comment nor spam nor a removed one counts, or makes the post look fresh.
    for status in (CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.REMOVED):
        factory.comment(lively, status=status, created_at=now - timedelta(minutes=5))
    factory.session.commit()
    page = client.get("/").get_data(as_text=True)
    lively_summary = _summary_of(page, "A lively post")
    assert "2 responses" in lively_summary
    stamp = newest.created_at.isoformat(timespec="seconds")
    assert f'latest <time datetime="{stamp}">' in lively_summary
    quiet_summary = _summary_of(page, "A quiet post")
    assert "0 responses" in quiet_summary and "latest" not in quiet_summary
    assert quiet.slug in quiet_summary


def test_the_sidebar_lists_the_newest_published_responses_only(client, factory):
    now = utcnow()
    post = factory.post(title="Where people talk")
    draft = factory.post(title="Not out yet", status=PostStatus.DRAFT)
    older = factory.comment(post, author_name="Early Bird", body_md="First **thought**.",
                            created_at=now - timedelta(hours=5))
    newer = factory.comment(post, author_name="Late Owl", body_md="Second " + "word " * 60,
                            created_at=now - timedelta(hours=1))
    factory.comment(post, author_name="Held Person", status=CommentStatus.PENDING,
                    created_at=now - timedelta(minutes=10))
    factory.comment(post, author_name="Removed Person", status=CommentStatus.REMOVED,
                    created_at=now - timedelta(minutes=9))
    factory.comment(draft, author_name="Draft Commenter", created_at=now - timedelta(minutes=8))
    factory.session.commit()
    page = client.get("/").get_data(as_text=True)
    recent = re.search(r'<ol class="recent-responses">.*?</ol>', page, re.S).group(0)
    assert recent.index("Late Owl") < recent.index("Early Bird")  # newest first
    for hidden in ("Held Person", "Removed Person", "Draft Commenter", "Not out yet"):
        assert hidden not in recent
    assert f'href="/comments/{newer.id}"' in recent and f'href="/comments/{older.id}"' in recent
    assert "First thought." in recent and "<strong>" not in recent  # plain text, no markup
    assert "word word …" in recent  # a long response is cut at a word
    assert client.get(f"/comments/{newer.id}").headers["Location"].endswith(
        f"/posts/{post.slug}#comment-{newer.id}")


def test_categories_in_the_sidebar_count_the_posts_their_pages_list(client, factory):
    rights = factory.category(name="Rights")
    privacy = factory.category(name="Privacy law", parent=rights)
    factory.category(name="Empty corner")
    factory.post(categories=[rights, privacy])  # filed twice in one tree: counted once
    factory.post(categories=[privacy])
    factory.post(categories=[privacy], status=PostStatus.DRAFT)  # not published: not counted
    factory.session.commit()
    page = client.get("/").get_data(as_text=True)
    page = re.search(r'<aside class="sidebar">.*?</aside>', page, re.S).group(0)

    def count_of(name: str) -> str:
        return re.search(rf">{name}</a> <span class=\"count\">(\d+)<", page).group(1)

    assert (count_of("Rights"), count_of("Privacy law"), count_of("Empty corner")) == \
        ("2", "2", "0")
    listed = client.get(f"/category/{rights.slug}").get_data(as_text=True)
    assert listed.count('class="summary"') == 2  # the number the sidebar promised
    nested = re.search(r">Rights</a>.*?</li>", page, re.S).group(0)
    assert "Privacy law" in nested  # the child is listed under its parent


def test_every_public_page_links_the_privacy_notice_my_data_and_the_moderation_record(
        client, factory):
    post = factory.post()
    factory.session.commit()
    for path in ("/", f"/posts/{post.slug}", "/privacy", "/my-data", "/moderation", "/login",
                 "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        header = re.search(r'<header class="site-header">.*?</header>', page, re.S).group(0)
        footer = re.search(r'<footer class="site-footer">.*?</footer>', page, re.S).group(0)
        for target in ('href="/privacy"', 'href="/my-data"', 'href="/moderation"'):
            assert target in header and target in footer, (path, target)
    privacy = client.get("/privacy").get_data(as_text=True)
    assert '<a href="/privacy" aria-current="page">' in privacy


def test_the_listing_costs_the_same_queries_however_many_posts_and_comments(app, client,
                                                                          factory):
    def queries_for_home() -> list[str]:
        client.get("/")  # warm caches that are not per-request
        with counting_queries(app.test_connection) as statements:
            assert client.get("/").status_code == 200
        return statements

    category = factory.category(name="Topic")
    factory.post(categories=[category])
    factory.session.commit()
    few = queries_for_home()
    for number in range(8):
        post = factory.post(categories=[category, factory.category(name=f"Topic {number}")])
        factory.thread_of(post, 6)
    factory.session.commit()
    many = queries_for_home()
    assert len(few) == len(many), (few, many)
