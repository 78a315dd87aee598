"""CLI behaviour that needs no models: an unreachable Neo4j is a clear error, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["export", "--format", "graphml"],
        ["entities", "show", "Amazon"],
        # the fork server for the workers starts before the store opens: it exits with the
        # command (it would hold the command's stderr open, and this run would not end)
        ["ingest", str(ROOT / "seeds"), "--workers", "2"],
    ],
)
def test_unreachable_neo4j_is_a_clear_error(command: list[str], tmp_path: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_TIMEOUT": "1", "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "kg", *command, "--backend", "neo4j", "--data-dir", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "[KG201]" in result.stderr and f"127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_backend_is_rejected(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "stats", "--backend", "sqlite", "--data-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "unknown backend" in result.stderr


_MAIN = """
import gc, sys
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    print("exit", exit.code, "frozen", gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize(("command", "code"), [(["stats"], 0), (["stats", "--backend", "sqlite"], 2)])
def test_the_command_freezes_its_objects_when_done(command: list[str], code: int, tmp_path: Path) -> None:
    # so that the interpreter's last collection at exit does not walk the models' heaps; the
    # command's output and exit code are unchanged, failed commands included
    result = subprocess.run(
        [sys.executable, "-c", _MAIN, *command, "--data-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip().endswith(f"exit {code} frozen True"), result.stdout + result.stderr
    if code == 0:
        assert "documents" in result.stdout
