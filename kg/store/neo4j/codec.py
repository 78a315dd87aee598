"""Translation between ``schema.types`` models and the properties the Neo4j store keeps.

Nested values (attributes, evidence, merge records) are stored as JSON strings, since Neo4j
properties hold only scalars and lists of scalars; ``evidence`` and ``aliases_text`` repeat
part of them in a form the Neo4j Browser and the full-text index read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kg.search import index_grams
from schema.types import Document, Entity, EntityType, Evidence, Mention, MergeRecord, Relation, RelationType
from schema.views import indexed_forms

__all__ = [
    "Row",
    "base_props",
    "document_from_props",
    "document_props",
    "dumps",
    "entity_from_row",
    "mention_from_row",
    "mention_props",
    "record_json",
    "records_from_json",
    "relation_from_row",
    "relation_props",
    "view_props",
]

Row = dict[str, Any]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def entity_from_row(row: Row) -> Entity:
    """An entity from ``cypher.ENTITY_FIELDS`` (the view) or ``cypher.BASE_FIELDS`` (the base)."""
    return Entity(
        id=row["id"],
        type=EntityType(row["type"]),
        name=row["name"] or "",
        name_en=row["name_en"] or "",
        name_ko=row["name_ko"] or "",
        aliases=list(row["aliases"] or []),
        mention_count=int(row.get("mention_count") or 0),
        keys=list(row["keys"] or []),
        attributes=json.loads(row["attributes"] or "{}"),
    )


def base_props(entity: Entity) -> Row:
    """The properties holding what was written explicitly (``base_*``, keys, attributes)."""
    return {
        "id": entity.id,
        "type": entity.type.value,
        "base_name": entity.name,
        "base_name_en": entity.name_en,
        "base_name_ko": entity.name_ko,
        "base_aliases": list(entity.aliases),
        "keys": list(entity.keys),
        "attributes_json": dumps(entity.attributes),
    }


def view_props(view: Entity, texts: Sequence[str]) -> Row:
    """The view's properties plus its search forms (``schema.views.indexed_forms``):
    ``forms`` match every way, ``key_forms`` only whole or by prefix, ``grams`` are the
    n-grams of ``forms`` (``kg.search.index_grams``)."""
    forms, key_forms = indexed_forms(view, texts)
    return {
        "id": view.id,
        "name": view.name,
        "name_en": view.name_en,
        "name_ko": view.name_ko,
        "aliases": view.aliases,
        "aliases_text": " | ".join(view.aliases),  # full-text indexes want strings
        "mention_count": view.mention_count,
        "forms": forms,
        "key_forms": key_forms,
        "grams": sorted({g for f in forms for g in index_grams(f)}),
    }


def relation_from_row(row: Row) -> Relation:
    """A relation from ``cypher.REL_FIELDS``."""
    props = row["p"]
    return Relation(
        id=props["id"],
        source=row["source"],
        target=row["target"],
        type=RelationType(row["type"]),
        confidence=float(props["confidence"]),
        attributes=json.loads(props.get("attributes_json") or "{}"),
        evidence=[Evidence.model_validate(ev) for ev in json.loads(props.get("evidence_json") or "[]")],
    )


def relation_props(relation: Relation) -> Row:
    return {
        "id": relation.id,
        "confidence": relation.confidence,
        "attributes_json": dumps(relation.attributes),
        "evidence_json": dumps([ev.model_dump(mode="json") for ev in relation.evidence]),
        "evidence": [ev.sentence for ev in relation.evidence],
        "documents": relation.documents,
    }


def mention_from_row(row: Row) -> Mention:
    """A mention from ``cypher.MENTION_FIELDS``."""
    props = dict(row["p"])
    props.pop("ord", None)
    props["attributes"] = json.loads(props.pop("attributes_json", None) or "{}")
    return Mention(document_id=row["document_id"], **props)


def mention_props(mention: Mention, order: int) -> Row:
    """A MENTIONS relationship's properties; ``ord`` is the insertion order, so that the
    view's "most frequent surface form" breaks ties by the form stored first."""
    props = mention.model_dump(mode="json", exclude={"document_id", "attributes"})
    props["attributes_json"] = dumps(mention.attributes)
    props["ord"] = order
    return props


def document_from_props(props: Row) -> Document:
    fields = {k: v for k, v in props.items() if k in Document.model_fields}
    return Document.model_validate(fields)


def document_props(document: Document) -> Row:
    return {k: v for k, v in document.model_dump(mode="json").items() if v is not None}


def record_json(record: MergeRecord) -> str:
    return dumps(record.model_dump(mode="json"))


def records_from_json(values: Sequence[str] | None) -> list[MergeRecord]:
    return [MergeRecord.model_validate_json(m) for m in values or []]
