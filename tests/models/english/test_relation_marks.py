"""The relation stage's token matcher on native attributes (extractors/en/relations/marks.py)
finds exactly what spaCy's Matcher finds on the ``_`` extensions, in the same order, and leaves
the doc as it was; a pattern that reads a stand-in attribute itself keeps the extensions."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.matcher import Matcher

from extractors.en.extractor import EnglishExtractor
from extractors.en.relations import stage as stage_module
from extractors.en.relations.marks import MARK_KEYS, MarkMatcher

pytestmark = pytest.mark.models

TEXTS = [
    "Seoul, the capital of South Korea, hosted Hanwha Aerospace chief executive Kim Dong-kwan.",
    "Samsung Electronics, a South Korean company, is based in Suwon, a city in Gyeonggi Province.",
    "U.S. President Joe Biden met Japanese Prime Minister Fumio Kishida in Tokyo.",
    "Coupang acquired Farfetch, the London-based luxury retailer, in 2023.",
    "",
]


def _rules(english: EnglishExtractor) -> list[tuple[str, list[list[dict[str, Any]]]]]:
    return [(row.rule, row.tokens) for row in english.relation_stage.rows if row.tokens]


def test_native_marks_match_as_the_extensions_do(english: EnglishExtractor) -> None:
    stage = english.relation_stage
    stage._matchers_for(english.nlp.vocab)  # registers the extensions
    native = MarkMatcher(english.nlp.vocab, _rules(english))
    assert native.native
    reference = Matcher(english.nlp.vocab)
    for rule, patterns in _rules(english):
        reference.add(rule, patterns, greedy="LONGEST")
    columns: list[int | str] = [*MARK_KEYS.values(), "LEMMA", "POS", "DEP", "ENT_IOB"]
    found = 0
    for doc in english.nlp.pipe(TEXTS):
        state = english.state(doc, until="relation_rules")
        stage._mark(doc, state.cands)
        before = doc.to_array(columns)
        expected = list(reference(doc))
        assert native(doc, stage_module._USER_KEY) == expected
        assert (doc.to_array(columns) == before).all()
        doc.user_data.pop(stage_module._USER_KEY, None)
        found += len(expected)
    assert found  # the texts do give token matches


def test_a_pattern_reading_a_stand_in_attribute_keeps_the_extensions(english: EnglishExtractor) -> None:
    english.relation_stage._matchers_for(english.nlp.vocab)
    rules: list[tuple[str, list[list[dict[str, Any]]]]] = [("tagged", [[{"_": {"kg_end": "Place"}}, {"TAG": ","}]])]
    matcher = MarkMatcher(english.nlp.vocab, rules)
    assert not matcher.native
