"""The importer recognises quoted passages in imported comments: a <blockquote> whose words
stand in the post becomes an anchored passage response (and one quoting something else does
not). Tested on the real WordPress export in tests/fixtures, and on a copy of it in which one
comment quotes its post, as WordPress readers do by hand."""
from pathlib import Path

from sqlalchemy import select

from forum.models import Comment, PassageAnchor, Post
from forum.passages.blocks import post_text
from plugins.wordpress.importer import WordpressImporter
from plugins.wordpress.wxr_parse import parse_wxr

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"
ANONYMOUS = "<wp:comment_content><![CDATA[This user it trying to be anonymous."
QUOTING = ("<wp:comment_content><![CDATA[<blockquote>Threaded comments up to 10 levels deep"
           "</blockquote>\nTen is more than any reader follows.\n\nThis user it trying to be "
           "anonymous.")


def test_a_blockquote_of_the_post_in_an_imported_comment_is_anchored(db_session, tmp_path):
    source = FIXTURE.read_text(encoding="utf-8")
    assert source.count(ANONYMOUS) == 1
    edited = tmp_path / "quoting.xml"
    edited.write_text(source.replace(ANONYMOUS, QUOTING), encoding="utf-8")
    report = WordpressImporter(db_session, parse_wxr(edited)).run()
    db_session.flush()
    assert report.imported["quoted passages"] == 1
    [anchor] = db_session.scalars(select(PassageAnchor))
    post = db_session.get(Post, anchor.post_id)
    comment = db_session.get(Comment, anchor.comment_id)
    assert post.title == "Template: Comments"
    assert "Ten is more than any reader follows." in comment.body_html
    assert anchor.exact == "Threaded comments up to 10 levels deep" and anchor.in_body
    assert post_text(post.body_html).block(anchor.block_id).text == anchor.exact
    assert anchor.revision == post.revision and anchor.revision_block_id == anchor.block_id


def test_blockquotes_of_other_words_are_not_anchored(db_session):
    """The export's formatting comment quotes "Stay hungry. Stay foolish.", which is not in its
    post: it stays a plain quotation."""
    report = WordpressImporter(db_session, parse_wxr(FIXTURE)).run()
    db_session.flush()
    assert "quoted passages" not in report.imported
    assert db_session.scalars(select(PassageAnchor)).first() is None
    assert db_session.scalar(select(Comment).where(
        Comment.body_html.contains("Stay hungry. Stay foolish.")))
