"""Fixtures in the style of flaskr and hypothesis/h.

Every database-touching test runs twice, on SQLite and on PostgreSQL (the `database_url`
fixture is parametrised). The schema is built once per backend by the real Alembic migrations;
each test then runs inside a transaction that is rolled back, so tests never see each other.

Under pytest-xdist each worker is a session of its own: its own PostgreSQL database (named after
the worker) and its own SQLite file (in the worker's own temporary folder), so `-n auto` is safe.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from forum import create_app
from forum.db import get_database, make_engine
from forum.migrate import upgrade_to_head
from tests.support.client import ServerLikeClient
from tests.support.factories import Factory
from tests.support.mail import Inbox, start_smtp
from tests.support.postgres import postgres_database

BACKENDS = ["sqlite", "postgresql"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    yield from postgres_database()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    return "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "forum.sqlite3")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    # pytest keeps one value of a parametrised fixture at a time and remakes it when the next
    # test wants the other backend. The databases themselves are unparametrised session
    # fixtures, so going back and forth (tests run longest first, see pytest_collection_
    # modifyitems) reuses them instead of making and migrating new ones.
    return request.getfixturevalue("postgres_url" if request.param == "postgresql"
                                   else "sqlite_url")


@pytest.fixture(scope="session")
def migrated_engines() -> Iterator[dict[str, Engine]]:
    """Database URL -> an engine on it with the schema at head, each migrated once."""
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str, migrated_engines: dict[str, Engine]) -> Engine:
    if database_url not in migrated_engines:
        engine = make_engine(database_url)
        upgrade_to_head(engine)
        migrated_engines[database_url] = engine
    return migrated_engines[database_url]


@pytest.fixture
def fresh_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """An empty database, not yet migrated: a new SQLite file, or a new PostgreSQL schema."""
    if not database_url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite3")
        return
    schema = f"fresh_{uuid.uuid4().hex[:12]}"
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    yield f"{database_url}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


def build_test_config(database_url: str, instance_path: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "INSTANCE_PATH": instance_path,
        "WTF_CSRF_ENABLED": False,  # one test turns it back on to prove staff forms need it
        "SITE_URL": "http://localhost",
        "PURGE_AUTOMATICALLY": False,  # the daily retention run would add queries to a request
        "PASSWORD_HASH_PROFILE": "cheap-for-tests",  # hundreds of hashes: seconds, not minutes
    }
    config.update(overrides)
    return config


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def app(migrated_engine, database_url: str, tmp_path, config_overrides: dict):
    instance = str(tmp_path / "instance")
    app = create_app(build_test_config(database_url, instance, **config_overrides))
    app.test_client_class = ServerLikeClient
    database = get_database(app)
    connection = migrated_engine.connect()
    transaction = connection.begin()
    # Views commit; with savepoints their commits stay inside the test's outer transaction.
    database.session_factory = sessionmaker(bind=connection, expire_on_commit=False,
                                            join_transaction_mode="create_savepoint")
    app.test_connection = connection
    yield app
    transaction.rollback()
    connection.close()
    database.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app) -> Iterator[Session]:
    session = get_database(app).session_factory()
    yield session
    session.close()


@pytest.fixture
def factory(db_session: Session, app) -> Factory:
    return Factory(db_session, app)


@pytest.fixture
def login(client, factory):
    """Sign a staff member in through the real form; returns the user."""
    def sign_in(role: str = "admin", **kwargs):
        user = factory.user(role=role, password="correct horse battery", **kwargs)
        factory.session.commit()
        response = client.post("/login", data={"email": user.email,
                                               "password": "correct horse battery"})
        assert response.status_code == 303, response.data
        return user
    return sign_in


def pytest_report_header(config) -> str:
    return f"forum tests: backends {', '.join(BACKENDS)}; CI={os.environ.get('CI', '')!r}"


# The longest tests, longest first (from `pytest --durations`): they start at once, and the
# short ones fill in around them, so two workers finish together instead of one of them
# starting a minute-long test at the end. A path is a test module or a folder of them.
LONGEST_FIRST = (
    "tests/browser/test_hostile_input.py",
    "tests/plugin_host/test_example_plugin_install.py",
    "tests/web/test_hostile_input.py",
    "tests/plugins/wordpress/test_importer.py",
    "tests/web/test_odd_input.py",
    "tests/plugins/wordpress/test_hostile_import.py",
    "tests/test_packaging.py",
    "tests/serving/",
    "tests/test_serving.py",
    "tests/test_make_demo.py",
    "tests/browser/",
    "tests/plugins/wordpress/test_commands.py",
    "tests/web/test_access_matrix.py",
    "tests/core/test_properties.py",
    "tests/privacy/",
)


def _expected_rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    for rank, prefix in enumerate(LONGEST_FIRST):
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return rank
    return len(LONGEST_FIRST)


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by fixture, which this reorders
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A stable sort: within a rank the collected order (and so each module's own) stays.
    items.sort(key=_expected_rank)


# --- a real SMTP server (aiosmtpd), one per test process ---------------------------------------

@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """(inbox, port) of an SMTP server in this process; `smtp_config` points an app at it."""
    controller, inbox, port = start_smtp()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    """The SMTP server's inbox, emptied for this test."""
    inbox, _port = smtp_server
    inbox.messages.clear()
    return inbox


def smtp_config(port: int) -> dict:
    """Configuration that sends the app's mail to the test SMTP server on `port`."""
    return {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_SENDER": "forum@example.org"}
