"""Two `forum serve` workers enforce the documented sign-in limit together (counts in Redis,
as the README tells operators to configure it)."""
from __future__ import annotations

import re
from collections import Counter

from tests.support.forum_serve import ForumServe, prepare_site, start_forum_serve


def _failed_sign_in(server: ForumServe, email: str) -> tuple[int, str]:
    """As a browser does it: open the form (session cookie, CSRF token), then send it."""
    _, headers, page = server.request("GET", "/login")
    cookie = headers["set-cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    status, _, page = server.request("POST", "/login", {
        "email": email, "password": "not the password", "csrf_token": token},
        headers={"Cookie": cookie})
    return status, page


def test_two_workers_together_allow_five_failed_sign_ins_per_minute(tmp_path):
    instance = tmp_path / "instance"
    prepare_site(instance, None)
    server = start_forum_serve(instance, None, workers=2)
    try:
        statuses = Counter()
        for number in range(12):  # twelve separate connections, spread over both workers
            status, page = _failed_sign_in(server, f"guess{number}@example.org")
            statuses[status] += 1
            if status == 429:
                assert "Too many failed sign-in attempts" in page
        assert statuses == {401: 5, 429: 7}
        assert server.shared_limits.keys(), "the counts live in Redis"
        assert all("127.0.0.1" not in key for key in server.shared_limits.keys())
        pids = set(server.booted_workers())
        assert len(pids) == 2
    finally:
        server.stop()
