"""`pip install .` gives a package that serves the themed site without the checkout."""
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SERVE_A_PAGE = """
import forum, sys
assert "site-packages-under-test" in forum.__file__, forum.__file__
from forum import create_app, theme_path
from forum.db import get_database
from forum.migrate import upgrade_to_head
from sqlalchemy import inspect
# The theme's place is fixed inside the installed package, whatever the working folder.
for kind in ("templates", "static"):
    assert "site-packages-under-test/forum/theme/" + kind in str(theme_path(kind)), theme_path(kind)
app = create_app({"SECRET_KEY": "x", "SITE_URL": "http://localhost"})
upgrade_to_head(get_database(app).engine)
assert "wordpress_imports" in inspect(get_database(app).engine).get_table_names()
response = app.test_client().get("/")
assert response.status_code == 200, response.status_code
page = response.get_data(as_text=True)
assert 'class="site-header"' in page and "forum.css" in page, page[:300]
css = app.test_client().get("/static/forum.css")
assert css.status_code == 200 and b"--accent" in css.data
font = app.test_client().get("/static/fonts/source-serif-4-latin-wght-normal.woff2")
assert font.status_code == 200 and font.data[:4] == b"wOF2", font.data[:4]
missing = app.test_client().get("/no-such-page")
assert missing.status_code == 404 and 'class="site-header"' in missing.get_data(as_text=True)
print("served")
"""


def _clean_copy(destination):
    """The checkout as a fresh clone has it: setuptools reuses a build/ folder left in the
    source tree, which could hold files the sources no longer make."""
    shutil.copytree(ROOT, destination, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "node_modules", "instance",
        "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "bench"))
    return destination


def test_a_built_wheel_carries_the_theme_and_serves_pages(tmp_path):
    wheel_dir = tmp_path / "wheel"
    source = _clean_copy(tmp_path / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(wheel_dir), str(source)], check=True, capture_output=True, timeout=300)
    [wheel] = wheel_dir.glob("forum-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    for expected in ("forum/theme/templates/base.html", "forum/theme/static/forum.css",
                     "forum/theme/templates/publishing/admin/posts.html",
                     "forum/theme/static/fonts/OFL-source-serif-4.txt",
                     "forum/migrations/env.py", "forum/migrations/versions/0001_core_schema.py",
                     "plugins/wordpress/migrations/wordpress_0001_imports.py",
                     "plugins/antispam/templates/antispam/form_fields.html"):
        assert expected in names
    # The files themselves, not links back into a checkout the installed site will not have.
    assert archive.read("forum/theme/templates/base.html") == \
        (ROOT / "templates" / "base.html").read_bytes()
    assert archive.read("forum/theme/static/forum.css") == \
        (ROOT / "static" / "forum.css").read_bytes()
    assert not any(name.startswith("forum/_theme/") for name in names)
    target = tmp_path / "site-packages-under-test"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", SERVE_A_PAGE], cwd=run_dir, capture_output=True, text=True,
        timeout=120, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin",
                          "FORUM_INSTANCE_PATH": str(tmp_path / "instance")})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "served" in result.stdout


def test_one_metadata_file_and_no_setup_py():
    assert not (ROOT / "setup.py").exists()
    assert "[flake8]" not in (ROOT / "setup.cfg").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "[project]" not in pyproject  # metadata lives in setup.cfg only
