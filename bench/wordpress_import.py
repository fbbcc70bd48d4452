"""How long `forum import-wxr` takes on the WordPress theme unit test data.

    .venv/bin/python bench/wordpress_import.py                # SQLite, a fresh file
    .venv/bin/python bench/wordpress_import.py postgresql://postgres@127.0.0.1:5432/postgres

With a PostgreSQL URL a throwaway database is created next to the given one and dropped after.
Times the whole command (start-up, parse, import, commit) as an operator would see it, first
into an empty database and then again (the idempotent re-import).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "wordpress-theme-test-data.xml"
FORUM = [sys.executable, "-c", "from forum.cli import main; main()"]


def run(url: str, instance: str) -> list[float]:
    env = {**os.environ, "FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": instance}
    subprocess.run([*FORUM, "init-db"], env=env, check=True, capture_output=True)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        result = subprocess.run([*FORUM, "import-wxr", str(FIXTURE)], env=env, check=True,
                                capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        print(result.stdout.strip().splitlines()[-1], "(parse, import and commit, as reported)")
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        if len(sys.argv) > 1:
            import psycopg

            admin_url = sys.argv[1]
            name = f"forum_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            try:
                first, again = run(f"{base}/{name}", folder)
            finally:
                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            backend = "PostgreSQL"
        else:
            first, again = run(f"sqlite:///{folder}/bench.sqlite3", folder)
            backend = "SQLite"
    print(f"{backend}: whole command {first:.2f} s, re-import (no changes) {again:.2f} s")


if __name__ == "__main__":
    main()
