"""The resolver's guards, one table row per case: model-typed mentions, mistyped places,
family names, ``alias_of`` links, one name per script, place names."""

from __future__ import annotations

import pytest

from kg.resolve.guards import (
    alias_target,
    city_override_ok,
    competing_name,
    may_be_family_name,
    maybe_place,
    place_override_ok,
    type_uncertain,
)
from kg.resolve.places import composite_key, innermost_place, place_names, same_place_stem
from schema.aliases import load_dictionary
from schema.types import EntityType, Language, Mention, MentionAttributes

C, P, L, ORG = EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION


def mention(
    text: str,
    type: EntityType = P,
    language: Language = "en",
    confidence: float = 0.75,
    start: int = 0,
    sentence_start: int = 0,
    attributes: MentionAttributes | None = None,
) -> Mention:
    return Mention(
        document_id="doc:x",
        start=start,
        end=start + len(text),
        text=text,
        type=type,
        sentence=text,
        sentence_start=sentence_start,
        sentence_end=sentence_start + 100,
        language=language,
        extractor="test",
        confidence=confidence,
        attributes=attributes or {},
    )


@pytest.mark.parametrize(
    ("m", "uncertain"),
    [
        (mention("Federer", C, "en", 0.75, attributes={"source": "ner"}), True),
        (mention("Federer", C, "en", 0.85, attributes={"source": "ner"}), False),  # a rule behind it
        (mention("Federer", C, "en", 0.75, attributes={"source": "gazetteer"}), False),
        (mention("Seoul", L, "en", 0.75, attributes={"source": "ner", "within": "Seoul City"}), False),
        (mention("페니매", P, "ko", 0.9, attributes={"source": "model"}), True),
        (mention("페니매", P, "ko", 0.9, attributes={"source": "model", "typed_by": "span_typer"}), True),
        (mention("페니매", P, "ko", 0.9, attributes={"source": "model", "typed_by": "title"}), False),
        (mention("메르켈", P, "ko", 0.9, attributes={"source": "model", "full_name": "앙겔라 메르켈"}), False),
        (mention("국방부", ORG, "ko", 0.9, attributes={"source": "model", "role": "Organization"}), False),
    ],
)
def test_type_uncertain(m: Mention, uncertain: bool) -> None:
    assert type_uncertain(m) is uncertain


@pytest.mark.parametrize(
    ("text", "type", "maybe"),
    [("노원구", P, True), ("달성군", C, True), ("노원구", L, False), ("구", P, False), ("Nowon-gu", C, False)],
)
def test_maybe_place(text: str, type: EntityType, maybe: bool) -> None:
    assert maybe_place(text, type) is maybe


@pytest.mark.parametrize(
    ("text", "type", "place_ok", "city_ok"),
    [
        ("Jordan", P, False, False),  # a Latin "person" named like a country is a person
        ("요르단", P, True, False),
        ("New Orleans", P, False, True),
        ("Columbus", C, True, True),
    ],
)
def test_place_overrides(text: str, type: EntityType, place_ok: bool, city_ok: bool) -> None:
    assert place_override_ok(text, type) is place_ok
    assert city_override_ok(text, type) is city_ok


@pytest.mark.parametrize(
    ("text", "type", "maybe"),
    [
        ("Merkel", P, True),
        ("메르켈", P, True),
        ("Lee", P, False),  # a romanised Korean surname has too many bearers
        ("김민수", P, False),  # a Korean name
        ("IBM", P, False),  # an acronym
        ("Angela Merkel", P, False),
        ("Merkel", C, False),
    ],
)
def test_may_be_family_name(text: str, type: EntityType, maybe: bool) -> None:
    assert may_be_family_name(text, type) is maybe


def test_alias_of_is_followed_only_backwards_in_one_sentence_and_group() -> None:
    base = mention("신세계그룹", C, start=0)
    alias = mention("이마트", C, start=6, attributes={"alias_of": 0})
    assert alias_target([base, alias], 1) == 0
    assert alias_target([base, mention("이마트", P, start=6, attributes={"alias_of": 0})], 1) is None
    assert alias_target([base, mention("이마트", C, start=6, sentence_start=5, attributes={"alias_of": 0})], 1) is None
    assert alias_target([mention("이마트", C, start=0, attributes={"alias_of": 1}), base], 0) is None  # forwards
    assert alias_target([base, mention("이마트", C, start=6, attributes={"alias_of": 7})], 1) is None


@pytest.mark.parametrize(
    ("name", "text", "type", "competes"),
    [
        ("금천구", "금정구", L, True),  # one Korean name per entity
        ("Geumcheon-gu", "금정구", L, False),  # another script is no competitor
        ("금천구", "금천구", L, False),
        ("IOC", "국제올림픽위원회", ORG, False),
        ("NYMEX", "New York Mercantile Exchange", ORG, False),  # an acronym is no spelling
        ("맥케인", "매케인", P, False),  # spelling variants of a foreign name
        ("George W. Bush", "George Bush", P, False),
        ("진도", "진도군", L, False),  # a place with and without its suffix
        ("진도", "진도군", C, True),
    ],
)
def test_one_name_per_script(name: str, text: str, type: EntityType, competes: bool) -> None:
    assert competing_name(name, text, type) is competes


def test_place_names() -> None:
    assert place_names("포항시남구")[:2] == ["포항시남구", "남구"]
    assert same_place_stem("수원", "수원시") and not same_place_stem("수원", "수원")
    dictionary = load_dictionary()
    assert innermost_place(dictionary, "콜로라도 주 볼더") == "볼더"
    assert innermost_place(dictionary, "남아프리카 공화국") == "남아프리카 공화국"
    assert composite_key("독일 대사관") == composite_key("Embassy of Germany") == "embassy|country:DE"
    assert composite_key("Germany") == ""  # a name the dictionary knows whole
