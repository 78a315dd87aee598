"""``kg neo4j``: set up the Neo4j schema and copy the embedded graph into Neo4j.

Example::

    kg neo4j init --wait 60             # constraints + full-text index, idempotent
    kg neo4j push --data-dir data       # copy data/graph.pickle into $NEO4J_URI
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from kg.cli_common import DataDirOpt, err_console, fail, make_settings
from kg.store.base import DocumentBatch, GraphStore, StoreStats
from schema.errors import KGError, StoreUnavailableError
from schema.types import Entity, Evidence, Mention, MergeRecord, Relation

__all__ = ["PushReport", "copy_graph", "neo4j_app"]

neo4j_app = typer.Typer(help="Neo4j: schema set-up and copying the embedded graph.", no_args_is_help=True)
console = err_console


class PushReport(BaseModel):
    documents: int = 0  # written
    unchanged: int = 0  # already in the target (same document id)
    entities_without_mentions: int = 0


def copy_graph(source: GraphStore, target: GraphStore) -> PushReport:
    """Replay ``source`` into ``target`` document by document, through the normal write path,
    so the target applies its own idempotence and source-replacement rules: pushing twice
    writes nothing the second time.

    Each document's batch carries the mentions it contains, the evidence it gave each
    relation, and the merge records made while reading it; merge records with no document
    (manual merges and splits) ride with the first document that mentions their entity.
    """
    mentions: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    entities: dict[str, Entity] = {}
    records: dict[str, list[MergeRecord]] = defaultdict(list)
    loose: dict[str, list[MergeRecord]] = {}
    inherited: dict[str, list[MergeRecord]] = {}  # history that came with merged entities
    unmentioned: list[Entity] = []
    for entity in source.iter_entities():
        entities[entity.id] = entity.model_copy(update={"mention_count": 0})
        found = source.mentions_of(entity.id)
        if not found:
            unmentioned.append(entity)
        for mention in found:
            mentions[mention.document_id].append((entity.id, mention))
        for record in source.merges_of(entity.id):
            if record.entity_id != entity.id:
                inherited.setdefault(entity.id, []).append(record)
            elif record.document_id:
                records[record.document_id].append(record)
            else:
                loose.setdefault(entity.id, []).append(record)
    evidence: dict[str, dict[str, tuple[Relation, list[Evidence]]]] = defaultdict(dict)
    for relation in source.iter_relations():
        for ev in relation.evidence:
            evidence[ev.document_id].setdefault(relation.id, (relation, []))[1].append(ev)

    report = PushReport()
    offset, page = 0, 500
    while documents := source.list_documents(offset=offset, limit=page):
        offset += len(documents)
        for doc in documents:
            doc_mentions = mentions.get(doc.id, [])
            ids = list(dict.fromkeys(eid for eid, _ in doc_mentions))
            relations = [r.model_copy(update={"evidence": evs}) for r, evs in evidence.get(doc.id, {}).values()]
            for rel in relations:
                ids.extend(x for x in (rel.source, rel.target) if x not in ids)
            merges = list(records.get(doc.id, []))
            for eid in ids:
                merges.extend(loose.pop(eid, []))
            batch = DocumentBatch(
                document=doc,
                entities=[entities[eid] for eid in ids if eid in entities],
                mentions=doc_mentions,
                relations=relations,
                merges=merges,
            )
            if target.write_document(batch).written:
                report.documents += 1
            else:
                report.unchanged += 1
    if unmentioned:
        target.upsert_entities(unmentioned)
        report.entities_without_mentions = len(unmentioned)
    append = getattr(target, "append_merges", None)  # not part of the protocol: history only
    if append is not None:
        for entity_id, history in [*inherited.items(), *loose.items()]:  # loose: never-mentioned entities
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
    if not settings.graph_path.exists():
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
