"""``known_names``: names of the lexicons, suffixed company names and names beside titles join
the model's spans; a known name that covers a model span, or that the model ran into a cue word,
replaces it."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.passes import KNOWN_NAMES
from tests.models.korean.conftest import pass_diff

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "added", "removed"),
    [
        # the known name covers the model's fragment ("11번" of 11번가)
        ('11번가 관계자는 "아마존과 협력한다"고 말했다.', {"11번가/Company"}, {"11번/Company"}),
        # Kiwi keeps 일본행 as one noun: the place is the name
        ("일본행 비행기가 출발했다.", {"일본/Place"}, set()),
    ],
)
def test_known_names(korean: KoreanExtractor, text: str, added: set[str], removed: set[str]) -> None:
    assert pass_diff(korean, text, KNOWN_NAMES) == (added, removed)


def test_known_names_alone_find_the_lexicon_names(korean: KoreanExtractor) -> None:
    (state,) = korean.states("쿠팡이 포시마크를 인수했다.", ())  # no pass run: no spans yet
    state = KNOWN_NAMES(korean.context, state)
    assert [(state.text[sp.start : sp.end], sp.type.value, sp.source) for sp in state.spans] == [
        ("쿠팡", "Company", "lexicon")
    ]
