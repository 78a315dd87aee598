"""People passes: ``speakers``, ``titled_names``, ``regnal_numbers``."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import REGNAL_NUMBERS, SPEAKERS, TITLED_NAMES
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a one-word foreign name that 말하다 is a person
        ('보스트롬은 "위험하다"고 말했다.', {"보스트롬/Person"}, {"보스트롬/Company"}),
    ],
)
def test_speakers(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, SPEAKERS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # untagged proper nouns before a person's title
        ("슈타인마이어 외무장관이 도착했다.", {"슈타인마이어/Person"}, set()),
        # the model already has the name
        ("무샤라프 장군이 말했다.", set(), set()),
        # an organisation the model found between name and title; a name Kiwi read with a copula
        ("엠마누엘 모로 IOC 대변인은 6월 정부가 선출한 임원을 교체했다고 밝혔다.", {"엠마누엘 모로/Person"}, set()),
        ("베시르 아탈라이 터키 내무장관은 운전자를 찾고 있다고 말했다.", {"베시르 아탈라이/Person"}, set()),
        (
            "허병익 전 국세청 차장을 통해 신동기 CJ글로벌 홀딩스 부사장으로부터 돈을 받았다.",
            {"신동기/Person"},
            set(),
        ),
        # a common noun before the title is no name
        ("이날 정부 대변인은 밝혔다.", set(), set()),
    ],
)
def test_titled_names(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, TITLED_NAMES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("베네딕토 16세 교황이 방문했다.", {"베네딕토 16세/Person"}, {"베네딕토/Person"}),
        ("존 폴 2세가 방문했다.", {"존 폴 2세/Person"}, {"존 폴/Person"}),
        # an age is no regnal number
        ("김철수 76세 이상이 참석했다.", set(), set()),
    ],
)
def test_regnal_numbers(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, REGNAL_NUMBERS) == (added, removed)
