"""Mention attributes are typed (schema.types.MentionAttributes): an unknown key or a value of
the wrong type fails when the mention is built, and the keys keep the order they were given
(``kg extract --jsonl`` writes them so)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from schema.types import EntityType, ExtractedMention, Mention


def extracted(attributes: Any) -> ExtractedMention:
    return ExtractedMention(start=0, end=6, text="Polish", type=EntityType.PLACE, attributes=attributes)


def placed(attributes: Any) -> Mention:
    return Mention(
        document_id="doc:x",
        start=0,
        end=6,
        text="Polish",
        type=EntityType.PLACE,
        sentence="Polish",
        sentence_start=0,
        sentence_end=6,
        language="en",
        extractor="test",
        attributes=attributes,
    )


@pytest.mark.parametrize("build", [extracted, placed])
def test_an_unknown_attribute_key_is_rejected(build: Any) -> None:
    with pytest.raises(ValidationError, match="demonymof"):
        build({"demonymof": "Poland"})


@pytest.mark.parametrize("build", [extracted, placed])
@pytest.mark.parametrize("attributes", [{"alias_of": "3"}, {"alias_of": True}, {"former": 1}, {"source": 1}])
def test_a_value_of_the_wrong_type_is_rejected(build: Any, attributes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        build(attributes)


def test_known_keys_keep_their_order_and_values() -> None:
    given = {"source": "ner", "demonym_of": "Poland", "full_name": "Poland", "alias_of": 3, "former": True}
    m = placed(given)
    assert m.attributes == given and list(m.attributes) == list(given)
    reordered = {"full_name": "Poland", "source": "ner"}
    assert list(extracted(reordered).attributes) == ["full_name", "source"]
    assert list(Mention.model_validate_json(m.model_dump_json()).attributes) == list(given)
    assert placed({}).attributes == {} == extracted({}).attributes
