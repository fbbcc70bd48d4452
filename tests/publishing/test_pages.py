"""The public pages a reader browses."""
import re
from datetime import UTC, datetime, timedelta

import pytest

from forum.db import utcnow
from forum.models import CommentStatus, PostStatus


def test_home_lists_published_posts_newest_first_with_counts(client, factory):
    category = factory.category("Surveillance")
    older = factory.post(title="Older post", published_at=utcnow() - timedelta(days=3),
                         categories=[category])
    newer = factory.post(title="Newer post", published_at=utcnow() - timedelta(days=1))
    factory.post(title="A draft", status=PostStatus.DRAFT)
    factory.post(title="Not yet", status=PostStatus.SCHEDULED,
                 published_at=utcnow() + timedelta(days=1))
    factory.comment(older)
    factory.comment(older)
    factory.comment(older, status=CommentStatus.PENDING)
    factory.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert page.index(newer.title) < page.index(older.title)
    assert "A draft" not in page and "Not yet" not in page
    assert "2 responses" in page and "0 responses" in page
    assert "Surveillance" in page and older.author.display_name in page
    assert "<time datetime=" in page


def test_home_is_paginated(client, factory, app):
    for number in range(app.config["POSTS_PER_PAGE"] + 2):
        factory.post(title=f"Numbered {number:02d}",
                     published_at=utcnow() - timedelta(hours=number + 1))
    factory.session.commit()
    first = client.get("/").get_data(as_text=True)
    second = client.get("/?page=2").get_data(as_text=True)
    assert "Numbered 00" in first and "Numbered 11" not in first
    assert "Numbered 11" in second and "Page 2 of 2" in second
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=abc").status_code == 400


def test_post_page_shows_body_categories_tree_and_count(client, factory):
    category = factory.category("Data protection")
    post = factory.post(title="Memo critique", body_md="## Heading\n\n> quoted memo",
                        categories=[category])
    first = factory.comment(post, author_name="Ann", created_at=utcnow() - timedelta(hours=5))
    factory.comment(post, parent=first, author_name="Ben", created_at=utcnow() - timedelta(hours=4))
    factory.comment(post, author_name="Cy", created_at=utcnow() - timedelta(hours=3))
    factory.comment(post, author_name="Held Reader", status=CommentStatus.PENDING)
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    # Each block carries its passage id (forum.passages) so a response can point at it.
    assert re.search(r'<h2 id="b-[0-9a-f]{8}">Heading</h2>', page) and "<blockquote>" in page
    assert "3 Responses to “Memo critique”" in page
    assert page.index("Ann") < page.index("Ben") < page.index("Cy")
    assert "Held Reader" not in page
    assert 'class="comment depth-2' in page
    assert f'<link rel="canonical" href="http://localhost/posts/{post.slug}">' in page
    assert "<title>Memo critique — " in page


def test_max_depth_replies_are_shown_at_that_depth(client, factory, config_overrides):
    post = factory.post()
    parent = None
    for level in range(7):
        parent = factory.comment(post, parent=parent, author_name=f"Level {level}",
                                 created_at=utcnow() - timedelta(minutes=60 - level))
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert page.count('class="comment depth-5') == 3  # levels 4, 5 and 6 all at depth 5
    assert "depth-6" not in page


def test_category_archive_includes_child_categories(client, factory):
    parent = factory.category("Digital rights", description="Rights online")
    child = factory.category("Data protection", parent=parent)
    factory.post(title="In the child", categories=[child])
    factory.post(title="Elsewhere")
    factory.session.commit()
    page = client.get(f"/category/{parent.slug}").get_data(as_text=True)
    assert "In the child" in page and "Elsewhere" not in page
    assert "Rights online" in page and "Data protection" in page
    assert client.get("/category/nope").status_code == 404


def test_monthly_and_author_archives(client, factory):
    author = factory.user(display_name="Rosa Writer")
    factory.post(title="March post", author=author,
                 published_at=datetime(2025, 3, 10, 12, tzinfo=UTC))
    factory.post(title="April post", published_at=datetime(2025, 4, 2, 12, tzinfo=UTC))
    factory.session.commit()
    march = client.get("/archive/2025/3").get_data(as_text=True)
    assert "March post" in march and "April post" not in march and "Archive: March 2025" in march
    assert client.get("/archive/2025/13").status_code == 404
    by_author = client.get(f"/author/{author.id}").get_data(as_text=True)
    assert "Posts by Rosa Writer" in by_author and "April post" not in by_author
    assert client.get("/author/999999").status_code == 404


@pytest.mark.parametrize("url, method, code", [
    ("/posts/missing", "get", 404),
    ("/", "post", 405),
])
def test_error_pages_are_themed(client, url, method, code):
    response = getattr(client, method)(url)
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert 'class="site-header"' in page and f"Error {code}" in page


def test_oversized_request_gets_the_themed_413(client, factory):
    post = factory.post()
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments", data={"body_md": "x" * 300_000})
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_times_are_shown_in_the_site_time_zone(client, factory, app):
    app.config["TIME_ZONE"] = "Europe/Berlin"
    post = factory.post(published_at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC))
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'datetime="2025-07-01T01:30:00+02:00"' in page and "1 July 2025" in page


def test_pages_ask_for_nothing_from_other_hosts(client, factory):
    post = factory.post(body_md="Plain words.")
    factory.session.commit()
    for url in ["/", f"/posts/{post.slug}", "/static/forum.css", "/static/forum.js"]:
        body = client.get(url).get_data(as_text=True)
        hosts = set(re.findall(r"(?:https?:)?//([\w.-]+)", body))
        assert hosts <= {"localhost"}, (url, hosts)
