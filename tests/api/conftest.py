"""API test fixtures: a small bilingual graph written straight into a store as DocumentBatch
objects (no models needed), an app around it and a GraphQL helper.

The ``store`` fixture is parametrized over ``STORE_BACKENDS`` so the same API tests can run on
every GraphStore: add a backend name there and a branch in ``_open_store``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from kg.config import Settings
from kg.resolve import search_keys
from kg.store.base import DocumentBatch, GraphStore
from kg.store.neo4j import Neo4jGraphStore
from kg.store.networkx import NetworkXGraphStore
from schema.types import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    RelationType,
    stable_id,
)
from tests.bolt import bolt_server, bolt_settings, wipe_graph

__all__ = ["bolt_server", "bolt_settings"]

API_KEY = "test-key-0123456789"
STORE_BACKENDS = ["networkx", pytest.param("neo4j", marks=pytest.mark.bolt)]

# -- the graph ----------------------------------------------------------------------------------

ENTITIES: dict[str, Entity] = {
    e.id: e
    for e in [
        Entity(
            id="ent:amazon",
            type=EntityType.COMPANY,
            name="Amazon",
            name_en="Amazon",
            name_ko="아마존",
            aliases=["Amazon", "아마존", "Amazon.com"],
        ),
        Entity(
            id="ent:naver",
            type=EntityType.COMPANY,
            name="Naver",
            name_en="Naver",
            name_ko="네이버",
            aliases=["Naver", "네이버"],
        ),
        Entity(
            id="ent:jassy",
            type=EntityType.PERSON,
            name="Andy Jassy",
            name_en="Andy Jassy",
            name_ko="앤디 재시",
            aliases=["Andy Jassy", "Jassy"],
        ),
        Entity(
            id="ent:seattle",
            type=EntityType.PLACE,
            name="Seattle",
            name_en="Seattle",
            name_ko="시애틀",
            aliases=["Seattle"],
        ),
        Entity(id="ent:seongnam", type=EntityType.PLACE, name="성남", name_en="", name_ko="성남", aliases=["성남"]),
        Entity(
            id="ent:kakao", type=EntityType.COMPANY, name="Kakao", name_en="Kakao", name_ko="카카오", aliases=["Kakao"]
        ),
        Entity(
            id="ent:amazon-dup",
            type=EntityType.COMPANY,
            name="Amazon Web Services",
            name_en="Amazon Web Services",
            aliases=["Amazon Web Services"],
        ),
        *[
            Entity(
                id=f"ent:acme{i:02d}",
                type=EntityType.COMPANY,
                name=f"Acme {i:02d}",
                name_en=f"Acme {i:02d}",
                aliases=[f"Acme {i:02d}"],
            )
            for i in range(1, 31)
        ],
    ]
}


@dataclass
class DocSpec:
    """A document as text plus who is mentioned where and which relations its sentences state."""

    id: str
    title: str
    language: str
    text: str
    mentions: list[tuple[str, str]]  # (entity id, surface), found left to right
    relations: Sequence[tuple[str, RelationType, str, dict[str, Any]]] = field(default_factory=list)


DOCS = [
    DocSpec(
        id="doc:en-1",
        title="Amazon and Naver",
        language="en",
        text="Amazon partners with Naver. Andy Jassy is the CEO of Amazon. Amazon is based in Seattle.",
        mentions=[
            ("ent:amazon", "Amazon"),
            ("ent:naver", "Naver"),
            ("ent:jassy", "Andy Jassy"),
            ("ent:amazon", "Amazon"),
            ("ent:amazon", "Amazon"),
            ("ent:seattle", "Seattle"),
        ],
        relations=[
            ("ent:amazon", RelationType.PARTNERS_WITH, "ent:naver", {}),
            ("ent:jassy", RelationType.CEO_OF, "ent:amazon", {"title": "CEO"}),
            ("ent:amazon", RelationType.HEADQUARTERED_IN, "ent:seattle", {}),
        ],
    ),
    DocSpec(
        id="doc:ko-1",
        title="아마존과 네이버",
        language="ko",
        text="아마존은 네이버와 협력한다. 네이버 본사는 성남에 있다.",
        mentions=[("ent:amazon", "아마존"), ("ent:naver", "네이버"), ("ent:naver", "네이버"), ("ent:seongnam", "성남")],
        relations=[
            ("ent:amazon", RelationType.PARTNERS_WITH, "ent:naver", {}),
            ("ent:naver", RelationType.HEADQUARTERED_IN, "ent:seongnam", {}),
        ],
    ),
    DocSpec(
        id="doc:en-2",
        title="Investors",
        language="en",
        text=" ".join(f"Acme {i:02d} invested in Amazon." for i in range(1, 31))
        + " Kakao is a company. Amazon Web Services is based in Seattle.",
        mentions=[m for i in range(1, 31) for m in ((f"ent:acme{i:02d}", f"Acme {i:02d}"), ("ent:amazon", "Amazon"))]
        + [("ent:kakao", "Kakao"), ("ent:amazon-dup", "Amazon Web Services"), ("ent:seattle", "Seattle")],
        relations=[(f"ent:acme{i:02d}", RelationType.INVESTED_IN, "ent:amazon", {}) for i in range(1, 31)]
        + [("ent:amazon-dup", RelationType.HEADQUARTERED_IN, "ent:seattle", {})],
    ),
]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.\s][^.]*\.", text)]


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next((s, e) for s, e in spans if s <= pos < e)


def build_batch(spec: DocSpec) -> DocumentBatch:
    """Place the spec's mentions and relations in its text, with sentences and offsets."""
    lang = "ko" if spec.language == "ko" else "en"
    sentences = _sentences(spec.text)
    mentions: list[tuple[str, Mention]] = []
    cursor = 0
    for entity_id, surface in spec.mentions:
        start = spec.text.index(surface, cursor)
        end = start + len(surface)
        cursor = end
        s, e = _sentence_of(sentences, start)
        mentions.append(
            (
                entity_id,
                Mention(
                    document_id=spec.id,
                    start=start,
                    end=end,
                    text=surface,
                    type=ENTITIES[entity_id].type,
                    sentence=spec.text[s:e],
                    sentence_start=s,
                    sentence_end=e,
                    language=lang,
                    extractor="test",
                    confidence=0.9,
                ),
            )
        )
    relations: list[Relation] = []
    for source, rtype, target, attrs in spec.relations:
        # evidence: the first sentence holding a mention of each end
        for s, e in sentences:
            src = [m for eid, m in mentions if eid == source and s <= m.start < e]
            tgt = [m for eid, m in mentions if eid == target and s <= m.start < e]
            if src and tgt:
                break
        else:
            raise AssertionError(f"no sentence of {spec.id} holds {source} and {target}")
        ev = Evidence(
            document_id=spec.id,
            sentence=spec.text[s:e],
            sentence_start=s,
            sentence_end=e,
            start=min(src[0].start, tgt[0].start),
            end=max(src[0].end, tgt[0].end),
            language=lang,
            extractor="test",
            rule="test-rule",
            confidence=0.8,
            source_span=(src[0].start, src[0].end),
            target_span=(tgt[0].start, tgt[0].end),
        )
        relations.append(
            Relation(
                id=Relation.make_id(source, target, rtype),
                source=source,
                target=target,
                type=rtype,
                confidence=0.8,
                attributes=attrs,
                evidence=[ev],
            )
        )
    used = {eid for eid, _ in spec.mentions}
    document = Document(
        id=spec.id,
        title=spec.title,
        source=f"test://{spec.id}",
        language=spec.language,
        char_count=len(spec.text),
        content_sha256=stable_id(spec.text),
    )
    return DocumentBatch(
        document=document, entities=[ENTITIES[e] for e in sorted(used)], mentions=mentions, relations=relations
    )


def seed_graph(store: GraphStore) -> None:
    for spec in DOCS:
        store.write_document(build_batch(spec))
    store.commit()


def _open_store(request: pytest.FixtureRequest, backend: str, data_dir: Path) -> GraphStore:
    if backend == "networkx":
        return NetworkXGraphStore(data_dir, query_keys=search_keys)
    if backend == "neo4j":
        # the Bolt-backed store on the session's FalkorDB server, emptied for each test
        bolt: Settings = request.getfixturevalue("bolt_settings")
        wipe_graph(bolt)
        neo = Neo4jGraphStore(bolt, query_keys=search_keys)
        neo.init_schema()
        return neo
    raise ValueError(f"unknown backend {backend}")


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", api_key=SecretStr(API_KEY), cors_origins=["http://frontend.test"])


@pytest.fixture(params=STORE_BACKENDS)
def store(request: pytest.FixtureRequest, api_settings: Settings) -> Iterator[GraphStore]:
    graph_store = _open_store(request, request.param, api_settings.data_dir)
    seed_graph(graph_store)
    yield graph_store
    graph_store.close()


@pytest.fixture
def app(api_settings: Settings, store: GraphStore) -> FastAPI:
    return create_app(api_settings, store, preload_models=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def gql(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    header: str = "bearer",
) -> dict[str, Any]:
    """POST a GraphQL request; ``key`` is sent as a Bearer token or X-API-Key."""
    headers = {}
    if key is not None:
        headers = {"Authorization": f"Bearer {key}"} if header == "bearer" else {"X-API-Key": key}
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]
