"""Walking the graph on Neo4j: neighbourhoods and shortest paths, breadth-first one level per
query (``schema.views.hop_distances``/``shortest_routes`` over ``step``; the portable way).
``shortest_paths_neo4j`` is the native ``allShortestPaths``, which only a real Neo4j has.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.store.neo4j import cypher, reads
from kg.store.neo4j.connection import Connection
from schema.errors import StoreError
from schema.types import Relation, RelationType
from schema.views import Step, hop_distances, shortest_routes

__all__ = ["neighbors", "shortest_paths", "shortest_paths_neo4j", "step"]


def step(conn: Connection, types: Sequence[RelationType] | None) -> Step:
    """One breadth-first step on the server: (from, to, relation id, confidence) for every
    relation (of ``types``) touching the frontier, in either direction."""

    def adjacent(frontier: Sequence[str]) -> list[tuple[str, str, str, float]]:
        rows = conn.read_each(
            "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]-(b:Entity) "
            "WHERE $types IS NULL OR type(r) IN $types "
            "RETURN DISTINCT a.id AS a, b.id AS b, r.id AS rid, r.confidence AS confidence",
            "ids",
            list(frontier),
            types=reads.type_values(types),
        )
        return [(r["a"], r["b"], r["rid"], float(r["confidence"])) for r in rows]

    return adjacent


def neighbors(
    conn: Connection, entity_id: str, depth: int, types: Sequence[RelationType] | None
) -> list[tuple[str, int]]:
    if reads.get_entities(conn, [entity_id])[0] is None:
        return []
    return hop_distances(entity_id, depth, step(conn, types))


def shortest_paths(conn: Connection, source_id: str, target_id: str, max_hops: int) -> list[list[Relation]]:
    if source_id == target_id or None in reads.get_entities(conn, [source_id, target_id]):
        return []
    routes = shortest_routes(source_id, target_id, max_hops, step(conn, None))
    wanted = sorted({rid for route in routes for rid in route})
    relations = {r.id: r for r in reads.get_relations(conn, wanted) if r}
    return [[relations[rid] for rid in route] for route in routes if all(rid in relations for rid in route)]


def shortest_paths_neo4j(conn: Connection, source_id: str, target_id: str, max_hops: int) -> list[list[str]]:
    """Node-id routes from Neo4j's ``allShortestPaths`` (real Neo4j only); the analyst's query
    in docs/neo4j.md, checked against ``shortest_paths`` by tests/neo4j_real."""
    if conn.server_kind() != "neo4j":
        raise StoreError("allShortestPaths needs a real Neo4j server")
    statement = cypher.NEO4J_ONLY["shortest_paths"] % int(max_hops)
    rows = conn.read(statement, source=source_id, target=target_id)
    return [list(route) for route in sorted({tuple(r["nodes"]) for r in rows})]
