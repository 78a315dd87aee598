"""``kg migrate`` and ``kg reindex``: maintenance of the embedded store's data directory.

Example::

    kg migrate --data-dir data     # import an old graph.pickle / bring the schema up to date
    kg reindex --data-dir data     # recompute blocking keys after the key rules changed
"""

from __future__ import annotations

import time

from rich.console import Console

from kg.cli_common import DataDirOpt, err_console, fail, make_settings
from schema.errors import KGError, StoreError

__all__ = ["migrate", "reindex"]

console = err_console


def migrate(data_dir: DataDirOpt = None) -> None:
    """Bring the embedded store in --data-dir up to date: import an old graph.pickle (read with
    an allow-list; a file that names anything else is refused) and apply schema migrations.
    Opening the store does the same automatically; this does it on purpose and says what."""
    from kg.store.embedded.schema import SCHEMA_VERSION
    from kg.store.networkx import NetworkXGraphStore

    settings = make_settings(data_dir, "networkx")
    if not settings.graph_path.exists() and not (settings.data_dir / "graph.pickle").exists():
        console.print(f"[red]error:[/red] no embedded graph in {settings.data_dir}")
        raise SystemExit(2)
    try:
        store = NetworkXGraphStore(settings.data_dir)
        stats = store.stats()
        store.close()
    except KGError as exc:
        raise fail(exc) from None
    Console().print(
        f"{settings.graph_path}: schema version {SCHEMA_VERSION}, {stats.documents} documents, "
        f"{stats.entities} entities, {stats.relations} relations"
    )


def reindex(data_dir: DataDirOpt = None) -> None:
    """Recompute every entity's blocking keys with the current resolver rules, in place."""
    from kg.reindex import entity_keys
    from kg.store.networkx import NetworkXGraphStore

    settings = make_settings(data_dir, "networkx")
    if not settings.graph_path.exists() and not (settings.data_dir / "graph.pickle").exists():
        console.print(f"[red]error:[/red] no embedded graph in {settings.data_dir}")
        raise SystemExit(2)
    started = time.perf_counter()
    try:
        store = NetworkXGraphStore(settings.data_dir)
        try:
            changed = store.rekey(entity_keys)
            total = store.stats().entities
        finally:
            store.close()
    except (KGError, StoreError) as exc:
        raise fail(exc) from None
    Console().print(f"reindexed {total} entities: {changed} changed keys ({time.perf_counter() - started:.1f}s)")
