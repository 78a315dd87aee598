"""The same seed ingest gives the same graph on both backends: the real pipeline (spaCy, Kiwi,
the resolver) writing into the NetworkX store and, through Bolt, into Neo4jGraphStore."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import Pipeline
from kg.resolve import search_keys
from kg.store.neo4j import Neo4jGraphStore
from kg.store.networkx import NetworkXGraphStore
from schema.types import Relation
from tests.bolt import bolt_server, bolt_settings, wipe_graph

__all__ = ["bolt_server", "bolt_settings"]

pytestmark = [pytest.mark.models, pytest.mark.bolt]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _relation(rel: Relation) -> tuple[object, ...]:
    return (rel.id, rel.source, rel.target, rel.type, round(rel.confidence, 6), sorted(ev.key for ev in rel.evidence))


def test_seed_ingest_is_the_same_on_both_backends(bolt_settings: Settings, tmp_path: Path) -> None:
    nx_store = NetworkXGraphStore(tmp_path / "nx", query_keys=search_keys)
    nx_summary = Pipeline(Settings(data_dir=tmp_path / "nx"), nx_store).ingest_paths([SEEDS])
    wipe_graph(bolt_settings)
    neo = Neo4jGraphStore(bolt_settings, query_keys=search_keys)
    try:
        neo.init_schema()
        neo_summary = Pipeline(bolt_settings, neo).ingest_paths([SEEDS])
        assert neo_summary.documents == nx_summary.documents == len(list(SEEDS.glob("*.txt")))
        assert (neo_summary.entities, neo_summary.relations) == (nx_summary.entities, nx_summary.relations)
        assert neo.stats() == nx_store.stats()
        nx_entities = sorted(nx_store.iter_entities(), key=lambda e: e.id)
        assert sorted(neo.iter_entities(), key=lambda e: e.id) == nx_entities
        assert sorted(map(_relation, neo.iter_relations())) == sorted(map(_relation, nx_store.iter_relations()))
        for entity in nx_entities:
            assert neo.mentions_of(entity.id) == nx_store.mentions_of(entity.id)
        for query in ("Amazon", "아마존", "11번가", "Korea"):
            assert neo.search_entities(query) == nx_store.search_entities(query), query
        # re-ingesting is a no-op on both
        assert Pipeline(bolt_settings, neo).ingest_paths([SEEDS]).documents == 0
    finally:
        neo.close()
