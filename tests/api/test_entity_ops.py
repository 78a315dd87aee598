"""Regression for issue 18: ``kg entities split`` and the GraphQL ``splitEntity`` are one
implementation (``kg.entity_ops.EntityOps``). The API split used to create the new entity with
no blocking keys and another id scheme, so the next mention of the split-off name went back to
the original entity. Both paths now give the same entity (id, keys, names) and the same later
resolution. The graph is built by the real resolver from hand-placed mentions;
tests/models/test_api_ingest.py does the same through the real pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from api.app import create_app
from kg.cli import app as cli_app
from kg.config import Settings
from kg.entity_ops import EntityOps
from kg.resolve import CrossLingualResolver
from kg.store.networkx import NetworkXGraphStore
from schema.errors import InputError, NotFoundError
from schema.types import Entity, EntityType
from tests.api.conftest import API_KEY, error_codes, gql
from tests.unit.resolve.test_resolver import ingest

C = EntityType.COMPANY
ALIAS = "젠트로바 시스템즈"
SPLIT = """mutation($id: ID!, $alias: String!, $type: EntityType) {
  splitEntity(entityId: $id, alias: $alias, type: $type) {
    original { id aliases mentionCount } created { id type name nameKo mentionCount } } }"""


def _graph(data_dir: Path) -> str:
    """Zentrova Systems and 젠트로바 시스템즈 resolved as one entity (its id)."""
    store = NetworkXGraphStore(data_dir)
    resolver = CrossLingualResolver()
    (base,) = ingest(store, resolver, "Zentrova Systems said.", [("Zentrova Systems", C)])
    (same,) = ingest(store, resolver, f"{ALIAS}가 투자를 받았다.", [(ALIAS, C)])
    assert same == base, "the resolver no longer joins the two names; pick another pair"
    store.commit()
    store.close()
    return base


def _split_by_cli(data_dir: Path, base: str, type: EntityType | None) -> None:
    args = ["entities", "split", base, ALIAS, "--data-dir", str(data_dir)]
    result = CliRunner().invoke(cli_app, args + (["--type", type.value] if type else []))
    assert result.exit_code == 0, result.output


def _split_by_api(data_dir: Path, base: str, type: EntityType | None) -> None:
    settings = Settings(data_dir=data_dir, api_key=SecretStr(API_KEY))
    with TestClient(create_app(settings, preload_models=False)) as client:
        variables = {"id": base, "alias": ALIAS, "type": type.name if type else None}
        body = gql(client, SPLIT, variables, key=API_KEY)
    assert "errors" not in body, body
    result = body["data"]["splitEntity"]
    assert result["original"]["id"] == base and ALIAS not in result["original"]["aliases"]
    assert (result["created"]["nameKo"], result["created"]["mentionCount"]) == (ALIAS, 1)


def _after_split(data_dir: Path, base: str) -> tuple[Entity, str]:
    """The split-off entity, and where the next mention of its name resolves."""
    store = NetworkXGraphStore(data_dir)
    try:
        created = store.get_entity(EntityOps(store).find(ALIAS).entity.id)
        assert created is not None and created.id != base
        (again,) = ingest(store, CrossLingualResolver(), f"{ALIAS}는 상장을 준비한다.", [(ALIAS, C)])
        return created, again
    finally:
        store.close()


@pytest.mark.parametrize("type", [None, EntityType.ORGANIZATION], ids=["same-type", "retype"])
def test_cli_and_api_split_alike(tmp_path: Path, type: EntityType | None) -> None:
    results: dict[str, tuple[Entity, str]] = {}
    for path, split in (("cli", _split_by_cli), ("api", _split_by_api)):
        data_dir = tmp_path / path
        base = _graph(data_dir)
        split(data_dir, base, type)
        results[path] = _after_split(data_dir, base)
    (cli_entity, cli_next), (api_entity, api_next) = results["cli"], results["api"]
    assert api_entity.model_dump() == cli_entity.model_dump()
    assert api_entity.type == (type or C) and api_entity.keys and api_entity.attributes["split_from"]
    # the next mention of the split-off name lands on the split-off entity, on both paths
    assert cli_next == cli_entity.id
    assert api_next == api_entity.id


def test_entity_ops_errors(tmp_path: Path) -> None:
    base = _graph(tmp_path / "data")
    store = NetworkXGraphStore(tmp_path / "data")
    try:
        ops = EntityOps(store, tmp_path / "data")
        with pytest.raises(InputError, match="already one entity"):
            ops.merge(base, base)
        with pytest.raises(NotFoundError):
            ops.split("ent:nope", ALIAS)
        with pytest.raises(NotFoundError):
            ops.find("Nobody Inc")
        assert ops.find("Zentrova Systems").entity.id == base
    finally:
        store.close()


def test_api_split_errors(tmp_path: Path) -> None:
    base = _graph(tmp_path / "data")
    settings = Settings(data_dir=tmp_path / "data", api_key=SecretStr(API_KEY))
    with TestClient(create_app(settings, preload_models=False)) as client:
        unknown: dict[str, Any] = {"id": "ent:nope", "alias": ALIAS}
        assert error_codes(gql(client, SPLIT, unknown, key=API_KEY)) == ["NOT_FOUND"]
        same = "mutation($id: ID!) { mergeEntities(keepId: $id, otherId: $id) { id } }"
        assert error_codes(gql(client, same, {"id": base}, key=API_KEY)) == ["BAD_USER_INPUT"]
