"""Forum's built-in plugins are the top-level package `plugins`; another distribution providing
that name, or a folder called `plugins` earlier on sys.path, stops start-up with both named."""
from __future__ import annotations

import subprocess
import sys

import pytest

from forum import create_app
from forum.plugin_host.package_check import EXPECTED_LOCATION, PluginPackageClash
from tests.conftest import ROOT, build_test_config


def _plugins_folder(site) -> None:
    (site / "plugins").mkdir(parents=True)
    (site / "plugins" / "__init__.py").write_text('"""Not Forum\'s plugins."""\n')


def _fake_distribution(site, name: str = "clashing-plugins") -> None:
    """A tiny installed distribution (its metadata and its files) with a top-level `plugins`."""
    _plugins_folder(site)
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "top_level.txt").write_text("plugins\n")
    (info / "RECORD").write_text(f"plugins/__init__.py,,\n{info.name}/METADATA,,\n")


def test_another_distribution_installing_plugins_is_refused_by_name(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _fake_distribution(site)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])  # installed, but found after ours
    with pytest.raises(PluginPackageClash) as refused:
        create_app(build_test_config("sqlite://", str(tmp_path / "instance")))
    message = str(refused.value)
    assert "clashing-plugins" in message and "forum" in message
    assert str(EXPECTED_LOCATION) in message


def test_a_plugins_folder_first_on_the_path_stops_the_forum_command(tmp_path):
    site = tmp_path / "site"
    _plugins_folder(site)  # a bare folder, no distribution behind it
    result = subprocess.run(
        [sys.executable, "-m", "forum.cli", "plugins", "list"], cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": f"{site}:{ROOT}", "PATH": "/usr/bin:/bin",
             "FORUM_INSTANCE_PATH": str(tmp_path / "instance"),
             "FORUM_SITE_URL": "http://localhost", "FORUM_SECRET_KEY": "test-secret",
             "FORUM_DATABASE_URL": "sqlite:///" + str(tmp_path / "forum.sqlite3")})
    assert result.returncode != 0
    assert str(site / "plugins") in result.stderr and str(EXPECTED_LOCATION) in result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-1500:]

