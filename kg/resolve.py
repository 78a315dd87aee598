"""Entity resolution: decide, for each mention of a document, which stored entity it is or
that it is new. Runs in memory before anything is written, so it serves every store.

The ``Resolver`` protocol is what the pipeline calls. ``ExactNameResolver`` is the simplest real
resolver (type + normalised surface form); the cross-lingual resolver builds on the same
protocol.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from kg.store.base import GraphStore
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, stable_id

__all__ = ["Resolver", "Resolution", "ExactNameResolver", "normalize_name", "entity_id_for"]


class Resolution(BaseModel):
    """One entity id per mention (same order), the entities to upsert, and why."""

    model_config = ConfigDict(extra="forbid")

    entity_ids: list[str]
    entities: list[Entity] = Field(default_factory=list)
    merges: list[MergeRecord] = Field(default_factory=list)


@runtime_checkable
class Resolver(Protocol):
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution: ...


def normalize_name(text: str) -> str:
    """NFKC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def entity_id_for(type: EntityType, canonical_key: str) -> str:
    return stable_id(type.value, canonical_key, prefix="ent:")


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


class ExactNameResolver:
    """Same type and same normalised name -> same entity."""

    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution:
        keys = [f"{m.type.value}|{normalize_name(m.text)}" for m in mentions]
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
                    name_ko=mention.text if _is_hangul(mention.text) else "",
                    name_en="" if _is_hangul(mention.text) else mention.text,
                    keys=[key],
                )
                merges.append(
                    MergeRecord(entity_id=entity_id, alias=mention.text, reason="new", score=1.0, document_id=document.id)
                )
        return Resolution(entity_ids=ids, entities=list(entities.values()), merges=merges)
