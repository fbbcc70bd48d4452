"""Each comment's card rendered once, then reused: a thread of a thousand comments costs a
thousand dictionary lookups instead of a thousand template calls.

templates/discussion/_comment.html wraps the card (everything inside the comment's `<li>` but its
replies) in `{% call cached_comment_card(...) %}`; the markup stays in the template, so theme
changes need nothing here. A card is reused only for a reader who gets the same page as everyone
(no staff tools, no held comment of their own): a personal request always renders.

The key holds everything the card shows that could change without the comment row changing:
where it sits in the tree, its parent's name and status (for "in reply to"), the staff badge,
the discussion page its permalink points into, the post's address, whether replies are open.
Changes to existing comments, users, settings or plugin states clear every card in every
process (the purge counter, forum.web.page_cache), so an edited or erased comment is never shown
from an old copy and leaves no copy behind.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, g
from markupsafe import Markup

from forum.web.personalisation import request_is_personal

_EXTENSION = "forum_page_cache"


class FragmentCache:
    """A bounded LRU of rendered cards in this process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._cards: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Markup | None:
        with self._lock:
            card = self._cards.get(key)
            if card is not None:
                self._cards.move_to_end(key)
            return card

    def put(self, key: Hashable, card: Markup) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._cards[key] = card
            self._cards.move_to_end(key)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()

    def values(self) -> list[Markup]:
        with self._lock:
            return list(self._cards.values())


def _cards() -> FragmentCache | None:
    cache = current_app.extensions.get(_EXTENSION)
    if cache is None or cache.fragments.size <= 0:
        return None
    if "forum_cards_shared" not in g:
        g.forum_cards_shared = not request_is_personal()
    return cache.fragments if g.forum_cards_shared else None


def card_key(node, post, page_number: int | None, comments_open: bool,
             badge: str | None) -> tuple:
    comment = node.comment
    parent = node.parent.comment if node.answers_its_parent else None
    return (comment.id, comment.status.value, comment.author_name, node.depth, node.flattened,
            parent.id if parent else None, parent.status.value if parent else None,
            parent.author_name if parent else None, badge, page_number, post.slug,
            comments_open)


def cached_comment_card(node, post, comment_page, comments_open: bool, badges,
                        caller: Callable[[], str]) -> Markup:
    """The `{% call %}` wrapper around one comment's card."""
    comment = node.comment
    cards = _cards()
    if cards is None or comment.status.value == "pending":
        return Markup(caller())
    badge = (badges or {}).get(comment.user_id) if comment.user_id else None
    key = card_key(node, post, comment_page.number if comment_page else None,
                   bool(comments_open), badge)
    card = cards.get(key)
    if card is None:
        card = Markup(caller())
        cards.put(key, card)
    return card
