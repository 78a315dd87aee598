"""The blocking-key grammar (schema.keys) and the keys the resolver builds with it: every key
reads back as itself, and the strings are those the data directories already hold."""

from __future__ import annotations

import pytest

from kg.resolve import blocking_keys, search_keys
from kg.resolve.keys import dict_key, family_name_keys, government_keys, m_keys, model_typed_keys
from schema.keys import BlockingKey, KeyKind
from schema.types import EntityType, Mention

C, P, L, ORG = EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("O|n|amazon", BlockingKey("O", KeyKind.NAME, "amazon")),
        ("O|s|MJN", BlockingKey("O", KeyKind.SKELETON, "MJN")),
        ("O|r|winia", BlockingKey("O", KeyKind.LETTERS, "winia")),
        ("O|f|aHo", BlockingKey("O", KeyKind.SHORT_FORM, "aHo")),
        ("P|f|merkel", BlockingKey("P", KeyKind.FAMILY_NAME, "merkel")),
        ("P|F|MRKL", BlockingKey("P", KeyKind.FAMILY_SKELETON, "MRKL")),
        ("P|k|박|2|JNH", BlockingKey("P", KeyKind.KOREAN_NAME, "박|2|JNH")),
        ("P|w|M|*", BlockingKey("P", KeyKind.WORDS, "M|*")),
        ("L|c|east|country:DE", BlockingKey("L", KeyKind.COMPOSITE, "east|country:DE")),
        ("O|g|노|2|MHN", BlockingKey("O", KeyKind.GOVERNMENT, "노|2|MHN")),
        ("M|P|s|PDRR", BlockingKey("P", KeyKind.SKELETON, "PDRR", model=True)),
        ("d|country:KR", BlockingKey.dictionary("country:KR")),
        ("Company|samsung", BlockingKey("Company", None, "samsung")),
        ("O|n|", BlockingKey("O", KeyKind.NAME, "")),
    ],
)
def test_a_key_reads_back_as_itself(text: str, key: BlockingKey) -> None:
    assert str(key) == text
    assert BlockingKey.parse(text) == key
    assert BlockingKey.parse(str(key)) == key


def test_family_name_and_short_form_share_their_letter() -> None:
    # stored data writes "f" for both; the names are two readings of one kind
    assert KeyKind["FAMILY_NAME"] is KeyKind["SHORT_FORM"]
    assert str(BlockingKey("P", KeyKind.FAMILY_NAME, "bush")) == "P|f|bush"


@pytest.mark.parametrize("text", ["", "O", "O|x|y", "X|n|y", "Onlyone", "P|"])
def test_strings_the_grammar_does_not_make_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        BlockingKey.parse(text)


def test_a_key_needs_a_kind_exactly_where_its_group_has_kinds() -> None:
    with pytest.raises(ValueError, match="needs a kind"):
        BlockingKey("O", None, "x")
    with pytest.raises(ValueError, match="has no kind"):
        BlockingKey("d", KeyKind.NAME, "x")
    with pytest.raises(ValueError, match="unknown key group"):
        BlockingKey("Q", KeyKind.NAME, "x")


@pytest.mark.parametrize(
    ("name", "type", "expected"),
    [
        ("Amazon", C, ["O|n|amazon", "O|s|MJN"]),
        ("아마존", C, ["O|n|아마존", "O|s|MJN"]),
        ("East Germany", L, ["L|n|eastgermany", "L|s|SDJMN", "L|s|SDGMN", "L|c|east|country:DE"]),
        ("박정호", P, ["P|n|박정호", "P|s|BGJNGH", "P|k|박|2|JNGH"]),
        ("Yahoo", C, ["O|n|yahoo", "O|r|yahoo", "O|f|aHo"]),
        (
            "Angela Merkel",
            P,
            [
                *("P|n|angelamerkel", "P|s|NJLMGL", "P|s|NGHLMGL", "P|s|MGLNJL", "P|s|MGLNGHL"),
                *("P|w|NJL|MGL", "P|w|*|MGL", "P|w|NJL|*", "P|f|merkel", "P|F|MGL"),
            ],
        ),
    ],
)
def test_blocking_keys_are_todays_strings(name: str, type: EntityType, expected: list[str]) -> None:
    # the strings kg/resolve.py wrote before the grammar became a class (data dirs hold them)
    assert blocking_keys(name, type) == expected


def test_government_keys_are_todays_strings() -> None:
    m = Mention(
        document_id="doc:x",
        start=0,
        end=6,
        text="노무현 정부",
        type=ORG,
        sentence="노무현 정부",
        sentence_start=0,
        sentence_end=6,
        language="ko",
        extractor="test",
        attributes={"government_of": "노무현"},
    )
    assert government_keys(m) == ["O|g|노|2|MHN"]


def test_every_key_the_resolver_builds_parses() -> None:
    names = ["Angela Merkel", "앙겔라 메르켈", "박정호", "Park Jung-ho", "Yahoo", "WINIA", "남태평양", "독일 대사관"]
    for name in names:
        for type in EntityType:
            keys = [*blocking_keys(name, type), *model_typed_keys(name, type), *family_name_keys(name, whole=True)]
            for key in keys:
                assert str(BlockingKey.parse(key)) == key
    assert all("|" not in s or BlockingKey.parse(s) for s in search_keys("박정호"))


def test_person_keys_and_model_typed_forms() -> None:
    keys = blocking_keys("Angela Merkel", P)
    assert "P|f|merkel" in keys and "P|n|angelamerkel" in keys
    assert any(k.startswith("P|w|") for k in keys)
    # the M| forms keep the name and sound keys only, never the person or word keys
    assert m_keys(keys) == [f"M|{k}" for k in keys if k[2] in "nsrf"]
    assert dict_key("country:KR") == "d|country:KR"
