"""Anchoring and re-anchoring a quote across the edits a policy post really goes through:
a typo fixed inside the quote, a sentence moved, a paragraph split, a passage deleted, the same
phrase appearing twice — and the edits that must *not* keep an attachment (a changed meaning)."""
from forum.core.markup import render_post
from forum.passages.anchoring import Selector, reattach, selector_at
from forum.passages.blocks import post_text

MEMO = """\
## What the memo proposes

The register will hold every resident's address for ten years. Councils may share it with
the police on request.

The government must publish an impact assessment before the register opens. Critics say the
costs are unknown.

- Retention: ten years.
- Access: councils and the police.
"""


def text_of(markdown):
    return post_text(render_post(markdown))


def quote(markdown, exact, occurrence=0):
    text = text_of(markdown)
    start = [i for i in range(len(text.text)) if text.text.startswith(exact, i)][occurrence]
    return selector_at(text, start, exact)


def attached_words(markdown, selector):
    text = text_of(markdown)
    found = reattach(text, selector)
    return None if found is None else (found.exact, text.block(found.block_id).text)


def test_blocks_get_ids_from_their_text_that_survive_edits_elsewhere():
    before = {b.text: b.block_id for b in text_of(MEMO).blocks}
    edited = MEMO.replace("ten years.\n", "ten years (at most).\n")
    after = {b.text: b.block_id for b in text_of(edited).blocks}
    kept = before["The government must publish an impact assessment before the register opens. "
                  "Critics say the costs are unknown."]
    assert kept == after["The government must publish an impact assessment before the register "
                         "opens. Critics say the costs are unknown."]
    assert len(before) == 5  # heading, two paragraphs, two list items
    shown = "".join(p for p in text_of(MEMO).html_pieces if isinstance(p, str))
    assert f'id="{kept}"' in shown


def test_an_unchanged_quote_stays_where_it_was():
    selector = quote(MEMO, "Councils may share it with the police on request.")
    assert attached_words(MEMO, selector)[0] == selector.exact


def test_a_sentence_moved_to_another_paragraph_is_found_there():
    selector = quote(MEMO, "Critics say the costs are unknown.")
    moved = MEMO.replace(" Critics say the\ncosts are unknown.", "").replace(
        "on request.", "on request. Critics say the costs are unknown.")
    assert "Critics say the costs" not in moved.split("The government")[1]
    exact, block = attached_words(moved, selector)
    assert exact == "Critics say the costs are unknown."
    assert block.startswith("The register will hold")


def test_a_typo_fixed_inside_the_quote_keeps_the_anchor_on_the_corrected_words():
    typo = MEMO.replace("impact assessment", "impact asessment")
    selector = quote(typo, "must publish an impact asessment before the register opens")
    exact, _ = attached_words(MEMO, selector)
    assert exact == "must publish an impact assessment before the register opens"


def test_a_changed_meaning_is_not_a_typo_the_anchor_is_orphaned():
    selector = quote(MEMO, "The government must publish an impact assessment")
    reversed_meaning = MEMO.replace("must publish", "need not publish")
    assert attached_words(reversed_meaning, selector) is None
    short_word_flip = MEMO.replace("may share it", "may not share it")
    assert attached_words(short_word_flip, quote(MEMO, "Councils may share it")) is None
    one_letter = MEMO.replace("Councils may share", "Councils can share")
    assert attached_words(one_letter, quote(MEMO, "Councils may share it with the police")) \
        is None  # "may" -> "can": a different word, not a spelling


def test_a_paragraph_split_in_two_keeps_quotes_of_either_half():
    split = MEMO.replace("opens. Critics", "opens.\n\nCritics")
    first = quote(MEMO, "publish an impact assessment")
    second = quote(MEMO, "the costs are unknown")
    assert attached_words(split, first)[1].startswith("The government must")
    assert attached_words(split, second)[1] == "Critics say the costs are unknown."


def test_a_quote_across_the_split_point_is_orphaned_rather_than_half_attached():
    split = MEMO.replace("opens. Critics", "opens.\n\nCritics")
    across = quote(MEMO, "before the register opens. Critics say")
    assert attached_words(split, across) is None


def test_a_deleted_passage_orphans_its_quote():
    selector = quote(MEMO, "Councils may share it with the police on request.")
    deleted = MEMO.replace(" Councils may share it with\nthe police on request.", "")
    assert attached_words(deleted, selector) is None


def test_the_same_phrase_twice_is_told_apart_by_its_context():
    twice = MEMO + "\nThe register will hold every resident's address, says the minister.\n"
    second = quote(twice, "The register will hold every resident's address", occurrence=1)
    first = quote(twice, "The register will hold every resident's address", occurrence=0)
    # An edit in between shifts positions; the contexts still tell the two apart.
    edited = twice.replace("## What the memo proposes", "## What the memo proposes, and why")
    assert attached_words(edited, second)[1].endswith("says the minister.")
    assert attached_words(edited, first)[1].startswith("The register will hold every resident's "
                                                       "address for ten years.")


def test_the_same_phrase_twice_with_nothing_to_tell_them_apart_attaches_nowhere():
    # A quote with no context (imported from a page that had none) whose words now stand
    # twice, at equal distance from where it was: a guess would be as likely wrong as right.
    text = text_of("Ban it.\n\nBan it.\n")  # "Ban it.\nBan it.": at 0 and at 8
    assert reattach(text, Selector("Ban it.", "", "", 4)) is None
    # Nearer one of them: that one.
    assert reattach(text, Selector("Ban it.", "", "", 7)).position == 8
