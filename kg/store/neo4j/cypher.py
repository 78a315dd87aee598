"""Every Cypher statement the Neo4j store runs, in one place.

Values are always parameters. Labels and relationship types cannot be, so the few statements
that need one are built by functions here that take an ``EntityType``/``RelationType`` (enum
values, never user text). ``NEO4J_ONLY`` holds the statements only a real Neo4j 5 understands;
everything else is the portable subset FalkorDB's Bolt endpoint (the test server) also runs.
"""

from __future__ import annotations

from typing import Literal

from schema.types import EntityType, RelationType

__all__ = [
    "BASE_FIELDS",
    "ENTITY_FIELDS",
    "MENTION_FIELDS",
    "NEO4J_ONLY",
    "PORTABLE_INDEXES",
    "REL_FIELDS",
    "REL_TYPES",
    "WRITE_MENTIONS",
    "relations_pattern",
    "write_bases",
    "write_relations",
]

REL_TYPES = "|".join(t.value for t in RelationType)  # enum values only, never user text

NEO4J_ONLY: dict[str, str] = {
    "entity_id": "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "document_id": "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "document_source": "CREATE INDEX document_source IF NOT EXISTS FOR (d:Document) ON (d.source)",
    # 'cjk' splits Hangul into bigrams, so 아마존 matches 아마존코리아; 'standard' would not
    "entity_names": (
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) "
        "ON EACH [e.name, e.name_en, e.name_ko, e.aliases_text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    ),
    **{
        f"rel_{t.value.lower()}_id": (
            f"CREATE INDEX rel_{t.value.lower()}_id IF NOT EXISTS FOR ()-[r:{t.value}]-() ON (r.id)"
        )
        for t in RelationType
    },
    "shortest_paths": (
        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target}) "
        f"MATCH p = allShortestPaths((a)-[:{REL_TYPES}*..%d]-(b)) "
        "RETURN [n IN nodes(p) | n.id] AS nodes LIMIT 200"
    ),
}
"""Statements only a real Neo4j (5.x) understands: constraints, the full-text index, the
per-type relationship indexes and ``allShortestPaths`` (``%d``: the hop limit, an int)."""

PORTABLE_INDEXES: list[tuple[str, str, str]] = [
    ("Entity", "id", "CREATE INDEX FOR (e:Entity) ON (e.id)"),
    ("Document", "id", "CREATE INDEX FOR (d:Document) ON (d.id)"),
    ("Document", "source", "CREATE INDEX FOR (d:Document) ON (d.source)"),
]
"""The portable schema: plain range indexes (label, property, statement), created when missing."""

# -- fields read back ---------------------------------------------------------------------------

ENTITY_FIELDS = (  # the reader's view
    "e.id AS id, e.type AS type, e.name AS name, e.name_en AS name_en, e.name_ko AS name_ko, e.aliases AS aliases, "
    "e.mention_count AS mention_count, e.keys AS keys, e.attributes_json AS attributes"
)
BASE_FIELDS = (  # what was written explicitly, from which the view is recomputed
    "e.id AS id, e.type AS type, e.base_name AS name, e.base_name_en AS name_en, e.base_name_ko AS name_ko, "
    "e.base_aliases AS aliases, e.keys AS keys, e.attributes_json AS attributes"
)
REL_FIELDS = "startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, properties(r) AS p"
MENTION_FIELDS = "d.id AS document_id, e.id AS entity_id, properties(m) AS p"

# -- statements that need a label or a relationship type ---------------------------------------

WRITE_MENTIONS = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.doc}) MATCH (e:Entity {id: row.entity}) "
    "MERGE (d)-[m:MENTIONS {start: row.start, `end`: row.`end`}]->(e) SET m += row.props"
)
_WRITE_RELATIONS = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.s}) MATCH (b:Entity {id: row.t}) "
    "MERGE (a)-[r:REL_TYPE {id: row.props.id}]->(b) SET r += row.props"
)


def write_relations(rtype: RelationType) -> str:
    """Upsert relations of one type from ``$rows`` of {s, t, props}."""
    return _WRITE_RELATIONS.replace("REL_TYPE", RelationType(rtype).value)


def write_bases(etype: EntityType) -> str:
    """Upsert entity bases of one type from ``$rows``, with that type's label and no other
    (an entity whose type only a model gave may be retyped: ``schema.types.may_retype``)."""
    etype = EntityType(etype)
    others = ":".join(t.value for t in EntityType if t is not etype)
    return f"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET e += row, e:{etype.value} REMOVE e:{others}"


def relations_pattern(direction: Literal["out", "in", "both"]) -> str:
    """The match pattern for an entity ``e``'s relations ``r`` to ``o`` in one direction."""
    return {"out": "(e)-[r]->(o:Entity)", "in": "(e)<-[r]-(o:Entity)", "both": "(e)-[r]-(o:Entity)"}[direction]
