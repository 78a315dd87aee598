"""The English extractor, built once per test session through the registry."""

from __future__ import annotations

import pytest

from extractors.en.extractor import EnglishExtractor
from extractors.registry import get_extractor
from kg.config import Settings


@pytest.fixture(scope="session")
def english() -> EnglishExtractor:
    extractor = get_extractor("en", Settings())
    assert isinstance(extractor, EnglishExtractor)
    return extractor
