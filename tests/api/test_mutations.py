"""Mutations (merge, split, delete) and their API-key guard. ingestDocument needs the models
and is tested in tests/models/test_api_ingest.py; its auth guard is tested here."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from kg.config import Settings
from kg.resolve import search_keys
from kg.store.base import GraphStore
from kg.store.neo4j import Neo4jGraphStore
from kg.store.networkx import NetworkXGraphStore
from tests.api.conftest import API_KEY, error_codes, gql

DELETE = "mutation($id: ID!) { deleteDocument(id: $id) { documentId deleted } }"
MUTATIONS = [
    ('mutation { deleteDocument(id: "doc:ko-1") { deleted } }', "deleteDocument"),
    ('mutation { mergeEntities(keepId: "ent:amazon", otherId: "ent:amazon-dup") { id } }', "mergeEntities"),
    ('mutation { splitEntity(entityId: "ent:naver", alias: "네이버") { created { id } } }', "splitEntity"),
    ('mutation { ingestDocument(text: "Amazon partners with Naver.") { documentId } }', "ingestDocument"),
]


@pytest.mark.parametrize(("mutation", "field"), MUTATIONS)
def test_mutations_need_the_api_key(client: TestClient, store: GraphStore, mutation: str, field: str) -> None:
    before = store.stats()
    for key in (None, "wrong-key", ""):
        body = gql(client, mutation, key=key)
        assert error_codes(body) == ["UNAUTHENTICATED"], body
        assert body["data"] is None
        expected = "invalid API key" if key else "Authorization: Bearer"
        assert expected in body["errors"][0]["message"]
    body = gql(client, mutation, key="wrong", header="x-api-key")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "invalid API key"
    assert store.stats() == before  # nothing changed


def test_mutations_disabled_without_a_configured_key(tmp_path: Path, store: GraphStore) -> None:
    settings = Settings(data_dir=tmp_path / "other")
    with TestClient(create_app(settings, store, preload_models=False)) as client:
        body = gql(client, DELETE, {"id": "doc:ko-1"}, key="anything")
        assert error_codes(body) == ["MUTATIONS_DISABLED"]
        assert "KG_API_KEY" in body["errors"][0]["message"]
        # reads stay public
        assert gql(client, "{ stats { documents } }")["data"]["stats"]["documents"] == 3


@pytest.mark.parametrize("header", ["bearer", "x-api-key"])
def test_delete_document_removes_only_what_came_from_it(
    client: TestClient, api_settings: Settings, store: GraphStore, header: str, request: pytest.FixtureRequest
) -> None:
    body = gql(client, DELETE, {"id": "doc:ko-1"}, key=API_KEY, header=header)
    assert body == {"data": {"deleteDocument": {"documentId": "doc:ko-1", "deleted": True}}}
    after = gql(
        client,
        """{ stats { documents }
        seongnam: entity(id: "ent:seongnam") { id }
        naver: entity(id: "ent:naver") { mentionCount relations { edges { node { type documents } } } } }""",
    )
    data = after["data"]
    assert data["stats"]["documents"] == 2
    assert data["seongnam"] is None  # only the Korean document mentioned 성남
    assert data["naver"]["mentionCount"] == 1
    assert [e["node"] for e in data["naver"]["relations"]["edges"]] == [
        {"type": "PARTNERS_WITH", "documents": ["doc:en-1"]}
    ]
    # the deletion was committed: a fresh store on the same backend sees it
    reopened: GraphStore = (
        NetworkXGraphStore(api_settings.data_dir, query_keys=search_keys)
        if isinstance(store, NetworkXGraphStore)
        else Neo4jGraphStore(request.getfixturevalue("bolt_settings"), query_keys=search_keys)
    )
    assert reopened.get_document("doc:ko-1") is None and reopened.get_document("doc:en-1") is not None
    # deleting again is not an error, just nothing to do
    again = gql(client, DELETE, {"id": "doc:ko-1"}, key=API_KEY)
    assert again["data"]["deleteDocument"]["deleted"] is False


def test_merge_entities(client: TestClient, store: GraphStore) -> None:
    query = """mutation($keep: ID!, $other: ID!) { mergeEntities(keepId: $keep, otherId: $other) {
        id aliases merges { alias reason otherEntityId }
        relations(first: 100) { edges { node { type target { id } } } } } }"""
    body = gql(client, query, {"keep": "ent:amazon", "other": "ent:amazon-dup"}, key=API_KEY)
    assert "errors" not in body, body
    merged = body["data"]["mergeEntities"]
    assert merged["id"] == "ent:amazon"
    assert "Amazon Web Services" in merged["aliases"]
    assert {"alias": "Amazon Web Services", "reason": "manual", "otherEntityId": "ent:amazon-dup"} in merged["merges"]
    assert ("HEADQUARTERED_IN", "ent:seattle") in {
        (e["node"]["type"], e["node"]["target"]["id"]) for e in merged["relations"]["edges"]
    }
    assert gql(client, '{ entity(id: "ent:amazon-dup") { id } }')["data"]["entity"] is None
    assert store.get_entity("ent:amazon-dup") is None


@pytest.mark.parametrize(
    ("keep", "other", "code"),
    [
        ("ent:amazon", "ent:nope", "NOT_FOUND"),
        ("ent:amazon", "ent:amazon", "BAD_USER_INPUT"),
        ("ent:amazon", "ent:jassy", "STORE_ERROR"),
    ],  # a company cannot absorb a person
)
def test_merge_errors(client: TestClient, keep: str, other: str, code: str) -> None:
    query = "mutation($k: ID!, $o: ID!) { mergeEntities(keepId: $k, otherId: $o) { id } }"
    body = gql(client, query, {"k": keep, "o": other}, key=API_KEY)
    assert error_codes(body) == [code]
    assert body["errors"][0]["extensions"]["kgCode"].startswith("KG")


def test_split_entity_moves_mentions_and_evidence(client: TestClient) -> None:
    query = """mutation { splitEntity(entityId: "ent:naver", alias: "네이버") {
        original { id name mentionCount aliases }
        created { id name nameKo type mentionCount
                  relations { edges { node { type documents source { id } target { id } } } } } } }"""
    body = gql(client, query, key=API_KEY)
    assert "errors" not in body, body
    result = body["data"]["splitEntity"]
    assert result["original"]["mentionCount"] == 1 and "네이버" not in result["original"]["aliases"]
    created = result["created"]
    assert (created["name"], created["nameKo"], created["type"], created["mentionCount"]) == (
        "네이버",
        "네이버",
        "COMPANY",
        2,
    )
    rels = {(e["node"]["type"], tuple(e["node"]["documents"])) for e in created["relations"]["edges"]}
    assert rels == {("PARTNERS_WITH", ("doc:ko-1",)), ("HEADQUARTERED_IN", ("doc:ko-1",))}
    check = gql(client, '{ entity(id: "ent:naver") { relations { edges { node { documents } } } } }')
    assert [e["node"]["documents"] for e in check["data"]["entity"]["relations"]["edges"]] == [["doc:en-1"]]


def test_split_unknown_alias(client: TestClient) -> None:
    body = gql(
        client, 'mutation { splitEntity(entityId: "ent:naver", alias: "Kakao") { created { id } } }', key=API_KEY
    )
    assert error_codes(body) == ["NOT_FOUND"]


def test_api_key_from_settings_secret(tmp_path: Path, store: GraphStore) -> None:
    settings = Settings(data_dir=tmp_path / "x", api_key=SecretStr("other-key"))
    with TestClient(create_app(settings, store, preload_models=False)) as client:
        assert error_codes(gql(client, DELETE, {"id": "doc:en-1"}, key=API_KEY)) == ["UNAUTHENTICATED"]
        assert gql(client, DELETE, {"id": "doc:en-1"}, key="other-key")["data"]["deleteDocument"]["deleted"]
