"""The root ``Query``: search, lookups by id, shortest paths, documents and graph stats.

Example::

    { searchEntities(query: "아마존", first: 5) { edges { score node { id nameEn nameKo } } } }
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.graphql.context import Info
from api.graphql.limits import MAX_HOPS, MAX_QUERY_CHARS
from api.graphql.pagination import Connection, connection, encode_cursor, page_info
from api.graphql.types import (
    Count,
    Document,
    Entity,
    EntityType,
    Lang,
    Path,
    Relation,
    SearchConnection,
    SearchEdge,
    Stats,
    documented_field,
    need,
)
from schema import types as domain
from schema.errors import InputError

__all__ = ["Query"]


def _selects(info: Info, name: str) -> bool:
    """True when the current field's selection asks for ``name`` (directly or in a fragment)."""

    def walk(selections: Sequence[Any]) -> bool:
        for sub in selections:
            if isinstance(sub, SelectedField) and sub.name == name:
                return True
            if isinstance(sub, InlineFragment | FragmentSpread) and walk(sub.selections):
                return True
        return False

    return any(walk(field.selections) for field in info.selected_fields)


def _walk(start: str, rels: Sequence[domain.Relation]) -> list[str]:
    ids = [start]
    for rel in rels:
        ids.append(rel.target if rel.source == ids[-1] else rel.source)
    return ids


def _counts(by: dict[str, int]) -> list[Count]:
    return [Count(key=k, count=v) for k, v in sorted(by.items())]


def _has_name_in(entity: domain.Entity, lang: Lang) -> bool:
    return bool(entity.name_ko if lang is Lang.KO else entity.name_en)


@strawberry.type
class Query:
    @documented_field(
        "Search names and aliases in both scripts (exact > prefix > substring > fuzzy). "
        "`lang` keeps only entities that have a name in that language."
    )
    async def search_entities(
        self,
        info: Info,
        query: str,
        types: list[EntityType] | None = None,  # type: ignore[valid-type]
        lang: Lang | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> SearchConnection:
        query = query.strip()
        if not query or len(query) > MAX_QUERY_CHARS:
            raise InputError(f"`query` must have 1 to {MAX_QUERY_CHARS} characters")
        ctx = info.context
        offset, size = ctx.page(first, after, "search")
        wanted = offset + size + 1  # one more than the page tells whether there is a next page
        limit = wanted
        while True:
            hits = await ctx.read(ctx.store.search_entities, query, types, limit)
            entities = await ctx.entities.load_many([entity_id for entity_id, _ in hits])
            kept = [
                (ent, score)
                for (_, score), ent in zip(hits, entities, strict=True)
                if ent is not None and (lang is None or _has_name_in(ent, lang))
            ]
            # A language filter can drop hits; ask the store for more until the page is full.
            if len(kept) >= wanted or len(hits) < limit or limit >= 16 * wanted:
                break
            limit *= 4
        window = kept[offset : offset + size]
        return SearchConnection(
            edges=[
                SearchEdge(
                    node=Entity.from_model(ent), cursor=encode_cursor("search", offset + i), score=round(score, 3)
                )
                for i, (ent, score) in enumerate(window)
            ],
            page_info=page_info("search", offset, len(window), len(kept) > offset + size),
        )

    @strawberry.field
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        found = await info.context.entities.load(str(id))
        return None if found is None else Entity.from_model(found)

    @documented_field("Several entities at once (null for unknown ids), in the order given.")
    async def entities(self, info: Info, ids: list[strawberry.ID]) -> list[Entity | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise InputError(f"at most {info.context.settings.max_page_size} ids per request")
        found = await info.context.entities.load_many([str(i) for i in ids])
        return [None if e is None else Entity.from_model(e) for e in found]

    @strawberry.field
    async def relation(self, info: Info, id: strawberry.ID) -> Relation | None:
        found = await info.context.relations.load(str(id))
        return None if found is None else Relation.from_model(found)

    @documented_field("All shortest paths (up to `first`) between two entities, ignoring direction.")
    async def path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 4,
        first: int | None = None,
    ) -> list[Path]:
        if not 1 <= max_hops <= MAX_HOPS:
            raise InputError(f"`maxHops` must be between 1 and {MAX_HOPS}, got {max_hops}")
        _, size = info.context.page(first, None, "paths")
        ends = await info.context.entities.load_many([str(from_), str(to)])
        for found, key in zip(ends, (from_, to), strict=True):
            need(found, "entity", str(key))
        paths = await info.context.batched(info.context.store.shortest_paths, str(from_), str(to), max_hops)
        return [
            Path(
                length=len(rels),
                relations=[Relation.from_model(r) for r in rels],
                entity_ids=[strawberry.ID(i) for i in _walk(str(from_), rels)],
            )
            for rels in paths[:size]
        ]

    @strawberry.field
    async def documents(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Document]:
        offset, size = info.context.page(first, after, "documents")
        docs = await info.context.batched(info.context.store.list_documents, offset, size + 1)
        nodes = [Document.from_model(d) for d in docs[:size]]
        total: int | None = None
        if len(docs) <= size:
            total = offset + len(nodes)  # the last page tells the size
        elif _selects(info, "totalCount"):
            total = (await info.context.batched(info.context.store.stats)).documents
        return connection("documents", nodes, offset, len(docs) > size, total)

    @strawberry.field
    async def document(self, info: Info, id: strawberry.ID) -> Document | None:
        found = await info.context.documents.load(str(id))
        return None if found is None else Document.from_model(found)

    @strawberry.field
    async def stats(self, info: Info) -> Stats:
        s = await info.context.batched(info.context.store.stats)
        return Stats(
            documents=s.documents,
            entities=s.entities,
            relations=s.relations,
            mentions=s.mentions,
            entities_by_type=_counts(s.entities_by_type),
            relations_by_type=_counts(s.relations_by_type),
            documents_by_language=_counts(s.documents_by_language),
        )
