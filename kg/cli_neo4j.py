"""``kg neo4j``: set up the Neo4j schema and copy the embedded graph into Neo4j.

Example::

    kg neo4j init --wait 60             # constraints + full-text index, idempotent
    kg neo4j push --data-dir data       # copy data/graph.sqlite into $NEO4J_URI
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Protocol

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from kg.cli_common import DataDirOpt, err_console, fail, make_settings
from kg.store.base import DocumentBatch, GraphStore, StoreStats
from schema.errors import KGError, StoreUnavailableError
from schema.types import Document, Entity, EntityType, MergeRecord

__all__ = ["PushReport", "StreamingSource", "copy_graph", "neo4j_app"]

neo4j_app = typer.Typer(help="Neo4j: schema set-up and copying the embedded graph.", no_args_is_help=True)
console = err_console


class PushReport(BaseModel):
    documents: int = 0  # written
    unchanged: int = 0  # already in the target (same document id)
    entities_without_mentions: int = 0


class StreamingSource(Protocol):
    """What ``copy_graph`` reads: a store that hands out one document's contribution at a
    time (the embedded store does), so no list of the whole graph is ever built."""

    def list_documents(self, offset: int = 0, limit: int = 100) -> list[Document]: ...

    def document_batch(self, document_id: str) -> DocumentBatch | None: ...

    def iter_entities(self, types: Sequence[EntityType] | None = None) -> Iterator[Entity]: ...

    def history_merges(self) -> Iterator[tuple[str, list[MergeRecord]]]: ...


def copy_graph(source: StreamingSource, target: GraphStore, page: int = 500) -> PushReport:
    """Replay ``source`` into ``target`` document by document, through the normal write path,
    so the target applies its own idempotence and source-replacement rules: pushing twice
    writes nothing the second time. Memory holds one page of documents at a time.

    Each document's batch carries the mentions it contains, the evidence it gave each
    relation, and the merge records made while reading it. Records no document made (manual
    merges and splits) and the history an entity inherited from merged ones are appended to
    the entity's history afterwards, each once.
    """
    report = PushReport()
    offset = 0
    while documents := source.list_documents(offset=offset, limit=page):
        offset += len(documents)
        for doc in documents:
            batch = source.document_batch(doc.id)
            if batch is None:  # deleted meanwhile
                continue
            if target.write_document(batch).written:
                report.documents += 1
            else:
                report.unchanged += 1
    unmentioned: list[Entity] = []
    for entity in source.iter_entities():
        if entity.mention_count == 0:
            unmentioned.append(entity)
            if len(unmentioned) >= page:
                target.upsert_entities(unmentioned)
                report.entities_without_mentions += len(unmentioned)
                unmentioned = []
    if unmentioned:
        target.upsert_entities(unmentioned)
        report.entities_without_mentions += len(unmentioned)
    append = getattr(target, "append_merges", None)  # not part of the protocol: history only
    if append is not None:
        for entity_id, history in source.history_merges():
            present = {r.model_dump_json() for r in target.merges_of(entity_id)}  # pushing again: no repeats
            missing = [record for record in history if record.model_dump_json() not in present]
            if missing:
                append(entity_id, missing)
    target.commit()
    return report


def _neo4j_store(data_dir: Path | None, wait: float) -> GraphStore:
    from kg.store.neo4j import Neo4jGraphStore

    settings = make_settings(data_dir, "neo4j")
    store = Neo4jGraphStore(settings)
    deadline = time.monotonic() + wait
    while True:
        try:
            store.ping()
            return store
        except StoreUnavailableError:
            if time.monotonic() >= deadline:
                store.close()
                raise
            console.print(f"waiting for Neo4j at {settings.neo4j_uri} ...")
            time.sleep(2.0)


WaitOpt = Annotated[float, typer.Option("--wait", help="seconds to keep retrying while Neo4j starts up")]


@neo4j_app.command()
def init(data_dir: DataDirOpt = None, wait: WaitOpt = 0.0) -> None:
    """Create the uniqueness constraints, indexes and the full-text name index (idempotent)."""
    from kg.store.neo4j import Neo4jGraphStore

    try:
        store = _neo4j_store(data_dir, wait)
        assert isinstance(store, Neo4jGraphStore)
        try:
            created = store.init_schema()
            kind = store.server_kind()
        finally:
            store.close()
    except KGError as exc:
        raise fail(exc) from None
    what = ", ".join(created) if created else "nothing (already set up)"
    console.print(f"schema on {'Neo4j' if kind == 'neo4j' else 'a Bolt server without Neo4j procedures'}: {what}")


def _stats_table(title: str, left: StoreStats, right: StoreStats) -> Table:
    table = Table(title=title)
    table.add_column("")
    table.add_column("networkx", justify="right")
    table.add_column("neo4j", justify="right")
    for field in ("documents", "entities", "relations", "mentions"):
        table.add_row(field, str(getattr(left, field)), str(getattr(right, field)))
    return table


@neo4j_app.command()
def push(
    data_dir: DataDirOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="empty the Neo4j graph first")] = False,
    wait: WaitOpt = 0.0,
) -> None:
    """Copy the embedded NetworkX graph from --data-dir into Neo4j (documents already there are
    skipped, so pushing again is safe)."""
    from kg.store.neo4j import Neo4jGraphStore
    from kg.store.networkx import NetworkXGraphStore

    settings = make_settings(data_dir, "neo4j")
    if not settings.graph_path.exists() and not (settings.data_dir / "graph.pickle").exists():
        console.print(f"[red]error:[/red] no embedded graph at {settings.graph_path}; run kg ingest first")
        raise typer.Exit(code=2)
    try:
        source = NetworkXGraphStore(settings.data_dir)
        target = _neo4j_store(data_dir, wait)
        assert isinstance(target, Neo4jGraphStore)
        try:
            target.init_schema()
            if replace:
                target.clear()
            started = time.perf_counter()
            report = copy_graph(source, target)
            elapsed = time.perf_counter() - started
            left, right = source.stats(), target.stats()
        finally:
            target.close()
    except KGError as exc:
        raise fail(exc) from None
    console.print(
        f"pushed {report.documents} documents ({report.unchanged} already there) "
        f"to {settings.neo4j_uri} in {elapsed:.1f}s"
    )
    Console().print(_stats_table("kg neo4j push", left, right))
    if not replace and (left.entities, left.relations) != (right.entities, right.relations):
        console.print("[yellow]note:[/yellow] Neo4j holds other data too; use --replace for an exact copy")
