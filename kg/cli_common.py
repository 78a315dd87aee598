"""What every ``kg`` sub-command shares: option types, settings from options, error exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from kg.config import Settings
from kg.store import GraphStore, open_store
from schema.errors import KGError

__all__ = ["BackendOpt", "DataDirOpt", "err_console", "fail", "make_settings"]

err_console = Console(stderr=True)

DataDirOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="data directory (default: $KG_DATA_DIR, else ./data)")
]
BackendOpt = Annotated[str | None, typer.Option("--backend", help="networkx or neo4j (default: $KG_BACKEND)")]


def make_settings(data_dir: Path | None = None, backend: str | None = None) -> Settings:
    """Settings from the environment, overridden by explicit command-line options."""
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if backend is not None:
        if backend not in ("networkx", "neo4j"):
            raise typer.BadParameter(f"unknown backend {backend!r}: use networkx or neo4j", param_hint="--backend")
        overrides["backend"] = backend
    return Settings(**overrides)


def fail(exc: KGError) -> typer.Exit:
    """Print a kg error (with its code) and give the exit to raise."""
    err_console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(code=2)


@contextmanager
def cli_store(settings: Settings) -> Iterator[GraphStore]:
    """The store the settings select, closed afterwards; a kg error while opening or using it
    (Neo4j down, a damaged snapshot, an unknown entity) exits with its message, no traceback."""
    from kg.resolve import search_keys

    try:
        store = open_store(settings, query_keys=search_keys)
    except KGError as exc:
        raise fail(exc) from None
    try:
        yield store
    except KGError as exc:
        raise fail(exc) from None
    finally:
        store.close()
