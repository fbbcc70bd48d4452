"""A test client that, like every WSGI server, closes each response once it has read it.

Werkzeug's test client leaves responses open unless `buffered=True`; a real server (gunicorn,
Werkzeug's own) always calls `close()`, which is when the app hands its after-the-response work
to the background (forum.web.after_response). The client then waits for that work, so a test
sees its effects (a mail sent, a row written) as soon as the request returns.
"""
from __future__ import annotations

from flask.testing import FlaskClient

from forum.web.after_response import wait_for_background_work


class ServerLikeClient(FlaskClient):
    def open(self, *args, buffered: bool = True, **kwargs):
        response = super().open(*args, buffered=buffered, **kwargs)
        assert wait_for_background_work(timeout=30), "after-the-response work did not finish"
        return response
