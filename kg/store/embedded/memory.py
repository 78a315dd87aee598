"""The in-memory half of the embedded store: a networkx ``MultiDiGraph`` with one node per
entity and one keyed edge per relation, rebuilt from the SQLite file and kept in step with it.

A node holds the entity's explicit fields (``entity``), its surface forms with how many
mentions use each and the arrival order of the first (``surfaces``: text -> [count, first]),
and its mention count (``count``); an edge holds the relation without its evidence. Mentions
and evidence (sentences) stay on disk and are read on demand, so memory grows with entities,
surface forms and edges, not with text.

Example::

    >>> graph = MemoryGraph()
    >>> graph.G.number_of_nodes()
    0
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.store.embedded import tables
from schema.types import Entity, Relation

__all__ = ["MemoryGraph"]


class MemoryGraph:
    """Nodes, edges and the relation-id -> ends map; no text beyond names."""

    def __init__(self) -> None:
        self.G: nx.MultiDiGraph = nx.MultiDiGraph()
        self.rel_ends: dict[str, tuple[str, str]] = {}

    # -- building -----------------------------------------------------------------------------
    def load(self, conn: sqlite3.Connection) -> None:
        """Everything, from one snapshot of the file (the caller holds a read transaction)."""
        self.G = nx.MultiDiGraph()
        self.rel_ends = {}
        for _, body in conn.execute("SELECT id, body FROM entities"):
            entity = Entity.model_validate_json(body)
            self.G.add_node(entity.id, entity=entity, surfaces={}, count=0)
        nodes = self.G.nodes
        for entity_id, text, count, first in conn.execute(
            "SELECT entity_id, text, count, first FROM surfaces ORDER BY entity_id, first"
        ):
            if entity_id in nodes:
                node = nodes[entity_id]
                node["surfaces"][text] = [count, first]
                node["count"] += count
        for row in conn.execute("SELECT id, source, target, type, confidence, attributes FROM relations"):
            self.put_relation(tables.relation_from_row(row))

    def reload_entities(self, conn: sqlite3.Connection, entity_ids: Iterable[str]) -> list[str]:
        """Re-read entities another process changed; the ids that no longer exist."""
        gone: list[str] = []
        for entity_id in entity_ids:
            entity = tables.read_entity(conn, entity_id)
            if entity is None:
                if entity_id in self.G:
                    self.remove_entity(entity_id)
                gone.append(entity_id)
                continue
            surfaces = tables.surfaces_of(conn, entity_id)
            count = sum(c for c, _ in surfaces.values())
            if entity_id in self.G:
                node = self.G.nodes[entity_id]
                node.update(entity=entity, surfaces=surfaces, count=count)
                node.pop("view", None)
            else:
                self.G.add_node(entity_id, entity=entity, surfaces=surfaces, count=count)
        return gone

    def reload_relations(self, conn: sqlite3.Connection, relation_ids: Iterable[str]) -> None:
        for relation_id in relation_ids:
            relation = tables.read_relation(conn, relation_id)
            if relation is None:
                self.remove_relation(relation_id)
            elif relation.source in self.G and relation.target in self.G:
                self.put_relation(relation)

    # -- nodes ----------------------------------------------------------------------------------
    def node(self, entity_id: str) -> dict[str, Any]:
        node: dict[str, Any] = self.G.nodes[entity_id]
        return node

    def add_entity(self, entity: Entity) -> None:
        self.G.add_node(entity.id, entity=entity, surfaces={}, count=0)

    def remove_entity(self, entity_id: str) -> list[str]:
        """Drop the node and its edges; the ids of the relations that went with it."""
        edges = [*self.G.in_edges(entity_id, keys=True), *self.G.out_edges(entity_id, keys=True)]
        rids = [rid for _, _, rid in edges]
        for rid in rids:
            self.rel_ends.pop(rid, None)
        self.G.remove_node(entity_id)
        return rids

    # -- edges ----------------------------------------------------------------------------------
    def relation(self, relation_id: str) -> Relation | None:
        ends = self.rel_ends.get(relation_id)
        if ends is None:
            return None
        data = self.G.get_edge_data(ends[0], ends[1], key=relation_id)
        if data is None:
            return None
        relation: Relation = data["relation"]
        return relation

    def put_relation(self, relation: Relation) -> None:
        """Add an edge, or replace the data of the edge with that id (evidence left off)."""
        bare = relation.model_copy(update={"evidence": []}) if relation.evidence else relation
        if relation.id in self.rel_ends:
            source, target = self.rel_ends[relation.id]
            self.G.edges[source, target, relation.id]["relation"] = bare
            return
        self.G.add_edge(relation.source, relation.target, key=relation.id, relation=bare)
        self.rel_ends[relation.id] = (relation.source, relation.target)

    def remove_relation(self, relation_id: str) -> None:
        ends = self.rel_ends.pop(relation_id, None)
        if ends is not None and self.G.has_edge(ends[0], ends[1], key=relation_id):
            self.G.remove_edge(ends[0], ends[1], key=relation_id)
