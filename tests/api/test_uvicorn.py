"""The API served by a real uvicorn process on a free port, queried over TCP with httpx."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest

from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import API_KEY, seed_graph

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """(base URL, data dir, process); the log is at tmp_path / "uvicorn.log"."""
    data_dir = tmp_path / "data"
    store = NetworkXGraphStore(data_dir)
    seed_graph(store)
    store.close()  # releases the writer lock for the server process
    port = _free_port()
    env = {**os.environ, "KG_DATA_DIR": str(data_dir), "KG_API_KEY": API_KEY, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "uvicorn.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "tests.api.uvicorn_app:make_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"uvicorn did not start: {(tmp_path / 'uvicorn.log').read_text()}")
        time.sleep(0.1)
    try:
        yield base, data_dir, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def _gql(base: str, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_real_server(server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    base, data_dir, proc = server
    ready = httpx.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["store"] == "ok"

    search = """{ searchEntities(query: "아마존", first: 1) {
        edges { node { id nameEn relations(first: 50) { totalCount } } } } }"""
    body = _gql(base, search)
    node = body["data"]["searchEntities"]["edges"][0]["node"]
    assert (node["id"], node["nameEn"], node["relations"]["totalCount"]) == ("ent:amazon", "Amazon", 33)

    # concurrent readers over real sockets all get the same answer
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: _gql(base, search), range(32)))
    assert all(a == body for a in answers)

    # the depth limit and error codes travel over HTTP unchanged
    hop = "relations { edges { node { source { %s } } } }"
    deep = _gql(base, '{ entity(id: "ent:jassy") { %s } }' % (hop % (hop % (hop % "id"))))
    assert [e["extensions"]["code"] for e in deep["errors"]] == ["QUERY_TOO_DEEP"]

    delete = 'mutation { deleteDocument(id: "doc:ko-1") { deleted } }'
    denied = _gql(base, delete)
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["UNAUTHENTICATED"]
    assert _gql(base, delete, key=API_KEY) == {"data": {"deleteDocument": {"deleted": True}}}

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
