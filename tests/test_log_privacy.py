"""What reaches a log line (forum.log_privacy): one line per record, no token, no address."""
from __future__ import annotations

import logging
import re

from forum.log_privacy import PRIVATE_PREFIXES, PrivacyFormatter, printable, redact_path

TOKEN = "3ZkW5x4iu80pAcPjx45BEXAeuwSdziRv"


def test_a_missing_path_is_logged_as_a_dash_not_an_error():
    # gunicorn's error path (a malformed request) has no PATH_INFO
    assert redact_path(None) == "-"


def test_control_characters_become_visible_escapes():
    assert printable("/a\n[forged] x\r\x00\x1b[31m\u2028") == \
        "/a\\x0a[forged] x\\x0d\\x00\\x1b[31m\\u2028"
    assert "\n" not in redact_path("/a\n[forged]")


def test_private_links_lose_their_token_whatever_it_looks_like():
    assert redact_path(f"/manage/{TOKEN}/edit") == "/manage/…/edit"
    assert redact_path("/privacy/stop/short.lowercase.token") == "/privacy/stop/…"
    assert redact_path("/my-data/access/abc?x=1") == "/my-data/access/…?…"
    assert redact_path(f"/anything/{TOKEN}") == "/anything/…"
    assert redact_path("/posts/memo-17-2026-universal-register?page=2") == \
        "/posts/memo-17-2026-universal-register?…"


def test_every_route_that_carries_a_token_is_known_to_the_redaction(app):
    token_rules = [rule.rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert token_rules, "expected the privacy routes"
    for rule in token_rules:
        assert rule.startswith(PRIVATE_PREFIXES), f"{rule} would log its token"


def _format(message: str, *args, exc: BaseException | None = None) -> str:
    record = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, message, args,
                               (type(exc), exc, exc.__traceback__) if exc else None)
    return PrivacyFormatter("[%(levelname)s] %(message)s").format(record)


def test_error_log_messages_lose_client_addresses_uris_and_line_breaks():
    line = _format("Invalid request from ip={ip}: {error}".format(
        ip="203.0.113.9", error="Invalid HTTP request line: 'GET /x\n[forged]'"))
    assert "203.0.113.9" not in line and "ip=…" in line and "\n" not in line
    line = _format("Error handling request %s", f"/my-data/access/{TOKEN}?email=a@b.example")
    assert TOKEN not in line and "a@b.example" not in line


def test_a_traceback_cannot_pass_for_a_record_of_its_own():
    try:
        raise ValueError("bad input\n[2026-01-01 00:00:00 +0000] [1] [INFO] forged")
    except ValueError as error:
        text = _format("unhandled error", exc=error)
    first, *rest = text.split("\n")
    assert first == "[WARNING] unhandled error"
    assert rest and all(line.startswith("  | ") for line in rest)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text)
