"""The discussion tree: order, nesting depth, replies at the deepest level, hidden parents."""
from datetime import timedelta

from forum.db import utcnow
from forum.discussion.threads import build_thread, count_nodes
from forum.models import Comment, CommentStatus

START = utcnow() - timedelta(days=2)


def make(comment_id, parent_id=None, minute=0, status=CommentStatus.APPROVED):
    return Comment(id=comment_id, post_id=1, parent_id=parent_id, author_name=f"R{comment_id}",
                   body_md="x", body_html="<p>x</p>", status=status,
                   created_at=START + timedelta(minutes=minute))


def shape(nodes):
    return [(node.comment.id, node.depth, shape(node.children)) for node in nodes]


def test_oldest_first_with_replies_nested_under_their_parent():
    comments = [make(1, minute=0), make(2, minute=5), make(3, parent_id=1, minute=10),
                make(4, parent_id=3, minute=20)]
    roots = build_thread(list(reversed(comments)), max_depth=5)
    assert shape(roots) == [(1, 1, [(3, 2, [(4, 3, [])])]), (2, 1, [])]


def test_reply_to_a_comment_at_the_deepest_level_is_shown_at_that_level_after_it():
    # A chain 1 <- 2 <- 3 <- 4 with max depth 2: 3 and 4 stay at depth 2, after 2.
    comments = [make(1), make(2, 1, 1), make(3, 2, 2), make(4, 3, 3)]
    roots = build_thread(comments, max_depth=2)
    assert shape(roots) == [(1, 1, [(2, 2, []), (3, 2, []), (4, 2, [])])]


def test_depth_one_means_a_flat_discussion():
    comments = [make(1), make(2, 1, 1), make(3, 2, 2)]
    assert shape(build_thread(comments, max_depth=1)) == [(1, 1, []), (2, 1, []), (3, 1, [])]


def test_a_published_reply_to_a_hidden_comment_hangs_on_the_nearest_shown_ancestor():
    comments = [make(1), make(2, 1, 1, status=CommentStatus.PENDING), make(3, 2, 2)]
    roots = build_thread(comments, max_depth=5, visible_ids={1, 3})
    assert shape(roots) == [(1, 1, [(3, 2, [])])]


def test_a_reply_whose_whole_ancestry_is_hidden_becomes_top_level():
    comments = [make(1, status=CommentStatus.PENDING), make(2, 1, 1)]
    assert shape(build_thread(comments, max_depth=5, visible_ids={2})) == [(2, 1, [])]


def test_count_nodes_counts_every_level():
    comments = [make(1), make(2, 1, 1), make(3, 2, 2), make(4, minute=3)]
    assert count_nodes(build_thread(comments, max_depth=5)) == 4
