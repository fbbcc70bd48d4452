"""Tests for write_wxr: the fixture survives parse -> write -> parse, and hostile text stays XML."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from plugins.wordpress.wxr_model import (
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrItem,
    WxrItemTerm,
    WxrMeta,
    WxrTerm,
)
from plugins.wordpress.wxr_parse import parse_wxr
from plugins.wordpress.wxr_write import write_wxr

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"
FIXED_TIME = datetime(2024, 2, 29, 12, 0, tzinfo=UTC)
WP_HTTPS = "{https://wordpress.org/export/1.2/}"


@pytest.fixture(scope="module")
def theme_data() -> WxrDocument:
    return parse_wxr(FIXTURE)


def _write(document: WxrDocument, **options: str) -> bytes:
    buffer = io.BytesIO()
    write_wxr(document, buffer, generated_at=FIXED_TIME, **options)
    return buffer.getvalue()


def _round_trip(document: WxrDocument) -> WxrDocument:
    return parse_wxr(io.BytesIO(_write(document)))


def _single_post(**fields: object) -> WxrDocument:
    return WxrDocument(wxr_version="1.2", items=(WxrItem(post_id=1, **fields),))


def test_fixture_round_trips_unchanged(theme_data: WxrDocument) -> None:
    again = _round_trip(theme_data)
    assert again.authors == theme_data.authors
    assert again.categories == theme_data.categories
    assert again.tags == theme_data.tags
    assert again.terms == theme_data.terms
    assert again.items == theme_data.items
    assert again == theme_data


def test_output_is_wxr_1_2_with_https_namespaces(theme_data: WxrDocument) -> None:
    written = _write(theme_data)
    assert written.startswith(b'<?xml version="1.0" encoding="UTF-8" ?>')
    assert b'xmlns:wp="https://wordpress.org/export/1.2/"' in written
    assert b'xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/"' in written
    # A plain, non-defused parser reads it too, and finds WordPress's element names.
    channel = ElementTree.fromstring(written).find("channel")
    assert channel.findtext(WP_HTTPS + "wxr_version") == "1.2"
    assert len(channel.findall("item")) == 186
    assert len(channel.findall(WP_HTTPS + "category")) == 68


def test_http_namespaces_as_wordpress_core_writes_them() -> None:
    written = _write(_single_post(title="x"), namespace_scheme="http")
    assert b'xmlns:wp="http://wordpress.org/export/1.2/"' in written
    assert parse_wxr(io.BytesIO(written)).items[0].title == "x"


def test_output_is_reproducible(theme_data: WxrDocument) -> None:
    assert _write(theme_data) == _write(theme_data)


def test_cdata_terminator_inside_content_is_split() -> None:
    content = "<p>a]]>b</p>]]]]><![CDATA[ and ]]"
    written = _write(_single_post(content=content, title="]]>", excerpt="]]"))
    assert written.count(b"]]]]><![CDATA[>") >= 3
    item = parse_wxr(io.BytesIO(written)).items[0]
    assert (item.content, item.title, item.excerpt) == (content, "]]>", "]]")


def test_markup_and_quotes_in_every_kind_of_field_survive() -> None:
    nasty = "<b>\"Tom\" & 'Jerry'</b> </channel>"
    document = WxrDocument(
        wxr_version="1.2",
        title=nasty,
        description=nasty,
        authors=(WxrAuthor(login="a&b", display_name=nasty, wp_id=4),),
        categories=(WxrTerm(kind="category", slug="s", name=nasty, description=nasty),),
        tags=(WxrTerm(kind="post_tag", slug="t", name=nasty, term_id=3),),
        terms=(WxrTerm(kind="nav_menu", slug="m", name=nasty, parent_slug="p"),),
        items=(
            WxrItem(
                post_id=5,
                title=nasty,
                link="https://example.com/?a=1&b=2",
                guid="https://example.com/?p=5&x=<y>",
                categories=(WxrItemTerm("post_tag", 'q"uote&', nasty),),
                postmeta=(WxrMeta("_k", 'a:1:{s:1:"x";s:3:"]]>";}'),),
                comments=(
                    WxrComment(
                        comment_id=8,
                        author=nasty,
                        author_url="https://example.com/?a=1&b=2",
                        content=nasty,
                        meta=(WxrMeta("akismet", nasty),),
                    ),
                ),
            ),
        ),
    )
    assert _round_trip(document) == document


def test_carriage_returns_and_whitespace_are_preserved() -> None:
    content = "line one\r\nline two\r\n\t  indented  \n"
    item = _round_trip(_single_post(content=content, title="\r", post_password=" p ")).items[0]
    assert (item.content, item.title, item.post_password) == (content, "\r", " p ")


def test_characters_xml_forbids_are_dropped_and_the_rest_kept() -> None:
    content = "nul\x00 bell\x07 vt\x0b ffff\uffff lone\ud800 ok: é 中 😀"
    item = _round_trip(_single_post(content=content, title="t\x1f")).items[0]
    assert item.content == "nul bell vt ffff lone ok: é 中 😀"
    assert item.title == "t"


def test_missing_dates_are_written_as_zero_and_read_back_as_none() -> None:
    comment = WxrComment(comment_id=2, date_gmt=None, date=None)
    document = _single_post(status="draft", post_date=datetime(2021, 5, 5, 10), comments=(comment,))
    written = _write(document)
    assert b"<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>" in written
    item = parse_wxr(io.BytesIO(written)).items[0]
    assert item.post_date_gmt is None
    assert item.post_date == datetime(2021, 5, 5, 10)
    assert (item.comments[0].date_gmt, item.comments[0].date) == (None, None)


def test_dates_in_other_zones_are_written_in_utc() -> None:
    paris_summer = timezone(timedelta(hours=2))
    document = _single_post(post_date_gmt=datetime(2022, 7, 1, 14, 30, tzinfo=paris_summer))
    written = _write(document)
    assert b"<pubDate>Fri, 01 Jul 2022 12:30:00 +0000</pubDate>" in written
    item = parse_wxr(io.BytesIO(written)).items[0]
    assert item.post_date_gmt == datetime(2022, 7, 1, 12, 30, tzinfo=UTC)


def test_older_versions_are_written_as_1_2() -> None:
    document = WxrDocument(wxr_version="1.0", title="Old blog")
    assert _round_trip(document) == WxrDocument(wxr_version="1.2", title="Old blog")


def test_text_file_objects_are_accepted(theme_data: WxrDocument) -> None:
    text = io.StringIO()
    write_wxr(theme_data, text, generated_at=FIXED_TIME)
    assert text.getvalue().encode("utf-8") == _write(theme_data)
