"""Configuration layers: defaults, instance file, FORUM_* environment, test config."""
import logging

from forum import create_app
from tests.conftest import build_test_config


def test_environment_overrides_the_instance_file_and_types_are_kept(tmp_path, monkeypatch,
                                                                     database_url):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SITE_TITLE = "From file"\nMAX_THREAD_DEPTH = 3\n')
    monkeypatch.setenv("FORUM_MAX_THREAD_DEPTH", "7")
    config = build_test_config(database_url, str(instance))
    app = create_app(config)
    assert app.config["SITE_TITLE"] == "From file"
    assert app.config["MAX_THREAD_DEPTH"] == 7


def test_unknown_keys_are_warned_about(tmp_path, caplog, database_url):
    with caplog.at_level(logging.WARNING):
        create_app(build_test_config(database_url, str(tmp_path / "i"), SITE_TITEL="typo"))
    assert "unknown configuration key SITE_TITEL" in caplog.text


def test_a_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path, database_url):
    config = build_test_config(database_url, str(tmp_path / "i"))
    del config["SECRET_KEY"]
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "i" / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "SECRET_KEY": "x",
                      "SITE_URL": "https://forum.example.org"})
    assert app.config["DATABASE_URL"] == "sqlite:///" + str(tmp_path / "i" / "forum.sqlite3")
