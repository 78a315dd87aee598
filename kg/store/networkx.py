"""The embedded store: a SQLite file in the data directory is the durable graph, a networkx
``MultiDiGraph`` in memory serves traversal (neighbours, paths, export).

Durability: every write of an ingest batch goes into one SQLite transaction (WAL mode), which
``commit()`` ends; a process killed at any instant leaves the last committed batch, never a
torn one. One process writes a data directory at a time (an advisory lock, taken on the first
write); any number read it. A reader holds a read transaction, so everything it serves comes
from one snapshot, and ``refresh()`` moves it to the newest commit by re-reading only the
entities and relations the commits in between changed (the ``changes`` table).

Mentions and evidence (the sentences) stay on disk and are read when asked for; memory holds
entities, their surface forms and edges. docs/storage.md has the whole model.

What the data means (views, upserts, evidence merging, merges and splits, walks) is decided by
``schema.views``, as for Neo4j; this module and ``kg.store.embedded`` only translate between
those rules and the SQLite rows and networkx nodes.

Example::

    store = NetworkXGraphStore(Path("data"))
    store.write_document(batch)
    store.commit()
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

import networkx as nx

from kg.search import NameIndex
from kg.store.base import DocumentBatch, QueryKeys, WriteResult
from kg.store.embedded import legacy, tables
from kg.store.embedded.memory import MemoryGraph
from kg.store.embedded.reads import EmbeddedReads
from kg.store.embedded.schema import DB_FILE, SCHEMA_VERSION, connect, migrate, schema_version
from schema.errors import NotFoundError, StoreError
from schema.types import Entity, Mention, MergeRecord, Relation
from schema.views import (
    SpanKey,
    absorb,
    alias_matches,
    canonical_relation,
    check_batch,
    check_mergeable,
    check_split,
    entity_view,
    merge_record,
    merge_relation,
    new_base,
    reattach,
    search_forms,
    split_base,
    split_record,
    split_relation,
    upsert_base,
    with_evidence,
)

__all__ = ["NetworkXGraphStore"]

_KEEP_CHANGES = 200_000  # change-log rows kept; a reader further behind reloads everything
Mode = Literal["idle", "read", "write"]


def _surface_texts(forms: dict[str, list[int]]) -> list[str]:
    """The distinct surface forms of a node's ``surfaces`` (text -> [count, first arrival]),
    in the order they were first stored."""
    return sorted(forms, key=lambda text: forms[text][1])


class NetworkXGraphStore(EmbeddedReads):
    """GraphStore on SQLite (durable) and networkx (in memory), in ``data_dir``."""

    def __init__(self, data_dir: Path | str, query_keys: QueryKeys | None = None) -> None:
        self.data_dir = Path(data_dir)
        # a search query's spellings in the other script (the resolver's ``search_keys``, given
        # by whoever opens the store: the stores do not import the resolver)
        self._query_keys = query_keys
        self.path = self.data_dir / DB_FILE
        self._lock = threading.RLock()
        self._writer_lock: TextIO | None = None
        self._conn: sqlite3.Connection | None = None
        self._mode: Mode = "idle"
        self._seq = 0  # the last change-log entry the memory reflects
        self._ord = 0  # arrival counter of mentions and evidence
        self._changed: dict[tuple[str, str], None] = {}
        self._mem = MemoryGraph()
        self._names: NameIndex | None = None
        self._closed = False  # closed once: reads reconnect on demand
        legacy_path = self.data_dir / legacy.LEGACY_FILE
        if not self.path.exists() and legacy_path.exists():
            self._import_legacy(legacy_path)
        if self.path.exists():
            self._connect()
            self._pin()
            self._full_load()

    @property
    def G(self) -> nx.MultiDiGraph:
        return self._mem.G

    # -- connection, snapshots and the writer lock ------------------------------------------
    def _import_legacy(self, legacy_path: Path) -> None:
        self._acquire_writer()
        if self.path.exists():  # another process imported it while we waited
            return
        print(f"kg: importing {legacy_path} into {self.path} (one time)...", file=sys.stderr)
        report = legacy.import_pickle(legacy_path, self.path)
        print(f"kg: imported {report}; the old file is now {report.kept_as}", file=sys.stderr)

    def _connect(self) -> sqlite3.Connection:
        conn = connect(self.path)
        if schema_version(conn) < SCHEMA_VERSION:
            self._acquire_writer()
            migrate(conn)
        elif schema_version(conn) > SCHEMA_VERSION:
            migrate(conn)  # refuses with the versions named
        self._conn = conn
        return conn

    def _db(self) -> sqlite3.Connection | None:
        """The connection inside a transaction (a pinned snapshot when not writing), or None
        while the data directory has no database yet."""
        if self._conn is None:
            if not self._closed or not self.path.exists():
                return None  # a directory without a database stays empty until refresh()
            self._connect()
            self._pin()
            self._catch_up()
        elif self._mode == "idle":
            self._pin()
            self._catch_up()
        return self._conn

    def _writable(self) -> sqlite3.Connection:
        conn = self._conn
        assert conn is not None and self._mode == "write"
        return conn

    def _pin(self) -> None:
        """Start a read transaction: reads see this snapshot until the next refresh."""
        assert self._conn is not None
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT count(*) FROM meta").fetchone()
        self._mode = "read"

    def _unpin(self) -> None:
        if self._conn is not None and self._mode == "read":
            self._conn.execute("ROLLBACK")
            self._mode = "idle"

    def _full_load(self) -> None:
        assert self._conn is not None
        self._mem.load(self._conn)
        self._names = None
        self._seq = int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])

    def _catch_up(self) -> bool:
        """Apply the commits made since the memory was last in step; True when there were any."""
        conn = self._conn
        assert conn is not None
        if self._seq < tables.get_meta(conn, "changes_floor"):
            self._full_load()
            return True
        last, entity_ids, relation_ids = tables.changes_since(conn, self._seq)
        if last == self._seq:
            return False
        gone = set(self._mem.reload_entities(conn, entity_ids))
        self._mem.reload_relations(conn, relation_ids)
        for entity_id in entity_ids:
            if entity_id in gone:
                if self._names is not None:
                    self._names.remove(entity_id)
            else:
                self._reindex_name(entity_id)
        self._seq = last
        return True

    def refresh(self) -> bool:
        """Move to the newest commit of any process (readers such as the API server call this),
        re-reading only what changed; unsaved local writes win. True when anything changed."""
        with self._lock:
            if self._mode == "write":
                return False
            if self._conn is None:
                if not self.path.exists():
                    return False
                self._connect()
                self._pin()
                self._full_load()
                return True
            self._unpin()
            self._pin()
            return self._catch_up()

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

    def _begin_write(self) -> sqlite3.Connection:
        """Open the batch's write transaction (once per batch) on the newest snapshot."""
        if self._mode == "write":
            return self._writable()
        self._acquire_writer()
        if self._conn is None:
            self._connect()
        self._unpin()
        conn = self._conn
        assert conn is not None
        conn.execute("BEGIN IMMEDIATE")
        self._mode = "write"
        self._catch_up()
        self._ord = tables.get_meta(conn, "ord")
        return conn

    @contextmanager
    def _atomic(self) -> Iterator[sqlite3.Connection]:
        """One write operation inside the batch: when it fails half-way, its rows are rolled
        back to a savepoint and the memory re-read from the transaction, so the batch goes on
        as if it had not been tried."""
        conn = self._begin_write()
        conn.execute("SAVEPOINT operation")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO operation")
            conn.execute("RELEASE operation")
            self._mem.load(conn)
            self._names = None
            raise
        conn.execute("RELEASE operation")

    # -- lifecycle -------------------------------------------------------------------------
    def ping(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"data directory {self.data_dir} is not a directory")
        if self.data_dir.exists() and not os.access(self.data_dir, os.W_OK):
            raise StoreError(f"data directory {self.data_dir} is not writable")

    def close(self) -> None:
        with self._lock:
            if self._mode == "write":
                self.commit()
            self._unpin()
            if self._conn is not None:
                self._conn.close()
                self._conn = None
                self._mode = "idle"
                self._closed = True
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None

    def commit(self) -> None:
        """End the batch's transaction: everything written since the last commit becomes
        durable at once, with one change-log row per entity or relation it touched."""
        with self._lock:
            if self._mode != "write":
                if self._conn is not None:
                    return
                self._begin_write()  # the first commit of a new directory creates the file
            conn = self._writable()
            try:
                tables.set_meta(conn, "ord", self._ord)
                seq = tables.log_changes(conn, self._changed)
                floor = tables.get_meta(conn, "changes_floor")
                if seq - floor > 2 * _KEEP_CHANGES:
                    conn.execute("DELETE FROM changes WHERE seq <= ?", (seq - _KEEP_CHANGES,))
                    tables.set_meta(conn, "changes_floor", seq - _KEEP_CHANGES)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot commit to {self.path}: {exc}") from exc
            self._mode = "idle"
            self._seq = seq
            self._changed = {}
            self._pin()

    # -- entity helpers --------------------------------------------------------------------
    def _node(self, entity_id: str) -> dict[str, Any]:
        try:
            return self._mem.node(entity_id)
        except KeyError:
            raise NotFoundError(f"no entity {entity_id!r}") from None

    def _mark(self, kind: str, item: str) -> None:
        self._changed[(kind, item)] = None

    def _upsert_entity(self, entity: Entity) -> bool:
        """Add or update an entity's explicit fields; True when it is new."""
        conn = self._writable()
        if entity.id not in self._mem.G:
            base = new_base(entity)
            self._mem.add_entity(base)
            tables.put_entity(conn, base)
            self._touch(entity.id)
            return True
        node = self._node(entity.id)
        old: Entity = node["entity"]
        new = upsert_base(old, entity)
        if new != old:
            node["entity"] = new
            tables.put_entity(conn, new)
            self._touch(entity.id)
        return False

    def _touch(self, entity_id: str) -> None:
        self._mark("e", entity_id)
        self._reindex_name(entity_id)

    def _reindex_name(self, entity_id: str) -> None:
        self._mem.G.nodes[entity_id].pop("view", None)
        if self._names is not None:
            self._names.add(entity_id, *self._search_forms(entity_id))

    def _search_forms(self, entity_id: str) -> tuple[list[str], list[str]]:
        """(names, search keys) for the name index (``schema.views.search_forms``)."""
        return search_forms(self._view(entity_id), _surface_texts(self._mem.G.nodes[entity_id]["surfaces"]))

    def _view(self, entity_id: str) -> Entity:
        """The entity as readers see it (``schema.views.entity_view``), cached on the node
        until it changes. Memory keeps each surface form's count and first arrival rather
        than the mentions, which give the same texts in the same order of first arrival."""
        node = self._node(entity_id)
        cached: Entity | None = node.get("view")
        if cached is not None:
            return cached
        forms: dict[str, list[int]] = node["surfaces"]
        texts = [text for text in _surface_texts(forms) for _ in range(forms[text][0])]
        view = entity_view(node["entity"], texts)
        node["view"] = view
        return view

    def _add_mentions(self, mentions: Sequence[tuple[str, Mention]]) -> None:
        conn = self._writable()
        seen: set[tuple[str, str, int, int]] = set()
        touched: dict[str, set[str]] = defaultdict(set)
        for entity_id, mention in mentions:
            self._ord += 1
            tables.insert_mention(conn, entity_id, mention, self._ord)
            if (entity_id, *mention.key) in seen:  # the same mention twice: stored once
                continue
            seen.add((entity_id, *mention.key))
            node = self._mem.node(entity_id)
            counts = node["surfaces"].setdefault(mention.text, [0, self._ord])
            counts[0] += 1
            node["count"] += 1
            touched[entity_id].add(mention.text)
        for entity_id, texts in touched.items():
            forms = self._mem.node(entity_id)["surfaces"]
            for text in texts:
                tables.put_surface(conn, entity_id, text, *forms[text])
            self._touch(entity_id)

    def _drop_mentions(self, entity_id: str, dropped: Sequence[tuple[Mention, int]]) -> None:
        """Remove mentions (with their arrival order) from an entity; the entity goes when
        none remains."""
        conn = self._writable()
        tables.delete_mentions(conn, entity_id, [m.key for m, _ in dropped])
        node = self._mem.node(entity_id)
        forms: dict[str, list[int]] = node["surfaces"]
        firsts: set[str] = set()
        for mention, ord_ in dropped:
            counts = forms[mention.text]
            counts[0] -= 1
            node["count"] -= 1
            if counts[1] == ord_:
                firsts.add(mention.text)
        for text in {m.text for m, _ in dropped}:
            counts = forms[text]
            if counts[0] <= 0:
                del forms[text]
                tables.put_surface(conn, entity_id, text, 0, 0)
                continue
            if text in firsts:
                counts[1] = tables.surface_first(conn, entity_id, text) or counts[1]
            tables.put_surface(conn, entity_id, text, *counts)
        if node["count"] <= 0:
            self._remove_entity(entity_id)
        else:
            self._touch(entity_id)

    def _recount(self, entity_id: str) -> None:
        """Rebuild an entity's surface counts from its mentions (after a merge or a split)."""
        conn = self._writable()
        rows = conn.execute(
            "SELECT text, count(*), min(ord) FROM mentions WHERE entity_id=? GROUP BY text ORDER BY min(ord)",
            (entity_id,),
        ).fetchall()
        conn.execute("DELETE FROM surfaces WHERE entity_id=?", (entity_id,))
        forms = {text: [count, first] for text, count, first in rows}
        for text, (count, first) in forms.items():
            tables.put_surface(conn, entity_id, text, count, first)
        node = self._mem.node(entity_id)
        node["surfaces"] = forms
        node["count"] = sum(count for count, _ in forms.values())
        self._touch(entity_id)

    def _remove_entity(self, entity_id: str) -> None:
        conn = self._writable()
        for rid in self._mem.remove_entity(entity_id):
            tables.delete_relation(conn, rid)
            self._mark("r", rid)
        tables.delete_entity(conn, entity_id)
        self._mark("e", entity_id)
        if self._names is not None:
            self._names.remove(entity_id)

    # -- relation helpers ------------------------------------------------------------------
    def _add_relation(self, relation: Relation) -> bool:
        """Merge a relation into the graph (evidence by key); True when the edge is new."""
        conn = self._writable()
        relation = canonical_relation(relation)
        rid = relation.id
        existing = self._mem.relation(rid)
        if existing is not None:  # its evidence's keys and confidences, from disk
            existing = existing.model_copy(update={"evidence": tables.evidence_stubs(conn, rid)})
        stored = merge_relation(existing, relation)
        for ev in relation.evidence:
            self._ord += 1
            tables.upsert_evidence(conn, rid, ev, self._ord)
        tables.put_relation(conn, stored)
        self._mem.put_relation(stored)
        self._mark("r", rid)
        return existing is None

    def _settle(self, relation_id: str) -> None:
        """After evidence left a relation: its new confidence, or no relation when none is left."""
        conn = self._writable()
        relation = self._mem.relation(relation_id)
        assert relation is not None
        self._mark("r", relation_id)
        stored = with_evidence(relation, tables.evidence_stubs(conn, relation_id))
        if stored is None:
            self._mem.remove_relation(relation_id)
            tables.delete_relation(conn, relation_id)
            return
        tables.put_relation(conn, stored)
        self._mem.put_relation(stored)

    def _edges_of(self, entity_id: str) -> list[Relation]:
        G = self._mem.G
        data = [*G.out_edges(entity_id, data=True), *G.in_edges(entity_id, data=True)]
        return self._hydrate([d["relation"] for _, _, d in data])

    # -- writes ----------------------------------------------------------------------------
    def _validate(self, batch: DocumentBatch) -> None:
        """Check a batch before touching anything (``schema.views.check_batch``), so a bad one
        leaves the graph as it was."""
        nodes = self._mem.G.nodes
        named = [e.id for e in batch.entities] + [e for e, _ in batch.mentions]
        named += [end for r in batch.relations for end in (r.source, r.target)]
        stored = {e: nodes[e]["entity"] for e in named if e in nodes}
        check_batch(batch.document.id, batch.entities, batch.mentions, batch.relations, stored)

    def write_document(self, batch: DocumentBatch) -> WriteResult:
        with self._lock:
            doc = batch.document
            if self.get_document(doc.id) is not None:
                return WriteResult(written=False)
            self._validate(batch)
            with self._atomic() as conn:
                if tables.get_document(conn, doc.id) is not None:  # another process wrote it meanwhile
                    return WriteResult(written=False)
                self._validate(batch)
                return self._write(conn, batch)

    def _write(self, conn: sqlite3.Connection, batch: DocumentBatch) -> WriteResult:
        doc = batch.document
        replaced = None
        previous = tables.document_by_source(conn, doc.source) if doc.source else None
        if previous is not None and previous.id != doc.id:
            replaced = previous.id
            self._delete_document(replaced)
        new_entities = sum(self._upsert_entity(e) for e in batch.entities)
        self._add_mentions(batch.mentions)
        new_relations = sum(self._add_relation(r) for r in batch.relations)
        grouped: dict[str, list[MergeRecord]] = defaultdict(list)
        for record in batch.merges:
            grouped[record.entity_id].append(record)
        for entity_id, records in grouped.items():
            tables.put_merges(conn, entity_id, records)
        tables.put_document(conn, doc)
        return WriteResult(written=True, replaced=replaced, new_entities=new_entities, new_relations=new_relations)

    def delete_document(self, document_id: str) -> bool:
        with self._lock:
            if self.get_document(document_id) is None:
                return False
            with self._atomic() as conn:
                if tables.get_document(conn, document_id) is None:
                    return False
                self._delete_document(document_id)
                return True

    def _delete_document(self, document_id: str) -> None:
        conn = self._writable()
        for rid in tables.document_relation_ids(conn, document_id):
            conn.execute("DELETE FROM evidence WHERE relation_id=? AND document_id=?", (rid, document_id))
            if self._mem.relation(rid) is not None:
                self._settle(rid)
        by_entity: dict[str, list[tuple[Mention, int]]] = defaultdict(list)
        for entity_id, mention, ord_ in tables.document_mentions(conn, document_id):
            by_entity[entity_id].append((mention, ord_))
        for entity_id, dropped in by_entity.items():
            if entity_id in self._mem.G:
                self._drop_mentions(entity_id, dropped)
        tables.delete_document(conn, document_id)

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        with self._lock:
            if not entities:
                return
            self._begin_write()
            for entity in entities:
                self._upsert_entity(entity)

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        with self._lock:
            if keep_id == other_id:
                raise StoreError("cannot merge an entity with itself")
            keep_base: Entity = self._node(keep_id)["entity"]
            other_base: Entity = self._node(other_id)["entity"]
            check_mergeable(keep_base, other_base)
            with self._atomic() as conn:
                self._upsert_entity(absorb(keep_base, other_base))
                moved = tables.mentions_in_order(conn, other_id)
                relations = self._edges_of(other_id)
                history = tables.merges_of(conn, other_id)
                self._remove_entity(other_id)
                for _, mention in moved:  # they arrive after keep's own, in their order
                    self._ord += 1
                    tables.insert_mention(conn, keep_id, mention, self._ord)
                self._recount(keep_id)
                for relation in relations:
                    moved_relation = reattach(relation, keep_id, other_id)
                    if moved_relation is not None:
                        self._add_relation(moved_relation)
                tables.put_merges(conn, keep_id, [*history, merge_record(record, keep_id, other_id)])
                self._touch(keep_id)
                return self._view(keep_id)

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        with self._lock:
            node = self._node(entity_id)
            if new_entity.id in self._mem.G:
                raise StoreError(f"entity {new_entity.id} already exists")
            with self._atomic() as conn:
                mentions = tables.mentions_in_order(conn, entity_id)
                moved = [m for _, m in mentions if alias_matches(m.text, alias)]
                check_split(entity_id, node["entity"], alias, len(moved), len(mentions))
                node["entity"] = split_base(node["entity"], alias, new_entity.keys)
                tables.put_entity(conn, node["entity"])
                self._upsert_entity(new_entity)
                conn.executemany(
                    "UPDATE mentions SET entity_id=? WHERE entity_id=? AND document_id=? AND start=? AND stop=?",
                    [(new_entity.id, entity_id, *m.key) for m in moved],
                )
                self._recount(entity_id)
                self._recount(new_entity.id)
                self._move_evidence(entity_id, new_entity.id, {m.key for m in moved})
                tables.put_merges(conn, new_entity.id, [split_record(new_entity.id, alias, entity_id)])
                return self._view(new_entity.id)

    def _move_evidence(self, entity_id: str, new_id: str, moved_spans: set[SpanKey]) -> None:
        """Evidence read off a moved mention moves with it (``schema.views.split_relation``)."""
        conn = self._writable()
        for relation in self._edges_of(entity_id):
            split = split_relation(relation, entity_id, new_id, moved_spans)
            if split is None:
                continue
            _, additions = split
            tables.delete_evidence(conn, relation.id, [ev.key for added in additions for ev in added.evidence])
            self._settle(relation.id)
            for added in additions:
                self._add_relation(added)

    def rekey(self, keys_for: Callable[[Entity], list[str]], commit_every: int = 1000) -> int:
        """Recompute every entity's blocking keys with ``keys_for`` (``kg reindex``), in place,
        committing every ``commit_every`` changed entities; the number changed."""
        with self._lock:
            changed = 0
            for entity_id in list(self._mem.G):
                base: Entity = self._mem.node(entity_id)["entity"]
                wanted = keys_for(base)
                if set(wanted) == set(base.keys):
                    continue
                keys = [k for k in base.keys if k in set(wanted)] + [k for k in wanted if k not in set(base.keys)]
                conn = self._begin_write()
                new = base.model_copy(update={"keys": keys})
                self._mem.node(entity_id)["entity"] = new
                tables.put_entity(conn, new)
                self._touch(entity_id)
                changed += 1
                if changed % commit_every == 0:
                    self.commit()
            if self._mode == "write":
                self.commit()
            self._names = None
            return changed
