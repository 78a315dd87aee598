"""``latin_names``: a name the alias dictionary knows, written in Latin letters in a Korean
sentence."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import LATIN_NAMES
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("Los Angeles에 사는 교민이 많다.", {"Los Angeles/Place"}, set()),
    ],
)
def test_latin_names(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, LATIN_NAMES) == (added, removed)
