"""The GraphStore contract: the same assertions for every backend (see conftest.py)."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.store import open_store
from kg.store.base import DocumentBatch, GraphStore
from kg.store.neo4j import Neo4jGraphStore
from schema.errors import NotFoundError, StoreError
from schema.types import Entity, EntityType, MergeRecord, RelationType
from schema.views import aggregate_confidence
from tests.bolt import wipe_graph
from tests.contract.builders import DocBuilder, eid

C, P, L = EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE
PARTNERS, CEO, HQ = RelationType.PARTNERS_WITH, RelationType.CEO_OF, RelationType.HEADQUARTERED_IN
AMAZON, COUPANG, JASSY, ELEVEN, SEATTLE = eid("Amazon"), eid("Coupang"), eid("Andy Jassy"), eid("11st"), eid("Seattle")


def doc_a(doc_id: str = "doc:a", source: str = "news/a.txt") -> DocumentBatch:
    b = DocBuilder(doc_id, source=source, title="Amazon and Coupang")
    b.sentence("Amazon partners with Coupang.")
    b.mention("Amazon", C).mention("Coupang", C).relation("Amazon", PARTNERS, "Coupang", 0.8)
    b.sentence("Andy Jassy is the CEO of Amazon, based in Seattle.")
    b.mention("Andy Jassy", P).mention("Amazon", C).mention("Seattle", L)
    b.relation("Andy Jassy", CEO, "Amazon", 0.9).relation("Amazon", HQ, "Seattle", 0.6)
    return b.build()


def doc_a2() -> DocumentBatch:
    """A new version of doc_a's source: the partnership sentence is gone."""
    b = DocBuilder("doc:a2", source="news/a.txt", title="Amazon")
    b.sentence("Andy Jassy is the CEO of Amazon, based in Seattle.")
    b.mention("Andy Jassy", P).mention("Amazon", C).mention("Seattle", L)
    b.relation("Andy Jassy", CEO, "Amazon", 0.9).relation("Amazon", HQ, "Seattle", 0.6)
    return b.build()


def doc_b() -> DocumentBatch:
    """Korean: 아마존 is the same entity as Amazon (the resolver's decision, given here)."""
    b = DocBuilder("doc:b", source="news/b.txt", language="ko", title="아마존과 11번가")
    b.sentence("아마존은 11번가와 협력한다.")
    b.mention("아마존", C, entity_id=AMAZON).mention("11번가", C, entity_id=ELEVEN, name_en="11st")
    b.relation("아마존", PARTNERS, "11번가", 0.7)
    return b.build()


def doc_c() -> DocumentBatch:
    """A second report of the Amazon-Coupang partnership."""
    b = DocBuilder("doc:c", source="news/c.txt")
    b.sentence("Coupang signed a partnership with Amazon.")
    b.mention("Coupang", C).mention("Amazon", C).relation("Coupang", PARTNERS, "Amazon", 0.6)
    return b.build()


def partners_of(store: GraphStore, entity_id: str) -> set[str]:
    return {({r.source, r.target} - {entity_id}).pop() for r in store.relations_of(entity_id, types=[PARTNERS])}


def rel_id(store: GraphStore, source: str, rtype: RelationType, target: str) -> str:
    matches = [r.id for r in store.relations_of(source, "both", [rtype]) if {r.source, r.target} == {source, target}]
    assert len(matches) == 1, matches
    return matches[0]


def test_write_and_read_back(store: GraphStore) -> None:
    batch = doc_a()
    result = store.write_document(batch)
    store.commit()
    assert result.written and result.replaced is None
    assert (result.new_entities, result.new_relations) == (4, 3)

    assert store.get_document("doc:a") == batch.document
    assert store.document_by_source("news/a.txt") == batch.document
    assert [d.id for d in store.list_documents()] == ["doc:a"]
    assert store.document_entities("doc:a") == sorted([AMAZON, COUPANG, JASSY, SEATTLE])

    amazon = store.get_entity(AMAZON)
    assert amazon is not None
    assert (amazon.type, amazon.name, amazon.name_en, amazon.name_ko) == (C, "Amazon", "Amazon", "")
    assert amazon.aliases == ["Amazon"] and amazon.mention_count == 2
    assert amazon.keys == ["Company|amazon"]
    assert store.get_entities([SEATTLE, "ent:nope", AMAZON]) == [store.get_entity(SEATTLE), None, amazon]

    mentions = store.mentions_of(AMAZON)
    assert [(m.document_id, m.start, m.end, m.text) for m in mentions] == [
        ("doc:a", 0, 6, "Amazon"),
        ("doc:a", 55, 61, "Amazon"),
    ]
    assert mentions[1].sentence == "Andy Jassy is the CEO of Amazon, based in Seattle."
    assert batch.document.char_count >= mentions[1].sentence_end
    assert store.mentions_of(AMAZON, limit=1) == mentions[:1]

    ceo = store.get_relation(rel_id(store, JASSY, CEO, AMAZON))
    assert ceo is not None and (ceo.source, ceo.target, ceo.type) == (JASSY, AMAZON, CEO)
    assert ceo.confidence == pytest.approx(0.9)
    (ev,) = ceo.evidence
    assert (ev.document_id, ev.sentence, ev.start, ev.end) == ("doc:a", mentions[1].sentence, 30, 61)
    assert ev.source_span == (30, 40) and ev.target_span == (55, 61)
    assert sorted(store.document_relations("doc:a")) == sorted(r.id for r in store.iter_relations())

    assert [r.type for r in store.relations_of(AMAZON, "out")] == [PARTNERS, HQ]  # by confidence
    assert [r.type for r in store.relations_of(AMAZON, "in")] == [CEO]
    assert [r.type for r in store.relations_of(AMAZON)] == [CEO, PARTNERS, HQ]
    assert store.relations_of(AMAZON, types=[HQ])[0].target == SEATTLE
    assert store.get_relations(["r:nope", ceo.id]) == [None, ceo]

    stats = store.stats()
    assert (stats.documents, stats.entities, stats.relations, stats.mentions) == (1, 4, 3, 5)
    assert stats.entities_by_type == {"Company": 2, "Person": 1, "Place": 1}
    assert stats.relations_by_type == {"PARTNERS_WITH": 1, "CEO_OF": 1, "HEADQUARTERED_IN": 1}
    assert stats.documents_by_language == {"en": 1}


def test_writing_the_same_document_again_is_a_no_op(store: GraphStore) -> None:
    store.write_document(doc_a())
    before = (store.stats(), store.get_entity(AMAZON), store.get_relation(rel_id(store, JASSY, CEO, AMAZON)))
    result = store.write_document(doc_a())
    assert not result.written and result.new_entities == 0
    after = (store.stats(), store.get_entity(AMAZON), store.get_relation(rel_id(store, JASSY, CEO, AMAZON)))
    assert after == before


def test_new_version_of_a_source_replaces_the_old_one(store: GraphStore) -> None:
    store.write_document(doc_a())
    store.write_document(doc_b())
    result = store.write_document(doc_a2())
    assert result.written and result.replaced == "doc:a"
    assert store.get_document("doc:a") is None
    assert store.document_by_source("news/a.txt") == doc_a2().document
    # Coupang was only supported by the old version: gone with its partnership
    assert store.get_entity(COUPANG) is None
    assert partners_of(store, AMAZON) == {ELEVEN}
    amazon = store.get_entity(AMAZON)
    assert amazon is not None and amazon.mention_count == 2  # one in doc:a2, one in doc:b
    assert [m.document_id for m in store.mentions_of(AMAZON)] == ["doc:a2", "doc:b"]
    ceo = store.get_relation(rel_id(store, JASSY, CEO, AMAZON))
    assert ceo is not None and ceo.documents == ["doc:a2"]
    assert store.stats().documents == 2


def test_delete_document_removes_only_its_contribution(store: GraphStore) -> None:
    store.write_document(doc_a())
    store.write_document(doc_b())
    store.write_document(doc_c())
    partners = rel_id(store, AMAZON, PARTNERS, COUPANG)
    both = store.get_relation(partners)
    assert both is not None and both.documents == ["doc:a", "doc:c"]
    assert both.confidence == pytest.approx(aggregate_confidence(both.evidence))
    assert both.confidence > 0.8  # two independent reports beat either alone

    amazon = store.get_entity(AMAZON)
    assert amazon is not None and (amazon.name_ko, amazon.mention_count) == ("아마존", 4)
    assert set(amazon.aliases) == {"Amazon", "아마존"}

    assert store.delete_document("doc:b") is True
    assert store.delete_document("doc:b") is False
    assert store.get_entity(ELEVEN) is None
    amazon = store.get_entity(AMAZON)
    assert amazon is not None and (amazon.name_ko, amazon.aliases, amazon.mention_count) == ("", ["Amazon"], 3)
    assert partners_of(store, AMAZON) == {COUPANG}

    assert store.delete_document("doc:c") is True
    one = store.get_relation(partners)
    assert one is not None and one.documents == ["doc:a"] and one.confidence == pytest.approx(0.8)
    assert store.document_relations("doc:c") == [] and store.document_entities("doc:c") == []
    stats = store.stats()
    assert (stats.documents, stats.entities, stats.relations, stats.mentions) == (1, 4, 3, 5)


def test_invalid_batch_leaves_the_graph_unchanged(store: GraphStore) -> None:
    store.write_document(doc_a())
    bad = doc_c()
    bad = bad.model_copy(update={"entities": [e for e in bad.entities if e.id != COUPANG], "mentions": bad.mentions})
    bad.mentions.append(("ent:ghost", bad.mentions[0][1].model_copy(update={"start": 0, "end": 7})))
    before = store.stats()
    with pytest.raises(StoreError):
        store.write_document(bad)
    assert store.stats() == before and store.get_document("doc:c") is None
    wrong_type = doc_c()
    wrong_type.entities[0] = wrong_type.entities[0].model_copy(update={"type": EntityType.PLACE})
    with pytest.raises(StoreError):
        store.write_document(wrong_type)
    assert store.stats() == before


def test_upsert_entities_updates_names_aliases_and_keys(store: GraphStore) -> None:
    store.write_document(doc_a())
    store.upsert_entities(
        [Entity(id=AMAZON, type=C, name="Amazon.com", name_ko="아마존", aliases=["AMZN"], keys=["Company|amzn"])]
    )
    amazon = store.get_entity(AMAZON)
    assert amazon is not None
    assert (amazon.name, amazon.name_en, amazon.name_ko) == ("Amazon.com", "Amazon", "아마존")
    assert amazon.aliases == ["AMZN", "Amazon"] and amazon.keys == ["Company|amazon", "Company|amzn"]
    assert store.find_by_keys(["Company|amzn", "Company|nope"]) == {"Company|amzn": [AMAZON]}
    store.upsert_entities([Entity(id="ent:new", type=L, name="Busan")])
    busan = store.get_entity("ent:new")
    assert busan is not None and (busan.name, busan.mention_count) == ("Busan", 0)


def test_a_type_only_a_model_gave_may_be_corrected_once(store: GraphStore) -> None:
    """An entity stored with ``type_from_model`` True takes a new type from an update that
    turns it off (the resolver's correction); any other type change is refused."""
    store.write_document(doc_a())
    federer = Entity(id="ent:federer", type=C, name="Federer", attributes={"type_from_model": True})
    store.upsert_entities([federer])
    with pytest.raises(StoreError):  # still open: an update must settle it
        store.upsert_entities([federer.model_copy(update={"type": P})])
    settled = {"type_from_model": False, "retyped_from": "Company"}
    store.upsert_entities([Entity(id="ent:federer", type=P, name="Federer", attributes=settled)])
    entity = store.get_entity("ent:federer")
    assert entity is not None and entity.type is P and entity.attributes["retyped_from"] == "Company"
    assert "ent:federer" in {e.id for e in store.iter_entities([P])}
    assert "ent:federer" not in {e.id for e in store.iter_entities([C])}
    if isinstance(store, Neo4jGraphStore):  # the Browser's labels follow
        (row,) = store._read("MATCH (e:Entity {id: $id}) RETURN labels(e) AS labels", id="ent:federer")
        assert set(row["labels"]) == {"Entity", "Person"}
    with pytest.raises(StoreError):  # settled: no second change
        store.upsert_entities([Entity(id="ent:federer", type=C, name="Federer", attributes=settled)])
    with pytest.raises(StoreError):  # a type with evidence behind it never changes
        store.upsert_entities([Entity(id=AMAZON, type=P, name="Amazon", attributes=settled)])
    assert store.get_entity(AMAZON) is not None and store.get_entity(AMAZON).type is C  # type: ignore[union-attr]


def test_a_document_may_correct_a_type_only_a_model_gave(store: GraphStore) -> None:
    """The same retyping rule (``schema.views``) holds inside ``write_document``: a batch may
    settle a model-given type, never change a settled one."""
    first = DocBuilder("doc:f1").sentence("Federer won.").mention("Federer", C, entity_id="ent:federer").build()
    first.entities[0] = first.entities[0].model_copy(update={"attributes": {"type_from_model": True}})
    store.write_document(first)
    second = DocBuilder("doc:f2").sentence("Federer spoke.").mention("Federer", P, entity_id="ent:federer").build()
    second.entities[0] = second.entities[0].model_copy(update={"attributes": {"type_from_model": False}})
    store.write_document(second)
    entity = store.get_entity("ent:federer")
    assert entity is not None and entity.type is P and entity.mention_count == 2
    third = DocBuilder("doc:f3").sentence("Federer again.").mention("Federer", C, entity_id="ent:federer").build()
    with pytest.raises(StoreError, match="changes type"):
        store.write_document(third)
    assert store.get_document("doc:f3") is None


def test_repeated_entities_in_one_upsert_accumulate(store: GraphStore) -> None:
    """``upsert_entities`` applies ``upsert_base`` entity by entity, so a second copy of an id
    in the same call adds to the first instead of replacing it."""
    store.upsert_entities(
        [
            Entity(id="ent:dup", type=C, name="Dup", aliases=["D1"], keys=["Company|d1"]),
            Entity(id="ent:dup", type=C, name="", name_ko="둡", aliases=["D2"], keys=["Company|d2"]),
        ]
    )
    dup = store.get_entity("ent:dup")
    assert dup is not None
    assert (dup.name, dup.name_ko, dup.aliases, dup.keys) == ("Dup", "둡", ["D1", "D2"], ["Company|d1", "Company|d2"])


def test_merge_moves_mentions_aliases_keys_and_relations(store: GraphStore) -> None:
    store.write_document(doc_a())
    b = DocBuilder("doc:k", language="ko")
    b.sentence("아마존닷컴은 11번가와 협력한다.")
    b.mention("아마존닷컴", C, entity_id="ent:amazon-ko").mention("11번가", C, entity_id=ELEVEN)
    b.relation("아마존닷컴", PARTNERS, "11번가", 0.7)
    store.write_document(b.build())
    record = MergeRecord(entity_id=AMAZON, alias="아마존닷컴", reason="manual", score=1.0)
    merged = store.merge_entities(AMAZON, "ent:amazon-ko", record)
    assert merged == store.get_entity(AMAZON)
    assert store.get_entity("ent:amazon-ko") is None
    assert merged.mention_count == 3 and merged.name_ko == "아마존닷컴"
    assert set(merged.aliases) == {"Amazon", "아마존닷컴"}
    assert set(merged.keys) == {"Company|amazon", "Company|아마존닷컴"}
    assert store.find_by_keys(["Company|아마존닷컴"]) == {"Company|아마존닷컴": [AMAZON]}
    assert partners_of(store, AMAZON) == {COUPANG, ELEVEN}
    assert store.document_entities("doc:k") == sorted([AMAZON, ELEVEN])
    history = {(m.entity_id, m.alias, m.document_id) for m in store.merges_of(AMAZON)}
    assert ("ent:amazon-ko", "아마존닷컴", "doc:k") in history  # the merged entity's history comes along
    last = store.merges_of(AMAZON)[-1]
    assert (last.entity_id, last.other_entity_id, last.reason) == (AMAZON, "ent:amazon-ko", "manual")
    assert store.stats().entities == 5  # Amazon, Coupang, Jassy, Seattle, 11st
    with pytest.raises(StoreError):
        store.merge_entities(AMAZON, JASSY, record)  # a person is never a company
    with pytest.raises(StoreError):
        store.merge_entities(AMAZON, AMAZON, record)


def test_split_moves_an_alias_with_its_mentions_and_evidence(store: GraphStore) -> None:
    store.write_document(doc_a())
    b = DocBuilder("doc:s")
    b.sentence("Amazon Fresh partners with Coupang.")
    b.mention("Amazon Fresh", C, entity_id=AMAZON).mention("Coupang", C)
    b.relation("Amazon Fresh", PARTNERS, "Coupang", 0.5)
    store.write_document(b.build())
    assert store.get_relation(rel_id(store, AMAZON, PARTNERS, COUPANG)).documents == ["doc:a", "doc:s"]  # type: ignore[union-attr]

    fresh = store.split_entity(AMAZON, "amazon fresh", Entity(id="ent:fresh", type=C, name="Amazon Fresh"))
    assert fresh == store.get_entity("ent:fresh")
    assert (fresh.name, fresh.mention_count) == ("Amazon Fresh", 1)
    amazon = store.get_entity(AMAZON)
    assert amazon is not None and amazon.mention_count == 2 and "Amazon Fresh" not in amazon.aliases
    old = store.get_relation(rel_id(store, AMAZON, PARTNERS, COUPANG))
    new = store.get_relation(rel_id(store, "ent:fresh", PARTNERS, COUPANG))
    assert old is not None and old.documents == ["doc:a"]
    assert new is not None and new.documents == ["doc:s"] and new.confidence == pytest.approx(0.5)
    assert [m.text for m in store.mentions_of("ent:fresh")] == ["Amazon Fresh"]
    assert store.merges_of("ent:fresh")[-1].reason == "split"
    with pytest.raises(NotFoundError):
        store.split_entity(AMAZON, "Amazon Prime", Entity(id="ent:prime", type=C, name="Amazon Prime"))
    with pytest.raises(StoreError):
        store.split_entity(AMAZON, "Amazon", Entity(id="ent:fresh", type=C, name="x"))  # id taken


def _chain(store: GraphStore) -> None:
    """A-B-C and A-D-C (two shortest routes A..C), C-E; F is isolated."""
    b = DocBuilder("doc:g")
    b.sentence("Alpha partners with Beta.").mention("Alpha", C).mention("Beta", C).relation(
        "Alpha", PARTNERS, "Beta", 0.9
    )
    b.sentence("Beta acquired Gamma.").mention("Beta", C).mention("Gamma", C)
    b.relation("Beta", RelationType.ACQUIRED, "Gamma", 0.8)
    b.sentence("Delta invested in Alpha.").mention("Delta", C).mention("Alpha", C)
    b.relation("Delta", RelationType.INVESTED_IN, "Alpha", 0.7)
    b.sentence("Delta partners with Gamma.").mention("Delta", C).mention("Gamma", C)
    b.relation("Delta", PARTNERS, "Gamma", 0.6)
    b.sentence("Gamma is based in Epsilon.").mention("Gamma", C).mention("Epsilon", L)
    b.relation("Gamma", HQ, "Epsilon", 0.9)
    b.sentence("Foxtrot said nothing.").mention("Foxtrot", C)
    store.write_document(b.build())


def test_neighbors_by_hops_either_direction(store: GraphStore) -> None:
    _chain(store)
    a, bb, g, d, e = (eid(n) for n in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"))
    assert store.neighbors(a) == sorted([(bb, 1), (d, 1)])
    assert store.neighbors(a, depth=2) == [*sorted([(bb, 1), (d, 1)]), (g, 2)]
    assert store.neighbors(a, depth=5) == [*sorted([(bb, 1), (d, 1)]), (g, 2), (e, 3)]
    assert store.neighbors(a, depth=3, types=[PARTNERS]) == [(bb, 1)]
    assert store.neighbors(eid("Foxtrot"), depth=3) == []
    assert store.neighbors("ent:nope") == []


def test_shortest_paths_are_all_the_shortest_routes(store: GraphStore) -> None:
    _chain(store)
    a, g, e = eid("Alpha"), eid("Gamma"), eid("Epsilon")
    paths = store.shortest_paths(a, g)
    routes = sorted(tuple(r.type.value for r in path) for path in paths)
    assert routes == [("INVESTED_IN", "PARTNERS_WITH"), ("PARTNERS_WITH", "ACQUIRED")]
    for path in paths:  # consecutive relations share an entity, from a to g
        ends = [{r.source, r.target} for r in path]
        assert a in ends[0] and g in ends[-1] and ends[0] & ends[1]
        assert all(r.evidence for r in path)
    assert len(store.shortest_paths(a, e)) == 2 and all(len(p) == 3 for p in store.shortest_paths(a, e))
    assert store.shortest_paths(a, e, max_hops=2) == []
    assert store.shortest_paths(a, eid("Foxtrot")) == []
    assert store.shortest_paths(a, a) == []


@pytest.mark.parametrize(
    ("query", "expected_first", "score"),
    [
        ("amazon", AMAZON, 1.0),  # exact, case-insensitive
        ("AMAZON", AMAZON, 1.0),
        ("아마존", AMAZON, 1.0),  # the Korean surface form
        ("Amaz", AMAZON, None),  # prefix
        ("마존", AMAZON, None),  # substring, Hangul
        ("11번가", ELEVEN, 1.0),
        ("11st", ELEVEN, 1.0),  # explicit English name of a Korean-only mention
        ("jassy", JASSY, None),  # substring of a full name
    ],
)
def test_search_in_either_script(store: GraphStore, query: str, expected_first: str, score: float | None) -> None:
    store.write_document(doc_a())
    store.write_document(doc_b())
    hits = store.search_entities(query)
    assert hits and hits[0][0] == expected_first, hits
    assert all(0.0 < s <= 1.0 for _, s in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    if score is not None:
        assert hits[0][1] == pytest.approx(score)
    else:
        assert hits[0][1] < 1.0


def test_search_ranks_exact_over_prefix_over_substring_and_filters_types(store: GraphStore) -> None:
    b = DocBuilder("doc:n")
    b.sentence("Naver, Naver Webtoon and Line Naver Corp met in Naver Town.")
    b.mention("Naver Webtoon", C).mention("Line Naver Corp", C).mention("Naver Town", L).mention("Naver", C)
    store.write_document(b.build())
    hits = store.search_entities("naver")
    ids = [h[0] for h in hits]
    assert ids[0] == eid("Naver") and hits[0][1] == pytest.approx(1.0)
    assert ids.index(eid("Naver Webtoon")) < ids.index(eid("Line Naver Corp"))  # prefix beats substring
    assert {h[0] for h in store.search_entities("naver", types=[L])} == {eid("Naver Town")}
    assert len(store.search_entities("naver", limit=2)) == 2
    assert store.search_entities("") == [] and store.search_entities("zzzz") == []
    assert store.find_by_name("NAVER") == [eid("Naver")] and store.find_by_name("nobody") == []


def _places_and_companies() -> DocumentBatch:
    """Names seen in text next to gazetteer variants no document used (search keys)."""
    b = DocBuilder("doc:s", title="search")
    b.sentence("Samsung Electronics and SK Telecom met officials of the United States in Hangzhou.")
    b.mention("Samsung Electronics", C).mention("SK Telecom", C)
    b.mention("United States", L, name_ko="미국").mention("Hangzhou", L)
    b.sentence("China and Microsoft were not there.")
    b.mention("China", L, name_ko="중국").mention("Microsoft", C)
    b.entities[eid("United States")].aliases.extend(["미합중국", "美", "미", "USA"])
    b.entities[eid("Hangzhou")].aliases.extend(["Hangchow", "Hang-chou", "Khanchzhou"])
    b.entities[eid("Microsoft")].aliases.extend(["MS", "MSFT"])
    b.entities[eid("China")].aliases.extend(["中", "중"])
    return b.build()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sung", [eid("Samsung Electronics")]),  # inside a word, 4 characters
        ("Elec", [eid("Samsung Electronics"), eid("SK Telecom")]),  # a word start ranks above inside a word
        ("Sams", [eid("Samsung Electronics")]),  # no fuzzy match on the two-letter key "MS"
        ("중국", [eid("China")]),  # not the United States through the key 미합중국
        ("美", [eid("United States")]),  # a key typed whole finds its entity
        ("hangchow", [eid("Hangzhou")]),
        ("Hang-ch", [eid("Hangzhou")]),  # a key's prefix
        ("Khanchzhu", []),  # keys are not matched fuzzily
        ("한화", []),  # nor does a one-syllable key match a longer query
    ],
)
def test_search_names_seen_in_text_and_search_keys(store: GraphStore, query: str, expected: list[str]) -> None:
    store.write_document(_places_and_companies())
    hits = store.search_entities(query)
    assert [h[0] for h in hits] == expected, hits
    assert all(h[1] == round(h[1], 3) for h in hits)


def test_a_search_key_ranks_below_a_name(store: GraphStore) -> None:
    store.write_document(_places_and_companies())
    assert store.search_entities("united states") == [(eid("United States"), 1.0)]
    assert store.search_entities("usa") == [(eid("United States"), 0.95)]
    assert store.find_by_name("USA") == [eid("United States")]


def test_find_by_keys(store: GraphStore) -> None:
    store.write_document(doc_a())
    store.write_document(doc_b())
    found = store.find_by_keys(["Company|amazon", "Company|아마존", "Person|andy jassy", "Company|nope"])
    assert found == {"Company|amazon": [AMAZON], "Company|아마존": [AMAZON], "Person|andy jassy": [JASSY]}
    assert store.find_by_keys([]) == {}


def test_iterators_and_merges(store: GraphStore) -> None:
    store.write_document(doc_a())
    store.write_document(doc_b())
    entities = list(store.iter_entities())
    assert sorted(e.id for e in entities) == sorted([AMAZON, COUPANG, JASSY, SEATTLE, ELEVEN])
    assert entities[[e.id for e in entities].index(AMAZON)] == store.get_entity(AMAZON)
    assert sorted(e.id for e in store.iter_entities([P, L])) == sorted([JASSY, SEATTLE])
    relations = list(store.iter_relations())
    assert len(relations) == store.stats().relations == 4
    assert {r.id: r for r in relations} == {r.id: r for r in store.get_relations([r.id for r in relations]) if r}
    assert {(m.alias, m.document_id) for m in store.merges_of(AMAZON)} == {
        ("Amazon", "doc:a"),
        ("아마존", "doc:b"),
    }


def test_list_documents_pages_by_title(store: GraphStore) -> None:
    for batch in (doc_a(), doc_b(), doc_c()):
        store.write_document(batch)
    titles = [d.title for d in store.list_documents()]
    assert titles == sorted(titles) and len(titles) == 3
    assert [d.id for d in store.list_documents(offset=1, limit=1)] == [store.list_documents()[1].id]
    assert store.stats().documents_by_language == {"en": 2, "ko": 1}


def test_large_documents_and_lookups_are_written_and_read_whole(store: GraphStore) -> None:
    """Big batches (the Bolt test server takes ~4 KB per request, so the store sends them in
    parts) and big DataLoader lookups."""
    b = DocBuilder("doc:big", source="news/big.txt")
    names = [f"Company {i:03d} Holdings" for i in range(150)]
    for i in range(0, len(names) - 1, 2):
        b.sentence(f"{names[i]} partners with {names[i + 1]} in a long sentence about trade {'and more ' * 20}.")
        b.mention(names[i], C).mention(names[i + 1], C).relation(names[i], PARTNERS, names[i + 1], 0.7)
    result = store.write_document(b.build())
    assert (result.new_entities, result.new_relations) == (150, 75)
    ids = [eid(n) for n in names]
    found = store.get_entities([*ids, "ent:missing"])
    assert [e.id if e else None for e in found] == [*ids, None]
    assert sum(1 for _ in store.iter_relations()) == 75
    assert len(store.find_by_keys([f"Company|{n.lower()}" for n in names])) == 150
    assert store.delete_document("doc:big") and store.stats().entities == 0


def test_quotes_and_backslashes_round_trip(store: GraphStore) -> None:
    """Text is data, never Cypher: apostrophes, quotes and backslashes come back unchanged
    (the Bolt test server splices parameters into the query text; the store escapes them)."""
    b = DocBuilder("doc:q", source="C:\\news\\o'reilly's \"notes\".txt", title="It's \\n not a newline")
    b.sentence("McDonald's partners with O'Reilly \\ Media.")
    b.mention("McDonald's", C).mention("O'Reilly \\ Media", C).relation(
        "McDonald's", PARTNERS, "O'Reilly \\ Media", 0.8
    )
    batch = b.build()
    store.write_document(batch)
    assert store.get_document("doc:q") == batch.document
    assert store.document_by_source("C:\\news\\o'reilly's \"notes\".txt") == batch.document
    mcd = store.get_entity(eid("McDonald's"))
    assert mcd is not None and mcd.name == "McDonald's"
    assert store.mentions_of(eid("O'Reilly \\ Media"))[0].sentence == "McDonald's partners with O'Reilly \\ Media."
    assert store.search_entities("mcdonald's")[0] == (eid("McDonald's"), 1.0)
    assert store.find_by_name("o'reilly \\ media") == [eid("O'Reilly \\ Media")]
    (rel,) = store.relations_of(eid("McDonald's"))
    assert rel.evidence[0].sentence == "McDonald's partners with O'Reilly \\ Media."


@pytest.mark.bolt
def test_open_store_hands_the_query_spellings_to_the_store(bolt_settings: Settings) -> None:
    """The store takes a query's other spellings from whoever opens it (the resolver's
    ``search_keys`` in the CLI and the API) instead of importing the resolver."""
    wipe_graph(bolt_settings)
    neo4j_settings = bolt_settings.model_copy(update={"backend": "neo4j"})
    spelled = open_store(neo4j_settings, query_keys=lambda q: ["아마존"] if q == "xyzzy" else [])
    plain = open_store(neo4j_settings)
    try:
        spelled.write_document(doc_b())
        assert [h[0] for h in spelled.search_entities("xyzzy")] == [AMAZON]
        assert plain.search_entities("xyzzy") == []
    finally:
        spelled.close()
        plain.close()
