"""``kg reindex`` recomputes every entity's blocking keys with the resolver's current rules, in
place: stale keys go, the keys the names give now come, kept kinds (dictionary entries) stay,
and running it again changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.reindex import entity_keys
from kg.resolve import blocking_keys
from kg.store.networkx import NetworkXGraphStore
from schema.types import EntityType
from tests.unit.test_networkx_store import batch

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Samsung Electronics", "Hyundai Motor", "Naver"]


def _reindex(data_dir: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "kg", "reindex", "--data-dir", str(data_dir)],
                            cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_reindex_round_trip(tmp_path: Path) -> None:
    store = NetworkXGraphStore(tmp_path)
    doc = batch("doc:1", NAMES)
    doc.entities = [e.model_copy(update={"aliases": [e.name]}) for e in doc.entities]
    doc.entities[0].keys.append("d|samsung-electronics")  # a dictionary entry: kept as it is
    store.write_document(doc)
    store.commit()
    # keys from rules that have since changed
    store.rekey(lambda e: [k for k in e.keys if k.startswith("d|")] + [f"Company|old|{e.id}"])
    store.close()

    assert "3 changed" in _reindex(tmp_path)
    after = NetworkXGraphStore(tmp_path)
    for entity in after.iter_entities():
        assert set(entity.keys) == set(entity_keys(entity))
        assert not any("|old|" in k for k in entity.keys)
    samsung = after.find_by_name("Samsung Electronics")
    assert "d|samsung-electronics" in after.get_entity(samsung[0]).keys  # type: ignore[union-attr]
    found = after.find_by_keys(blocking_keys("Samsung Electronics", EntityType.COMPANY))
    assert found and all(ids == samsung for ids in found.values())
    assert after.find_by_keys(["Company|old|ent:naver"]) == {}
    after.close()

    assert "0 changed" in _reindex(tmp_path)  # a second run finds nothing to do
