"""``demonyms`` and ``nuclear_north``: a country named by its people's word or by 북 of 북핵."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import DEMONYMS, NUCLEAR_NORTH
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("일본인 관광객이 늘었다.", {"일본/Place{demonym=일본인}"}, set()),
        ("노르웨이인들은 말했다.", {"노르웨이/Place{demonym=노르웨이인들}"}, set()),
    ],
)
def test_demonyms(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, DEMONYMS) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("북핵 문제가 논의됐다.", {"북/Place{compound=북핵}"}, set()),
    ],
)
def test_nuclear_north(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, NUCLEAR_NORTH) == (added, removed)
