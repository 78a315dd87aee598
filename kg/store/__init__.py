"""Graph stores: the store protocols (``base``) and their backends (``networkx``, ``neo4j``)."""

from __future__ import annotations

from kg.config import Settings
from kg.store.base import DocumentBatch, GraphReader, GraphStore, GraphWriter, StoreStats, WriteResult

__all__ = ["DocumentBatch", "GraphReader", "GraphStore", "GraphWriter", "StoreStats", "WriteResult", "open_store"]


def open_store(settings: Settings, backend: str | None = None) -> GraphStore:
    """The store the settings (or an explicit ``backend``) select, wired with the resolver's
    query spellings for search (the one place a store meets the resolver)."""
    chosen = backend or settings.backend
    if chosen == "neo4j":
        from kg.resolve import search_keys
        from kg.store.neo4j import Neo4jGraphStore

        neo4j_store: GraphStore = Neo4jGraphStore(settings, query_keys=search_keys)
        return neo4j_store
    from kg.store.networkx import NetworkXGraphStore

    return NetworkXGraphStore(settings.data_dir)
