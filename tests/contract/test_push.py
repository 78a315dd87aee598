"""``kg neo4j init`` and ``kg neo4j push``: the embedded graph copied into a Bolt server reads
back the same, entity by entity and relation by relation, and pushing twice is a no-op."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.config import Settings
from kg.resolve import search_keys
from kg.store.neo4j import Neo4jGraphStore
from kg.store.networkx import NetworkXGraphStore
from schema.types import Entity, EntityType, MergeRecord, Relation
from tests.bolt import wipe_graph
from tests.contract.test_store_contract import AMAZON, doc_a, doc_b, doc_c

pytestmark = pytest.mark.bolt


def _env(settings: Settings, data_dir: Path) -> dict[str, str]:
    return {
        "KG_DATA_DIR": str(data_dir),
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
    }


def _relation_view(rel: Relation) -> tuple[object, ...]:
    return (rel.id, rel.source, rel.target, rel.type, round(rel.confidence, 6), sorted(ev.key for ev in rel.evidence))


def test_init_is_idempotent(bolt_settings: Settings, tmp_path: Path) -> None:
    from kg.cli_neo4j import neo4j_app

    runner = CliRunner()
    first = runner.invoke(neo4j_app, ["init"], env=_env(bolt_settings, tmp_path))
    assert first.exit_code == 0, first.output
    second = runner.invoke(neo4j_app, ["init"], env=_env(bolt_settings, tmp_path))
    assert second.exit_code == 0 and "already set up" in second.output, second.output


def test_push_copies_the_embedded_graph(bolt_settings: Settings, tmp_path: Path) -> None:
    from kg.cli_neo4j import neo4j_app

    data_dir = tmp_path / "data"
    nx_store = NetworkXGraphStore(data_dir, query_keys=search_keys)
    for batch in (doc_a(), doc_b(), doc_c()):
        nx_store.write_document(batch)
    nx_store.upsert_entities([Entity(id="ent:lonely", type=EntityType.PLACE, name="Jeju", aliases=["제주"])])
    nx_store.merge_entities(
        AMAZON, "ent:coupang", MergeRecord(entity_id=AMAZON, alias="Coupang", reason="manual", score=1)
    )
    nx_store.commit()

    wipe_graph(bolt_settings)
    runner = CliRunner()
    env = _env(bolt_settings, data_dir)
    result = runner.invoke(neo4j_app, ["push"], env=env)
    assert result.exit_code == 0, result.output
    assert "pushed 3 documents" in result.output

    neo = Neo4jGraphStore(bolt_settings, query_keys=search_keys)
    try:
        assert neo.stats() == nx_store.stats()
        assert sorted(neo.iter_entities(), key=lambda e: e.id) == sorted(nx_store.iter_entities(), key=lambda e: e.id)
        assert sorted(map(_relation_view, neo.iter_relations())) == sorted(
            map(_relation_view, nx_store.iter_relations())
        )
        for entity in nx_store.iter_entities():
            assert neo.mentions_of(entity.id) == nx_store.mentions_of(entity.id)
            assert {r.model_dump_json() for r in neo.merges_of(entity.id)} == {
                r.model_dump_json() for r in nx_store.merges_of(entity.id)
            }
        assert neo.list_documents() == nx_store.list_documents()
        assert neo.search_entities("아마존") == nx_store.search_entities("아마존")

        again = runner.invoke(neo4j_app, ["push"], env=env)
        assert again.exit_code == 0 and "pushed 0 documents (3 already there)" in again.output, again.output
        assert neo.stats() == nx_store.stats()
        for entity in nx_store.iter_entities():  # the history is not repeated either
            assert len(neo.merges_of(entity.id)) == len(nx_store.merges_of(entity.id)), entity.id
    finally:
        neo.close()


def test_push_without_an_embedded_graph_fails_clearly(bolt_settings: Settings, tmp_path: Path) -> None:
    from kg.cli_neo4j import neo4j_app

    result = CliRunner().invoke(neo4j_app, ["push"], env=_env(bolt_settings, tmp_path / "empty"))
    assert result.exit_code == 2 and "no embedded graph" in result.output


def test_push_to_a_server_that_is_down_fails_clearly(tmp_path: Path) -> None:
    from kg.cli_neo4j import neo4j_app
    from tests.bolt import free_port

    data_dir = tmp_path / "data"
    nx_store = NetworkXGraphStore(data_dir, query_keys=search_keys)
    nx_store.write_document(doc_a())
    nx_store.commit()
    env = {"KG_DATA_DIR": str(data_dir), "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_TIMEOUT": "1"}
    result = CliRunner().invoke(neo4j_app, ["push"], env=env)
    assert result.exit_code == 2 and "KG201" in result.output, result.output
