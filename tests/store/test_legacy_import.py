"""A data directory written by kg before the SQLite store (``graph.pickle``) is imported once,
automatically or by ``kg migrate``, through an allow-listed unpickler: the graph reads back the
same as the same documents written into a new store, and a hostile pickle is refused without
running anything."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.networkx import NetworkXGraphStore
from schema.errors import StoreError
from schema.types import MergeRecord
from tests.store.helpers import dump, write_old_pickle
from tests.unit.test_networkx_store import batch

ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]


def _batches() -> list:  # type: ignore[type-arg]
    first = batch("doc:1", ["Amazon", "Naver", "Kakao"], source="a.txt")
    first.merges.append(
        MergeRecord(entity_id="ent:amazon", alias="Amazon", reason="new", score=1.0, document_id="doc:1")
    )
    return [first, batch("doc:2", ["Naver", "Coupang"], source="b.txt"), batch("doc:3", ["Amazon", "Naver"])]


def test_an_old_directory_is_imported_on_open_and_reads_the_same(tmp_path: Path) -> None:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    write_old_pickle(old_dir, _batches())
    fresh = NetworkXGraphStore(new_dir)
    for b in _batches():
        fresh.write_document(b)
    fresh.commit()
    imported = NetworkXGraphStore(old_dir)
    assert dump(imported) == dump(fresh)
    assert (old_dir / "graph.sqlite").exists()
    assert not (old_dir / "graph.pickle").exists() and (old_dir / "graph.pickle.imported").exists()
    # the imported directory is an ordinary store from now on
    imported.write_document(batch("doc:4", ["Kakao", "Toss"]))
    imported.commit()
    imported.close()
    assert NetworkXGraphStore(old_dir).stats().documents == 4


def test_kg_migrate_imports_and_says_so(tmp_path: Path) -> None:
    write_old_pickle(tmp_path, _batches())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*KG, "migrate", "--data-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "importing" in result.stderr and "3 documents" in result.stderr
    assert "3 documents" in result.stdout and "schema version" in result.stdout
    again = subprocess.run(
        [*KG, "migrate", "--data-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0 and "importing" not in again.stderr


class _Hostile:
    """Unpickling this runs a shell command that creates ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("where", ["top", "inside"])
def test_a_hostile_pickle_is_refused_and_runs_nothing(tmp_path: Path, where: str) -> None:
    data_dir, marker = tmp_path / "data", tmp_path / "pwned"
    data_dir.mkdir()
    payload: object = _Hostile(marker)
    if where == "inside":  # a plausible snapshot with the payload deep in it
        payload = {"version": 1, "G": None, "documents": {"doc:1": payload}, "merges": {}}
    (data_dir / "graph.pickle").write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    with pytest.raises(
        StoreError, match=r"refusing to load .*graph\.pickle.*(posix|os)\.system.*nothing in it was run"
    ):
        NetworkXGraphStore(data_dir)
    assert not marker.exists()
    assert not (data_dir / "graph.sqlite").exists()
    # the command line says the same, and exits non-zero, without a traceback
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*KG, "stats", "--data-dir", str(data_dir)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2 and "refusing to load" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()


def test_a_pickle_of_another_shape_is_refused(tmp_path: Path) -> None:
    (tmp_path / "graph.pickle").write_bytes(pickle.dumps({"version": 1, "G": [1, 2]}))
    with pytest.raises(StoreError, match="not a kg graph snapshot"):
        NetworkXGraphStore(tmp_path)
