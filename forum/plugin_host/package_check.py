"""The built-in plugins live in a top-level package named `plugins`, a generic name another
distribution may also install. Two distributions writing into one site-packages/plugins/ mix
their files, and a folder named `plugins` earlier on sys.path hides Forum's: either way Forum
would load someone else's code as its built-in plugins. The folder keeps its name (the design
puts built-in plugins there); the clash is detected at start-up and refused with both names.
"""
from __future__ import annotations

import importlib
import sys
from functools import lru_cache
from importlib.metadata import packages_distributions
from pathlib import Path

from forum.web.site_url import ConfigurationError

BUILTIN_PACKAGE = "plugins"
FORUM_DISTRIBUTION = "forum"
# Where Forum's own `plugins` package is: beside `forum`, in a checkout and once installed.
EXPECTED_LOCATION = Path(__file__).resolve().parents[2] / BUILTIN_PACKAGE


class PluginPackageClash(ConfigurationError):
    """Something other than Forum provides the top-level package `plugins`."""


def check_builtin_package() -> None:
    """Raise PluginPackageClash naming both sides when `plugins` is not Forum's alone."""
    others = _other_distributions(tuple(sys.path))
    if others:
        raise PluginPackageClash(
            f"the distribution(s) {', '.join(others)} also install a top-level package "
            f"named '{BUILTIN_PACKAGE}', which is where {FORUM_DISTRIBUTION} keeps its built-in "
            f"plugins ({EXPECTED_LOCATION}); the two overwrite each other's files. Install "
            f"{FORUM_DISTRIBUTION} into its own virtual environment, without {others[0]}.")
    package = importlib.import_module(BUILTIN_PACKAGE)
    found = [Path(entry).resolve() for entry in getattr(package, "__path__", [])]
    if EXPECTED_LOCATION not in found:
        where = ", ".join(str(path) for path in found) or getattr(package, "__file__", "?")
        raise PluginPackageClash(
            f"'import {BUILTIN_PACKAGE}' finds {where}, not {FORUM_DISTRIBUTION}'s built-in "
            f"plugins at {EXPECTED_LOCATION}: a folder or module named '{BUILTIN_PACKAGE}' "
            "comes first on sys.path (the working folder or PYTHONPATH). Run Forum from "
            "another folder, or rename that one.")


# Reading every installed distribution's file list takes a fifth of a second: once per
# search path, not once per app (the test suite builds thousands).
@lru_cache(maxsize=8)
def _other_distributions(search_path: tuple[str, ...]) -> list[str]:
    return sorted({name for name in packages_distributions().get(BUILTIN_PACKAGE, [])
                   if name.lower() != FORUM_DISTRIBUTION})
