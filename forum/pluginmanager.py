"""Plugin discovery and calling, on pluggy.

Built-in plugins are the packages under `plugins/`; third-party ones register through the
entry-point group "forum.plugins". A plugin that fails to load or raises in a hook is switched
off and reported; the site keeps serving.
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

import pluggy
from flask import Flask, current_app
from markupsafe import Markup, escape

from forum import hookspecs

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "forum.plugins"
BUILTIN_PACKAGE = "plugins"


@dataclass
class PluginRecord:
    name: str
    source: str  # "built-in" or the distribution / entry point that provided it
    module: ModuleType | None
    error: str | None = None  # why it is off, when it failed


@dataclass
class ForumPlugins:
    manager: pluggy.PluginManager
    records: dict[str, PluginRecord] = field(default_factory=dict)

    def disable_after_failure(self, name: str, error: BaseException) -> None:
        record = self.records.get(name)
        log.exception("plugin %s failed and was switched off", name, exc_info=error)
        if record is not None:
            record.error = f"{type(error).__name__}: {error}"
            if record.module is not None and self.manager.is_registered(record.module):
                self.manager.unregister(record.module)

    def call_each(self, hook_name: str, **kwargs: Any) -> Iterator[Any]:
        """Call every implementation separately, so one failing plugin cannot break the page."""
        hook = getattr(self.manager.hook, hook_name)
        for implementation in list(hook.get_hookimpls()):
            try:
                result = implementation.function(
                    **{arg: kwargs[arg] for arg in implementation.argnames})
            except Exception as error:  # noqa: BLE001 - a plugin's bug must not take the site down
                self.disable_after_failure(implementation.plugin_name, error)
                continue
            if result is not None:
                yield result


def builtin_plugin_modules() -> Iterator[tuple[str, str]]:
    package = importlib.import_module(BUILTIN_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            yield info.name, f"{BUILTIN_PACKAGE}.{info.name}"


def _register(plugins: ForumPlugins, name: str, source: str, load) -> None:
    try:
        module = load()
        plugins.manager.register(module, name=name)
        plugins.records[name] = PluginRecord(name, source, module)
    except Exception as error:  # noqa: BLE001 - report, keep serving
        log.exception("plugin %s could not be loaded", name)
        plugins.records[name] = PluginRecord(name, source, None, f"{type(error).__name__}: {error}")


def init_app(app: Flask) -> None:
    manager = pluggy.PluginManager("forum")
    manager.add_hookspecs(hookspecs)
    plugins = ForumPlugins(manager)
    disabled = set(app.config.get("PLUGINS_DISABLED") or [])
    for name, module_path in builtin_plugin_modules():
        if name not in disabled:
            _register(plugins, name, "built-in",
                      lambda path=module_path: importlib.import_module(path))
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name not in disabled and entry_point.name not in plugins.records:
            source = entry_point.dist.name if entry_point.dist else entry_point.value
            _register(plugins, entry_point.name, source, entry_point.load)
    app.extensions["forum_plugins"] = plugins
    for _ in plugins.call_each("forum_app_setup", app=app):
        pass


def get_plugins(app: Flask | None = None) -> ForumPlugins:
    return (app or current_app).extensions["forum_plugins"]


def run_hook(slot: str, **context: Any) -> Markup:
    """Template global: the HTML every plugin contributes to a slot, joined."""
    parts = get_plugins().call_each("forum_template_slot", slot=slot, context=context)
    return Markup("").join(part if isinstance(part, Markup) else escape(part) for part in parts)


def comment_checks(submission) -> list:
    return list(get_plugins().call_each("forum_comment_check", submission=submission))


def template_folders(app: Flask) -> list[str]:
    folders: list[str] = []
    for result in get_plugins(app).call_each("forum_template_folders"):
        folders.extend(str(path) for path in result)
    return folders
