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


@hookimpl
def forum_audit_wording(entry):
    """The import and export commands' entries in the audit log, in words."""
    details = entry.details or {}
    if entry.action == "wordpress.import":
        counts = [f"{count} {key.removeprefix('imported_')}" for key, count in details.items()
                  if key.startswith("imported_") and count]
        source = f" from {entry.target_id}" if entry.target_id else ""
        return (f"imported a WordPress export{source}: {', '.join(counts)}" if counts
                else f"imported a WordPress export{source}: nothing new")
    if entry.action == "wordpress.export":
        return (f"wrote a WordPress export of {details.get('posts', 0)} posts and "
                f"{details.get('comments', 0)} comments")
    return None
