"""Many readers posting to one discussion at once, against a live `forum serve`, and the checks
that what they were told matches what was stored."""
from __future__ import annotations

import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html import unescape

from sqlalchemy import create_engine, text

from forum.privacy.subject_refs import token_hash
from tests.support.forum_serve import SECRET_KEY, ForumServe

MANAGE_LINK = re.compile(r"^/manage/([^/?]+)\?new=1$")


@dataclass
class LoadResult:
    acknowledged: dict[str, str] = field(default_factory=dict)  # body -> management token
    with_email: set[str] = field(default_factory=set)  # bodies whose writer gave an email
    statuses: Counter = field(default_factory=Counter)
    unavailable_pages: list[tuple[str, str]] = field(default_factory=list)  # (body, 503 page)
    transport_errors: list[str] = field(default_factory=list)  # reset connections (a kill)
    receipts: Counter = field(default_factory=Counter)  # status of each writer's receipt page
    other_answers: list[str] = field(default_factory=list)  # a 303 elsewhere than the receipt
    lock = threading.Lock()


def kept_form(page: str) -> dict[str, str]:
    """The fields a 503 page gives back, as the reader's browser would send them again."""
    fields = {name: unescape(value) for name, value in
              re.findall(r'<input (?:type="hidden" |id="[^"]+" )?name="([^"]+)" value="([^"]*)"',
                         page)}
    fields.update({name: unescape(value) for name, value in
                   re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)})
    return fields


def post_comments(server: ForumServe, slug: str, *, clients: int, per_client: int,
                  run_id: str | None = None, between: threading.Event | None = None,
                  resend_after: float | None = None) -> LoadResult:
    """`clients` readers each post `per_client` comments; all of them start together.

    With `resend_after`, a reader answered 503 waits that long and sends the form the page gave
    back (for at most a minute), as the page asks them to."""
    result, run_id = LoadResult(), run_id or uuid.uuid4().hex[:8]
    start = threading.Barrier(clients)

    def reader(number: int) -> None:
        status, _, page = server.request("GET", f"/posts/{slug}")
        timing = re.search(r'name="form_started" value="([^"]+)"', page) if status == 200 else None
        start.wait()
        for index in range(per_client):
            body = f"Load {run_id} reader {number} comment {index}: a considered answer."
            fields = {"author_name": f"Reader {number}", "body_md": body, "homepage": "",
                      "form_started": timing.group(1) if timing else ""}
            if index % 2 == 0:  # half give an email (each its own: mail per recipient is limited)
                fields["author_email"] = f"reader{number}.{index}@example.org"
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, headers, page = server.request("POST", f"/posts/{slug}/comments",
                                                           fields)
                except OSError as error:
                    with result.lock:
                        result.transport_errors.append(f"{type(error).__name__}: {body}")
                    break
                with result.lock:
                    result.statuses[status] += 1
                    link = MANAGE_LINK.match(headers.get("location", "").replace(server.url, ""))
                    if status == 303 and link:
                        result.acknowledged[body] = link.group(1)
                        if "author_email" in fields:
                            result.with_email.add(body)
                    elif status == 503:
                        result.unavailable_pages.append((body, page))
                    elif status == 303:
                        result.other_answers.append(headers.get("location", ""))
                if between is not None:
                    between.set()
                if status != 503 or resend_after is None or time.monotonic() > deadline:
                    break
                time.sleep(resend_after)
                fields = kept_form(page)
        # Each writer opens the receipt of their last acknowledged comment.
        mine = [token for body, token in list(result.acknowledged.items())
                if f"reader {number} " in body]
        if mine:
            try:
                receipt_status = server.request("GET", f"/manage/{mine[-1]}")[0]
            except OSError:
                receipt_status = "transport error"
            with result.lock:
                result.receipts[receipt_status] += 1

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return result


def stored_comments(database_url: str, run_marker: str) -> dict[str, list[str]]:
    """Body -> the management-token hashes stored for it (one per stored copy)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT c.body_md, p.token_hash FROM comments c "
                "LEFT JOIN comment_privacy p ON p.comment_id = c.id WHERE c.body_md LIKE :m"),
                {"m": f"Load {run_marker} %"}).all()
    finally:
        engine.dispose()
    stored: dict[str, list[str]] = {}
    for body, hashed in rows:
        stored.setdefault(body, []).append(hashed)
    return stored


def assert_acknowledged_stored_once(result: LoadResult, stored: dict[str, list[str]]) -> None:
    duplicated = {body: hashes for body, hashes in stored.items() if len(hashes) != 1}
    assert not duplicated, f"stored more than once: {list(duplicated)[:3]}"
    missing = [body for body in result.acknowledged if body not in stored]
    assert not missing, f"acknowledged but not stored: {missing[:3]}"
    for body, token in result.acknowledged.items():
        assert stored[body] == [token_hash(SECRET_KEY, token)], "receipt for another comment"
    orphans = [body for body, hashes in stored.items() if hashes == [None]]
    assert not orphans, f"stored without its private record: {orphans[:3]}"


def count_rows(database_url: str, table: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
    finally:
        engine.dispose()
