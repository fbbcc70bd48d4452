from datetime import UTC, datetime, timedelta

from plugins.antispam import form_token
from plugins.antispam.text import count_links, first_match, normalise


def test_words_match_whole_words_only_and_ignore_case():
    assert first_match(["casino"], "Visit the CASINO tonight") == "casino"
    assert first_match(["casino"], "casinos are not whole-word matches") is None
    assert first_match(["cheap pills"], "buy Cheap  pills") is None  # phrase as typed
    assert first_match(["cheap pills"], "buy Cheap pills now") == "cheap pills"


def test_words_are_unicode_normalised():
    # Full-width letters and the "ﬁ" ligature fold onto plain ones (NFKC); ß folds to ss.
    assert first_match(["casino"], "ｃａｓｉｎｏ") == "casino"
    assert first_match(["finance"], "ﬁnance") == "finance"
    assert first_match(["strasse"], "Straße") == "strasse"
    assert normalise("ＡＢＣ") == "abc"


def test_blank_list_entries_never_match():
    assert first_match(["", "   "], "anything at all") is None


def test_links_are_counted_in_the_rendered_comment():
    assert count_links('<p><a href="https://a.example">a</a> and <a href="x">b</a></p>') == 2
    assert count_links("<p>no links</p>") == 0


def test_timing_token_round_trip_and_forgery():
    shown = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    token = form_token.issue("key", 7, shown)
    assert form_token.seconds_since_shown("key", token, 7, shown + timedelta(seconds=9)) == 9
    assert form_token.seconds_since_shown("other-key", token, 7, shown) is None
    assert form_token.seconds_since_shown("key", token, 8, shown) is None  # another post's form
    assert form_token.seconds_since_shown("key", token[:-2] + "xx", 7, shown) is None
    assert form_token.seconds_since_shown("key", None, 7, shown) is None
