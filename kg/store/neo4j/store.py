"""``Neo4jGraphStore``: the GraphStore protocol on a Bolt server, each method a translation
handed to the module that does it (``edits`` writes, ``reads`` and ``names`` look up,
``traversal`` walks); the rules themselves are ``schema.views``'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from kg.config import Settings
from kg.store.base import Direction, DocumentBatch, QueryKeys, StoreStats, WriteResult
from kg.store.neo4j import cypher, edits, names, reads, traversal
from kg.store.neo4j.codec import Row
from kg.store.neo4j.connection import Connection, ServerKind, Tx
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, Relation, RelationType

__all__ = ["Neo4jGraphStore"]

T = TypeVar("T")


class Neo4jGraphStore:
    """GraphStore on a Neo4j 5 server (or any Bolt server running the portable subset).

    ``query_keys`` gives a search query's alternative spellings in the other script (the
    resolver's ``search_keys``, handed over by ``kg.store.open_store``); without it a search
    matches the query as written only.

    Example::

        store = Neo4jGraphStore(settings)      # connects lazily
        store.ping()                           # StoreUnavailableError when down / bad password
        store.search_entities("아마존")
    """

    def __init__(self, settings: Settings, query_keys: QueryKeys | None = None) -> None:
        self._conn = Connection(settings)
        self.uri = self._conn.uri
        self.user = self._conn.user
        self.database = self._conn.database
        self.query_keys = query_keys

    # -- lifecycle and schema --------------------------------------------------------------
    def ping(self) -> None:
        self._conn.ping()

    def close(self) -> None:
        self._conn.close()

    def commit(self) -> None:
        """Nothing to do: every write is its own committed transaction."""

    def server_kind(self) -> ServerKind:
        """ "neo4j" for a real Neo4j, "other" for Bolt servers without Neo4j's procedures."""
        return self._conn.server_kind()

    def init_schema(self) -> list[str]:
        """Create constraints and indexes if missing (idempotent); the statements run."""
        done = []
        if self.server_kind() == "neo4j":
            for name, statement in cypher.NEO4J_ONLY.items():
                if statement.startswith("CREATE"):
                    self._conn.execute(statement)
                    done.append(name)
            return done
        existing = {(row["label"], prop) for row in self._read("CALL db.indexes()") for prop in row["properties"]}
        for label, prop, statement in cypher.PORTABLE_INDEXES:
            if (label, prop) not in existing:
                self._conn.execute(statement)
                done.append(f"{label}.{prop}")
        return done

    def clear(self) -> None:
        """Delete the whole graph (tests, ``kg neo4j push --replace``)."""
        self._conn.execute("MATCH (n) DETACH DELETE n")

    # -- raw access (tests and the analyst queries of docs/neo4j.md) ------------------------
    def _run(self, work: Callable[[Tx], T], write: bool = False, limit: float | None = None) -> T:
        return self._conn.run(work, write=write, limit=limit)

    def _read(self, query: str, **params: Any) -> list[Row]:
        return self._conn.read(query, **params)

    def _execute(self, statement: str) -> None:
        self._conn.execute(statement)

    # -- writes ----------------------------------------------------------------------------
    def write_document(self, batch: DocumentBatch) -> WriteResult:
        return edits.write_document(self._conn, batch)

    def delete_document(self, document_id: str) -> bool:
        return edits.delete_document(self._conn, document_id)

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        edits.upsert_entities(self._conn, entities)

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        return edits.merge_entities(self._conn, keep_id, other_id, record)

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        return edits.split_entity(self._conn, entity_id, alias, new_entity)

    def append_merges(self, entity_id: str, records: Sequence[MergeRecord]) -> None:
        """Add records to an entity's resolution history as they are (``kg neo4j push`` copies
        the history an entity inherited from merged ones this way)."""
        edits.append_merges(self._conn, entity_id, records)

    # -- reads -----------------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document | None:
        return reads.get_document(self._conn, document_id)

    def document_by_source(self, source: str) -> Document | None:
        return reads.document_by_source(self._conn, source)

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]:
        return reads.list_documents(self._conn, offset, limit)

    def document_entities(self, document_id: str) -> list[str]:
        return reads.document_entities(self._conn, document_id)

    def document_relations(self, document_id: str) -> list[str]:
        return reads.document_relations(self._conn, document_id)

    def get_entity(self, entity_id: str) -> Entity | None:
        return reads.get_entities(self._conn, [entity_id])[0]

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        return reads.get_entities(self._conn, entity_ids)

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        return reads.find_by_keys(self._conn, keys)

    def find_by_name(self, name: str) -> list[str]:
        return names.find_by_name(self._conn, name)

    def search_entities(
        self, query: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[tuple[str, float]]:
        return names.search_entities(self._conn, query, types, limit, self.query_keys)

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        return reads.mentions_of(self._conn, entity_id, limit)

    def merges_of(self, entity_id: str) -> list[MergeRecord]:
        return reads.merges_of(self._conn, entity_id)

    def get_relation(self, relation_id: str) -> Relation | None:
        return reads.get_relations(self._conn, [relation_id])[0]

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]:
        return reads.get_relations(self._conn, relation_ids)

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        return reads.relations_of(self._conn, entity_id, direction, types)

    def neighbors(
        self, entity_id: str, depth: int = 1, types: Sequence[RelationType] | None = None
    ) -> list[tuple[str, int]]:
        return traversal.neighbors(self._conn, entity_id, depth, types)

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        return traversal.shortest_paths(self._conn, source_id, target_id, max_hops)

    def shortest_paths_neo4j(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[str]]:
        """Node-id routes from Neo4j's ``allShortestPaths`` (real Neo4j only)."""
        return traversal.shortest_paths_neo4j(self._conn, source_id, target_id, max_hops)

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]:
        return reads.iter_entities(self._conn, types)

    def iter_relations(self) -> Iterator[Relation]:
        return reads.iter_relations(self._conn)

    def stats(self) -> StoreStats:
        return reads.stats(self._conn)
