"""The embedded store: a networkx ``MultiDiGraph`` kept in memory and persisted to one file in
the data directory.

Durability: ``commit()`` writes a complete snapshot to a temporary file, fsyncs it and renames
it over the previous one, then fsyncs the directory. A process killed at any moment therefore
leaves either the previous snapshot or the new one on disk, never a torn file. Only one
process may write a data directory at a time (an advisory lock is taken on first write).

Example::

    store = NetworkXGraphStore(Path("data"))
    store.write_document(batch)
    store.commit()
"""

from __future__ import annotations

import fcntl
import os
import pickle
import tempfile
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from kg.search import NameIndex
from kg.store.base import Direction, DocumentBatch, StoreStats, WriteResult, partition_evidence
from schema.errors import NotFoundError, StoreError
from schema.text import has_hangul, normalize_name
from schema.types import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    MergeRecord,
    Relation,
    RelationType,
    may_retype,
)

__all__ = ["NetworkXGraphStore", "aggregate_confidence"]

FORMAT_VERSION = 1
GRAPH_FILE = "graph.pickle"
MentionKey = tuple[str, int, int]


def aggregate_confidence(evidence: Sequence[Evidence]) -> float:
    """Noisy-or over independent pieces of evidence, capped below certainty."""
    miss = 1.0
    for ev in evidence:
        miss *= 1.0 - min(max(ev.confidence, 0.0), 0.99)
    return round(min(1.0 - miss, 0.999), 4)




def _canonical(relation: Relation) -> Relation:
    if relation.type.symmetric and relation.target < relation.source:
        return relation.model_copy(update={"source": relation.target, "target": relation.source})
    return relation


class NetworkXGraphStore:
    """GraphStore on networkx, persisted as an atomic snapshot in ``data_dir``."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / GRAPH_FILE
        self._lock = threading.RLock()
        self._writer_lock: TextIO | None = None
        self._dirty = False
        self._loaded_mtime: float | None = None
        self._reset()
        self._load()

    # -- state -----------------------------------------------------------------------------
    def _reset(self) -> None:
        self.G: nx.MultiDiGraph = nx.MultiDiGraph()
        self.documents: dict[str, Document] = {}
        self.sources: dict[str, str] = {}
        self.doc_entities: dict[str, set[str]] = defaultdict(set)
        self.doc_relations: dict[str, set[str]] = defaultdict(set)
        self.rel_ends: dict[str, tuple[str, str]] = {}
        self.key_index: dict[str, set[str]] = defaultdict(set)
        self.merges: dict[str, list[MergeRecord]] = defaultdict(list)
        self._names: NameIndex | None = None

    def _state(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "G": self.G,
            "documents": self.documents,
            "sources": self.sources,
            "doc_entities": dict(self.doc_entities),
            "doc_relations": dict(self.doc_relations),
            "rel_ends": self.rel_ends,
            "key_index": dict(self.key_index),
            "merges": dict(self.merges),
        }

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            with self.path.open("rb") as fh:
                state = pickle.load(fh)
        except Exception as exc:  # a foreign or damaged file: say which, don't guess
            raise StoreError(f"cannot read graph snapshot {self.path}: {exc}") from exc
        if not isinstance(state, dict) or state.get("version") != FORMAT_VERSION:
            raise StoreError(f"{self.path} is not a kg graph snapshot of format {FORMAT_VERSION}")
        self.G = state["G"]
        self.documents = state["documents"]
        self.sources = state["sources"]
        self.doc_entities = defaultdict(set, state["doc_entities"])
        self.doc_relations = defaultdict(set, state["doc_relations"])
        self.rel_ends = state["rel_ends"]
        self.key_index = defaultdict(set, state["key_index"])
        self.merges = defaultdict(list, state["merges"])
        self._names = None
        self._loaded_mtime = self.path.stat().st_mtime

    def refresh(self) -> bool:
        """Reload if another process committed a newer snapshot (readers such as the API
        server call this); unsaved local writes win. True when reloaded."""
        with self._lock:
            if self._dirty or not self.path.exists():
                return False
            mtime = self.path.stat().st_mtime
            if self._loaded_mtime is not None and mtime <= self._loaded_mtime:
                return False
            self._reset()
            self._load()
            return True

    # -- lifecycle -------------------------------------------------------------------------
    def ping(self) -> None:
        if self.data_dir.exists() and not os.access(self.data_dir, os.W_OK):
            raise StoreError(f"data directory {self.data_dir} is not writable")

    def close(self) -> None:
        with self._lock:
            if self._dirty:
                self.commit()
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None

    def _acquire_writer(self) -> None:
        if self._writer_lock is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fh = (self.data_dir / ".writer.lock").open("w")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise StoreError(
                f"another kg process is writing {self.data_dir}; wait for it or use another --data-dir"
            ) from exc
        self._writer_lock = fh
        # temp files of a writer that was killed mid-commit; we hold the lock, so none is live
        for stale in self.data_dir.glob(".graph-*.tmp"):
            stale.unlink(missing_ok=True)

    def commit(self) -> None:
        with self._lock:
            if not self._dirty and self.path.exists():
                return
            self._acquire_writer()
            fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=self.data_dir)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(self._state(), fh, protocol=pickle.HIGHEST_PROTOCOL)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            dir_fd = os.open(self.data_dir, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
            self._dirty = False
            self._loaded_mtime = self.path.stat().st_mtime

    # -- entity helpers --------------------------------------------------------------------
    def _node(self, entity_id: str) -> dict[str, Any]:
        try:
            node: dict[str, Any] = self.G.nodes[entity_id]
        except KeyError:
            raise NotFoundError(f"no entity {entity_id!r}") from None
        return node

    def _upsert_entity(self, entity: Entity) -> bool:
        """Add or update an entity's explicit fields; True when it is new."""
        if entity.id not in self.G:
            self.G.add_node(
                entity.id,
                entity=entity.model_copy(update={"aliases": list(entity.aliases), "mention_count": 0}),
                mentions={},
            )
            for key in entity.keys:
                self.key_index[key].add(entity.id)
            self._touch(entity.id)
            return True
        node = self._node(entity.id)
        old: Entity = node["entity"]
        if old.type != entity.type and not may_retype(old, entity):
            raise StoreError(f"entity {entity.id} is a {old.type.value}, not a {entity.type.value}")
        keys = list(dict.fromkeys([*old.keys, *entity.keys]))
        for key in entity.keys:
            self.key_index[key].add(entity.id)
        node["entity"] = old.model_copy(
            update={
                "type": entity.type,
                "name": entity.name or old.name,
                "name_en": entity.name_en or old.name_en,
                "name_ko": entity.name_ko or old.name_ko,
                "aliases": list(dict.fromkeys([*old.aliases, *entity.aliases])),
                "keys": keys,
                "attributes": {**old.attributes, **entity.attributes},
            }
        )
        self._touch(entity.id)
        return False

    def _touch(self, entity_id: str) -> None:
        self.G.nodes[entity_id].pop("view", None)
        if self._names is not None:
            self._names.add(entity_id, *self._search_forms(entity_id))

    def _search_forms(self, entity_id: str) -> tuple[list[str], list[str]]:
        """(names, search keys) for the name index: the names and the surface forms seen in
        documents, then every other alias (gazetteer and dictionary variants)."""
        view = self._view(entity_id)
        mentions: dict[MentionKey, Mention] = self.G.nodes[entity_id]["mentions"]
        seen = dict.fromkeys(m.text for m in mentions.values())  # distinct: each is normalised
        return [view.name, view.name_en, view.name_ko, *seen], view.aliases

    def _view(self, entity_id: str) -> Entity:
        """The entity as readers see it: explicit names, else the most frequent surface form
        per script; aliases are explicit ones plus every surface form, most frequent first."""
        node = self._node(entity_id)
        cached: Entity | None = node.get("view")
        if cached is not None:
            return cached
        base: Entity = node["entity"]
        mentions: dict[MentionKey, Mention] = node["mentions"]
        counts = Counter(m.text for m in mentions.values())
        surfaces = [text for text, _ in counts.most_common()]
        name_en = base.name_en or next((s for s in surfaces if not has_hangul(s)), "")
        name_ko = base.name_ko or next((s for s in surfaces if has_hangul(s)), "")
        aliases = list(dict.fromkeys(a for a in [*base.aliases, *surfaces] if a))
        view = base.model_copy(
            update={
                "name": base.name or name_en or name_ko,
                "name_en": name_en,
                "name_ko": name_ko,
                "aliases": aliases,
                "mention_count": len(mentions),
            }
        )
        node["view"] = view
        return view

    def _remove_entity(self, entity_id: str) -> None:
        base: Entity = self.G.nodes[entity_id]["entity"]
        for key in base.keys:
            ids = self.key_index.get(key)
            if ids is not None:
                ids.discard(entity_id)
                if not ids:
                    del self.key_index[key]
        for _, _, rid in list(self.G.in_edges(entity_id, keys=True)) + list(self.G.out_edges(entity_id, keys=True)):
            self.rel_ends.pop(rid, None)
        self.G.remove_node(entity_id)
        self.merges.pop(entity_id, None)
        if self._names is not None:
            self._names.remove(entity_id)

    # -- relation helpers ------------------------------------------------------------------
    def _edge(self, relation_id: str) -> Relation | None:
        ends = self.rel_ends.get(relation_id)
        if ends is None:
            return None
        data = self.G.get_edge_data(ends[0], ends[1], key=relation_id)
        if data is None:
            return None
        relation: Relation = data["relation"]
        return relation

    def _add_relation(self, relation: Relation) -> bool:
        """Merge a relation into the graph (evidence by key); True when the edge is new."""
        relation = _canonical(relation)
        rid = Relation.make_id(relation.source, relation.target, relation.type)
        existing = self._edge(rid)
        if existing is None:
            evidence = list({ev.key: ev for ev in relation.evidence}.values())
            stored = relation.model_copy(
                update={
                    "id": rid,
                    "evidence": evidence,
                    "confidence": aggregate_confidence(evidence) or relation.confidence,
                }
            )
            self.G.add_edge(relation.source, relation.target, key=rid, relation=stored)
            self.rel_ends[rid] = (relation.source, relation.target)
            new = True
        else:
            merged = {ev.key: ev for ev in existing.evidence}
            merged.update({ev.key: ev for ev in relation.evidence})
            evidence = list(merged.values())
            stored = existing.model_copy(
                update={
                    "evidence": evidence,
                    "attributes": {**existing.attributes, **relation.attributes},
                    "confidence": aggregate_confidence(evidence) or max(existing.confidence, relation.confidence),
                }
            )
            self.G.edges[relation.source, relation.target, rid]["relation"] = stored
            new = False
        for ev in relation.evidence:
            self.doc_relations[ev.document_id].add(rid)
        return new

    def _set_evidence(self, relation: Relation, evidence: list[Evidence]) -> None:
        ends = self.rel_ends[relation.id]
        if not evidence:
            self.G.remove_edge(ends[0], ends[1], key=relation.id)
            del self.rel_ends[relation.id]
            return
        self.G.edges[ends[0], ends[1], relation.id]["relation"] = relation.model_copy(
            update={"evidence": evidence, "confidence": aggregate_confidence(evidence)}
        )

    # -- writes ----------------------------------------------------------------------------
    def write_document(self, batch: DocumentBatch) -> WriteResult:
        with self._lock:
            doc = batch.document
            if doc.id in self.documents:
                return WriteResult(written=False)
            # validate before touching anything so a bad batch leaves the graph as it was
            known = {e.id for e in batch.entities}
            for entity_id, mention in batch.mentions:
                if entity_id not in known and entity_id not in self.G:
                    raise StoreError(f"mention {mention.text!r} points at unknown entity {entity_id}")
                if mention.document_id != doc.id:
                    raise StoreError(f"mention {mention.text!r} belongs to {mention.document_id}, not {doc.id}")
            for relation in batch.relations:
                for end in (relation.source, relation.target):
                    if end not in known and end not in self.G:
                        raise StoreError(f"relation {relation.type.value} points at unknown entity {end}")
            for entity in batch.entities:
                stored = self.G.nodes[entity.id]["entity"] if entity.id in self.G else None
                if stored is not None and stored.type != entity.type and not may_retype(stored, entity):
                    raise StoreError(f"entity {entity.id} changes type to {entity.type.value}")

            replaced = None
            if doc.source and self.sources.get(doc.source, doc.id) != doc.id:
                replaced = self.sources[doc.source]
                self._delete_document(replaced)
            new_entities = sum(self._upsert_entity(e) for e in batch.entities)
            touched: set[str] = set()
            for entity_id, mention in batch.mentions:
                self.G.nodes[entity_id]["mentions"][mention.key] = mention
                self.doc_entities[doc.id].add(entity_id)
                touched.add(entity_id)
            new_relations = sum(self._add_relation(r) for r in batch.relations)
            for record in batch.merges:
                self.merges[record.entity_id].append(record)
            self.documents[doc.id] = doc
            if doc.source:
                self.sources[doc.source] = doc.id
            for entity_id in touched:
                self._touch(entity_id)
            self._dirty = True
            return WriteResult(written=True, replaced=replaced, new_entities=new_entities, new_relations=new_relations)

    def delete_document(self, document_id: str) -> bool:
        with self._lock:
            if document_id not in self.documents:
                return False
            self._delete_document(document_id)
            self._dirty = True
            return True

    def _delete_document(self, document_id: str) -> None:
        for rid in self.doc_relations.pop(document_id, set()):
            relation = self._edge(rid)
            if relation is not None:
                self._set_evidence(relation, [ev for ev in relation.evidence if ev.document_id != document_id])
        for entity_id in self.doc_entities.pop(document_id, set()):
            if entity_id not in self.G:
                continue
            mentions: dict[MentionKey, Mention] = self.G.nodes[entity_id]["mentions"]
            for key in [k for k in mentions if k[0] == document_id]:
                del mentions[key]
            if mentions:
                self._touch(entity_id)
            else:
                self._remove_entity(entity_id)
        doc = self.documents.pop(document_id)
        if doc.source and self.sources.get(doc.source) == document_id:
            del self.sources[doc.source]

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        with self._lock:
            for entity in entities:
                self._upsert_entity(entity)
            self._dirty = True

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        with self._lock:
            if keep_id == other_id:
                raise StoreError("cannot merge an entity with itself")
            keep, other = self._node(keep_id), self._node(other_id)
            keep_base: Entity = keep["entity"]
            other_base: Entity = other["entity"]
            if (keep_base.type == EntityType.PERSON) != (other_base.type == EntityType.PERSON):
                raise StoreError(
                    f"a {keep_base.type.value} cannot merge with a {other_base.type.value} "
                    f"({keep_base.name!r}, {other_base.name!r})"
                )
            self._upsert_entity(
                keep_base.model_copy(
                    update={
                        "name_en": keep_base.name_en or other_base.name_en,
                        "name_ko": keep_base.name_ko or other_base.name_ko,
                        "aliases": [*keep_base.aliases, *other_base.aliases],
                        "keys": [*keep_base.keys, *other_base.keys],
                    }
                )
            )
            moved: dict[MentionKey, Mention] = other["mentions"]
            keep["mentions"].update(moved)
            for doc_id, _, _ in moved:
                self.doc_entities[doc_id].add(keep_id)
            relations = [
                d["relation"]
                for _, _, d in [*self.G.out_edges(other_id, data=True), *self.G.in_edges(other_id, data=True)]
            ]
            history = self.merges.get(other_id, [])
            self._remove_entity(other_id)
            for relation in relations:
                source = keep_id if relation.source == other_id else relation.source
                target = keep_id if relation.target == other_id else relation.target
                if source != target:  # a relation between the two merged halves means nothing
                    self._add_relation(relation.model_copy(update={"source": source, "target": target}))
            self.merges[keep_id].extend(history)
            self.merges[keep_id].append(record.model_copy(update={"entity_id": keep_id, "other_entity_id": other_id}))
            self._touch(keep_id)
            self._dirty = True
            return self._view(keep_id)

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        with self._lock:
            node = self._node(entity_id)
            if new_entity.id in self.G:
                raise StoreError(f"entity {new_entity.id} already exists")
            wanted = normalize_name(alias)
            mentions: dict[MentionKey, Mention] = node["mentions"]
            moved = {k: m for k, m in mentions.items() if normalize_name(m.text) == wanted}
            if not moved and not any(normalize_name(a) == wanted for a in node["entity"].aliases):
                raise NotFoundError(f"entity {entity_id} has no alias {alias!r}")
            if moved and len(moved) == len(mentions):
                raise StoreError(f"every mention of {entity_id} is {alias!r}; nothing would remain")
            base: Entity = node["entity"]
            new_keys = set(new_entity.keys)
            for key in new_keys & set(base.keys):
                self.key_index[key].discard(entity_id)
            node["entity"] = base.model_copy(
                update={
                    "aliases": [a for a in base.aliases if normalize_name(a) != wanted],
                    "keys": [k for k in base.keys if k not in new_keys],
                    "name": "" if normalize_name(base.name) == wanted else base.name,
                    "name_en": "" if normalize_name(base.name_en) == wanted else base.name_en,
                    "name_ko": "" if normalize_name(base.name_ko) == wanted else base.name_ko,
                }
            )
            self._upsert_entity(new_entity)
            for mkey, mention in moved.items():
                del mentions[mkey]
                self.G.nodes[new_entity.id]["mentions"][mkey] = mention
                self.doc_entities[mkey[0]].add(new_entity.id)
            # evidence read off a moved mention moves with it
            moved_spans = {(k[0], k[1], k[2]) for k in moved}
            for _, _, data in [*self.G.out_edges(entity_id, data=True), *self.G.in_edges(entity_id, data=True)]:
                relation: Relation = data["relation"]
                keep_ev, move_src, move_tgt = partition_evidence(relation, entity_id, moved_spans)
                if move_src or move_tgt:
                    self._set_evidence(relation, keep_ev)
                    for evs, update in ((move_src, {"source": new_entity.id}), (move_tgt, {"target": new_entity.id})):
                        if evs:
                            self._add_relation(relation.model_copy(update={**update, "evidence": evs}))
            self.merges[new_entity.id].append(
                MergeRecord(entity_id=new_entity.id, alias=alias, reason="split", score=1.0, other_entity_id=entity_id)
            )
            self._touch(entity_id)
            self._touch(new_entity.id)
            self._dirty = True
            return self._view(new_entity.id)

    # -- reads -----------------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document | None:
        return self.documents.get(document_id)

    def document_by_source(self, source: str) -> Document | None:
        doc_id = self.sources.get(source)
        return None if doc_id is None else self.documents.get(doc_id)

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]:
        with self._lock:
            docs = sorted(self.documents.values(), key=lambda d: (d.title, d.id))
            return docs[offset : offset + limit]

    def document_entities(self, document_id: str) -> list[str]:
        with self._lock:
            return sorted(e for e in self.doc_entities.get(document_id, set()) if e in self.G)

    def document_relations(self, document_id: str) -> list[str]:
        with self._lock:
            return sorted(r for r in self.doc_relations.get(document_id, set()) if r in self.rel_ends)

    def get_entity(self, entity_id: str) -> Entity | None:
        with self._lock:
            return self._view(entity_id) if entity_id in self.G else None

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        with self._lock:
            return [self._view(e) if e in self.G else None for e in entity_ids]

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        with self._lock:
            return {k: sorted(self.key_index[k]) for k in keys if self.key_index.get(k)}

    def _name_index(self) -> NameIndex:
        if self._names is None:
            index = NameIndex()
            for entity_id in self.G:
                index.add(entity_id, *self._search_forms(entity_id))
            self._names = index
        return self._names

    def find_by_name(self, name: str) -> list[str]:
        with self._lock:
            return sorted(self._name_index().exact(name))

    def search_entities(
        self, query: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[tuple[str, float]]:
        with self._lock:
            allowed = set(types) if types else None
            extra: list[str] = []
            search_keys = _search_keys()
            if search_keys is not None:
                extra = list(search_keys(query))
            return self._name_index().search(
                query,
                limit=limit,
                accept=None if allowed is None else (lambda e: self.G.nodes[e]["entity"].type in allowed),
                popularity=lambda e: len(self.G.nodes[e]["mentions"]),
                extra_forms=extra,
            )

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        with self._lock:
            if entity_id not in self.G:
                return []
            mentions = sorted(self.G.nodes[entity_id]["mentions"].values(), key=lambda m: m.key)
            return mentions if limit is None else mentions[:limit]

    def merges_of(self, entity_id: str) -> list[MergeRecord]:
        with self._lock:
            return list(self.merges.get(entity_id, []))

    def get_relation(self, relation_id: str) -> Relation | None:
        with self._lock:
            return self._edge(relation_id)

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]:
        with self._lock:
            return [self._edge(r) for r in relation_ids]

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        with self._lock:
            if entity_id not in self.G:
                return []
            wanted = set(types) if types else None
            edges: list[Any] = []
            if direction in ("out", "both"):
                edges.extend(self.G.out_edges(entity_id, data=True))
            if direction in ("in", "both"):
                edges.extend(self.G.in_edges(entity_id, data=True))
            seen: dict[str, Relation] = {}
            for _, _, data in edges:
                relation: Relation = data["relation"]
                if wanted is None or relation.type in wanted:
                    seen[relation.id] = relation
            return sorted(seen.values(), key=lambda r: (-r.confidence, r.type.value, r.id))

    def _adjacent(self, entity_id: str, wanted: set[RelationType] | None) -> Iterator[tuple[str, Relation]]:
        for _, other, data in self.G.out_edges(entity_id, data=True):
            if wanted is None or data["relation"].type in wanted:
                yield other, data["relation"]
        for other, _, data in self.G.in_edges(entity_id, data=True):
            if wanted is None or data["relation"].type in wanted:
                yield other, data["relation"]

    def neighbors(
        self, entity_id: str, depth: int = 1, types: Sequence[RelationType] | None = None
    ) -> list[tuple[str, int]]:
        with self._lock:
            if entity_id not in self.G:
                return []
            wanted = set(types) if types else None
            dist = {entity_id: 0}
            queue = deque([entity_id])
            while queue:
                current = queue.popleft()
                if dist[current] >= depth:
                    continue
                for other, _ in self._adjacent(current, wanted):
                    if other not in dist:
                        dist[other] = dist[current] + 1
                        queue.append(other)
            del dist[entity_id]
            return sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        with self._lock:
            if source_id not in self.G or target_id not in self.G or source_id == target_id:
                return []
            # breadth-first from the source, keeping every predecessor on a shortest route
            preds: dict[str, list[tuple[str, Relation]]] = {source_id: []}
            frontier = [source_id]
            hops = 0
            while frontier and target_id not in preds and hops < max_hops:
                hops += 1
                level: dict[str, list[tuple[str, Relation]]] = {}
                for current in frontier:
                    best: dict[str, Relation] = {}
                    for other, relation in self._adjacent(current, None):
                        if other in preds:
                            continue
                        if other not in best or relation.confidence > best[other].confidence:
                            best[other] = relation
                    for other, relation in best.items():
                        level.setdefault(other, []).append((current, relation))
                preds.update(level)
                frontier = list(level)
            if target_id not in preds:
                return []
            paths: list[list[Relation]] = []

            def walk(node: str, tail: list[Relation]) -> None:
                if len(paths) >= 20:
                    return
                if node == source_id:
                    paths.append(list(reversed(tail)))
                    return
                for prev, relation in preds[node]:
                    walk(prev, [*tail, relation])

            walk(target_id, [])
            return paths

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]:
        wanted = set(types) if types else None
        with self._lock:
            ids = list(self.G)
        for entity_id in ids:
            with self._lock:
                if entity_id not in self.G:
                    continue
                view = self._view(entity_id)
            if wanted is None or view.type in wanted:
                yield view

    def iter_relations(self) -> Iterator[Relation]:
        with self._lock:
            ids = list(self.rel_ends)
        for rid in ids:
            with self._lock:
                relation = self._edge(rid)
            if relation is not None:
                yield relation

    def stats(self) -> StoreStats:
        with self._lock:
            by_type = Counter(d["entity"].type.value for _, d in self.G.nodes(data=True))
            rel_types = Counter(d["relation"].type.value for _, _, d in self.G.edges(data=True))
            langs = Counter(d.language for d in self.documents.values())
            return StoreStats(
                documents=len(self.documents),
                entities=self.G.number_of_nodes(),
                relations=self.G.number_of_edges(),
                mentions=sum(len(d["mentions"]) for _, d in self.G.nodes(data=True)),
                entities_by_type=dict(by_type),
                relations_by_type=dict(rel_types),
                documents_by_language=dict(langs),
            )


def _search_keys() -> Any:
    """The resolver's cross-script query keys (romanised/phonetic forms), when it has them."""
    from kg import resolve

    return getattr(resolve, "search_keys", None)
