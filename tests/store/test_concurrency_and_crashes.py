"""One writer, many readers, and crashes, with real processes on a real SQLite file:

* a reader refreshing while another process commits never sees a torn state, and catching
  up commit by commit ends where a fresh load of the file starts;
* SIGKILL at random instants of a writer (inside a batch's transaction or its commit) keeps
  whole batches only, and resuming gives the graph of a clean run;
* the same for ``kg ingest`` itself (real extractors), killed twice and resumed.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.store.embedded.memory import MemoryGraph
from kg.store.networkx import NetworkXGraphStore
from tests.store.helpers import check_snapshot, dump

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
PER_DOC = 12  # new companies per document, plus the shared "Hub"
BATCH = 4  # documents per commit

# Writes documents doc:<first>..doc:<last-1>, committing every BATCH; skips stored ones.
WRITER = textwrap.dedent(
    """
    import sys
    from kg.store.networkx import NetworkXGraphStore
    from tests.unit.test_networkx_store import batch
    path, first, last, per, every = sys.argv[1], *map(int, sys.argv[2:6])
    store = NetworkXGraphStore(path)
    for i in range(first, last):
        names = ["Hub", *(f"C{i}x{j}" for j in range(per))]
        store.write_document(batch(f"doc:{i:05d}", names))
        if (i + 1) % every == 0:
            store.commit()
            print(i, flush=True)
    store.commit()
    store.close()
    print("done", flush=True)
    """
)


def start_writer(path: Path, first: int, last: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-c", WRITER, str(path), str(first), str(last), str(PER_DOC), str(BATCH)]
    return subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)


def consistent(store: NetworkXGraphStore) -> int:
    """Check one snapshot as a reader sees it; the number of documents in it."""
    stats = store.stats()
    docs = stats.documents
    assert stats.entities == (PER_DOC * docs + 1 if docs else 0)
    assert stats.mentions == (PER_DOC + 1) * docs
    assert stats.relations == PER_DOC * docs  # a chain per document: Hub-C0, C0-C1, ...
    for relation in store.iter_relations():
        assert store.get_entity(relation.source) is not None and store.get_entity(relation.target) is not None
        assert relation.evidence
    if docs:
        hub = store.get_entity("ent:hub")
        assert hub is not None and hub.mention_count == docs
    return docs


def test_a_reader_never_sees_a_torn_state_and_catches_up_incrementally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[int] = []
    original = MemoryGraph.load

    def counted(self: MemoryGraph, conn: sqlite3.Connection) -> None:
        loads.append(1)
        original(self, conn)

    monkeypatch.setattr(MemoryGraph, "load", counted)
    writer = start_writer(tmp_path, 0, 120)
    assert writer.stdout is not None
    writer.stdout.readline()  # the first commit is there
    reader = NetworkXGraphStore(tmp_path)
    seen = [consistent(reader)]
    while writer.poll() is None:
        if reader.refresh():
            seen.append(consistent(reader))
            with sqlite3.connect(tmp_path / "graph.sqlite") as conn:  # the file, one snapshot
                conn.execute("BEGIN")
                check_snapshot(conn)
                conn.rollback()
        time.sleep(0.05)
    assert writer.wait() == 0
    reader.refresh()
    seen.append(consistent(reader))
    assert seen == sorted(seen) and seen[-1] == 120
    assert len(set(seen)) > 2  # it did follow several commits
    assert len(loads) == 1  # only the first open read everything; refreshes read changes
    assert dump(reader) == dump(NetworkXGraphStore(tmp_path))


def test_sigkill_inside_batches_keeps_whole_batches_and_resumes_to_a_clean_run(tmp_path: Path) -> None:
    data, clean = tmp_path / "data", tmp_path / "clean"
    rng = random.Random(19)
    total = 80
    for _ in range(3):
        writer = start_writer(data, 0, total)
        assert writer.stdout is not None
        writer.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        store = NetworkXGraphStore(data)
        docs = consistent(store)
        assert docs % BATCH == 0  # the last committed batch, never part of one
        with sqlite3.connect(data / "graph.sqlite") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            check_snapshot(conn)
        store.close()
    resumed = start_writer(data, 0, total)
    assert resumed.wait() == 0
    fresh = start_writer(clean, 0, total)
    assert fresh.wait() == 0
    assert dump(NetworkXGraphStore(data)) == dump(NetworkXGraphStore(clean))


@pytest.mark.timeout(1500)
def test_sigkill_during_kg_ingest_then_resume_equals_a_clean_run(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synth_corpus import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30)
    env = {**ENV, "KG_COMMIT_EVERY": "3"}
    data = tmp_path / "data"
    rng = random.Random(7)
    for _ in range(2):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "ingest", str(corpus), "--data-dir", str(data)], cwd=ROOT,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        before = _documents(data)
        deadline = time.monotonic() + 600
        while _documents(data) <= before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(rng.uniform(0.0, 1.5))
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(data / "graph.sqlite") as conn:
            check_snapshot(conn)
    assert _documents(data) > 0
    resume = subprocess.run([sys.executable, "-m", "kg", "ingest", str(corpus), "--data-dir", str(data)],
                            cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert resume.returncode == 0, resume.stderr
    clean = tmp_path / "clean"
    fresh = subprocess.run([sys.executable, "-m", "kg", "ingest", str(corpus), "--data-dir", str(clean)],
                           cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    assert dump(NetworkXGraphStore(data)) == dump(NetworkXGraphStore(clean))


def _documents(data_dir: Path) -> int:
    path = data_dir / "graph.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:
            return 0
