"""The OpenAPI document and the routes agree both ways, and it is served as JSON."""
from __future__ import annotations

import re

from forum.api.openapi import document


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    return routes


def test_every_route_is_documented_and_every_documented_path_is_a_route(app):
    documented = {(method, path) for path, operations in document()["paths"].items()
                  for method in operations}
    assert _api_routes(app) == documented


def test_the_document_is_served_and_names_version_3_1(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json["openapi"] == "3.1.0"
    operation_ids = [operation["operationId"] for operations in answer.json["paths"].values()
                     for operation in operations.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_docs_api_md_lists_every_operation():
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "api.md").read_text()
    for path, operations in document()["paths"].items():
        for method in operations:
            assert f"| {method.upper()} | `{path}" in text, f"{method} {path} not in docs/api.md"
