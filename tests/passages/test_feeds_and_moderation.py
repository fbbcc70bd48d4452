"""Feeds and the moderation pages show what a passage response quotes, with its text."""
import html
import re

import pytest

MEMO = "The register will hold every address for ten years.\n\nCouncils may share <it>.\n"


def respond(client, post, **fields):
    data = {"author_name": "Ada Reader", "body_md": "Far too long."}
    data.update(fields)
    assert client.post(f"/posts/{post.slug}/comments", data=data).status_code == 303


@pytest.mark.parametrize("fmt", ["xml", "atom"])
def test_the_discussion_feed_shows_the_quote_with_the_response(client, post, fmt):
    respond(client, post, quote="Councils may share <it>.")
    feed = client.get(f"/posts/{post.slug}/feed.{fmt}").get_data(as_text=True)
    entry = re.search(r"<(item|entry)>(.*?)</\1>", feed, re.S).group(2)
    content = html.unescape(re.search(r"<(content:encoded|content)[^>]*>(.*?)</\1>", entry,
                                      re.S).group(2))
    # The quote, escaped (the post's "<it>" stays text), above the response's own words.
    assert "<blockquote><p>Councils may share &lt;it&gt;.</p>" in content
    assert content.index("Councils may share") < content.index("Far too long.")
    assert f"/posts/{post.slug}#b-" in content


def test_the_moderation_queue_and_comment_page_show_the_quote(client, db_session, post, login):
    respond(client, post, quote="every address for ten years")
    login("moderator")
    queue = client.get("/admin/comments?tab=approved").get_data(as_text=True)
    assert "Answers the post: <q>every address for ten years</q>" in queue
    comment_id = re.search(r'/admin/comments/(\d+)"', queue).group(1)
    page = client.get(f"/admin/comments/{comment_id}").get_data(as_text=True)
    assert "Answers the post: <q>every address for ten years</q>" in page
