"""``originals``: a name followed by its original in Latin letters is one mention and the
Latin name its alias."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import ORIGINALS
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # a person's shape and a sound-alike first word
        ("시라즈 와하즈 (Siraj Wahhaj)가 말했다.", {"Siraj Wahhaj/Person=>시라즈 와하즈"}, set()),
        # an acronym after a body's ending
        (
            "국제펜싱연맹(FIE)은 발표했다.",
            {"FIE/Organization=>국제펜싱연맹", "국제펜싱연맹/Organization"},
            {"FIE/Company"},
        ),
        # an English newspaper word types it
        (
            "사우스 차이나 모닝 포스트(The South China Morning Post)가 보도했다.",
            {"South China Morning Post/Company=>사우스 차이나 모닝 포스트", "사우스 차이나 모닝 포스트/Company"},
            set(),
        ),
        # an acronym after a common noun names nothing
        ("자유무역협정(FTA)이 발효됐다.", set(), set()),
    ],
)
def test_originals(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, ORIGINALS) == (added, removed)
