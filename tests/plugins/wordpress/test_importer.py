"""Importing the WordPress theme unit test data, by the rules in docs/wordpress.md.

The fixture holds (see test_wxr_parse.py): 58 posts (56 publish, of which one is password
protected; 1 draft; 1 future), 21 pages, 68 categories (10 with a parent), 110 tags, 37
attachments, 70 menu items, and 33 comments: 4 are pingbacks/trackbacks (skipped), leaving 29,
of which 3 are unapproved and 10 are replies, one chain reaching nine levels below comment 904.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum.models import (
    Category,
    Comment,
    CommentStatus,
    Post,
    PostKind,
    PostStatus,
    User,
)
from plugins.wordpress.importer import WordpressImporter
from plugins.wordpress.models import WordpressImport
from plugins.wordpress.wxr_parse import parse_wxr

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"


@pytest.fixture(scope="module")
def document():
    return parse_wxr(FIXTURE)


@pytest.fixture
def imported(db_session, document):
    started = time.perf_counter()
    report = WordpressImporter(db_session, document).run()
    db_session.commit()
    report.seconds = time.perf_counter() - started
    return report


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_report_counts_follow_the_documented_rules(imported):
    assert imported.imported == Counter({"authors": 2, "categories": 69, "tags": 110,
                                         "posts": 58, "pages": 21, "comments": 29})
    assert imported.skipped == Counter({
        ("attachment items", "media files are not copied (the posts keep linking to them on "
                             "the old site)"): 37,
        ("nav_menu_item items", "menus are theme configuration, not content"): 70,
        ("nav_menu terms", "Forum has no such taxonomy (menus and post formats are theme "
                           "matters)"): 6,
        ("pingbacks", "links from other sites, not discussion"): 2,
        ("trackbacks", "links from other sites, not discussion"): 2,
    })


def test_posts_and_pages_with_their_status(db_session, imported):
    statuses = Counter(db_session.scalars(select(Post.status)))
    # 55 published posts + 21 pages; the draft and the password-protected post are drafts.
    assert statuses == {PostStatus.PUBLISHED: 76, PostStatus.DRAFT: 2, PostStatus.SCHEDULED: 1}
    protected = db_session.scalar(select(Post).where(Post.title.like("%Password Protected%")))
    assert protected.status == PostStatus.DRAFT and "password-protected" in protected.excerpt
    scheduled = db_session.scalar(select(Post).where(Post.status == PostStatus.SCHEDULED))
    assert scheduled.title == "Scheduled" and scheduled.published_at is not None
    # Pages are pages (not posts in a "Pages" category), with their hierarchy and menu order.
    assert _count(db_session, Post, Post.kind == PostKind.PAGE) == 21
    assert db_session.scalar(select(Category).where(Category.slug == "pages")) is None
    about = db_session.scalar(select(Post).where(Post.title == "About The Tests"))
    assert about.kind == PostKind.PAGE and about.menu_order == 1 and about.parent_id is None
    child = db_session.scalar(select(Post).where(Post.title == "Page with comments"))
    assert child.parent_id == about.id and child.menu_order == 3
    level_3 = db_session.scalar(select(Post).where(Post.title == "Level 3"))
    level_2 = db_session.get(Post, level_3.parent_id)
    assert level_2.title == "Level 2" and db_session.get(Post, level_2.parent_id).title == "Level 1"
    assert _count(db_session, Post, Post.kind == PostKind.PAGE, Post.parent_id.is_not(None)) == 13
    assert db_session.scalar(select(Post).where(Post.title == "Untitled (WordPress post 1169)"))


def test_content_is_sanitized_and_the_source_kept(db_session, document, imported):
    for post in db_session.scalars(select(Post)):
        assert "<script" not in post.body_html.lower()
        assert "onclick" not in post.body_html.lower()
    source = next(item for item in document.items if item.post_id == 1178)  # HTML tags post
    post = db_session.scalar(select(Post).where(Post.title == source.title))
    assert post.body_md == source.content  # the WordPress source, as it was
    assert "<blockquote>" in post.body_html and "<p>" in post.body_html


def test_authors_are_staff_without_a_password(db_session, imported):
    authors = list(db_session.scalars(select(User)))
    assert sorted(user.display_name for user in authors) == ["Theme Buster", "Theme Reviewer"]
    assert all(user.password_hash is None for user in authors)
    reviewer = db_session.scalar(select(User).where(User.display_name == "Theme Reviewer"))
    # One post names ">themereviewteam"; characters no WordPress login has are dropped.
    assert _count(db_session, Post, Post.author_id == reviewer.id) == 22


def test_categories_keep_their_hierarchy_and_tags_sit_under_tags(db_session, imported):
    tags = db_session.scalar(select(Category).where(Category.slug == "tags"))
    assert _count(db_session, Category, Category.parent_id == tags.id) == 110
    assert _count(db_session, Category) == 68 + 110 + 1  # the "Tags" parent; pages are pages
    child = db_session.scalar(select(Category).where(Category.slug == "grandchild-category"))
    assert child.parent.slug == "child-category-03"
    assert child.parent.parent.slug == "parent-category"


def test_comments_with_threading_dates_status_and_no_personal_data(db_session, imported):
    comments = list(db_session.scalars(select(Comment)))
    assert len(comments) == 29
    assert Counter(c.status for c in comments) == {CommentStatus.APPROVED: 26,
                                                   CommentStatus.PENDING: 3}
    assert sum(1 for c in comments if c.parent_id) == 10
    by_id = {c.id: c for c in comments}

    def depth(comment):
        return 0 if comment.parent_id is None else 1 + depth(by_id[comment.parent_id])
    assert max(depth(c) for c in comments) == 9
    assert all(c.author_email is None and c.ip_hash is None for c in comments)
    assert all(c.created_at.year >= 2000 for c in comments)


def test_importing_again_changes_nothing(db_session, document, imported):
    counts = [_count(db_session, model) for model in (User, Category, Post, Comment,
                                                      WordpressImport)]
    again = WordpressImporter(db_session, document).run()
    db_session.commit()
    assert again.imported == Counter()
    assert again.unchanged == Counter({"authors": 2, "categories": 68, "tags": 110, "posts": 58,
                                       "pages": 21, "comments": 29})
    assert [_count(db_session, model) for model in (User, Category, Post, Comment,
                                                    WordpressImport)] == counts


def test_authors_are_merged_onto_existing_users_by_email(db_session, document, factory):
    existing = factory.user(role="editor", email="ThemeReviewTeam@gmail.com")
    report = WordpressImporter(db_session, document).run()
    assert report.merged["authors"] == 1 and report.imported["authors"] == 1
    assert _count(db_session, Post, Post.author_id == existing.id) == 22
    assert existing.password_hash is not None  # the account is left as it was
