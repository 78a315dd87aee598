"""The GraphStore protocol: one interface, two implementations (NetworkX on disk, Neo4j).

A store receives *resolved* data: entities with stable ids, mentions attached to entity ids,
relations with evidence. Writing a document is all-or-nothing and idempotent:

* the same document id again adds nothing;
* a new document id for a ``source`` the store already has replaces the old version's
  mentions and evidence (entities and relations left with no support are removed).

Example::

    store = NetworkXGraphStore(data_dir)
    store.write_document(batch)
    store.commit()                    # durable from here on
    store.get_entity("ent:...")
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from schema.types import Document, Entity, EntityType, Evidence, Mention, MergeRecord, Relation, RelationType

__all__ = ["Direction", "DocumentBatch", "GraphStore", "StoreStats", "WriteResult"]

Direction = Literal["out", "in", "both"]


def partition_evidence(
    relation: Relation, entity_id: str, moved_spans: set[tuple[str, int, int]]
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """For a split: (evidence that stays, evidence whose *source* mention moved, evidence
    whose *target* mention moved), given the moved mentions as (document, start, end)."""
    keep: list[Evidence] = []
    move_src: list[Evidence] = []
    move_tgt: list[Evidence] = []
    for ev in relation.evidence:
        src = ev.source_span and (ev.document_id, *ev.source_span)
        tgt = ev.target_span and (ev.document_id, *ev.target_span)
        if relation.source == entity_id and src in moved_spans:
            move_src.append(ev)
        elif relation.target == entity_id and tgt in moved_spans:
            move_tgt.append(ev)
        else:
            keep.append(ev)
    return keep, move_src, move_tgt


class DocumentBatch(BaseModel):
    """Everything one document contributes, already resolved."""

    model_config = ConfigDict(extra="forbid")

    document: Document
    entities: list[Entity] = Field(default_factory=list)  # upserted: names, keys, aliases
    mentions: list[tuple[str, Mention]] = Field(default_factory=list)  # (entity_id, mention)
    relations: list[Relation] = Field(default_factory=list)  # evidence from this document
    merges: list[MergeRecord] = Field(default_factory=list)


class WriteResult(BaseModel):
    written: bool  # False when the document was already stored (idempotent no-op)
    replaced: str | None = None  # id of the previous version of the same source, if any
    new_entities: int = 0
    new_relations: int = 0


class StoreStats(BaseModel):
    documents: int = 0
    entities: int = 0
    relations: int = 0
    mentions: int = 0
    entities_by_type: dict[str, int] = Field(default_factory=dict)
    relations_by_type: dict[str, int] = Field(default_factory=dict)
    documents_by_language: dict[str, int] = Field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    """Where the graph lives. All methods are synchronous and may block."""

    # -- lifecycle -------------------------------------------------------------------------
    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` when the backend cannot be used."""
        ...

    def close(self) -> None: ...

    def commit(self) -> None:
        """Make every write so far durable (atomic snapshot for NetworkX)."""
        ...

    # -- writes ----------------------------------------------------------------------------
    def write_document(self, batch: DocumentBatch) -> WriteResult: ...

    def delete_document(self, document_id: str) -> bool:
        """Remove only what came from that document. False when it was not stored."""
        ...

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        """Update names, aliases, keys and attributes of existing entities (or add them)."""
        ...

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        """Move ``other``'s mentions, aliases, keys and relations onto ``keep``."""
        ...

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        """Move the mentions whose surface form is ``alias`` (and the evidence that came from
        them) to ``new_entity``."""
        ...

    # -- reads -----------------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document | None: ...

    def document_by_source(self, source: str) -> Document | None: ...

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]: ...

    def document_entities(self, document_id: str) -> list[str]:
        """Ids of the entities mentioned in a document."""
        ...

    def document_relations(self, document_id: str) -> list[str]:
        """Ids of the relations with evidence from a document."""
        ...

    def get_entity(self, entity_id: str) -> Entity | None: ...

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        """Batch lookup in the order given (for DataLoaders)."""
        ...

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Blocking-key index lookup: key -> ids of entities carrying it."""
        ...

    def find_by_name(self, name: str) -> list[str]:
        """Ids of entities whose name or an alias equals ``name`` (case-insensitive)."""
        ...

    def search_entities(
        self,
        query: str,
        types: Sequence[EntityType] | None = None,
        limit: int = 20,
    ) -> list[tuple[str, float]]:
        """Ranked (entity id, score in 0..1) over names and aliases in either script: exact
        beats prefix beats substring beats fuzzy; ties broken by mention count."""
        ...

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]: ...

    def merges_of(self, entity_id: str) -> list[MergeRecord]: ...

    def get_relation(self, relation_id: str) -> Relation | None: ...

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]: ...

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]: ...

    def neighbors(
        self,
        entity_id: str,
        depth: int = 1,
        types: Sequence[RelationType] | None = None,
    ) -> list[tuple[str, int]]:
        """(entity id, hop distance) for every entity within ``depth`` hops, either direction,
        nearest first; the start entity is not included."""
        ...

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        """All shortest undirected paths as lists of relations, empty when none within
        ``max_hops``."""
        ...

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]: ...

    def iter_relations(self) -> Iterator[Relation]: ...

    def stats(self) -> StoreStats: ...
