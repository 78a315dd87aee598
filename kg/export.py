"""GraphML export for Gephi, Cytoscape, yEd and networkx.

networkx's own writer needs the whole graph as a networkx object in memory first; for a store
of any size (and for Neo4j) this writer streams entity by entity and relation by relation
instead, so memory stays bounded. The output is plain GraphML 1.0 with typed keys, which
``networkx.read_graphml`` reads back.

Node attributes: name, type, name_en, name_ko, aliases (joined with " | "), mention_count.
Edge attributes: type, confidence, evidence (strongest sentence), evidence_count, documents
(ids joined with " | "), plus title and former where the relation has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from kg.store.base import GraphStore
from schema.types import Entity, Relation

__all__ = ["ALIAS_SEPARATOR", "iter_graphml", "write_graphml"]

ALIAS_SEPARATOR = " | "
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_NODE_KEYS = [
    ("name", "string"),
    ("type", "string"),
    ("name_en", "string"),
    ("name_ko", "string"),
    ("aliases", "string"),
    ("mention_count", "int"),
]
_EDGE_KEYS = [
    ("type", "string"),
    ("confidence", "double"),
    ("evidence", "string"),
    ("evidence_count", "int"),
    ("documents", "string"),
    ("title", "string"),
    ("former", "boolean"),
]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_INVALID_XML.sub("", str(value)))


def _data(key: str, value: object) -> str:
    return f'      <data key="{key}">{_text(value)}</data>\n'


def _node(entity: Entity) -> str:
    parts = [f"    <node id={quoteattr(_INVALID_XML.sub('', entity.id))}>\n"]
    parts.append(_data("n_name", entity.name))
    parts.append(_data("n_type", entity.type.value))
    parts.append(_data("n_name_en", entity.name_en))
    parts.append(_data("n_name_ko", entity.name_ko))
    parts.append(_data("n_aliases", ALIAS_SEPARATOR.join(entity.aliases)))
    parts.append(_data("n_mention_count", entity.mention_count))
    parts.append("    </node>\n")
    return "".join(parts)


def _edge(relation: Relation) -> str:
    best = relation.best_evidence
    parts = [
        f"    <edge id={quoteattr(relation.id)} source={quoteattr(relation.source)} "
        f"target={quoteattr(relation.target)}>\n"
    ]
    parts.append(_data("e_type", relation.type.value))
    parts.append(_data("e_confidence", relation.confidence))
    parts.append(_data("e_evidence", best.sentence if best else ""))
    parts.append(_data("e_evidence_count", len(relation.evidence)))
    parts.append(_data("e_documents", ALIAS_SEPARATOR.join(relation.documents)))
    if "title" in relation.attributes:
        parts.append(_data("e_title", relation.attributes["title"]))
    if "former" in relation.attributes:
        parts.append(_data("e_former", bool(relation.attributes["former"])))
    parts.append("    </edge>\n")
    return "".join(parts)


def _header() -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    for name, kind in _NODE_KEYS:
        lines.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}" />\n')
    for name, kind in _EDGE_KEYS:
        lines.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}" />\n')
    lines.append('  <graph id="kg" edgedefault="directed">\n')
    return "".join(lines)


def _subgraph(store: GraphStore, entity_id: str, depth: int) -> tuple[list[str], Iterable[Relation]]:
    ids = [entity_id, *(e for e, _ in store.neighbors(entity_id, depth=depth))]
    wanted = set(ids)
    relations: dict[str, Relation] = {}
    for eid in ids:
        for relation in store.relations_of(eid, "out"):
            if relation.target in wanted:
                relations[relation.id] = relation
    return ids, relations.values()


def iter_graphml(store: GraphStore, entity_id: str | None = None, depth: int = 1) -> Iterator[bytes]:
    """GraphML as a stream of UTF-8 chunks; the whole graph, or the ``depth``-hop
    neighbourhood of ``entity_id``."""
    yield _header().encode("utf-8")
    if entity_id is None:
        for entity in store.iter_entities():
            yield _node(entity).encode("utf-8")
        for relation in store.iter_relations():
            yield _edge(relation).encode("utf-8")
    else:
        ids, relations = _subgraph(store, entity_id, depth)
        for found in store.get_entities(ids):
            if found is not None:
                yield _node(found).encode("utf-8")
        for relation in relations:
            yield _edge(relation).encode("utf-8")
    yield b"  </graph>\n</graphml>\n"


def write_graphml(store: GraphStore, out: BinaryIO, entity_id: str | None = None, depth: int = 1) -> None:
    for chunk in iter_graphml(store, entity_id, depth):
        out.write(chunk)
