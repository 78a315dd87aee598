"""The GraphQL face of the shared vocabulary in ``schema/types.py``: strawberry types, the root
``Query`` and ``Mutation``, and the ``GraphContext`` their resolvers are written against.

Resolvers only use ``GraphStore`` protocol methods, so the same schema serves the NetworkX and
the Neo4j store. Every store call goes through ``GraphContext.read``/``write``, which run it in a
worker thread: the store, spaCy and Kiwi block, and the event loop must keep serving. Entity,
relation and document lookups go through per-request DataLoaders so a list costs one batched
lookup, not one per row. The HTTP wiring (auth, limits, error codes, timeouts) lives in
``api/``; this module knows nothing about FastAPI.

The SDL in ``schema/schema.graphql`` is generated from here::

    python -m schema.graphql            # rewrites schema/schema.graphql
    python -m schema.graphql --check    # exit 1 when it is stale

Example::

    >>> from schema.graphql import build_base_schema
    >>> "searchEntities" in build_base_schema().as_str()
    True
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any, Generic, ParamSpec, TypeVar, cast

import anyio.to_thread
import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from kg.config import Settings
from kg.store.base import GraphStore
from schema import types as domain
from schema.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from kg.pipeline import IngestReport

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_HOPS",
    "MAX_NEIGHBOR_DEPTH",
    "SDL_PATH",
    "Connection",
    "Direction",
    "Document",
    "Entity",
    "Evidence",
    "GraphContext",
    "Mention",
    "Mutation",
    "Path",
    "Query",
    "Relation",
    "build_base_schema",
]

P = ParamSpec("P")
R = TypeVar("R")
NodeT = TypeVar("NodeT")

DEFAULT_PAGE_SIZE = 20  # page size when `first` is omitted (capped by settings.max_page_size)
MAX_NEIGHBOR_DEPTH = 3
MAX_HOPS = 6  # upper bound of path(maxHops); all-shortest-paths grows fast beyond that
MAX_QUERY_CHARS = 200
MAX_INGEST_CHARS = 1_000_000
SDL_PATH = FilePath(__file__).with_name("schema.graphql")

EntityType = strawberry.enum(domain.EntityType, description="What kind of thing an entity is.")
RelationType = strawberry.enum(domain.RelationType, description="Typed, directed relations (source -> target).")


@strawberry.enum(description="Which relations of an entity: outgoing, incoming or both.")
class Direction(Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@strawberry.enum(description="A language of names and documents.")
class Lang(Enum):
    EN = "en"
    KO = "ko"


# -- context ---------------------------------------------------------------------------------


class GraphContext:
    """What resolvers need from a request: the store, settings, per-request DataLoaders, and
    the hooks that only the serving layer can implement (auth, serialised writes, ingest).

    ``api.graphql.ApiContext`` is the real implementation. Example::

        ctx = ApiContext(Services(settings, store), presented_key=None)
        await ctx.entities.load("ent:...")      # batched with every other load this tick
        await ctx.batched(ctx.store.relations_of, "ent:...", "both", None)
    """

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        # How many batched store calls each loader made; tests assert on it.
        self.batch_calls: dict[str, int] = {"entities": 0, "relations": 0, "documents": 0, "store": 0}
        self.entities: DataLoader[str, domain.Entity | None] = DataLoader(load_fn=self._load_entities)
        self.relations: DataLoader[str, domain.Relation | None] = DataLoader(load_fn=self._load_relations)
        self.documents: DataLoader[str, domain.Document | None] = DataLoader(load_fn=self._load_documents)
        # Other store reads (relations_of, neighbors, ...) keyed by (method name, args): the
        # calls made by the rows of one list share a single worker-thread hop, and their
        # results arrive in the same tick, so the entity lookups they trigger batch as well.
        self.calls: DataLoader[tuple[str, tuple[Hashable, ...]], Any] = DataLoader(load_fn=self._load_calls)

    async def read(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a blocking read (a store call) in a worker thread. If the request is cancelled
        (timeout, client gone) the caller stops waiting; the thread finishes on its own."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), abandon_on_cancel=True)

    async def batched(self, fn: Callable[..., R], *args: Hashable) -> R:
        """Call the store read method ``fn`` (e.g. ``store.relations_of``) with ``args``,
        batched with the other calls of this tick and cached for the request."""
        return cast(R, await self.calls.load((fn.__name__, args)))

    def clear_caches(self) -> None:
        """Forget what this request read so far (after a write)."""
        for loader in (self.entities, self.relations, self.documents, self.calls):
            loader.clear_all()

    async def write(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a blocking write in a worker thread and make it durable."""
        raise NotImplementedError

    def authorize_mutation(self) -> None:
        """Raise unless this request may change the graph."""
        raise PermissionError("mutations are not available in this context")

    async def ingest(self, text: str, lang: str | None, title: str, source: str) -> IngestReport:
        raise NotImplementedError

    async def _load_calls(self, keys: list[tuple[str, tuple[Hashable, ...]]]) -> list[Any]:
        self.batch_calls["store"] += 1

        def run() -> list[Any]:
            results: list[Any] = []
            for name, args in keys:
                try:
                    results.append(getattr(self.store, name)(*args))
                except Exception as exc:  # handed to the one caller it belongs to
                    results.append(exc)
            return results

        return await self.read(run)

    async def _load_entities(self, keys: list[str]) -> list[domain.Entity | None]:
        self.batch_calls["entities"] += 1
        return await self.read(self.store.get_entities, keys)

    async def _load_relations(self, keys: list[str]) -> list[domain.Relation | None]:
        self.batch_calls["relations"] += 1
        return await self.read(self.store.get_relations, keys)

    async def _load_documents(self, keys: list[str]) -> list[domain.Document | None]:
        self.batch_calls["documents"] += 1
        return await self.read(lambda: [self.store.get_document(k) for k in keys])

    # -- paging ----------------------------------------------------------------------------
    def page(self, first: int | None, after: str | None, kind: str) -> tuple[int, int]:
        """(offset, size) of the requested page; ``first`` is capped by settings.max_page_size."""
        cap = self.settings.max_page_size
        size = min(DEFAULT_PAGE_SIZE, cap) if first is None else first
        if not 0 <= size <= cap:
            raise InputError(f"`first` must be between 0 and {cap}, got {size}")
        offset = 0 if after is None else decode_cursor(after, kind) + 1
        return offset, size


Info = strawberry.Info[GraphContext, None]
F = TypeVar("F", bound=Callable[..., Any])


def _field(description: str) -> Callable[[F], F]:
    """``strawberry.field(description=...)`` typed as the identity for mypy (strawberry's
    overload with arguments is untyped)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def _mutation(description: str) -> Callable[[F], F]:
    return cast(Callable[[F], F], strawberry.mutation(description=description))


def _tuple(items: Sequence[R] | None) -> tuple[R, ...] | None:
    return None if items is None else tuple(items)


# -- cursors and connections -------------------------------------------------------------------


def encode_cursor(kind: str, index: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{index}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> int:
    """The index a cursor points at. Cursors are opaque offsets tagged with the list they
    came from, so one from `relations` cannot be replayed against `neighbors`."""
    try:
        got_kind, _, index = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        value = int(index)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InputError(f"invalid cursor {cursor!r}") from None
    if got_kind != kind or value < 0:
        raise InputError(f"cursor {cursor!r} does not belong to this list")
    return value


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a connection with its opaque cursor.")
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str


@strawberry.type(description="A Relay-style page of items.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="Size of the whole list when known without extra work, else null."
    )


def _page_info(kind: str, offset: int, count: int, has_next: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=offset > 0,
        start_cursor=encode_cursor(kind, offset) if count else None,
        end_cursor=encode_cursor(kind, offset + count - 1) if count else None,
    )


def _connection(kind: str, nodes: Sequence[NodeT], offset: int, has_next: bool, total: int | None) -> Connection[NodeT]:
    return Connection(
        edges=[Edge(node=node, cursor=encode_cursor(kind, offset + i)) for i, node in enumerate(nodes)],
        page_info=_page_info(kind, offset, len(nodes), has_next),
        total_count=total,
    )


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


def _need(found: R | None, what: str, key: str) -> R:
    if found is None:
        raise NotFoundError(f"{what} {key!r} not found")
    return found


# -- leaf types -------------------------------------------------------------------------------


@strawberry.type(description="A free-form attribute (title, former, ...) as a string pair.")
class Attribute:
    key: str
    value: str

    @staticmethod
    def from_dict(attributes: dict[str, domain.AttrValue]) -> list[Attribute]:
        return [Attribute(key=k, value=str(v)) for k, v in sorted(attributes.items())]


@strawberry.type(description="A document the graph was read from.")
class Document:
    id: strawberry.ID
    title: str
    source: str
    language: str = strawberry.field(description="Language code: en, ko or mixed.")
    date: dt.date | None
    char_count: int
    content_sha256: str

    @staticmethod
    def from_model(doc: domain.Document) -> Document:
        return Document(
            id=strawberry.ID(doc.id),
            title=doc.title,
            source=doc.source,
            language=doc.language,
            date=doc.date,
            char_count=doc.char_count,
            content_sha256=doc.content_sha256,
        )

    @_field("Entities mentioned in this document.")
    async def entities(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Entity]:
        offset, size = info.context.page(first, after, "doc-entities")
        ids = await info.context.batched(info.context.store.document_entities, str(self.id))
        window = ids[offset : offset + size]
        found = await info.context.entities.load_many(window)
        nodes = [Entity.from_model(e) for e in found if e is not None]
        return _connection("doc-entities", nodes, offset, offset + size < len(ids), len(ids))

    @_field("Relations with evidence from this document.")
    async def relations(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Relation]:
        offset, size = info.context.page(first, after, "doc-relations")
        ids = await info.context.batched(info.context.store.document_relations, str(self.id))
        window = ids[offset : offset + size]
        found = await info.context.relations.load_many(window)
        nodes = [Relation.from_model(r) for r in found if r is not None]
        return _connection("doc-relations", nodes, offset, offset + size < len(ids), len(ids))


async def _document(info: Info, document_id: str) -> Document:
    doc = _need(await info.context.documents.load(document_id), "document", document_id)
    return Document.from_model(doc)


@strawberry.type(description="Why a relation is believed: the sentence that says so and who read it there.")
class Evidence:
    document_id: strawberry.ID
    text: str = strawberry.field(description="The sentence.")
    sentence_start: int
    sentence_end: int
    start: int = strawberry.field(description="Evidence span in the document (covers both mentions).")
    end: int
    language: Lang
    extractor: str
    rule: str
    confidence: float
    source_start: int | None = strawberry.field(
        description="Document offsets of the source entity's mention in the sentence, when known."
    )
    source_end: int | None
    target_start: int | None = strawberry.field(
        description="Document offsets of the target entity's mention in the sentence, when known."
    )
    target_end: int | None

    @staticmethod
    def from_model(ev: domain.Evidence) -> Evidence:
        return Evidence(
            document_id=strawberry.ID(ev.document_id),
            text=ev.sentence,
            sentence_start=ev.sentence_start,
            sentence_end=ev.sentence_end,
            start=ev.start,
            end=ev.end,
            language=Lang(ev.language),
            extractor=ev.extractor,
            rule=ev.rule,
            confidence=ev.confidence,
            source_start=ev.source_span[0] if ev.source_span else None,
            source_end=ev.source_span[1] if ev.source_span else None,
            target_start=ev.target_span[0] if ev.target_span else None,
            target_end=ev.target_span[1] if ev.target_span else None,
        )

    @strawberry.field
    async def document(self, info: Info) -> Document:
        return await _document(info, str(self.document_id))


@strawberry.type(description="A mention placed in a document, with the sentence around it.")
class Mention:
    document_id: strawberry.ID
    text: str
    type: EntityType  # type: ignore[valid-type]
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    language: Lang
    extractor: str
    confidence: float
    attributes: list[Attribute]

    @staticmethod
    def from_model(m: domain.Mention) -> Mention:
        return Mention(
            document_id=strawberry.ID(m.document_id),
            text=m.text,
            type=m.type,
            start=m.start,
            end=m.end,
            sentence=m.sentence,
            sentence_start=m.sentence_start,
            sentence_end=m.sentence_end,
            language=Lang(m.language),
            extractor=m.extractor,
            confidence=m.confidence,
            attributes=Attribute.from_dict(m.attributes),
        )

    @strawberry.field
    async def document(self, info: Info) -> Document:
        return await _document(info, str(self.document_id))


@strawberry.type(description="Why a surface form was attached to an entity (resolution audit trail).")
class MergeRecord:
    entity_id: strawberry.ID
    alias: str
    reason: str
    score: float
    document_id: str
    other_entity_id: str

    @staticmethod
    def from_model(m: domain.MergeRecord) -> MergeRecord:
        return MergeRecord(
            entity_id=strawberry.ID(m.entity_id),
            alias=m.alias,
            reason=m.reason,
            score=m.score,
            document_id=m.document_id,
            other_entity_id=m.other_entity_id,
        )


# -- entities and relations -------------------------------------------------------------------


@strawberry.type(description="An entity reached from another one, with its hop distance.")
class NeighborEdge:
    node: Entity
    cursor: str
    depth: int


@strawberry.type(description="Entities within `depth` hops, nearest first.")
class NeighborConnection:
    edges: list[NeighborEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="A company, person, place or organisation, in both languages.")
class Entity:
    id: strawberry.ID
    type: EntityType  # type: ignore[valid-type]
    name: str
    name_en: str
    name_ko: str
    aliases: list[str] = strawberry.field(
        description="Every name the entity is found by: the names seen in documents plus dictionary and "
        "gazetteer variants (search keys). `seenAliases` keeps only the former."
    )
    mention_count: int
    attributes: list[Attribute]

    @staticmethod
    def from_model(e: domain.Entity) -> Entity:
        return Entity(
            id=strawberry.ID(e.id),
            type=e.type,
            name=e.name,
            name_en=e.name_en,
            name_ko=e.name_ko,
            aliases=list(e.aliases),
            mention_count=e.mention_count,
            attributes=Attribute.from_dict(e.attributes),
        )

    @_field("The name in `lang` when known, else the canonical name.")
    def label(self, lang: Lang = Lang.EN) -> str:
        preferred = self.name_ko if lang is Lang.KO else self.name_en
        return preferred or self.name

    @_field(
        "Relations of this entity, most confident first. `minConfidence` (default: the server's "
        "KG_RELATION_MIN_CONFIDENCE) leaves out relations whose calibrated confidence is lower."
    )
    async def relations(
        self,
        info: Info,
        types: list[RelationType] | None = None,  # type: ignore[valid-type]
        direction: Direction = Direction.BOTH,
        first: int | None = None,
        after: str | None = None,
        min_confidence: float | None = None,
    ) -> Connection[Relation]:
        floor = info.context.settings.relation_min_confidence if min_confidence is None else min_confidence
        if not 0.0 <= floor <= 1.0:
            raise InputError(f"`minConfidence` must be between 0 and 1, got {floor}")
        offset, size = info.context.page(first, after, "relations")
        rels = await info.context.batched(info.context.store.relations_of, str(self.id), direction.value, _tuple(types))
        rels = [r for r in rels if r.confidence >= floor]
        window = rels[offset : offset + size]
        info.context.relations.prime_many({r.id: r for r in window})
        nodes = [Relation.from_model(r) for r in window]
        return _connection("relations", nodes, offset, offset + size < len(rels), len(rels))

    @_field("Entities within `depth` (1..3) hops in either direction, nearest first.")
    async def neighbors(
        self,
        info: Info,
        depth: int = 1,
        types: list[RelationType] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> NeighborConnection:
        if not 1 <= depth <= MAX_NEIGHBOR_DEPTH:
            raise InputError(f"`depth` must be between 1 and {MAX_NEIGHBOR_DEPTH}, got {depth}")
        offset, size = info.context.page(first, after, "neighbors")
        found = await info.context.batched(info.context.store.neighbors, str(self.id), depth, _tuple(types))
        window = found[offset : offset + size]
        entities = await info.context.entities.load_many([entity_id for entity_id, _ in window])
        edges = [
            NeighborEdge(node=Entity.from_model(ent), cursor=encode_cursor("neighbors", offset + i), depth=hops)
            for i, ((_, hops), ent) in enumerate(zip(window, entities, strict=True))
            if ent is not None
        ]
        return NeighborConnection(
            edges=edges,
            page_info=_page_info("neighbors", offset, len(window), offset + size < len(found)),
            total_count=len(found),
        )

    @_field("The surface forms seen in the documents, most frequent first.")
    async def seen_aliases(self, info: Info) -> list[str]:
        mentions = await info.context.batched(info.context.store.mentions_of, str(self.id), None)
        return [text for text, _ in Counter(m.text for m in mentions).most_common()]

    @_field("Mentions of this entity with their sentences.")
    async def mentions(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Mention]:
        offset, size = info.context.page(first, after, "mentions")
        found = await info.context.batched(info.context.store.mentions_of, str(self.id), offset + size + 1)
        window = found[offset : offset + size]
        nodes = [Mention.from_model(m) for m in window]
        return _connection("mentions", nodes, offset, len(found) > offset + size, self.mention_count)

    @_field("Documents that mention this entity.")
    async def documents(self, info: Info, first: int | None = None) -> list[Document]:
        _, size = info.context.page(first, None, "documents")
        mentions = await info.context.batched(info.context.store.mentions_of, str(self.id), None)
        ids = list(dict.fromkeys(m.document_id for m in mentions))[:size]
        docs = await info.context.documents.load_many(ids)
        return [Document.from_model(d) for d in docs if d is not None]

    @_field("How surface forms were attached to this entity.")
    async def merges(self, info: Info) -> list[MergeRecord]:
        records = await info.context.batched(info.context.store.merges_of, str(self.id))
        return [MergeRecord.from_model(r) for r in records]


async def _entity(info: Info, entity_id: str) -> Entity:
    return Entity.from_model(_need(await info.context.entities.load(entity_id), "entity", entity_id))


@strawberry.type(description="A typed edge between two entities, with every piece of evidence for it.")
class Relation:
    id: strawberry.ID
    type: RelationType  # type: ignore[valid-type]
    source_id: strawberry.ID
    target_id: strawberry.ID
    confidence: float
    title: str | None = strawberry.field(description="Role title for role relations (CEO, 대표, ...).")
    former: bool = strawberry.field(description="True when the text says the relation no longer holds.")
    attributes: list[Attribute]
    evidence: list[Evidence]
    documents: list[strawberry.ID] = strawberry.field(description="Ids of the documents with evidence.")

    @staticmethod
    def from_model(r: domain.Relation) -> Relation:
        title = r.attributes.get("title")
        return Relation(
            id=strawberry.ID(r.id),
            type=r.type,
            source_id=strawberry.ID(r.source),
            target_id=strawberry.ID(r.target),
            confidence=r.confidence,
            title=None if title is None else str(title),
            former=bool(r.attributes.get("former", False)),
            attributes=Attribute.from_dict(r.attributes),
            evidence=[Evidence.from_model(ev) for ev in r.evidence],
            documents=[strawberry.ID(d) for d in r.documents],
        )

    @strawberry.field
    async def source(self, info: Info) -> Entity:
        return await _entity(info, str(self.source_id))

    @strawberry.field
    async def target(self, info: Info) -> Entity:
        return await _entity(info, str(self.target_id))

    @_field("The label of the relation type in `lang`.")
    def label(self, lang: Lang = Lang.EN) -> str:
        return domain.RelationType(self.type).label(lang.value)


@strawberry.type(description="One shortest path: entities[i] -relations[i]- entities[i+1].")
class Path:
    length: int
    relations: list[Relation]
    entity_ids: list[strawberry.ID]

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        found = await info.context.entities.load_many([str(i) for i in self.entity_ids])
        return [Entity.from_model(_need(e, "entity", str(i))) for e, i in zip(found, self.entity_ids, strict=True)]


def _walk(start: str, rels: Sequence[domain.Relation]) -> list[str]:
    ids = [start]
    for rel in rels:
        ids.append(rel.target if rel.source == ids[-1] else rel.source)
    return ids


@strawberry.type(description="An entity found by search, with its score in 0..1 (3 decimals).")
class SearchEdge:
    node: Entity
    cursor: str
    score: float


@strawberry.type(description="Ranked search results.")
class SearchConnection:
    edges: list[SearchEdge]
    page_info: PageInfo


@strawberry.type(description="A count of one kind of thing.")
class Count:
    key: str
    count: int


def _counts(by: dict[str, int]) -> list[Count]:
    return [Count(key=k, count=v) for k, v in sorted(by.items())]


@strawberry.type(description="Size of the graph, by entity type, relation type and document language.")
class Stats:
    documents: int = strawberry.field(description="Documents stored (each version of a source counts once).")
    entities: int = strawberry.field(description="Entities (nodes), all types.")
    relations: int = strawberry.field(description="Relations (typed edges), all types.")
    mentions: int = strawberry.field(description="Stored mentions: places in documents that name an entity.")
    entities_by_type: list[Count] = strawberry.field(description="Entities per type (key: Company, Person, ...).")
    relations_by_type: list[Count] = strawberry.field(
        description="Relations per type (key: PARTNERS_WITH, CEO_OF, ...)."
    )
    documents_by_language: list[Count] = strawberry.field(description="Documents per language (key: en, ko, mixed).")


# -- root types -------------------------------------------------------------------------------


def _has_name_in(entity: domain.Entity, lang: Lang) -> bool:
    return bool(entity.name_ko if lang is Lang.KO else entity.name_en)


@strawberry.type
class Query:
    @_field(
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
            page_info=_page_info("search", offset, len(window), len(kept) > offset + size),
        )

    @strawberry.field
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        found = await info.context.entities.load(str(id))
        return None if found is None else Entity.from_model(found)

    @_field("Several entities at once (null for unknown ids), in the order given.")
    async def entities(self, info: Info, ids: list[strawberry.ID]) -> list[Entity | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise InputError(f"at most {info.context.settings.max_page_size} ids per request")
        found = await info.context.entities.load_many([str(i) for i in ids])
        return [None if e is None else Entity.from_model(e) for e in found]

    @strawberry.field
    async def relation(self, info: Info, id: strawberry.ID) -> Relation | None:
        found = await info.context.relations.load(str(id))
        return None if found is None else Relation.from_model(found)

    @_field("All shortest paths (up to `first`) between two entities, ignoring direction.")
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
            _need(found, "entity", str(key))
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
        return _connection("documents", nodes, offset, len(docs) > size, total)

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


@strawberry.type(description="What one ingestDocument call extracted and stored.")
class IngestResult:
    document_id: strawberry.ID
    written: bool = strawberry.field(description="False when the same text was already stored.")
    replaced: strawberry.ID | None = strawberry.field(
        description="The previous version of the same source, when this one replaced it."
    )
    entity_ids: list[strawberry.ID]
    relation_ids: list[strawberry.ID]

    @strawberry.field
    async def document(self, info: Info) -> Document | None:
        found = await info.context.documents.load(str(self.document_id))
        return None if found is None else Document.from_model(found)

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        found = await info.context.entities.load_many([str(i) for i in self.entity_ids])
        return [Entity.from_model(e) for e in found if e is not None]

    @strawberry.field
    async def relations(self, info: Info) -> list[Relation]:
        found = await info.context.relations.load_many([str(i) for i in self.relation_ids])
        return [Relation.from_model(r) for r in found if r is not None]


@strawberry.type(description="The entity an alias was split from and the new one it now names.")
class SplitResult:
    original: Entity
    created: Entity


@strawberry.type
class DeleteResult:
    document_id: strawberry.ID
    deleted: bool = strawberry.field(description="False when the document was not stored.")


def _split_entity_id(original: domain.Entity, alias: str, type: domain.EntityType, store: GraphStore) -> str:
    from kg.resolve import entity_id_for
    from schema.text import normalize_name

    candidate = entity_id_for(type, normalize_name(alias))
    if candidate == original.id or store.get_entity(candidate) is not None:
        # The plain id is taken (often by the entity being split): scope it to the split.
        candidate = entity_id_for(type, f"split|{original.id}|{normalize_name(alias)}")
    return candidate


@dataclass(frozen=True)
class _Split:
    original: domain.Entity
    created: domain.Entity


@strawberry.type
class Mutation:
    @_mutation("Extract entities and relations from `text` and store them. Needs the API key.")
    async def ingest_document(
        self,
        info: Info,
        text: str,
        lang: Lang | None = None,
        title: str = "",
        source: str = "",
    ) -> IngestResult:
        info.context.authorize_mutation()
        if len(text) > MAX_INGEST_CHARS:
            raise InputError(f"`text` is longer than {MAX_INGEST_CHARS} characters")
        report = await info.context.ingest(text, None if lang is None else lang.value, title, source)
        info.context.clear_caches()
        return IngestResult(
            document_id=strawberry.ID(report.document_id),
            written=report.written,
            replaced=None if not getattr(report, "replaced", None) else strawberry.ID(str(report.replaced)),
            entity_ids=[strawberry.ID(i) for i in report.entity_ids],
            relation_ids=[strawberry.ID(i) for i in report.relation_ids],
        )

    @_mutation("Merge `otherId` into `keepId` (manual resolution). Needs the API key.")
    async def merge_entities(self, info: Info, keep_id: strawberry.ID, other_id: strawberry.ID) -> Entity:
        info.context.authorize_mutation()
        store = info.context.store

        def merge() -> domain.Entity:
            keep = _need(store.get_entity(str(keep_id)), "entity", str(keep_id))
            other = _need(store.get_entity(str(other_id)), "entity", str(other_id))
            if keep.id == other.id:
                raise InputError("cannot merge an entity into itself")
            record = domain.MergeRecord(
                entity_id=keep.id, alias=other.name, reason="manual", score=1.0, other_entity_id=other.id
            )
            return store.merge_entities(keep.id, other.id, record)

        merged = await info.context.write(merge)
        info.context.clear_caches()
        return Entity.from_model(merged)

    @_mutation("Move the mentions whose surface form is `alias` off an entity onto a new one. Needs the API key.")
    async def split_entity(
        self,
        info: Info,
        entity_id: strawberry.ID,
        alias: str,
        type: EntityType | None = None,  # type: ignore[valid-type]
    ) -> SplitResult:
        info.context.authorize_mutation()
        store = info.context.store

        def split() -> _Split:
            original = _need(store.get_entity(str(entity_id)), "entity", str(entity_id))
            new_type = domain.EntityType(type) if type is not None else original.type
            is_ko = any("\uac00" <= ch <= "\ud7a3" for ch in alias)
            new_entity = domain.Entity(
                id=_split_entity_id(original, alias, new_type, store),
                type=new_type,
                name=alias,
                name_en="" if is_ko else alias,
                name_ko=alias if is_ko else "",
                aliases=[alias],
            )
            created = store.split_entity(original.id, alias, new_entity)
            return _Split(original=_need(store.get_entity(original.id), "entity", original.id), created=created)

        result = await info.context.write(split)
        info.context.clear_caches()
        return SplitResult(original=Entity.from_model(result.original), created=Entity.from_model(result.created))

    @_mutation("Remove what came from one document (entities/relations it alone supported). Needs the API key.")
    async def delete_document(self, info: Info, id: strawberry.ID) -> DeleteResult:
        info.context.authorize_mutation()
        deleted = await info.context.write(info.context.store.delete_document, str(id))
        info.context.clear_caches()
        return DeleteResult(document_id=id, deleted=deleted)


def build_base_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    """The schema without serving concerns; ``api.graphql.build_schema`` adds limits and error codes."""
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=list(extensions))


def export_sdl() -> str:
    return build_base_schema().as_str() + "\n"


def _main(argv: Sequence[str]) -> int:
    sdl = export_sdl()
    if "--check" in argv:
        current = SDL_PATH.read_text(encoding="utf-8") if SDL_PATH.exists() else ""
        if current != sdl:
            print(f"{SDL_PATH} is stale: run `python -m schema.graphql`", file=sys.stderr)
            return 1
        return 0
    SDL_PATH.write_text(sdl, encoding="utf-8")
    print(f"wrote {SDL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
