"""Long discussions in pages of whole threads, so a link to any comment can still land on it.

A page holds a number of top-level threads with all their replies (a thread is never cut in
two), oldest first. The whole discussion is already in memory (one query, see
comments.load_discussion), so knowing which page holds a comment costs no query.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum.discussion.threads import ThreadNode


@dataclass(frozen=True)
class DiscussionPage:
    roots: list[ThreadNode]
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_count(roots: list[ThreadNode], threads_per_page: int) -> int:
    return max(1, -(-len(roots) // threads_per_page))


def discussion_page(roots: list[ThreadNode], threads_per_page: int,
                    number: int) -> DiscussionPage | None:
    """The threads on page `number` (1-based), or None when there is no such page."""
    pages = page_count(roots, threads_per_page)
    if not 1 <= number <= pages:
        return None
    start = (number - 1) * threads_per_page
    return DiscussionPage(roots[start:start + threads_per_page], number, pages)


def page_of_comment(roots: list[ThreadNode], threads_per_page: int,
                    comment_id: int) -> int | None:
    """The page whose threads show this comment, or None when it is not shown at all."""
    for index, root in enumerate(roots):
        if _holds(root, comment_id):
            return index // threads_per_page + 1
    return None


def _holds(node: ThreadNode, comment_id: int) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.comment.id == comment_id:
            return True
        stack.extend(current.children)
    return False
