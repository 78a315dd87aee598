"""Plain HTTP routes: health probes, GraphiQL, CORS and the GraphML export."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient

from api.app import create_app
from kg.config import Settings
from kg.store.base import GraphStore
from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import seed_graph


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "store": "ok", "models": "lazy"}


def test_readiness_and_queries_report_an_unreachable_neo4j(tmp_path: Path) -> None:
    """A real unreachable Bolt endpoint (a port nothing listens on): the app still starts,
    /healthz answers, /readyz says the store is unavailable, queries get a coded error."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings = Settings(data_dir=tmp_path, backend="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_timeout_s=1.0)
    with TestClient(create_app(settings, preload_models=False)) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        query = client.post("/graphql", json={"query": "{ stats { documents } }"}).json()
    assert response.status_code == 503
    body = response.json()
    assert body["store"] == "unavailable" and body["storeError"]["code"] == "STORE_UNAVAILABLE"
    assert f"127.0.0.1:{port}" in body["storeError"]["message"]
    assert query["data"] is None
    assert query["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert "Traceback" not in str(query)


def test_graphiql_in_a_browser(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_cors_for_configured_origins_only(client: TestClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    ok = client.options("/graphql", headers={"Origin": "http://frontend.test", **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "http://frontend.test"
    other = client.options("/graphql", headers={"Origin": "http://evil.test", **preflight})
    assert "access-control-allow-origin" not in other.headers


def _read(content: bytes) -> nx.Graph:
    return nx.read_graphml(io.BytesIO(content))


def test_export_whole_graph(client: TestClient, store: GraphStore) -> None:
    response = client.get("/export.graphml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphml+xml")
    G = _read(response.content)
    stats = store.stats()
    assert (G.number_of_nodes(), G.number_of_edges()) == (stats.entities, stats.relations)
    amazon = G.nodes["ent:amazon"]
    assert (amazon["name"], amazon["name_ko"], amazon["type"]) == ("Amazon", "아마존", "Company")
    assert amazon["mention_count"] == store.get_entity("ent:amazon").mention_count  # type: ignore[union-attr]
    (edge,) = [d for _, _, d in G.edges("ent:jassy", data=True)]
    assert (edge["type"], edge["title"], edge["evidence"]) == ("CEO_OF", "CEO", "Andy Jassy is the CEO of Amazon.")


def test_export_subgraph(client: TestClient) -> None:
    one = _read(client.get("/export.graphml", params={"entity": "ent:naver", "depth": 1}).content)
    assert set(one) == {"ent:naver", "ent:amazon", "ent:seongnam"}
    two = _read(client.get("/export.graphml", params={"entity": "ent:naver", "depth": 2}).content)
    assert {"ent:jassy", "ent:acme07", "ent:seattle"} <= set(two) and "ent:kakao" not in two
    assert all(u in two and v in two for u, v in two.edges())


def test_export_errors(client: TestClient) -> None:
    missing = client.get("/export.graphml", params={"entity": "ent:nope"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    assert client.get("/export.graphml", params={"entity": "ent:naver", "depth": 9}).status_code == 422


def test_app_opens_and_closes_its_own_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    seeded = NetworkXGraphStore(settings.data_dir)
    seed_graph(seeded)
    seeded.close()
    with TestClient(create_app(settings, preload_models=False)) as client:
        body = client.post("/graphql", json={"query": "{ stats { documents } }"}).json()
    assert body["data"]["stats"]["documents"] == 3


def test_server_picks_up_what_another_process_committed(tmp_path: Path) -> None:
    import time

    from tests.api.conftest import DOCS, build_batch

    settings = Settings(data_dir=tmp_path / "data")
    seeded = NetworkXGraphStore(settings.data_dir)
    for spec in DOCS[:2]:
        seeded.write_document(build_batch(spec))
    seeded.close()
    query = {"query": "{ stats { documents } }"}
    with TestClient(create_app(settings, preload_models=False)) as client:
        assert client.post("/graphql", json=query).json()["data"]["stats"]["documents"] == 2
        writer = NetworkXGraphStore(settings.data_dir)  # stands in for a `kg ingest` process
        writer.write_document(build_batch(DOCS[2]))
        writer.close()
        deadline = time.monotonic() + 10
        while client.post("/graphql", json=query).json()["data"]["stats"]["documents"] != 3:
            assert time.monotonic() < deadline, "the server never reloaded the committed graph"
            time.sleep(0.2)
