"""A real HTTP server (Werkzeug's, threaded) on 127.0.0.1 and a port the OS picks.

The port is known before the app is built, so the app can be given its own address (SITE_URL)
and refuse any other Host, as in production.
"""
from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def serving(build_app: Callable[[str], Flask]) -> Iterator[tuple[str, Flask]]:
    """build_app(site_url) -> app; yields (site_url, app) while the server runs."""
    apps: list[Flask] = []
    server = make_server("127.0.0.1", 0, lambda environ, start: apps[0](environ, start),
                         threaded=True)
    site_url = f"http://127.0.0.1:{server.server_port}"
    apps.append(build_app(site_url))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_url, apps[0]
    finally:
        server.shutdown()
        server.server_close()


def timed_post(site_url: str, path: str, fields: dict[str, str]) -> tuple[int, float, bytes]:
    """POST a form; (status, seconds until the whole answer was read, body). No proxy."""
    host, port = site_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=urlencode(fields),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, body
    finally:
        connection.close()
