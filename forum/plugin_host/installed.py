"""Which plugin distributions are installed: their entry points, read from the metadata of every
installed distribution only when what is installed may have changed."""
from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points

_installed_cache: dict[tuple, list] = {}


def installed_plugin_entry_points(group: str) -> list:
    """The entry points in `group`, read again only when what is installed may have changed:
    reading every distribution's metadata took a tenth of building an app, and tests
    build thousands. The key is the import path with each folder's modification time, which
    changes when pip adds or removes a distribution there."""
    def stamp(folder: str) -> float:
        try:
            return os.stat(folder or ".").st_mtime
        except OSError:
            return -1.0

    key = (group, *((folder, stamp(folder)) for folder in sys.path))
    found = _installed_cache.get(key)
    if found is None:
        _installed_cache.clear()
        found = _installed_cache[key] = list(entry_points(group=group))
    return found
