"""Tests for parse_wxr, against the WordPress theme unit test data and small inline exports.

What the fixture (tests/fixtures/wordpress-theme-test-data.xml, a WordPress.com WXR 1.2 export
with https:// namespaces) holds, counted with grep and with the parser:

- 186 <item> elements: 58 post_type "post", 21 "page", 37 "attachment", 70 "nav_menu_item".
- "58 posts" means post_type == "post": 56 status publish, 1 draft ("Draft", id 1164) and 1
  future ("Scheduled", id 1153). Pages are not counted as posts.
- 68 wp:category and 110 wp:tag channel elements; plus 7 wp:term elements (6 nav_menu terms
  and a repeat of the category "6.1").
- 33 comments over all items (28 on posts, 5 on pages). 10 are replies (comment_parent != 0):
  one reply to comment 168, and a chain 905 -> ... -> 915 under top-level comment 904 whose
  deepest reply is nine levels below it. 3 are unapproved (comment_approved "0"); 2 have type
  "pingback" and 2 "trackback"; one says "comment" and the other 28 leave the type empty.
- The draft's GMT date is not 0000-00-00 in this file, so zero dates are tested inline.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugins.wordpress.wxr_model import WxrComment, WxrDocument, WxrError, WxrItemTerm
from plugins.wordpress.wxr_parse import parse_wxr

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"


@pytest.fixture(scope="module")
def theme_data() -> WxrDocument:
    return parse_wxr(FIXTURE)


def _all_comments(document: WxrDocument) -> list[WxrComment]:
    return [comment for item in document.items for comment in item.comments]


def _depth(comment: WxrComment, by_id: dict[int, WxrComment]) -> int:
    depth = 0
    while comment.parent_id:
        comment = by_id[comment.parent_id]
        depth += 1
    return depth


def _wxr(version: str = "1.2", scheme: str = "https", channel_body: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:excerpt="{scheme}://wordpress.org/export/{version}/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:wp="{scheme}://wordpress.org/export/{version}/">\n'
        f"<channel><title>Small site</title>{channel_body}</channel></rss>\n"
    ).encode()


ONE_POST = """
<wp:wxr_version>{version}</wp:wxr_version>
<item>
  <title>Hello &amp; welcome</title>
  <dc:creator><![CDATA[admin]]></dc:creator>
  <content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
  <excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
  <wp:post_id>7</wp:post_id>
  <wp:post_date>2020-03-01 14:00:00</wp:post_date>
  <wp:post_date_gmt>2020-03-01 13:00:00</wp:post_date_gmt>
  <wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type>
  <category domain="category" nicename="news"><![CDATA[News]]></category>
  <wp:comment>
    <wp:comment_id>3</wp:comment_id>
    <wp:comment_date_gmt>2020-03-02 08:30:00</wp:comment_date_gmt>
    <wp:comment_content><![CDATA[Nice]]></wp:comment_content>
    <wp:comment_approved>spam</wp:comment_approved>
  </wp:comment>
</item>
"""


# --- the theme unit test data ---


def test_channel_metadata(theme_data: WxrDocument) -> None:
    assert theme_data.wxr_version == "1.2"
    assert theme_data.title == "Theme Unit Test Data"
    assert theme_data.link == "https://wpthemetestdata.wordpress.com"
    assert theme_data.base_site_url == "https://wordpress.com/"
    assert theme_data.base_blog_url == "https://wpthemetestdata.wordpress.com"
    assert [author.login for author in theme_data.authors] == ["themedemos", "themereviewteam"]
    reviewer = theme_data.authors[1]
    assert (reviewer.display_name, reviewer.first_name, reviewer.last_name) == (
        "Theme Reviewer",
        "Theme",
        "Review",
    )
    assert reviewer.wp_id is None  # WordPress.com leaves out wp:author_id


def test_item_counts_by_post_type(theme_data: WxrDocument) -> None:
    assert len(theme_data.items) == 186
    assert Counter(item.post_type for item in theme_data.items) == {
        "post": 58,
        "page": 21,
        "attachment": 37,
        "nav_menu_item": 70,
    }


def test_posts_are_56_published_one_draft_one_scheduled(theme_data: WxrDocument) -> None:
    posts = [item for item in theme_data.items if item.post_type == "post"]
    assert Counter(post.status for post in posts) == {"publish": 56, "draft": 1, "future": 1}


def test_categories_tags_and_other_terms(theme_data: WxrDocument) -> None:
    assert len(theme_data.categories) == 68
    assert len(theme_data.tags) == 110
    assert {category.kind for category in theme_data.categories} == {"category"}
    assert {tag.kind for tag in theme_data.tags} == {"post_tag"}
    assert Counter(term.kind for term in theme_data.terms) == {"nav_menu": 6, "category": 1}
    child_2 = next(c for c in theme_data.categories if c.slug == "child-2")
    assert (child_2.name, child_2.parent_slug, child_2.term_id) == ("Child 2", "child-1", 1043329)
    block = next(c for c in theme_data.categories if c.slug == "block")
    assert block.description.startswith("Items in the block category")


def test_comment_counts(theme_data: WxrDocument) -> None:
    comments = _all_comments(theme_data)
    by_id = {comment.comment_id: comment for comment in comments}
    assert len(comments) == 33
    assert len(by_id) == 33
    assert sum(1 for comment in comments if comment.parent_id) == 10
    assert max(_depth(comment, by_id) for comment in comments) == 9
    assert _depth(by_id[915], by_id) == 9
    assert Counter(comment.approved for comment in comments) == {"1": 30, "0": 3}
    assert Counter(comment.comment_type for comment in comments) == {
        "": 28,
        "comment": 1,
        "pingback": 2,
        "trackback": 2,
    }
    on_posts = [c for item in theme_data.items if item.post_type == "post" for c in item.comments]
    assert len(on_posts) == 28


def test_scheduled_post_fields(theme_data: WxrDocument) -> None:
    scheduled = next(item for item in theme_data.items if item.post_id == 1153)
    assert (scheduled.title, scheduled.status, scheduled.post_name) == (
        "Scheduled",
        "future",
        "scheduled",
    )
    assert scheduled.post_date_gmt == datetime(2030, 1, 1, 19, 0, 18, tzinfo=UTC)
    assert scheduled.post_date == datetime(2030, 1, 1, 12, 0, 18)
    assert scheduled.creator == "themedemos"
    assert WxrItemTerm("post_tag", "content-2", "content περιεχόμενο") in scheduled.categories
    assert WxrItemTerm("category", "unpublished", "Unpublished") in scheduled.categories


def test_item_details(theme_data: WxrDocument) -> None:
    by_id = {item.post_id: item for item in theme_data.items}
    assert by_id[1168].post_password == "enter"
    assert [item.post_id for item in theme_data.items if item.is_sticky] == [1241]
    attachment = by_id[611]
    assert attachment.attachment_url.endswith("/2008/06/canola2.jpg")
    assert (attachment.parent_id, attachment.status) == (555, "inherit")
    assert by_id[51].postmeta[1] == ("_wp_page_template", "default")
    assert sum(len(item.postmeta) for item in theme_data.items) == 737
    # Content is HTML kept verbatim, block-editor comments included.
    assert by_id[163].content.startswith("<!-- wp:paragraph -->\n<p>This test post")


def test_dates_are_utc_aware(theme_data: WxrDocument) -> None:
    dated = [item.post_date_gmt for item in theme_data.items]
    dated += [comment.date_gmt for comment in _all_comments(theme_data)]
    assert all(value is not None and value.utcoffset().total_seconds() == 0 for value in dated)
    anonymous = next(c for c in _all_comments(theme_data) if c.comment_id == 167)
    assert anonymous.date_gmt == datetime(2007, 9, 4, 0, 49, 28, tzinfo=UTC)
    assert anonymous.date == datetime(2007, 9, 4, 10, 49, 28)


def test_parses_fast_from_path_or_file(theme_data: WxrDocument) -> None:
    started = time.perf_counter()
    with FIXTURE.open("rb") as fileobj:
        from_file = parse_wxr(fileobj)
    assert time.perf_counter() - started < 1.0
    assert from_file == theme_data
    assert parse_wxr(str(FIXTURE)) == theme_data


# --- namespaces and versions ---


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_namespace_variants_parse_alike(scheme: str, version: str) -> None:
    document = parse_wxr(io.BytesIO(_wxr(version, scheme, ONE_POST.format(version=version))))
    assert document.wxr_version == version
    (item,) = document.items
    assert (item.post_id, item.title, item.creator) == (7, "Hello & welcome", "admin")
    assert (item.content, item.excerpt) == ("<p>Body</p>", "Short")
    assert item.post_date_gmt == datetime(2020, 3, 1, 13, tzinfo=UTC)
    assert item.categories == (WxrItemTerm("category", "news", "News"),)
    (comment,) = item.comments
    assert (comment.comment_id, comment.approved, comment.content) == (3, "spam", "Nice")
    assert comment.date_gmt == datetime(2020, 3, 2, 8, 30, tzinfo=UTC)


def test_version_comes_from_the_namespace_when_the_element_is_missing() -> None:
    assert parse_wxr(io.BytesIO(_wxr("1.1", "http"))).wxr_version == "1.1"


def test_wxr_1_0_categories_and_tags() -> None:
    body = """
    <wp:category><wp:category_nicename>news</wp:category_nicename>
      <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>
    </wp:category>
    <wp:tag><wp:tag_slug>cats</wp:tag_slug><wp:tag_name><![CDATA[Cats]]></wp:tag_name></wp:tag>
    <item><title>Old</title><wp:post_id>1</wp:post_id>
      <category><![CDATA[News]]></category>
      <category domain="category" nicename="news"><![CDATA[News]]></category>
      <category domain="tag"><![CDATA[Cats]]></category>
      <category domain="tag" nicename="cats"><![CDATA[Cats]]></category>
    </item>
    """
    document = parse_wxr(io.BytesIO(_wxr("1.0", "http", body)))
    assert document.categories[0].slug == "news"
    assert document.categories[0].term_id is None
    assert document.tags[0].kind == "post_tag"
    assert document.items[0].categories == (
        WxrItemTerm("category", "news", "News"),
        WxrItemTerm("post_tag", "cats", "Cats"),
    )


def test_zero_dates_become_none() -> None:
    body = """<item><wp:post_id>9</wp:post_id>
      <wp:post_date>2021-05-05 10:00:00</wp:post_date>
      <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:status>draft</wp:status>
    </item>"""
    (draft,) = parse_wxr(io.BytesIO(_wxr(channel_body=body))).items
    assert draft.post_date_gmt is None
    assert draft.post_date == datetime(2021, 5, 5, 10)


# --- refusals ---


def test_truncated_file_names_the_line() -> None:
    data = FIXTURE.read_bytes()
    truncated = data[: len(data) // 2]
    with pytest.raises(WxrError, match=r"not well-formed XML at line \d+, column \d+") as info:
        parse_wxr(io.BytesIO(truncated))
    line = int(re.search(r"line (\d+)", str(info.value)).group(1))
    assert line == truncated.count(b"\n") + 1


def test_mismatched_tag_names_line_column_and_reason() -> None:
    # Line 5 is "  <title>x</item>"; expat points at the name in the wrong end tag.
    broken = _wxr(channel_body="\n<item>\n  <title>x</item>")
    with pytest.raises(WxrError, match=r"at line 5, column 13: mismatched tag$"):
        parse_wxr(io.BytesIO(broken))


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "root element is <"),
        (b'<rss version="2.0"><channel><title>Blog</title></channel></rss>', "namespace"),
        (b'<rss xmlns:wp="http://wordpress.org/export/1.2/"></rss>', "no <channel>"),
    ],
)
def test_xml_that_is_not_wxr_is_refused(xml: bytes, message: str) -> None:
    with pytest.raises(WxrError, match=re.escape(message)):
        parse_wxr(io.BytesIO(xml))


def test_billion_laughs_is_refused() -> None:
    # Nine levels of tenfold expansion: a billion "lol"s if an entity were ever expanded.
    declarations = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        expansion = f"&lol{level - 1};" * 10
        declarations.append(f'<!ENTITY lol{level} "{expansion}">')
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(declarations)}]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol9;</title>'
        "</channel></rss>"
    ).encode()
    with pytest.raises(WxrError, match="entity"):
        parse_wxr(io.BytesIO(bomb))


def test_external_entity_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&secret;</title>'
        b"</channel></rss>"
    )
    with pytest.raises(WxrError):
        parse_wxr(io.BytesIO(xxe))


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("<wp:post_id>seven</wp:post_id>", "wp:post_id 'seven' is not a whole number"),
        ("<wp:post_id>7</wp:post_id><wp:post_date_gmt>soon</wp:post_date_gmt>", "not a date"),
        ("<wp:post_type>post</wp:post_type>", "wp:post_id is missing"),
    ],
)
def test_bad_item_values_name_the_item(field: str, message: str) -> None:
    body = f"<item><title>Broken post</title>{field}</item>"
    with pytest.raises(WxrError, match=re.escape(message)) as info:
        parse_wxr(io.BytesIO(_wxr(channel_body=body)))
    assert "'Broken post'" in str(info.value)
