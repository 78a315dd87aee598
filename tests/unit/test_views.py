"""The shared store rules of schema/views.py, as small tables (both backends apply them)."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

import schema.views
from schema.errors import NotFoundError, StoreError
from schema.types import TYPE_FROM_MODEL, Entity, EntityType, Evidence, MergeRecord, Relation, RelationType
from schema.views import (
    MAX_PATHS,
    absorb,
    aggregate_confidence,
    alias_matches,
    canonical_relation,
    check_batch,
    check_mergeable,
    check_retype,
    check_split,
    entity_view,
    hop_distances,
    indexed_forms,
    merge_record,
    merge_relation,
    partition_evidence,
    reattach,
    relation_rank,
    search_forms,
    shortest_routes,
    split_base,
    split_record,
    split_relation,
    upsert_base,
    with_evidence,
)


def _entity(eid: str = "ent:a", type: EntityType = EntityType.COMPANY, **fields: Any) -> Entity:
    return Entity(id=eid, type=type, name=fields.pop("name", ""), **fields)


def _ev(start: int = 0, confidence: float = 0.5, doc: str = "doc:1", rule: str = "r", **spans: Any) -> Evidence:
    return Evidence(
        document_id=doc,
        sentence="s",
        sentence_start=0,
        sentence_end=10,
        start=start,
        end=start + 5,
        language="en",
        extractor="test",
        rule=rule,
        confidence=confidence,
        **spans,
    )


def _rel(source: str, target: str, type: RelationType = RelationType.PARTNERS_WITH, **fields: Any) -> Relation:
    return Relation(
        id=fields.pop("id", "rel:x"),
        source=source,
        target=target,
        type=type,
        confidence=fields.pop("confidence", 0.5),
        **fields,
    )


def test_doctests() -> None:
    failures, tried = doctest.testmod(schema.views)
    assert tried >= 8 and failures == 0


@pytest.mark.parametrize(
    ("base", "texts", "name", "name_en", "name_ko", "aliases"),
    [
        ({}, [], "", "", "", []),
        ({}, ["Amazon", "아마존", "아마존"], "Amazon", "Amazon", "아마존", ["아마존", "Amazon"]),
        ({"name": "AWS"}, ["Amazon"], "AWS", "Amazon", "", ["Amazon"]),
        ({"name_ko": "아마존웹서비스"}, ["아마존"], "아마존웹서비스", "", "아마존웹서비스", ["아마존"]),
        ({"aliases": ["AMZN", ""]}, ["B", "A", "A", "B"], "B", "B", "", ["AMZN", "B", "A"]),  # tie: first stored
        ({"aliases": ["Amazon"]}, ["Amazon"], "Amazon", "Amazon", "", ["Amazon"]),
    ],
)
def test_entity_view(
    base: dict[str, Any], texts: list[str], name: str, name_en: str, name_ko: str, aliases: list[str]
) -> None:
    view = entity_view(_entity(**base), texts)
    assert (view.name, view.name_en, view.name_ko, view.aliases) == (name, name_en, name_ko, aliases)
    assert view.mention_count == len(texts)


def test_search_forms_and_indexed_forms() -> None:
    view = entity_view(_entity(name="Amazon", aliases=["AMZN", "Amazon"]), ["Amazon.com", "Amazon.com", "아마존"])
    names, keys = search_forms(view, ["Amazon.com", "Amazon.com", "아마존"])
    assert names == ["Amazon", "Amazon.com", "아마존", "Amazon.com", "아마존"]
    assert keys == ["AMZN", "Amazon", "Amazon.com", "아마존"]
    forms, key_forms = indexed_forms(view, ["Amazon.com", "아마존"])
    assert forms == sorted({"amazon", "amazon.com", "아마존"})
    assert key_forms == ["amzn"]  # a key that is also a name counts as a name


@pytest.mark.parametrize(
    ("stored", "update", "ok"),
    [
        ({}, {}, True),
        ({}, {"type": EntityType.PERSON}, False),
        (
            {"attributes": {TYPE_FROM_MODEL: True}},
            {"type": EntityType.PERSON, "attributes": {TYPE_FROM_MODEL: False}},
            True,
        ),
        ({"attributes": {TYPE_FROM_MODEL: True}}, {"type": EntityType.PERSON}, False),
    ],
)
def test_retype(stored: dict[str, Any], update: dict[str, Any], ok: bool) -> None:
    old, new = _entity(**stored), _entity(**update)
    if ok:
        check_retype(old, new)
        assert upsert_base(old, new).type == new.type
    else:
        with pytest.raises(StoreError):
            check_retype(old, new)
        with pytest.raises(StoreError):
            upsert_base(old, new)


def test_upsert_base() -> None:
    new = _entity(name="Amazon", aliases=["AMZN"], keys=["k1"], attributes={"a": 1}, mention_count=5)
    first = upsert_base(None, new)
    assert first.mention_count == 0 and first.aliases == ["AMZN"] and first.aliases is not new.aliases
    again = upsert_base(
        first, _entity(name_en="Amazon Inc", aliases=["AMZN", "Amazon"], keys=["k2", "k1"], attributes={"b": 2})
    )
    assert (again.name, again.name_en) == ("Amazon", "Amazon Inc")
    assert again.aliases == ["AMZN", "Amazon"] and again.keys == ["k1", "k2"]
    assert again.attributes == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [([], 0.0), ([0.5], 0.5), ([0.5, 0.5], 0.75), ([1.0], 0.99), ([1.0, 1.0], 0.999), ([-1.0], 0.0)],
)
def test_aggregate_confidence(evidence: list[float], expected: float) -> None:
    assert aggregate_confidence([_ev(i, c) for i, c in enumerate(evidence)]) == expected


@pytest.mark.parametrize(
    ("type", "source", "target", "ends"),
    [
        (RelationType.PARTNERS_WITH, "ent:b", "ent:a", ("ent:a", "ent:b")),  # symmetric: ordered
        (RelationType.PARTNERS_WITH, "ent:a", "ent:b", ("ent:a", "ent:b")),
        (RelationType.CEO_OF, "ent:b", "ent:a", ("ent:b", "ent:a")),  # directed: as given
    ],
)
def test_canonical_relation(type: RelationType, source: str, target: str, ends: tuple[str, str]) -> None:
    rel = canonical_relation(_rel(source, target, type, id="whatever"))
    assert (rel.source, rel.target) == ends
    assert rel.id == Relation.make_id(*ends, type)


def test_merge_relation() -> None:
    first = merge_relation(None, _rel("ent:a", "ent:b", evidence=[_ev(0, 0.5), _ev(0, 0.6)], attributes={"x": 1}))
    assert [e.confidence for e in first.evidence] == [0.6]  # same key: the later copy
    assert first.confidence == 0.6
    bare = merge_relation(None, _rel("ent:a", "ent:b", confidence=0.3))
    assert bare.confidence == 0.3  # no evidence: as given
    both = merge_relation(first, _rel("ent:a", "ent:b", evidence=[_ev(7, 0.5)], attributes={"y": 2}))
    assert len(both.evidence) == 2 and both.confidence == 0.8
    assert both.attributes == {"x": 1, "y": 2}
    assert merge_relation(bare, _rel("ent:a", "ent:b", confidence=0.4)).confidence == 0.4


def test_with_evidence_and_rank() -> None:
    rel = _rel("ent:a", "ent:b", evidence=[_ev(0, 0.9)], confidence=0.9)
    assert with_evidence(rel, []) is None
    kept = with_evidence(rel, [_ev(3, 0.5)])
    assert kept is not None and kept.confidence == 0.5
    rels = [
        _rel("a", "b", id="r2"),
        _rel("a", "b", id="r1"),
        _rel("a", "b", RelationType.CEO_OF, id="r3"),
        _rel("a", "b", id="r0", confidence=0.9),
    ]
    assert [r.id for r in sorted(rels, key=relation_rank)] == ["r0", "r3", "r1", "r2"]


def _mention(text: str, doc: str = "doc:1", start: int = 0) -> Any:
    from schema.types import Mention

    return Mention(
        document_id=doc,
        text=text,
        start=start,
        end=start + len(text),
        type=EntityType.COMPANY,
        language="en",
        sentence="s",
        sentence_start=0,
        sentence_end=10,
        extractor="test",
        confidence=0.9,
    )


@pytest.mark.parametrize(
    ("mentions", "relations", "stored", "error"),
    [
        ([("ent:a", "doc:1")], [], {}, None),
        ([("ent:z", "doc:1")], [], {}, "points at unknown entity ent:z"),
        ([("ent:z", "doc:1")], [], {"ent:z": {}}, None),
        ([("ent:a", "doc:2")], [], {}, "belongs to doc:2"),
        ([], [("ent:a", "ent:q")], {}, "PARTNERS_WITH points at unknown entity ent:q"),
        ([], [], {"ent:a": {"type": EntityType.PERSON}}, "changes type"),
    ],
)
def test_check_batch(
    mentions: list[tuple[str, str]],
    relations: list[tuple[str, str]],
    stored: dict[str, dict[str, Any]],
    error: str | None,
) -> None:
    entities = [_entity("ent:a")]
    pairs = [(eid, _mention("Amazon", doc)) for eid, doc in mentions]
    rels = [_rel(s, t) for s, t in relations]
    bases = {eid: _entity(eid, **fields) for eid, fields in stored.items()}
    if error is None:
        check_batch("doc:1", entities, pairs, rels, bases)
    else:
        with pytest.raises(StoreError, match=error):
            check_batch("doc:1", entities, pairs, rels, bases)


def test_merge_rules() -> None:
    keep = _entity("ent:a", name="Amazon", aliases=["AMZN"], keys=["k1"])
    other = _entity("ent:b", name="아마존", name_ko="아마존", aliases=["아마존"], keys=["k2"])
    check_mergeable(keep, other)
    with pytest.raises(StoreError, match="itself"):
        check_mergeable(keep, keep)
    with pytest.raises(StoreError, match="cannot merge"):
        check_mergeable(keep, _entity("ent:p", EntityType.PERSON))
    check_mergeable(_entity("ent:l", EntityType.PLACE), keep)  # only persons stand apart
    merged = absorb(keep, other)
    assert (merged.name, merged.name_ko, merged.aliases, merged.keys) == (
        "Amazon",
        "아마존",
        ["AMZN", "아마존"],
        ["k1", "k2"],
    )
    assert reattach(_rel("ent:b", "ent:c"), "ent:a", "ent:b") is not None
    moved = reattach(_rel("ent:c", "ent:b"), "ent:a", "ent:b")
    assert moved is not None and (moved.source, moved.target) == ("ent:c", "ent:a")
    assert reattach(_rel("ent:a", "ent:b"), "ent:a", "ent:b") is None
    record = merge_record(MergeRecord(entity_id="x", alias="y", reason="r", score=0.5), "ent:a", "ent:b")
    assert (record.entity_id, record.other_entity_id, record.alias) == ("ent:a", "ent:b", "y")


@pytest.mark.parametrize(
    ("aliases", "moved", "total", "error"),
    [
        (["AWS"], 1, 2, None),
        (["AWS"], 0, 2, None),  # an explicit alias with no mention: nothing moves, still a split
        ([], 0, 2, NotFoundError),
        ([], 2, 2, StoreError),
    ],
)
def test_check_split(aliases: list[str], moved: int, total: int, error: type[Exception] | None) -> None:
    base = _entity(aliases=aliases)
    if error is None:
        check_split("ent:a", base, "aws", moved, total)
    else:
        with pytest.raises(error):
            check_split("ent:a", base, "aws", moved, total)


def test_split_base_and_relations() -> None:
    assert alias_matches(" AWS", "aws") and not alias_matches("AWS Inc", "aws")
    base = _entity(name="AWS", name_en="Amazon", aliases=["aws", "Amazon"], keys=["k1", "k2"])
    left = split_base(base, "Aws", ["k2", "k9"])
    assert (left.name, left.name_en, left.aliases, left.keys) == ("", "Amazon", ["Amazon"], ["k1"])

    spans = {("doc:1", 0, 3)}
    rel = _rel(
        "ent:a",
        "ent:c",
        RelationType.CEO_OF,
        evidence=[_ev(0, source_span=(0, 3)), _ev(10, source_span=(10, 13)), _ev(20, target_span=(0, 3))],
    )
    keep, src, tgt = partition_evidence(rel, "ent:a", spans)
    assert ([e.start for e in keep], [e.start for e in src], tgt) == ([10, 20], [0], [])
    split = split_relation(rel, "ent:a", "ent:n", spans)
    assert split is not None
    kept, added = split
    assert [e.start for e in kept] == [10, 20]
    assert [(r.source, r.target, [e.start for e in r.evidence]) for r in added] == [("ent:n", "ent:c", [0])]
    assert split_relation(rel, "ent:a", "ent:n", {("doc:2", 0, 3)}) is None
    incoming = _rel("ent:c", "ent:a", RelationType.CEO_OF, evidence=[_ev(0, target_span=(0, 3))])
    split = split_relation(incoming, "ent:a", "ent:n", spans)
    assert split is not None and [(r.source, r.target) for r in split[1]] == [("ent:c", "ent:n")]
    record = split_record("ent:n", "AWS", "ent:a")
    assert (record.entity_id, record.reason, record.other_entity_id) == ("ent:n", "split", "ent:a")


def _step(edges: list[tuple[str, str, str, float]]) -> Any:
    both = edges + [(b, a, r, c) for a, b, r, c in edges]
    return lambda ids: [e for e in both if e[0] in ids]


@pytest.mark.parametrize(
    ("edges", "depth", "expected"),
    [
        ([], 3, []),
        ([("a", "b", "r1", 0.5), ("b", "c", "r2", 0.5), ("c", "d", "r3", 0.5)], 2, [("b", 1), ("c", 2)]),
        ([("a", "c", "r1", 0.5), ("a", "b", "r2", 0.5), ("b", "c", "r3", 0.5)], 5, [("b", 1), ("c", 1)]),
    ],
)
def test_hop_distances(edges: list[tuple[str, str, str, float]], depth: int, expected: list[tuple[str, int]]) -> None:
    assert hop_distances("a", depth, _step(edges)) == expected


@pytest.mark.parametrize(
    ("edges", "max_hops", "expected"),
    [
        ([("a", "b", "r1", 0.5)], 4, [["r1"]]),
        ([("a", "b", "r2", 0.5), ("a", "b", "r1", 0.5)], 4, [["r1"]]),  # parallel, equal: smaller id
        ([("a", "b", "r1", 0.4), ("a", "b", "r2", 0.6)], 4, [["r2"]]),  # parallel: most confident
        ([("a", "x", "r1", 0.5), ("x", "b", "r2", 0.5), ("a", "b", "r3", 0.1)], 4, [["r3"]]),  # fewest hops wins
        ([("a", "x", "r1", 0.5), ("x", "y", "r2", 0.5), ("y", "b", "r3", 0.5)], 2, []),  # beyond max_hops
        ([("a", "c", "r1", 0.5)], 4, []),  # not connected
    ],
)
def test_shortest_routes(edges: list[tuple[str, str, str, float]], max_hops: int, expected: list[list[str]]) -> None:
    assert shortest_routes("a", "b", max_hops, _step(edges)) == expected
    assert shortest_routes("a", "a", max_hops, _step(edges)) == []


def test_shortest_routes_are_capped() -> None:
    # 5 x 5 parallel two-hop routes through distinct middles: 25 routes, 20 kept
    edges = [(s, f"m{i}", f"r{i}", 0.5) for i, s in enumerate(["a"] * 25)]
    edges += [(f"m{i}", "b", f"s{i}", 0.5) for i in range(25)]
    routes = shortest_routes("a", "b", 4, _step(edges))
    assert len(routes) == MAX_PATHS and all(len(r) == 2 for r in routes)
