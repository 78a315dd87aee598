"""The English lexicon files (no model needed)."""

from __future__ import annotations

import pytest

from extractors.en.lexicon import load_lexicon
from extractors.en.words import title_head
from schema.types import EntityType, RelationType


def test_countries_come_from_cldr_without_ambiguous_names() -> None:
    lex = load_lexicon()
    assert {"South Korea", "United States", "Hong Kong", "Myanmar", "Burma", "Bosnia and Herzegovina"} <= set(
        lex.places
    )
    assert not {"Jordan", "Chad", "European Union", "United Nations"} & set(lex.places)
    assert lex.exact["European Union"] == EntityType.ORGANIZATION
    assert lex.exact["Incheon"] == EntityType.PLACE
    assert lex.exact["The Korea Times"] == EntityType.COMPANY


def test_local_arms_are_companies() -> None:
    patterns = {(p["label"], p["pattern"]) for p in load_lexicon().patterns()}
    assert ("COMPANY", "Amazon Korea") in patterns
    assert ("COMPANY", "Google Korea") in patterns
    assert ("COMPANY", "The Korea Times Korea") not in patterns


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("chief executive officer", RelationType.CEO_OF),
        ("former ceo", RelationType.CEO_OF),
        ("vice president", RelationType.WORKS_FOR),
        ("president", RelationType.CEO_OF),
        ("retail analyst", RelationType.WORKS_FOR),
        ("finance minister", RelationType.LEADER_OF),
        ("executive chairman", RelationType.CHAIR_OF),
        ("co-founder", RelationType.FOUNDER_OF),
        ("co - founder", RelationType.FOUNDER_OF),
        ("retail", None),
    ],
)
def test_title_heads(title: str, expected: RelationType | None) -> None:
    assert title_head(title, load_lexicon()) == expected


def test_cues_are_read() -> None:
    lex = load_lexicon()
    assert "partnership" in lex.cue("partner_nouns")
    assert "acquire" in lex.verb_cues and "stake" in lex.noun_cues
    assert lex.type_nouns["company"] == EntityType.COMPANY
    assert lex.demonyms["Korean"] == "South Korea"


def test_missing_model_names_the_package() -> None:
    from extractors.en.extractor import EnglishExtractor
    from kg.config import Settings
    from schema.errors import ModelNotInstalledError

    extractor = EnglishExtractor(Settings(spacy_model="en_core_web_missing_for_test"))
    with pytest.raises(ModelNotInstalledError, match="pip install en_core_web_missing_for_test"):
        extractor.extract("Samsung")
