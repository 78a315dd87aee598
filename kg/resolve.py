"""Entity resolution: decide, for each mention of a document, which stored entity it is or
that it is new. Runs in memory before anything is written, so it serves every store.

The ``Resolver`` protocol is what the pipeline calls. ``ExactNameResolver`` is the simplest real
resolver (type + normalised surface form). ``CrossLingualResolver`` makes "Amazon" and "아마존"
one node: it tries, in order,

1. the bilingual alias dictionary (``kg.aliases``): a dictionary entity gets the id
   ``entity_id_for(type, <dictionary id>)`` whichever language is seen first;
2. the exact name (modulo case, spacing, dots and corporate forms: "SK텔레콤(주)" = "SK텔레콤");
3. transliteration: candidates that share a phonetic blocking key (``kg.translit``) with the
   mention, scored by two phonetic similarities, accepted only across scripts and above a
   threshold that rises for short names, and never when two different entities tie;

with guards: a Person only ever meets a Person, Company and Organization may meet (extractors
disagree across languages), and a person whose stored affiliations are disjoint from the
organisations named in the same sentence stays a separate node. Candidates come only from
``store.find_by_keys`` (one call per document), so cost grows with the number of mentions,
not with the size of the graph.

Example::

    resolver = default_resolver(settings)
    resolution = resolver.resolve(document, mentions, store)
    resolution.entity_ids          # one id per mention, same order
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from kg.aliases import AliasDictionary, AliasEntry, dictionary_key, load_dictionary
from kg.config import Settings
from kg.store.base import GraphStore
from kg.translit import (
    fine_form,
    is_hangul,
    latin_renderings,
    person_keys,
    phonetic_form,
    place_stem,
    romanize,
    similarity,
    skeleton,
    split_korean_name,
    surname_variants,
)
from schema.types import Document, Entity, EntityType, Mention, MergeRecord, RelationType, stable_id

__all__ = [
    "CrossLingualResolver",
    "ExactNameResolver",
    "Resolution",
    "Resolver",
    "blocking_keys",
    "default_resolver",
    "entity_id_for",
    "normalize_name",
    "search_keys",
]


class Resolution(BaseModel):
    """One entity id per mention (same order), the entities to upsert, and why."""

    model_config = ConfigDict(extra="forbid")

    entity_ids: list[str]
    entities: list[Entity] = Field(default_factory=list)
    merges: list[MergeRecord] = Field(default_factory=list)


@runtime_checkable
class Resolver(Protocol):
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution: ...


def normalize_name(text: str) -> str:
    """NFKC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def entity_id_for(type: EntityType, canonical_key: str) -> str:
    return stable_id(type.value, canonical_key, prefix="ent:")


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


class ExactNameResolver:
    """Same type and same normalised name -> same entity."""

    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution:
        keys = [f"{m.type.value}|{normalize_name(m.text)}" for m in mentions]
        found = store.find_by_keys(sorted(set(keys)))
        ids: list[str] = []
        entities: dict[str, Entity] = {}
        merges: list[MergeRecord] = []
        for mention, key in zip(mentions, keys, strict=True):
            existing = found.get(key) or []
            entity_id = existing[0] if existing else entity_id_for(mention.type, normalize_name(mention.text))
            ids.append(entity_id)
            if not existing and entity_id not in entities:
                entities[entity_id] = Entity(
                    id=entity_id,
                    type=mention.type,
                    name=mention.text,
                    name_ko=mention.text if _is_hangul(mention.text) else "",
                    name_en="" if _is_hangul(mention.text) else mention.text,
                    keys=[key],
                )
                merges.append(
                    MergeRecord(
                        entity_id=entity_id, alias=mention.text, reason="new", score=1.0, document_id=document.id
                    )
                )
        return Resolution(entity_ids=ids, entities=list(entities.values()), merges=merges)


# -- blocking keys -----------------------------------------------------------------------------

# Company and Organization share a group: Korean rules may call 공정위 a Company where English
# calls the Fair Trade Commission an Organization. A Person never shares a group with anything.
_GROUP = {
    EntityType.COMPANY: "O",
    EntityType.ORGANIZATION: "O",
    EntityType.PERSON: "P",
    EntityType.PLACE: "L",
}
_AFFILIATIONS = [
    RelationType.CEO_OF,
    RelationType.CHAIR_OF,
    RelationType.FOUNDER_OF,
    RelationType.WORKS_FOR,
    RelationType.LEADER_OF,
]
_MIN_SKELETON = 2


def _renderings(name: str, type: EntityType) -> list[str]:
    names = [name]
    if type is EntityType.PLACE:
        stem = place_stem(name)
        if stem != name and len(stem) >= (1 if is_hangul(stem) else 2):
            names.append(stem)
    out: list[str] = []
    for n in names:
        out.extend(latin_renderings(n))
    return list(dict.fromkeys(out))


def blocking_keys(name: str, type: EntityType) -> list[str]:
    """The keys an entity named ``name`` is indexed under (and a mention looked up by):
    ``<group>|n|<exact form>``, ``<group>|s|<phonetic skeleton>`` per Latin rendering and, for
    personal names, ``P|k|<Hangul surname>|<given-name skeleton>``."""
    group = _GROUP[type]
    keys = []
    exact = dictionary_key(name)
    if exact:
        keys.append(f"{group}|n|{exact}")
    for rendering in _renderings(name, type):
        sk = skeleton(rendering)
        if len(sk) >= _MIN_SKELETON:
            keys.append(f"{group}|s|{sk}")
    if type is EntityType.PERSON:
        keys.extend(f"P|k|{k}" for k in person_keys(name))
    return list(dict.fromkeys(keys))


def _dict_key(entry_id: str) -> str:
    return f"d|{entry_id}"


# -- search ------------------------------------------------------------------------------------


def search_keys(text: str) -> list[str]:
    """Alternative spellings of a search query in the other script, for ``search_entities``:
    dictionary names ("미국" -> "United States", "U.S." ...), romanisations of Hangul
    ("서울" -> "seoul", "박정호" -> "Park Jung-ho", "Park Jeong-ho", "Jung-ho Park" ...), and
    the query's blocking keys (strings containing "|", for ``store.find_by_keys``)."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    for entry in load_dictionary().lookup(text):
        out.extend(entry.names)
    if is_hangul(text):
        out.append(romanize(text))
        out.append(romanize(text, assimilate=False))
        split = split_korean_name(text)
        if split is not None:
            surname, given = split
            syl = [romanize(ch, assimilate=False) for ch in given]
            givens = {"-".join(syl), "".join(syl), " ".join(syl)}
            givens |= {g.replace("eo", "u") for g in givens}
            for sur in surname_variants(surname)[:3]:
                for g in sorted(givens):
                    out.append(f"{sur} {g}")
                    out.append(f"{g} {sur}")
        stem = place_stem(text)
        if stem != text:
            out.append(romanize(stem))
    for type in (EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE):
        out.extend(blocking_keys(text, type))
    return [s for s in dict.fromkeys(out) if s and normalize_name(s) != normalize_name(text)]


# -- the cross-lingual resolver ------------------------------------------------------------------


@dataclass
class _Working:
    """An entity as this document leaves it (a copy; the store is written by the pipeline)."""

    entity: Entity
    is_new: bool
    dictionary_id: str = ""
    added: list[str] = field(default_factory=list)
    original_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Candidate:
    entity_id: str
    score: float
    reason: str


def _threshold(form_len: int) -> float:
    """Short names collide by chance, so they must match (nearly) exactly."""
    if form_len <= 4:
        return 0.99
    if form_len <= 6:
        return 0.9
    if form_len <= 9:
        return 0.84
    return 0.8


def _phonetic_score(a: str, b: str) -> float:
    """0..1 similarity of two Latin renderings sharing a skeleton."""
    pa, pb = phonetic_form(a), phonetic_form(b)
    fa, fb = fine_form(a), fine_form(b)
    score = 0.5 * similarity(pa, pb) + 0.5 * similarity(fa, fb)
    return score if score >= _threshold(min(len(fa), len(fb))) else 0.0


_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z]*", name)
    return "".join(w[0].upper() for w in words)


class CrossLingualResolver:
    """Resolves mentions to entities across English and Korean (see the module docstring).

    Example::

        resolver = CrossLingualResolver(load_dictionary())
        res = resolver.resolve(doc, mentions, store)   # "아마존" -> the id "Amazon" has
    """

    def __init__(self, dictionary: AliasDictionary | None = None, use_context: bool = True) -> None:
        self.dictionary = dictionary if dictionary is not None else load_dictionary()
        self.use_context = use_context

    # -- public --------------------------------------------------------------------------------
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution:
        texts = [self._text(m) for m in mentions]
        entries = [self._dictionary_entry(t, m.type) for t, m in zip(texts, mentions, strict=True)]
        mention_keys = [blocking_keys(t, m.type) for t, m in zip(texts, mentions, strict=True)]

        wanted: set[str] = set()
        for keys, entry in zip(mention_keys, entries, strict=True):
            wanted.update(keys)
            if entry is not None:
                wanted.add(_dict_key(entry.id))
        found = store.find_by_keys(sorted(wanted)) if wanted else {}
        cand_ids = sorted({i for ids in found.values() for i in ids})
        stored = {e.id: e for e in store.get_entities(cand_ids) if e is not None} if cand_ids else {}

        state = _DocState(document, store, stored, found)
        ids: list[str | None] = [None] * len(mentions)
        # organisations and places first: people are disambiguated by the organisations
        # named in their sentence
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].type is EntityType.PERSON)
        linked: list[int] = []
        for i in order:
            m = mentions[i]
            alias_of = m.attributes.get("alias_of")
            if isinstance(alias_of, int) and not isinstance(alias_of, bool) and 0 <= alias_of < len(mentions):
                if _GROUP[mentions[alias_of].type] == _GROUP[m.type] and alias_of != i:
                    linked.append(i)
                    continue
            ids[i] = self._resolve_one(state, i, m, texts[i], entries[i], mention_keys[i], mentions, ids)
        for i in linked:
            target = int(mentions[i].attributes["alias_of"])
            target_id = ids[target]
            if target_id is None:  # a chain of alias_of: resolve on its own
                target_id = self._resolve_one(
                    state, i, mentions[i], texts[i], entries[i], mention_keys[i], mentions, ids
                )
            else:
                state.attach(
                    target_id, mentions[i].text, "acronym" if _ACRONYM.match(mentions[i].text) else "exact", 1.0
                )
            ids[i] = target_id
        self._link_acronyms(state, mentions, ids)
        return Resolution(
            entity_ids=[i or "" for i in ids],
            entities=[w.entity for w in state.working.values() if w.added or w.is_new],
            merges=state.merges,
        )

    # -- steps ---------------------------------------------------------------------------------
    @staticmethod
    def _text(m: Mention) -> str:
        full = m.attributes.get("full_name")
        return full if isinstance(full, str) and full.strip() else m.text

    def _dictionary_entry(self, text: str, type: EntityType) -> AliasEntry | None:
        entries = [e for e in self.dictionary.lookup(text) if _GROUP[e.type] == _GROUP[type]]
        if not entries:
            return None
        same = [e for e in entries if e.type is type]
        return (same or entries)[0]

    def _resolve_one(
        self,
        state: _DocState,
        index: int,
        m: Mention,
        text: str,
        entry: AliasEntry | None,
        keys: list[str],
        mentions: Sequence[Mention],
        ids: list[str | None],
    ) -> str:
        group = _GROUP[m.type]
        # 1. dictionary
        if entry is not None:
            existing = state.ids_for(_dict_key(entry.id))
            entity_id = existing[0] if existing else entity_id_for(entry.type, entry.id)
            state.ensure(entity_id, entry.type, text, entry)
            state.attach(entity_id, m.text, "dictionary", 1.0, extra_text=text)
            return entity_id
        # 2. exact name, 3. transliteration
        affiliations = self._sentence_orgs(m, mentions, ids) if m.type is EntityType.PERSON else set()
        candidates = self._candidates(state, text, m.type, keys, group)
        best: _Candidate | None = None
        rejected_same_name = False
        ranked = sorted(candidates, key=lambda c: (-c.score, -state.mention_count(c.entity_id), c.entity_id))
        for cand in ranked:
            if m.type is EntityType.PERSON and self.use_context:
                verdict = self._context(state, cand.entity_id, affiliations)
                if verdict is False:
                    rejected_same_name = rejected_same_name or cand.reason == "exact"
                    state.rejected.add(cand.entity_id)
                    continue
                if verdict is True:
                    cand = _Candidate(cand.entity_id, min(1.0, cand.score + 0.05), "context")
            if best is None:
                best = cand
                continue
            # a tie between two different entities: merging with either could be wrong
            if best.reason == "transliteration" and best.score - cand.score < 0.03:
                best = None
            break
        if best is not None:
            state.attach(best.entity_id, m.text, best.reason, best.score, extra_text=text)
            return best.entity_id
        # 4. new entity
        canonical = dictionary_key(text) or normalize_name(text)
        if rejected_same_name and affiliations:
            canonical = f"{canonical}@{sorted(affiliations)[0]}"
        entity_id = entity_id_for(m.type, canonical)
        if state.taken(entity_id, m.type):
            entity_id = entity_id_for(m.type, f"{canonical}#{document_suffix(state.document)}")
        state.ensure(entity_id, m.type, text, None)
        state.attach(entity_id, m.text, "new", 1.0, extra_text=text)
        return entity_id

    def _candidates(
        self, state: _DocState, text: str, type: EntityType, keys: list[str], group: str
    ) -> list[_Candidate]:
        exact_key = f"{group}|n|{dictionary_key(text)}"
        out: dict[str, _Candidate] = {}
        for eid in state.ids_for(exact_key):
            if state.group_of(eid) == group:
                out[eid] = _Candidate(eid, 1.0, "exact")
        phonetic = [k for k in keys if k != exact_key]
        cand_ids = {eid for k in phonetic for eid in state.ids_for(k)} - set(out)
        if not cand_ids:
            return list(out.values())
        mention_renderings = _renderings(text, type)
        mention_person = set(person_keys(text)) if type is EntityType.PERSON else set()
        mention_hangul = is_hangul(text)
        for eid in sorted(cand_ids):
            entity = state.entity(eid)
            if entity is None or _GROUP[entity.type] != group:
                continue
            # transliteration only bridges scripts; within one script only exact names meet
            others = [n for n in _entity_names(entity) if is_hangul(n) != mention_hangul]
            best = 0.0
            for name in others:
                if mention_person and mention_person & set(person_keys(name)):
                    best = max(best, 0.9)
                    continue
                for r_other in _renderings(name, entity.type):
                    sk = skeleton(r_other)
                    for r in mention_renderings:
                        if skeleton(r) == sk and len(sk) >= _MIN_SKELETON:
                            best = max(best, _phonetic_score(r, r_other))
            if best > 0:
                out[eid] = _Candidate(eid, round(best, 4), "transliteration")
        return list(out.values())

    def _sentence_orgs(self, m: Mention, mentions: Sequence[Mention], ids: list[str | None]) -> set[str]:
        out = set()
        for other, eid in zip(mentions, ids, strict=True):
            if eid and _GROUP[other.type] == "O" and other.sentence_start == m.sentence_start:
                out.add(eid)
        return out

    def _context(self, state: _DocState, entity_id: str, affiliations: set[str]) -> bool | None:
        """True when the candidate person is affiliated with an organisation named in the same
        sentence, False when both sides name affiliations and they are disjoint, else None."""
        if not affiliations:
            return None
        known = state.affiliations(entity_id)
        if not known:
            return None
        return bool(known & affiliations)

    def _link_acronyms(self, state: _DocState, mentions: Sequence[Mention], ids: list[str | None]) -> None:
        """'SKT' next to 'SK Telecom' in the same document: the text supports the acronym, so
        a new entity made for the acronym is folded into the full name's entity."""
        by_initials: dict[str, str] = {}
        for m, eid in zip(mentions, ids, strict=True):
            if eid and _GROUP[m.type] == "O" and not _ACRONYM.match(m.text) and len(m.text.split()) >= 2:
                by_initials.setdefault(_initials(m.text), eid)
        for i, (m, eid) in enumerate(zip(mentions, ids, strict=True)):
            if not eid or _GROUP[m.type] != "O" or not _ACRONYM.match(m.text):
                continue
            target = by_initials.get(m.text.replace("&", ""))
            if target and target != eid and state.is_new_only_for(eid, m.text):
                state.drop(eid)
                state.attach(target, m.text, "acronym", 0.9)
                for j, other in enumerate(ids):
                    if other == eid:
                        ids[j] = target
                ids[i] = target


def document_suffix(document: Document) -> str:
    return document.id.split(":")[-1][:8]


def _entity_names(entity: Entity) -> list[str]:
    return [n for n in dict.fromkeys([entity.name, entity.name_en, entity.name_ko, *entity.aliases]) if n]


class _DocState:
    """Per-document working set: store lookups done once, entities created or extended by
    this document indexed locally so later mentions of the same document find them."""

    def __init__(
        self, document: Document, store: GraphStore, stored: dict[str, Entity], found: dict[str, list[str]]
    ) -> None:
        self.document = document
        self.store = store
        self.stored = stored
        self.found = found
        self.working: dict[str, _Working] = {}
        self.local: dict[str, set[str]] = {}
        self.merges: list[MergeRecord] = []
        self._affiliations: dict[str, set[str]] = {}
        self.dropped: set[str] = set()
        self.recorded: set[tuple[str, str]] = set()
        self.rejected: set[str] = set()

    def ids_for(self, key: str) -> list[str]:
        ids = set(self.found.get(key, ())) | self.local.get(key, set())
        ids -= self.dropped
        return sorted(ids, key=lambda e: (-self.mention_count(e), e))

    def entity(self, entity_id: str) -> Entity | None:
        w = self.working.get(entity_id)
        return w.entity if w is not None else self.stored.get(entity_id)

    def group_of(self, entity_id: str) -> str:
        e = self.entity(entity_id)
        return _GROUP[e.type] if e is not None else ""

    def mention_count(self, entity_id: str) -> int:
        e = self.stored.get(entity_id)
        return e.mention_count if e is not None else 0

    def affiliations(self, entity_id: str) -> set[str]:
        if entity_id not in self._affiliations:
            if entity_id in self.stored:
                rels = self.store.relations_of(entity_id, direction="out", types=_AFFILIATIONS)
                self._affiliations[entity_id] = {r.target for r in rels}
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

    def ensure(self, entity_id: str, type: EntityType, text: str, entry: AliasEntry | None) -> _Working:
        w = self.working.get(entity_id)
        if w is None:
            base = self.stored.get(entity_id)
            if base is not None:
                w = _Working(base.model_copy(deep=True), is_new=False, original_aliases=tuple(base.aliases))
            else:
                hangul = is_hangul(text)
                w = _Working(
                    Entity(
                        id=entity_id,
                        type=type,
                        name=text,
                        name_en="" if hangul else text,
                        name_ko=text if hangul else "",
                    ),
                    is_new=True,
                )
            self.working[entity_id] = w
        if entry is not None and not w.dictionary_id:
            w.dictionary_id = entry.id
            self._apply_entry(w, entry)
        return w

    def _apply_entry(self, w: _Working, entry: AliasEntry) -> None:
        e = w.entity
        e.name_en = entry.en or e.name_en
        e.name_ko = entry.ko or e.name_ko
        e.name = entry.en or entry.ko or e.name
        dkey = _dict_key(entry.id)
        if dkey not in e.keys:
            e.keys.append(dkey)
            self.local.setdefault(dkey, set()).add(e.id)
            w.added.append(dkey)
        e.attributes.setdefault("dictionary_id", entry.id)
        if entry.parent:
            e.attributes.setdefault("dictionary_parent", entry.parent)
        for name in entry.names:
            self._add_name(w, name)

    def _add_name(self, w: _Working, name: str) -> bool:
        e = w.entity
        if name in e.aliases:
            return False
        e.aliases.append(name)
        if is_hangul(name) and not e.name_ko:
            e.name_ko = name
        if not is_hangul(name) and not e.name_en:
            e.name_en = name
        for key in blocking_keys(name, e.type):
            if key not in e.keys:
                e.keys.append(key)
            self.local.setdefault(key, set()).add(e.id)
        w.added.append(name)
        return True

    def attach(self, entity_id: str, surface: str, reason: str, score: float, extra_text: str = "") -> None:
        w = self.working.get(entity_id)
        if w is None:
            e = self.stored.get(entity_id) or self.store.get_entity(entity_id)
            if e is None:
                raise KeyError(entity_id)
            w = self.ensure(entity_id, e.type, surface, None)
        for name in dict.fromkeys([surface, extra_text]):
            if name:
                self._add_name(w, name)
        # one audit record per surface form an entity gains (dictionary names added with the
        # entry do not count as seen: the record says which text brought them in)
        known = set(w.original_aliases)
        if surface not in known and (entity_id, surface) not in self.recorded:
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

    def is_new_only_for(self, entity_id: str, surface: str) -> bool:
        w = self.working.get(entity_id)
        return bool(w and w.is_new and not w.dictionary_id and set(w.entity.aliases) <= {surface})

    def drop(self, entity_id: str) -> None:
        w = self.working.pop(entity_id, None)
        if w is None:
            return
        for key in w.entity.keys:
            self.local.get(key, set()).discard(entity_id)
        self.dropped.add(entity_id)
        self.merges = [r for r in self.merges if r.entity_id != entity_id]


def default_resolver(settings: Settings) -> Resolver:
    """The resolver the pipeline uses: cross-lingual, with the shipped dictionary plus the
    user dictionary in ``settings.data_dir``."""
    return CrossLingualResolver(load_dictionary(Path(settings.data_dir)))
