"""Passage responses in feeds: an entry shows the quotes its comment answers above its text,
as the page does (escaped from the stored words, never trusted HTML)."""
from __future__ import annotations

from markupsafe import Markup

from forum.models.passage import PassageAnchor


def quotes_html(anchors: list[PassageAnchor], post_link: str) -> str:
    parts = []
    for anchor in anchors:
        if anchor.quotes_post and anchor.block_id:
            caption = Markup('<a href="{}#{}">In the post</a>').format(post_link, anchor.block_id)
        elif anchor.quotes_post:
            caption = Markup("From an earlier version of the post")
        else:
            caption = Markup('<a href="{}#comment-{}">From the comment it answers</a>').format(
                post_link, anchor.quoted_comment_id)
        parts.append(Markup("<blockquote><p>{}</p><p>— {}</p></blockquote>").format(
            anchor.exact, caption))
    return str(Markup("").join(parts))


def quotes_text(anchors: list[PassageAnchor]) -> str:
    return " ".join(f"“{anchor.exact}”" for anchor in anchors)
