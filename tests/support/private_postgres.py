"""A throwaway PostgreSQL cluster of our own (initdb into a temporary folder, a free port), for
the tests that stop and restart the database server. The shared server other tests use is
never touched.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.forum_serve import free_port


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            if os.environ.get("CI") == "true":
                pytest.fail("PostgreSQL server binaries are required under CI=true")
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = binaries
        self.port = free_port()
        # Not under pytest's tmp_path: the server may run as the postgres user, who cannot
        # enter root's private pytest folder.
        self.folder = Path(tempfile.mkdtemp(prefix="forum-private-pg-"))
        self.data = self.folder / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.folder, self.user)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "forum")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/forum"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.folder} -c fsync=off "
                   "-c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        """A fast shutdown: open sessions are ended, as in an operator's restart."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already down
        shutil.rmtree(self.folder, ignore_errors=True)

    def wait_until_stopped(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
