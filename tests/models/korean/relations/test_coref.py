"""Korean coreference: "이 회사", "해당 기업", "그" stand for the last safe name of their kind in
the sentences before, and the relations read through them land on that name's mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.relations.coref import anaphors, load_anaphors
from schema.types import Extraction

pytestmark = pytest.mark.models


def _coref_relations(result: Extraction) -> set[tuple[str, str, str]]:
    return {
        (result.mentions[r.source].text, r.type.value, result.mentions[r.target].text)
        for r in result.relations
        if r.rule.endswith("+coref")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("삼성전자는 반도체를 만든다. 이 회사는 엔비디아와 손잡았다.", ("삼성전자", "PARTNERS_WITH", "엔비디아")),
        ("네이버는 검색 회사다. 해당 기업은 포시마크를 인수했다.", ("네이버", "ACQUIRED", "포시마크")),
        ("쿠팡은 서울에 본사를 두고 있다. 이 회사의 김범석 의장은 말했다.", ("김범석", "CHAIR_OF", "쿠팡")),
        ("카카오는 실적을 발표했다. 이 회사는 판교에 본사를 두고 있다.", ("카카오", "HEADQUARTERED_IN", "판교")),
        ("SK텔레콤은 11번가의 모회사다. 이 회사는 아마존과 협력한다.", ("SK텔레콤", "PARTNERS_WITH", "아마존")),
        # the topic of the sentence before, when it names two companies
        ("삼성전자는 LG전자를 앞질렀다. 이 회사는 엔비디아와 손잡았다.", ("삼성전자", "PARTNERS_WITH", "엔비디아")),
        # one sentence without a company between (LOOKBACK is two sentences)
        (
            "삼성전자는 실적을 발표했다. 날씨가 맑았다. 이 회사는 엔비디아와 손잡았다.",
            ("삼성전자", "PARTNERS_WITH", "엔비디아"),
        ),
    ],
)
def test_a_relation_read_through_a_word_standing_for_a_name(
    korean: KoreanExtractor, text: str, expected: tuple[str, str, str]
) -> None:
    result = korean.extract(text)
    assert expected in _coref_relations(result)
    rel = next(r for r in result.relations if r.rule.endswith("+coref"))
    assert (rel.start, rel.end) == (0, len(text))  # the evidence spans both sentences
    assert not any(m.text in ("이 회사", "해당 기업") for m in result.mentions)  # a stand-in is no mention


@pytest.mark.parametrize(
    "text",
    [
        "이 회사는 엔비디아와 손잡았다.",  # no name before it
        "삼성전자와 LG전자가 실적을 발표했다. 이 회사는 엔비디아와 손잡았다.",  # which of the two?
        "삼성전자는 실적을 발표했다. 이 회사는 엔비디아와 협상 중이다.",  # talks: no relation
        "삼성전자는 실적을 발표했다. 날씨가 맑았다. 비가 왔다. 이 회사는 엔비디아와 손잡았다.",  # too far back
        "김철수 씨는 서울에서 태어났다. 이 회사는 엔비디아와 손잡았다.",  # no company before it
    ],
)
def test_no_relation_where_the_word_stands_for_no_safe_name(korean: KoreanExtractor, text: str) -> None:
    assert _coref_relations(korean.extract(text)) == set()


def test_a_coreferent_relation_is_less_sure_than_the_same_relation_named(korean: KoreanExtractor) -> None:
    named = korean.extract("삼성전자는 엔비디아와 손잡았다.").relations
    through = [r for r in korean.extract("삼성전자는 반도체를 만든다. 이 회사는 엔비디아와 손잡았다.").relations]
    assert named and through
    assert through[0].confidence < named[0].confidence


def test_anaphors_are_found_before_a_particle_only(korean: KoreanExtractor) -> None:
    (sent,) = korean.sentences("이 회사는 그 회사와 달리 그를 만났다.")
    tokens = sent[3]
    found = [(sent[2][a:b], kind) for a, b, kind in anaphors(tokens)]
    assert found == [("이 회사", "org"), ("그", "person")]


def test_an_unknown_kind_in_the_table_fails_at_load(tmp_path: Path) -> None:
    bad = tmp_path / "anaphors.tsv"
    bad.write_text("이/MM 회사/NNG\tcompany\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_anaphors(bad)
