"""Neo4j-only statements of kg/store/neo4j/ (NEO4J_ONLY in cypher.py), against a real Neo4j 5."""

from __future__ import annotations

import pytest

from kg.store.neo4j import NEO4J_ONLY, Neo4jGraphStore
from schema.errors import StoreError
from schema.types import Relation
from tests.contract.builders import eid
from tests.contract.test_docs_cypher import DOC_PARAMS, analyst_queries
from tests.contract.test_store_contract import _chain, doc_a, doc_b

pytestmark = pytest.mark.neo4j


def test_schema_is_idempotent_and_complete(neo4j_store: Neo4jGraphStore) -> None:
    assert set(neo4j_store.init_schema()) == {k for k, v in NEO4J_ONLY.items() if v.startswith("CREATE")}
    constraints = {r["name"] for r in neo4j_store._read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"entity_id", "document_id"} <= constraints
    indexes = {r["name"]: r for r in neo4j_store._read("SHOW INDEXES YIELD name, type, options RETURN *")}
    assert indexes["entity_names"]["type"] == "FULLTEXT"
    assert indexes["entity_names"]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"


def test_uniqueness_constraint_rejects_a_duplicate_entity(neo4j_store: Neo4jGraphStore) -> None:
    neo4j_store.write_document(doc_a())
    with pytest.raises(StoreError, match=r"ConstraintValidationFailed|already exists"):
        neo4j_store._run(lambda tx: tx.run("CREATE (:Entity {id: $id})", id=eid("Amazon")).consume(), write=True)


@pytest.mark.parametrize(("query", "expected"), [("아마존", "Amazon"), ("amazon", "Amazon"), ("11번", "11st")])
def test_fulltext_index_finds_names_in_either_script(neo4j_store: Neo4jGraphStore, query: str, expected: str) -> None:
    neo4j_store.write_document(doc_a())
    neo4j_store.write_document(doc_b())
    neo4j_store._execute("CALL db.awaitIndexes(60)")
    rows = neo4j_store._read(
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
        "RETURN node.id AS id, node.name AS name ORDER BY score DESC LIMIT 3",
        q=f"{query}*" if query.isascii() else query,
    )
    assert rows and rows[0]["id"] == eid(expected)


def _nodes(path: list[Relation], start: str) -> list[str]:
    nodes = [start]
    for rel in path:
        nodes.append(rel.target if rel.source == nodes[-1] else rel.source)
    return nodes


def test_all_shortest_paths_agree_with_the_portable_search(neo4j_store: Neo4jGraphStore) -> None:
    _chain(neo4j_store)
    a, g = eid("Alpha"), eid("Gamma")
    native = neo4j_store.shortest_paths_neo4j(a, g)
    assert native == sorted(_nodes(p, a) for p in neo4j_store.shortest_paths(a, g))
    assert len(native) == 2
    assert neo4j_store.shortest_paths_neo4j(a, eid("Foxtrot")) == []


def test_every_analyst_query_in_the_docs_runs(neo4j_store: Neo4jGraphStore) -> None:
    """All Cypher blocks of docs/neo4j.md, the Neo4j-only ones included."""
    neo4j_store.write_document(doc_a())
    neo4j_store.write_document(doc_b())
    for statement in analyst_queries():
        neo4j_store._read(statement, **DOC_PARAMS)
