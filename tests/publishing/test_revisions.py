"""Every save that changes what readers read keeps an immutable revision, whoever saves."""

import pytest
from sqlalchemy import select

from forum.core.errors import NotFound
from forum.db import utcnow
from forum.models import Post, PostKind, PostRevision, RevisionImmutableError
from forum.publishing.posts import PostInput, list_live_posts, save_post
from forum.publishing.revisions import get_revision, history


def test_each_changing_save_keeps_a_numbered_revision_with_its_editor_and_summary(
        db_session, factory):
    author, editor = factory.user(), factory.user()
    post = save_post(db_session, author, PostInput(title="Register", body_md="First text.",
                                                  action="publish"))
    assert post.revision == 1
    save_post(db_session, editor, PostInput(title="Register", body_md="Second text.",
                                            action="publish", revision_summary="Typo\x0b fixed"),
              post=post)
    # Saving again without changing the text makes no empty revision.
    save_post(db_session, editor, PostInput(title="Register", body_md="Second text.",
                                            action="publish"), post=post)
    revisions = history(db_session, post)
    assert [revision.number for revision in revisions] == [2, 1]
    assert post.revision == 2
    assert revisions[0].body_md == "Second text." and "Second text." in revisions[0].body_html
    assert revisions[0].editor_id == editor.id and revisions[0].summary == "Typo  fixed"
    assert revisions[1].body_md == "First text." and revisions[1].editor_id == author.id
    assert get_revision(db_session, post, 1).title == "Register"
    with pytest.raises(NotFound):
        get_revision(db_session, post, 3)


def test_a_post_written_without_the_editor_still_gets_its_first_revision(db_session, factory):
    post = factory.post(title="Imported", body_md="Text as imported.")
    db_session.flush()
    [revision] = history(db_session, post)
    assert (revision.number, revision.body_md, revision.editor_id) == (
        1, "Text as imported.", post.author_id)


def test_a_stored_revision_cannot_be_changed(db_session, factory):
    post = save_post(db_session, factory.user(), PostInput(title="Fixed", action="publish"))
    [revision] = history(db_session, post)
    revision.body_md = "rewritten history"
    with pytest.raises(RevisionImmutableError):
        db_session.flush()


def test_pages_and_embedded_discussions_stay_out_of_the_listings(db_session, factory):
    author = factory.user()
    listed = save_post(db_session, author, PostInput(title="A post", action="publish"))
    for kind in (PostKind.PAGE, PostKind.EMBEDDED):
        other = save_post(db_session, author, PostInput(title=f"A {kind.value}",
                                                        action="publish"))
        other.kind = kind
    db_session.flush()
    page = list_live_posts(db_session, utcnow(), 1, 50)
    assert [post.id for post in page.items] == [listed.id]
    kinds = set(db_session.scalars(select(Post.kind)))
    assert kinds == {PostKind.POST, PostKind.PAGE, PostKind.EMBEDDED}
    assert db_session.scalar(select(PostRevision.number).where(
        PostRevision.post_id == listed.id)) == 1
