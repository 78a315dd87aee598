"""The deployed store: the GraphStore protocol on Neo4j through the official ``neo4j`` driver.

Data model (chosen to read well in the Neo4j Browser):

* ``(:Entity:Company|:Person|:Place|:Organization {id, type, name, name_en, name_ko, aliases,
  mention_count, keys, ...})``. ``name``/``aliases``/``mention_count`` are the reader's view
  (explicit names, else the most frequent surface form); ``base_*`` hold what was written
  explicitly so the view can be recomputed, ``forms``/``grams`` serve name search.
* ``(:Document {id, title, source, language, date, char_count, content_sha256})``
  ``-[:MENTIONS {start, end, text, sentence, sentence_start, sentence_end, ...}]->(:Entity)``.
* ``(:Entity)-[:PARTNERS_WITH|CEO_OF|... {id, confidence, evidence, evidence_json, documents}]->
  (:Entity)``: ``evidence`` lists the sentences (readable in the Browser), ``evidence_json`` the
  full Evidence records.

Labels and relationship types cannot be query parameters, so they are only ever taken from
the ``EntityType``/``RelationType`` enums; everything else is a parameter. Writes are batched
(``UNWIND`` + ``MERGE`` on the stable ids) inside managed transactions, which the driver
retries on transient errors. Every call runs under connection/transaction timeouts plus a
wall-clock guard, and a server that is down, hangs or rejects the credentials surfaces as
``StoreUnavailableError``.

Neo4j-only statements (constraints, the full-text index, ``allShortestPaths``) live in
``NEO4J_ONLY`` and run only when the server is a real Neo4j; other Bolt servers (FalkorDB in
the tests) get portable equivalents.

Example::

    store = Neo4jGraphStore(Settings(backend="neo4j", NEO4J_URI="bolt://localhost:7687"))  # connects lazily
    store.init_schema()
    store.write_document(batch)
    store.get_entity("ent:...")
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal, TypeVar

import neo4j

from kg.config import Settings
from kg.search import NameIndex, index_grams, ngrams
from kg.store.base import Direction, DocumentBatch, StoreStats, WriteResult, partition_evidence
from kg.store.networkx import aggregate_confidence
from schema.errors import NotFoundError, StoreError, StoreUnavailableError
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

__all__ = ["NEO4J_ONLY", "Neo4jGraphStore", "ServerKind"]

neo4j_errors = neo4j.exceptions

T = TypeVar("T")
ServerKind = Literal["neo4j", "other"]
Row = dict[str, Any]

_PAGE = 1000
# FalkorDB's Bolt listener crashes on a request over ~4 KB, so for servers other than Neo4j
# every list parameter is sent in parts below the first size, and a request over the second
# (an oversized single value) is refused instead of sent.
_SMALL_REQUEST_BYTES = 3300
_MAX_REQUEST_BYTES = 3900
_BOLT_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}
_MAX_PATHS = 20
_REL_TYPES = "|".join(t.value for t in RelationType)  # enum values only, never user text

# Statements only a real Neo4j (5.x) understands. Everything else in this module is the
# portable Cypher subset that FalkorDB's Bolt endpoint also runs.
NEO4J_ONLY: dict[str, str] = {
    "entity_id": "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "document_id": "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "document_source": "CREATE INDEX document_source IF NOT EXISTS FOR (d:Document) ON (d.source)",
    # 'cjk' splits Hangul into bigrams, so 아마존 matches 아마존코리아; 'standard' would not
    "entity_names": (
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) "
        "ON EACH [e.name, e.name_en, e.name_ko, e.aliases_text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    ),
    **{
        f"rel_{t.value.lower()}_id": (
            f"CREATE INDEX rel_{t.value.lower()}_id IF NOT EXISTS FOR ()-[r:{t.value}]-() ON (r.id)"
        )
        for t in RelationType
    },
    "shortest_paths": (
        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target}) "
        f"MATCH p = allShortestPaths((a)-[:{_REL_TYPES}*..%d]-(b)) "
        "RETURN [n IN nodes(p) | n.id] AS nodes LIMIT 200"
    ),
}
# The portable schema: plain range indexes, created when missing.
_PORTABLE_INDEXES: list[tuple[str, str, str]] = [
    ("Entity", "id", "CREATE INDEX FOR (e:Entity) ON (e.id)"),
    ("Document", "id", "CREATE INDEX FOR (d:Document) ON (d.id)"),
    ("Document", "source", "CREATE INDEX FOR (d:Document) ON (d.source)"),
]

_WRITE_MENTIONS = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.doc}) MATCH (e:Entity {id: row.entity}) "
    "MERGE (d)-[m:MENTIONS {start: row.start, `end`: row.`end`}]->(e) SET m += row.props"
)
_WRITE_RELATIONS = (  # REL_TYPE is replaced by a RelationType value, never by user text
    "UNWIND $rows AS row MATCH (a:Entity {id: row.s}) MATCH (b:Entity {id: row.t}) "
    "MERGE (a)-[r:REL_TYPE {id: row.props.id}]->(b) SET r += row.props"
)
_ENTITY_FIELDS = (
    "e.id AS id, e.type AS type, e.name AS name, e.name_en AS name_en, e.name_ko AS name_ko, e.aliases AS aliases, "
    "e.mention_count AS mention_count, e.keys AS keys, e.attributes_json AS attributes"
)
_BASE_FIELDS = (
    "e.id AS id, e.type AS type, e.base_name AS name, e.base_name_en AS name_en, e.base_name_ko AS name_ko, "
    "e.base_aliases AS aliases, e.keys AS keys, e.attributes_json AS attributes"
)
_REL_FIELDS = "startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, properties(r) AS p"
_MENTION_FIELDS = "d.id AS document_id, e.id AS entity_id, properties(m) AS p"


def _escaped(value: Any) -> Any:
    """FalkorDB splices string parameters into the query text between single quotes without
    escaping them (``it's`` fails); escaping backslashes and quotes restores the exact text."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


class Tx:
    """A managed transaction whose ``run`` adapts parameters to the server."""

    def __init__(self, tx: neo4j.ManagedTransaction, max_request: int | None) -> None:
        self._tx = tx
        self._max_request = max_request  # None for Neo4j; set for servers with FalkorDB's limits

    def run(self, query: str, parameters: Row | None = None, **kwargs: Any) -> neo4j.Result:
        params = {**(parameters or {}), **kwargs}
        if self._max_request is None:
            return self._tx.run(query, params)
        size = len(query.encode("utf-8")) + _size(params) + 64
        if size > _MAX_REQUEST_BYTES:  # refuse rather than crash the server
            raise StoreError(f"a request of {size} bytes is more than this Bolt server accepts ({_MAX_REQUEST_BYTES})")
        return self._tx.run(query, _escaped(params))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _size(value: Any) -> int:
    """Roughly what ``value`` costs on the wire (PackStream is no bigger than JSON)."""
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


def _entity(row: Row) -> Entity:
    return Entity(
        id=row["id"],
        type=EntityType(row["type"]),
        name=row["name"] or "",
        name_en=row["name_en"] or "",
        name_ko=row["name_ko"] or "",
        aliases=list(row["aliases"] or []),
        mention_count=int(row.get("mention_count") or 0),
        keys=list(row["keys"] or []),
        attributes=json.loads(row["attributes"] or "{}"),
    )


def _relation(row: Row) -> Relation:
    props = row["p"]
    return Relation(
        id=props["id"],
        source=row["source"],
        target=row["target"],
        type=RelationType(row["type"]),
        confidence=float(props["confidence"]),
        attributes=json.loads(props.get("attributes_json") or "{}"),
        evidence=[Evidence.model_validate(ev) for ev in json.loads(props.get("evidence_json") or "[]")],
    )


def _relation_props(relation: Relation) -> Row:
    return {
        "id": relation.id,
        "confidence": relation.confidence,
        "attributes_json": _dumps(relation.attributes),
        "evidence_json": _dumps([ev.model_dump(mode="json") for ev in relation.evidence]),
        "evidence": [ev.sentence for ev in relation.evidence],
        "documents": relation.documents,
    }


def _mention(row: Row) -> Mention:
    props = dict(row["p"])
    props.pop("ord", None)
    props["attributes"] = json.loads(props.pop("attributes_json", None) or "{}")
    return Mention(document_id=row["document_id"], **props)


def _mention_props(mention: Mention, order: int) -> Row:
    props = mention.model_dump(mode="json", exclude={"document_id", "attributes"})
    props["attributes_json"] = _dumps(mention.attributes)
    props["ord"] = order  # insertion order, so "most frequent surface form" ties break as in NetworkX
    return props


def _document(props: Row) -> Document:
    fields = {k: v for k, v in props.items() if k in Document.model_fields}
    return Document.model_validate(fields)


def _canonical(relation: Relation) -> Relation:
    if relation.type.symmetric and relation.target < relation.source:
        relation = relation.model_copy(update={"source": relation.target, "target": relation.source})
    return relation.model_copy(update={"id": Relation.make_id(relation.source, relation.target, relation.type)})


def _view(base: Entity, texts: Sequence[str]) -> Entity:
    """What readers see (the same rule as the NetworkX store): explicit names, else the most
    frequent surface form per script; aliases are explicit ones plus every surface form."""
    surfaces = [text for text, _ in Counter(texts).most_common()]
    name_en = base.name_en or next((s for s in surfaces if not has_hangul(s)), "")
    name_ko = base.name_ko or next((s for s in surfaces if has_hangul(s)), "")
    return base.model_copy(
        update={
            "name": base.name or name_en or name_ko,
            "name_en": name_en,
            "name_ko": name_ko,
            "aliases": list(dict.fromkeys(a for a in [*base.aliases, *surfaces] if a)),
            "mention_count": len(texts),
        }
    )


def _view_props(view: Entity, texts: Sequence[str]) -> Row:
    """The view's properties plus its search forms (see ``kg.search``): ``forms`` are the names
    and the surface forms seen in documents, ``key_forms`` the other aliases (search keys),
    ``grams`` the n-grams of ``forms``."""
    forms = sorted({normalize_name(n) for n in [view.name, view.name_en, view.name_ko, *texts] if n.strip()})
    key_forms = sorted({normalize_name(a) for a in view.aliases if a.strip()} - set(forms))
    return {
        "id": view.id,
        "name": view.name,
        "name_en": view.name_en,
        "name_ko": view.name_ko,
        "aliases": view.aliases,
        "aliases_text": " | ".join(view.aliases),  # full-text indexes want strings
        "mention_count": view.mention_count,
        "forms": forms,
        "key_forms": key_forms,
        "grams": sorted({g for f in forms for g in index_grams(f)}),
    }


def _base_props(entity: Entity) -> Row:
    return {
        "id": entity.id,
        "type": entity.type.value,
        "base_name": entity.name,
        "base_name_en": entity.name_en,
        "base_name_ko": entity.name_ko,
        "base_aliases": list(entity.aliases),
        "keys": list(entity.keys),
        "attributes_json": _dumps(entity.attributes),
    }


class Neo4jGraphStore:
    """GraphStore on a Neo4j 5 server (or any Bolt server running the portable subset).

    Example::

        store = Neo4jGraphStore(settings)      # connects lazily
        store.ping()                           # StoreUnavailableError when down / bad password
        store.search_entities("아마존")
    """

    def __init__(self, settings: Settings) -> None:
        self.uri = settings.neo4j_uri
        self.user = settings.neo4j_user
        self.database = settings.neo4j_database
        self.timeout_s = settings.neo4j_timeout_s
        self.tx_timeout_s = settings.neo4j_tx_timeout_s
        password = settings.neo4j_password.get_secret_value()
        auth = (self.user, password) if self.user else None
        scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
        if scheme not in _BOLT_SCHEMES:
            raise StoreError(
                f"NEO4J_URI={self.uri!r} is not a Bolt URI: use bolt://host:7687 or neo4j://host:7687 "
                "(7474 is the Browser's HTTP port)"
            )
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=self.timeout_s,
                connection_acquisition_timeout=self.timeout_s,
                max_transaction_retry_time=self.timeout_s,
                max_connection_pool_size=16,
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreError(f"invalid Neo4j settings (NEO4J_URI={self.uri!r}): {exc}") from exc
        # The driver has no overall deadline for a query once a connection is open; a server
        # that stops answering would block the caller forever. Calls therefore run on worker
        # threads and the caller waits at most this long.
        self._guard_s = self.timeout_s * 2 + self.tx_timeout_s + 5.0
        self._probe_s = self.timeout_s * 2 + 5.0  # ping and connection checks: no long queries
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="kg-neo4j")
        self._verified = False
        self._kind: ServerKind | None = None
        self._max_request: int | None = None
        self._lock = threading.Lock()
        self._order = 0

    # -- plumbing --------------------------------------------------------------------------
    def _unavailable(self, why: str) -> StoreUnavailableError:
        return StoreUnavailableError(f"Neo4j at {self.uri} (user {self.user!r}) is unavailable: {why}")

    def _guarded(self, fn: Callable[[], T], limit: float | None = None) -> T:
        try:
            future = self._pool.submit(fn)
        except RuntimeError as exc:  # the pool is shut down
            raise StoreError("the Neo4j store is closed") from exc
        limit = self._guard_s if limit is None else limit
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            future.cancel()
            raise self._unavailable(f"no answer within {limit:.0f}s") from None
        except neo4j_errors.AuthError as exc:
            raise self._unavailable(f"the credentials were rejected ({exc.message})") from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise self._unavailable(str(exc) or type(exc).__name__) from exc
        except neo4j_errors.TransientError as exc:
            raise self._unavailable(f"transient error persisted after retries: {exc.message}") from exc
        except neo4j_errors.DriverError as exc:
            raise self._unavailable(f"{type(exc).__name__}: {exc}") from exc
        except neo4j_errors.Neo4jError as exc:
            raise StoreError(f"Neo4j rejected a query: {exc.code}: {exc.message}") from exc

    def _connect(self) -> None:
        if self._verified:
            return

        def verify() -> None:
            try:
                self._driver.verify_connectivity()
            except neo4j_errors.Neo4jError as exc:
                # a server that fails the handshake/login with a generic error (FalkorDB does
                # for unknown users) is as unusable as one that is down
                if isinstance(exc, neo4j_errors.AuthError):
                    raise
                raise neo4j_errors.ServiceUnavailable(f"login failed: {exc.message}") from exc

        self._guarded(verify, self._probe_s)
        if self._kind is None:

            def detect() -> ServerKind:
                # Ask something only the *other* server answers: after a failed query FalkorDB
                # sometimes never answers the driver's RESET, while Neo4j 5 (which dropped
                # db.indexes()) recovers from the error at once.
                with self._driver.session(database=self.database) as session:
                    try:
                        session.run("CALL db.indexes()").consume()
                        return "other"
                    except neo4j_errors.ClientError:
                        return "neo4j"

            self._kind = self._guarded(detect, self._probe_s)
            self._max_request = None if self._kind == "neo4j" else _SMALL_REQUEST_BYTES
        self._verified = True

    def _run(self, work: Callable[[Tx], T], write: bool = False, limit: float | None = None) -> T:
        """Run ``work`` in one managed transaction (retried by the driver on transient
        errors), under the timeouts and the guard."""
        self._connect()
        max_request = self._max_request

        def adapted(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx, max_request))

        unit = neo4j.unit_of_work(timeout=self.tx_timeout_s)(adapted)

        def call() -> T:
            with self._driver.session(database=self.database) as session:
                if write:
                    return session.execute_write(unit)
                return session.execute_read(unit)

        return self._guarded(call, limit)

    def _read(self, query: str, **params: Any) -> list[Row]:
        return self._run(lambda tx: [r.data() for r in tx.run(query, params)])

    def _parts(self, query: str, items: Sequence[Any], params: Row) -> Iterator[list[Any]]:
        """``items`` in parts small enough for the server (all at once for Neo4j)."""
        limit = self._max_request
        if limit is None:
            yield list(items)
            return
        base = len(query.encode("utf-8")) + _size(params) + 64
        part: list[Any] = []
        size = base
        for item in items:
            cost = _size(item) + 1
            if base + cost > limit:
                raise StoreError(
                    f"one item of {base + cost} bytes is more than this Bolt server accepts in a request "
                    f"({limit}); a real Neo4j has no such limit"
                )
            if part and size + cost > limit:
                yield part
                part, size = [], base
            part.append(item)
            size += cost
        if part:
            yield part

    def _each(self, tx: Tx, query: str, name: str, items: Sequence[Any], **params: Any) -> list[Row]:
        """Run ``query`` with the list parameter ``name`` bound to parts of ``items``."""
        if not items:
            return []
        out: list[Row] = []
        for part in self._parts(query, items, params):
            out.extend(r.data() for r in tx.run(query, {**params, name: part}))
        return out

    def _read_each(self, query: str, name: str, items: Sequence[Any], **params: Any) -> list[Row]:
        return self._run(lambda tx: self._each(tx, query, name, items, **params))

    def _next_order(self, n: int) -> int:
        with self._lock:
            base = max(self._order, time.time_ns() // 1000)
            self._order = base + n
            return base

    # -- lifecycle -------------------------------------------------------------------------
    def ping(self) -> None:
        self._verified = False
        self._connect()
        self._run(lambda tx: tx.run("RETURN 1 AS ok").consume(), limit=self._probe_s)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._driver.close()

    def commit(self) -> None:
        """Nothing to do: every write is its own committed transaction."""

    def server_kind(self) -> ServerKind:
        """ "neo4j" for a real Neo4j, "other" for Bolt servers without Neo4j's procedures."""
        self._connect()
        assert self._kind is not None
        return self._kind

    def init_schema(self) -> list[str]:
        """Create constraints and indexes if missing (idempotent); the statements run."""
        if self.server_kind() == "neo4j":
            done = []
            for name, statement in NEO4J_ONLY.items():
                if statement.startswith("CREATE"):
                    self._execute(statement)
                    done.append(name)
            return done
        existing = {(row["label"], prop) for row in self._read("CALL db.indexes()") for prop in row["properties"]}
        done = []
        for label, prop, statement in _PORTABLE_INDEXES:
            if (label, prop) not in existing:
                self._execute(statement)
                done.append(f"{label}.{prop}")
        return done

    def _execute(self, statement: str) -> None:
        def work(tx: Tx) -> None:
            tx.run(statement).consume()

        self._run(work, write=True)

    def clear(self) -> None:
        """Delete the whole graph (tests, ``kg neo4j push --replace``)."""
        self._execute("MATCH (n) DETACH DELETE n")

    # -- write helpers (inside a transaction) ----------------------------------------------
    def _bases(self, tx: Tx, ids: Iterable[str]) -> dict[str, Entity]:
        query = f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) RETURN {_BASE_FIELDS}"
        return {r["id"]: _entity(r) for r in self._each(tx, query, "ids", sorted(set(ids)))}

    def _write_bases(self, tx: Tx, entities: Sequence[Entity]) -> None:
        by_type: dict[EntityType, list[Row]] = {}
        for entity in entities:
            by_type.setdefault(entity.type, []).append(_base_props(entity))
        for etype, rows in by_type.items():
            # the labels come from the EntityType enum, never from user text; the other types'
            # labels go (an entity whose type only a model gave may be retyped: may_retype)
            others = ":".join(t.value for t in EntityType if t is not etype)
            query = (
                f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET e += row, e:{etype.value} REMOVE e:{others}"
            )
            self._each(tx, query, "rows", rows)

    def _upsert(self, tx: Tx, entities: Sequence[Entity]) -> int:
        """Add or update entities' explicit fields (the NetworkX rules); the number new."""
        entities = list({e.id: e for e in entities}.values())
        old = self._bases(tx, (e.id for e in entities))
        merged: list[Entity] = []
        for entity in entities:
            prev = old.get(entity.id)
            if prev is None:
                merged.append(entity.model_copy(update={"aliases": list(entity.aliases), "mention_count": 0}))
                continue
            if prev.type != entity.type and not may_retype(prev, entity):
                raise StoreError(f"entity {entity.id} is a {prev.type.value}, not a {entity.type.value}")
            merged.append(
                prev.model_copy(
                    update={
                        "type": entity.type,
                        "name": entity.name or prev.name,
                        "name_en": entity.name_en or prev.name_en,
                        "name_ko": entity.name_ko or prev.name_ko,
                        "aliases": list(dict.fromkeys([*prev.aliases, *entity.aliases])),
                        "keys": list(dict.fromkeys([*prev.keys, *entity.keys])),
                        "attributes": {**prev.attributes, **entity.attributes},
                    }
                )
            )
        self._write_bases(tx, merged)
        return sum(1 for e in entities if e.id not in old)

    def _refresh_views(self, tx: Tx, ids: Iterable[str]) -> dict[str, Entity]:
        """Recompute the reader's view (names, aliases, mention count, search forms)."""
        rows = self._each(
            tx,
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) OPTIONAL MATCH (:Document)-[m:MENTIONS]->(e) "
            f"WITH e, m ORDER BY m.ord RETURN {_BASE_FIELDS}, collect(m.text) AS texts",
            "ids",
            sorted(set(ids)),
        )
        views = {r["id"]: _view(_entity(r), r["texts"]) for r in rows}
        texts = {r["id"]: r["texts"] for r in rows}
        self._each(
            tx,
            "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) SET e += row",
            "rows",
            [_view_props(v, texts[v.id]) for v in views.values()],
        )
        return views

    def _mention_rows(self, pairs: Sequence[tuple[str, Mention]]) -> list[Row]:
        base = self._next_order(len(pairs))
        return [
            {"doc": m.document_id, "entity": eid, "start": m.start, "end": m.end, "props": _mention_props(m, base + i)}
            for i, (eid, m) in enumerate(pairs)
        ]

    def _write_mentions(self, tx: Tx, rows: Sequence[Row]) -> None:
        self._each(tx, _WRITE_MENTIONS, "rows", rows)

    def _check_fits(self, batch: DocumentBatch, mention_rows: Sequence[Row]) -> None:
        """On servers that take small requests and cannot roll back, find an oversized
        mention or relation before anything is written."""
        if self._max_request is None:
            return
        for _ in self._parts(_WRITE_MENTIONS, mention_rows, {}):
            pass
        rows = [{"s": r.source, "t": r.target, "props": _relation_props(_canonical(r))} for r in batch.relations]
        for _ in self._parts(_WRITE_RELATIONS, rows, {}):
            pass

    def _relations_by_ids(self, tx: Tx, wanted: Iterable[Relation]) -> dict[str, Relation]:
        """Stored relations for canonical (source, target, id) triples, found from their ends
        so the lookup uses the entity id index."""
        result = self._each(
            tx,
            "UNWIND $rows AS row MATCH (a:Entity {id: row.s})-[r]->(b:Entity {id: row.t}) "
            f"WHERE r.id = row.id RETURN {_REL_FIELDS}",
            "rows",
            [{"s": r.source, "t": r.target, "id": r.id} for r in wanted],
        )
        return {r["p"]["id"]: _relation(r) for r in result}

    def _write_relations(self, tx: Tx, relations: Sequence[Relation]) -> None:
        by_type: dict[RelationType, list[Row]] = {}
        for rel in relations:
            by_type.setdefault(rel.type, []).append({"s": rel.source, "t": rel.target, "props": _relation_props(rel)})
        for rtype, rows in by_type.items():
            # the type comes from the RelationType enum, never from user text
            self._each(tx, _WRITE_RELATIONS.replace("REL_TYPE", rtype.value), "rows", rows)

    def _delete_relations(self, tx: Tx, relations: Sequence[Relation]) -> None:
        self._each(
            tx,
            "UNWIND $rows AS row MATCH (a:Entity {id: row.s})-[r]->(b:Entity {id: row.t}) WHERE r.id = row.id DELETE r",
            "rows",
            [{"s": r.source, "t": r.target, "id": r.id} for r in relations],
        )

    def _add_relations(self, tx: Tx, relations: Sequence[Relation]) -> int:
        """Merge relations into the graph, evidence deduplicated by key; the number new."""
        incoming = [_canonical(r) for r in relations]
        stored = self._relations_by_ids(tx, incoming)
        existed = set(stored)
        for rel in incoming:
            prev = stored.get(rel.id)
            if prev is None:
                evidence = list({ev.key: ev for ev in rel.evidence}.values())
                stored[rel.id] = rel.model_copy(
                    update={"evidence": evidence, "confidence": aggregate_confidence(evidence) or rel.confidence}
                )
            else:
                merged = {ev.key: ev for ev in prev.evidence}
                merged.update({ev.key: ev for ev in rel.evidence})
                evidence = list(merged.values())
                stored[rel.id] = prev.model_copy(
                    update={
                        "evidence": evidence,
                        "attributes": {**prev.attributes, **rel.attributes},
                        "confidence": aggregate_confidence(evidence) or max(prev.confidence, rel.confidence),
                    }
                )
        touched = {r.id for r in incoming}
        self._write_relations(tx, [stored[rid] for rid in sorted(touched)])
        return len(touched - existed)

    def _set_evidence(self, tx: Tx, updates: Sequence[tuple[Relation, list[Evidence]]]) -> None:
        gone = [rel for rel, evidence in updates if not evidence]
        kept = [
            rel.model_copy(update={"evidence": evidence, "confidence": aggregate_confidence(evidence)})
            for rel, evidence in updates
            if evidence
        ]
        self._delete_relations(tx, gone)
        self._write_relations(tx, kept)

    def _append_merges(self, tx: Tx, pairs: Sequence[tuple[str, MergeRecord]]) -> None:
        """Append (entity id, record) pairs to each entity's audit trail."""
        self._each(
            tx,
            "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) SET e.merges = coalesce(e.merges, []) + [row.record]",
            "rows",
            [{"id": eid, "record": _dumps(r.model_dump(mode="json"))} for eid, r in pairs],
        )

    def append_merges(self, entity_id: str, records: Sequence[MergeRecord]) -> None:
        """Add records to an entity's resolution history as they are (``kg neo4j push`` copies
        the history an entity inherited from merged ones this way)."""

        def work(tx: Tx) -> None:
            self._append_merges(tx, [(entity_id, r) for r in records])

        self._run(work, write=True)

    @staticmethod
    def _doc_exists(tx: Tx, document_id: str) -> bool:
        return tx.run("MATCH (d:Document {id: $id}) RETURN d.id AS id", id=document_id).single() is not None

    def _delete_document(self, tx: Tx, document_id: str) -> None:
        rels = tx.run(
            "MATCH (d:Document {id: $doc})-[:MENTIONS]->(:Entity)-[r]-(:Entity) "
            f"WHERE $doc IN r.documents RETURN DISTINCT {_REL_FIELDS}",
            doc=document_id,
        )
        relations = [_relation(r.data()) for r in rels]
        self._set_evidence(
            tx, [(rel, [ev for ev in rel.evidence if ev.document_id != document_id]) for rel in relations]
        )
        entity_ids = [
            r["id"]
            for r in tx.run(
                "MATCH (d:Document {id: $doc})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id", doc=document_id
            )
        ]
        tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=document_id).consume()
        orphans = [
            r["id"]
            for r in self._each(
                tx,
                "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE NOT ()-[:MENTIONS]->(e) RETURN e.id AS id",
                "ids",
                entity_ids,
            )
        ]
        self._each(tx, "UNWIND $ids AS id MATCH (e:Entity {id: id}) DETACH DELETE e", "ids", orphans)
        self._refresh_views(tx, set(entity_ids) - set(orphans))

    # -- writes ----------------------------------------------------------------------------
    def write_document(self, batch: DocumentBatch) -> WriteResult:
        doc = batch.document

        def work(tx: Tx) -> WriteResult:
            if self._doc_exists(tx, doc.id):
                return WriteResult(written=False)
            # validate before touching anything so a bad batch leaves the graph as it was
            known = {e.id: e for e in batch.entities}
            referenced = {eid for eid, _ in batch.mentions} | {x for r in batch.relations for x in (r.source, r.target)}
            stored_types = {
                r["id"]: r["type"]
                for r in self._each(
                    tx,
                    "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, e.type AS type",
                    "ids",
                    sorted(referenced | set(known)),
                )
            }
            for entity_id, mention in batch.mentions:
                if entity_id not in known and entity_id not in stored_types:
                    raise StoreError(f"mention {mention.text!r} points at unknown entity {entity_id}")
                if mention.document_id != doc.id:
                    raise StoreError(f"mention {mention.text!r} belongs to {mention.document_id}, not {doc.id}")
            for relation in batch.relations:
                for end in (relation.source, relation.target):
                    if end not in known and end not in stored_types:
                        raise StoreError(f"relation {relation.type.value} points at unknown entity {end}")
            for entity in batch.entities:
                if entity.id in stored_types and stored_types[entity.id] != entity.type.value:
                    raise StoreError(f"entity {entity.id} changes type to {entity.type.value}")

            mention_rows = self._mention_rows(batch.mentions)
            self._check_fits(batch, mention_rows)

            replaced = None
            if doc.source:
                row = tx.run("MATCH (d:Document {source: $source}) RETURN d.id AS id", source=doc.source).single()
                if row is not None and row["id"] != doc.id:
                    replaced = row["id"]
                    self._delete_document(tx, replaced)
            try:
                new_entities = self._upsert(tx, batch.entities)
                tx.run(
                    "MERGE (d:Document {id: $id}) SET d += $props",
                    id=doc.id,
                    props={k: v for k, v in doc.model_dump(mode="json").items() if v is not None},
                ).consume()
                self._write_mentions(tx, mention_rows)
                new_relations = self._add_relations(tx, batch.relations)
                self._append_merges(tx, [(r.entity_id, r) for r in batch.merges])
                self._refresh_views(tx, {e.id for e in batch.entities} | {eid for eid, _ in batch.mentions})
            except Exception:
                if self._kind != "neo4j":  # no rollback on this server: undo by hand, best effort
                    with contextlib.suppress(Exception):
                        self._delete_document(tx, doc.id)
                        self._each(
                            tx,
                            "UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE NOT ()-[:MENTIONS]->(e) DETACH DELETE e",
                            "ids",
                            sorted(set(known) - set(stored_types)),
                        )
                raise
            return WriteResult(written=True, replaced=replaced, new_entities=new_entities, new_relations=new_relations)

        return self._run(work, write=True)

    def delete_document(self, document_id: str) -> bool:
        def work(tx: Tx) -> bool:
            if not self._doc_exists(tx, document_id):
                return False
            self._delete_document(tx, document_id)
            return True

        return self._run(work, write=True)

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        def work(tx: Tx) -> None:
            self._upsert(tx, entities)
            self._refresh_views(tx, (e.id for e in entities))

        self._run(work, write=True)

    def merge_entities(self, keep_id: str, other_id: str, record: MergeRecord) -> Entity:
        if keep_id == other_id:
            raise StoreError("cannot merge an entity with itself")

        def work(tx: Tx) -> Entity:
            bases = self._bases(tx, [keep_id, other_id])
            for eid in (keep_id, other_id):
                if eid not in bases:
                    raise NotFoundError(f"no entity {eid!r}")
            keep, other = bases[keep_id], bases[other_id]
            if (keep.type == EntityType.PERSON) != (other.type == EntityType.PERSON):
                raise StoreError(
                    f"a {keep.type.value} cannot merge with a {other.type.value} ({keep.name!r}, {other.name!r})"
                )
            self._upsert(
                tx,
                [
                    keep.model_copy(
                        update={
                            "name_en": keep.name_en or other.name_en,
                            "name_ko": keep.name_ko or other.name_ko,
                            "aliases": [*keep.aliases, *other.aliases],
                            "keys": [*keep.keys, *other.keys],
                        }
                    )
                ],
            )
            # mentions keep their properties (and insertion order) on the new end
            tx.run(
                "MATCH (d:Document)-[m:MENTIONS]->(o:Entity {id: $other}) MATCH (k:Entity {id: $keep}) "
                "MERGE (d)-[n:MENTIONS {start: m.start, `end`: m.`end`}]->(k) SET n += properties(m) DELETE m",
                other=other_id,
                keep=keep_id,
            ).consume()
            relations = [
                _relation(r.data())
                for r in tx.run(
                    f"MATCH (o:Entity {{id: $id}})-[r]-(:Entity) RETURN DISTINCT {_REL_FIELDS}", id=other_id
                )
            ]
            history = tx.run("MATCH (o:Entity {id: $id}) RETURN o.merges AS merges", id=other_id).single()
            tx.run("MATCH (o:Entity {id: $id}) DETACH DELETE o", id=other_id).consume()
            moved = []
            for rel in relations:
                source = keep_id if rel.source == other_id else rel.source
                target = keep_id if rel.target == other_id else rel.target
                if source != target:  # a relation between the two merged halves means nothing
                    moved.append(rel.model_copy(update={"source": source, "target": target}))
            self._add_relations(tx, moved)
            # the other entity's history comes along unchanged (its records still name it)
            records = [MergeRecord.model_validate_json(m) for m in (history["merges"] or [])] if history else []
            records.append(record.model_copy(update={"entity_id": keep_id, "other_entity_id": other_id}))
            self._append_merges(tx, [(keep_id, r) for r in records])
            return self._refresh_views(tx, [keep_id])[keep_id]

        return self._run(work, write=True)

    def split_entity(self, entity_id: str, alias: str, new_entity: Entity) -> Entity:
        wanted = normalize_name(alias)

        def work(tx: Tx) -> Entity:
            bases = self._bases(tx, [entity_id, new_entity.id])
            if entity_id not in bases:
                raise NotFoundError(f"no entity {entity_id!r}")
            if new_entity.id in bases:
                raise StoreError(f"entity {new_entity.id} already exists")
            base = bases[entity_id]
            mention_rows = [
                r.data()
                for r in tx.run(
                    f"MATCH (d:Document)-[m:MENTIONS]->(e:Entity {{id: $id}}) RETURN {_MENTION_FIELDS}", id=entity_id
                )
            ]
            moved = [r for r in mention_rows if normalize_name(r["p"]["text"]) == wanted]
            if not moved and not any(normalize_name(a) == wanted for a in base.aliases):
                raise NotFoundError(f"entity {entity_id} has no alias {alias!r}")
            if moved and len(moved) == len(mention_rows):
                raise StoreError(f"every mention of {entity_id} is {alias!r}; nothing would remain")
            new_keys = set(new_entity.keys)
            self._write_bases(
                tx,
                [
                    base.model_copy(
                        update={
                            "aliases": [a for a in base.aliases if normalize_name(a) != wanted],
                            "keys": [k for k in base.keys if k not in new_keys],
                            "name": "" if normalize_name(base.name) == wanted else base.name,
                            "name_en": "" if normalize_name(base.name_en) == wanted else base.name_en,
                            "name_ko": "" if normalize_name(base.name_ko) == wanted else base.name_ko,
                        }
                    )
                ],
            )
            self._upsert(tx, [new_entity])
            self._each(
                tx,
                "UNWIND $rows AS row MATCH (d:Document {id: row.doc})"
                "-[m:MENTIONS {start: row.start, `end`: row.`end`}]->(e:Entity {id: $old}) MATCH (n:Entity {id: $new}) "
                "MERGE (d)-[m2:MENTIONS {start: m.start, `end`: m.`end`}]->(n) SET m2 += properties(m) DELETE m",
                "rows",
                [{"doc": r["document_id"], "start": r["p"]["start"], "end": r["p"]["end"]} for r in moved],
                old=entity_id,
                new=new_entity.id,
            )
            # evidence read off a moved mention moves with it
            moved_spans = {(r["document_id"], r["p"]["start"], r["p"]["end"]) for r in moved}
            relations = [
                _relation(r.data())
                for r in tx.run(
                    f"MATCH (e:Entity {{id: $id}})-[r]-(:Entity) RETURN DISTINCT {_REL_FIELDS}", id=entity_id
                )
            ]
            updates: list[tuple[Relation, list[Evidence]]] = []
            additions: list[Relation] = []
            for rel in relations:
                keep_ev, move_src, move_tgt = partition_evidence(rel, entity_id, moved_spans)
                if move_src or move_tgt:
                    updates.append((rel, keep_ev))
                    if move_src:
                        additions.append(rel.model_copy(update={"source": new_entity.id, "evidence": move_src}))
                    if move_tgt:
                        additions.append(rel.model_copy(update={"target": new_entity.id, "evidence": move_tgt}))
            self._set_evidence(tx, updates)
            self._add_relations(tx, additions)
            split = MergeRecord(
                entity_id=new_entity.id, alias=alias, reason="split", score=1.0, other_entity_id=entity_id
            )
            self._append_merges(tx, [(new_entity.id, split)])
            return self._refresh_views(tx, [entity_id, new_entity.id])[new_entity.id]

        return self._run(work, write=True)

    # -- reads -----------------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document | None:
        rows = self._read("MATCH (d:Document {id: $id}) RETURN properties(d) AS p", id=document_id)
        return _document(rows[0]["p"]) if rows else None

    def document_by_source(self, source: str) -> Document | None:
        rows = self._read("MATCH (d:Document {source: $source}) RETURN properties(d) AS p", source=source)
        return _document(rows[0]["p"]) if rows else None

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]:
        rows = self._read(
            "MATCH (d:Document) RETURN properties(d) AS p ORDER BY d.title, d.id SKIP $offset LIMIT $limit",
            offset=max(offset, 0),
            limit=max(limit, 0),
        )
        return [_document(r["p"]) for r in rows]

    def document_entities(self, document_id: str) -> list[str]:
        rows = self._read(
            "MATCH (d:Document {id: $id})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id ORDER BY id",
            id=document_id,
        )
        return [r["id"] for r in rows]

    def document_relations(self, document_id: str) -> list[str]:
        rows = self._read(
            "MATCH (d:Document {id: $doc})-[:MENTIONS]->(:Entity)-[r]-(:Entity) WHERE $doc IN r.documents "
            "RETURN DISTINCT r.id AS id ORDER BY id",
            doc=document_id,
        )
        return [r["id"] for r in rows]

    def get_entity(self, entity_id: str) -> Entity | None:
        return self.get_entities([entity_id])[0]

    def get_entities(self, entity_ids: Sequence[str]) -> list[Entity | None]:
        if not entity_ids:
            return []
        rows = self._read_each(
            f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) RETURN {_ENTITY_FIELDS}", "ids", sorted(set(entity_ids))
        )
        found = {r["id"]: _entity(r) for r in rows}
        return [found.get(eid) for eid in entity_ids]

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        if not keys:
            return {}
        rows = self._read_each(
            "MATCH (e:Entity) WHERE any(k IN e.keys WHERE k IN $keys) "
            "UNWIND [k IN e.keys WHERE k IN $keys] AS key RETURN key, collect(e.id) AS ids",
            "keys",
            sorted(set(keys)),
        )
        return {r["key"]: sorted(set(r["ids"])) for r in rows}

    def find_by_name(self, name: str) -> list[str]:
        form = normalize_name(name)
        if not form:
            return []
        rows = self._read(
            "MATCH (e:Entity) WHERE $form IN e.forms OR $form IN coalesce(e.key_forms, []) "
            "RETURN e.id AS id ORDER BY id",
            form=form,
        )
        return [r["id"] for r in rows]

    def search_entities(
        self, query: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[tuple[str, float]]:
        q = normalize_name(query)
        if not q:
            return []
        extra = [normalize_name(k) for k in _search_keys(query)]
        # Candidates come from the server (prefix, shared n-grams, alternative spellings);
        # scoring is the NetworkX store's NameIndex, so both backends rank alike.
        rows = self._read(
            "MATCH (e:Entity) WHERE $types IS NULL OR e.type IN $types "
            "WITH e, size([g IN e.grams WHERE g IN $grams]) AS shared, "
            "any(f IN e.forms + coalesce(e.key_forms, []) WHERE f STARTS WITH $q OR f IN $extra) AS direct "
            "WHERE direct OR shared > 0 "
            "RETURN e.id AS id, e.forms AS forms, e.key_forms AS keys, e.mention_count AS n "
            "ORDER BY direct DESC, shared DESC LIMIT 2000",
            types=[t.value for t in types] if types else None,
            grams=sorted(ngrams(q)),
            q=q,
            extra=extra,
        )
        index = NameIndex()
        popularity: dict[str, int] = {}
        for row in rows:
            index.add(row["id"], row["forms"] or [], row["keys"] or [])
            popularity[row["id"]] = int(row["n"] or 0)
        return index.search(query, limit=limit, popularity=lambda e: popularity.get(e, 0), extra_forms=extra)

    def mentions_of(self, entity_id: str, limit: int | None = None) -> list[Mention]:
        rows = self._read(
            f"MATCH (d:Document)-[m:MENTIONS]->(e:Entity {{id: $id}}) RETURN {_MENTION_FIELDS} "
            "ORDER BY d.id, m.start, m.`end`" + (" LIMIT $limit" if limit is not None else ""),
            id=entity_id,
            limit=limit,
        )
        return [_mention(r) for r in rows]

    def merges_of(self, entity_id: str) -> list[MergeRecord]:
        rows = self._read("MATCH (e:Entity {id: $id}) RETURN e.merges AS merges", id=entity_id)
        if not rows:
            return []
        return [MergeRecord.model_validate_json(m) for m in rows[0]["merges"] or []]

    def get_relation(self, relation_id: str) -> Relation | None:
        return self.get_relations([relation_id])[0]

    def get_relations(self, relation_ids: Sequence[str]) -> list[Relation | None]:
        if not relation_ids:
            return []
        # Relations are looked up by id alone; Neo4j serves this from the per-type
        # relationship indexes ``kg neo4j init`` creates.
        rows = self._read_each(
            f"MATCH (:Entity)-[r:{_REL_TYPES}]->(:Entity) WHERE r.id IN $ids RETURN {_REL_FIELDS}",
            "ids",
            sorted(set(relation_ids)),
        )
        found = {r["p"]["id"]: _relation(r) for r in rows}
        return [found.get(rid) for rid in relation_ids]

    def relations_of(
        self,
        entity_id: str,
        direction: Direction = "both",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        pattern = {"out": "(e)-[r]->(o:Entity)", "in": "(e)<-[r]-(o:Entity)", "both": "(e)-[r]-(o:Entity)"}[direction]
        rows = self._read(
            f"MATCH (e:Entity {{id: $id}}) MATCH {pattern} WHERE $types IS NULL OR type(r) IN $types "
            f"RETURN DISTINCT {_REL_FIELDS}",
            id=entity_id,
            types=[t.value for t in types] if types else None,
        )
        found = {r["p"]["id"]: _relation(r) for r in rows}
        return sorted(found.values(), key=lambda r: (-r.confidence, r.type.value, r.id))

    def _adjacent(self, frontier: Sequence[str], types: Sequence[RelationType] | None) -> list[Row]:
        """One breadth-first step: (from, to, relation id, confidence) for every relation
        touching the frontier, in either direction."""
        return self._read_each(
            "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]-(b:Entity) "
            "WHERE $types IS NULL OR type(r) IN $types "
            "RETURN DISTINCT a.id AS a, b.id AS b, r.id AS rid, r.confidence AS confidence",
            "ids",
            list(frontier),
            types=[t.value for t in types] if types else None,
        )

    def neighbors(
        self, entity_id: str, depth: int = 1, types: Sequence[RelationType] | None = None
    ) -> list[tuple[str, int]]:
        if self.get_entity(entity_id) is None:
            return []
        dist = {entity_id: 0}
        frontier = [entity_id]
        for hop in range(1, depth + 1):
            if not frontier:
                break
            rows = self._read_each(
                "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]-(b:Entity) "
                "WHERE $types IS NULL OR type(r) IN $types RETURN DISTINCT b.id AS b",
                "ids",
                frontier,
                types=[t.value for t in types] if types else None,
            )
            nxt = sorted({row["b"] for row in rows} - set(dist))
            for other in nxt:
                dist[other] = hop
            frontier = nxt
        del dist[entity_id]
        return sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[Relation]]:
        if source_id == target_id or None in self.get_entities([source_id, target_id]):
            return []
        preds: dict[str, list[tuple[str, str]]] = {source_id: []}  # node -> [(prev, relation id)]
        frontier = [source_id]
        hops = 0
        while frontier and target_id not in preds and hops < max_hops:
            hops += 1
            best: dict[tuple[str, str], tuple[float, str]] = {}
            for row in self._adjacent(frontier, None):
                if row["b"] in preds:
                    continue
                pair = (row["a"], row["b"])
                # parallel relations collapse into the most confident one (ties: smaller id)
                candidate = (float(row["confidence"]), row["rid"])
                if pair not in best or (candidate[0], best[pair][1]) > (best[pair][0], candidate[1]):
                    best[pair] = candidate
            level: dict[str, list[tuple[str, str]]] = {}
            for (prev, node), (_, rid) in sorted(best.items()):
                level.setdefault(node, []).append((prev, rid))
            preds.update(level)
            frontier = sorted(level)
        if target_id not in preds:
            return []
        routes: list[list[str]] = []

        def walk(node: str, tail: list[str]) -> None:
            if len(routes) >= _MAX_PATHS:
                return
            if node == source_id:
                routes.append(list(reversed(tail)))
                return
            for prev, rid in preds[node]:
                walk(prev, [*tail, rid])

        walk(target_id, [])
        relations = {r.id: r for r in self.get_relations(sorted({rid for route in routes for rid in route})) if r}
        return [[relations[rid] for rid in route] for route in routes if all(rid in relations for rid in route)]

    def shortest_paths_neo4j(self, source_id: str, target_id: str, max_hops: int = 4) -> list[list[str]]:
        """Node-id routes from Neo4j's ``allShortestPaths`` (real Neo4j only); the analyst's
        query in docs/neo4j.md, checked against ``shortest_paths`` by tests/neo4j_real."""
        if self.server_kind() != "neo4j":
            raise StoreError("allShortestPaths needs a real Neo4j server")
        statement = NEO4J_ONLY["shortest_paths"] % int(max_hops)
        rows = self._read(statement, source=source_id, target=target_id)
        return [list(route) for route in sorted({tuple(r["nodes"]) for r in rows})]

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]:
        after = ""
        while True:
            rows = self._read(
                "MATCH (e:Entity) WHERE e.id > $after AND ($types IS NULL OR e.type IN $types) "
                f"RETURN {_ENTITY_FIELDS} ORDER BY e.id LIMIT $n",
                after=after,
                types=[t.value for t in types] if types else None,
                n=_PAGE,
            )
            for row in rows:
                yield _entity(row)
            if len(rows) < _PAGE:
                return
            after = rows[-1]["id"]

    def iter_relations(self) -> Iterator[Relation]:
        # page over source entities (index order), then their outgoing relations
        after = ""
        while True:
            rows = self._read(
                "MATCH (e:Entity) WHERE e.id > $after WITH e ORDER BY e.id LIMIT $n "
                "OPTIONAL MATCH (e)-[r]->(:Entity) "
                "RETURN e.id AS entity, collect(CASE WHEN r IS NULL THEN NULL ELSE "
                "{source: startNode(r).id, target: endNode(r).id, type: type(r), p: properties(r)} END) AS rels "
                "ORDER BY entity",
                after=after,
                n=_PAGE,
            )
            for row in rows:
                yield from sorted((_relation(r) for r in row["rels"] if r), key=lambda r: r.id)
            if len(rows) < _PAGE:
                return
            after = rows[-1]["entity"]

    def stats(self) -> StoreStats:
        def work(tx: Tx) -> StoreStats:
            docs = {r["k"]: r["n"] for r in tx.run("MATCH (d:Document) RETURN d.language AS k, count(d) AS n")}
            ents = {r["k"]: r["n"] for r in tx.run("MATCH (e:Entity) RETURN e.type AS k, count(e) AS n")}
            rels = {r["k"]: r["n"] for r in tx.run("MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS k, count(r) AS n")}
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

        return self._run(work)


def _search_keys(query: str) -> list[str]:
    """The resolver's cross-script query keys (romanised/phonetic forms), when it has them."""
    from kg import resolve

    fn = getattr(resolve, "search_keys", None)
    return list(fn(query)) if fn is not None else []
