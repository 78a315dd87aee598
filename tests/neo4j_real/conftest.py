"""The Neo4j-only statements (constraints, the 'cjk' full-text index, allShortestPaths) need a
real Neo4j 5. These tests run when ``KG_TEST_REAL_NEO4J=1`` and NEO4J_URI/NEO4J_USER/
NEO4J_PASSWORD point at one, e.g. after ``docker compose up neo4j``:

    KG_TEST_REAL_NEO4J=1 NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... \\
        .venv/bin/pytest tests/neo4j_real -q

They wipe the graph of the database they are given: never point them at data you keep.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kg.config import Settings
from kg.resolve import search_keys
from kg.store.neo4j import Neo4jGraphStore


@pytest.fixture
def neo4j_store() -> Iterator[Neo4jGraphStore]:
    if os.environ.get("KG_TEST_REAL_NEO4J") != "1":
        pytest.skip("set KG_TEST_REAL_NEO4J=1 and NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD to a real Neo4j 5")
    store = Neo4jGraphStore(Settings(backend="neo4j"), query_keys=search_keys)
    if store.server_kind() != "neo4j":
        store.close()
        pytest.fail(f"{store.uri} is not a real Neo4j (no dbms.components()); KG_TEST_REAL_NEO4J=1 needs one")
    store.clear()
    store.init_schema()
    yield store
    store.clear()
    store.close()
