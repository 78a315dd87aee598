"""Document passes: ``family_names`` (a family name alone after the full name is that person)
and ``candidate_words`` (proper nouns no mention covers, kept as candidates), each run alone on a
text whose sentences the sentence passes have read."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.assemble import emit
from extractors.ko.document import CANDIDATES, FAMILY_NAMES, DocumentState
from extractors.ko.extractor import DOCUMENT_PASSES
from schema.types import Extraction

pytestmark = pytest.mark.models


def _sentences_read(korean: KoreanExtractor, text: str) -> DocumentState:
    """``text`` through the sentence passes and written out, before any document pass."""
    result = Extraction(language="ko", extractor=korean.name)
    sentences = korean.sentences(text)
    for sentence, state in zip(sentences, korean.states(text), strict=True):
        emit(korean.context, state, sentence[1], result, korean.relations)
    return DocumentState(result, sentences)


def test_the_document_passes_run_in_order() -> None:
    assert [p.name for p in DOCUMENT_PASSES] == ["family_names", "candidate_words"]


@pytest.mark.parametrize(
    ("text", "added"),
    [
        # the full name first, then the family name alone
        ('크리스찬 베일이 출연했다. 베일은 "좋다"고 말했다.', {("베일", "Person", "크리스찬 베일")}),
        # the family name before the full name is not read
        ('베일은 "좋다"고 말했다. 크리스찬 베일이 출연했다.', set()),
    ],
)
def test_family_names(korean: KoreanExtractor, text: str, added: set[tuple[str, str, str]]) -> None:
    doc = _sentences_read(korean, text)
    before = {(m.start, m.end) for m in doc.result.mentions}
    doc = FAMILY_NAMES(korean.context, doc)
    new = {
        (m.text, m.type.value, str(m.attributes.get("full_name")))
        for m in doc.result.mentions
        if (m.start, m.end) not in before
    }
    assert new == added


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        # a proper noun the model left out
        ("신라면은 1986년 10월 농심이 출시한 제품이다.", {"농심"}),
        # every proper noun is a mention already
        ("박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.", set()),
    ],
)
def test_candidate_words(korean: KoreanExtractor, text: str, candidates: set[str]) -> None:
    doc = _sentences_read(korean, text)
    assert doc.result.candidates == []
    doc = CANDIDATES(korean.context, doc)
    assert {c.text for c in doc.result.candidates} == candidates
