"""Place passes: ``person_place_split``, ``place_chains``, ``country_pairs``, ``place_roles``,
``facilities``, ``hanja_places``."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import COUNTRY_PAIRS, FACILITIES, HANJA_PLACES, PERSON_PLACE_SPLIT, PLACE_CHAINS, PLACE_ROLES
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a foreign name run into the place after it
        ("피터 킹 뉴욕 주 하원의원이 말했다.", {"뉴욕 주/Place", "피터 킹/Person"}, {"피터 킹 뉴욕 주/Place"}),
        # a name, then only its country
        (
            "남바린 엥흐바야르 몽골 대통령이 방문했다.",
            {"남바린 엥흐바야르/Person", "몽골/Place"},
            {"남바린 엥흐바야르 몽골/Person"},
        ),
        # a person whose surname is also a place stays whole
        ("조지 워싱턴 대통령이 말했다.", set(), set()),
    ],
)
def test_person_place_split(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, PERSON_PLACE_SPLIT) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # larger to smaller, one space apart: one place with the larger inside
        ("경남 함양군에서 축제가 열렸다.", {"경남 함양군/Place[경남]"}, {"경남/Place", "함양군/Place"}),
        (
            "전남 진도군 조도면 병풍도에서 사고가 났다.",
            {"전남 진도군 조도면 병풍도/Place[전남, 진도군, 조도면]"},
            {"전남/Place", "조도면 병풍도/Place", "진도군/Place"},
        ),
        # a road is no part of a chain
        ("서초구 경부고속도로에서 사고가 났다.", set(), set()),
    ],
)
def test_place_chains(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, PLACE_CHAINS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # one-syllable country names written together
        ("한중일 정상회의가 열렸다.", {"일/Place", "중/Place", "한/Place"}, {"한중일/Company"}),
        # a name known whole (North America) is left alone
        ("북미 지역에서 팔렸다.", set(), set()),
    ],
)
def test_country_pairs(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, COUNTRY_PAIRS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a country the CRF called an organisation is a Place that acts
        (
            "한일 정상회담이 열렸다.",
            {"일/Place{role=Organization}", "한/Place{role=Organization}"},
            {"일/Company", "한/Company"},
        ),
        # the role model reads a country's officials as acting
        ("이스라엘 관계자는 말했다.", {"이스라엘/Place{role=Organization}"}, {"이스라엘/Place"}),
        # a country as a place only
        ("미국 동부 지역에 눈이 왔다.", set(), set()),
    ],
)
def test_place_roles(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, PLACE_ROLES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a facility named after a place, the place inside
        ("마닐라 국제공항에 도착했다.", {"마닐라 국제공항/Place[마닐라]"}, {"마닐라/Place"}),
        ("프랑크푸르트공항에 도착했다.", {"프랑크푸르트공항/Place[프랑크푸르트]"}, {"프랑크푸르트공항/Place"}),
    ],
)
def test_facilities(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, FACILITIES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a Hanja administrative suffix makes a place
        ("오레곤州 포틀랜드에서 열렸다.", {"오레곤州/Place"}, {"오레곤/Person"}),
    ],
)
def test_hanja_places(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, HANJA_PLACES) == (added, removed)
