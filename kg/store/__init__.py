"""Graph stores: the GraphStore protocol and its backends."""

from __future__ import annotations

from kg.config import Settings
from kg.store.base import DocumentBatch, GraphStore, StoreStats, WriteResult

__all__ = ["DocumentBatch", "GraphStore", "StoreStats", "WriteResult", "open_store"]


def open_store(settings: Settings, backend: str | None = None) -> GraphStore:
    """The store the settings (or an explicit ``backend``) select."""
    chosen = backend or settings.backend
    if chosen == "neo4j":
        from kg.store.neo4j import Neo4jGraphStore

        neo4j_store: GraphStore = Neo4jGraphStore(settings)
        return neo4j_store
    from kg.store.networkx import NetworkXGraphStore

    return NetworkXGraphStore(settings.data_dir)
