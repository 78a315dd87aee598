"""The one-time import of a data directory written by kg before the SQLite store: its
``graph.pickle`` is read with a restricted unpickler and its content written into the SQLite
file, after which the pickle is renamed ``graph.pickle.imported`` and never read again.

The unpickler resolves only the classes such a snapshot is made of (the networkx graph and
the views it caches, builtin containers, dates, and the models of ``schema.types``); a file
that names anything else (``os.system``, ``builtins.eval``, ...) is refused before anything
it names is looked up, so nothing in it runs.

Example::

    report = import_pickle(Path("data/graph.pickle"), Path("data/graph.sqlite"))
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel

from kg.store.embedded import tables
from kg.store.embedded.schema import connect, migrate
from schema.errors import StoreError
from schema.types import Document, Entity, Mention, MergeRecord, Relation

__all__ = ["ALLOWED_GLOBALS", "LEGACY_FILE", "ImportReport", "RestrictedUnpickler", "import_pickle", "load_legacy"]

LEGACY_FILE = "graph.pickle"
LEGACY_FORMAT = 1

_VIEWS = (
    "NodeView",
    "NodeDataView",
    "OutEdgeView",
    "InEdgeView",
    "EdgeView",
    "OutMultiEdgeView",
    "InMultiEdgeView",
    "MultiEdgeView",
    "DiDegreeView",
    "InDegreeView",
    "OutDegreeView",
    "DiMultiDegreeView",
    "InMultiDegreeView",
    "OutMultiDegreeView",
)
_MODELS = ("Document", "Entity", "EntityType", "Evidence", "Mention", "MergeRecord", "Relation", "RelationType")

# Exactly what a snapshot of format 1 may name.
ALLOWED_GLOBALS: frozenset[tuple[str, str]] = frozenset(
    {
        ("networkx.classes.multidigraph", "MultiDiGraph"),
        *(("networkx.classes.reportviews", view) for view in _VIEWS),
        ("networkx.classes.coreviews", "AdjacencyView"),
        ("networkx.classes.coreviews", "MultiAdjacencyView"),
        *(("schema.types", model) for model in _MODELS),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("collections", "defaultdict"),
        ("collections", "OrderedDict"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "list"),
        ("builtins", "dict"),
    }
)


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only ``ALLOWED_GLOBALS``."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a kg graph snapshot")
        return super().find_class(module, name)


class ImportReport(BaseModel):
    documents: int = 0
    entities: int = 0
    relations: int = 0
    mentions: int = 0
    kept_as: str = ""

    def __str__(self) -> str:
        return (
            f"{self.documents} documents, {self.entities} entities, "
            f"{self.relations} relations, {self.mentions} mentions"
        )


def load_legacy(path: Path) -> dict[str, Any]:
    """The state dict of an old snapshot, read without running anything it names."""
    try:
        with path.open("rb") as fh:
            state = RestrictedUnpickler(fh).load()
    except pickle.UnpicklingError as exc:
        if "is not part of a kg graph snapshot" in str(exc):
            raise StoreError(
                f"refusing to load {path}: it names {exc.args[0].split(' ')[0]}, which a kg graph snapshot "
                "never contains (a tampered or foreign file); nothing in it was run. Remove it or restore "
                "the data directory from a backup."
            ) from None
        raise StoreError(f"cannot read graph snapshot {path}: {exc}") from exc
    except Exception as exc:  # a damaged file: say which, don't guess
        raise StoreError(f"cannot read graph snapshot {path}: {exc}") from exc
    if not isinstance(state, dict) or state.get("version") != LEGACY_FORMAT:
        raise StoreError(f"{path} is not a kg graph snapshot of format {LEGACY_FORMAT}")
    if not isinstance(state.get("G"), nx.MultiDiGraph):
        raise StoreError(f"{path} is not a kg graph snapshot: no graph in it")
    return state


def _typed(items: Iterable[Any], kind: type[BaseModel], path: Path) -> None:
    for item in items:
        if not isinstance(item, kind):
            raise StoreError(
                f"{path} is not a kg graph snapshot: {type(item).__name__} where a {kind.__name__} belongs"
            )


def _write_nodes(conn: sqlite3.Connection, G: nx.MultiDiGraph, path: Path, report: ImportReport) -> int:
    ord_ = 0
    for entity_id, data in G.nodes(data=True):
        entity, mentions = data.get("entity"), data.get("mentions", {})
        _typed([entity], Entity, path)
        _typed(mentions.values(), Mention, path)
        tables.put_entity(conn, entity.model_copy(update={"mention_count": 0}))
        forms: dict[str, list[int]] = {}
        for mention in mentions.values():
            ord_ += 1
            tables.insert_mention(conn, entity_id, mention, ord_)
            forms.setdefault(mention.text, [0, ord_])[0] += 1
        for text, (count, first) in forms.items():
            tables.put_surface(conn, entity_id, text, count, first)
        report.entities += 1
        report.mentions += len(mentions)
    return ord_


def _write_state(conn: sqlite3.Connection, state: dict[str, Any], path: Path) -> ImportReport:
    report = ImportReport()
    G: nx.MultiDiGraph = state["G"]
    ord_ = _write_nodes(conn, G, path, report)
    for _, _, rid, data in G.edges(keys=True, data=True):
        relation = data.get("relation")
        _typed([relation], Relation, path)
        tables.put_relation(conn, relation.model_copy(update={"id": rid}))
        for ev in relation.evidence:
            ord_ += 1
            tables.upsert_evidence(conn, rid, ev, ord_)
        report.relations += 1
    documents = state.get("documents", {})
    _typed(documents.values(), Document, path)
    for doc in documents.values():
        tables.put_document(conn, doc)
        report.documents += 1
    for entity_id, records in state.get("merges", {}).items():
        _typed(records, MergeRecord, path)
        tables.put_merges(conn, entity_id, records)
    tables.set_meta(conn, "ord", ord_)
    return report


def import_pickle(pickle_path: Path, db_path: Path) -> ImportReport:
    """Write the old snapshot's graph into a new SQLite file at ``db_path`` (built beside it
    and renamed into place, so an interrupted import leaves no half file), then rename the
    pickle to ``graph.pickle.imported``. The caller holds the writer lock."""
    state = load_legacy(pickle_path)
    tmp = db_path.with_name(db_path.name + ".importing")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    conn = connect(tmp)
    try:
        migrate(conn)
        conn.execute("BEGIN IMMEDIATE")
        report = _write_state(conn, state, pickle_path)
        conn.execute("COMMIT")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()  # the last connection: the WAL is checkpointed into the file and removed
    _fsync(tmp)
    os.replace(tmp, db_path)
    kept = pickle_path.with_name(pickle_path.name + ".imported")
    os.replace(pickle_path, kept)
    _fsync(db_path.parent)
    report.kept_as = str(kept)
    return report


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
