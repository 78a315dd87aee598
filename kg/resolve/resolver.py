"""The cross-lingual resolver: the order of the steps and passes (docs/resolution.md). What a
name is compared by lives in ``spelling`` and ``keys``, how candidates score in ``scoring``,
what keeps two entities apart in ``guards``, and the document's working set in ``state``.

A document is resolved in passes over its mentions: the store is asked once for every key
any mention may need (``_prepare``); organisations and places, then people, go through the
steps dictionary -> exact name -> transliteration -> other group -> family name -> new
entity (``_resolve_one``); mentions linked by ``alias_of`` follow their target; candidate
words are resolved last and never make an entity; acronyms of a name in the document fold in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.config import Settings
from kg.store.base import GraphStore
from schema.aliases import AliasDictionary, AliasEntry, dictionary_key, load_dictionary
from schema.corporate_forms import is_corporate_form, strip_corporate_form
from schema.keys import KeyKind
from schema.text import has_hangul, normalize_name
from schema.translit import HANJA_ADMIN_SUFFIXES, latin_renderings, skeleton
from schema.types import TYPE_FROM_MODEL, TYPE_GROUP, Document, Entity, EntityType, Mention

from .base import Candidate, Resolution, Resolver, document_suffix, entity_id_for, entity_names
from .guards import (
    CANDIDATE_TYPES,
    OTHER_GROUP_TYPES,
    PLACE_SECTIONS,
    alias_target,
    city_override_ok,
    may_be_family_name,
    maybe_place,
    person_context,
    place_override_ok,
    type_uncertain,
)
from .keys import (
    MIN_SKELETON,
    blocking_keys,
    dict_key,
    family_name,
    family_name_keys,
    government_keys,
    m_keys,
    parse_key,
)
from .places import innermost_place, org_after_places, place_names
from .scoring import find_candidates, phonetic_score, rank
from .spelling import ACRONYM, initials, renderings
from .state import DocState

__all__ = ["CrossLingualResolver", "default_resolver"]

_RETYPE_SCORE = 0.85  # a mention typed by a model alone joins another group only this surely
_FAMILY_SCORE = 0.8  # a family name alone joins the one person named in full who bears it
_CANDIDATE_SCORE = 0.93
_MAX_BLOCK = 50  # candidates per phonetic key beyond which the key is too unspecific to use
_BLOCK_KINDS = (KeyKind.SKELETON, KeyKind.WORDS, KeyKind.SHORT_FORM, KeyKind.FAMILY_SKELETON)


@dataclass(frozen=True)
class Query:
    """A name to look up: the mention (its sentence gives a person's context), the text it is
    resolved by, the type it is looked up as, and the keys of that text and type."""

    mention: Mention
    text: str
    type: EntityType
    keys: Sequence[str]

    def as_type(self, type: EntityType, keys: Sequence[str]) -> Query:
        return dataclasses.replace(self, type=type, keys=keys)


class CrossLingualResolver:
    """Resolves mentions to entities across English and Korean (see ``kg.resolve``).

    Example::

        resolver = CrossLingualResolver(load_dictionary())
        res = resolver.resolve(doc, mentions, store)   # "아마존" -> the id "Amazon" has
    """

    def __init__(self, dictionary: AliasDictionary | None = None, use_context: bool = True) -> None:
        self.dictionary = dictionary if dictionary is not None else load_dictionary()
        self.use_context = use_context
        # candidates scored by transliteration so far (for benchmarks; approximate under threads)
        self.candidates_scored = 0

    # -- public --------------------------------------------------------------------------------
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution:
        state, place_keys = self._prepare(document, mentions, store)
        linked, candidates = self._resolve_mentions(state, place_keys)
        self._resolve_linked(state, linked)
        types = self._resolve_candidates(state, candidates)
        self._link_acronyms(state)
        return Resolution(
            entity_ids=[i or "" for i in state.ids],
            entities=[e for e in (state.output(w) for w in state.working.values()) if e is not None],
            merges=state.merges,
            types=types,
        )

    # -- passes --------------------------------------------------------------------------------
    def _prepare(
        self, document: Document, mentions: Sequence[Mention], store: GraphStore
    ) -> tuple[DocState, list[list[str]]]:
        """Per mention the text it is resolved by, its dictionary entry and keys; one store
        lookup for every key any step may ask. Also the place keys of names that may be
        mistyped places."""
        texts = [self._text(m) for m in mentions]
        # a document names the same entity again and again: one dictionary look-up per
        # (text, type, uncertain) and document
        looked_up: dict[tuple[str, EntityType, bool], AliasEntry | None] = {}
        entries: list[AliasEntry | None] = []
        for t, m in zip(texts, mentions, strict=True):
            if m.attributes.get("candidate"):
                entries.append(None)
                continue
            asked = (t, m.type, type_uncertain(m))
            if asked not in looked_up:
                looked_up[asked] = self._dictionary_entry(*asked)
            entries.append(looked_up[asked])
        keys = [[*blocking_keys(t, m.type), *government_keys(m)] for t, m in zip(texts, mentions, strict=True)]
        # a Hangul name ending in an administrative suffix that the extractor typed otherwise
        # ("노원구 관계자는" read as a person) is also looked up among places
        place_keys = [
            blocking_keys(t, EntityType.PLACE) if entry is None and maybe_place(t, m.type) else []
            for t, m, entry in zip(texts, mentions, entries, strict=True)
        ]
        wanted: set[str] = set()
        for i, m in enumerate(mentions):
            wanted.update(place_keys[i])
            wanted.update(_wanted_keys(m, texts[i], entries[i], keys[i]))
        found = store.find_by_keys(sorted(wanted)) if wanted else {}
        # a phonetic key shared by very many entities says little (short names collide by
        # chance) and would make each mention cost grow with the graph: such blocks are skipped
        found = {k: ids for k, ids in found.items() if len(ids) <= _MAX_BLOCK or not _blocks_by_sound(k)}
        cand_ids = sorted({i for ids in found.values() for i in ids})
        stored = {e.id: e for e in store.get_entities(cand_ids) if e is not None} if cand_ids else {}
        state = DocState(document, store, mentions, texts, entries, keys, stored, found)
        return state, place_keys

    def _resolve_mentions(self, state: DocState, place_keys: list[list[str]]) -> tuple[list[int], list[int]]:
        """Organisations and places first, people last (people are disambiguated by the
        organisations named in their sentence); mentions linked by ``alias_of`` and
        candidates are set aside for their own passes."""
        mentions = state.mentions
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].type is EntityType.PERSON)
        linked: list[int] = []
        candidates: list[int] = []
        for i in order:
            m = mentions[i]
            if m.attributes.get("candidate"):
                candidates.append(i)
                continue
            if alias_target(mentions, i) is not None:
                linked.append(i)
                continue
            if place_keys[i]:
                place = self._as_place(state, i, place_keys[i])
                if place is not None:
                    state.ids[i] = place
                    continue
            state.ids[i] = self._resolve_one(state, i)
            state.confirm_type(state.ids[i], m)
            state.add_keys(state.ids[i], government_keys(m))
        return linked, candidates

    def _resolve_linked(self, state: DocState, linked: list[int]) -> None:
        for i in linked:
            m = state.mentions[i]
            target = alias_target(state.mentions, i)
            target_id = state.ids[target] if target is not None else None
            if target is None or target_id is None:  # a chain of alias_of: resolve on its own
                target_id = self._resolve_one(state, i)
            else:
                target_id = self._adopt_through_alias(state, i, target, target_id)
                state.attach(target_id, m.text, "acronym" if ACRONYM.match(m.text) else "exact", 1.0)
            state.ids[i] = target_id

    def _resolve_candidates(self, state: DocState, candidates: list[int]) -> dict[int, EntityType]:
        types: dict[int, EntityType] = {}
        for i in candidates:
            named = self._candidate_entity(state, i)
            if named is not None:
                state.ids[i], types[i] = named
        return types

    # -- the text a mention is resolved by -----------------------------------------------------
    def _text(self, m: Mention) -> str:
        full = m.attributes.get("full_name")
        if isinstance(full, str) and full.strip():
            return full
        hanja = HANJA_ADMIN_SUFFIXES.get(m.text[-1:])
        if m.type is EntityType.PLACE and hanja and has_hangul(m.text[:-1].replace(" ", "")):
            return m.text[:-1] + hanja  # 오레곤州 = 오레곤주 = Oregon
        if m.type is EntityType.PLACE and " " in m.text.strip() and has_hangul(m.text.replace(" ", "")):
            return innermost_place(self.dictionary, m.text)
        if TYPE_GROUP[m.type] == "O" and " " in m.text.strip():
            return org_after_places(self.dictionary, m.text)
        return m.text

    def _dictionary_entry(self, text: str, type: EntityType, uncertain: bool = False) -> AliasEntry | None:
        names = place_names(text) if type is EntityType.PLACE else [text]
        own = self.dictionary.lookup(text)  # the entries of the text itself (asked up to three times)
        entries: list[AliasEntry] = []
        for name in names:
            if name != text and len(name) < 2 and has_hangul(name):
                # a one-syllable stem (남구 -> 남) is no name of its own: 남 is South Korea
                # only where the text writes 남 alone
                continue
            found = own if name == text else self.dictionary.lookup(name)
            entries = [e for e in found if TYPE_GROUP[e.type] == TYPE_GROUP[type]]
            if entries:
                break
        if not entries and type is not EntityType.PLACE and strip_corporate_form(text) == text:
            # Extractors mistype place names they see in odd positions ("헝가리 관계자는" read
            # as a person, "Nowon-gu" as a company); a country or Korean province/city the
            # dictionary knows by exactly this name is taken as that place. Only the place
            # sections: a person or company entry of another group never overrides the type,
            # and a name with a corporate form ("SeoSan Co., Ltd.") is a company named after
            # the place.
            entries = [
                e
                for e in own
                if e.type is EntityType.PLACE
                and (e.section in PLACE_SECTIONS or (uncertain and city_override_ok(text, type)))
                and (place_override_ok(text, type) or (uncertain and " " in text.strip()))
            ]
        if not entries and uncertain and type is EntityType.PLACE and strip_corporate_form(text) == text:
            # a "place" only a model typed that the dictionary knows as a body: the White
            # House, read as a facility
            entries = [e for e in own if TYPE_GROUP[e.type] == "O"]
        if not entries:
            return None
        same = [e for e in entries if e.type is type]
        return (same or entries)[0]

    # -- steps ---------------------------------------------------------------------------------
    def _resolve_one(self, state: DocState, index: int) -> str:
        m, text, entry = state.mentions[index], state.texts[index], state.entries[index]
        query = Query(m, text, m.type, state.keys[index])
        if entry is not None:  # 1. dictionary
            return self._from_dictionary(state, query, entry)
        if is_corporate_form(text):
            # "LTD" split off "KENERTEC CO., LTD" by an extractor is no name: a node of its own
            # per document, with no keys, so such fragments never gather into one hub
            entity_id = entity_id_for(m.type, f"{dictionary_key(text) or text}#{document_suffix(state.document)}")
            state.ensure(entity_id, m.type, text, None, index=False)
            state.attach(entity_id, m.text, "new", 1.0)
            return entity_id
        # 2. exact name, 3. transliteration
        affiliations = state.sentence_orgs_of(m) if m.type is EntityType.PERSON else set()
        rejected_before = set(state.rejected)
        best = self._best(state, query)
        if best is not None:
            state.attach(best.entity_id, m.text, best.reason, best.score, extra_text=text)
            return best.entity_id
        rejected_same_name = bool(state.rejected - rejected_before)
        found = self._other_names(state, query, affiliations, rejected_same_name)
        if found is not None:
            return found
        # 4. new entity
        return self._new_entity(state, m, text, affiliations if rejected_same_name else set())

    def _from_dictionary(self, state: DocState, query: Query, entry: AliasEntry) -> str:
        existing = state.ids_for(dict_key(entry.id))
        if existing:
            entity_id = existing[0]
        else:
            # an entity made before the dictionary knew this name (or under a spelling the
            # dictionary lacks) is adopted rather than duplicated
            adopted = self._best(state, query, names=entry.names, dictionary=entry.id)
            entity_id = adopted.entity_id if adopted else entity_id_for(entry.type, entry.id)
        state.ensure(entity_id, entry.type, query.text, entry)
        state.attach(entity_id, query.mention.text, "dictionary", 1.0, extra_text=query.text)
        return entity_id

    def _other_names(
        self, state: DocState, query: Query, affiliations: set[str], rejected_same_name: bool
    ) -> str | None:
        """After no exact name or transliteration: another group (for a mention typed by a
        model alone), a family name alone, or an entity of another group typed by a model."""
        m, text = query.mention, query.text
        if type_uncertain(m):
            other = self._other_group(state, query)
            if other is not None:
                return other
            if m.type is not EntityType.PERSON and may_be_family_name(text, EntityType.PERSON):
                # "Trump" read by spaCy as a company, "매케인" by the CRF: the one person named
                # in full whose family name it is
                family = self._family_of(state, text, set())
                if family is not None:
                    state.attach(family, m.text, "family_name", _FAMILY_SCORE, extra_text=text)
                    return family
        if not rejected_same_name and may_be_family_name(text, m.type):
            family = self._family_of(state, text, affiliations)
            if family is not None:
                state.attach(family, m.text, "family_name", _FAMILY_SCORE, extra_text=text)
                return family
        # an entity of another group whose type only a model gave ("Federer" stored as a
        # company, read by spaCy alone) that this mention names (see _other_group)
        return self._other_group(state, query, model_typed=m_keys(query.keys))

    def _new_entity(self, state: DocState, m: Mention, text: str, kept_apart_from: set[str]) -> str:
        """A new entity; a person the context guard kept apart from a same-name entity is
        named after the organisation of its sentence."""
        canonical = dictionary_key(text) or normalize_name(text)
        if kept_apart_from:
            canonical = f"{canonical}@{sorted(kept_apart_from)[0]}"
        entity_id = entity_id_for(m.type, canonical)
        if state.taken(entity_id, m.type):
            entity_id = entity_id_for(m.type, f"{canonical}#{document_suffix(state.document)}")
        w = state.ensure(entity_id, m.type, text, None)
        if type_uncertain(m):
            w.entity.attributes[TYPE_FROM_MODEL] = True
        state.attach(entity_id, m.text, "new", 1.0, extra_text=text)
        return entity_id

    def _as_place(self, state: DocState, index: int, keys: list[str]) -> str | None:
        """The stored place a mistyped "<name>구/군/시/도" is, when one matches by exact name or
        transliteration (the same thresholds as any place); ``None`` leaves the mention to the
        usual steps under its own type."""
        m, text = state.mentions[index], state.texts[index]
        best = self._best(state, Query(m, text, EntityType.PLACE, keys))
        if best is None:
            return None
        state.attach(best.entity_id, m.text, best.reason, best.score, extra_text=text)
        return best.entity_id

    def _other_group(self, state: DocState, query: Query, model_typed: Sequence[str] | None = None) -> str | None:
        """The entity of another group that a mention whose type only a statistical model
        gave is, when its own group has no candidate: the other language's name of it,
        typed with more evidence ("Federer" read by spaCy as an organisation = 페더러, a
        person in the Korean text; 페니매 read as a person = Fannie Mae). Only across
        scripts and only by a sure transliteration (at least ``_RETYPE_SCORE``, no near
        tie): within one script, a person and a company of the same name (Ford) stay apart.
        ``None`` leaves the mention a new entity of its own type.

        Within one script only the very name, of an entity named in both languages, is
        taken ("Federer" read as a company = the person Federer / 페더러).

        With ``model_typed`` (the mention's ``M|`` keys) it is the other way round: any
        mention may join an entity of another group whose type only a model gave (the
        attribute ``type_from_model``: "Federer" stored as a company before 페더러 came),
        on the same terms; a mention typed with evidence then corrects the entity's type
        (``DocState.confirm_type``)."""
        m, text = query.mention, query.text
        found: list[Candidate] = []
        for type in OTHER_GROUP_TYPES[TYPE_GROUP[m.type]]:
            keys = list(model_typed) if model_typed is not None else blocking_keys(text, type)
            best = self._best(state, query.as_type(type, keys))
            if best is None or best.score < _RETYPE_SCORE:
                continue
            entity = state.entity(best.entity_id)
            if entity is None or not _may_take_other_group(entity, text):
                continue
            if model_typed is not None and not entity.attributes.get(TYPE_FROM_MODEL):
                continue
            found.append(best)
        if len(found) != 1:
            return None
        state.attach(found[0].entity_id, m.text, found[0].reason, found[0].score, extra_text=text)
        return found[0].entity_id

    def _candidate_entity(self, state: DocState, index: int) -> tuple[str, EntityType] | None:
        """The stored entity a candidate mention names, with its type: a word no model typed
        ("Clemens said", "창기라이가") that is exactly the name of one entity, its other-script
        name by a sure transliteration (≥ ``_CANDIDATE_SCORE``), or the family name of the
        one person named in full who bears it. Never a new entity: ``None`` drops the word.
        More than one such entity (across the groups) is no answer either."""
        m, text = state.mentions[index], state.texts[index]
        query = Query(m, text, m.type, ())
        found: dict[str, tuple[Candidate, EntityType]] = {}
        for type in CANDIDATE_TYPES:
            best = self._best(state, query.as_type(type, blocking_keys(text, type)))
            if best is not None and (best.reason == "exact" or best.score >= _CANDIDATE_SCORE):
                entity = state.entity(best.entity_id)
                if entity is not None:
                    found.setdefault(best.entity_id, (best, entity.type))
        if not found and may_be_family_name(text, EntityType.PERSON):
            # by letters only: a word that merely sounds like a family name of the other
            # script ("Rays" = 라이스, Rice) is not taken on sound alone
            family = self._family_of(state, text, set(), same_script=True)
            if family is not None:
                found[family] = (Candidate(family, _FAMILY_SCORE, "family_name"), EntityType.PERSON)
        if len(found) != 1:
            return None
        ((entity_id, (cand, type)),) = found.items()
        state.attach(entity_id, m.text, cand.reason, cand.score, extra_text=text)
        return entity_id, type

    def _family_of(self, state: DocState, text: str, affiliations: set[str], same_script: bool = False) -> str | None:
        """The one person, named in full elsewhere, whose family name this one-word name
        is: "Merkel" = Angela Merkel, "메르켈" = 앙겔라 메르켈 or Angela Merkel (by sound
        across scripts, by letters within one; ``same_script``: by letters only). Two or more
        such people (Bill and Hillary Clinton), or affiliations that contradict the sentence,
        leave it alone."""
        found: set[str] = set()
        for key in family_name_keys(text, whole=True):
            for eid in state.ids_for(key):
                entity = state.entity(eid)
                if entity is None or entity.type is not EntityType.PERSON or eid in found:
                    continue
                if any(_bears_family_name(name, text, same_script) for name in entity_names(entity)):
                    found.add(eid)
        if len(found) != 1:
            return None
        (eid,) = found
        if self.use_context and person_context(state, eid, affiliations, has_hangul(text)) is False:
            return None
        return eid

    def _best(self, state: DocState, query: Query, names: Sequence[str] = (), dictionary: str = "") -> Candidate | None:
        """The existing entity this mention is, if any: exact beats transliteration; a person
        whose affiliations contradict the sentence is skipped; a near-tie between two
        different entities on transliteration merges with neither. ``names``: more names to
        look up (a dictionary entry's); ``dictionary``: the entry, whose entity may not be
        another entry's."""
        type, text = query.type, query.text
        group = TYPE_GROUP[type]
        affiliations = state.sentence_orgs_of(query.mention) if type is EntityType.PERSON else set()
        candidates: dict[str, Candidate] = {}
        for name in [text, *names]:
            name_keys = list(query.keys) if name == text else blocking_keys(name, type)
            found, scored = find_candidates(state, name, type, name_keys, group)
            self.candidates_scored += scored
            for cand in found:
                old = candidates.get(cand.entity_id)
                if old is None or cand.score > old.score:
                    candidates[cand.entity_id] = cand
        if dictionary:
            # never adopt an entity that belongs to another dictionary entry
            candidates = {k: c for k, c in candidates.items() if state.dictionary_id_of(k) in ("", dictionary)}
        if type is EntityType.PERSON and self.use_context:
            # context first, so that a confirmed candidate outranks an inconclusive one
            for eid, cand in list(candidates.items()):
                verdict = person_context(state, eid, affiliations, has_hangul(text))
                if verdict is False:
                    state.rejected.add(eid)
                    del candidates[eid]
                elif verdict is True:
                    candidates[eid] = Candidate(eid, min(1.0, cand.score + 0.05), "context")
        return rank(state, candidates.values())

    def _adopt_through_alias(self, state: DocState, index: int, target: int, target_id: str) -> str:
        """ "젯 톤 영화사 (Jet Tone Films)": when the name made a new entity here but the alias
        the text gives it is already a node by that exact name (an English article named the
        company first), the new entity is folded into that node, as the text says they are one."""
        target_text = state.mentions[target].text
        if not state.is_new_only_for(target_id, target_text):
            return target_id
        m = state.mentions[index]
        best = self._best(state, Query(m, state.texts[index], m.type, state.keys[index]))
        if best is None or best.reason != "exact" or best.entity_id == target_id:
            return target_id
        state.fold(target_id, best.entity_id, target_text, "exact", 1.0, state.texts[target])
        return best.entity_id

    def _link_acronyms(self, state: DocState) -> None:
        """'SKT' next to 'SK Telecom' in the same document: the text supports the acronym, so
        a new entity made for the acronym is folded into the full name's entity."""
        by_initials: dict[str, str] = {}
        for m, eid in _organisations(state):
            if not ACRONYM.match(m.text) and len(m.text.split()) >= 2:
                by_initials.setdefault(initials(m.text), eid)
        for m, eid in _organisations(state):
            if not ACRONYM.match(m.text):
                continue
            target = by_initials.get(m.text.replace("&", ""))
            if target and target != eid and state.is_new_only_for(eid, m.text):
                state.fold(eid, target, m.text, "acronym", 0.9)


def _organisations(state: DocState) -> Iterator[tuple[Mention, str]]:
    """The document's organisation mentions with the entity each has now."""
    for i, m in enumerate(state.mentions):
        eid = state.ids[i]
        if eid and TYPE_GROUP[m.type] == "O":
            yield m, eid


def _wanted_keys(m: Mention, text: str, entry: AliasEntry | None, keys: list[str]) -> Iterator[str]:
    """Every key a step may look this mention up by (the store is asked once per document)."""
    candidate = bool(m.attributes.get("candidate"))
    uncertain = type_uncertain(m)
    yield from keys
    if entry is not None:
        yield from _entry_keys(entry)
        return
    if uncertain:
        # a name whose type only a statistical model gave is also looked up under the other
        # groups (see _other_group)
        for t in OTHER_GROUP_TYPES[TYPE_GROUP[m.type]]:
            yield from blocking_keys(text, t)
    if may_be_family_name(text, m.type) or (uncertain and may_be_family_name(text, EntityType.PERSON)):
        yield from family_name_keys(text, whole=True)
    if candidate:
        # a candidate (a word no model typed) is looked up in every group and as a family name
        for t in CANDIDATE_TYPES:
            yield from blocking_keys(text, t)
        yield from family_name_keys(text, whole=True)
    else:
        # every mention may be an entity typed by a model alone in another group
        yield from m_keys(keys)


@lru_cache(maxsize=16384)
def _entry_keys(entry: AliasEntry) -> tuple[str, ...]:
    """The key of a dictionary entry's entity and the keys of all its names (entries are
    immutable; a country's dozens of names are keyed once, not per mention)."""
    return (dict_key(entry.id), *(k for name in entry.names for k in blocking_keys(name, entry.type)))


def _blocks_by_sound(key: str) -> bool:
    """Whether a key's block is one of sound (which grows with the graph), not of a name."""
    return parse_key(key).kind in _BLOCK_KINDS


def _may_take_other_group(entity: Entity, text: str) -> bool:
    """Whether an entity of another group may take this name: not when it has another name in
    the name's script, and within one script only an entity both languages named ("Federer"
    = 페더러) takes the very name (a person and a company of one name, Ford, stay apart)."""
    hangul = has_hangul(text)
    names = entity_names(entity)
    same_script = {dictionary_key(n) for n in names if has_hangul(n) == hangul}
    return not (
        same_script and (dictionary_key(text) not in same_script or all(has_hangul(n) == hangul for n in names))
    )


def _bears_family_name(name: str, text: str, same_script: bool) -> bool:
    """Whether ``text`` is the family name of the full name ``name``: by letters within a
    script, by sound across scripts (unless ``same_script``)."""
    family = family_name(name)
    if not family:
        return False
    if has_hangul(family) == has_hangul(text):
        return dictionary_key(family) == dictionary_key(text)
    if same_script:
        return False
    return any(
        phonetic_score(r, r_other) > 0
        for r in latin_renderings(text)
        for r_other in renderings(family, EntityType.PERSON)
        if skeleton(r) == skeleton(r_other) and len(skeleton(r)) >= MIN_SKELETON
    )


def default_resolver(settings: Settings) -> Resolver:
    """The resolver the pipeline uses: cross-lingual, with the shipped dictionary plus the
    user dictionary in ``settings.data_dir``."""
    return CrossLingualResolver(load_dictionary(Path(settings.data_dir)))
