"""Which plugins' migration branches an app runs (see forum.migrate for the layout);
kept apart from forum.pluginmanager, which only loads and calls plugins."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from forum.migrate import PLUGIN_MIGRATIONS
from forum.pluginmanager import get_plugins


def plugin_migrations(app: Flask | None = None) -> dict[str, Path]:
    """Branch name -> migrations folder of every loaded plugin that owns tables (a package
    with a `migrations/` folder; see forum.migrate). Loaded means not kept out by
    PLUGINS_DISABLED: a plugin switched off in the panel keeps its tables, so switching it
    on again needs no migration."""
    folders: dict[str, Path] = {}
    for name, record in get_plugins(app).records.items():
        if record.module is None or not hasattr(record.module, "__path__"):
            continue  # not loaded, or a single module: no folder of its own
        for root in record.module.__path__:
            folder = Path(root) / PLUGIN_MIGRATIONS
            if folder.is_dir():
                folders[name] = folder
    return folders

