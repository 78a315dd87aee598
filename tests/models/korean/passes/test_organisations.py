"""``national_forces`` and ``person_governments``: organisations named after a country or a
person, with it nested inside."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import NATIONAL_FORCES, PERSON_GOVERNMENTS
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        ("미군은 철수했다.", {"미군/Organization[미]"}, {"미군/Company"}),
        ("이스라엘군이 공격했다.", {"이스라엘군/Organization[이스라엘]"}, {"이스라엘군/Company"}),
    ],
)
def test_national_forces(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, NATIONAL_FORCES) == (added, removed)


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # the model gave person and 행정부 apart
        (
            "부시 행정부는 반대했다.",
            {"부시 행정부/Organization<부시>{government_of=부시}"},
            {"부시/Person", "행정부/Organization"},
        ),
        # the model's whole span, read as a company
        ("아베 정권은 반대했다.", {"아베 정권/Organization<아베>{government_of=아베}"}, {"아베 정권/Company"}),
        # another word
        ("정부청사에서 열렸다.", set(), set()),
    ],
)
def test_person_governments(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, PERSON_GOVERNMENTS) == (added, removed)
