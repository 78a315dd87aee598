"""A place or organisation written after its country ("필리핀 마닐라", "그리스 경찰") keeps
its whole span, and the country is a mention of its own inside it, so the country's node is not
lost when the resolver files the chain under its innermost place; so do the areas a Korean place
chain starts with ("경남 함양군", "서울 강남구 논현동"). Countries that act get a role."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from kg.config import Settings
from kg.pipeline import Pipeline
from kg.store.networkx import NetworkXGraphStore
from schema.types import EntityType

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "whole", "country"),
    [
        ("필리핀 마닐라에서 회의가 열렸다.", "필리핀 마닐라", "필리핀"),
        ("터키 이스탄불 공항에서 폭발이 있었다.", "터키 이스탄불 공항", "터키"),
        ("캐나다 토론토에서 열린 대회에서 우승했다.", "캐나다 토론토", "캐나다"),
    ],
)
def test_the_country_before_a_place_is_a_mention_too(
    korean: KoreanExtractor, text: str, whole: str, country: str
) -> None:
    result = korean.extract(text)
    spans = {(m.text, m.type, m.start, m.end) for m in result.mentions}
    start = text.index(whole)
    assert (whole, EntityType.PLACE, start, start + len(whole)) in spans
    inner = [m for m in result.mentions if m.text == country]
    assert len(inner) == 1 and inner[0].type == EntityType.PLACE
    assert (inner[0].start, inner[0].end) == (start, start + len(country))
    assert inner[0].attributes["within"] == whole


@pytest.mark.parametrize("text", ["미국 동부 지역에 폭설이 내렸다.", "서울에서 불이 났다."])
def test_no_inner_mention_when_only_qualifiers_follow_or_one_place(korean: KoreanExtractor, text: str) -> None:
    result = korean.extract(text)
    assert not [m for m in result.mentions if "within" in m.attributes], [m.text for m in result.mentions]


def test_country_and_city_are_two_nodes(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    Pipeline(settings, store=nx_store).ingest_text(
        "필리핀 마닐라에서 아시아 정상회의가 열렸다.", source="manila.txt", lang="ko"
    )
    names = {e.name_ko or e.name for e in nx_store.iter_entities() if e.type == EntityType.PLACE}
    assert any("필리핀" in n for n in names) and any("마닐라" in n for n in names), names


def test_a_country_alone_or_with_its_government(korean: KoreanExtractor) -> None:
    alone = korean.extract("미국 정부 관계자는 밝혔다.").mentions
    assert not [m for m in alone if "within" in m.attributes and m.text == m.attributes["within"]]
    gov = korean.extract("일본 정부가 발표했다.").mentions
    assert ("일본", EntityType.PLACE) in {(m.text, m.type) for m in gov}


@pytest.mark.parametrize(
    ("text", "name", "etype"),
    [
        ("세계무역기구 관계자는 이날 밝혔다.", "세계무역기구", EntityType.ORGANIZATION),
        ("멜버른에서 출발한 비행기가 착륙했다.", "멜버른", EntityType.PLACE),
        ("쿡 제도 관계자는 이날 밝혔다.", "쿡 제도", EntityType.PLACE),
    ],
)
def test_dictionary_places_bodies_and_countries_are_known_names(
    korean: KoreanExtractor, text: str, name: str, etype: EntityType
) -> None:
    assert (name, etype) in {(m.text, m.type) for m in korean.extract(text).mentions}


def test_two_syllable_words_are_not_taken_from_the_dictionary(korean: KoreanExtractor) -> None:
    # 경기 is Gyeonggi in the dictionary's aliases, and "a game" in this sentence
    assert not korean.extract("경기가 끝나자 관중이 떠났다.").mentions


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("최고경영자인 앨런 조이스를 새 CEO로 임명했다.", {("앨런 조이스", EntityType.PERSON)}, {"앨런", "조이스"}),
        ("루비 프로덕션의 가도와치 루이치 사장은 말했다.", {("가도와치 루이치", EntityType.PERSON)}, {"루이치"}),
        ("안정환 송종국은 월드컵 주역이다.", {("안정환", EntityType.PERSON), ("송종국", EntityType.PERSON)}, set()),
        (
            "유럽연합(EU)은 성명을 냈다.",
            {("유럽연합", EntityType.ORGANIZATION), ("EU", EntityType.ORGANIZATION)},
            {"유럽연합(EU)"},
        ),
        ("멕시코산 고추가 원인으로 지목됐다.", {("멕시코", EntityType.PLACE)}, {"멕시코산"}),
        ("애리조나주 정부는 발표했다.", {("애리조나주", EntityType.PLACE)}, set()),
    ],
)
def test_name_edges(
    korean: KoreanExtractor, text: str, expected: set[tuple[str, EntityType]], absent: set[str]
) -> None:
    """Foreign names the model cut in two are one person (two Korean names are two people);
    a bracket ends a name; 산 after a country is "made in"; a foreign state before an
    organisation is a mention inside it."""
    found = {(m.text, m.type) for m in korean.extract(text).mentions}
    assert expected <= found, found
    assert not {name for name, _ in found} & absent, found


@pytest.mark.parametrize(
    ("text", "country", "acts"),
    [
        ("북한은 미사일을 발사했다고 밝혔다.", "북한", True),
        ("이란은 핵개발을 중단하라는 요구를 거부했다.", "이란", True),
        ("러시아는 우크라이나를 침공했다.", "러시아", True),
        ("러시아는 우크라이나를 침공했다.", "우크라이나", False),
        ("미국에서 열린 회의에 참석했다.", "미국", False),
        ("그는 일본으로 떠났다.", "일본", False),
        # one-syllable abbreviations the model reads as organisations are the country too
        ("남북 정상회담이 열렸다.", "남", True),
        ("남북 정상회담이 열렸다.", "북", True),
        ("한미 양국은 합의했다.", "미", True),
    ],
)
def test_a_country_that_acts_is_a_place_with_the_organization_role(
    korean: KoreanExtractor, text: str, country: str, acts: bool
) -> None:
    (m,) = [m for m in korean.extract(text).mentions if m.text == country]
    assert m.type is EntityType.PLACE
    assert m.attributes.get("role") == (EntityType.ORGANIZATION.value if acts else None)


@pytest.mark.parametrize(
    ("text", "name", "etype"),
    [
        ("인도의 실리콘밸리로 알려진 방갈로르에서도 연쇄폭발이 일어났다.", "방갈로르", EntityType.PLACE),
        # a world city's name that KLUE's annotated names know as a company stays the company
        ("노키아 관계자는 신제품을 공개했다고 밝혔다.", "노키아", EntityType.COMPANY),
    ],
)
def test_world_cities_are_known_places_unless_known_otherwise(
    korean: KoreanExtractor, text: str, name: str, etype: EntityType
) -> None:
    assert (name, etype) in {(m.text, m.type) for m in korean.extract(text).mentions}


@pytest.mark.parametrize(
    ("text", "whole", "inner"),
    [
        ("경남 함양군에서 산불이 났다.", "경남 함양군", ["경남"]),
        ("부산 수영구 광안동에서 불이 났다.", "부산 수영구 광안동", ["부산", "수영구"]),
        ("서울 강남구 논현동에서 불이 났다.", "서울 강남구 논현동", ["서울", "강남구"]),
        (
            "전남 진도군 조도면 병풍도 인근 해상에서 여객선이 침몰했다.",
            "전남 진도군 조도면 병풍도",
            ["전남", "진도군", "조도면"],
        ),
    ],
)
def test_a_place_chain_is_one_mention_with_its_areas_inside(
    korean: KoreanExtractor, text: str, whole: str, inner: list[str]
) -> None:
    mentions = korean.extract(text).mentions
    outer = [m for m in mentions if "within" not in m.attributes]
    assert [(m.text, m.type) for m in outer] == [(whole, EntityType.PLACE)]
    nested = [m for m in mentions if m.attributes.get("within") == whole]
    assert [m.text for m in nested] == inner and all(m.type is EntityType.PLACE for m in nested)
    for m in nested:
        assert text[m.start : m.end] == m.text


def test_a_road_is_no_part_of_a_place_chain(korean: KoreanExtractor) -> None:
    mentions = korean.extract("서초구 경부고속도로에서 사고가 났다.").mentions
    assert not [m for m in mentions if "경부고속도로" in m.text and "서초구" in m.text]


def test_a_place_chain_keeps_every_area_as_a_node(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    Pipeline(settings, store=nx_store).ingest_text("경남 함양군에서 산불이 났다.", source="hamyang.txt", lang="ko")
    places = {e.name_ko or e.name for e in nx_store.iter_entities() if e.type == EntityType.PLACE}
    assert "함양군" in places and any(n in places for n in ("경상남도", "경남")), places
