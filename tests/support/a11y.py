"""Accessibility and markup checks with the tools the standards bodies ship.

- axe-core (npm) is injected into a Playwright page and run there; we count violations of
  impact "serious" or "critical" (the issue's bar).
- The Nu HTML checker (npm's vnu-jar, run with Java) validates whole documents; all pages of a
  test go to one Java start-up, which costs seconds.

Both come from `make test` (`npm ci` into node_modules/). When a tool is missing the test is
skipped with the reason, except under CI=true, where that is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_IMPACTS = ("serious", "critical")


def _missing(what: str) -> None:
    message = f"{what} is not installed (run `make test`, which installs the npm test tools)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING_IMPACTS,
                   rules: tuple[str, ...] | None = None) -> list[str]:
    """Run axe-core on the page as it is now; one readable line per violating node.

    `rules` limits the run to those rule ids (e.g. only "color-contrast" for a second colour
    scheme). Pages with a strict CSP need a context made with bypass_csp=True for the injection.
    """
    if not AXE_SCRIPT.exists():
        _missing("axe-core")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    lines = []
    for violation in result["violations"]:
        if violation.get("impact") not in impacts:
            continue
        for node in violation["nodes"]:
            lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
                         f"{' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return lines


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Validate HTML documents (name -> markup); returns name -> error messages (empty if valid)."""
    if not VNU_JAR.exists():
        _missing("vnu-jar (the Nu HTML checker)")
    java = shutil.which("java")
    if java is None:
        _missing("java (needed by the Nu HTML checker)")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, markup) in enumerate(documents.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(markup, encoding="utf-8")
            paths[path.as_uri()] = name
        completed = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *[
                str(Path(folder) / f"page{i}.html") for i in range(len(paths))]],
            capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(completed.stdout or "{}")
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in report.get("messages", []):
        if message.get("type") != "error":
            continue
        name = paths.get(message.get("url", "").replace("file:/", "file:///", 1),
                         paths.get(message.get("url", ""), "?"))
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]")
    return errors
