"""The connection to a Bolt server: the driver, its timeouts and retries, and the adaptation of
requests to servers other than Neo4j.

Every call runs in a managed transaction (retried by the driver on transient errors) under
connection and transaction timeouts, plus a wall-clock guard: the driver has no overall
deadline once a connection is open, so a server that stops answering would otherwise block
the caller forever. A server that is down, hangs or rejects the credentials surfaces as
``StoreUnavailableError``; a rejected query as ``StoreError``.

FalkorDB (the Bolt server of the tests) differs from Neo4j in three ways handled here: it
crashes on a request over ~4 KB (list parameters go in parts, an oversized single value is
refused), it splices string parameters into the query unescaped (``escaped``), and it cannot
roll a transaction back (``Connection.rollback_capable``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal, TypeVar

import neo4j

from kg.config import Settings
from kg.store.neo4j.codec import Row
from schema.errors import StoreError, StoreUnavailableError

__all__ = ["Connection", "ServerKind", "Tx", "escaped"]

neo4j_errors = neo4j.exceptions

T = TypeVar("T")
ServerKind = Literal["neo4j", "other"]

# For servers other than Neo4j every list parameter is sent in parts below the first size, and
# a request over the second (an oversized single value) is refused instead of sent.
SMALL_REQUEST_BYTES = 3300
MAX_REQUEST_BYTES = 3900
BOLT_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


def escaped(value: Any) -> Any:
    """FalkorDB splices string parameters into the query text between single quotes without
    escaping them (``it's`` fails); escaping backslashes and quotes restores the exact text.

    >>> escaped({"name": "it's", "list": ["a\\\\b"]})
    {'name': "it\\\\'s", 'list': ['a\\\\\\\\b']}
    """
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    return value


def wire_size(value: Any) -> int:
    """Roughly what ``value`` costs on the wire (PackStream is no bigger than JSON)."""
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


def parts(query: str, items: Sequence[Any], params: Row, limit: int | None) -> Iterator[list[Any]]:
    """``items`` in parts small enough for a server that takes requests of at most ``limit``
    bytes (all at once when ``limit`` is None: Neo4j)."""
    if limit is None:
        yield list(items)
        return
    base = len(query.encode("utf-8")) + wire_size(params) + 64
    part: list[Any] = []
    size = base
    for item in items:
        cost = wire_size(item) + 1
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


class Tx:
    """A managed transaction whose ``run`` adapts parameters to the server."""

    def __init__(self, tx: neo4j.ManagedTransaction, max_request: int | None) -> None:
        self._tx = tx
        self.max_request = max_request  # None for Neo4j; set for servers with FalkorDB's limits

    def run(self, query: str, parameters: Row | None = None, **kwargs: Any) -> neo4j.Result:
        params = {**(parameters or {}), **kwargs}
        if self.max_request is None:
            return self._tx.run(query, params)
        size = len(query.encode("utf-8")) + wire_size(params) + 64
        if size > MAX_REQUEST_BYTES:  # refuse rather than crash the server
            raise StoreError(f"a request of {size} bytes is more than this Bolt server accepts ({MAX_REQUEST_BYTES})")
        return self._tx.run(query, escaped(params))

    def rows(self, query: str, **params: Any) -> list[Row]:
        return [r.data() for r in self.run(query, params)]

    def each(self, query: str, name: str, items: Sequence[Any], **params: Any) -> list[Row]:
        """Run ``query`` with the list parameter ``name`` bound to parts of ``items``."""
        if not items:
            return []
        out: list[Row] = []
        for part in parts(query, items, params, self.max_request):
            out.extend(r.data() for r in self.run(query, {**params, name: part}))
        return out


class Connection:
    """The driver of one Bolt server, with the timeouts, the guard and the server's kind."""

    def __init__(self, settings: Settings) -> None:
        self.uri = settings.neo4j_uri
        self.user = settings.neo4j_user
        self.database = settings.neo4j_database
        self.timeout_s = settings.neo4j_timeout_s
        self.tx_timeout_s = settings.neo4j_tx_timeout_s
        password = settings.neo4j_password.get_secret_value()
        auth = (self.user, password) if self.user else None
        scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
        if scheme not in BOLT_SCHEMES:
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
        self.guard_s = self.timeout_s * 2 + self.tx_timeout_s + 5.0
        self.probe_s = self.timeout_s * 2 + 5.0  # ping and connection checks: no long queries
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="kg-neo4j")
        self._verified = False
        self.kind: ServerKind | None = None
        self.max_request: int | None = None
        self._lock = threading.Lock()
        self._order = 0

    # -- errors and the guard --------------------------------------------------------------
    def _unavailable(self, why: str) -> StoreUnavailableError:
        return StoreUnavailableError(f"Neo4j at {self.uri} (user {self.user!r}) is unavailable: {why}")

    def guarded(self, fn: Callable[[], T], limit: float | None = None) -> T:
        """``fn()`` on a worker thread, waiting at most ``limit`` seconds, driver errors
        translated."""
        try:
            future = self._pool.submit(fn)
        except RuntimeError as exc:  # the pool is shut down
            raise StoreError("the Neo4j store is closed") from exc
        limit = self.guard_s if limit is None else limit
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

    # -- connecting ------------------------------------------------------------------------
    def _verify(self) -> None:
        try:
            self._driver.verify_connectivity()
        except neo4j_errors.Neo4jError as exc:
            # a server that fails the handshake/login with a generic error (FalkorDB does
            # for unknown users) is as unusable as one that is down
            if isinstance(exc, neo4j_errors.AuthError):
                raise
            raise neo4j_errors.ServiceUnavailable(f"login failed: {exc.message}") from exc

    def _detect(self) -> ServerKind:
        # Ask something only the *other* server answers: after a failed query FalkorDB
        # sometimes never answers the driver's RESET, while Neo4j 5 (which dropped
        # db.indexes()) recovers from the error at once.
        with self._driver.session(database=self.database) as session:
            try:
                session.run("CALL db.indexes()").consume()
                return "other"
            except neo4j_errors.ClientError:
                return "neo4j"

    def connect(self, again: bool = False) -> None:
        """Check the server answers and accepts the credentials (once, or ``again``), and
        learn its kind."""
        if again:
            self._verified = False
        if self._verified:
            return
        self.guarded(self._verify, self.probe_s)
        if self.kind is None:
            self.kind = self.guarded(self._detect, self.probe_s)
            self.max_request = None if self.kind == "neo4j" else SMALL_REQUEST_BYTES
        self._verified = True

    def server_kind(self) -> ServerKind:
        """ "neo4j" for a real Neo4j, "other" for Bolt servers without Neo4j's procedures."""
        self.connect()
        assert self.kind is not None
        return self.kind

    @property
    def rollback_capable(self) -> bool:
        """Whether a failed transaction leaves nothing behind (not on FalkorDB)."""
        return self.kind == "neo4j"

    # -- transactions ----------------------------------------------------------------------
    def run(self, work: Callable[[Tx], T], write: bool = False, limit: float | None = None) -> T:
        """Run ``work`` in one managed transaction (retried by the driver on transient
        errors), under the timeouts and the guard."""
        self.connect()
        max_request = self.max_request

        def adapted(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx, max_request))

        unit = neo4j.unit_of_work(timeout=self.tx_timeout_s)(adapted)

        def call() -> T:
            with self._driver.session(database=self.database) as session:
                if write:
                    return session.execute_write(unit)
                return session.execute_read(unit)

        return self.guarded(call, limit)

    def read(self, query: str, **params: Any) -> list[Row]:
        return self.run(lambda tx: tx.rows(query, **params))

    def read_each(self, query: str, name: str, items: Sequence[Any], **params: Any) -> list[Row]:
        return self.run(lambda tx: tx.each(query, name, items, **params))

    def execute(self, statement: str) -> None:
        def work(tx: Tx) -> None:
            tx.run(statement).consume()

        self.run(work, write=True)

    def next_order(self, n: int) -> int:
        """The first of ``n`` increasing insertion-order numbers, unique across calls."""
        with self._lock:
            base = max(self._order, time.time_ns() // 1000)
            self._order = base + n
            return base

    def ping(self) -> None:
        self.connect(again=True)
        self.run(lambda tx: tx.run("RETURN 1 AS ok").consume(), limit=self.probe_s)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._driver.close()
