"""The API served by a real uvicorn process on a free port, queried over TCP with httpx."""

from __future__ import annotations

import io
import signal
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import networkx as nx
import pytest

from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import API_KEY, seed_graph
from tests.api.uvicorn_app import post_graphql, start_uvicorn, stop_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """(base URL, data dir, process); the log is at tmp_path / "uvicorn.log"."""
    data_dir = tmp_path / "data"
    store = NetworkXGraphStore(data_dir)
    seed_graph(store)
    store.close()  # releases the writer lock for the server process
    try:
        proc, base = start_uvicorn(data_dir, tmp_path / "uvicorn.log", env={"KG_API_KEY": API_KEY})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield base, data_dir, proc
    finally:
        stop_server(proc)


def test_real_server(server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    base, data_dir, proc = server
    ready = httpx.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["store"] == "ok"

    search = """{ searchEntities(query: "아마존", first: 1) {
        edges { node { id nameEn relations(first: 50) { totalCount } } } } }"""
    body = post_graphql(base, search)
    node = body["data"]["searchEntities"]["edges"][0]["node"]
    assert (node["id"], node["nameEn"], node["relations"]["totalCount"]) == ("ent:amazon", "Amazon", 33)

    # concurrent readers over real sockets all get the same answer
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: post_graphql(base, search), range(32)))
    assert all(a == body for a in answers)

    # the depth limit and error codes travel over HTTP unchanged
    hop = "relations { edges { node { source { %s } } } }"
    deep = post_graphql(base, '{ entity(id: "ent:jassy") { %s } }' % (hop % (hop % (hop % "id"))))
    assert [e["extensions"]["code"] for e in deep["errors"]] == ["QUERY_TOO_DEEP"]

    delete = 'mutation { deleteDocument(id: "doc:ko-1") { deleted } }'
    denied = post_graphql(base, delete)
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["UNAUTHENTICATED"]
    assert post_graphql(base, delete, key=API_KEY) == {"data": {"deleteDocument": {"deleted": True}}}

    sub = httpx.get(f"{base}/export.graphml", params={"entity": "ent:naver", "depth": 1}, timeout=30)
    assert sub.status_code == 200
    G = nx.read_graphml(io.BytesIO(sub.content))
    assert set(G) == {"ent:naver", "ent:amazon"}  # 성남 went with the Korean document
    whole = nx.read_graphml(io.BytesIO(httpx.get(f"{base}/export.graphml", timeout=30).content))
    assert whole.number_of_nodes() == 36

    proc.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal it caught
    assert proc.wait(timeout=20) in (0, -signal.SIGTERM)
    log = (data_dir.parent / "uvicorn.log").read_text()
    assert "Application shutdown complete" in log and "Traceback" not in log
    # the server committed the deletion before it stopped
    reopened = NetworkXGraphStore(data_dir)
    assert reopened.get_document("doc:ko-1") is None and reopened.stats().entities == 36
