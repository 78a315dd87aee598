"""Graph stores: the store protocols (``base``) and their backends (``networkx``, ``neo4j``)."""

from __future__ import annotations

from kg.config import Settings
from kg.store.base import DocumentBatch, GraphReader, GraphStore, GraphWriter, QueryKeys, StoreStats, WriteResult

__all__ = [
    "DocumentBatch",
    "GraphReader",
    "GraphStore",
    "GraphWriter",
    "QueryKeys",
    "StoreStats",
    "WriteResult",
    "open_store",
]


def open_store(settings: Settings, backend: str | None = None, query_keys: QueryKeys | None = None) -> GraphStore:
    """The store the settings (or an explicit ``backend``) select. ``query_keys`` gives search
    queries their spellings in the other script: callers pass the resolver's ``search_keys``
    (the stores do not import the resolver)."""
    chosen = backend or settings.backend
    if chosen == "neo4j":
        from kg.store.neo4j import Neo4jGraphStore

        neo4j_store: GraphStore = Neo4jGraphStore(settings, query_keys=query_keys)
        return neo4j_store
    from kg.store.networkx import NetworkXGraphStore

    return NetworkXGraphStore(settings.data_dir, query_keys=query_keys)
