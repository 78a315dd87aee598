"""The schema version table and its migrations: a file of an older version is brought up to
date on open with its data intact; a file newer than the code is refused, not guessed at."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kg.store.embedded.schema import SCHEMA_VERSION
from kg.store.networkx import NetworkXGraphStore
from schema.errors import StoreError
from tests.store.helpers import dump
from tests.unit.test_networkx_store import batch


def _written(path: Path) -> dict[str, object]:
    store = NetworkXGraphStore(path)
    store.write_document(batch("doc:1", ["Amazon", "Naver", "Kakao"]))
    store.write_document(batch("doc:2", ["Naver", "Toss"]))
    store.commit()
    content = dump(store)
    store.close()
    return content


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path / "graph.sqlite") as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_a_version_1_file_is_migrated_on_open(tmp_path: Path) -> None:
    before = _written(tmp_path)
    with sqlite3.connect(tmp_path / "graph.sqlite") as conn:  # what version 1 looked like
        conn.execute("CREATE INDEX mentions_surface ON mentions(entity_id, text, ord)")
        conn.execute("CREATE INDEX evidence_order ON evidence(relation_id, ord)")
        conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    assert "mentions_surface" in _indexes(tmp_path)
    store = NetworkXGraphStore(tmp_path)
    assert dump(store) == before
    store.close()
    assert not {"mentions_surface", "evidence_order"} & _indexes(tmp_path)
    with sqlite3.connect(tmp_path / "graph.sqlite") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    _written(tmp_path)
    with sqlite3.connect(tmp_path / "graph.sqlite") as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match=r"schema version 99; this kg understands up to"):
        NetworkXGraphStore(tmp_path)
