"""Issue 10, defect 17: text is escaped exactly once on the way to the reader — in code spans,
in automatic excerpts, and in RSS titles carrying readers' names (which readers take for HTML)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.models import Comment, Post
from tests.support.comment_forms import post_comment
from tests.support.feeds import fetch, shown

FEED_FORMATS = ["xml", "atom"]


def test_code_spans_and_blocks_show_the_characters_typed(app, client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    body = "Compare `a < b && c` with:\n\n    if x < y & z:\n        pass\n"
    assert post_comment(client, app, post, body=body, email="ann@example.org").status_code == 303
    stored = db_session.scalars(select(Comment.body_html)).one()
    assert "<code>a &lt; b &amp;&amp; c</code>" in stored
    assert "if x &lt; y &amp; z:" in stored
    assert "&amp;lt;" not in stored and "&amp;amp;" not in stored


def test_automatic_excerpts_show_the_characters_typed(client, login, db_session):
    login("editor")
    response = client.post("/admin/posts/new", data={
        "title": "Wages", "body_md": "Rents < wages & costs > \"income\" for most.",
        "action": "publish"})
    assert response.status_code == 303
    assert db_session.scalars(select(Post.excerpt)).one() == \
        "Rents < wages & costs > \"income\" for most."
    home = client.get("/").get_data(as_text=True)
    assert "Rents &lt; wages &amp; costs &gt; &#34;income&#34; for most." in home
    assert "&amp;lt;" not in home and "&amp;amp;" not in home


@pytest.mark.parametrize("fmt", FEED_FORMATS)
@pytest.mark.parametrize("name", ["<b>Eve</b>", "<img src=x onerror=alert(1)>",
                                  "Tom & Jerry", "&lt;typed entity&gt;", "a < b"])
def test_feed_titles_show_a_readers_name_as_text(client, factory, fmt, name):
    post = factory.post(title="On <rents> & wages")
    factory.comment(post, author_name=name, body_md="Fair point `x < y`.")
    factory.session.commit()
    _, parsed = fetch(client, f"/comments/feed.{fmt}")
    entry = parsed.entries[0]
    assert shown(entry, "title") == f"{name} on “On <rents> & wages”"
    assert shown(entry, "summary") == "Fair point x < y."
