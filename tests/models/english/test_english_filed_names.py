"""Filed company names ending in a legal form, and romanised Korean place names with a hyphenated
administrative suffix, come out as one mention each (issue 5: cross-lingual resolution needs
the whole name)."""

from __future__ import annotations

import pytest

from extractors.en.extractor import EnglishExtractor
from schema.types import EntityType

pytestmark = pytest.mark.models

C, L = EntityType.COMPANY, EntityType.PLACE

# name as written -> the mention expected in "An official at {name} said on Monday ..."
FILED = [
    ("HANBIT OCEAN SYSTEMS CO.,LTD", "HANBIT OCEAN SYSTEMS CO.,LTD"),
    ("SEOWON PRECISION CO., LTD.", "SEOWON PRECISION CO., LTD"),
    ("Mirae Robotics Co., Ltd.", "Mirae Robotics Co., Ltd."),
    ("Daon Bio Co,. Ltd", "Daon Bio Co,. Ltd"),
    ("NURISOFTCo.,LTD.", "NURISOFTCo.,LTD"),
    ("Blue Harbor No. 7 Ship Investment Company", "Blue Harbor No. 7 Ship Investment Company"),
    ("GREENWAVE MEDIA, INC.", "GREENWAVE MEDIA, INC"),  # "INC" "." are two tokens here
    ("Coupang, Inc.", "Coupang, Inc."),
    ("i-Nuri Corporation", "i-Nuri Corporation"),
]


@pytest.mark.parametrize(("name", "mention"), FILED)
def test_filed_company_name_is_one_mention(english: EnglishExtractor, name: str, mention: str) -> None:
    result = english.extract(f"An official at {name} said on Monday that the plan would go ahead.")
    assert [(m.text, m.type) for m in result.mentions] == [(mention, C)]
    m = result.mentions[0]
    text = f"An official at {name} said on Monday that the plan would go ahead."
    assert text[m.start : m.end] == m.text
    assert m.sentence_start <= m.start and m.end <= m.sentence_end


@pytest.mark.parametrize(
    ("text", "expected", "forbidden"),
    [
        # leading words that are not part of the name
        ("Shares of Mirae Robotics Co., Ltd. rose 3 percent.", ("Mirae Robotics Co., Ltd.", C), "Shares"),
        # a legal-form word inside a longer name NER read is left to NER
        ("He was chief executive of Power Corporation of Canada.", ("Power Corporation of Canada", C), ""),
        # "Corporation" followed by a capitalised word does not end a name there
        ("Assistant Corporation Counsel Jane Doe objected.", None, "Assistant Corporation"),
        ("The company said on Monday that it would expand.", None, "company"),
    ],
)
def test_filed_name_boundaries(
    english: EnglishExtractor, text: str, expected: tuple[str, EntityType] | None, forbidden: str
) -> None:
    found = {(m.text, m.type) for m in english.extract(text).mentions}
    if expected is not None:
        assert expected in found
    if forbidden:
        assert not any(name == forbidden or name.startswith(forbidden + " ") for name, _ in found), found


@pytest.mark.parametrize("name", ["Seocho-gu", "Haeundae-gu", "Gyeongsangbuk-do", "Gimhae-si", "Yangpyeong-gun"])
def test_hyphenated_korean_place_suffix_stays_in_a_place(english: EnglishExtractor, name: str) -> None:
    result = english.extract(f"An official at {name} said on Monday that the plan would go ahead.")
    assert (name, L) in {(m.text, m.type) for m in result.mentions}


def test_korean_given_names_with_suffix_like_endings_stay_people(english: EnglishExtractor) -> None:
    found = {(m.text, m.type) for m in english.extract("Jang Dong-gun and Lee Seung-ri met in Haeundae-gu.").mentions}
    assert ("Jang Dong-gun", EntityType.PERSON) in found
    assert ("Lee Seung-ri", EntityType.PERSON) in found
    assert ("Haeundae-gu", L) in found
