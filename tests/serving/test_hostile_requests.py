"""Malformed and hostile requests against a real `forum serve` (two workers), over raw sockets.

A request gunicorn cannot parse used to kill the worker that read it (the access logger raised
on the missing path), so a small flood took the site down; a %0a in a path wrote a forged line
into the log. Whatever arrives, the workers live, the site answers and every log line is one
record without control characters, client address or token.
"""
from __future__ import annotations

import re
import socket
import time

import pytest

from tests.support.forum_serve import prepare_site, start_forum_serve

TOKEN = "3ZkW5x4iu80pAcPjx45BEXAeuwSdziRv"
HOSTILE = [
    # duplicate Content-Length: gunicorn refuses it on its error path (no PATH_INFO there)
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\na",
    b"GET /a%0a[forged]%0d%0aline HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%00%1b[31mred%e2%80%a8 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
    b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /manage/" + TOKEN.encode() + b"/edit?k=" + TOKEN.encode() + b" HTTP/1.1\r\n"
    b"Host: x\r\n\r\n",
    b"GET /my-data/access/" + TOKEN.encode() + b" HTTP/1.1\r\nContent-Length: x\r\n\r\n",
    b"\r\n\r\n",
]
# A record starts with gunicorn's "[date] [pid] [LEVEL]", or is an access line "METHOD path";
# a traceback's lines carry the continuation mark.
RECORD_START = re.compile(r'^(\[\d{4}-\d\d-\d\d [\d:]+ [+-]\d{4}\] \[\d+\] \[[A-Z]+\] |"|  \| )')


def _send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        chunks = []
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before reading everything: fine
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
        return b"".join(chunks)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("hostile") / "instance"
    prepare_site(instance, None)
    forum = start_forum_serve(instance, None, workers=2)
    yield forum
    forum.stop()


def test_malformed_requests_get_an_answer_and_never_kill_a_worker(server):
    workers_before = server.booted_workers()
    for _ in range(5):  # a small flood: five rounds of every kind
        for data in HOSTILE:
            answer = _send(server.port, data)
            assert answer == b"" or answer.startswith(b"HTTP/1."), answer[:80]
    status, _, _ = server.request("GET", "/", timeout=10)
    assert status == 200
    time.sleep(0.5)  # let the last log lines reach the file
    log = server.log()
    assert "Worker exiting" not in log and "Exception in worker process" not in log
    assert server.booted_workers() == workers_before


def test_log_lines_are_single_records_without_address_or_token(server):
    for data in HOSTILE:
        _send(server.port, data)
    server.request("GET", "/", timeout=10)
    time.sleep(0.5)
    log = server.log()
    assert "Invalid request from ip=" in log.replace("ip=…", "ip=") or '" 400 ' in log
    for line in log.splitlines():
        assert RECORD_START.match(line), f"a line that is no record of its own: {line!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line), repr(line)
    assert "127.0.0.1:" not in log.replace(f"127.0.0.1:{server.port}", "")
    assert "ip=127.0.0.1" not in log
    assert TOKEN not in log
    assert "[forged]" in log and "\\x0a[forged]" in log  # logged, visibly escaped
