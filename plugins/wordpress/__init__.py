"""WordPress import and export: `forum import-wxr FILE` and `forum export-wxr FILE` (WXR 1.0-1.2).

The parser and writer (wxr_parse, wxr_write) know nothing of Forum; importer and exporter map
between them and Forum's models by the rules in docs/wordpress.md.
"""
from __future__ import annotations

from forum import hookimpl
from plugins.wordpress.cli import export_wxr, import_wxr


@hookimpl
def forum_cli_commands():
    return [import_wxr, export_wxr]
