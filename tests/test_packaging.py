"""`pip install .` gives a package that serves the themed site without the checkout."""
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SERVE_A_PAGE = """
import forum, sys
assert "site-packages-under-test" in forum.__file__, forum.__file__
from forum import create_app
from forum.db import get_database
from forum.migrate import upgrade_to_head
app = create_app({"SECRET_KEY": "x", "SITE_URL": "http://localhost"})
upgrade_to_head(get_database(app).engine)
response = app.test_client().get("/")
assert response.status_code == 200, response.status_code
page = response.get_data(as_text=True)
assert 'class="site-header"' in page and "forum.css" in page, page[:300]
css = app.test_client().get("/static/forum.css")
assert css.status_code == 200 and b"--accent" in css.data
print("served")
"""


def test_a_built_wheel_carries_the_theme_and_serves_pages(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(wheel_dir), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = wheel_dir.glob("forum-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("forum/_theme/templates/base.html", "forum/_theme/static/forum.css",
                     "forum/migrations/env.py", "forum/migrations/versions/0001_core_schema.py"):
        assert expected in names
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
