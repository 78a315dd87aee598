"""The English extractor, built once per test session through the registry, and the helpers the
relation sentence tables share."""

from __future__ import annotations

import pytest

from extractors.en.extractor import EnglishExtractor
from extractors.registry import get_extractor
from kg.config import Settings
from schema.types import RelationType

Triple = tuple[str, RelationType, str]


@pytest.fixture(scope="session")
def english() -> EnglishExtractor:
    extractor = get_extractor("en", Settings())
    assert isinstance(extractor, EnglishExtractor)
    return extractor


def relation_rules(english: EnglishExtractor, text: str) -> dict[Triple, str]:
    """The relations of ``text`` as (source text, type, target text) -> rule."""
    result = english.extract(text)
    return {(result.mentions[r.source].text, r.type, result.mentions[r.target].text): r.rule for r in result.relations}


def assert_none_of(english: EnglishExtractor, text: str, forbidden: set[Triple]) -> None:
    """None of ``forbidden`` is read from ``text``; with an empty set, nothing at all is."""
    got = relation_rules(english, text)
    assert not forbidden & set(got), got
    if not forbidden:
        assert not got, got
