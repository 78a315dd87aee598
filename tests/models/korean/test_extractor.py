"""The extractor's pass list: named, ordered, and what :meth:`KoreanExtractor.extract` runs."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.extractor import PASSES
from tests.models.korean.conftest import span_view

pytestmark = pytest.mark.models

ORDER = [
    "model_spans",
    "known_names",
    "org_cues",
    "foreign_names",
    "person_place_split",
    "place_chains",
    "country_pairs",
    "place_roles",
    "originals",
    "national_forces",
    "facilities",
    "speakers",
    "titled_names",
    "person_governments",
    "hanja_places",
    "demonyms",
    "nuclear_north",
    "regnal_numbers",
    "latin_names",
    "deal_partners",
    "bylines",
    "corporate_forms",
    "credits",
    "aliases",
]


def test_the_passes_are_named_and_ordered() -> None:
    assert [p.name for p in PASSES] == ORDER
    assert all(p.doc for p in PASSES)


@pytest.mark.parametrize(
    "text",
    [
        "박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.",
        "[더팩트|이민주 기자] 신세계그룹(이마트)은 경남 함양군에 매장을 열었다.",
    ],
)
def test_extract_writes_out_the_states_of_all_passes(korean: KoreanExtractor, text: str) -> None:
    (state,) = korean.states(text)
    result = korean.extract(text)
    written = [m for m in result.mentions if "within" not in m.attributes]
    assert [(m.start, m.end, m.type) for m in written] == [(sp.start, sp.end, sp.type) for sp in state.spans]
    assert {span_view(state, sp).split("/")[0] for sp in state.spans} == {m.text for m in written}
