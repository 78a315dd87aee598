"""What the store tests share: a full dump of a store's content through the GraphStore
protocol (to compare two stores), a consistency check of one snapshot, and a writer of the
pre-SQLite ``graph.pickle`` format (the layout of the old ``NetworkXGraphStore._state()``)."""

from __future__ import annotations

import pickle
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from kg.store.base import DocumentBatch, GraphStore
from schema.types import Relation
from schema.views import aggregate_confidence

__all__ = ["check_snapshot", "dump", "write_old_pickle"]


def dump(store: GraphStore) -> dict[str, Any]:
    """Everything a reader can see: entities, their mentions and history, relations with
    evidence, documents."""
    entities = sorted((e.model_dump(mode="json") for e in store.iter_entities()), key=lambda e: e["id"])
    return {
        "stats": store.stats().model_dump(),
        "entities": entities,
        "mentions": {e["id"]: [m.model_dump(mode="json") for m in store.mentions_of(e["id"])] for e in entities},
        "merges": {e["id"]: [r.model_dump(mode="json") for r in store.merges_of(e["id"])] for e in entities},
        "relations": sorted((r.model_dump(mode="json") for r in store.iter_relations()), key=lambda r: r["id"]),
        "documents": [d.model_dump(mode="json") for d in store.list_documents(limit=100_000)],
        "keys": {e["id"]: sorted(e["keys"]) for e in entities},
    }


def check_snapshot(conn: sqlite3.Connection) -> None:
    """Invariants every committed state keeps (run inside one read transaction)."""
    orphans = conn.execute(
        "SELECT count(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = r.source) "
        "OR NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = r.target)"
    ).fetchone()[0]
    assert orphans == 0, "a relation points at a missing entity"
    bare = conn.execute(
        "SELECT count(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE v.relation_id = r.id)"
    ).fetchone()[0]
    assert bare == 0, "a relation without evidence"
    counted = conn.execute("SELECT coalesce(sum(count), 0) FROM surfaces").fetchone()[0]
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert counted == mentions, "surface counts disagree with the mentions"
    homeless = conn.execute(
        "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.document_id)"
    ).fetchone()[0]
    assert homeless == 0, "a mention of a document that is not stored"


def write_old_pickle(data_dir: Path, batches: list[DocumentBatch]) -> None:
    """``graph.pickle`` as kg wrote it before the SQLite store, for new documents (no source
    replacement, no manual merges): the old store's ``_state()`` dict, pickled."""
    G = nx.MultiDiGraph()
    documents: dict[str, Any] = {}
    sources: dict[str, str] = {}
    doc_entities: dict[str, set[str]] = defaultdict(set)
    doc_relations: dict[str, set[str]] = defaultdict(set)
    rel_ends: dict[str, tuple[str, str]] = {}
    key_index: dict[str, set[str]] = defaultdict(set)
    merges: dict[str, list[Any]] = defaultdict(list)
    for batch in batches:
        doc = batch.document
        for entity in batch.entities:
            if entity.id not in G:
                G.add_node(entity.id, entity=entity.model_copy(update={"mention_count": 0}), mentions={})
            for key in entity.keys:
                key_index[key].add(entity.id)
        for entity_id, mention in batch.mentions:
            G.nodes[entity_id]["mentions"][mention.key] = mention
            doc_entities[doc.id].add(entity_id)
        for relation in batch.relations:
            if relation.type.symmetric and relation.target < relation.source:
                relation = relation.model_copy(update={"source": relation.target, "target": relation.source})
            rid = Relation.make_id(relation.source, relation.target, relation.type)
            known = G.get_edge_data(relation.source, relation.target, key=rid)
            merged = {ev.key: ev for ev in (known["relation"].evidence if known else [])}
            merged.update({ev.key: ev for ev in relation.evidence})
            evidence = list(merged.values())
            confidence = aggregate_confidence(evidence) or relation.confidence
            stored = relation.model_copy(update={"id": rid, "evidence": evidence, "confidence": confidence})
            G.add_edge(relation.source, relation.target, key=rid, relation=stored)
            rel_ends[rid] = (relation.source, relation.target)
            doc_relations[doc.id].add(rid)
        for record in batch.merges:
            merges[record.entity_id].append(record)
        documents[doc.id] = doc
        if doc.source:
            sources[doc.source] = doc.id
    _ = G.nodes  # networkx caches its views in the graph: the old pickles carry one
    state = {
        "version": 1,
        "G": G,
        "documents": documents,
        "sources": sources,
        "doc_entities": dict(doc_entities),
        "doc_relations": dict(doc_relations),
        "rel_ends": rel_ends,
        "key_index": dict(key_index),
        "merges": dict(merges),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "graph.pickle").open("wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
