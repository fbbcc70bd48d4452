"""schemathesis against a live Forum: every answer of /api/v1 matches the OpenAPI document
(status codes, media types, bodies, headers), no 5xx, across the examples, coverage, fuzzing
and stateful phases (the document's links chain a comment to its thread, report, edit and
withdrawal). Bounded: a few examples per operation, a deterministic run, well under a minute.

Runs the `schemathesis` command (as an operator would) so its report is what a failure shows."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forum import create_app
from forum.accounts.users import create_user
from forum.core import settings
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.embed.sites import add_site
from forum.migrate import upgrade_to_head
from forum.models import Role
from tests.conftest import build_test_config
from tests.support.live_server import serving

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance,response_headers_conformance")


def _schemathesis() -> str:
    found = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(found).exists():
        pytest.fail("schemathesis is not installed: pip install -e '.[dev]'")
    return found


@pytest.fixture
def api_site(tmp_path):
    def build(site_url: str):
        app = create_app(build_test_config("sqlite:///" + str(tmp_path / "api.sqlite3"),
                                           str(tmp_path / "instance"),
                                           **{"SITE_URL": site_url}))
        database = get_database(app)
        upgrade_to_head(database.engine)
        with app.app_context(), database.session_factory() as session:
            admin = create_user(session, "admin@example.org", "Editorial team", Role.ADMIN,
                                "correct horse battery")
            load_demo(session, admin, utcnow())
            add_site(session, admin, site_url, "Forum itself, as a host page", False, "1000")
            # The generated comments must reach the checks' answers, not the per-address limit.
            settings.update(session, admin, {"comments_per_ip_per_minute": 0,
                                             "comments_per_ip_per_hour": 0})
            session.commit()
        return app

    with serving(build) as (url, app):
        yield url
        get_database(app).engine.dispose()


def test_every_answer_matches_the_openapi_document(api_site, tmp_path):
    completed = subprocess.run(
        [_schemathesis(), "run", api_site + "/api/v1/openapi.json", "--url",
         api_site + "/api/v1", "--checks", CHECKS, "--max-examples", "6",
         "--phases", "examples,coverage,fuzzing,stateful", "--generation-deterministic",
         "--request-timeout", "10", "--workers", "1", "--no-color"],
        capture_output=True, text=True, timeout=170, check=False,
        cwd=tmp_path)  # its run data (.schemathesis/) stays out of the checkout
    report = completed.stdout + completed.stderr
    assert completed.returncode == 0, report[:3000] + "\n...\n" + report[-5000:]
    assert "✅  Stateful" in report and "✅  Coverage" in report, report[-3000:]
