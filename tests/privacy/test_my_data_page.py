"""Issue 9, defects 8 and 6 on /my-data: each comment is shown as the public sees it (the same
sanitized HTML, never the raw Markdown), with the post it answers and its status in words; the
export keeps the raw text and names the post; erasing everything asks once more."""
from __future__ import annotations

import json

from sqlalchemy import select

from forum.models import Comment, CommentStatus, RemovalReason
from tests.privacy.conftest import links_in, post_comment
from tests.support.mail import body_of

EMAIL = "marked.down@example.org"
MARKDOWN = ("This is **bold**, with [a source](https://example.org/report) and "
            "<script>alert('x')</script> in it: {status}")
STATUSES = [CommentStatus.APPROVED, CommentStatus.PENDING, CommentStatus.WITHDRAWN,
            CommentStatus.REMOVED, CommentStatus.SPAM]


def _open_my_data(client, inbox):
    client.post("/my-data", data={"email": EMAIL})
    link = [link for link in links_in(body_of(inbox.to(EMAIL)[-1]))
            if "/my-data/access/" in link][0]
    answer = client.post(link)
    assert answer.status_code == 303
    return answer.headers["Location"]


def _one_comment_in_each_status(client, factory, db_session):
    posts = {}
    for status in STATUSES:
        post = factory.post(title=f"On {status.value} matters")
        factory.session.commit()
        post_comment(client, post, author_email=EMAIL, body_md=MARKDOWN.format(
            status=status.value))
        comment = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
        comment.status = status
        if status == CommentStatus.REMOVED:
            comment.removal_reason = RemovalReason.OFF_TOPIC
        if status == CommentStatus.WITHDRAWN:
            comment.body_md = comment.body_html = ""
        posts[status] = (post, comment)
    db_session.commit()
    return posts


def _entry(page: str, comment: Comment) -> str:
    return page.split(f'id="my-comment-{comment.id}"')[1].split("</li>")[0]


def test_each_comment_is_rendered_with_its_post_and_status(client, factory, db_session, inbox):
    posts = _one_comment_in_each_status(client, factory, db_session)
    page = client.get(_open_my_data(client, inbox)).get_data(as_text=True)
    assert "**bold**" not in page and "<script>alert" not in page
    for status, (post, comment) in posts.items():
        entry = _entry(page, comment)
        assert f'<a href="/posts/{post.slug}">On {status.value} matters</a>' in entry
        if status in (CommentStatus.APPROVED, CommentStatus.PENDING, CommentStatus.SPAM):
            assert "<strong>bold</strong>" in entry
            assert 'href="https://example.org/report"' in entry
            assert "<script" not in entry and status.value in entry
    assert f'href="/comments/{posts[CommentStatus.APPROVED][1].id}"' in page
    for status in (CommentStatus.PENDING, CommentStatus.REMOVED, CommentStatus.SPAM,
                   CommentStatus.WITHDRAWN):
        assert f'href="/comments/{posts[status][1].id}"' not in page  # not public: no permalink
    words = {CommentStatus.APPROVED: "Published", CommentStatus.PENDING: "Awaiting moderation",
             CommentStatus.WITHDRAWN: "Withdrawn by you",
             CommentStatus.REMOVED: "Removed by a moderator",
             CommentStatus.SPAM: "Held as spam"}
    for status, word in words.items():
        assert word in _entry(page, posts[status][1])
    removed = _entry(page, posts[CommentStatus.REMOVED][1])
    assert "reason: off-topic" in removed and "bold" not in removed
    assert "withdrawn by its author" in _entry(page, posts[CommentStatus.WITHDRAWN][1])


def test_the_export_keeps_the_raw_text_and_names_the_post(client, factory, db_session, inbox):
    posts = _one_comment_in_each_status(client, factory, db_session)
    page = client.get(_open_my_data(client, inbox)).get_data(as_text=True)
    action = page.split('name="action" value="')[1].split('"')[0]
    export = json.loads(client.post("/my-data/export", data={"action": action}).data)
    records = {record["id"]: record for record in export["comments"]}
    for status, (post, comment) in posts.items():
        record = records[comment.id]
        assert record["post_title"] == f"On {status.value} matters"
        assert record["post_url"] == f"http://localhost/posts/{post.slug}"
        assert record["comment_url"] == (f"http://localhost/comments/{comment.id}"
                                         if status == CommentStatus.APPROVED else None)
        if status != CommentStatus.WITHDRAWN:
            assert record["body_markdown"] == MARKDOWN.format(status=status.value)
    assert "comments[].post_url" in export["README"]


def test_erasing_everything_asks_once_more_and_nothing_goes_without_it(client, factory,
                                                                        db_session, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_name="Mark Down", author_email=EMAIL, body_md="Mine")
    location = _open_my_data(client, inbox)
    page = client.get(location).get_data(as_text=True)
    action = page.split('name="action" value="')[1].split('"')[0]
    assert f'action="{location}/erase"' in page and 'method="get"' in page

    answer = client.post("/my-data/erase", data={"action": action, "bodies": "delete"})
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"{location}/erase?bodies=delete"
    db_session.expire_all()
    comment = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    assert comment.author_name == "Mark Down" and comment.body_md == "Mine"
    confirm = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Erase your data?" in confirm and "This cannot be undone" in confirm
    assert '<button type="submit" class="danger">Erase my data</button>' in confirm
    assert 'value="delete" checked' in confirm and "The text of the comments, if" in confirm
    assert f'href="{location}#erase">Cancel' in confirm

    done = client.post("/my-data/erase", data={"action": action, "bodies": "delete",
                                               "confirm": "yes"})
    assert done.status_code == 303
    for _reload in range(2):
        shown = client.get(done.headers["Location"])
        assert shown.status_code == 200
        assert "erased from 1 comment" in shown.get_data(as_text=True)
    db_session.expire_all()
    comment = db_session.get(Comment, comment.id)
    assert comment.author_name == "Anonymous" and comment.body_md == ""
