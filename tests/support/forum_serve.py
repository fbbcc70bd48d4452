"""A real `forum serve` (gunicorn, several worker processes) on a port the OS picks, for the
serving, concurrency and fault suites.

The site is prepared in this process (schema, an admin, the demo discussion, site settings),
then served by a subprocess whose whole log goes to a file the test can read.
"""
from __future__ import annotations

import atexit
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from forum import create_app
from forum.accounts.users import create_user
from forum.core import settings
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.migrate import upgrade_to_head
from forum.models import Comment, Post, Role
from tests.conftest import build_test_config

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "live-server-secret-key-not-for-production"
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.org", "correct horse battery"
# Many comments from one address in a short time: the site's admin turned the per-address
# comment limit off for this trial (0 = no limit).
NO_COMMENT_LIMIT = {"comments_per_ip_per_minute": 0, "comments_per_ip_per_hour": 0}
REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Flask-Limiter's limiter is one object per process and keeps the first key prefix it is given,
# so apps built inside the test process share this one (each test deletes its keys).
IN_PROCESS_PREFIX = f"forum-test-{uuid.uuid4().hex[:12]}"


class SharedRateLimits:
    """Redis for the rate limits of a multi-worker server, under a prefix of its own that is
    deleted afterwards. Skips the test when Redis is not there (fails under CI=true)."""

    def __init__(self, prefix: str | None = None) -> None:
        import redis

        self.prefix = prefix or f"forum-test-{uuid.uuid4().hex[:12]}"
        self.client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
        try:
            self.client.ping()
        except redis.RedisError as error:
            if os.environ.get("CI") == "true":
                pytest.fail(f"Redis is required under CI=true: {error}", pytrace=False)
            pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}): several workers need "
                        "it to share rate limits")

    @property
    def config(self) -> dict[str, object]:
        # The store's own prefix covers every key, also those counted outside Flask-Limiter's
        # decorators (the mail limits).
        return {"RATELIMIT_STORAGE_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": self.prefix,
                "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": self.prefix}}

    def keys(self) -> list[str]:
        return [key.decode() for key in self.client.scan_iter(f"*{self.prefix}*")]

    def clean_up(self) -> None:
        for key in self.keys():
            self.client.delete(key)
        self.client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# SQLite sites prepared in this test process, copied for each test instead of built again
# (settings as JSON -> (instance folder, slug)).
_PREPARED_SQLITE: dict[str, tuple[Path, str]] = {}


def prepare_site(instance: Path, database_url: str | None,
                 site_settings: dict | None = None) -> str:
    """Schema, admin, demo content and settings; returns the slug of the demo discussion."""
    if database_url is None:
        key = json.dumps(site_settings or {}, sort_keys=True)
        if key not in _PREPARED_SQLITE:
            template = Path(tempfile.mkdtemp(prefix="forum-site-")) / "instance"
            atexit.register(shutil.rmtree, template.parent, True)
            _PREPARED_SQLITE[key] = (template, _build_site(template, None, site_settings))
        template, slug = _PREPARED_SQLITE[key]
        shutil.copytree(template, instance)
        return slug
    return _build_site(instance, database_url, site_settings)


def _build_site(instance: Path, database_url: str | None, site_settings: dict | None) -> str:
    config = build_test_config(database_url or "", str(instance))
    if database_url is None:
        config.pop("DATABASE_URL")  # the default setup: SQLite in the instance folder
    app = create_app(config)
    database = get_database(app)
    upgrade_to_head(database.engine)
    with database.session_factory() as session:
        admin = create_user(session, ADMIN_EMAIL, "Editorial team", Role.ADMIN, ADMIN_PASSWORD)
        load_demo(session, admin, utcnow())
        settings.update(session, admin, {**NO_COMMENT_LIMIT, **(site_settings or {})})
        session.commit()
        slug = session.scalar(select(Post.slug).join(Comment, Comment.post_id == Post.id)
                              .order_by(Post.id).limit(1))
    database.engine.dispose()
    return slug


@dataclass
class ForumServe:
    port: int
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str]
    host: str = "127.0.0.1"
    shared_limits: SharedRateLimits | None = None
    _log_file: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def booted_workers(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", self.log())]

    def request(self, method: str, path: str, fields: dict | None = None,
                headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, str]:
        """One HTTP request, redirects not followed: (status, headers, body)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            body = urllib.parse.urlencode(fields) if fields is not None else None
            sent = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
            connection.request(method, path, body=body, headers={**sent, **(headers or {})})
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read().decode(errors="replace"))
        finally:
            connection.close()

    def wait_until_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("forum serve exited:\n" + self.log())
            try:
                if self.request("GET", "/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("forum serve did not answer in time:\n" + self.log())

    def stop(self) -> None:
        """At once: the master and its workers (a graceful stop takes seconds and proves
        nothing here)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        else:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind, if any
            except ProcessLookupError:
                pass
        if self._log_file is not None:
            self._log_file.close()
        if self.shared_limits is not None:
            self.shared_limits.clean_up()


def serve_env(instance: Path, database_url: str | None, port: int, **config: object) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FORUM_")}
    env.update({"FORUM_INSTANCE_PATH": str(instance), "FORUM_SECRET_KEY": SECRET_KEY,
                "FORUM_PASSWORD_HASH_PROFILE": "cheap-for-tests",
                "FORUM_SITE_URL": f"http://127.0.0.1:{port}",
                "FORUM_PURGE_AUTOMATICALLY": "false", "PYTHONPATH": str(ROOT)})
    if database_url is not None:
        env["FORUM_DATABASE_URL"] = database_url
    env.update({f"FORUM_{key}": json.dumps(value) if isinstance(value, (dict, list))
                else str(value) for key, value in config.items()})
    return env


def start_forum_serve(instance: Path, database_url: str | None, *, workers: int | None = 2,
                      **config: object) -> ForumServe:
    """`forum serve` with `workers` processes (None: its default); config keys become FORUM_*
    variables.

    Several workers share their rate limits through Redis, as the README asks of operators."""
    port = free_port()
    shared_limits = SharedRateLimits() if workers and workers > 1 else None
    if shared_limits is not None:
        config = {**shared_limits.config, **config}
    env = serve_env(instance, database_url, port, **config)
    log_path = instance.parent / f"forum-serve-{port}.log"
    log_file = open(log_path, "w")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "forum.cli", "serve", "--port", str(port),
         *(["--workers", str(workers)] if workers else [])], env=env, cwd=instance.parent,
        stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    server = ForumServe(port, process, log_path, env, shared_limits=shared_limits,
                        _log_file=log_file)
    try:
        server.wait_until_up()
    except Exception:
        server.stop()
        raise
    return server
