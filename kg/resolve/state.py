"""Per-document state of the cross-lingual resolver: the document's mentions with what was
computed for them once (the text resolved, dictionary entry, blocking keys), the entity id
each has so far, the store's answers (one ``find_by_keys`` and one ``get_entities`` per
document), and the entities this document creates or extends, indexed locally so that later
mentions of the same document find them. The pipeline writes the store; nothing here does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.store.base import GraphStore
from schema.aliases import AliasEntry
from schema.text import has_hangul
from schema.types import TYPE_FROM_MODEL, TYPE_GROUP, AttrValue, Document, Entity, EntityType, Mention, MergeRecord
from schema.types import RelationType as R

from .guards import type_uncertain
from .keys import blocking_keys, dict_key, model_typed_keys

__all__ = ["AFFILIATIONS", "DocState", "Working"]

# the relations that make an organisation a person's affiliation (see DocState.affiliations)
AFFILIATIONS = [R.CEO_OF, R.CHAIR_OF, R.FOUNDER_OF, R.WORKS_FOR, R.LEADER_OF]


@dataclass
class Working:
    """An entity as this document leaves it (a copy; the store is written by the pipeline)."""

    entity: Entity
    is_new: bool
    dictionary_id: str = ""
    added: list[str] = field(default_factory=list)
    original_aliases: tuple[str, ...] = ()
    original_keys: tuple[str, ...] = ()
    original_attributes: dict[str, AttrValue] = field(default_factory=dict)
    names_from_dictionary: bool = False
    indexed: bool = True  # False: carries no blocking keys (fragments that must not gather)
    recorded: set[str] | None = None  # aliases with an audit record in the store (lazy)


@dataclass
class DocState:
    """One document's resolution in progress. ``texts``, ``entries`` and ``keys`` run
    parallel to ``mentions``; ``ids`` holds each mention's entity id once decided."""

    document: Document
    store: GraphStore
    mentions: Sequence[Mention]
    texts: list[str]
    entries: list[AliasEntry | None]
    keys: list[list[str]]
    stored: dict[str, Entity]  # the entities the store returned for the document's keys
    found: dict[str, list[str]]  # the store's answer to find_by_keys
    ids: list[str | None] = field(init=False)
    working: dict[str, Working] = field(default_factory=dict, init=False)
    local: dict[str, set[str]] = field(default_factory=dict, init=False)  # keys of this document's entities
    merges: list[MergeRecord] = field(default_factory=list, init=False)
    dropped: set[str] = field(default_factory=set, init=False)
    recorded: set[tuple[str, str]] = field(default_factory=set, init=False)
    rejected: set[str] = field(default_factory=set, init=False)  # people the context guard kept apart
    sentence_orgs: dict[int, list[int]] = field(default_factory=dict, init=False)  # sentence start -> O-group mentions
    _affiliations: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.ids = [None] * len(self.mentions)
        # organisation mentions by sentence, so that reading a person's sentence costs that
        # sentence, not the whole document (a 1 MB file spent most of its ingest there)
        for i, m in enumerate(self.mentions):
            if TYPE_GROUP[m.type] == "O":
                self.sentence_orgs.setdefault(m.sentence_start, []).append(i)

    # -- lookups -------------------------------------------------------------------------------
    def ids_for(self, key: str) -> list[str]:
        """The entities of ``key``, the most mentioned first."""
        ids = self.ids_for_any((key,))
        return sorted(ids, key=lambda e: (-self.mention_count(e), e)) if ids else []

    def ids_for_any(self, keys: Iterable[str]) -> set[str]:
        """The entities of any of ``keys`` (the union of ``ids_for`` over them, unordered)."""
        ids: set[str] = set()
        for key in keys:
            stored, local = self.found.get(key), self.local.get(key)
            if stored:
                ids.update(stored)
            if local:
                ids.update(local)
        return ids - self.dropped if self.dropped else ids

    def entity(self, entity_id: str) -> Entity | None:
        w = self.working.get(entity_id)
        return w.entity if w is not None else self.stored.get(entity_id)

    def dictionary_id_of(self, entity_id: str) -> str:
        e = self.entity(entity_id)
        value = e.attributes.get("dictionary_id", "") if e is not None else ""
        return str(value)

    def group_of(self, entity_id: str) -> str:
        e = self.entity(entity_id)
        return TYPE_GROUP[e.type] if e is not None else ""

    def mention_count(self, entity_id: str) -> int:
        e = self.stored.get(entity_id)
        return e.mention_count if e is not None else 0

    def sentence_orgs_of(self, m: Mention) -> set[str]:
        """The organisations already resolved in the mention's sentence."""
        return {eid for i in self.sentence_orgs.get(m.sentence_start, ()) if (eid := self.ids[i])}

    def affiliations(self, entity_id: str) -> set[str]:
        """The organisations a stored person is known to work for, lead, chair or have founded.
        Only organisations: the sentence side of the comparison (``sentence_orgs_of``) holds
        only organisations, and a minister's country (LEADER_OF/WORKS_FOR a place) is no reason
        to keep them apart from their name in a sentence that names some body."""
        if entity_id not in self._affiliations:
            if entity_id in self.stored:
                rels = self.store.relations_of(entity_id, direction="out", types=AFFILIATIONS)
                targets = sorted({r.target for r in rels})
                self._affiliations[entity_id] = {
                    e.id for e in (self.entity(t) or self.store.get_entity(t) for t in targets)
                    if e is not None and TYPE_GROUP[e.type] == "O"
                }  # fmt: skip
            else:
                self._affiliations[entity_id] = set()
        return self._affiliations[entity_id]

    def taken(self, entity_id: str, type: EntityType) -> bool:
        """True when a new entity cannot use ``entity_id``: it belongs to an entity of another
        type, or to a same-name entity the guards kept apart."""
        if entity_id in self.rejected:
            return True
        w = self.working.get(entity_id)
        if w is not None:
            return w.entity.type is not type
        existing = self.stored.get(entity_id) or self.store.get_entity(entity_id)
        if existing is None:
            return False
        if existing.type is not type:
            return True
        self.stored[entity_id] = existing
        return False

    def is_new_only_for(self, entity_id: str, surface: str) -> bool:
        w = self.working.get(entity_id)
        return bool(w and w.is_new and not w.dictionary_id and set(w.entity.aliases) <= {surface})

    # -- the entities this document touches ----------------------------------------------------
    def ensure(
        self, entity_id: str, type: EntityType, text: str, entry: AliasEntry | None, index: bool = True
    ) -> Working:
        w = self.working.get(entity_id)
        if w is None:
            w = self._working_copy(entity_id, type, text)
            w.indexed = index
            self.working[entity_id] = w
        if entry is not None and not w.dictionary_id:
            w.dictionary_id = entry.id
            w.names_from_dictionary = not w.entity.attributes.get("dictionary_id")
            self._apply_entry(w, entry)
        return w

    def _working_copy(self, entity_id: str, type: EntityType, text: str) -> Working:
        base = self.stored.get(entity_id)
        if base is not None:
            # a copy whose lists and attributes are its own (attribute values are scalars):
            # what a deep copy gives, without pydantic's generic deep copy of every field
            entity = base.model_copy(
                update={"aliases": list(base.aliases), "keys": list(base.keys), "attributes": dict(base.attributes)}
            )
            return Working(
                entity,
                is_new=False,
                original_aliases=tuple(base.aliases),
                original_keys=tuple(base.keys),
                original_attributes=dict(base.attributes),
            )
        hangul = has_hangul(text)
        entity = Entity(
            id=entity_id, type=type, name=text, name_en="" if hangul else text, name_ko=text if hangul else ""
        )
        return Working(entity, is_new=True)

    @staticmethod
    def output(w: Working) -> Entity | None:
        """What the store should upsert. Names are set only from the dictionary (the official
        form); otherwise left empty so the store shows the most frequent surface form per
        script. For an existing entity only what this document adds is sent (stores union
        aliases and keys)."""
        e = w.entity
        named = w.names_from_dictionary or (w.is_new and bool(w.dictionary_id))
        names = (
            {"name": e.name, "name_en": e.name_en, "name_ko": e.name_ko}
            if named
            else dict.fromkeys(("name", "name_en", "name_ko"), "")
        )
        if w.is_new:
            return e.model_copy(update={**names, "mention_count": 0})
        aliases = [a for a in e.aliases if a not in w.original_aliases]
        keys = [k for k in e.keys if k not in w.original_keys]
        attributes = {k: v for k, v in e.attributes.items() if w.original_attributes.get(k) != v}
        if not (aliases or keys or attributes or named):
            return None
        return Entity(id=e.id, type=e.type, aliases=aliases, keys=keys, attributes=attributes, **names)

    def _apply_entry(self, w: Working, entry: AliasEntry) -> None:
        e = w.entity
        e.name_en = entry.en or e.name_en
        e.name_ko = entry.ko or e.name_ko
        e.name = entry.en or entry.ko or e.name
        dkey = dict_key(entry.id)
        if dkey not in e.keys:
            e.keys.append(dkey)
            self.local.setdefault(dkey, set()).add(e.id)
            w.added.append(dkey)
        e.attributes.setdefault("dictionary_id", entry.id)
        if entry.parent:
            e.attributes.setdefault("dictionary_parent", entry.parent)
        for name in entry.names:
            self._add_name(w, name)

    def _add_name(self, w: Working, name: str) -> bool:
        e = w.entity
        if name in e.aliases:
            return False
        e.aliases.append(name)
        if has_hangul(name) and not e.name_ko:
            e.name_ko = name
        if not has_hangul(name) and not e.name_en:
            e.name_en = name
        keys: Sequence[str] = blocking_keys(name, e.type) if w.indexed else ()
        if w.indexed and e.attributes.get(TYPE_FROM_MODEL):
            keys = (*keys, *model_typed_keys(name, e.type))
        self._index(w, keys)
        w.added.append(name)
        return True

    def _index(self, w: Working, keys: Sequence[str]) -> None:
        for key in keys:
            if key not in w.entity.keys:
                w.entity.keys.append(key)
            self.local.setdefault(key, set()).add(w.entity.id)

    def add_keys(self, entity_id: str | None, keys: Sequence[str]) -> None:
        w = self.working.get(entity_id) if entity_id else None
        if w is None or not w.indexed:
            return
        self._index(w, keys)

    def confirm_type(self, entity_id: str | None, m: Mention) -> None:
        """A mention typed with evidence settles the type of an entity whose type only a model
        gave: it confirms it, or corrects it when the mention is of another group ("Federer"
        stored as a company by spaCy's word alone becomes a person when 페더러 with a title
        joins it). The stores take the new type (``schema.types.may_retype``); the entity's
        names gain the keys of the new type."""
        w = self.working.get(entity_id) if entity_id else None
        if w is None or not w.entity.attributes.get(TYPE_FROM_MODEL) or type_uncertain(m):
            return
        e = w.entity
        e.attributes[TYPE_FROM_MODEL] = False
        if TYPE_GROUP[m.type] == TYPE_GROUP[e.type]:
            return
        e.attributes["retyped_from"] = e.type.value
        e.type = m.type
        for name in e.aliases if w.indexed else []:
            self._index(w, blocking_keys(name, e.type))

    def attach(self, entity_id: str, surface: str, reason: str, score: float, extra_text: str = "") -> None:
        """Give the entity the surface form (and ``extra_text``, the name the mention was
        resolved by), with an audit record the first time the entity gains that form."""
        w = self.working.get(entity_id)
        if w is None:
            e = self.stored.get(entity_id) or self.store.get_entity(entity_id)
            if e is None:
                raise KeyError(entity_id)
            w = self.ensure(entity_id, e.type, surface, None)
        for name in dict.fromkeys([surface, extra_text]):
            if name:
                self._add_name(w, name)
        # one audit record per surface form an entity gains: the first document that brought
        # it (dictionary names count once seen in text, not when the entry added them)
        if (entity_id, surface) not in self.recorded and surface not in self._recorded_aliases(w):
            self.recorded.add((entity_id, surface))
            self.merges.append(
                MergeRecord(
                    entity_id=entity_id,
                    alias=surface,
                    reason=reason,
                    score=round(score, 4),
                    document_id=self.document.id,
                )
            )

    def _recorded_aliases(self, w: Working) -> set[str]:
        if w.is_new:
            return set()
        if w.recorded is None:
            w.recorded = {r.alias for r in self.store.merges_of(w.entity.id)}
        return w.recorded

    def drop(self, entity_id: str) -> None:
        w = self.working.pop(entity_id, None)
        if w is None:
            return
        for key in w.entity.keys:
            self.local.get(key, set()).discard(entity_id)
        self.dropped.add(entity_id)
        self.merges = [r for r in self.merges if r.entity_id != entity_id]

    def fold(self, old: str, new: str, surface: str, reason: str, score: float, extra_text: str = "") -> None:
        """An entity made new by this document turns out to be ``new`` (the text says so): it
        is dropped, its name attached to ``new``, and every mention that pointed at it
        re-pointed."""
        self.drop(old)
        self.attach(new, surface, reason, score, extra_text=extra_text)
        for j, other in enumerate(self.ids):
            if other == old:
                self.ids[j] = new
