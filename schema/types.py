"""The one vocabulary every stage shares: entity and relation types, documents, mentions,
entities, relations and their evidence.

Data flows text -> extract -> resolve -> store -> query/export, and each stage speaks these
models. They forbid unknown fields so a typo in one stage fails loudly instead of silently
dropping data in the next.

Example::

    >>> from schema.types import EntityType, RelationType
    >>> EntityType.COMPANY.label("ko")
    '기업'
    >>> RelationType.PARTNERS_WITH.symmetric
    True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, WrapValidator
from typing_extensions import TypedDict

__all__ = [
    "TYPE_GROUP",
    "AttrValue",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "ExtractedMention",
    "ExtractedRelation",
    "Extraction",
    "Language",
    "Mention",
    "MentionAttributes",
    "MentionFlags",
    "MergeRecord",
    "Relation",
    "RelationType",
    "document_id_for",
    "stable_id",
]

Language = Literal["en", "ko"]
AttrValue = str | bool | int | float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MentionAttributes(TypedDict, total=False):
    """What an extractor (or the pipeline) says about a mention beyond its span and type.
    Every key is optional; an unknown key or a value of the wrong type is rejected when a
    ``Mention`` or ``ExtractedMention`` is built (pydantic), and a mistyped literal key is a
    mypy error. The keys are those ``kg extract --jsonl`` writes under ``attributes``.

    To add a flag: declare it here with its type, and say who sets it and who reads it.
    """

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    # who found the mention: "ner", "gazetteer", "nested", "candidate" (en); "model",
    # "lexicon", "rule", "document" (ko); "graph" once the resolver typed a candidate
    source: str
    # Korean: what typed a model's span ("span_typer", "dictionary", "title", "speaker",
    # "government", "hanja_suffix"); the resolver trusts "" and "span_typer" least
    typed_by: str
    within: str  # the longer mention this one is nested in ("미국 캘리포니아")
    role: str  # Korean: the type a name plays before 관계자/측 ("Organization")
    full_name: str  # the name the mention stands for (Polish -> Poland, Merkel -> Angela Merkel)
    alias_of: int  # index of the mention this one is a parenthesised alias of
    title: str  # a title stripped off a person ("Chancellor")
    former: bool  # the title was a former one
    demonym: str  # Korean: the demonym a place was read from ("영국인")
    demonym_of: str  # English: the country an adjective names (Polish -> Poland)
    people: bool  # English: the demonym names the people ("the Koreans")
    party_of: str  # English: the party an adjective names ("Democratic" -> Democratic Party)
    government_of: str  # the leader a government is named after ("노무현" of "노무현 정부")
    corporate_form: str  # Korean: the legal form written beside the name ("(주)")
    compound: str  # Korean: the compound a one-syllable place was read from ("북핵")
    credit: bool  # Korean: the mention is inside a photo credit
    candidate: bool  # pipeline: a word no model typed, for the resolver to look up


def _keep_order(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    """Validate as ``MentionAttributes`` but keep the keys in the order they were given (a
    TypedDict validator would put them in declaration order, and the JSON output keeps the
    extractor's order)."""
    validated = handler(value)
    if isinstance(value, Mapping) and isinstance(validated, dict):
        return {k: validated[k] for k in value if k in validated}
    return validated


MentionFlags = Annotated[MentionAttributes, WrapValidator(_keep_order)]


class EntityType(StrEnum):
    """What kind of thing an entity is. Values are the labels used in GraphML and Neo4j."""

    COMPANY = "Company"
    PERSON = "Person"
    PLACE = "Place"
    ORGANIZATION = "Organization"  # non-company bodies: ministries, central banks, regulators

    def label(self, lang: Language = "en") -> str:
        return _ENTITY_LABELS[self][0 if lang == "en" else 1]


# Company and Organization share a group: Korean rules may call 공정위 a Company where English
# calls the Fair Trade Commission an Organization. A Person never shares a group with anything.
# Names of different groups never merge; a type correction within a group changes little.
TYPE_GROUP: dict[EntityType, str] = {
    EntityType.COMPANY: "O",
    EntityType.ORGANIZATION: "O",
    EntityType.PERSON: "P",
    EntityType.PLACE: "L",
}

_ENTITY_LABELS: dict[EntityType, tuple[str, str]] = {
    EntityType.COMPANY: ("company", "기업"),
    EntityType.PERSON: ("person", "인물"),
    EntityType.PLACE: ("place", "장소"),
    EntityType.ORGANIZATION: ("organization", "기관"),
}


class RelationType(StrEnum):
    """Typed, directed relations (source -> target). Symmetric ones are stored with the
    smaller entity id as source so both directions collapse into one edge."""

    PARTNERS_WITH = "PARTNERS_WITH"  # company <-> company (symmetric)
    MERGED_WITH = "MERGED_WITH"  # company <-> company (symmetric)
    ACQUIRED = "ACQUIRED"  # acquirer -> acquired
    INVESTED_IN = "INVESTED_IN"  # investor -> investee
    SUBSIDIARY_OF = "SUBSIDIARY_OF"  # child -> parent (unit, subsidiary, affiliate)
    OPERATED_BY = "OPERATED_BY"  # business/service -> operator
    CEO_OF = "CEO_OF"  # person -> organization (CEO, chief executive, president, 사장, 대표)
    CHAIR_OF = "CHAIR_OF"  # person -> organization (chairman, 회장)
    FOUNDER_OF = "FOUNDER_OF"  # person -> organization
    LEADER_OF = "LEADER_OF"  # person -> organization/place (minister, head of, leader of)
    WORKS_FOR = "WORKS_FOR"  # person -> organization (spokesperson, analyst, reporter, ...)
    MEMBER_OF = "MEMBER_OF"  # organization -> organization
    HEADQUARTERED_IN = "HEADQUARTERED_IN"  # organization -> place
    LOCATED_IN = "LOCATED_IN"  # organization/place -> place

    @property
    def symmetric(self) -> bool:
        return self in (RelationType.PARTNERS_WITH, RelationType.MERGED_WITH)

    def label(self, lang: Language = "en") -> str:
        return _RELATION_LABELS[self][0 if lang == "en" else 1]


_RELATION_LABELS: dict[RelationType, tuple[str, str]] = {
    RelationType.PARTNERS_WITH: ("partners with", "협력"),
    RelationType.MERGED_WITH: ("merged with", "합병"),
    RelationType.ACQUIRED: ("acquired", "인수"),
    RelationType.INVESTED_IN: ("invested in", "투자"),
    RelationType.SUBSIDIARY_OF: ("subsidiary of", "자회사"),
    RelationType.OPERATED_BY: ("operated by", "운영사"),
    RelationType.CEO_OF: ("chief executive of", "대표"),
    RelationType.CHAIR_OF: ("chair of", "회장"),
    RelationType.FOUNDER_OF: ("founder of", "창업자"),
    RelationType.LEADER_OF: ("leader of", "수장"),
    RelationType.WORKS_FOR: ("works for", "소속"),
    RelationType.MEMBER_OF: ("member of", "회원"),
    RelationType.HEADQUARTERED_IN: ("headquartered in", "본사 소재지"),
    RelationType.LOCATED_IN: ("located in", "소재"),
}


def stable_id(*parts: str, prefix: str = "") -> str:
    """A deterministic short id from its parts (NFC-normalised), so that every store and every
    re-ingestion agrees on it."""
    key = "\x1f".join(unicodedata.normalize("NFC", p) for p in parts)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def document_id_for(content_sha256: str) -> str:
    """Documents are identified by a hash of their (decoded, normalised) text."""
    return f"doc:{content_sha256[:24]}"


class Document(_Strict):
    """One ingested text. ``id`` comes from a hash of its content, so re-ingesting the same
    text is a no-op; ``source`` (path or URL) lets a changed version replace the old one."""

    id: str
    title: str = ""
    source: str = ""
    language: str = "en"  # "en", "ko" or "mixed"
    date: dt.date | None = None
    char_count: int = 0
    content_sha256: str = ""


class ExtractedMention(_Strict):
    """What an extractor found, with offsets relative to the text it was given."""

    start: int
    end: int
    text: str
    type: EntityType
    confidence: float = 1.0
    sentence_start: int = 0
    sentence_end: int = 0
    # e.g. {"title": "President"} when a title was stripped, or {"alias_of": 3} for a
    # parenthesised alias pointing at another mention index
    attributes: MentionFlags = Field(default_factory=lambda: MentionAttributes())


class ExtractedRelation(_Strict):
    """A relation between two mentions of the same extraction (indexes into ``mentions``)."""

    source: int
    target: int
    type: RelationType
    confidence: float
    rule: str
    # evidence span, relative to the text given to the extractor (usually the sentence)
    start: int
    end: int
    attributes: dict[str, AttrValue] = Field(default_factory=dict)  # title, former, ...


class Extraction(_Strict):
    """The result of one ``Extractor.extract(text)`` call."""

    language: Language
    extractor: str
    mentions: list[ExtractedMention] = Field(default_factory=list)
    relations: list[ExtractedRelation] = Field(default_factory=list)
    # words no model or rule typed that may still name an entity the graph knows ("Clemens
    # said" after "Roger Clemens" in another document); their type is a placeholder. The
    # pipeline hands them to the resolver, which keeps only those naming a stored entity.
    candidates: list[ExtractedMention] = Field(default_factory=list)


class Mention(_Strict):
    """A mention placed in a document: offsets are into the document's text."""

    document_id: str
    start: int
    end: int
    text: str
    type: EntityType
    sentence: str
    sentence_start: int
    sentence_end: int
    language: Language
    extractor: str
    confidence: float = 1.0
    attributes: MentionFlags = Field(default_factory=lambda: MentionAttributes())

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.document_id, self.start, self.end)


class Evidence(_Strict):
    """Why a relation is believed: the sentence that says so and who read it there."""

    document_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    start: int  # evidence span in the document (covers both mentions)
    end: int
    language: Language
    extractor: str
    rule: str
    confidence: float
    # document offsets of the two mentions, so a split can move exactly this evidence
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.document_id, self.start, self.end, self.rule)


class Entity(_Strict):
    """A real-world thing, in both languages. ``aliases`` holds every surface form seen plus
    dictionary names; ``mention_count`` counts stored mentions."""

    id: str
    type: EntityType
    name: str
    name_en: str = ""
    name_ko: str = ""
    aliases: list[str] = Field(default_factory=list)
    mention_count: int = 0
    # blocking keys written by the resolver so candidates can be found without a full scan
    keys: list[str] = Field(default_factory=list)
    attributes: dict[str, AttrValue] = Field(default_factory=dict)


# Entity attribute set by the resolver: True while the entity's type comes from mentions that
# only a statistical model typed (spaCy's NER, the Korean CRF, with no rule, gazetteer or title
# behind them). Such a type may be corrected once: a store takes a new type for a stored entity
# only when the stored entity says True here and the update says False (``may_retype``).
TYPE_FROM_MODEL = "type_from_model"


def may_retype(stored: Entity, update: Entity) -> bool:
    """Whether ``update`` may change the type of ``stored``: a type only a model gave, which a
    mention typed with evidence corrects (see ``TYPE_FROM_MODEL``)."""
    return stored.attributes.get(TYPE_FROM_MODEL) is True and update.attributes.get(TYPE_FROM_MODEL) is False


class Relation(_Strict):
    """A typed edge between two entities, with every piece of evidence for it."""

    id: str
    source: str
    target: str
    type: RelationType
    confidence: float
    attributes: dict[str, AttrValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)

    @staticmethod
    def make_id(source: str, target: str, type: RelationType) -> str:
        if type.symmetric and target < source:
            source, target = target, source
        return stable_id(source, type.value, target, prefix="r:")

    @property
    def documents(self) -> list[str]:
        return sorted({ev.document_id for ev in self.evidence})

    @property
    def best_evidence(self) -> Evidence | None:
        return max(self.evidence, key=lambda ev: ev.confidence, default=None)


class MergeRecord(_Strict):
    """Why a surface form was attached to an entity (resolution audit trail)."""

    entity_id: str
    alias: str
    reason: str  # "exact", "dictionary", "transliteration", "translation", "acronym", "context", "manual"
    score: float
    document_id: str = ""
    other_entity_id: str = ""  # for manual merges: the entity merged away
