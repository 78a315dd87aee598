"""The Korean extractor, built once per test session through the registry."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.registry import get_extractor
from kg.config import Settings
from schema.types import Extraction


@pytest.fixture(scope="session")
def korean() -> KoreanExtractor:
    extractor = get_extractor("ko", Settings())
    assert isinstance(extractor, KoreanExtractor)
    return extractor


def mentions_of(result: Extraction) -> set[tuple[str, str]]:
    return {(m.text, m.type.value) for m in result.mentions}


def relations_of(result: Extraction) -> set[tuple[str, str, str]]:
    return {(result.mentions[r.source].text, r.type.value, result.mentions[r.target].text) for r in result.relations}
