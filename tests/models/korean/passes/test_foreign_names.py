"""``foreign_names``: a foreign name the model cut in two, or kept half of, is one name; an
Arabic name keeps its article."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import FOREIGN_NAMES
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a middle initial between the halves
        ("루이스 L. 스탠턴 판사가 판결했다.", {"루이스 L. 스탠턴/Person"}, {"루이스/Person", "스탠턴/Person"}),
        # an uncovered proper noun right before a foreign name
        ("가도와치 루이치 사장이 말했다.", {"가도와치 루이치/Person"}, {"루이치/Person"}),
        # the article 알- joins the name
        ("누리 알-말리키 이라크 총리가 방문했다.", {"알-말리키 이라크/Place"}, {"말리키 이라크/Place"}),
        # already whole
        ("트레시 밀러가 말했다.", set(), set()),
        # a foreign word and a company ending written apart name a company
        ("애플의 투자 자회사인 브래번 캐피털을 통해 관리해 왔다.", {"브래번 캐피털/Company"}, {"브래번/Person"}),
        (
            "루비 프로덕션의 가도와치 루이치 사장이 말했다.",
            {"루비 프로덕션/Company", "가도와치 루이치/Person"},
            {"루비/Person", "루이치/Person"},
        ),
    ],
)
def test_foreign_names(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, FOREIGN_NAMES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a person span that ran into the company before a title, the company named in the sentence
        (
            "조이스는 콴타스 항공 CEO 내정자로 임명돼 딕슨과 함께 일할 것이라고 리 클리포드 콴타스 회장이 말했다.",
            {"리 클리포드/Person", "콴타스/Company"},
            {"리 클리포드 콴타스/Person"},
        ),
        # no company of that name in the sentence, or no title after the name: left alone
        ("리 클리포드 콴타스 회장이 말했다.", set(), set()),
        ("콴타스 항공은 리 클리포드 콴타스를 만났다.", set(), set()),
    ],
)
def test_person_company_split(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, FOREIGN_NAMES) == (added, removed)
