"""Build a post's discussion tree in memory from one flat list of comments."""
from __future__ import annotations

from dataclasses import dataclass, field

from forum.models import THREAD_STATUSES, Comment


@dataclass
class ThreadNode:
    comment: Comment
    depth: int  # 1 for a top-level comment
    children: list[ThreadNode] = field(default_factory=list)
    display_parent: ThreadNode | None = field(default=None, repr=False, compare=False)
    # The shown comment it answers. Differs from display_parent where nesting was flattened
    # (past the maximum depth): the page then says "in reply to NAME" so the context survives.
    parent: ThreadNode | None = field(default=None, repr=False, compare=False)

    @property
    def flattened(self) -> bool:
        return self.parent is not None and self.parent is not self.display_parent

    @property
    def answers_its_parent(self) -> bool:
        """Does it reply to the comment it hangs under (and not to a hidden one in between)?"""
        return self.parent is not None and self.comment.parent_id == self.parent.comment.id

    @property
    def can_reply(self) -> bool:
        return self.comment.status in THREAD_STATUSES and self.comment.body_html != ""


def build_thread(comments: list[Comment], max_depth: int,
                 visible_ids: set[int] | None = None) -> list[ThreadNode]:
    """Nest comments oldest first, at most `max_depth` levels deep.

    A reply to a comment already at the deepest level is shown at that level, after its parent
    (as WordPress does). A reply whose parent is not shown (held, spam) hangs on the nearest
    shown ancestor, so no published reply disappears with its parent.
    `comments` may include hidden ones; `visible_ids` says which are shown (default: all).
    """
    by_id = {comment.id: comment for comment in comments}
    shown = visible_ids if visible_ids is not None else set(by_id)
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    for comment in sorted(comments, key=lambda c: (c.created_at, c.id)):
        if comment.id not in shown:
            continue
        parent_node = _nearest_shown_ancestor(comment, by_id, nodes)
        if parent_node is None:
            node = ThreadNode(comment, depth=1)
            roots.append(node)
        elif parent_node.depth < max_depth:
            node = ThreadNode(comment, depth=parent_node.depth + 1, display_parent=parent_node,
                              parent=parent_node)
            parent_node.children.append(node)
        else:
            grandparent = parent_node.display_parent
            node = ThreadNode(comment, depth=parent_node.depth, display_parent=grandparent,
                              parent=parent_node)
            (grandparent.children if grandparent else roots).append(node)
        nodes[comment.id] = node
    return roots


def _nearest_shown_ancestor(comment: Comment, by_id: dict[int, Comment],
                            nodes: dict[int, ThreadNode]) -> ThreadNode | None:
    parent_id = comment.parent_id
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        if parent_id in nodes:
            return nodes[parent_id]
        parent = by_id.get(parent_id)
        parent_id = parent.parent_id if parent else None
    return None


def count_nodes(roots: list[ThreadNode]) -> int:
    return sum(1 + count_nodes(node.children) for node in roots)
