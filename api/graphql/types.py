"""The GraphQL object types (the API's face of ``schema/types.py``) and their field
resolvers, written against ``ApiContext``: every store read goes through its DataLoaders or
``batched``, so a list costs one batched lookup, not one per row. Resolvers only use
``GraphStore`` protocol methods, so the same types serve the NetworkX and the Neo4j store.

Example::

    >>> Entity.from_model(domain.Entity(id="ent:a", type=domain.EntityType.COMPANY, name="Amazon")).label()
    'Amazon'
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry

from api.graphql.context import Info
from api.graphql.limits import MAX_NEIGHBOR_DEPTH
from api.graphql.pagination import Connection, PageInfo, connection, encode_cursor, page_info
from schema import types as domain
from schema.errors import InputError, NotFoundError

__all__ = [
    "Attribute",
    "Count",
    "Direction",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Lang",
    "Mention",
    "MergeRecord",
    "NeighborConnection",
    "NeighborEdge",
    "Path",
    "Relation",
    "RelationType",
    "SearchConnection",
    "SearchEdge",
    "Stats",
    "documented_field",
    "need",
]

R = TypeVar("R")

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


F = TypeVar("F", bound=Callable[..., Any])


def documented_field(description: str) -> Callable[[F], F]:
    """``strawberry.field(description=...)`` typed as the identity for mypy (strawberry's
    overload with arguments is untyped)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def _tuple(items: Sequence[R] | None) -> tuple[R, ...] | None:
    return None if items is None else tuple(items)


def need(found: R | None, what: str, key: str) -> R:
    """``found``, or NotFoundError ("<what> '<key>' not found") when it is None."""
    if found is None:
        raise NotFoundError(f"{what} {key!r} not found")
    return found


# -- leaf types -------------------------------------------------------------------------------


@strawberry.type(description="A free-form attribute (title, former, ...) as a string pair.")
class Attribute:
    key: str
    value: str

    @staticmethod
    def from_dict(attributes: Mapping[str, object]) -> list[Attribute]:
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

    @documented_field("Entities mentioned in this document.")
    async def entities(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Entity]:
        offset, size = info.context.page(first, after, "doc-entities")
        ids = await info.context.batched(info.context.store.document_entities, str(self.id))
        window = ids[offset : offset + size]
        found = await info.context.entities.load_many(window)
        nodes = [Entity.from_model(e) for e in found if e is not None]
        return connection("doc-entities", nodes, offset, offset + size < len(ids), len(ids))

    @documented_field("Relations with evidence from this document.")
    async def relations(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Relation]:
        offset, size = info.context.page(first, after, "doc-relations")
        ids = await info.context.batched(info.context.store.document_relations, str(self.id))
        window = ids[offset : offset + size]
        found = await info.context.relations.load_many(window)
        nodes = [Relation.from_model(r) for r in found if r is not None]
        return connection("doc-relations", nodes, offset, offset + size < len(ids), len(ids))


async def document_node(info: Info, document_id: str) -> Document:
    doc = need(await info.context.documents.load(document_id), "document", document_id)
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
        return await document_node(info, str(self.document_id))


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
        return await document_node(info, str(self.document_id))


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

    @documented_field("The name in `lang` when known, else the canonical name.")
    def label(self, lang: Lang = Lang.EN) -> str:
        preferred = self.name_ko if lang is Lang.KO else self.name_en
        return preferred or self.name

    @documented_field(
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
        return connection("relations", nodes, offset, offset + size < len(rels), len(rels))

    @documented_field("Entities within `depth` (1..3) hops in either direction, nearest first.")
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
            page_info=page_info("neighbors", offset, len(window), offset + size < len(found)),
            total_count=len(found),
        )

    @documented_field("The surface forms seen in the documents, most frequent first.")
    async def seen_aliases(self, info: Info) -> list[str]:
        mentions = await info.context.batched(info.context.store.mentions_of, str(self.id), None)
        return [text for text, _ in Counter(m.text for m in mentions).most_common()]

    @documented_field("Mentions of this entity with their sentences.")
    async def mentions(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Mention]:
        offset, size = info.context.page(first, after, "mentions")
        found = await info.context.batched(info.context.store.mentions_of, str(self.id), offset + size + 1)
        window = found[offset : offset + size]
        nodes = [Mention.from_model(m) for m in window]
        return connection("mentions", nodes, offset, len(found) > offset + size, self.mention_count)

    @documented_field("Documents that mention this entity.")
    async def documents(self, info: Info, first: int | None = None) -> list[Document]:
        _, size = info.context.page(first, None, "documents")
        mentions = await info.context.batched(info.context.store.mentions_of, str(self.id), None)
        ids = list(dict.fromkeys(m.document_id for m in mentions))[:size]
        docs = await info.context.documents.load_many(ids)
        return [Document.from_model(d) for d in docs if d is not None]

    @documented_field("How surface forms were attached to this entity.")
    async def merges(self, info: Info) -> list[MergeRecord]:
        records = await info.context.batched(info.context.store.merges_of, str(self.id))
        return [MergeRecord.from_model(r) for r in records]


async def entity_node(info: Info, entity_id: str) -> Entity:
    return Entity.from_model(need(await info.context.entities.load(entity_id), "entity", entity_id))


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
        return await entity_node(info, str(self.source_id))

    @strawberry.field
    async def target(self, info: Info) -> Entity:
        return await entity_node(info, str(self.target_id))

    @documented_field("The label of the relation type in `lang`.")
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
        return [Entity.from_model(need(e, "entity", str(i))) for e, i in zip(found, self.entity_ids, strict=True)]


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
