"""The root ``Mutation``: ingest a text, merge and split entities, delete a document. Every
mutation needs the API key (``ApiContext.authorize_mutation``) and runs as one serialised,
committed write. Merge and split are ``kg.entity_ops.EntityOps``, the same code as
``kg entities merge|split``, so a split made here keeps later mentions of the alias on the
split-off entity exactly as one made on the command line.

Example::

    mutation { splitEntity(entityId: "ent:...", alias: "Amazon Korea") { created { id } } }
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

from api.graphql.context import Info
from api.graphql.limits import MAX_INGEST_CHARS
from api.graphql.types import Document, Entity, EntityType, Lang, Relation
from kg.entity_ops import EntityOps
from schema import types as domain
from schema.errors import InputError

__all__ = ["DeleteResult", "IngestResult", "Mutation", "SplitResult"]

F = TypeVar("F", bound=Callable[..., Any])


def documented_mutation(description: str) -> Callable[[F], F]:
    """``strawberry.mutation(description=...)`` typed as the identity for mypy."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


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


@strawberry.type
class Mutation:
    @documented_mutation("Extract entities and relations from `text` and store them. Needs the API key.")
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

    @documented_mutation("Merge `otherId` into `keepId` (manual resolution). Needs the API key.")
    async def merge_entities(self, info: Info, keep_id: strawberry.ID, other_id: strawberry.ID) -> Entity:
        info.context.authorize_mutation()
        ops = EntityOps(info.context.store, info.context.settings.data_dir)
        merged = await info.context.write(ops.merge, str(keep_id), str(other_id))
        info.context.clear_caches()
        return Entity.from_model(merged)

    @documented_mutation(
        "Move the mentions whose surface form is `alias` off an entity onto a new one. Needs the API key."
    )
    async def split_entity(
        self,
        info: Info,
        entity_id: strawberry.ID,
        alias: str,
        type: EntityType | None = None,  # type: ignore[valid-type]
    ) -> SplitResult:
        info.context.authorize_mutation()
        ops = EntityOps(info.context.store, info.context.settings.data_dir)
        new_type = None if type is None else domain.EntityType(type)
        result = await info.context.write(ops.split, str(entity_id), alias, new_type)
        info.context.clear_caches()
        return SplitResult(original=Entity.from_model(result.original), created=Entity.from_model(result.created))

    @documented_mutation(
        "Remove what came from one document (entities/relations it alone supported). Needs the API key."
    )
    async def delete_document(self, info: Info, id: strawberry.ID) -> DeleteResult:
        info.context.authorize_mutation()
        deleted = await info.context.write(info.context.store.delete_document, str(id))
        info.context.clear_caches()
        return DeleteResult(document_id=id, deleted=deleted)
