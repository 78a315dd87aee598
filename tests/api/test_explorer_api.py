"""What the explorer and GraphiQL need from the server: the pages and assets on kg's own
routes, one error shape for the plain HTTP routes, and the GraphQL fields the explorer reads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.routes.ui import STATIC_DIR
from tests.api.conftest import gql

OFFSITE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_graphiql_page_loads_everything_from_kgs_own_routes(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"}).text
    assert not OFFSITE.search(page) and "unpkg" not in page
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", page)
    assert len(assets) == 6
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 500, asset


@pytest.mark.parametrize("path", ["/", "/?q=아마존", "/entity/ent:amazon", "/entity/ent:nope", "/path?from=ent:amazon"])
def test_the_explorer_page_answers_every_deep_link(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/explorer/app.js">' in response.text
    assert not OFFSITE.search(response.text)


def test_explorer_scripts_fetch_only_relative_urls() -> None:
    for path in (STATIC_DIR / "explorer").iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), path.name


def test_vendored_libraries_carry_their_licences() -> None:
    vendor = STATIC_DIR / "vendor"
    for library in ("react", "graphiql", "graphiql-plugin-explorer", "cytoscape"):
        licence = (vendor / library / "LICENSE").read_text(encoding="utf-8")
        assert "MIT License" in licence or "Permission is hereby granted" in licence, library
    listed = (vendor / "SHA256SUMS").read_text(encoding="utf-8").split()
    assert "cytoscape/cytoscape.min.js" in listed and "graphiql/graphiql.min.js" in listed


def test_static_assets_are_gzipped(client: TestClient) -> None:
    response = client.get("/static/vendor/cytoscape/cytoscape.min.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith(("text/javascript", "application/javascript"))


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/export.graphml?entity=ent:naver&depth=5", 422, "BAD_USER_INPUT"),
        ("get", "/export.graphml?depth=x", 422, "BAD_USER_INPUT"),
        ("get", "/export.graphml?entity=ent:nope", 404, "NOT_FOUND"),
        ("get", "/no/such/route", 404, "NOT_FOUND"),
        ("get", "/docs", 404, "NOT_FOUND"),  # Swagger UI would load from a CDN: left out
        ("get", "/redoc", 404, "NOT_FOUND"),
        ("post", "/healthz", 405, "METHOD_NOT_ALLOWED"),
    ],
)
def test_rest_routes_share_one_error_shape(client: TestClient, method: str, path: str, status: int, code: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    if status == 422:
        assert "depth" in body["error"]["message"]


def test_total_counts_of_documents_and_mentions(client: TestClient) -> None:
    query = """{ documents(first: 1) { totalCount edges { node { id } } }
                 all: documents(first: 50) { totalCount }
                 entity(id: "ent:amazon") { mentionCount mentions(first: 2) { totalCount edges { cursor } } } }"""
    data = gql(client, query)["data"]
    assert data["documents"]["totalCount"] == data["all"]["totalCount"] == 3
    assert len(data["documents"]["edges"]) == 1
    amazon = data["entity"]
    assert amazon["mentions"]["totalCount"] == amazon["mentionCount"] > 2


def test_seen_aliases_and_search_keys(client: TestClient) -> None:
    data = gql(client, '{ entity(id: "ent:amazon") { aliases seenAliases } }')["data"]["entity"]
    assert data["seenAliases"][0] == "Amazon" and set(data["seenAliases"]) == {"Amazon", "아마존"}
    # a dictionary name never seen in a document is a search key: found, but not "seen"
    assert "Amazon.com" in data["aliases"] and "Amazon.com" not in data["seenAliases"]


def test_evidence_carries_the_offsets_of_both_mentions(client: TestClient) -> None:
    query = """{ entity(id: "ent:jassy") { relations { edges { node { evidence {
        text sentenceStart sourceStart sourceEnd targetStart targetEnd } } } } } }"""
    (edge,) = gql(client, query)["data"]["entity"]["relations"]["edges"]
    (ev,) = edge["node"]["evidence"]
    text, base = ev["text"], ev["sentenceStart"]
    assert text[ev["sourceStart"] - base : ev["sourceEnd"] - base] == "Andy Jassy"
    assert text[ev["targetStart"] - base : ev["targetEnd"] - base] == "Amazon"


def test_search_scores_are_rounded(client: TestClient) -> None:
    edges: list[dict[str, Any]] = gql(client, '{ searchEntities(query: "Acm", first: 5) { edges { score } } }')["data"][
        "searchEntities"
    ]["edges"]
    assert edges and all(e["score"] == round(e["score"], 3) and 0 < e["score"] < 1 for e in edges)
