"""The reads of the embedded store (``NetworkXGraphStore``), over the snapshot it holds:
names, keys, views and traversal from the in-memory graph; documents, mentions, evidence and
history from the SQLite file, in the same read transaction, so one answer never mixes two
commits.

Example::

    store = NetworkXGraphStore(Path("data"))   # inherits these
    store.neighbors("ent:...", depth=2)
"""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from kg.search import NameIndex
from kg.store.base import Direction, DocumentBatch, QueryKeys, StoreStats
from kg.store.embedded import tables
from kg.store.embedded.memory import MemoryGraph
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, Relation, RelationType
from schema.views import Step, hop_distances, relation_rank, shortest_routes

__all__ = ["EmbeddedReads"]

_ITER_CHUNK = 500


class EmbeddedReads:
    """The GraphStore read methods; the store supplies the snapshot (``_db``) and views."""

    _lock: threading.RLock
    _mem: MemoryGraph
    _names: NameIndex | None
    _query_keys: QueryKeys | None

    def _db(self) -> sqlite3.Connection | None:
        raise NotImplementedError

    def _view(self, entity_id: str) -> Entity:
        raise NotImplementedError

    def _search_forms(self, entity_id: str) -> tuple[list[str], list[str]]:
        raise NotImplementedError

    def _hydrate(self, relations: Sequence[Relation]) -> list[Relation]:
        """Relations with their evidence, read from the snapshot."""
        conn = self._db()
        if conn is None or not relations:
            return list(relations)
        evidence = tables.evidence_of(conn, [r.id for r in relations])
        return [r.model_copy(update={"evidence": evidence[r.id]}) for r in relations]

    def get_document(self, document_id: str) -> Document | None:
        with self._lock:
            conn = self._db()
            return None if conn is None else tables.get_document(conn, document_id)

    def document_by_source(self, source: str) -> Document | None:
        with self._lock:
            conn = self._db()
            return None if conn is None else tables.document_by_source(conn, source)

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]:
        with self._lock:
            conn = self._db()
            if conn is None:
                return []
            rows = conn.execute("SELECT body FROM documents ORDER BY title, id LIMIT ? OFFSET ?", (limit, offset))
            return [Document.model_validate_json(body) for (body,) in rows]

    def document_entities(self, document_id: str) -> list[str]:
        with self._lock:
            conn = self._db()
            if conn is None:
                return []
            rows = conn.execute("SELECT DISTINCT entity_id FROM mentions WHERE document_id=?", (document_id,))
            return sorted(e for (e,) in rows if e in self._mem.G)

    def document_relations(self, document_id: str) -> list[str]:
        with self._lock:
            conn = self._db()
            if conn is None:
                return []
            return sorted(r for r in tables.document_relation_ids(conn, document_id) if r in self._mem.rel_ends)

    def document_batch(self, document_id: str) -> DocumentBatch | None:
        """What one document contributed, as the batch that would write it again: its
        mentions, the evidence it gave each relation, the merge records it made, and the
        entities these touch (``kg neo4j push`` streams the graph this way)."""
        with self._lock:
            conn = self._db()
            doc = None if conn is None else tables.get_document(conn, document_id)
            if conn is None or doc is None:
                return None
            mentions = [(e, m) for e, m, _ in tables.document_mentions(conn, document_id) if e in self._mem.G]
            relations = []
            for rid, evidence in tables.document_evidence(conn, document_id).items():
                relation = self._mem.relation(rid)
                if relation is not None:
                    relations.append(relation.model_copy(update={"evidence": evidence}))
            ids = list(dict.fromkeys([e for e, _ in mentions] + [x for r in relations for x in (r.source, r.target)]))
            return DocumentBatch(
                document=doc,
                entities=[self._view(e).model_copy(update={"mention_count": 0}) for e in ids],
                mentions=mentions,
                relations=relations,
                merges=tables.document_merges(conn, document_id),
            )

    def history_merges(self) -> Iterator[tuple[str, list[MergeRecord]]]:
        """Per entity, the merge records no document of its own made: manual merges and splits,
        and the history it inherited from entities merged into it."""
        with self._lock:
            conn = self._db()
            rows = (
                []
                if conn is None
                else conn.execute(
                    "SELECT entity_id, body FROM merges WHERE document_id = '' "
                    "OR json_extract(body, '$.entity_id') != entity_id ORDER BY entity_id, ord"
                ).fetchall()
            )
        grouped: dict[str, list[MergeRecord]] = {}
        for entity_id, body in rows:
            grouped.setdefault(entity_id, []).append(MergeRecord.model_validate_json(body))
        yield from grouped.items()

    def get_entity(self, entity_id: str) -> Entity | None:
        with self._lock:
            self._db()
            return self._view(entity_id) if entity_id in self._mem.G else None

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        with self._lock:
            self._db()
            return [self._view(e) if e in self._mem.G else None for e in entity_ids]

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        with self._lock:
            conn = self._db()
            if conn is None:
                return {}
            found = tables.find_keys(conn, keys)
            return {k: found[k] for k in keys if k in found}

    def _name_index(self) -> NameIndex:
        if self._names is None:
            index = NameIndex()
            for entity_id in self._mem.G:
                index.add(entity_id, *self._search_forms(entity_id))
            self._names = index
        return self._names

    def find_by_name(self, name: str) -> list[str]:
        with self._lock:
            self._db()
            return sorted(self._name_index().exact(name))

    def search_entities(
        self, query: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[tuple[str, float]]:
        with self._lock:
            self._db()
            allowed = set(types) if types else None
            nodes = self._mem.G.nodes
            query_keys = self._query_keys
            return self._name_index().search(
                query,
                limit=limit,
                accept=None if allowed is None else (lambda e: nodes[e]["entity"].type in allowed),
                popularity=lambda e: int(nodes[e]["count"]),
                extra_forms=list(query_keys(query)) if query_keys is not None else [],
            )

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        with self._lock:
            conn = self._db()
            if conn is None or entity_id not in self._mem.G:
                return []
            return tables.entity_mentions(conn, entity_id, limit)

    def merges_of(self, entity_id: str) -> list[MergeRecord]:
        with self._lock:
            conn = self._db()
            return [] if conn is None else tables.merges_of(conn, entity_id)

    def get_relation(self, relation_id: str) -> Relation | None:
        return self.get_relations([relation_id])[0]

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]:
        with self._lock:
            self._db()
            found = [self._mem.relation(r) for r in relation_ids]
            full = {r.id: r for r in self._hydrate([r for r in found if r is not None])}
            return [None if r is None else full[r.id] for r in found]

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        with self._lock:
            self._db()
            G = self._mem.G
            if entity_id not in G:
                return []
            wanted = set(types) if types else None
            edges: list[Any] = []
            if direction in ("out", "both"):
                edges.extend(G.out_edges(entity_id, data=True))
            if direction in ("in", "both"):
                edges.extend(G.in_edges(entity_id, data=True))
            seen: dict[str, Relation] = {}
            for _, _, data in edges:
                relation: Relation = data["relation"]
                if wanted is None or relation.type in wanted:
                    seen[relation.id] = relation
            ranked = sorted(seen.values(), key=relation_rank)
            return self._hydrate(ranked)

    def _step(self, types: Sequence[RelationType] | None) -> Step:
        """One breadth-first step over the in-memory edges (``schema.views.Step``): (from, to,
        relation id, confidence) for every relation (of ``types``) touching the frontier."""
        G = self._mem.G
        wanted = set(types) if types else None

        def adjacent(frontier: Sequence[str]) -> Iterator[tuple[str, str, str, float]]:
            for current in frontier:
                edges = [
                    *((other, d) for _, other, d in G.out_edges(current, data=True)),
                    *((other, d) for other, _, d in G.in_edges(current, data=True)),
                ]
                for other, data in edges:
                    relation: Relation = data["relation"]
                    if wanted is None or relation.type in wanted:
                        yield current, other, relation.id, relation.confidence

        return adjacent

    def neighbors(
        self, entity_id: str, depth: int = 1, types: Sequence[RelationType] | None = None
    ) -> list[tuple[str, int]]:
        with self._lock:
            self._db()
            if entity_id not in self._mem.G:
                return []
            return hop_distances(entity_id, depth, self._step(types))

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        with self._lock:
            self._db()
            G = self._mem.G
            if source_id not in G or target_id not in G or source_id == target_id:
                return []
            routes = shortest_routes(source_id, target_id, max_hops, self._step(None))
            found = [self._mem.relation(rid) for rid in sorted({rid for route in routes for rid in route})]
            full = {r.id: r for r in self._hydrate([r for r in found if r is not None])}
            return [[full[rid] for rid in route] for route in routes]

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]:
        wanted = set(types) if types else None
        with self._lock:
            self._db()
            ids = list(self._mem.G)
        for entity_id in ids:
            with self._lock:
                if entity_id not in self._mem.G:
                    continue
                view = self._view(entity_id)
            if wanted is None or view.type in wanted:
                yield view

    def iter_relations(self) -> Iterator[Relation]:
        with self._lock:
            self._db()
            ids = list(self._mem.rel_ends)
        for k in range(0, len(ids), _ITER_CHUNK):
            with self._lock:
                found = [r for r in (self._mem.relation(rid) for rid in ids[k : k + _ITER_CHUNK]) if r is not None]
                hydrated = self._hydrate(found)
            yield from hydrated

    def stats(self) -> StoreStats:
        with self._lock:
            conn = self._db()
            G = self._mem.G
            by_type: dict[str, int] = defaultdict(int)
            for _, data in G.nodes(data=True):
                by_type[data["entity"].type.value] += 1
            rel_types: dict[str, int] = defaultdict(int)
            for _, _, data in G.edges(data=True):
                rel_types[data["relation"].type.value] += 1
            langs: dict[str, int] = {}
            if conn is not None:
                langs = dict(conn.execute("SELECT language, count(*) FROM documents GROUP BY language").fetchall())
            return StoreStats(
                documents=sum(langs.values()),
                entities=G.number_of_nodes(),
                relations=G.number_of_edges(),
                mentions=sum(int(d["count"]) for _, d in G.nodes(data=True)),
                entities_by_type=dict(by_type),
                relations_by_type=dict(rel_types),
                documents_by_language=langs,
            )
