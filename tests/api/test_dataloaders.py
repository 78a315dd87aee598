"""DataLoaders: a list of N rows costs a constant number of store lookups, not N.

Runs the schema directly (``schema.execute``) with a real ApiContext so the loader counters can
be read after the operation."""

from __future__ import annotations

import asyncio
from typing import Any

from api.graphql.build import build_schema
from api.graphql.context import ApiContext
from api.services import Services
from kg.config import Settings
from kg.store.base import GraphStore

QUERY = """{ searchEntities(query: "Acme", first: 30) { edges { node {
    id
    relations(first: 5) { edges { node { source { id name } target { id name } } } }
    neighbors(depth: 1, first: 5) { edges { node { id } } }
} } } }"""


class _CountingStore:
    """Counts calls that reach the store, delegating everything else."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._store, name)
        if not callable(target):
            return target

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return target(*args, **kwargs)

        counted.__name__ = name
        return counted


def _run(store: GraphStore, settings: Settings) -> tuple[dict[str, Any], ApiContext]:
    schema = build_schema(settings)
    context = ApiContext(Services(settings, store), presented_key=None)

    async def go() -> Any:
        return await schema.execute(QUERY, context_value=context)

    result = asyncio.run(go())
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data, context


def test_lists_are_batched(store: GraphStore, api_settings: Settings) -> None:
    counting = _CountingStore(store)
    data, context = _run(counting, api_settings)
    edges = data["searchEntities"]["edges"]
    assert len(edges) == 30
    rows = sum(len(e["node"]["relations"]["edges"]) for e in edges)
    assert rows >= 30  # every Acme has at least its INVESTED_IN relation
    # one batch for the search hits, one for every source/target of every relation
    assert context.batch_calls["entities"] <= 3
    assert counting.calls["get_entities"] == context.batch_calls["entities"]
    # 30 relations_of and 30 neighbors calls share one worker-thread hop
    assert context.batch_calls["store"] == 1
    assert counting.calls["relations_of"] == 30 and counting.calls["neighbors"] == 30
    assert "get_entity" not in counting.calls  # never one lookup per row
    # neighbours of every Acme are Amazon: loaded once, served from the per-request cache
    ids = {n["node"]["id"] for e in edges for n in e["node"]["neighbors"]["edges"]}
    assert ids == {"ent:amazon"}


def test_loaders_do_not_leak_between_requests(store: GraphStore, api_settings: Settings) -> None:
    _, first = _run(store, api_settings)
    _, second = _run(store, api_settings)
    assert first.entities is not second.entities
    assert second.batch_calls == first.batch_calls  # the second request did its own lookups
