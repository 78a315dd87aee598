"""The SQLite file of the embedded store: tables, indexes, the schema version and its
migrations, and how a connection is opened (WAL, one writer, many readers).

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.sqlite"
    >>> conn = connect(path)
    >>> migrate(conn)
    >>> schema_version(conn) == SCHEMA_VERSION
    True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schema.errors import StoreError

__all__ = ["DB_FILE", "MIGRATIONS", "SCHEMA_VERSION", "connect", "migrate", "schema_version"]

DB_FILE = "graph.sqlite"
CACHE_KIB = 65536  # SQLite's page cache per connection (its default is 2 MiB)

# Version 1. Every row a reader needs is keyed so a write touches only what changed:
# - documents: one row per stored document (the model as JSON, plus the columns queried);
# - entities: the explicit fields an entity was given (names, aliases, keys, attributes) as
#   JSON; what readers see (names from surface forms, mention count) is derived;
# - entity_keys: the resolver's blocking-key index;
# - mentions: one row per mention, with its sentence; ``ord`` keeps the order in which the
#   entity received its mentions (ties between equally frequent surface forms go to the first);
# - surfaces: per entity and surface form, how many mentions use it and the ``ord`` of the
#   first, so the in-memory graph is rebuilt without reading any mention;
# - relations / evidence: an edge and the sentences that support it (``ord``: arrival order);
# - merges: the resolution audit trail per entity, in order;
# - changes: the commit log readers follow (``refresh()``): which entities and relations a
#   commit touched, so another process re-reads only those.
_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, language TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_order ON documents(title, id);
CREATE TABLE entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE entity_keys (
    key TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (key, entity_id)) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE mentions (
    entity_id TEXT NOT NULL, document_id TEXT NOT NULL, start INTEGER NOT NULL,
    stop INTEGER NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (entity_id, document_id, start, stop));
CREATE INDEX mentions_document ON mentions(document_id);
CREATE INDEX mentions_surface ON mentions(entity_id, text, ord);
CREATE TABLE surfaces (
    entity_id TEXT NOT NULL, text TEXT NOT NULL, count INTEGER NOT NULL, first INTEGER NOT NULL,
    PRIMARY KEY (entity_id, text)) WITHOUT ROWID;
CREATE TABLE relations (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
    confidence REAL NOT NULL, attributes TEXT NOT NULL);
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);
CREATE TABLE evidence (
    relation_id TEXT NOT NULL, document_id TEXT NOT NULL, start INTEGER NOT NULL,
    stop INTEGER NOT NULL, rule TEXT NOT NULL, ord INTEGER NOT NULL, confidence REAL NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (relation_id, document_id, start, stop, rule));
CREATE INDEX evidence_document ON evidence(document_id);
CREATE INDEX evidence_order ON evidence(relation_id, ord);
CREATE TABLE merges (
    ord INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, document_id TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX merges_entity ON merges(entity_id, ord);
CREATE INDEX merges_document ON merges(document_id);
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL);
"""

# Version 2: two indexes that cost a B-tree write per mention and per piece of evidence and
# served only rare operations (a merge's recount, the order of a relation's few pieces of
# evidence), which the primary keys serve well enough.
_V2 = """
DROP INDEX IF EXISTS mentions_surface;
DROP INDEX IF EXISTS evidence_order;
"""

# MIGRATIONS[n] takes a database of version n to version n + 1 (version 0: an empty file).
MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with transactions under our control (``isolation_level=None``:
    the store issues BEGIN/COMMIT itself). ``synchronous=FULL`` makes every commit durable."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
        conn.execute("PRAGMA trusted_schema=OFF")  # a crafted file's views/triggers call no functions
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # pages of the indexes a batch touches
        conn.execute("PRAGMA foreign_keys=OFF")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the graph database {path}: {exc}") from exc
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The version the file is at (0 for a file without tables)."""
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if has_meta is None:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return 0 if row is None else int(row[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to ``SCHEMA_VERSION``, one step per transaction. The caller holds the
    writer lock. A file newer than this code is refused rather than guessed at."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the graph database is at schema version {version}; this kg understands up to {SCHEMA_VERSION}"
        )
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            version += 1
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(version),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
