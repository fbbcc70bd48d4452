"""`make demo` as a newcomer runs it: a chosen port, a clear word when the port is taken, a
second run that says how to sign in, and no test tooling in a runtime install."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from tests.conftest import ROOT, build_test_config
from tests.test_cli import run


def _make_dry_run(*args: str) -> str:
    """What make would run (-n prints the commands, -B as on a fresh clone), without running it."""
    completed = subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True,
                               text=True, timeout=60, check=True)
    return completed.stdout


def test_make_demo_serves_on_the_port_given_and_checks_it_before_anything_else():
    commands = _make_dry_run("demo", "PORT=5237").splitlines()
    forum_commands = [line for line in commands if "bin/forum" in line]
    assert forum_commands[0].endswith("serve --host 127.0.0.1 --port 5237 --check-port")
    # One worker (the default) unless a Redis is configured, so the documented limits hold.
    assert forum_commands[-1].endswith("serve --host 127.0.0.1 --port 5237")
    assert not any("5000" in line for line in commands)
    # Nothing claims the site is served before the server itself says so, and no failure of
    # loading the demo is hidden.
    assert not any("Serving" in line for line in commands)
    assert not any("|| echo" in line for line in commands if "load-demo" in line)


def test_make_install_is_the_runtime_and_make_test_adds_the_test_tools():
    install = _make_dry_run("install")
    assert "pip install --quiet -e ." in install and "dev" not in install
    demo = _make_dry_run("demo")
    assert "[dev" not in demo and "playwright" not in demo
    test = _make_dry_run("test")
    assert "pip install --quiet -e '.[dev,postgres,redis]'" in test
    assert "npm ci" in test and "pytest" in test


def test_a_second_load_says_how_to_sign_in(fresh_database_url, tmp_path):
    from forum import create_app

    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance"),
                                       SITE_URL="http://127.0.0.1:5237"))
    run(app, "init-db")
    first = run(app, "load-demo", "--if-missing")
    assert first.exit_code == 0, first.output
    assert "Admin sign-in: admin@example.org / " in first.output
    assert "http://127.0.0.1:5237/login" in first.output
    second = run(app, "load-demo", "--if-missing")
    assert second.exit_code == 0, second.output
    assert "Sign in at http://127.0.0.1:5237/login as admin@example.org" in second.output
    assert "make demo-reset" in second.output
    # Without the flag a second load is still refused, with its reason.
    plain = run(app, "load-demo")
    assert plain.exit_code != 0 and "--force" in plain.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _forum(*args: str, env: dict, cwd, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "forum.cli", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            **kwargs)


def test_serve_announces_itself_once_bound_and_a_taken_port_is_refused_clearly(tmp_path):
    port = _free_port()
    env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp_path), "FORUM_SECRET_KEY": "x" * 32,
           "FORUM_SITE_URL": f"http://127.0.0.1:{port}"}
    subprocess.run([sys.executable, "-m", "forum.cli", "init-db"], env=env, check=True,
                   capture_output=True, cwd=tmp_path, timeout=120)
    first = _forum("serve", "--port", str(port), "--workers", "1", env=env, cwd=tmp_path)
    try:
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(first.stdout), daemon=True).start()
        deadline = time.monotonic() + 30
        while not any("Serving Forum" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert f"Serving Forum at http://127.0.0.1:{port}" in "".join(lines)
        for args in (["serve", "--port", str(port)], ["serve", "--port", str(port),
                                                      "--check-port"]):
            second = _forum(*args, env=env, cwd=tmp_path)
            output, _ = second.communicate(timeout=30)
            assert second.returncode != 0
            assert f"Port {port} on 127.0.0.1 is already in use" in output
            assert f"PORT={port + 1}" in output
            # Our own check answered, not gunicorn's retry loop ("Connection in use").
            assert "Connection in use" not in output
            assert "Serving" not in output and "Traceback" not in output
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
