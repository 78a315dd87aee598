"""The store protocols: what a graph backend must do, split into ``GraphReader`` and
``GraphWriter`` (``GraphStore`` is both), and the models they exchange.

A store receives *resolved* data: entities with stable ids, mentions attached to entity ids,
relations with evidence. Writing a document is all-or-nothing and idempotent:

* the same document id again adds nothing;
* a new document id for a ``source`` the store already has replaces the old version's
  mentions and evidence (entities and relations left with no support are removed).

**What is the backend's job and what is shared.** A backend stores and finds; it decides
nothing about what the data means. Every rule both backends apply lives once in
``schema/views.py`` and a backend calls it:

========================================  ============================================
rule                                      ``schema.views``
========================================  ============================================
what readers see of an entity             ``entity_view`` (from the base + mention texts)
the forms an entity is searched by        ``search_forms`` / ``indexed_forms``
a second write of an entity; retyping     ``upsert_base``, ``new_base``, ``check_retype``
one edge per (source, target, type)       ``canonical_relation``
evidence merging and relation confidence  ``merge_relation``, ``with_evidence``, ``aggregate_confidence``
the order of an entity's relations        ``relation_rank``
a batch that must not be written          ``check_batch``
merges                                    ``check_mergeable``, ``absorb``, ``reattach``, ``merge_record``
splits                                    ``check_split``, ``split_base``, ``split_relation``, ``split_record``
neighbourhoods and shortest paths         ``hop_distances``, ``shortest_routes`` (over a backend's step)
========================================  ============================================

Search ranking is ``kg.search.NameIndex``'s (a backend may only pick candidates), and a
query's alternative spellings come from a ``QueryKeys`` function given to the backend (the
resolver's ``search_keys``, which the CLI and the API hand to ``kg.store.open_store``):
stores do not import the resolver. What remains for the backend is translation: keeping each entity's base, mentions
(in insertion order) and merge history, each relation with its evidence, the documents, and
answering the lookups below; plus durability (``commit``) and its own failure modes
(``ping``). docs/architecture.md lists the files a new backend touches.

Example::

    store = NetworkXGraphStore(data_dir)
    store.write_document(batch)
    store.commit()                    # durable from here on
    store.get_entity("ent:...")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from schema.types import Document, Entity, EntityType, Mention, MergeRecord, Relation, RelationType

__all__ = [
    "Direction",
    "DocumentBatch",
    "GraphReader",
    "GraphStore",
    "GraphWriter",
    "QueryKeys",
    "StoreStats",
    "WriteResult",
]

Direction = Literal["out", "in", "both"]

QueryKeys = Callable[[str], Sequence[str]]
"""A search query's alternative spellings in the other script (``kg.resolve.search_keys``)."""


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
class StoreLifecycle(Protocol):
    """Opening and closing a backend. All methods of every store protocol are synchronous
    and may block."""

    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` when the backend cannot be used."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class GraphWriter(StoreLifecycle, Protocol):
    """Changes to the graph. The backend applies the ``schema.views`` rules named in each
    method and keeps the result; every write is atomic."""

    def commit(self) -> None:
        """Make every write so far durable (atomic snapshot for NetworkX)."""
        ...

    def write_document(self, batch: DocumentBatch) -> WriteResult:
        """Store one document's batch (``check_batch`` first; ``upsert_base`` per entity,
        ``canonical_relation`` + ``merge_relation`` per relation); see the module docstring
        for idempotence and replacement by source."""
        ...

    def delete_document(self, document_id: str) -> bool:
        """Remove only what came from that document (``with_evidence`` on its relations).
        False when it was not stored."""
        ...

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        """Update names, aliases, keys and attributes of existing entities (or add them):
        ``upsert_base``."""
        ...

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        """Move ``other``'s mentions, aliases, keys and relations onto ``keep``
        (``check_mergeable``, ``absorb``, ``reattach``, ``merge_record``); the kept view."""
        ...

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        """Move the mentions whose surface form is ``alias`` (and the evidence that came from
        them) to ``new_entity`` (``check_split``, ``split_base``, ``split_relation``,
        ``split_record``); the new entity's view."""
        ...


@runtime_checkable
class GraphReader(StoreLifecycle, Protocol):
    """Lookups. Entities come back as ``entity_view`` computes them."""

    def get_document(self, document_id: str) -> Document | None: ...

    def document_by_source(self, source: str) -> Document | None: ...

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]:
        """Ordered by (title, id)."""
        ...

    def document_entities(self, document_id: str) -> list[str]:
        """Ids of the entities mentioned in a document, sorted."""
        ...

    def document_relations(self, document_id: str) -> list[str]:
        """Ids of the relations with evidence from a document, sorted."""
        ...

    def get_entity(self, entity_id: str) -> Entity | None: ...

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        """Batch lookup in the order given (for DataLoaders)."""
        ...

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Blocking-key index lookup: key -> ids of entities carrying it."""
        ...

    def find_by_name(self, name: str) -> list[str]:
        """Ids of entities one of whose ``search_forms`` equals ``name`` (normalised)."""
        ...

    def search_entities(
        self,
        query: str,
        types: Sequence[EntityType] | None = None,
        limit: int = 20,
    ) -> list[tuple[str, float]]:
        """Ranked (entity id, score in 0..1) over names and aliases in either script: exact
        beats prefix beats substring beats fuzzy; ties broken by mention count
        (``kg.search.NameIndex`` over ``search_forms``, with the query's ``QueryKeys``)."""
        ...

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        """Ordered by (document id, start, end)."""
        ...

    def merges_of(self, entity_id: str) -> list[MergeRecord]:
        """The entity's resolution history, oldest first."""
        ...

    def get_relation(self, relation_id: str) -> Relation | None: ...

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]: ...

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        """Ordered by ``relation_rank``."""
        ...

    def neighbors(
        self,
        entity_id: str,
        depth: int = 1,
        types: Sequence[RelationType] | None = None,
    ) -> list[tuple[str, int]]:
        """(entity id, hop distance) for every entity within ``depth`` hops, either direction,
        nearest first; the start entity is not included (``hop_distances``)."""
        ...

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        """All shortest undirected paths as lists of relations, empty when none within
        ``max_hops`` (``shortest_routes``)."""
        ...

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]: ...

    def iter_relations(self) -> Iterator[Relation]: ...

    def stats(self) -> StoreStats: ...


@runtime_checkable
class GraphStore(GraphReader, GraphWriter, Protocol):
    """Where the graph lives: a backend that both reads and writes (every ``kg`` command and
    the API take one)."""
