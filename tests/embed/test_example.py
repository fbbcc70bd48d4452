"""`make demo`'s embedding example: `forum embed-example` registers the demo's second local
origin, gives its page a small discussion (once) and prints the address; the page itself is a
host page with the script tag under a strict policy that names only Forum."""
from __future__ import annotations

import pytest

from forum import create_app
from tests.conftest import build_test_config
from tests.test_cli import run


@pytest.fixture
def demo_app(fresh_database_url, tmp_path):
    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance"),
                                       SITE_URL="http://127.0.0.1:5237",
                                       ALLOWED_HOSTS=["127.0.0.1", "localhost"],
                                       EMBED_EXAMPLE_PAGE=True))
    assert run(app, "init-db").exit_code == 0
    assert run(app, "load-demo").exit_code == 0
    return app


def test_the_example_is_set_up_once_and_its_address_printed(demo_app):
    first = run(demo_app, "embed-example")
    assert first.exit_code == 0, first.output
    assert "http://localhost:5237/embed/example" in first.output
    second = run(demo_app, "embed-example")
    assert second.exit_code == 0 and "http://localhost:5237/embed/example" in second.output
    client = demo_app.test_client()
    thread = client.get("/api/v1/threads",
                        query_string={"url": "http://localhost:5237/embed/example"})
    assert thread.json["thread"]["response_count"] == 3  # seeded once, not twice
    page = client.get("/embed/example", base_url="http://localhost:5237")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'src="http://127.0.0.1:5237/embed.js"' in html
    assert 'data-forum-page="http://localhost:5237/embed/example"' in html
    assert "<noscript>" in html
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self' http://127.0.0.1:5237" in policy
    assert "unsafe-inline" not in policy


def test_the_example_page_is_off_unless_asked(fresh_database_url, tmp_path):
    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance")))
    assert run(app, "init-db").exit_code == 0  # the 404 page shows the site's navigation
    assert app.test_client().get("/embed/example").status_code == 404
