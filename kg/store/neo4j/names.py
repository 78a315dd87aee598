"""Entity search on Neo4j: the server finds candidates from the search forms stored with each
entity (``codec.view_props``: ``forms``, ``key_forms``, ``grams``); scoring is ``kg.search``'s
``NameIndex`` over those candidates, so every backend ranks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.search import NameIndex, ngrams
from kg.store.neo4j.connection import Connection
from kg.store.neo4j.reads import type_values
from schema.text import normalize_name
from schema.types import EntityType

__all__ = ["QueryKeys", "find_by_name", "search_entities"]

QueryKeys = Callable[[str], Sequence[str]]
"""Alternative spellings of a query in the other script (the resolver's ``search_keys``)."""

CANDIDATES = 2000


def find_by_name(conn: Connection, name: str) -> list[str]:
    form = normalize_name(name)
    if not form:
        return []
    rows = conn.read(
        "MATCH (e:Entity) WHERE $form IN e.forms OR $form IN coalesce(e.key_forms, []) RETURN e.id AS id ORDER BY id",
        form=form,
    )
    return [r["id"] for r in rows]


def search_entities(
    conn: Connection,
    query: str,
    types: Sequence[EntityType] | None,
    limit: int,
    query_keys: QueryKeys | None,
) -> list[tuple[str, float]]:
    q = normalize_name(query)
    if not q:
        return []
    extra = [normalize_name(k) for k in (query_keys(query) if query_keys is not None else [])]
    # candidates: a form starting with the query or equal to an alternative spelling, or
    # sharing an n-gram with it
    rows = conn.read(
        "MATCH (e:Entity) WHERE $types IS NULL OR e.type IN $types "
        "WITH e, size([g IN e.grams WHERE g IN $grams]) AS shared, "
        "any(f IN e.forms + coalesce(e.key_forms, []) WHERE f STARTS WITH $q OR f IN $extra) AS direct "
        "WHERE direct OR shared > 0 "
        "RETURN e.id AS id, e.forms AS forms, e.key_forms AS keys, e.mention_count AS n "
        "ORDER BY direct DESC, shared DESC LIMIT $candidates",
        types=type_values(types),
        grams=sorted(ngrams(q)),
        q=q,
        extra=extra,
        candidates=CANDIDATES,
    )
    index = NameIndex()
    popularity: dict[str, int] = {}
    for row in rows:
        index.add(row["id"], row["forms"] or [], row["keys"] or [])
        popularity[row["id"]] = int(row["n"] or 0)
    return index.search(query, limit=limit, popularity=lambda e: popularity.get(e, 0), extra_forms=extra)
