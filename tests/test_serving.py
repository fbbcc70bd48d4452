"""`forum serve` logs requests without anything that identifies a reader."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from forum.serving import redact_path


def test_private_tokens_are_redacted_and_slugs_kept():
    assert redact_path("/manage/3ZkW5x4iu80pAcPjx45BEXAeuwSdziRv") == "/manage/…"
    assert redact_path("/posts/memo-17-2026-universal-register") == \
        "/posts/memo-17-2026-universal-register"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_access_log_has_no_client_address_or_token(tmp_path):
    port = _free_port()
    env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp_path), "FORUM_SECRET_KEY": "x" * 32,
           "FORUM_SITE_URL": f"http://127.0.0.1:{port}"}
    subprocess.run([sys.executable, "-m", "forum.cli", "init-db"], env=env, check=True,
                   capture_output=True, cwd=tmp_path, timeout=120)
    server = subprocess.Popen([sys.executable, "-m", "forum.cli", "serve", "--port", str(port),
                               "--workers", "1"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # Until it answers: a minute, since on a busy shared machine starting gunicorn and
        # importing the app took longer than the 20 seconds this once allowed.
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break  # the assertions below say what the log shows
                time.sleep(0.2)
        token = "3ZkW5x4iu80pAcPjx45BEXAeuwSdziRv"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/manage/{token}", timeout=5)
        except urllib.error.HTTPError:
            pass  # an unknown link is refused; what matters is the log line
        time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert '"GET /" 200' in output
    assert '"GET /manage/…"' in output
    assert token not in output and "127.0.0.1 -" not in output
