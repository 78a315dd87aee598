"""A name right before 관계자/관계자들/측/대변인 speaks for an organisation, never a person
("11번가 관계자는", "쿠팡 측은"); real people ("김민수 씨는", "이재명 측은") stay people."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import ORG_CUES
from tests.models.korean.conftest import mentions_of, pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # seed sentence (ko-11st-amazon-global-store-2021)
        ('11번가 관계자는 "아마존과 논의는 없다"고 밝혔다.', "11번가", "Company"),
        # the NER model alone calls 배민 a person here
        ("배민 관계자는 새 요금제를 설명했다.", "배민", "Company"),
        ("신한카드 관계자들은 회의를 열었다.", "신한카드", "Company"),
        ("쿠팡 측은 사실이 아니라고 반박했다.", "쿠팡", "Company"),
        ("쿠팡측은 사실이 아니라고 밝혔다.", "쿠팡", "Company"),
        ("카카오 대변인은 입장을 밝혔다.", "카카오", "Company"),
        # a bare proper noun before the cue becomes an organisation mention
        ("SK 측은 보도 내용을 부인했다.", "SK", "Company"),
        ("공정거래위원회 관계자는 조사 중이라고 말했다.", "공정거래위원회", "Organization"),
        # the whole word before 관계자 is the name when the model keeps only a fragment of a
        # long compound ("메리츠" of 메리츠종합금융, "아시아" of 아시아퍼시픽…)
        ("메리츠종합금융 관계자는 이같이 밝혔다.", "메리츠종합금융", "Company"),
        ("아시아퍼시픽10호선박투자회사 관계자는 이같이 밝혔다.", "아시아퍼시픽10호선박투자회사", "Company"),
        ("한국 관계자들은 회의에 참석했다.", "한국", "Place"),  # a place's officials: still the place
        # an administrative division speaks for its county or city: a place, not a company
        ("고창군 관계자는 이같이 밝혔다.", "고창군", "Place"),
        ("의왕시 관계자는 이같이 밝혔다.", "의왕시", "Place"),
        ("중구 관계자는 이같이 밝혔다.", "중구", "Place"),  # two syllables: listed in names.tsv
        # a compound word of common nouns is a company when its ending says so
        # (cue_company_words.txt); Kiwi finds no proper noun in any of these
        ("서광건설산업 관계자는 이같이 밝혔다.", "서광건설산업", "Company"),
        ("우리증권 관계자는 이같이 밝혔다.", "우리증권", "Company"),
        ("대신밸런스제10호기업인수목적 관계자는 이같이 밝혔다.", "대신밸런스제10호기업인수목적", "Company"),
        ("거북선6호선박투자회사 관계자는 이같이 밝혔다.", "거북선6호선박투자회사", "Company"),
        # a public body's compound name (청, 법원, 위원회 ...) is an organisation
        ("미국 교통보안청 관계자는 이같이 밝혔다.", "교통보안청", "Organization"),
        ("서울가정법원 관계자는 이같이 밝혔다.", "서울가정법원", "Organization"),
        # negatives: people stay people
        ("김민수 씨는 집으로 돌아갔다.", "김민수", "Person"),
        ("김민수 씨는 어제 쿠팡 관계자를 만났다.", "김민수", "Person"),
        ("이재명 측은 즉각 반발했다.", "이재명", "Person"),
        ("박수현 대변인은 브리핑에서 말했다.", "박수현", "Person"),
        ("유 대변인은 브리핑에서 이같이 말했다.", "유", "Person"),  # surname + title
        ("측면에서 보면 김민수 씨가 옳았다.", "김민수", "Person"),
    ],
)
def test_name_before_org_cue(korean: KoreanExtractor, text: str, name: str, expected: str) -> None:
    found = mentions_of(korean.extract(text))
    assert (name, expected) in found, found
    assert not any(n == name and t != expected for n, t in found), found


@pytest.mark.parametrize(
    "text",
    [
        "업계 관계자는 이같이 말했다.",
        "회사의 관계자는 이같이 말했다.",
        # a kind of company, not a company: a generic first word
        "시중은행 관계자는 이같이 말했다.",
        "대형마트 관계자는 이같이 말했다.",
        "보험업계 관계자는 이같이 말했다.",
        "관할경찰서 관계자는 이같이 말했다.",
    ],
)
def test_common_nouns_before_org_cue_are_not_names(korean: KoreanExtractor, text: str) -> None:
    assert mentions_of(korean.extract(text)) == set()


def test_the_cue_word_is_never_part_of_the_name(korean: KoreanExtractor) -> None:
    """The model sometimes runs a name into the cue ("이스라엘 관계자"): the cue is cut off."""
    found = mentions_of(korean.extract("이스라엘 관계자는 월요일 이같이 밝혔다."))
    assert found and all("관계자" not in name for name, _ in found), found
    assert "이스라엘" in {name for name, _ in found}


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # the whole word before 관계자 is the name
        ("메리츠종합금융 관계자는 밝혔다.", {"메리츠종합금융/Company"}, {"메리츠/Company"}),
        ("아시아퍼시픽10호선박투자회사 관계자는 밝혔다.", {"아시아퍼시픽10호선박투자회사/Company"}, {"아시아/Place"}),
        # a person span before 대변인 speaks for a body
        ("알리 알-다바그 대변인이 말했다.", {"다바그/Company"}, {"다바그/Person"}),
    ],
)
def test_org_cues(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, ORG_CUES) == (added, removed)
