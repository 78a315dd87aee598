"""``model_spans``: the CRF's spans cleaned (quotes, corporate forms, glued particles and
affixes, occupations) and typed (lexicon, span typer, endings). The model's spans are given by
hand here, so the pass is tested apart from the model."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import MODEL_SPANS, ModelSpan
from tests.models.korean.conftest import views

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "model_spans", "expected"),
    [
        # 산 (made in) glued to a country is no part of it
        ("멕시코산 고추가 수입됐다.", [(0, 4, "LC", 0.9)], {"멕시코/Place"}),
        # a corporate form stays outside the name, as an attribute
        ("경안레저산업(주)는 밝혔다.", [(0, 9, "OG", 0.9)], {"경안레저산업/Company{corporate_form=(주)}"}),
        # a name ending in 은행 is no person, whatever the model said
        ("외환은행이 발표했다.", [(0, 4, "PS", 0.9)], {"외환은행/Company"}),
        # an occupation run into the front of a name is cut off
        ("래퍼 블랙넛이 공연했다.", [(0, 6, "PS", 0.9)], {"블랙넛/Person"}),
        # a surname-shaped first word before a title: the person, then the organisation
        (
            "임혜숙 과학기술정보통신부 장관이 말했다.",
            [(0, 13, "OG", 0.9)],
            {"임혜숙/Person", "과학기술정보통신부/Organization"},
        ),
        # -stan names a land
        ("발로치스탄에서 충돌이 있었다.", [(0, 5, "PS", 0.9)], {"발로치스탄/Place"}),
        # quotes are trimmed
        ('"삼성전자"가 발표했다.', [(0, 6, "OG", 0.9)], {"삼성전자/Company"}),
        # 서 (for 에서) left glued to a known place
        ("뉴욕서 열렸다.", [(0, 3, "LC", 0.9)], {"뉴욕/Place"}),
    ],
)
def test_model_spans(korean: KoreanExtractor, text: str, model_spans: list[ModelSpan], expected: set[str]) -> None:
    (state,) = korean.states(text, ())
    state.model_spans = model_spans
    assert views(MODEL_SPANS(korean.context, state)) == expected


def test_the_model_spans_of_a_real_sentence(korean: KoreanExtractor) -> None:
    (state,) = korean.states("박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.", (MODEL_SPANS,))
    assert views(state) == {"박정호/Person", "SK텔레콤/Company", "아마존/Company"}
    assert {sp.source for sp in state.spans} == {"model"}
