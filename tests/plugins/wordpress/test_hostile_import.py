"""Issue 10's hostile-input suite through the WordPress importer: the XSS corpus and awkward
strings in every text a WXR file carries. Titles and names round-trip (made one line), HTML is
sanitized, nothing on the pages or in the feeds can run; characters XML cannot hold make a
clear refusal with nothing written."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum.cli import cli
from forum.core.validators import single_line
from forum.models import Category, Comment, Post, User
from plugins.wordpress.wxr_model import (
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrItem,
    WxrItemTerm,
    WxrTerm,
)
from plugins.wordpress.wxr_write import write_wxr
from tests.support.hostile_strings import (
    AWKWARD_STRINGS,
    HOSTILE_WEB_ADDRESSES,
    XSS_VECTORS,
    unsafe_markup,
)

HOSTILE = XSS_VECTORS + AWKWARD_STRINGS


def _document() -> WxrDocument:
    items = []
    for number, value in enumerate(HOSTILE, start=1):
        comments = (WxrComment(
            comment_id=number, author=value, author_email="reader@example.org",
            author_url=HOSTILE_WEB_ADDRESSES[number % len(HOSTILE_WEB_ADDRESSES)],
            content=value + "\n\n" + XSS_VECTORS[-number % len(XSS_VECTORS)]),)
        items.append(WxrItem(
            post_id=number, title=value, creator="hostile", content=value,
            excerpt=value, post_name=value, status="publish", comment_status="open",
            categories=(WxrItemTerm("category", f"cat-{number % 5}", value),),
            comments=comments))
    return WxrDocument(
        "1.2", title="<script>alert(1)</script> blog", link="https://hostile.example",
        base_site_url="https://hostile.example", base_blog_url="https://hostile.example",
        authors=(WxrAuthor(login="hostile", email="h@hostile.example",
                           display_name=XSS_VECTORS[3]),),
        categories=tuple(WxrTerm("category", f"cat-{n}", HOSTILE[n], description=HOSTILE[-n])
                         for n in range(5)),
        items=tuple(items))


def _write(tmp_path: Path, document: WxrDocument) -> Path:
    path = tmp_path / "hostile.xml"
    with open(path, "wb") as output:
        write_wxr(document, output)
    return path


def test_hostile_export_imports_round_trips_and_renders_inert(runner, client, db_session,
                                                             tmp_path):
    result = runner.invoke(cli, ["import-wxr", str(_write(tmp_path, _document()))])
    assert result.exit_code == 0, result.output
    assert db_session.scalar(select(func.count()).select_from(Post)) == len(HOSTILE)
    titles = set(db_session.scalars(select(Post.title)))
    assert titles == {single_line(value)[:300] for value in HOSTILE}
    names = set(db_session.scalars(select(Comment.author_name)))
    assert names == {single_line(value)[:120] for value in HOSTILE}
    assert db_session.scalar(select(User.display_name).where(
        User.email == "h@hostile.example")) == XSS_VECTORS[3]
    problems = []
    pages = ["/", "/?page=2", "/comments/feed.xml"]
    pages += [f"/posts/{slug}" for slug in db_session.scalars(select(Post.slug))]
    pages += [f"/category/{slug}" for slug in db_session.scalars(select(Category.slug))]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if "html" in response.content_type:
            problems += [f"{url}: {problem}"
                         for problem in unsafe_markup(response.get_data(as_text=True))]
    assert not problems, "\n".join(problems[:30])
    for slug in db_session.scalars(select(Post.slug)):
        assert slug and all(part for part in slug.split("-")), slug


@pytest.mark.parametrize("poison", ["\x00", "&#0;", "\x07", "&#x1B;", "&#xFFFE;"])
def test_characters_xml_cannot_hold_are_a_clear_refusal(runner, db_session, tmp_path, poison):
    path = _write(tmp_path, _document())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<title>", f"<title>bad{poison}", 2), encoding="utf-8")
    result = runner.invoke(cli, ["import-wxr", str(path)])
    assert result.exit_code == 1, result.output
    assert "cannot be imported, nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert db_session.scalar(select(func.count()).select_from(Post)) == 0
