"""Rows in and out of the embedded store's SQLite file: one small function per statement,
models stored as their JSON, so the store class reads as a list of named steps.

Every function takes the open connection; none begins or ends a transaction (the store does
that, one per ingest batch).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from schema.types import AttrValue, Document, Entity, Evidence, Mention, MergeRecord, Relation, RelationType

__all__ = [
    "EvidenceKey",
    "MentionKey",
    "changes_since",
    "delete_document",
    "delete_entity",
    "delete_evidence",
    "delete_mentions",
    "delete_relation",
    "document_by_source",
    "document_evidence",
    "document_mentions",
    "document_merges",
    "document_relation_ids",
    "entity_mentions",
    "evidence_of",
    "evidence_stubs",
    "find_keys",
    "get_document",
    "get_meta",
    "insert_mention",
    "log_changes",
    "mentions_in_order",
    "merges_of",
    "put_document",
    "put_entity",
    "put_merges",
    "put_relation",
    "put_surface",
    "read_entity",
    "read_relation",
    "relation_from_row",
    "set_meta",
    "surface_first",
    "surfaces_of",
    "upsert_evidence",
]

MentionKey = tuple[str, int, int]
EvidenceKey = tuple[str, int, int, str]
_CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for k in range(0, len(items), _CHUNK):
        yield items[k : k + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# -- meta and the change log ------------------------------------------------------------------
def get_meta(conn: sqlite3.Connection, key: str, default: int = 0) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return default if row is None else int(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: int) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        (key, str(value)),
    )


def log_changes(conn: sqlite3.Connection, changes: Iterable[tuple[str, str]]) -> int:
    """Append (kind, id) rows ("e" entity, "r" relation); the last sequence number."""
    conn.executemany("INSERT INTO changes(kind, id) VALUES(?, ?)", changes)
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
    return int(row[0])


def changes_since(conn: sqlite3.Connection, seq: int) -> tuple[int, list[str], list[str]]:
    """(newest seq, entity ids, relation ids) changed after ``seq``, each id once."""
    entities: dict[str, None] = {}
    relations: dict[str, None] = {}
    last = seq
    for row_seq, kind, item in conn.execute("SELECT seq, kind, id FROM changes WHERE seq > ? ORDER BY seq", (seq,)):
        last = row_seq
        (entities if kind == "e" else relations)[item] = None
    return last, list(entities), list(relations)


# -- documents ------------------------------------------------------------------------------
def put_document(conn: sqlite3.Connection, doc: Document) -> None:
    conn.execute(
        "INSERT INTO documents(id, source, title, language, body) VALUES(?, ?, ?, ?, ?)",
        (doc.id, doc.source, doc.title, doc.language, doc.model_dump_json()),
    )


def get_document(conn: sqlite3.Connection, document_id: str) -> Document | None:
    row = conn.execute("SELECT body FROM documents WHERE id=?", (document_id,)).fetchone()
    return None if row is None else Document.model_validate_json(row[0])


def document_by_source(conn: sqlite3.Connection, source: str) -> Document | None:
    row = conn.execute("SELECT body FROM documents WHERE source=? LIMIT 1", (source,)).fetchone()
    return None if row is None else Document.model_validate_json(row[0])


def delete_document(conn: sqlite3.Connection, document_id: str) -> None:
    conn.execute("DELETE FROM documents WHERE id=?", (document_id,))


# -- entities ---------------------------------------------------------------------------------
def put_entity(conn: sqlite3.Connection, entity: Entity) -> None:
    """Store an entity's explicit fields (replacing the previous ones) and its keys."""
    conn.execute(
        "INSERT INTO entities(id, type, body) VALUES(?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET type=excluded.type, body=excluded.body",
        (entity.id, entity.type.value, entity.model_dump_json()),
    )
    conn.execute("DELETE FROM entity_keys WHERE entity_id=?", (entity.id,))
    conn.executemany(
        "INSERT OR IGNORE INTO entity_keys(key, entity_id) VALUES(?, ?)", [(k, entity.id) for k in entity.keys]
    )


def read_entity(conn: sqlite3.Connection, entity_id: str) -> Entity | None:
    row = conn.execute("SELECT body FROM entities WHERE id=?", (entity_id,)).fetchone()
    return None if row is None else Entity.model_validate_json(row[0])


def delete_entity(conn: sqlite3.Connection, entity_id: str) -> None:
    """The entity, its keys, surface counts, mentions and merge history."""
    for table, column in (
        ("entities", "id"),
        ("entity_keys", "entity_id"),
        ("surfaces", "entity_id"),
        ("mentions", "entity_id"),
        ("merges", "entity_id"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column}=?", (entity_id,))


def find_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in _chunks(list(dict.fromkeys(keys))):
        sql = f"SELECT key, entity_id FROM entity_keys WHERE key IN ({_marks(len(part))}) ORDER BY key, entity_id"
        for key, entity_id in conn.execute(sql, part):
            found.setdefault(key, []).append(entity_id)
    return found


# -- mentions and surface forms -------------------------------------------------------------
def insert_mention(conn: sqlite3.Connection, entity_id: str, mention: Mention, ord_: int) -> None:
    conn.execute(
        "INSERT INTO mentions(entity_id, document_id, start, stop, ord, text, body) VALUES(?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(entity_id, document_id, start, stop) DO UPDATE SET text=excluded.text, body=excluded.body",
        (entity_id, mention.document_id, mention.start, mention.end, ord_, mention.text, mention.model_dump_json()),
    )


def entity_mentions(conn: sqlite3.Connection, entity_id: str, limit: int | None = None) -> list[Mention]:
    """An entity's mentions sorted by (document, start, end): the primary key's order."""
    sql = "SELECT body FROM mentions WHERE entity_id=? ORDER BY document_id, start, stop"
    rows = conn.execute(sql + " LIMIT ?", (entity_id, limit)) if limit is not None else conn.execute(sql, (entity_id,))
    return [Mention.model_validate_json(body) for (body,) in rows]


def mentions_in_order(conn: sqlite3.Connection, entity_id: str) -> list[tuple[int, Mention]]:
    """(ord, mention) in the order the entity received them."""
    rows = conn.execute("SELECT ord, body FROM mentions WHERE entity_id=? ORDER BY ord", (entity_id,))
    return [(ord_, Mention.model_validate_json(body)) for ord_, body in rows]


def document_mentions(conn: sqlite3.Connection, document_id: str) -> list[tuple[str, Mention, int]]:
    """(entity id, mention, ord) of every mention in a document, in arrival order."""
    rows = conn.execute("SELECT entity_id, body, ord FROM mentions WHERE document_id=? ORDER BY ord", (document_id,))
    return [(entity_id, Mention.model_validate_json(body), ord_) for entity_id, body, ord_ in rows]


def delete_mentions(conn: sqlite3.Connection, entity_id: str, keys: Iterable[MentionKey]) -> None:
    conn.executemany(
        "DELETE FROM mentions WHERE entity_id=? AND document_id=? AND start=? AND stop=?",
        [(entity_id, *key) for key in keys],
    )


def surface_first(conn: sqlite3.Connection, entity_id: str, text: str) -> int | None:
    row = conn.execute("SELECT min(ord) FROM mentions WHERE entity_id=? AND text=?", (entity_id, text)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def put_surface(conn: sqlite3.Connection, entity_id: str, text: str, count: int, first: int) -> None:
    if count <= 0:
        conn.execute("DELETE FROM surfaces WHERE entity_id=? AND text=?", (entity_id, text))
        return
    conn.execute(
        "INSERT INTO surfaces(entity_id, text, count, first) VALUES(?, ?, ?, ?) "
        "ON CONFLICT(entity_id, text) DO UPDATE SET count=excluded.count, first=excluded.first",
        (entity_id, text, count, first),
    )


def surfaces_of(conn: sqlite3.Connection, entity_id: str) -> dict[str, list[int]]:
    rows = conn.execute("SELECT text, count, first FROM surfaces WHERE entity_id=? ORDER BY first", (entity_id,))
    return {text: [count, first] for text, count, first in rows}


# -- relations and evidence -----------------------------------------------------------------
def put_relation(conn: sqlite3.Connection, relation: Relation) -> None:
    """The edge without its evidence (stored row by row)."""
    conn.execute(
        "INSERT INTO relations(id, source, target, type, confidence, attributes) VALUES(?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET confidence=excluded.confidence, attributes=excluded.attributes",
        (
            relation.id,
            relation.source,
            relation.target,
            relation.type.value,
            relation.confidence,
            json.dumps(relation.attributes, ensure_ascii=False),
        ),
    )


def relation_from_row(row: Sequence[object]) -> Relation:
    rid, source, target, type_, confidence, attributes = row
    attrs: dict[str, AttrValue] = json.loads(str(attributes))
    return Relation(
        id=str(rid),
        source=str(source),
        target=str(target),
        type=RelationType(str(type_)),
        confidence=float(str(confidence)),
        attributes=attrs,
    )


def read_relation(conn: sqlite3.Connection, relation_id: str) -> Relation | None:
    row = conn.execute(
        "SELECT id, source, target, type, confidence, attributes FROM relations WHERE id=?", (relation_id,)
    ).fetchone()
    return None if row is None else relation_from_row(row)


def delete_relation(conn: sqlite3.Connection, relation_id: str) -> None:
    conn.execute("DELETE FROM relations WHERE id=?", (relation_id,))
    conn.execute("DELETE FROM evidence WHERE relation_id=?", (relation_id,))


def upsert_evidence(conn: sqlite3.Connection, relation_id: str, ev: Evidence, ord_: int) -> None:
    """A new piece of evidence goes last; one with the key of a stored one replaces it in place."""
    conn.execute(
        "INSERT INTO evidence(relation_id, document_id, start, stop, rule, ord, confidence, body) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(relation_id, document_id, start, stop, rule) "
        "DO UPDATE SET confidence=excluded.confidence, body=excluded.body",
        (relation_id, *ev.key, ord_, ev.confidence, ev.model_dump_json()),
    )


def delete_evidence(conn: sqlite3.Connection, relation_id: str, keys: Iterable[EvidenceKey]) -> None:
    conn.executemany(
        "DELETE FROM evidence WHERE relation_id=? AND document_id=? AND start=? AND stop=? AND rule=?",
        [(relation_id, *key) for key in keys],
    )


def evidence_stubs(conn: sqlite3.Connection, relation_id: str) -> list[Evidence]:
    """A relation's evidence in arrival order with only its key and confidence (what the
    shared merging rules, ``schema.views.merge_relation``/``with_evidence``, look at), read
    from the indexed columns without parsing the sentences."""
    rows = conn.execute(
        "SELECT document_id, start, stop, rule, confidence FROM evidence WHERE relation_id=? ORDER BY ord",
        (relation_id,),
    )
    fields: list[dict[str, Any]] = [
        {"document_id": doc, "start": start, "end": stop, "rule": rule, "confidence": float(confidence)}
        for doc, start, stop, rule, confidence in rows
    ]
    return [Evidence.model_construct(**f) for f in fields]  # partial: never stored nor returned


def evidence_of(conn: sqlite3.Connection, relation_ids: Sequence[str]) -> dict[str, list[Evidence]]:
    """Each relation's evidence in arrival order."""
    found: dict[str, list[Evidence]] = {rid: [] for rid in relation_ids}
    for part in _chunks(list(found)):
        where = f"relation_id IN ({_marks(len(part))})"
        sql = f"SELECT relation_id, body FROM evidence WHERE {where} ORDER BY relation_id, ord"
        for rid, body in conn.execute(sql, part):
            found[rid].append(Evidence.model_validate_json(body))
    return found


def document_relation_ids(conn: sqlite3.Connection, document_id: str) -> list[str]:
    rows = conn.execute("SELECT DISTINCT relation_id FROM evidence WHERE document_id=?", (document_id,))
    return [rid for (rid,) in rows]


def document_evidence(conn: sqlite3.Connection, document_id: str) -> dict[str, list[Evidence]]:
    """relation id -> the evidence a document gave it, in arrival order."""
    found: dict[str, list[Evidence]] = {}
    rows = conn.execute("SELECT relation_id, body FROM evidence WHERE document_id=? ORDER BY ord", (document_id,))
    for rid, body in rows:
        found.setdefault(rid, []).append(Evidence.model_validate_json(body))
    return found


# -- merge history ----------------------------------------------------------------------------
def put_merges(conn: sqlite3.Connection, entity_id: str, records: Iterable[MergeRecord]) -> None:
    conn.executemany(
        "INSERT INTO merges(entity_id, document_id, body) VALUES(?, ?, ?)",
        [(entity_id, r.document_id, r.model_dump_json()) for r in records],
    )


def merges_of(conn: sqlite3.Connection, entity_id: str) -> list[MergeRecord]:
    rows = conn.execute("SELECT body FROM merges WHERE entity_id=? ORDER BY ord", (entity_id,))
    return [MergeRecord.model_validate_json(body) for (body,) in rows]


def document_merges(conn: sqlite3.Connection, document_id: str) -> list[MergeRecord]:
    """The merge records made while reading a document, in order (not those an entity
    inherited from one merged into it: they belong to its history)."""
    rows = conn.execute("SELECT entity_id, body FROM merges WHERE document_id=? ORDER BY ord", (document_id,))
    records = [(owner, MergeRecord.model_validate_json(body)) for owner, body in rows]
    return [record for owner, record in records if record.entity_id == owner]
