"""The GraphWriter operations on Neo4j, each one managed transaction built from the steps in
``writes``: write or delete a document, upsert entities, merge two entities, split one.

The rules (what a batch may not do, what a merge or a split changes) are ``schema.views``';
this module only decides what to read, in which order to write, and how to undo a failed
write on a server that cannot roll back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from kg.store.base import DocumentBatch, WriteResult
from kg.store.neo4j import cypher, writes
from kg.store.neo4j.codec import Row, document_props, records_from_json
from kg.store.neo4j.connection import Connection, Tx, parts
from schema.errors import NotFoundError, StoreError
from schema.types import Entity, Evidence, MergeRecord, Relation, RelationType
from schema.views import (
    absorb,
    alias_matches,
    canonical_relation,
    check_batch,
    check_mergeable,
    check_split,
    merge_record,
    reattach,
    split_base,
    split_record,
    split_relation,
)

__all__ = ["append_merges", "delete_document", "merge_entities", "split_entity", "upsert_entities", "write_document"]


def _check_fits(tx: Tx, batch: DocumentBatch, mention_rows: Sequence[Row]) -> None:
    """On servers that take small requests and cannot roll back, find an oversized mention
    or relation before anything is written."""
    if tx.max_request is None:
        return
    for _ in parts(cypher.WRITE_MENTIONS, mention_rows, {}, tx.max_request):
        pass
    by_type: dict[RelationType, list[Relation]] = {}
    for rel in batch.relations:
        by_type.setdefault(rel.type, []).append(canonical_relation(rel))
    for rtype, rels in by_type.items():
        for _ in parts(cypher.write_relations(rtype), writes.relation_rows(rels), {}, tx.max_request):
            pass


def _write_new(tx: Tx, batch: DocumentBatch, mention_rows: Sequence[Row]) -> tuple[int, int]:
    """Write a checked batch; (new entities, new relations)."""
    new_entities = writes.upsert(tx, batch.entities)
    tx.run("MERGE (d:Document {id: $id}) SET d += $props", id=batch.document.id, props=document_props(batch.document))
    writes.write_mentions(tx, mention_rows)
    new_relations = writes.add_relations(tx, batch.relations)
    writes.append_merges(tx, [(r.entity_id, r) for r in batch.merges])
    writes.refresh_views(tx, {e.id for e in batch.entities} | {eid for eid, _ in batch.mentions})
    return new_entities, new_relations


def _undo(tx: Tx, document_id: str, new_ids: Sequence[str]) -> None:
    """Best-effort removal of a half-written document on a server without rollback."""
    with contextlib.suppress(Exception):
        writes.delete_document(tx, document_id)
        tx.each(
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE NOT ()-[:MENTIONS]->(e) DETACH DELETE e",
            "ids",
            new_ids,
        )


def write_document(conn: Connection, batch: DocumentBatch) -> WriteResult:
    doc = batch.document

    def work(tx: Tx) -> WriteResult:
        if writes.document_exists(tx, doc.id):
            return WriteResult(written=False)
        # check before touching anything so a bad batch leaves the graph as it was
        named = {e.id for e in batch.entities} | {eid for eid, _ in batch.mentions}
        named |= {x for r in batch.relations for x in (r.source, r.target)}
        stored = writes.bases(tx, named)
        check_batch(doc.id, batch.entities, batch.mentions, batch.relations, stored)
        mention_rows = writes.mention_rows(conn.next_order(len(batch.mentions)), batch.mentions)
        _check_fits(tx, batch, mention_rows)

        replaced = None
        if doc.source:
            row = tx.run("MATCH (d:Document {source: $source}) RETURN d.id AS id", source=doc.source).single()
            if row is not None and row["id"] != doc.id:
                replaced = row["id"]
                writes.delete_document(tx, replaced)
        try:
            new_entities, new_relations = _write_new(tx, batch, mention_rows)
        except Exception:
            if not conn.rollback_capable:
                _undo(tx, doc.id, sorted({e.id for e in batch.entities} - set(stored)))
            raise
        return WriteResult(written=True, replaced=replaced, new_entities=new_entities, new_relations=new_relations)

    return conn.run(work, write=True)


def delete_document(conn: Connection, document_id: str) -> bool:
    def work(tx: Tx) -> bool:
        if not writes.document_exists(tx, document_id):
            return False
        writes.delete_document(tx, document_id)
        return True

    return conn.run(work, write=True)


def upsert_entities(conn: Connection, entities: Sequence[Entity]) -> None:
    def work(tx: Tx) -> None:
        writes.upsert(tx, entities)
        writes.refresh_views(tx, (e.id for e in entities))

    conn.run(work, write=True)


def append_merges(conn: Connection, entity_id: str, records: Sequence[MergeRecord]) -> None:
    def work(tx: Tx) -> None:
        writes.append_merges(tx, [(entity_id, r) for r in records])

    conn.run(work, write=True)


def _existing(tx: Tx, *ids: str) -> dict[str, Entity]:
    found = writes.bases(tx, ids)
    for eid in ids:
        if eid not in found:
            raise NotFoundError(f"no entity {eid!r}")
    return found


def merge_entities(conn: Connection, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
    if keep_id == other_id:
        raise StoreError("cannot merge an entity with itself")

    def work(tx: Tx) -> Entity:
        found = _existing(tx, keep_id, other_id)
        keep, other = found[keep_id], found[other_id]
        check_mergeable(keep, other)
        writes.upsert(tx, [absorb(keep, other)])
        # mentions keep their properties (and insertion order) on the new end
        tx.run(
            "MATCH (d:Document)-[m:MENTIONS]->(o:Entity {id: $other}) MATCH (k:Entity {id: $keep}) "
            "MERGE (d)-[n:MENTIONS {start: m.start, `end`: m.`end`}]->(k) SET n += properties(m) DELETE m",
            other=other_id,
            keep=keep_id,
        ).consume()
        relations = writes.relations_of(tx, other_id)
        history = tx.run("MATCH (o:Entity {id: $id}) RETURN o.merges AS merges", id=other_id).single()
        tx.run("MATCH (o:Entity {id: $id}) DETACH DELETE o", id=other_id).consume()
        moved = [r for r in (reattach(rel, keep_id, other_id) for rel in relations) if r is not None]
        writes.add_relations(tx, moved)
        # the other entity's history comes along unchanged (its records still name it)
        records = records_from_json(history["merges"] if history else None)
        records.append(merge_record(record, keep_id, other_id))
        writes.append_merges(tx, [(keep_id, r) for r in records])
        return writes.refresh_views(tx, [keep_id])[keep_id]

    return conn.run(work, write=True)


def _move_mentions(tx: Tx, moved: Sequence[Row], old_id: str, new_id: str) -> None:
    tx.each(
        "UNWIND $rows AS row MATCH (d:Document {id: row.doc})"
        "-[m:MENTIONS {start: row.start, `end`: row.`end`}]->(e:Entity {id: $old}) MATCH (n:Entity {id: $new}) "
        "MERGE (d)-[m2:MENTIONS {start: m.start, `end`: m.`end`}]->(n) SET m2 += properties(m) DELETE m",
        "rows",
        [{"doc": r["document_id"], "start": r["p"]["start"], "end": r["p"]["end"]} for r in moved],
        old=old_id,
        new=new_id,
    )


def _move_evidence(tx: Tx, entity_id: str, new_id: str, moved: Sequence[Row]) -> None:
    """Evidence read off a moved mention moves with it (``schema.views.split_relation``)."""
    spans = {(r["document_id"], r["p"]["start"], r["p"]["end"]) for r in moved}
    updates: list[tuple[Relation, list[Evidence]]] = []
    additions: list[Relation] = []
    for rel in writes.relations_of(tx, entity_id):
        split = split_relation(rel, entity_id, new_id, spans)
        if split is not None:
            updates.append((rel, split[0]))
            additions.extend(split[1])
    writes.set_evidence(tx, updates)
    writes.add_relations(tx, additions)


def split_entity(conn: Connection, entity_id: str, alias: str, new_entity: Entity) -> Entity:
    def work(tx: Tx) -> Entity:
        found = writes.bases(tx, [entity_id, new_entity.id])
        if entity_id not in found:
            raise NotFoundError(f"no entity {entity_id!r}")
        if new_entity.id in found:
            raise StoreError(f"entity {new_entity.id} already exists")
        base = found[entity_id]
        mentions = tx.rows(
            f"MATCH (d:Document)-[m:MENTIONS]->(e:Entity {{id: $id}}) RETURN {cypher.MENTION_FIELDS}", id=entity_id
        )
        moved = [r for r in mentions if alias_matches(r["p"]["text"], alias)]
        check_split(entity_id, base, alias, len(moved), len(mentions))
        writes.write_bases(tx, [split_base(base, alias, new_entity.keys)])
        writes.upsert(tx, [new_entity])
        _move_mentions(tx, moved, entity_id, new_entity.id)
        _move_evidence(tx, entity_id, new_entity.id, moved)
        writes.append_merges(tx, [(new_entity.id, split_record(new_entity.id, alias, entity_id))])
        return writes.refresh_views(tx, [entity_id, new_entity.id])[new_entity.id]

    return conn.run(work, write=True)
