"""The GraphStore contract suite runs every test against the NetworkX store and against
Neo4jGraphStore on a real Bolt server (FalkorDB, started once per session by tests/bolt.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import Settings
from kg.resolve import search_keys
from kg.store.base import GraphStore
from kg.store.neo4j import Neo4jGraphStore
from kg.store.networkx import NetworkXGraphStore
from tests.bolt import bolt_server, bolt_settings, wipe_graph

__all__ = ["bolt_server", "bolt_settings"]


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.bolt)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "networkx":
        nx_store = NetworkXGraphStore(tmp_path / "nx", query_keys=search_keys)
        yield nx_store
        nx_store.close()
        return
    settings: Settings = request.getfixturevalue("bolt_settings")
    wipe_graph(settings)
    neo = Neo4jGraphStore(settings, query_keys=search_keys)
    neo.init_schema()
    yield neo
    neo.close()
