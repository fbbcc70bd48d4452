"""Headings written in a post or a comment fit the outline of the page that shows them, so
people who move through a page by its headings (screen readers, the Nu checker) find no gaps."""
from forum.core.markup import render_comment, render_post, sanitize_comment_html


def _levels(html: str) -> list[int]:
    import re
    return [int(level) for level in re.findall(r"<h([1-6])", html)]


def test_a_posts_headings_start_below_its_title_and_never_skip_a_level():
    html = render_post("> ### The memo's own title\n\nText.\n\n# Too big\n\n## Section\n\n"
                       "##### Much too deep\n\n#### Still deep\n\n## Next section")
    assert _levels(html) == [2, 2, 2, 3, 4, 2]
    assert "<h2>The memo's own title</h2>" in html  # the words and their order stay


def test_well_ordered_headings_are_left_as_written():
    html = render_post("## One\n\n### One point one\n\n#### Detail\n\n## Two")
    assert _levels(html) == [2, 3, 4, 2]


def test_a_comments_headings_become_bold_paragraphs_wherever_it_is_shown():
    html = render_comment("# Shouting *title*\n\nBody.\n\n###### whisper")
    assert _levels(html) == []
    assert "<p><strong>Shouting <em>title</em></strong></p>" in html
    assert "<p><strong>whisper</strong></p>" in html
    # Imported comments (WordPress) go through the same sanitizer.
    assert _levels(sanitize_comment_html("<h2>Imported</h2><p>x</p>")) == []


def test_heading_text_in_code_is_left_alone():
    html = render_comment("`<h1>not a heading</h1>`\n\n    <h2>nor this</h2>")
    assert _levels(html) == [] and "not a heading" in html and "nor this" in html
    assert "<strong>" not in html
