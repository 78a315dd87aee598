"""ingestDocument on a real uvicorn server extracts in a separate worker process: readers keep
getting correct answers while mutations run, the extraction runs in a child process of the
server (not in the server), a worker killed mid-extraction fails that mutation with a clear
error, and the next mutation starts a new worker and succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import API_KEY, seed_graph
from tests.api.uvicorn_app import post_graphql, start_uvicorn, stop_server

pytestmark = pytest.mark.models

INGEST = """mutation($text: String!, $source: String!) {
  ingestDocument(text: $text, source: $source) { documentId written entityIds } }"""
READ = """{ entity(id: "ent:jassy") { id name relations { totalCount } }
  searchEntities(query: "네이버", first: 1) { edges { node { id } } } }"""
READ_ANSWER = {
    "entity": {"id": "ent:jassy", "name": "Andy Jassy", "relations": {"totalCount": 1}},
    "searchEntities": {"edges": [{"node": {"id": "ent:naver"}}]},
}
TEXTS = [
    "Brisavel Dynamics said on Monday it would buy a stake in Torquel Foods. "
    "Alden Moreau, the chief executive of Brisavel Dynamics, spoke in Lyon.",
    "한솔빛전자는 누리온바이오와 전략적 제휴를 맺었다고 밝혔다. 김다온 한솔빛전자 대표는 부산에서 말했다.",
    "Quavend Motors is headquartered in Osaka. Ivo Petrov joined Quavend Motors as chief financial officer.",
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    data_dir = tmp_path / "data"
    store = NetworkXGraphStore(data_dir)
    seed_graph(store)
    store.close()
    try:
        proc, base = start_uvicorn(
            data_dir, tmp_path / "uvicorn.log", env={"KG_API_KEY": API_KEY, "KG_REQUEST_TIMEOUT_S": "900"}
        )  # a loaded machine
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield base, proc
    finally:
        stop_server(proc)


def _post(base: str, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> dict[str, Any]:
    return post_graphql(base, query, variables, key=key, timeout=600)  # extraction on a loaded machine


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out |= {int(c) for c in (task / "children").read_text().split()}
    return out


def _extraction_workers(server_pid: int) -> set[int]:
    """The server's child processes started by multiprocessing's spawn (not its resource tracker)."""
    found = set()
    for child in _children(server_pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.add(child)
    return found


def _wait_for(predicate: Any, what: str) -> Any:
    """Poll ``predicate`` until it returns something truthy (a failure names ``what``)."""
    for _ in range(6000):
        if value := predicate():
            return value
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


def test_readers_answer_while_mutations_extract_in_a_worker_process(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = server
    assert _extraction_workers(proc.pid) == set()  # nothing started before the first mutation
    writing = threading.Event()
    finished = threading.Event()
    results: list[dict[str, Any]] = []

    def write() -> None:
        writing.set()
        for k, text in enumerate(TEXTS):
            results.append(_post(base, INGEST, {"text": text, "source": f"test://load/{k}"}, key=API_KEY))
        finished.set()

    writer = threading.Thread(target=write)
    writer.start()
    writing.wait()
    answers: list[dict[str, Any]] = []
    during = 0  # reads sent and answered while the mutations were under way
    while not finished.is_set():
        body = _post(base, READ)
        answers.append(body)
        during += not finished.is_set()
    writer.join()
    assert during > 0
    assert all(a == {"data": READ_ANSWER} for a in answers), [a for a in answers if a != {"data": READ_ANSWER}][:1]
    assert [r["errors"] for r in results if "errors" in r] == []
    assert all(r["data"]["ingestDocument"]["written"] for r in results)

    # the extraction ran in a child process of the server, which stays for the next mutations
    workers = _extraction_workers(proc.pid)
    assert len(workers) == 1 and proc.pid not in workers
    # every written document is readable, with its entities
    for r in results:
        result = r["data"]["ingestDocument"]
        doc = _post(
            base,
            "query($id: ID!, $ids: [ID!]!) { document(id: $id) { id } entities(ids: $ids) { id } }",
            {"id": result["documentId"], "ids": result["entityIds"]},
        )["data"]
        assert doc["document"] == {"id": result["documentId"]}
        assert [e["id"] for e in doc["entities"]] == result["entityIds"]


def test_a_killed_worker_fails_its_mutation_and_the_next_one_works(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = server
    outcome: list[dict[str, Any]] = []
    # the first mutation starts the worker, which loads the models before it extracts:
    # killing it as soon as it exists kills it while it holds the document
    long_text = " ".join(TEXTS * 200)
    mutation = threading.Thread(
        target=lambda: outcome.append(_post(base, INGEST, {"text": long_text, "source": "test://big"}, key=API_KEY))
    )
    mutation.start()
    (worker,) = _wait_for(lambda: _extraction_workers(proc.pid), "the extraction worker")
    os.kill(worker, signal.SIGKILL)
    mutation.join()
    (body,) = outcome
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["kgCode"] == "KG110"
    assert "extraction worker process died" in error["message"] and "next request" in error["message"]
    assert _post(base, "{ stats { documents } }")["data"]["stats"]["documents"] == 3  # nothing stored

    # the next mutation starts a new worker and succeeds
    again = _post(base, INGEST, {"text": TEXTS[0], "source": "test://after"}, key=API_KEY)
    assert "errors" not in again, again
    assert again["data"]["ingestDocument"]["written"] is True
    (new_worker,) = _extraction_workers(proc.pid)
    assert new_worker != worker
    assert _post(base, READ) == {"data": READ_ANSWER}  # the server itself never went down
