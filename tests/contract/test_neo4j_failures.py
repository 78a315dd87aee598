"""Neo4jGraphStore when the server is down, silent, or refuses the login: a clear
StoreUnavailableError within the configured timeouts, never a hang."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from kg.config import Settings
from kg.store import open_store
from kg.store.neo4j import Neo4jGraphStore
from schema.errors import StoreError, StoreUnavailableError
from schema.types import EntityType
from tests.bolt import BoltServer, free_port

pytestmark = pytest.mark.bolt


def _settings(uri: str, user: str = "neo4j", password: str = "x", timeout: float = 1.0) -> Settings:
    return Settings(
        backend="neo4j", NEO4J_URI=uri, NEO4J_USER=user, NEO4J_PASSWORD=password, NEO4J_TIMEOUT=timeout,
        NEO4J_TX_TIMEOUT=timeout,
    )  # fmt: skip


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP listener that accepts connections and never says a word (a hung server)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                accepted.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_nothing_listening_is_unavailable_quickly() -> None:
    store = Neo4jGraphStore(_settings(f"bolt://127.0.0.1:{free_port()}"))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="unavailable") as info:
        store.ping()
    assert time.monotonic() - started < 15
    assert info.value.code == "KG201" and "bolt://127.0.0.1:" in str(info.value)
    with pytest.raises(StoreUnavailableError):
        store.get_entity("ent:x")  # every call, not only ping
    store.close()


def test_a_silent_server_is_unavailable_not_a_hang(silent_server: int) -> None:
    store = open_store(_settings(f"bolt://127.0.0.1:{silent_server}", timeout=1.0))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError):
        store.search_entities("amazon")
    assert time.monotonic() - started < 15
    store.close()


def test_wrong_credentials_are_unavailable(bolt_server: BoltServer) -> None:
    store = Neo4jGraphStore(_settings(bolt_server.uri, user="neo4j", password="wrong", timeout=2.0))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="neo4j"):
        store.ping()
    assert time.monotonic() - started < 20
    store.close()


def test_right_credentials_ping(bolt_settings: Settings) -> None:
    store = Neo4jGraphStore(bolt_settings)
    store.ping()
    assert store.server_kind() == "other"  # FalkorDB, not a real Neo4j
    store.close()
    with pytest.raises(StoreError):
        store.get_entity("ent:x")  # closed stores say so


def test_invalid_uri_is_a_settings_error() -> None:
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jGraphStore(_settings("http://localhost:7474"))


def test_a_request_too_big_for_the_test_server_is_refused_not_sent(bolt_settings: Settings) -> None:
    """FalkorDB crashes on requests over ~4 KB; the store refuses them and the server lives
    on (a real Neo4j takes them: there the limit does not apply)."""
    from tests.bolt import wipe_graph
    from tests.contract.builders import DocBuilder

    wipe_graph(bolt_settings)
    store = Neo4jGraphStore(bolt_settings)
    try:
        b = DocBuilder("doc:huge").sentence("Amazon " + "and so on " * 600 + ".").mention("Amazon", EntityType.COMPANY)
        with pytest.raises(StoreError, match="more than this Bolt server accepts"):
            store.write_document(b.build())
        store.ping()
        assert store.get_document("doc:huge") is None
    finally:
        store.close()
