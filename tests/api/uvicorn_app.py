"""The one way the real-uvicorn test and bench/bench_api.py start a server: ``uvicorn --factory
api.app:create_app``, as ``kg serve`` runs it (settings from the KG_* environment; models load
at the first ingestDocument unless KG_PRELOAD_MODELS says otherwise)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_uvicorn(
    data_dir: Path,
    log_path: Path,
    *,
    env: dict[str, str] | None = None,
    ready_path: str = "/healthz",
    timeout_s: float = 60.0,
    extra_args: Sequence[str] = ("--log-level", "info"),
) -> tuple[subprocess.Popen[bytes], str]:
    """Serve ``api.app:create_app`` on a free loopback port; (process, base URL) once ``ready_path``
    answers 200. Raises RuntimeError naming the log when the server does not come up."""
    port = free_port()
    full_env = {**os.environ, "KG_DATA_DIR": str(data_dir), "KG_PRELOAD_MODELS": "false", "PYTHONPATH": str(ROOT)}
    full_env.update(env or {})
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), *extra_args]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{base}{ready_path}", log_path, timeout_s, what="uvicorn")
    return proc, base


def wait_until_ready(
    proc: subprocess.Popen[bytes], url: str, log_path: Path, timeout_s: float, what: str = "the server"
) -> None:
    """Return once ``url`` answers 200; else kill the server and raise RuntimeError with the
    end of its log."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"{what} did not start: {log_path.read_text(errors='replace')[-2000:]}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a graceful shutdown), then kill if it does not end within 20 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post_graphql(
    base: str, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None, timeout: float = 30
) -> dict[str, Any]:
    """POST a GraphQL request to the server at ``base`` (``key`` as a Bearer token); the JSON
    body of a 200 answer."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=timeout
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
