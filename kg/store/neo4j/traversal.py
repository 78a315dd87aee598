"""Walking the graph on Neo4j: neighbourhoods and shortest paths, breadth-first one level per
query (the portable way; ``shortest_paths_neo4j`` is the native ``allShortestPaths``, which
only a real Neo4j has).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.store.neo4j import cypher, reads
from kg.store.neo4j.codec import Row
from kg.store.neo4j.connection import Connection
from schema.errors import StoreError
from schema.types import Relation, RelationType

__all__ = ["MAX_PATHS", "neighbors", "shortest_paths", "shortest_paths_neo4j"]

MAX_PATHS = 20

Preds = dict[str, list[tuple[str, str]]]  # node -> [(previous node, relation id)]


def _adjacent(conn: Connection, frontier: Sequence[str], types: Sequence[RelationType] | None) -> list[Row]:
    """One breadth-first step: (from, to, relation id, confidence) for every relation touching
    the frontier, in either direction."""
    return conn.read_each(
        "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]-(b:Entity) "
        "WHERE $types IS NULL OR type(r) IN $types "
        "RETURN DISTINCT a.id AS a, b.id AS b, r.id AS rid, r.confidence AS confidence",
        "ids",
        list(frontier),
        types=reads.type_values(types),
    )


def neighbors(
    conn: Connection, entity_id: str, depth: int, types: Sequence[RelationType] | None
) -> list[tuple[str, int]]:
    if reads.get_entities(conn, [entity_id])[0] is None:
        return []
    dist = {entity_id: 0}
    frontier = [entity_id]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        rows = conn.read_each(
            "UNWIND $ids AS id MATCH (a:Entity {id: id})-[r]-(b:Entity) "
            "WHERE $types IS NULL OR type(r) IN $types RETURN DISTINCT b.id AS b",
            "ids",
            frontier,
            types=reads.type_values(types),
        )
        nxt = sorted({row["b"] for row in rows} - set(dist))
        for other in nxt:
            dist[other] = hop
        frontier = nxt
    del dist[entity_id]
    return sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))


def _level(rows: Sequence[Row], preds: Preds) -> Preds:
    """The nodes one step further, each with its predecessors on a shortest route; parallel
    relations collapse into the most confident one (ties: the smaller id)."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for row in rows:
        if row["b"] in preds:
            continue
        pair = (row["a"], row["b"])
        candidate = (float(row["confidence"]), row["rid"])
        if pair not in best or (candidate[0], best[pair][1]) > (best[pair][0], candidate[1]):
            best[pair] = candidate
    level: Preds = {}
    for (prev, node), (_, rid) in sorted(best.items()):
        level.setdefault(node, []).append((prev, rid))
    return level


def _routes(preds: Preds, source_id: str, target_id: str) -> list[list[str]]:
    """Up to ``MAX_PATHS`` routes (relation ids, source first) back from the target."""
    routes: list[list[str]] = []

    def walk(node: str, tail: list[str]) -> None:
        if len(routes) >= MAX_PATHS:
            return
        if node == source_id:
            routes.append(list(reversed(tail)))
            return
        for prev, rid in preds[node]:
            walk(prev, [*tail, rid])

    walk(target_id, [])
    return routes


def shortest_paths(conn: Connection, source_id: str, target_id: str, max_hops: int) -> list[list[Relation]]:
    if source_id == target_id or None in reads.get_entities(conn, [source_id, target_id]):
        return []
    preds: Preds = {source_id: []}
    frontier = [source_id]
    hops = 0
    while frontier and target_id not in preds and hops < max_hops:
        hops += 1
        level = _level(_adjacent(conn, frontier, None), preds)
        preds.update(level)
        frontier = sorted(level)
    if target_id not in preds:
        return []
    routes = _routes(preds, source_id, target_id)
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
