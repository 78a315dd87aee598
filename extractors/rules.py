"""What the relation pattern stages share: patterns held as data, matched over a parsed text whose
mentions are already decided.

Each language has its own stage (``extractors.en.relations``: spaCy patterns held as data; the
Korean rules and the KLUE-RE pair model). This module holds what the pattern stages share: the
pattern rows read from a data file (:class:`PatternRow`), what the stage needs to know of a
mention (:class:`MentionLike`) and one found relation (:class:`Found`).

Example::

    rows = load_rows(Path("extractors/en/relations/patterns.yaml"))
    rows[0].rule, rows[0].type                     # ('place_chain', RelationType.LOCATED_IN)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from schema.types import AttrValue, EntityType, RelationType

__all__ = [
    "COREF_FACTOR",
    "COREF_SUFFIX",
    "TITLE",
    "Found",
    "MentionLike",
    "PatternRow",
    "load_rows",
    "through_coreference",
]

# ``type: title`` in a pattern row: the relation type comes from the title words matched.
TITLE = "title"

# A relation read through coreference ("it", "the company", 이 회사, 그) in either language: its
# rule is the rule's name with this suffix, at this share of the rule's confidence.
COREF_SUFFIX = "+coref"
COREF_FACTOR = 0.85


def through_coreference(rule: str, confidence: float) -> tuple[str, float]:
    """The rule name and confidence of a relation a rule read through coreference.

    >>> rule, confidence = through_coreference("verb_acquire", 0.8)
    >>> rule, round(confidence, 3)
    ('verb_acquire+coref', 0.68)
    """
    return rule + COREF_SUFFIX, confidence * COREF_FACTOR


class MentionLike(Protocol):
    """What the relation stage reads of a mention: its tokens [start, end), type and attributes
    (``demonym_of``, ``party_of``, ``title`` ...); ``title_start`` is the first token of a title
    kept out of the name (-1 if none)."""

    start: int
    end: int
    type: EntityType | None
    attrs: dict[str, AttrValue]
    title_start: int


@dataclass(frozen=True)
class PatternRow:
    """One named rule of a patterns file (see the header of ``extractors/en/relations/patterns.yaml``)."""

    rule: str
    type: RelationType | str  # a RelationType, or TITLE
    confidence: float
    source: str | int
    target: str | int
    source_types: frozenset[EntityType]
    target_types: frozenset[EntityType]
    checks: tuple[str, ...] = ()
    tokens: list[list[dict[str, Any]]] = field(default_factory=list)
    dependency: list[list[dict[str, Any]]] = field(default_factory=list)


@dataclass
class Found:
    """A relation found by the stage, between mention indexes."""

    source: int
    target: int
    type: RelationType
    confidence: float
    rule: str
    attrs: dict[str, AttrValue] = field(default_factory=dict)
    # the tokens the pattern matched for each end (for an end read by coreference, the pronoun
    # or noun, not the antecedent), where the modality filter reads the path between them
    anchors: tuple[int, int] | None = None


def load_rows(path: Path) -> list[PatternRow]:
    """Read a patterns file; a row naming an unknown type or neither kind of pattern fails."""
    with path.open(encoding="utf-8") as fh:
        # libyaml's safe loader when PyYAML has it: the same data, 7x faster (0.1 s of every start)
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    rows: list[PatternRow] = []
    for item in raw:
        rtype = item["type"]
        row = PatternRow(
            rule=str(item["rule"]),
            type=TITLE if rtype == TITLE else RelationType(rtype),
            confidence=float(item["confidence"]),
            source=item["source"],
            target=item["target"],
            source_types=frozenset(EntityType(t) for t in item["source_types"]),
            target_types=frozenset(EntityType(t) for t in item["target_types"]),
            checks=tuple(item.get("checks", ())),
            tokens=list(item.get("tokens", [])),
            dependency=list(item.get("dependency", [])),
        )
        if not row.tokens and not row.dependency:
            raise ValueError(f"{path}: rule {row.rule!r} has no tokens or dependency patterns")
        if not 0 < row.confidence <= 1:
            raise ValueError(f"{path}: rule {row.rule!r} has confidence {row.confidence}")
        rows.append(row)
    return rows
