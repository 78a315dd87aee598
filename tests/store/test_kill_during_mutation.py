"""SIGKILL of a real ``kg serve`` process (uvicorn, the embedded store, the extraction worker
process) while ingestDocument mutations run: the data directory keeps every mutation that
answered before the kill and nothing torn, and sending the same mutations again to a new server
gives exactly the graph of a clean run."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import API_KEY
from tests.api.uvicorn_app import post_graphql, start_uvicorn, stop_server
from tests.store.helpers import check_snapshot, dump

pytestmark = pytest.mark.models

INGEST = """mutation($text: String!, $source: String!, $title: String!) {
  ingestDocument(text: $text, source: $source, title: $title) { documentId written } }"""
TEXTS = [
    "Brisavel Dynamics said it would buy a stake in Torquel Foods. "
    "Alden Moreau, the chief executive of Brisavel Dynamics, spoke in Lyon.",
    "한솔빛전자는 누리온바이오와 전략적 제휴를 맺었다고 밝혔다. 김다온 한솔빛전자 대표는 부산에서 말했다.",
    "Quavend Motors is headquartered in Osaka. Ivo Petrov joined Quavend Motors as chief financial officer.",
    "Nortavia Air signed a deal with Quavend Motors. 노르타비아항공은 오사카에 본사를 두고 있다.",
    "Selvara Bank invested in Brisavel Dynamics, said Mira Oyelaran, a spokeswoman for Selvara Bank.",
]


def _serve(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    try:
        return start_uvicorn(
            data_dir,
            log,
            env={"KG_API_KEY": API_KEY, "KG_REQUEST_TIMEOUT_S": "900"},
            extra_args=("--log-level", "warning"),
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _ingest(base: str, i: int) -> dict[str, Any]:
    variables = {"text": TEXTS[i], "source": f"wire/{i}", "title": f"story {i}"}
    body = post_graphql(base, INGEST, variables, key=API_KEY, timeout=600)
    assert "errors" not in body, body
    return body


def _ingest_all(base: str) -> None:
    for i in range(len(TEXTS)):
        _ingest(base, i)


def _documents(data_dir: Path) -> set[str]:
    with sqlite3.connect(data_dir / "graph.sqlite") as conn:
        return {row[0] for row in conn.execute("SELECT source FROM documents")}


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and every process it started (the extraction worker)."""
    children = Path(f"/proc/{proc.pid}/task")
    pids = set()
    if children.exists():
        for task in children.iterdir():
            pids |= {int(c) for c in (task / "children").read_text().split()}
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.timeout(1500)
def test_sigkill_during_mutations_keeps_what_answered_and_resumes_to_a_clean_run(tmp_path: Path) -> None:
    rng = random.Random(7)
    data_dir = tmp_path / "killed"
    proc, base = _serve(data_dir, tmp_path / "killed.log")
    answered: list[int] = []
    try:
        _ingest(base, 0)  # loads the models in the worker; committed before the kill
        answered.append(0)

        def rest() -> None:
            for i in range(1, len(TEXTS)):
                try:
                    _ingest(base, i)
                except (httpx.HTTPError, AssertionError):
                    return
                answered.append(i)

        writer = threading.Thread(target=rest, daemon=True)
        writer.start()
        writer.join(timeout=rng.uniform(0.2, 2.5))  # the kill lands somewhere in the next mutations
        _kill(proc)
        writer.join(timeout=60)
    finally:
        if proc.poll() is None:
            _kill(proc)

    # what answered before the kill is stored, and the file holds only whole commits
    stored = _documents(data_dir)
    assert {f"wire/{i}" for i in answered} <= stored
    with sqlite3.connect(data_dir / "graph.sqlite") as conn:
        conn.execute("BEGIN")
        check_snapshot(conn)

    # resume: the same mutations again, on a new server over the same directory
    proc, base = _serve(data_dir, tmp_path / "resumed.log")
    try:
        _ingest_all(base)
    finally:
        stop_server(proc)

    clean_dir = tmp_path / "clean"
    proc, base = _serve(clean_dir, tmp_path / "clean.log")
    try:
        _ingest_all(base)
    finally:
        stop_server(proc)

    resumed, clean = NetworkXGraphStore(data_dir), NetworkXGraphStore(clean_dir)
    try:
        assert dump(resumed) == dump(clean)
    finally:
        resumed.close()
        clean.close()
