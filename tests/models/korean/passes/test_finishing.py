"""The last passes: ``deal_partners``, ``bylines``, ``corporate_forms``, ``credits``,
``aliases``."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import ALIASES, BYLINES, CORPORATE_FORMS, CREDITS, DEAL_PARTNERS
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # the unnamed object of 인수
        ("쿠팡이 포시마크를 인수했다.", {"포시마크/Company"}, set()),
    ],
)
def test_deal_partners(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, DEAL_PARTNERS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # the byline's person replaces the model's reading
        ("(서울=뉴스1) 홍길동 기자 = 삼성전자가 발표했다.", {"홍길동/Person"}, {"홍길동/Place"}),
    ],
)
def test_bylines(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, BYLINES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("주식회사 카카오는 발표했다.", {"카카오/Company{corporate_form=주식회사}"}, {"카카오/Company"}),
    ],
)
def test_corporate_forms(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, CORPORATE_FORMS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        (
            "/11번가 제공, 뉴시스 |",
            {"11번가/Company{credit=True}", "뉴시스/Company{credit=True}"},
            {"11번가/Company", "뉴시스/Company"},
        ),
    ],
)
def test_credits(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, CREDITS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("신세계그룹(이마트)은 발표했다.", {"이마트/Company=>신세계그룹"}, {"이마트/Company"}),
        ("유럽연합(EU)은 발표했다.", {"EU/Organization=>유럽연합"}, {"EU/Organization"}),
    ],
)
def test_aliases(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, ALIASES) == (added, removed)


def test_bylines_keep_the_person_and_the_organisation_for_works_for(korean: KoreanExtractor) -> None:
    from extractors.ko.passes import BYLINES
    from extractors.ko.passes.finishing import byline_relations
    from tests.models.korean.conftest import before

    state = BYLINES(korean.context, before(korean, "[더팩트|이민주 기자] 삼성전자가 발표했다.", BYLINES))
    ((person, org, title),) = state.bylines
    assert (state.text[person.start : person.end], state.text[org.start : org.end], title) == (
        "이민주",
        "더팩트",
        "기자",
    )
    ((src, tgt, rtype, rule, _, attrs),) = byline_relations(state.bylines, state.spans)
    assert (state.spans[src], state.spans[tgt], rtype.value, rule, attrs) == (
        person,
        org,
        "WORKS_FOR",
        "ko:byline",
        {"title": "기자"},
    )
