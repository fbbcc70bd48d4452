"""`forum import-wxr` and `forum export-wxr` as an operator runs them."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum import create_app
from forum.cli import cli
from forum.models import Category, Comment, CommentStatus, Post, PostKind, PostStatus
from tests.conftest import build_test_config

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_import_prints_a_report(runner, db_session):
    result = runner.invoke(cli, ["import-wxr", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "Imported: 2 authors, 69 categories, 29 comments, 21 pages, 58 posts, 110 tags" \
        in result.output
    assert "Skipped 2 pingbacks: links from other sites, not discussion" in result.output
    assert "imported as a draft: it was password-protected" in result.output
    assert _count(db_session, Post) == 79


def test_truncated_file_names_the_line_and_changes_nothing(runner, db_session, tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    result = runner.invoke(cli, ["import-wxr", str(truncated)])
    assert result.exit_code == 1
    assert "cannot be imported, nothing was changed" in result.output
    assert "line" in result.output and "not well-formed XML" in result.output
    assert _count(db_session, Post) == 0 and _count(db_session, Category) == 0


def test_malformed_value_names_the_item(runner, db_session, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "<wp:post_id>1241</wp:post_id>", "<wp:post_id>twelve</wp:post_id>", 1), encoding="utf-8")
    result = runner.invoke(cli, ["import-wxr", str(broken)])
    assert result.exit_code == 1
    assert "wp:post_id 'twelve' is not a whole number" in result.output
    assert _count(db_session, Post) == 0


def test_export_then_import_into_an_empty_database_gives_the_same_content(
        runner, db_session, factory, tmp_path, migrated_engine, database_url):
    author = factory.user(role="editor", display_name="Editor")
    parent = factory.category("Policy")
    child = factory.category("Housing", parent=parent)
    post = factory.post(title="Rents", author=author, categories=[child],
                        body_md="Rents *rose*.\n\n- a\n- b")
    factory.post(title="Plan", author=author, status=PostStatus.DRAFT)
    about = factory.post(title="About", author=author, slug="about")
    about.kind, about.menu_order = PostKind.PAGE, 3
    team = factory.post(title="Team", author=author, slug="team")
    team.kind, team.parent_id, team.menu_order = PostKind.PAGE, about.id, 1
    first = factory.comment(post, body_md="Why?", author_name="Ann", author_email="a@x.org")
    factory.comment(post, parent=first, body_md="Because.", author_name="Bo")
    factory.comment(post, body_md="buy pills", author_name="Spam", status=CommentStatus.SPAM)
    factory.session.commit()
    out = tmp_path / "export.xml"
    result = runner.invoke(cli, ["export-wxr", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 4 posts, 2 categories and 3 comments" in result.output
    assert "a@x.org" not in out.read_text()

    before = _snapshot(db_session)
    # An empty database: remove what was there (inside the test's transaction).
    for model in (Comment, Post):
        db_session.query(model).delete()
    db_session.query(Category).update({"parent_id": None})
    db_session.query(Category).delete()
    db_session.commit()
    result = runner.invoke(cli, ["import-wxr", str(out)])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert _snapshot(db_session) == before


def _seconds(value):
    return value.replace(microsecond=0) if value else None  # WXR dates have whole seconds


def _snapshot(session):
    slugs = {p.id: p.slug for p in session.scalars(select(Post))}
    posts = sorted((p.title, p.slug, p.status, p.body_html, _seconds(p.published_at),
                    p.author.display_name, tuple(c.slug for c in p.categories), p.kind,
                    p.menu_order, slugs.get(p.parent_id))
                   for p in session.scalars(select(Post)))
    categories = sorted((c.name, c.slug, c.parent.slug if c.parent else None)
                        for c in session.scalars(select(Category)))
    by_id = {c.id: c for c in session.scalars(select(Comment))}
    comments = sorted((c.author_name, c.body_html, c.status, _seconds(c.created_at),
                       by_id[c.parent_id].author_name if c.parent_id else None)
                      for c in by_id.values())
    return posts, categories, comments


@pytest.mark.parametrize("disabled", [["wordpress"]])
def test_switching_the_plugin_off_removes_the_commands(migrated_engine, database_url, tmp_path,
                                                       disabled):
    app = create_app(build_test_config(database_url, str(tmp_path / "i"),
                                       PLUGINS_DISABLED=disabled))
    result = app.test_cli_runner().invoke(cli, ["import-wxr", str(FIXTURE)])
    assert result.exit_code == 2 and "No such command 'import-wxr'" in result.output


def _write(tmp_path, document) -> Path:
    from plugins.wordpress.wxr_write import write_wxr
    path = tmp_path / "export.xml"
    with open(path, "wb") as output:
        write_wxr(document, output)
    return path


def _site(*items):
    from plugins.wordpress.wxr_model import WxrAuthor, WxrDocument
    return WxrDocument("1.2", title="Old blog", link="https://old.example",
                       base_site_url="https://old.example", base_blog_url="https://old.example",
                       authors=(WxrAuthor(login="ann", email="ann@old.example"),),
                       items=items)


def _item(post_id: int, *comment_ids: int):
    from plugins.wordpress.wxr_model import WxrComment, WxrItem
    return WxrItem(post_id=post_id, title=f"Post {post_id}", creator="ann",
                   content="Body", post_name=f"post-{post_id}",
                   comments=tuple(WxrComment(comment_id=number, author="Reader",
                                             content=f"Comment {number}")
                                  for number in comment_ids))


def test_a_comment_id_imported_before_for_another_post_is_a_clear_refusal(runner, db_session,
                                                                          tmp_path):
    """Issue 10, defect 18: it was an IntegrityError traceback."""
    assert runner.invoke(cli, ["import-wxr", str(_write(tmp_path, _site(_item(1, 5))))]) \
        .exit_code == 0
    before = (_count(db_session, Post), _count(db_session, Comment))
    result = runner.invoke(cli, ["import-wxr", str(_write(tmp_path, _site(_item(2, 5, 6))))])
    assert result.exit_code == 1, result.output
    assert "cannot be imported, nothing was changed" in result.output
    assert "comment id 5 of post 2 was already imported from https://old.example for another " \
        "post" in result.output
    assert "Traceback" not in result.output
    db_session.expire_all()
    assert (_count(db_session, Post), _count(db_session, Comment)) == before


def test_one_comment_id_under_two_posts_of_one_file_is_refused(runner, db_session, tmp_path):
    result = runner.invoke(cli, ["import-wxr",
                                 str(_write(tmp_path, _site(_item(1, 5), _item(2, 5))))])
    assert result.exit_code == 1, result.output
    assert "comment id 5 appears under post 1 and post 2" in result.output
    assert _count(db_session, Post) == 0 and _count(db_session, Comment) == 0


def test_importing_the_same_file_again_still_changes_nothing(runner, db_session, tmp_path):
    path = _write(tmp_path, _site(_item(1, 5, 6), _item(2, 7)))
    assert runner.invoke(cli, ["import-wxr", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["import-wxr", str(path)])
    assert result.exit_code == 0, result.output
    assert "Already imported (unchanged): 1 authors, 3 comments, 2 posts" in result.output
