"""The GraphReader lookups on Neo4j: documents, entities, mentions, merge history, relations,
paging iterators and counts. Each is one read transaction; the views were computed at write
time (``writes.refresh_views``), so reading is translation only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kg.store.base import Direction, StoreStats
from kg.store.neo4j import cypher
from kg.store.neo4j.codec import (
    document_from_props,
    entity_from_row,
    mention_from_row,
    records_from_json,
    relation_from_row,
)
from kg.store.neo4j.connection import Connection, Tx
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, Relation, RelationType
from schema.views import relation_rank

__all__ = [
    "document_by_source",
    "document_entities",
    "document_relations",
    "find_by_keys",
    "get_document",
    "get_entities",
    "get_relations",
    "iter_entities",
    "iter_relations",
    "list_documents",
    "mentions_of",
    "merges_of",
    "relations_of",
    "stats",
    "type_values",
]

PAGE = 1000


def type_values(types: Sequence[EntityType] | Sequence[RelationType] | None) -> list[str] | None:
    """A ``$types`` filter parameter: the enum values, or None for all types."""
    return [t.value for t in types] if types else None


# -- documents -------------------------------------------------------------------------------


def get_document(conn: Connection, document_id: str) -> Document | None:
    rows = conn.read("MATCH (d:Document {id: $id}) RETURN properties(d) AS p", id=document_id)
    return document_from_props(rows[0]["p"]) if rows else None


def document_by_source(conn: Connection, source: str) -> Document | None:
    rows = conn.read("MATCH (d:Document {source: $source}) RETURN properties(d) AS p", source=source)
    return document_from_props(rows[0]["p"]) if rows else None


def list_documents(conn: Connection, offset: int, limit: int) -> list[Document]:
    rows = conn.read(
        "MATCH (d:Document) RETURN properties(d) AS p ORDER BY d.title, d.id SKIP $offset LIMIT $limit",
        offset=max(offset, 0),
        limit=max(limit, 0),
    )
    return [document_from_props(r["p"]) for r in rows]


def document_entities(conn: Connection, document_id: str) -> list[str]:
    rows = conn.read(
        "MATCH (d:Document {id: $id})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id ORDER BY id",
        id=document_id,
    )
    return [r["id"] for r in rows]


def document_relations(conn: Connection, document_id: str) -> list[str]:
    rows = conn.read(
        "MATCH (d:Document {id: $doc})-[:MENTIONS]->(:Entity)-[r]-(:Entity) WHERE $doc IN r.documents "
        "RETURN DISTINCT r.id AS id ORDER BY id",
        doc=document_id,
    )
    return [r["id"] for r in rows]


# -- entities --------------------------------------------------------------------------------


def get_entities(conn: Connection, entity_ids: Sequence[str]) -> list[Entity | None]:
    if not entity_ids:
        return []
    rows = conn.read_each(
        f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) RETURN {cypher.ENTITY_FIELDS}", "ids", sorted(set(entity_ids))
    )
    found = {r["id"]: entity_from_row(r) for r in rows}
    return [found.get(eid) for eid in entity_ids]


def find_by_keys(conn: Connection, keys: Sequence[str]) -> dict[str, list[str]]:
    if not keys:
        return {}
    rows = conn.read_each(
        "MATCH (e:Entity) WHERE any(k IN e.keys WHERE k IN $keys) "
        "UNWIND [k IN e.keys WHERE k IN $keys] AS key RETURN key, collect(e.id) AS ids",
        "keys",
        sorted(set(keys)),
    )
    return {r["key"]: sorted(set(r["ids"])) for r in rows}


def mentions_of(conn: Connection, entity_id: str, limit: int | None) -> list[Mention]:
    rows = conn.read(
        f"MATCH (d:Document)-[m:MENTIONS]->(e:Entity {{id: $id}}) RETURN {cypher.MENTION_FIELDS} "
        "ORDER BY d.id, m.start, m.`end`" + (" LIMIT $limit" if limit is not None else ""),
        id=entity_id,
        limit=limit,
    )
    return [mention_from_row(r) for r in rows]


def merges_of(conn: Connection, entity_id: str) -> list[MergeRecord]:
    rows = conn.read("MATCH (e:Entity {id: $id}) RETURN e.merges AS merges", id=entity_id)
    return records_from_json(rows[0]["merges"]) if rows else []


def iter_entities(conn: Connection, types: Sequence[EntityType] | None) -> Iterator[Entity]:
    after = ""
    while True:
        rows = conn.read(
            "MATCH (e:Entity) WHERE e.id > $after AND ($types IS NULL OR e.type IN $types) "
            f"RETURN {cypher.ENTITY_FIELDS} ORDER BY e.id LIMIT $n",
            after=after,
            types=type_values(types),
            n=PAGE,
        )
        for row in rows:
            yield entity_from_row(row)
        if len(rows) < PAGE:
            return
        after = rows[-1]["id"]


# -- relations -------------------------------------------------------------------------------


def get_relations(conn: Connection, relation_ids: Sequence[str]) -> list[Relation | None]:
    if not relation_ids:
        return []
    # Relations are looked up by id alone; Neo4j serves this from the per-type relationship
    # indexes ``kg neo4j init`` creates.
    rows = conn.read_each(
        f"MATCH (:Entity)-[r:{cypher.REL_TYPES}]->(:Entity) WHERE r.id IN $ids RETURN {cypher.REL_FIELDS}",
        "ids",
        sorted(set(relation_ids)),
    )
    found = {r["p"]["id"]: relation_from_row(r) for r in rows}
    return [found.get(rid) for rid in relation_ids]


def relations_of(
    conn: Connection, entity_id: str, direction: Direction, types: Sequence[RelationType] | None
) -> list[Relation]:
    rows = conn.read(
        f"MATCH (e:Entity {{id: $id}}) MATCH {cypher.relations_pattern(direction)} "
        f"WHERE $types IS NULL OR type(r) IN $types RETURN DISTINCT {cypher.REL_FIELDS}",
        id=entity_id,
        types=type_values(types),
    )
    found = {r["p"]["id"]: relation_from_row(r) for r in rows}
    return sorted(found.values(), key=relation_rank)


def iter_relations(conn: Connection) -> Iterator[Relation]:
    # page over source entities (index order), then their outgoing relations
    after = ""
    while True:
        rows = conn.read(
            "MATCH (e:Entity) WHERE e.id > $after WITH e ORDER BY e.id LIMIT $n "
            "OPTIONAL MATCH (e)-[r]->(:Entity) "
            "RETURN e.id AS entity, collect(CASE WHEN r IS NULL THEN NULL ELSE "
            "{source: startNode(r).id, target: endNode(r).id, type: type(r), p: properties(r)} END) AS rels "
            "ORDER BY entity",
            after=after,
            n=PAGE,
        )
        for row in rows:
            yield from sorted((relation_from_row(r) for r in row["rels"] if r), key=lambda r: r.id)
        if len(rows) < PAGE:
            return
        after = rows[-1]["entity"]


# -- counts ----------------------------------------------------------------------------------


def stats(conn: Connection) -> StoreStats:
    def work(tx: Tx) -> StoreStats:
        docs = {r["k"]: r["n"] for r in tx.rows("MATCH (d:Document) RETURN d.language AS k, count(d) AS n")}
        ents = {r["k"]: r["n"] for r in tx.rows("MATCH (e:Entity) RETURN e.type AS k, count(e) AS n")}
        rels = {r["k"]: r["n"] for r in tx.rows("MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS k, count(r) AS n")}
        mentions = tx.run("MATCH (:Document)-[m:MENTIONS]->(:Entity) RETURN count(m) AS n").single()
        return StoreStats(
            documents=sum(docs.values()),
            entities=sum(ents.values()),
            relations=sum(rels.values()),
            mentions=int(mentions["n"]) if mentions else 0,
            entities_by_type=ents,
            relations_by_type=rels,
            documents_by_language=docs,
        )

    return conn.run(work)
