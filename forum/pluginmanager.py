"""Plugin discovery and calling, on pluggy.

Built-in plugins are the packages under `plugins/`; third-party ones register through the
entry-point group "forum.plugins". Every plugin that loads stays registered for the life of the
process; whether it is *called* is decided per request from the `plugin_states` table (read at
most once per request), so switching a plugin off in the admin panel or the CLI takes effect in
every running process without a restart. A plugin that fails to load, or whose hooks keep
raising (in several requests, see forum.plugin_host.failures), is switched off (at once in this
process, and in the database for all of them), logged and shown in the admin panel; the site
keeps serving. A database or input error inside a hook is the request's error, not the
plugin's. Comment checks fail closed (forum.moderation.check_runner).
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from types import ModuleType
from typing import Any

import pluggy
from flask import Flask, abort, current_app, g, has_app_context, has_request_context, request
from jinja2 import FileSystemLoader
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from forum import hookspecs
from forum.core import markup
from forum.core import settings as settings_service
from forum.db import DATABASE_UNAVAILABLE, after_commit, get_database, get_session
from forum.models import PluginState
from forum.plugin_host import states as state_service
from forum.plugin_host.failures import FailureTracker, failed_in_this_request, is_request_error
from forum.plugin_host.installed import installed_plugin_entry_points
from forum.plugin_host.package_check import BUILTIN_PACKAGE, check_builtin_package

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "forum.plugins"
_STATES_ON_G = "_forum_plugin_states"
# Fired after the request's work is committed: an error there cannot undo that work, so it is
# logged rather than turned into an error page the writer would take for a failure.
AFTER_COMMIT_HOOKS = frozenset({"forum_comment_posted", "forum_comment_status_changed",
                                "forum_post_published", "forum_consent_changed",
                                "forum_data_erased"})


@dataclass
class PluginRecord:
    name: str
    source: str  # "built-in" or the distribution / entry point that provided it
    module: object | None  # a module, or any object with hook methods (register_plugin_module)
    error: str | None = None  # why it could not be loaded
    disabled_in_config: bool = False

    @property
    def description(self) -> str:
        doc = (self.module.__doc__ or "") if self.module else ""
        return doc.strip().splitlines()[0] if doc.strip() else ""


@dataclass
class ForumPlugins:
    manager: pluggy.PluginManager
    records: dict[str, PluginRecord] = field(default_factory=dict)
    # Failures seen by this process; they switch the plugin off here at once and are written to
    # the database at the end of the request (then the stored state takes over).
    failures: dict[str, str] = field(default_factory=dict)
    # Blueprint name -> plugin that registered it, so its pages answer 404 while it is off.
    blueprint_owners: dict[str, str] = field(default_factory=dict)
    load_errors_stored: bool = False
    tracker: FailureTracker = field(default_factory=FailureTracker)

    # --- state ----------------------------------------------------------------------------

    def stored_states(self) -> dict[str, PluginState]:
        """The plugin_states rows, read once per app context (request or CLI command)."""
        if not has_app_context():
            return {}
        if _STATES_ON_G not in g:
            session = get_session()
            try:
                g.setdefault(_STATES_ON_G, state_service.load_states(session))
            except SQLAlchemyError:  # no schema yet (before `forum init-db`): defaults apply
                session.rollback()
                g.setdefault(_STATES_ON_G, {})
        return g.get(_STATES_ON_G)

    def forget_stored_states(self) -> None:
        if has_app_context():
            g.pop(_STATES_ON_G, None)

    def inactive_names(self) -> set[str]:
        inactive = {name for name, record in self.records.items()
                    if record.module is None or record.disabled_in_config}
        inactive.update(self.failures)
        inactive.update(name for name, state in self.stored_states().items() if not state.active)
        return inactive

    def is_active(self, name: str) -> bool:
        return name in self.records and name not in self.inactive_names()

    def is_off_after_failure(self, name: str) -> bool:
        """Off because it failed (here or in another process), not because someone chose so."""
        state = self.stored_states().get(name)
        return name in self.failures or (state is not None and state.enabled
                                         and state.error is not None)

    def forget_failures(self, name: str) -> None:
        """Someone switched the plugin on or off by hand: start counting its failures afresh."""
        self.failures.pop(name, None)
        self.tracker.forget(name)

    # --- calling --------------------------------------------------------------------------

    def disable_after_failure(self, name: str, error: BaseException) -> None:
        log.error("plugin %s failed and was switched off", name,
                  exc_info=(type(error), error, error.__traceback__))
        self.failures[name] = f"{type(error).__name__}: {error}"

    def hook_failed(self, name: str, error: BaseException) -> None:
        """A plugin's own bug in a hook: skipped for the rest of the request, switched off when
        it keeps happening (never from one request alone)."""
        if has_request_context():
            # The answer lacks this plugin's part: no shared cache may keep it for others (the
            # next reader gets a fresh try, and a plugin that keeps failing is switched off).
            g.forum_personalised = True
        if self.tracker.should_switch_off(name):
            self.disable_after_failure(name, error)
        else:
            log.error("plugin %s failed; it stays on unless it keeps failing", name,
                      exc_info=(type(error), error, error.__traceback__))

    def call_each(self, hook_name: str, **kwargs: Any) -> Iterator[Any]:
        """Call every active plugin's implementation separately, so one failing plugin cannot
        break the page; None results are left out.

        The order is pluggy's own: `get_hookimpls()` lists trylast first and tryfirst last, and
        pluggy calls that list from the end (so, among ordinary implementations, the plugin
        registered last runs first). Wrappers are left out: they wrap a pluggy call, and each
        implementation here is called on its own.
        """
        hook = getattr(self.manager.hook, hook_name)
        inactive = self.inactive_names()
        failed_here = failed_in_this_request()
        for implementation in reversed(hook.get_hookimpls()):
            name = implementation.plugin_name
            if implementation.wrapper or implementation.hookwrapper:
                continue
            if name in inactive or name in self.failures or name in failed_here:
                continue
            try:
                result = implementation.function(
                    **{arg: kwargs[arg] for arg in implementation.argnames})
            except DATABASE_UNAVAILABLE:
                raise  # the database is down for everyone: the request's 503, not the plugin's bug
            except Exception as error:  # noqa: BLE001 - a plugin's bug must not take the site down
                if not is_request_error(error):
                    self.hook_failed(name, error)
                elif hook_name in AFTER_COMMIT_HOOKS:
                    log.warning("plugin %s: %s after the commit (%s); the change itself is "
                                "stored", name, hook_name, type(error).__name__)
                    _rollback_request_session()
                else:
                    raise
                continue
            if result is not None:
                yield result

    def store_failures(self, session_factory: Callable[[], Session]) -> None:
        """Write failures (and load errors) not yet in the database; never raises."""
        pending = dict(self.failures)
        if not self.load_errors_stored:
            pending.update({name: record.error for name, record in self.records.items()
                            if record.error})
        if not pending:
            self.load_errors_stored = True
            return
        session = session_factory()
        try:
            stored = state_service.load_states(session)
            for name, error_text in pending.items():
                if stored.get(name) is None or stored[name].error != error_text[
                        :state_service.ERROR_TEXT_LIMIT]:
                    state_service.record_failure(session, name, error_text)
            session.commit()
        except SQLAlchemyError:
            session.rollback()
            log.warning("could not record plugin failures in the database; they stay in force "
                        "for this process only")
            return
        finally:
            session.close()
        for name in pending:
            self.failures.pop(name, None)
        self.load_errors_stored = True


# --- discovery ------------------------------------------------------------------------------

def builtin_plugin_modules() -> Iterator[tuple[str, str]]:
    package = importlib.import_module(BUILTIN_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            yield info.name, f"{BUILTIN_PACKAGE}.{info.name}"


def load_plugin(plugins: ForumPlugins, name: str, source: str,
                load: Callable[[], object]) -> None:
    """Import (via `load`) and register one plugin; a failure is recorded, never raised."""
    try:
        module = load()
        plugins.manager.register(module, name=name)
        plugins.records[name] = PluginRecord(name, source, module)
    except Exception as error:  # noqa: BLE001 - report, keep serving
        log.exception("plugin %s could not be loaded", name)
        plugins.records[name] = PluginRecord(name, source, None, f"{type(error).__name__}: {error}")
        plugins.load_errors_stored = False


def discover(app: Flask) -> ForumPlugins:
    check_builtin_package()  # before importing anything from `plugins` as our own
    manager = pluggy.PluginManager("forum")
    manager.add_hookspecs(hookspecs)
    plugins = ForumPlugins(manager)
    disabled = set(app.config.get("PLUGINS_DISABLED") or [])
    candidates: list[tuple[str, str, Callable[[], ModuleType]]] = [
        (name, "built-in", partial(importlib.import_module, module_path))
        for name, module_path in builtin_plugin_modules()]
    for entry_point in installed_plugin_entry_points(ENTRY_POINT_GROUP):
        source = entry_point.dist.name if entry_point.dist else entry_point.value
        candidates.append((entry_point.name, source, entry_point.load))
    for name, source, load in candidates:
        if name in plugins.records:
            continue  # a built-in plugin wins over a distribution using the same name
        if name in disabled:
            # Not even imported: the configuration is the way to keep a broken plugin out.
            plugins.records[name] = PluginRecord(name, source, None, disabled_in_config=True)
        else:
            load_plugin(plugins, name, source, load)
    return plugins


def register_plugin_module(app: Flask, module: object, name: str,
                           source: str = "registered in code") -> None:
    """Register a plugin (a module, or any object with hook methods) on a built app: for tests,
    or for an app factory wrapping Forum's. Runs its setup hooks as discovery does and adds its
    template folders and commands; use it before the first request.
    """
    plugins = get_plugins(app)
    load_plugin(plugins, name, source, lambda: module)
    _setup_plugins(app, plugins, only=name)
    loaders = getattr(app.jinja_loader, "loaders", None)
    hook = plugins.manager.hook
    for implementation in hook.forum_template_folders.get_hookimpls():
        if implementation.plugin_name == name and loaders is not None:
            loaders.extend(FileSystemLoader(str(path))
                           for path in _safe_call(plugins, implementation) or [])
    for implementation in hook.forum_cli_commands.get_hookimpls():
        if implementation.plugin_name == name:
            for command in _safe_call(plugins, implementation) or []:
                app.cli.add_command(command)


# --- app setup ------------------------------------------------------------------------------

def _setup_plugins(app: Flask, plugins: ForumPlugins, only: str | None = None) -> None:
    """Run forum_app_setup, forum_settings and forum_markdown_extensions for loaded plugins.

    App setup runs for every loaded plugin, even one switched off in the database, so switching
    it on later needs no restart; its blueprints are noted so they answer 404 while it is off.
    """
    for implementation in plugins.manager.hook.forum_app_setup.get_hookimpls():
        name = implementation.plugin_name
        if only and name != only:
            continue
        before = set(app.blueprints)
        try:
            implementation.function(app=app)
        except Exception as error:  # noqa: BLE001 - report, keep serving
            plugins.disable_after_failure(name, error)
        for blueprint_name in set(app.blueprints) - before:
            plugins.blueprint_owners[blueprint_name] = name
    for implementation in plugins.manager.hook.forum_settings.get_hookimpls():
        if only and implementation.plugin_name != only:
            continue
        for spec in _safe_call(plugins, implementation) or []:
            settings_service.register(spec, app)
    for implementation in plugins.manager.hook.forum_markdown_extensions.get_hookimpls():
        if only and implementation.plugin_name != only:
            continue
        for extension in _safe_call(plugins, implementation) or []:
            markup.register_markdown_extension(app, extension, owner=implementation.plugin_name)


def _safe_call(plugins: ForumPlugins, implementation, **kwargs: Any) -> Any:
    try:
        return implementation.function(**kwargs)
    except Exception as error:  # noqa: BLE001 - report, keep serving
        plugins.disable_after_failure(implementation.plugin_name, error)
        return None


def _add_cli_commands(app: Flask, plugins: ForumPlugins) -> None:
    """Commands of the plugins that are on when the command line starts (one read)."""
    with app.app_context():
        for commands in plugins.call_each("forum_cli_commands"):
            for command in commands:
                app.cli.add_command(command)


def _guard_plugin_pages() -> None:
    owner = get_plugins().blueprint_owners.get((request.blueprint or "").split(".")[0])
    if owner is not None and not get_plugins().is_active(owner):
        abort(404)


def _markdown_filter(owner: str) -> bool:
    return has_app_context() and get_plugins().is_active(owner)


def init_app(app: Flask) -> None:
    plugins = discover(app)
    app.extensions["forum_plugins"] = plugins
    markup.init_app(app, _markdown_filter)
    _setup_plugins(app, plugins)
    app.before_request(_guard_plugin_pages)
    # Inserted first so it runs last, after the request's own session is closed: recording a
    # failure then never waits on that session's locks.
    app.teardown_appcontext_funcs.insert(
        0, lambda _exc: plugins.store_failures(get_database(app).write_session))
    _add_cli_commands(app, plugins)


def get_plugins(app: Flask | None = None) -> ForumPlugins:
    return (app or current_app).extensions["forum_plugins"]


# --- helpers for the rest of Forum ----------------------------------------------------------

def run_hook(slot: str, **context: Any) -> Markup:
    """Template global: the HTML every plugin contributes to a slot, joined."""
    parts = get_plugins().call_each("forum_template_slot", slot=slot, context=context)
    return Markup("").join(part if isinstance(part, Markup) else escape(part) for part in parts)


def template_folders(app: Flask) -> list[str]:
    folders: list[str] = []
    for result in get_plugins(app).call_each("forum_template_folders"):
        folders.extend(str(path) for path in result)
    return folders


def notify(hook_name: str, **kwargs: Any) -> None:
    """Fire an after-commit event hook (forum_post_published, forum_comment_status_changed...).

    Call it where the change is made; it goes through `forum.db.after_commit`: the hook runs
    once the work is committed (in a request, right after the unit of work's commit; in a CLI
    command, when it ends), while the session may still lazy-load; if the work is rolled back,
    it never runs. Outside a request with no transaction open it runs at once. Plugins' return
    values are ignored.

    Example (in a view)::

        post = save_post(session, user, data)
        notify("forum_post_published", post=post)
    """
    notify_on_commit(get_session(), hook_name, **kwargs)


def notify_on_commit(session: Session, hook_name: str, **kwargs: Any) -> None:
    """`notify` for a service that was handed a session: the hook runs once that session's
    work is committed, never if it is rolled back (the one after-commit mechanism)."""
    after_commit(lambda: _call(hook_name, kwargs), session)


def _rollback_request_session() -> None:
    session = g.get("db_session") if has_app_context() else None
    if session is not None:
        session.rollback()


def _call(hook_name: str, kwargs: dict[str, Any]) -> None:
    for _ in get_plugins().call_each(hook_name, **kwargs):
        pass
