"""Does /my-data answer a known address more slowly than an unknown one? (issue 10, defect 10)

Starts `forum serve` (gunicorn, 1 worker, SQLite, mail written to files as in the demo) on
127.0.0.1, stores one comment made with a known address, then over real HTTP:
1. times alternating POSTs for the known and an unknown address (a pause between them);
2. times a third request sent right behind each of them (does work left over from the first
   slow down the next visitor, which would tell the same thing?).

Run: .venv/bin/python bench/my_data_timing.py [rounds] [port]
To measure another checkout (e.g. the code before the fix), put it first on PYTHONPATH.
"""
from __future__ import annotations

import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode

KNOWN, UNKNOWN = "known.reader@example.org", "never.commented@example.org"

SEED = """
from forum import create_app
from forum.db import get_session
from forum.models import Comment, CommentStatus, Post, PostStatus, Role
from forum.db import utcnow
from forum.accounts.users import create_user
app = create_app()
with app.app_context():
    session = get_session()
    author = create_user(session, "author@example.org", "Author", Role.AUTHOR, "long password 1")
    post = Post(title="Bench", slug="bench", body_md="x", body_html="<p>x</p>",
                author_id=author.id, status=PostStatus.PUBLISHED, published_at=utcnow())
    session.add(post)
    session.flush()
    session.add(Comment(post_id=post.id, author_name="Known", author_email=KNOWN,
                        body_md="hi", body_html="<p>hi</p>", status=CommentStatus.APPROVED))
    session.commit()
""".replace("KNOWN", repr(KNOWN))


def post_once(port: int, email: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    connection.request("POST", "/my-data", body=urlencode({"email": email}),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    assert response.status == 200, response.status
    return elapsed * 1000


def main(rounds: int, port: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FORUM_INSTANCE_PATH": folder, "FORUM_SECRET_KEY": "bench" * 8,
               "FORUM_SITE_URL": f"http://127.0.0.1:{port}", "FORUM_MAIL_BACKEND": "file",
               "FORUM_PURGE_AUTOMATICALLY": "false",
               "FORUM_MAIL_RATE_LIMIT_PER_IP": "100000 per hour",
               "FORUM_MAIL_RATE_LIMIT_PER_RECIPIENT": "100000 per hour"}
        run = [sys.executable, "-m", "forum.cli"]
        subprocess.run(run + ["init-db"], env=env, check=True, capture_output=True, cwd=folder)
        subprocess.run([sys.executable, "-c", SEED], env=env, check=True, cwd=folder)
        server = subprocess.Popen(run + ["serve", "--port", str(port), "--workers", "1"],
                                  env=env, cwd=folder, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    post_once(port, "warm.up@example.org")
                    break
                except OSError:
                    time.sleep(0.1)
            for _ in range(5):
                post_once(port, KNOWN)
                post_once(port, UNKNOWN)
            timings: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
            behind: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
            for _ in range(rounds):
                for email in (KNOWN, UNKNOWN):
                    timings[email].append(post_once(port, email))
                    time.sleep(0.1)  # let after-the-response work finish, as between readers
            for _ in range(rounds):
                for email in (KNOWN, UNKNOWN):
                    post_once(port, email)
                    behind[email].append(post_once(port, "next.visitor@example.org"))
                    time.sleep(0.1)
            mails = len(os.listdir(os.path.join(folder, "mail")))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    import forum
    print(f"code: {os.path.dirname(forum.__file__)}; {rounds} rounds; {mails} mails written")
    print("| request | median ms | mean ms | min ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for label, table in (("", timings), ("next request behind ", behind)):
        for email, values in table.items():
            name = label + ("a known address" if email == KNOWN else "an unknown address")
            print(f"| {name} | {statistics.median(values):.1f} | {statistics.mean(values):.1f}"
                  f" | {min(values):.1f} | {max(values):.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40,
         int(sys.argv[2]) if len(sys.argv) > 2 else 5571)
