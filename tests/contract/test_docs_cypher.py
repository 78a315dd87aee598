"""The analyst's Cypher in docs/neo4j.md runs against the Bolt server and returns what the
graph says (the blocks marked ``// Neo4j only`` run in tests/neo4j_real)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store.neo4j import Neo4jGraphStore
from tests.bolt import wipe_graph
from tests.contract.test_store_contract import doc_a, doc_b

__all__ = ["DOC_PARAMS", "analyst_queries"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "neo4j.md"
DOC_PARAMS = {"name": "Amazon", "a": "Amazon", "b": "11번가", "entity": "아마존"}


def analyst_queries(portable_only: bool = False) -> list[str]:
    blocks = [b.strip() for b in re.findall(r"```cypher\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)]
    if portable_only:
        blocks = [b for b in blocks if not b.startswith("// Neo4j only")]
    return blocks


def test_docs_set_every_parameter_they_use() -> None:
    text = DOCS.read_text(encoding="utf-8")
    declared = set(re.findall(r"^:param (\w+) =>", text, re.M))
    used = {p for q in analyst_queries() for p in re.findall(r"\$(\w+)", q)}
    assert used <= declared == set(DOC_PARAMS)
    assert len(analyst_queries()) >= 7 and len(analyst_queries(portable_only=True)) == len(analyst_queries()) - 2


@pytest.mark.bolt
def test_analyst_queries_answer_on_the_bolt_server(bolt_settings: Settings) -> None:
    wipe_graph(bolt_settings)
    store = Neo4jGraphStore(bolt_settings)
    try:
        store.write_document(doc_a())
        store.write_document(doc_b())
        answers = [store._read(q, **DOC_PARAMS) for q in analyst_queries(portable_only=True)]
    finally:
        store.close()
    first_look, partners, roles, deals, said, mentions = answers
    assert len(first_look) == 4  # two partnerships, each matched from both ends (undirected pattern)
    assert {r["partner"] for r in partners} == {"Coupang", "11st"}
    assert all(r["said"] for r in partners)
    assert [(r["person"], r["role"], r["organization"]) for r in roles] == [("Andy Jassy", "CEO_OF", "Amazon")]
    assert deals == []  # nobody acquired anybody in these two documents
    assert {(r["source"], r["relation"], r["target"]) for r in said} >= {
        ("Andy Jassy", "CEO_OF", "Amazon"),
        ("Amazon", "HEADQUARTERED_IN", "Seattle"),
    }
    assert all(r["sentences"] and r["documents"] for r in said)
    assert sorted((r["said_as"], r["start"]) for r in mentions) == [("Amazon", 0), ("Amazon", 55), ("아마존", 0)]
