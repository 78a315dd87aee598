"""What every resolver shares: the ``Resolver`` protocol the pipeline calls, the
``Resolution`` it returns, entity ids, and ``ExactNameResolver``, the simplest real resolver
(type + normalised surface form).

Example::

    >>> entity_id_for(EntityType.PLACE, "country:KR")
    'ent:165a97a603855a47'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from kg.store.base import GraphStore
from schema.keys import BlockingKey
from schema.text import has_hangul, normalize_name
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, stable_id

__all__ = [
    "Candidate",
    "ExactNameResolver",
    "Resolution",
    "Resolver",
    "document_suffix",
    "entity_id_for",
    "entity_names",
]


class Resolution(BaseModel):
    """One entity id per mention (same order), the entities to upsert, and why."""

    model_config = ConfigDict(extra="forbid")

    entity_ids: list[str]
    entities: list[Entity] = Field(default_factory=list)
    merges: list[MergeRecord] = Field(default_factory=list)
    # candidate mentions (attribute ``candidate``): the type each takes from the entity it
    # names, by mention index; a candidate that names no stored entity gets the id "" and is
    # dropped by the pipeline
    types: dict[int, EntityType] = Field(default_factory=dict)


@runtime_checkable
class Resolver(Protocol):
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution: ...


@lru_cache(maxsize=131072)
def entity_id_for(type: EntityType, canonical_key: str) -> str:
    return stable_id(type.value, canonical_key, prefix="ent:")


def document_suffix(document: Document) -> str:
    """A short, stable piece of the document id, for ids that must stay within one document."""
    return document.id.split(":")[-1][:8]


def entity_names(entity: Entity) -> list[str]:
    """Every name of an entity, official names first, without repeats."""
    return [n for n in dict.fromkeys([entity.name, entity.name_en, entity.name_ko, *entity.aliases]) if n]


@dataclass(frozen=True)
class Candidate:
    """A stored (or this document's) entity a mention may be, with how sure and why."""

    entity_id: str
    score: float
    reason: str


class ExactNameResolver:
    """Same type and same normalised name -> same entity."""

    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution:
        keys = [str(BlockingKey(m.type.value, None, normalize_name(m.text))) for m in mentions]
        found = store.find_by_keys(sorted(set(keys)))
        ids: list[str] = []
        entities: dict[str, Entity] = {}
        merges: list[MergeRecord] = []
        for mention, key in zip(mentions, keys, strict=True):
            existing = found.get(key) or []
            entity_id = existing[0] if existing else entity_id_for(mention.type, normalize_name(mention.text))
            ids.append(entity_id)
            if not existing and entity_id not in entities:
                entities[entity_id] = Entity(
                    id=entity_id,
                    type=mention.type,
                    name=mention.text,
                    name_ko=mention.text if has_hangul(mention.text) else "",
                    name_en="" if has_hangul(mention.text) else mention.text,
                    keys=[key],
                )
                merges.append(
                    MergeRecord(
                        entity_id=entity_id, alias=mention.text, reason="new", score=1.0, document_id=document.id
                    )
                )
        return Resolution(entity_ids=ids, entities=list(entities.values()), merges=merges)
