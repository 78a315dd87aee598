"""A mention candidate (:class:`Cand`) and what the passes share about candidates: the NER and
gazetteer labels kept and the type each gives, the vote weights, and small word sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.en.lexicon import NOT_ENTITY
from schema.types import AttrValue, EntityType

__all__ = [
    "DETERMINERS",
    "GAZ_PRIORITY",
    "GAZ_TYPES",
    "NER_TYPES",
    "ORGS",
    "PLACE_LABELS",
    "POSSESSIVES",
    "ROLE_PREPS",
    "RULER_NAME",
    "SPANS_KEY",
    "SPEECH_VERBS",
    "W_GAZ",
    "W_LINK",
    "W_NER",
    "W_RULE",
    "Cand",
]

SPANS_KEY = "kg_gaz"
RULER_NAME = "kg_gazetteer"

# NER labels we keep, and the type each gives when nothing better is known. FAC (airports,
# bridges, roads, buildings) is a place: with the work and event filters below it raises
# Re-DocRED's place F1 (0.666 -> 0.679) and misses few companies.
NER_TYPES = {
    "ORG": EntityType.COMPANY,
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
GAZ_TYPES = {
    "COMPANY": EntityType.COMPANY,
    "ORGANIZATION": EntityType.ORGANIZATION,
    "PLACE": EntityType.PLACE,
}
PLACE_LABELS = {"GPE", "LOC"}
# When one span is listed under two labels, the more specific one wins.
GAZ_PRIORITY = {NOT_ENTITY: 0, "COMPANY": 1, "ORGANIZATION": 2, "PLACE": 3}

# Vote weights: a gazetteer entry outweighs any number of model guesses; a name rule (suffix,
# keyword) or a short-form link outweighs a few.
W_GAZ = 100.0
W_LINK = 20.0
W_RULE = 5.0
W_NER = 1.0
DETERMINERS = {"the", "a", "an"}
# verbs whose subject, named by NER as a person, is no city ("Bolton said")
SPEECH_VERBS = frozenset({"say", "tell", "add", "ask", "urge", "deny", "insist", "warn", "argue", "claim"})
POSSESSIVES = {"'s", "’s", "'", "’", "´s", "`s", "¡¯s", "¡¯"}
ORGS = (EntityType.COMPANY, EntityType.ORGANIZATION)
ROLE_PREPS = {"of", "at", "for"}


@dataclass
class Cand:
    """A mention candidate over tokens [start, end) of the doc."""

    start: int
    end: int
    label: str  # NER label or gazetteer label
    source: str  # "gazetteer", "ner" or "document"
    type: EntityType | None = None
    weight: float = 0.0
    attrs: dict[str, AttrValue] = field(default_factory=dict)
    title_start: int = -1  # first token of a title kept out of the name, -1 if none
    context_type: EntityType | None = None  # what the sentence says it is ("X is a city")
