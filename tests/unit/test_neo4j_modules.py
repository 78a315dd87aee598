"""The server-free parts of kg/store/neo4j/: request splitting and escaping for FalkorDB, the
statements built from enums, and the property codec (the rest runs on a real Bolt server in
tests/contract)."""

from __future__ import annotations

import doctest

import pytest

import kg.store.neo4j.connection
from kg.store.neo4j import cypher
from kg.store.neo4j.codec import entity_from_row, relation_from_row, relation_props, view_props
from kg.store.neo4j.connection import escaped, parts, wire_size
from schema.errors import StoreError
from schema.types import Entity, EntityType, Relation, RelationType
from schema.views import entity_view


def test_doctests() -> None:
    failures, tried = doctest.testmod(kg.store.neo4j.connection)
    assert tried >= 1 and failures == 0


def test_escaped_round_trip_text() -> None:
    assert escaped({"a": ["it's", "a\\b"], "n": 3}) == {"a": ["it\\'s", "a\\\\b"], "n": 3}


def test_parts_split_under_the_limit_and_refuse_an_oversized_item() -> None:
    items = [f"item-{i:04d}" for i in range(200)]
    assert list(parts("Q", items, {}, None)) == [items]
    chunks = list(parts("UNWIND $ids AS id RETURN id", items, {}, 600))
    assert [x for c in chunks for x in c] == items and len(chunks) > 1
    base = len(b"UNWIND $ids AS id RETURN id") + wire_size({}) + 64
    assert all(base + sum(wire_size(x) + 1 for x in c) <= 600 for c in chunks)
    with pytest.raises(StoreError, match="more than this Bolt server accepts"):
        list(parts("Q", ["x" * 700], {}, 600))


def test_statements_take_labels_and_types_only_from_the_enums() -> None:
    assert "MERGE (a)-[r:CEO_OF {id: row.props.id}]->(b)" in cypher.write_relations(RelationType.CEO_OF)
    bases = cypher.write_bases(EntityType.PERSON)
    assert "e:Person" in bases and "REMOVE e:Company" in bases and ":Person" not in bases.split("REMOVE")[1]
    with pytest.raises(ValueError):
        cypher.write_relations("X]->() DETACH DELETE (n) //")  # type: ignore[arg-type]
    assert set(cypher.REL_TYPES.split("|")) == {t.value for t in RelationType}


def test_codec_round_trips_views_and_relations() -> None:
    base = Entity(id="ent:1", type=EntityType.COMPANY, name="", aliases=["AMZN"], attributes={"x": 1})
    view = entity_view(base, ["Amazon", "아마존"])
    props = view_props(view, ["Amazon", "아마존"])
    assert props["forms"] == ["amazon", "아마존"] and props["key_forms"] == ["amzn"]
    row = {**props, "type": "Company", "keys": [], "attributes": '{"x": 1}'}
    assert entity_from_row(row) == view
    rel = Relation(id="r:1", source="ent:1", target="ent:2", type=RelationType.CEO_OF, confidence=0.5)
    assert relation_from_row({"source": "ent:1", "target": "ent:2", "type": "CEO_OF", "p": relation_props(rel)}) == rel
