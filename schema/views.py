"""The store rules every graph backend shares: how what was written becomes what readers see.

A backend keeps, per entity, its *base* (the fields written explicitly: names, aliases, keys,
attributes) and its mentions; per relation, its evidence. Everything derived from those is
decided here, once, as pure functions over ``schema.types`` models, so that the embedded store
and Neo4j answer alike:

* the **entity view** (``entity_view``): explicit names, else the most frequent surface form
  per script; aliases are the explicit ones plus every surface form, most frequent first;
* the **search forms** (``search_forms``, ``indexed_forms``): the names an entity is found by
  in either script and the search keys (other aliases) that match only whole;
* **upserts** (``upsert_base``): what a second write of an entity changes, and when a type
  may change (``check_retype``);
* **relations** (``canonical_relation``, ``merge_relation``, ``with_evidence``,
  ``aggregate_confidence``, ``relation_rank``): one edge per (source, target, type), its
  evidence deduplicated by key and its confidence a noisy-or over the evidence;
* **batches** (``check_batch``): what makes a document batch invalid before anything is written;
* **merges and splits** (``check_mergeable``, ``absorb``, ``reattach``, ``merge_record``,
  ``check_split``, ``split_base``, ``partition_evidence``, ``split_relation``, ``split_record``);
* **walks** (``hop_distances``, ``shortest_routes``): neighbourhoods and shortest paths,
  breadth-first over whatever one step of the backend returns.

Nothing here knows where the data lives; backends only translate (see docs/architecture.md).

Example:

>>> from schema.types import Entity, EntityType
>>> base = Entity(id="ent:1", type=EntityType.COMPANY, name="", aliases=["AMZN"])
>>> view = entity_view(base, ["Amazon", "아마존", "Amazon"])
>>> (view.name, view.name_ko, view.aliases, view.mention_count)
('Amazon', '아마존', ['AMZN', 'Amazon', '아마존'], 3)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from schema.errors import NotFoundError, StoreError
from schema.text import has_hangul, normalize_name
from schema.types import Entity, EntityType, Evidence, Mention, MergeRecord, Relation, may_retype

__all__ = [
    "MAX_PATHS",
    "SpanKey",
    "Step",
    "absorb",
    "aggregate_confidence",
    "alias_matches",
    "canonical_relation",
    "check_batch",
    "check_mergeable",
    "check_retype",
    "check_split",
    "entity_view",
    "hop_distances",
    "indexed_forms",
    "merge_record",
    "merge_relation",
    "new_base",
    "partition_evidence",
    "reattach",
    "relation_rank",
    "search_forms",
    "shortest_routes",
    "split_base",
    "split_record",
    "split_relation",
    "upsert_base",
    "with_evidence",
]

SpanKey = tuple[str, int, int]  # (document id, start, end) of a mention
Step = Callable[[Sequence[str]], Iterable[tuple[str, str, str, float]]]
"""One breadth-first step of a backend: for the frontier's entity ids, (from, to, relation
id, confidence) for every relation touching them, in either direction."""
MAX_PATHS = 20


# -- entities --------------------------------------------------------------------------------


def entity_view(base: Entity, texts: Sequence[str]) -> Entity:
    """The entity as readers see it, from its explicit fields and the surface forms of its
    mentions (``texts``, one per mention, in the order they were stored: ties in frequency go
    to the form stored first).

    >>> from schema.types import Entity, EntityType
    >>> base = Entity(id="ent:1", type=EntityType.PERSON, name="", name_en="Park Jung-ho")
    >>> view = entity_view(base, ["박정호", "Park", "박정호"])
    >>> (view.name, view.name_en, view.name_ko, view.aliases)
    ('Park Jung-ho', 'Park Jung-ho', '박정호', ['박정호', 'Park'])
    """
    surfaces = [text for text, _ in Counter(texts).most_common()]
    name_en = base.name_en or next((s for s in surfaces if not has_hangul(s)), "")
    name_ko = base.name_ko or next((s for s in surfaces if has_hangul(s)), "")
    return base.model_copy(
        update={
            "name": base.name or name_en or name_ko,
            "name_en": name_en,
            "name_ko": name_ko,
            "aliases": list(dict.fromkeys(a for a in [*base.aliases, *surfaces] if a)),
            "mention_count": len(texts),
        }
    )


def search_forms(view: Entity, texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """(names, search keys) an entity is found by (see ``kg.search.NameIndex``): its names and
    the surface forms seen in documents match every way; its other aliases (gazetteer and
    dictionary variants no document used) only whole or by prefix.

    >>> from schema.types import Entity, EntityType
    >>> view = Entity(id="ent:1", type=EntityType.PLACE, name="Seoul", aliases=["Seoul", "서울시"])
    >>> search_forms(view, ["Seoul", "Seoul"])
    (['Seoul', '', '', 'Seoul'], ['Seoul', '서울시'])
    """
    seen = dict.fromkeys(texts)  # distinct: each is normalised by the index
    return [view.name, view.name_en, view.name_ko, *seen], list(view.aliases)


def indexed_forms(view: Entity, texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """``search_forms`` normalised, deduplicated and sorted, as a backend that stores them
    keeps them: (name forms, key forms that are not also name forms).

    >>> from schema.types import Entity, EntityType
    >>> view = Entity(id="ent:1", type=EntityType.PLACE, name="Seoul", aliases=["Seoul", "서울시"])
    >>> indexed_forms(view, ["SEOUL"])
    (['seoul'], ['서울시'])
    """
    names, keys = search_forms(view, texts)
    forms = {normalize_name(n) for n in names if n.strip()}
    key_forms = {normalize_name(k) for k in keys if k.strip()} - forms
    forms.discard("")
    key_forms.discard("")
    return sorted(forms), sorted(key_forms)


def check_retype(stored: Entity, update: Entity) -> None:
    """Raise ``StoreError`` when ``update`` would change the type of ``stored`` and may not
    (only a type a model gave may be corrected: ``schema.types.may_retype``)."""
    if stored.type != update.type and not may_retype(stored, update):
        raise StoreError(f"entity {stored.id} is a {stored.type.value}, not a {update.type.value}")


def new_base(entity: Entity) -> Entity:
    """The base stored for an entity written for the first time."""
    return entity.model_copy(update={"aliases": list(entity.aliases), "mention_count": 0})


def upsert_base(stored: Entity | None, update: Entity) -> Entity:
    """The base after writing ``update`` over ``stored`` (``None``: a new entity): explicit
    names win over empty ones, aliases and keys accumulate in order, attributes merge.

    >>> from schema.types import Entity, EntityType
    >>> old = Entity(id="ent:1", type=EntityType.COMPANY, name="Amazon", aliases=["AMZN"], keys=["O|n|amazon"])
    >>> new = Entity(id="ent:1", type=EntityType.COMPANY, name="", name_ko="아마존", aliases=["아마존", "AMZN"])
    >>> merged = upsert_base(old, new)
    >>> (merged.name, merged.name_ko, merged.aliases, merged.keys)
    ('Amazon', '아마존', ['AMZN', '아마존'], ['O|n|amazon'])
    """
    if stored is None:
        return new_base(update)
    check_retype(stored, update)
    return stored.model_copy(
        update={
            "type": update.type,
            "name": update.name or stored.name,
            "name_en": update.name_en or stored.name_en,
            "name_ko": update.name_ko or stored.name_ko,
            "aliases": list(dict.fromkeys([*stored.aliases, *update.aliases])),
            "keys": list(dict.fromkeys([*stored.keys, *update.keys])),
            "attributes": {**stored.attributes, **update.attributes},
        }
    )


# -- relations -------------------------------------------------------------------------------


def aggregate_confidence(evidence: Sequence[Evidence]) -> float:
    """Noisy-or over independent pieces of evidence, each capped at 0.99, the result below
    certainty; 0.0 without evidence.

    >>> from schema.types import Evidence
    >>> aggregate_confidence([Evidence.model_construct(confidence=c) for c in (0.5, 0.5, 1.0)])
    0.9975
    >>> aggregate_confidence([])
    0.0
    """
    miss = 1.0
    for ev in evidence:
        miss *= 1.0 - min(max(ev.confidence, 0.0), 0.99)
    return round(min(1.0 - miss, 0.999), 4)


def canonical_relation(relation: Relation) -> Relation:
    """The stored form of a relation: a symmetric type runs from the smaller id to the larger,
    and the id is the stable id of (source, target, type)."""
    if relation.type.symmetric and relation.target < relation.source:
        relation = relation.model_copy(update={"source": relation.target, "target": relation.source})
    return relation.model_copy(update={"id": Relation.make_id(relation.source, relation.target, relation.type)})


def merge_relation(stored: Relation | None, incoming: Relation) -> Relation:
    """The stored relation after adding ``incoming`` (already canonical) to ``stored`` (the
    same id, or ``None``): evidence is merged by key (a later copy replaces an earlier one),
    attributes merge, the confidence is recomputed from the evidence (without evidence, the
    higher of the two given)."""
    if stored is None:
        evidence = list({ev.key: ev for ev in incoming.evidence}.values())
        return incoming.model_copy(
            update={"evidence": evidence, "confidence": aggregate_confidence(evidence) or incoming.confidence}
        )
    merged = {ev.key: ev for ev in stored.evidence}
    merged.update({ev.key: ev for ev in incoming.evidence})
    evidence = list(merged.values())
    return stored.model_copy(
        update={
            "evidence": evidence,
            "attributes": {**stored.attributes, **incoming.attributes},
            "confidence": aggregate_confidence(evidence) or max(stored.confidence, incoming.confidence),
        }
    )


def with_evidence(relation: Relation, evidence: list[Evidence]) -> Relation | None:
    """``relation`` left with ``evidence`` only (its confidence recomputed); ``None`` when no
    evidence remains and the relation must go."""
    if not evidence:
        return None
    return relation.model_copy(update={"evidence": evidence, "confidence": aggregate_confidence(evidence)})


def relation_rank(relation: Relation) -> tuple[float, str, str]:
    """Sort key of an entity's relations: most confident first, then by type and id."""
    return (-relation.confidence, relation.type.value, relation.id)


# -- document batches ------------------------------------------------------------------------


def check_batch(
    document_id: str,
    entities: Sequence[Entity],
    mentions: Sequence[tuple[str, Mention]],
    relations: Sequence[Relation],
    stored: Mapping[str, Entity],
) -> None:
    """Raise ``StoreError`` for a batch that must not be written: a mention or a relation end
    pointing at an entity neither in the batch nor in the store, a mention of another
    document, an entity changing type when it may not. ``stored`` holds the stored bases of
    (at least) every entity the batch names."""
    known = {e.id for e in entities}
    for entity_id, mention in mentions:
        if entity_id not in known and entity_id not in stored:
            raise StoreError(f"mention {mention.text!r} points at unknown entity {entity_id}")
        if mention.document_id != document_id:
            raise StoreError(f"mention {mention.text!r} belongs to {mention.document_id}, not {document_id}")
    for relation in relations:
        for end in (relation.source, relation.target):
            if end not in known and end not in stored:
                raise StoreError(f"relation {relation.type.value} points at unknown entity {end}")
    for entity in entities:
        old = stored.get(entity.id)
        if old is not None and old.type != entity.type and not may_retype(old, entity):
            raise StoreError(f"entity {entity.id} changes type to {entity.type.value}")


# -- merges ----------------------------------------------------------------------------------


def check_mergeable(keep: Entity, other: Entity) -> None:
    """Raise ``StoreError`` unless the two may become one: not the same entity, and a person
    only with a person."""
    if keep.id == other.id:
        raise StoreError("cannot merge an entity with itself")
    if (keep.type == EntityType.PERSON) != (other.type == EntityType.PERSON):
        raise StoreError(f"a {keep.type.value} cannot merge with a {other.type.value} ({keep.name!r}, {other.name!r})")


def absorb(keep: Entity, other: Entity) -> Entity:
    """The update ``upsert_base`` applies to ``keep``'s base when ``other`` merges into it:
    the names it lacks, and ``other``'s aliases and keys."""
    return keep.model_copy(
        update={
            "name_en": keep.name_en or other.name_en,
            "name_ko": keep.name_ko or other.name_ko,
            "aliases": [*keep.aliases, *other.aliases],
            "keys": [*keep.keys, *other.keys],
        }
    )


def reattach(relation: Relation, keep_id: str, other_id: str) -> Relation | None:
    """``relation`` with ``other_id``'s end moved to ``keep_id``; ``None`` for a relation
    between the two merged halves, which means nothing once they are one."""
    source = keep_id if relation.source == other_id else relation.source
    target = keep_id if relation.target == other_id else relation.target
    if source == target:
        return None
    return relation.model_copy(update={"source": source, "target": target})


def merge_record(record: MergeRecord, keep_id: str, other_id: str) -> MergeRecord:
    """The audit record a merge appends to the kept entity's history."""
    return record.model_copy(update={"entity_id": keep_id, "other_entity_id": other_id})


# -- splits ----------------------------------------------------------------------------------


def alias_matches(text: str, alias: str) -> bool:
    """Whether a surface form or alias is ``alias`` for a split (compared normalised).

    >>> alias_matches("AMAZON ", "amazon")
    True
    """
    return normalize_name(text) == normalize_name(alias)


def check_split(entity_id: str, base: Entity, alias: str, moved: int, total: int) -> None:
    """Raise ``NotFoundError`` when the entity has no such alias (no mention of it and no
    explicit alias), ``StoreError`` when every one of its ``total`` mentions would move."""
    if not moved and not any(alias_matches(a, alias) for a in base.aliases):
        raise NotFoundError(f"entity {entity_id} has no alias {alias!r}")
    if moved and moved == total:
        raise StoreError(f"every mention of {entity_id} is {alias!r}; nothing would remain")


def split_base(base: Entity, alias: str, new_keys: Iterable[str]) -> Entity:
    """The base of the entity a split leaves behind: without the alias (as an alias or an
    explicit name) and without the keys the new entity takes."""
    taken = set(new_keys)

    def kept(name: str) -> str:
        return "" if alias_matches(name, alias) else name

    return base.model_copy(
        update={
            "aliases": [a for a in base.aliases if not alias_matches(a, alias)],
            "keys": [k for k in base.keys if k not in taken],
            "name": kept(base.name),
            "name_en": kept(base.name_en),
            "name_ko": kept(base.name_ko),
        }
    )


def partition_evidence(
    relation: Relation, entity_id: str, moved_spans: set[SpanKey]
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """For a split: (evidence that stays, evidence whose *source* mention moved, evidence
    whose *target* mention moved), given the moved mentions as (document, start, end)."""
    keep: list[Evidence] = []
    move_src: list[Evidence] = []
    move_tgt: list[Evidence] = []
    for ev in relation.evidence:
        src = ev.source_span and (ev.document_id, *ev.source_span)
        tgt = ev.target_span and (ev.document_id, *ev.target_span)
        if relation.source == entity_id and src in moved_spans:
            move_src.append(ev)
        elif relation.target == entity_id and tgt in moved_spans:
            move_tgt.append(ev)
        else:
            keep.append(ev)
    return keep, move_src, move_tgt


def split_relation(
    relation: Relation, entity_id: str, new_id: str, moved_spans: set[SpanKey]
) -> tuple[list[Evidence], list[Relation]] | None:
    """What a split does to one of the entity's relations: ``None`` when none of its evidence
    was read off a moved mention; else (the evidence that stays, the relations to add for the
    new entity, carrying the evidence that moves)."""
    keep, move_src, move_tgt = partition_evidence(relation, entity_id, moved_spans)
    if not move_src and not move_tgt:
        return None
    additions = [
        relation.model_copy(update={**end, "evidence": evidence})
        for evidence, end in ((move_src, {"source": new_id}), (move_tgt, {"target": new_id}))
        if evidence
    ]
    return keep, additions


def split_record(new_id: str, alias: str, entity_id: str) -> MergeRecord:
    """The audit record a split appends to the new entity's history."""
    return MergeRecord(entity_id=new_id, alias=alias, reason="split", score=1.0, other_entity_id=entity_id)


# -- walks -----------------------------------------------------------------------------------


def hop_distances(start: str, depth: int, step: Step) -> list[tuple[str, int]]:
    """(entity id, hops) for every entity within ``depth`` hops of ``start``, nearest first,
    then by id; ``start`` itself is left out.

    >>> graph = {"a": [("a", "b", "r1", 0.5)], "b": [("b", "a", "r1", 0.5), ("b", "c", "r2", 0.5)]}
    >>> step = lambda ids: [edge for i in ids for edge in graph.get(i, [])]
    >>> hop_distances("a", 2, step)
    [('b', 1), ('c', 2)]
    """
    dist = {start: 0}
    frontier = [start]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        nxt = sorted({other for _, other, _, _ in step(frontier)} - set(dist))
        for other in nxt:
            dist[other] = hop
        frontier = nxt
    del dist[start]
    return sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))


Preds = dict[str, list[tuple[str, str]]]  # node -> [(previous node, relation id)]


def _level(edges: Iterable[tuple[str, str, str, float]], preds: Preds) -> Preds:
    """The nodes one step further, each with its predecessors on a shortest route; parallel
    relations between two nodes collapse into the most confident one (ties: the smaller id)."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for prev, node, rid, confidence in edges:
        if node in preds:
            continue
        pair = (prev, node)
        candidate = (float(confidence), rid)
        if pair not in best or (candidate[0], best[pair][1]) > (best[pair][0], candidate[1]):
            best[pair] = candidate
    level: Preds = {}
    for (prev, node), (_, rid) in sorted(best.items()):
        level.setdefault(node, []).append((prev, rid))
    return level


def shortest_routes(source: str, target: str, max_hops: int, step: Step) -> list[list[str]]:
    """Every shortest undirected route from ``source`` to ``target`` within ``max_hops``, as
    relation ids from the source (at most ``MAX_PATHS``); empty when there is none.

    >>> edges = [("a", "b", "r1", 0.9), ("a", "b", "r0", 0.5), ("b", "d", "r2", 0.5),
    ...          ("a", "c", "r3", 0.5), ("c", "d", "r4", 0.5)]
    >>> both = edges + [(b, a, r, c) for a, b, r, c in edges]
    >>> step = lambda ids: [e for e in both if e[0] in ids]
    >>> shortest_routes("a", "d", 4, step)
    [['r1', 'r2'], ['r3', 'r4']]
    >>> shortest_routes("a", "d", 1, step)
    []
    """
    if source == target:
        return []
    preds: Preds = {source: []}
    frontier = [source]
    hops = 0
    while frontier and target not in preds and hops < max_hops:
        hops += 1
        level = _level(step(frontier), preds)
        preds.update(level)
        frontier = sorted(level)
    if target not in preds:
        return []
    routes: list[list[str]] = []

    def walk(node: str, tail: list[str]) -> None:
        if len(routes) >= MAX_PATHS:
            return
        if node == source:
            routes.append(list(reversed(tail)))
            return
        for prev, rid in preds[node]:
            walk(prev, [*tail, rid])

    walk(target, [])
    return routes
