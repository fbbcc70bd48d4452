"""The example plugin from docs/plugins.md, installed with pip into a fresh virtualenv.

This is the "done when" of the plugin issue: a third-party plugin installed with pip shows up
in the admin panel and adds a comment rule, a page and a template slot. The virtualenv sees
Forum and its dependencies through a .pth file pointing at this project's environment, so only
the plugin itself is installed (about three seconds).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.support.sample_plugins import EXAMPLE_PLUGIN_DIR

CHECK_SCRIPT = Path(__file__).parents[1] / "support" / "example_plugin_check.py"
PROJECT_ROOT = Path(__file__).parents[2]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def plugin_venv(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("example-plugin") / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv)).check_returncode()
    python = venv / "bin" / "python"
    new_site = _run(str(python), "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    host_site = sysconfig.get_paths()["purelib"]
    # `import` lines in a .pth file run at start-up; addsitedir also reads that folder's .pth
    # files, which is how the editable install of Forum is found.
    Path(new_site, "forum-host.pth").write_text(f"import site; site.addsitedir({host_site!r})\n")
    # Built from a copy: setuptools writes build files next to the sources.
    source = venv.parent / "source"
    shutil.copytree(EXAMPLE_PLUGIN_DIR, source)
    installed = _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                     "--no-deps", str(source))
    assert installed.returncode == 0, installed.stderr
    return python


def test_pip_installed_plugin_is_found_and_works(plugin_venv, tmp_path):
    database_url = "sqlite:///" + str(tmp_path / "forum.sqlite3")
    result = _run(str(plugin_venv), str(CHECK_SCRIPT), database_url, str(tmp_path / "instance"),
                  cwd=PROJECT_ROOT, env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["record"] == {"source": "forum-example-plugin", "loaded": True, "error": None}
    assert seen["admin_lists_example"] and seen["admin_shows_description"]
    assert seen["comment_codes"] == [303, 303]
    assert seen["comments"] == {"Loud": "pending", "Calm": "approved"}
    assert seen["page_status"] == 200 and seen["page_has_text"]
    assert seen["slot_on_post"]

    env = {"FORUM_DATABASE_URL": database_url, "FORUM_INSTANCE_PATH": str(tmp_path / "instance"),
           "FORUM_SECRET_KEY": "x" * 32, "FORUM_SITE_URL": "http://localhost",
           "PATH": "/usr/bin:/bin"}
    cli = [str(plugin_venv), "-c", "from forum.cli import main; main()", "plugins"]
    switched = _run(*cli, "disable", "example", env=env)
    assert switched.returncode == 0, switched.stderr
    listing = _run(*cli, "list", env=env)
    assert "example" in listing.stdout and "forum-example-plugin" in listing.stdout
    assert " off " in listing.stdout
