"""The `forum` command, run as an operator would, against a fresh database each time."""
import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from forum import create_app
from forum.db import get_session
from forum.models import Comment, Post, PostKind, Role, User
from tests.conftest import build_test_config


@pytest.fixture
def fresh_app(fresh_database_url, tmp_path):
    return create_app(build_test_config(fresh_database_url, str(tmp_path / "instance")))


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_init_db_migrates_and_is_safe_to_rerun(fresh_app):
    first = run(fresh_app, "init-db")
    assert first.exit_code == 0 and "migrated from empty" in first.output
    second = run(fresh_app, "init-db")
    assert second.exit_code == 0 and "already at the newest schema" in second.output


def test_commands_refuse_to_run_before_init_db(fresh_app):
    result = run(fresh_app, "load-demo")
    assert result.exit_code != 0 and "forum init-db" in result.output


def test_create_user_reads_the_password_from_stdin(fresh_app):
    run(fresh_app, "init-db")
    result = run(fresh_app, "create-user", "Editor@Example.org", "--role", "editor", "--name",
                 "Eda Editor", "--password-stdin", input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        user = get_session().scalar(select(User))
        assert (user.email, user.role, user.display_name) == (
            "editor@example.org", Role.EDITOR, "Eda Editor")
        assert user.password_hash.startswith("$argon2id$")


def test_create_user_explains_a_short_password_and_a_duplicate(fresh_app):
    run(fresh_app, "init-db")
    short = run(fresh_app, "create-user", "a@example.org", "--password-stdin", input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    run(fresh_app, "create-user", "a@example.org", "--password-stdin", input="long enough pw\n")
    again = run(fresh_app, "create-user", "A@example.org", "--password-stdin",
                input="long enough pw\n")
    assert again.exit_code != 0 and "exists already" in again.output


def test_load_demo_builds_the_discussion_once(fresh_app):
    run(fresh_app, "init-db")
    result = run(fresh_app, "load-demo")
    assert result.exit_code == 0, result.output
    assert "Admin sign-in: admin@example.org / " in result.output
    with fresh_app.app_context():
        session = get_session()
        assert session.scalar(select(func.count()).select_from(Post)
                              .where(Post.kind == PostKind.POST)) == 6
        assert session.scalar(select(func.count()).select_from(Post)
                              .where(Post.kind == PostKind.PAGE)) == 2
        assert session.scalar(select(func.count()).select_from(Comment)) >= 6
    reader = fresh_app.test_client()
    home = reader.get("/").get_data(as_text=True)
    assert 'href="/pages/about"' in home and 'href="/pages/comment-policy"' in home
    main = reader.get("/posts/memo-17-2026-universal-register").get_data(as_text=True)
    assert "Updated on" in main and "six weeks, not five" in main
    photo = re.search(r'<img src="(/media/[0-9a-f]{32}\.jpg)"', main)
    assert photo is not None, "the demo photo is in the main post"
    with Image.open(io.BytesIO(reader.get(photo.group(1)).data)) as image:
        assert not image.getexif().get_ifd(0x8825)  # the demo photo's GPS position is gone
    again = run(fresh_app, "load-demo")
    assert again.exit_code != 0 and "--force" in again.output
    forced = run(fresh_app, "load-demo", "--force")
    assert forced.exit_code == 0 and "Admin sign-in" not in forced.output
    page = fresh_app.test_client().get("/posts/memo-17-2026-universal-register")
    assert page.status_code == 200 and "Responses to “" in page.get_data(as_text=True)
