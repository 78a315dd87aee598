"""Writing to Neo4j, inside one transaction: the steps every write is made of.

Each step reads what it needs, applies the shared rule of ``schema.views`` and writes the
result back in batches (``UNWIND`` + ``MERGE`` on the stable ids). The view of every entity a
write touches is recomputed at the end (``refresh_views``) from its base and its mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.store.neo4j import cypher
from kg.store.neo4j.codec import (
    Row,
    base_props,
    entity_from_row,
    mention_props,
    record_json,
    relation_from_row,
    relation_props,
    view_props,
)
from kg.store.neo4j.connection import Tx
from schema.types import Entity, EntityType, Evidence, Mention, MergeRecord, Relation, RelationType
from schema.views import canonical_relation, entity_view, merge_relation, upsert_base, with_evidence

__all__ = [
    "add_relations",
    "append_merges",
    "bases",
    "delete_document",
    "document_exists",
    "mention_rows",
    "refresh_views",
    "relation_rows",
    "relations_of",
    "set_evidence",
    "upsert",
    "write_bases",
    "write_mentions",
]


# -- entities --------------------------------------------------------------------------------


def bases(tx: Tx, ids: Iterable[str]) -> dict[str, Entity]:
    """The stored bases (explicit fields) of those of ``ids`` that exist."""
    query = f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) RETURN {cypher.BASE_FIELDS}"
    return {r["id"]: entity_from_row(r) for r in tx.each(query, "ids", sorted(set(ids)))}


def write_bases(tx: Tx, entities: Sequence[Entity]) -> None:
    by_type: dict[EntityType, list[Row]] = {}
    for entity in entities:
        by_type.setdefault(entity.type, []).append(base_props(entity))
    for etype, rows in by_type.items():
        tx.each(cypher.write_bases(etype), "rows", rows)


def upsert(tx: Tx, entities: Sequence[Entity]) -> int:
    """Add or update entities' explicit fields (``schema.views.upsert_base``, applied in
    order); the number of new entities."""
    old = bases(tx, (e.id for e in entities))
    current = dict(old)
    for entity in entities:
        current[entity.id] = upsert_base(current.get(entity.id), entity)
    ids = list(dict.fromkeys(e.id for e in entities))
    write_bases(tx, [current[eid] for eid in ids])
    return sum(1 for eid in ids if eid not in old)


def refresh_views(tx: Tx, ids: Iterable[str]) -> dict[str, Entity]:
    """Recompute the reader's view (``schema.views.entity_view``: names, aliases, mention
    count) and the search forms of the entities ``ids`` that exist."""
    rows = tx.each(
        "UNWIND $ids AS id MATCH (e:Entity {id: id}) OPTIONAL MATCH (:Document)-[m:MENTIONS]->(e) "
        f"WITH e, m ORDER BY m.ord RETURN {cypher.BASE_FIELDS}, collect(m.text) AS texts",
        "ids",
        sorted(set(ids)),
    )
    views = {r["id"]: entity_view(entity_from_row(r), r["texts"]) for r in rows}
    texts = {r["id"]: r["texts"] for r in rows}
    tx.each(
        "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) SET e += row",
        "rows",
        [view_props(v, texts[v.id]) for v in views.values()],
    )
    return views


def append_merges(tx: Tx, pairs: Sequence[tuple[str, MergeRecord]]) -> None:
    """Append (entity id, record) pairs to each entity's audit trail."""
    tx.each(
        "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) SET e.merges = coalesce(e.merges, []) + [row.record]",
        "rows",
        [{"id": eid, "record": record_json(r)} for eid, r in pairs],
    )


# -- mentions --------------------------------------------------------------------------------


def mention_rows(first_order: int, pairs: Sequence[tuple[str, Mention]]) -> list[Row]:
    """``cypher.WRITE_MENTIONS`` rows for (entity id, mention) pairs, numbered in order from
    ``first_order``."""
    return [
        {
            "doc": m.document_id,
            "entity": eid,
            "start": m.start,
            "end": m.end,
            "props": mention_props(m, first_order + i),
        }
        for i, (eid, m) in enumerate(pairs)
    ]


def write_mentions(tx: Tx, rows: Sequence[Row]) -> None:
    tx.each(cypher.WRITE_MENTIONS, "rows", rows)


# -- relations -------------------------------------------------------------------------------


def relation_rows(relations: Iterable[Relation]) -> list[Row]:
    return [{"s": r.source, "t": r.target, "props": relation_props(r)} for r in relations]


def relations_of(tx: Tx, entity_id: str) -> list[Relation]:
    """Every relation of an entity, either direction."""
    rows = tx.rows(f"MATCH (e:Entity {{id: $id}})-[r]-(:Entity) RETURN DISTINCT {cypher.REL_FIELDS}", id=entity_id)
    return [relation_from_row(r) for r in rows]


def _relations_by_ids(tx: Tx, wanted: Iterable[Relation]) -> dict[str, Relation]:
    """Stored relations for canonical (source, target, id) triples, found from their ends so
    the lookup uses the entity id index."""
    result = tx.each(
        "UNWIND $rows AS row MATCH (a:Entity {id: row.s})-[r]->(b:Entity {id: row.t}) "
        f"WHERE r.id = row.id RETURN {cypher.REL_FIELDS}",
        "rows",
        [{"s": r.source, "t": r.target, "id": r.id} for r in wanted],
    )
    return {r["p"]["id"]: relation_from_row(r) for r in result}


def _write_relations(tx: Tx, relations: Sequence[Relation]) -> None:
    by_type: dict[RelationType, list[Relation]] = {}
    for rel in relations:
        by_type.setdefault(rel.type, []).append(rel)
    for rtype, rels in by_type.items():
        tx.each(cypher.write_relations(rtype), "rows", relation_rows(rels))


def _delete_relations(tx: Tx, relations: Sequence[Relation]) -> None:
    tx.each(
        "UNWIND $rows AS row MATCH (a:Entity {id: row.s})-[r]->(b:Entity {id: row.t}) WHERE r.id = row.id DELETE r",
        "rows",
        [{"s": r.source, "t": r.target, "id": r.id} for r in relations],
    )


def add_relations(tx: Tx, relations: Sequence[Relation]) -> int:
    """Merge relations into the graph (``schema.views.merge_relation``); the number new."""
    incoming = [canonical_relation(r) for r in relations]
    stored: dict[str, Relation] = _relations_by_ids(tx, incoming)
    existed = set(stored)
    for rel in incoming:
        stored[rel.id] = merge_relation(stored.get(rel.id), rel)
    touched = {r.id for r in incoming}
    _write_relations(tx, [stored[rid] for rid in sorted(touched)])
    return len(touched - existed)


def set_evidence(tx: Tx, updates: Sequence[tuple[Relation, list[Evidence]]]) -> None:
    """Leave each relation with the evidence given (``schema.views.with_evidence``); a
    relation left with none goes."""
    kept: list[Relation] = []
    gone: list[Relation] = []
    for rel, evidence in updates:
        new = with_evidence(rel, evidence)
        if new is None:
            gone.append(rel)
        else:
            kept.append(new)
    _delete_relations(tx, gone)
    _write_relations(tx, kept)


# -- documents -------------------------------------------------------------------------------


def document_exists(tx: Tx, document_id: str) -> bool:
    return tx.run("MATCH (d:Document {id: $id}) RETURN d.id AS id", id=document_id).single() is not None


def delete_document(tx: Tx, document_id: str) -> None:
    """Remove a document and what came only from it: its mentions, its evidence, relations
    left without evidence and entities left without mentions."""
    rows = tx.rows(
        "MATCH (d:Document {id: $doc})-[:MENTIONS]->(:Entity)-[r]-(:Entity) "
        f"WHERE $doc IN r.documents RETURN DISTINCT {cypher.REL_FIELDS}",
        doc=document_id,
    )
    relations = [relation_from_row(r) for r in rows]
    set_evidence(tx, [(rel, [ev for ev in rel.evidence if ev.document_id != document_id]) for rel in relations])
    entity_ids = [
        r["id"]
        for r in tx.rows(
            "MATCH (d:Document {id: $doc})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id", doc=document_id
        )
    ]
    tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=document_id).consume()
    orphans = [
        r["id"]
        for r in tx.each(
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE NOT ()-[:MENTIONS]->(e) RETURN e.id AS id",
            "ids",
            entity_ids,
        )
    ]
    tx.each("UNWIND $ids AS id MATCH (e:Entity {id: id}) DETACH DELETE e", "ids", orphans)
    refresh_views(tx, set(entity_ids) - set(orphans))
