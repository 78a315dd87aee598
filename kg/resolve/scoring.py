"""Scoring: which entities of the document's candidate blocks a mention may be, and how sure.
Exact names score 1.0 (0.97 without an organisation's descriptive word, or by a translated
composite name); a transliteration scores its phonetic similarity, accepted only above a
threshold that rises for short names (``THRESHOLDS``), only across scripts, and never when
two different entities come within ``TIE_MARGIN`` of each other (``rank``).

Example::

    >>> phonetic_score("amajon", "Amazon") > 0.8
    True
    >>> phonetic_score("geumjeong", "Geumcheon")
    0.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from schema.aliases import dictionary_key
from schema.keys import KeyKind
from schema.text import has_hangul
from schema.translit import fine_form, org_stem, person_keys, phonetic_form, similarity, skeleton, spelled_renderings
from schema.types import TYPE_GROUP, Entity, EntityType

from .base import Candidate, entity_names
from .guards import competing_name
from .keys import MIN_SKELETON, MIN_STEM_KEY, key_of, parse_key
from .places import composite_key
from .spelling import MIN_SAME_RENDERING, letters, renderings, short_form, word_agreement, word_skeletons

if TYPE_CHECKING:
    from .state import DocState

__all__ = ["THRESHOLDS", "TIE_MARGIN", "MentionForms", "find_candidates", "phonetic_score", "rank"]

TIE_MARGIN = 0.04
# (longest fine form, minimum sound similarity): short names collide by chance, so they must
# match (nearly) exactly; tuned on synthetic pairs (CHANGELOG.md, 2026-11-22)
THRESHOLDS = [(4, 0.99), (6, 0.9), (9, 0.84), (10**6, 0.8)]
_MIN_ACCEPT = 0.0  # minimum final score (sound and spelling) to accept a transliteration
_SHORT_FORM_SCORE = 0.9
_SHORT_SPELLED = 4
_LONG_SKELETON = 5
# a Latin place name romanised from Korean (Uiwang-si, Goryeong-gun): matched letter by letter
_KOREAN_ROMANISED = re.compile(r"[a-z]-(?:si|gun|gu|do|eup|myeon|dong)$", re.IGNORECASE)


def _threshold(form_len: int) -> float:
    for limit, value in THRESHOLDS:
        if form_len <= limit:
            return value
    return THRESHOLDS[-1][1]


@lru_cache(maxsize=262144)
def phonetic_score(a: str, b: str) -> float:
    """0..1 similarity of two Latin renderings sharing a skeleton: sound (consonant classes
    and vowel positions), vowel-aware sound, and spelling (so the exact romanisation
    Geumcheon beats its sound-alike Geumjeong)."""
    fa, fb = fine_form(a), fine_form(b)
    where = similarity(phonetic_form(a), phonetic_form(b))
    sound = 0.5 * where + 0.5 * similarity(fa, fb)
    if len(skeleton(a)) >= _LONG_SKELETON:
        # five or more consonants in the same order rarely agree by chance; vowel quality is
        # where Korean and English spelling differ most (워커 wokeo = Walker)
        sound = max(sound, where)
    if sound < _threshold(min(len(fa), len(fb))):
        return 0.0
    score = 0.85 * sound + 0.15 * similarity(letters(a), letters(b))
    return score if score >= _MIN_ACCEPT else 0.0


@dataclass(frozen=True)
class MentionForms:
    """What a mention's name is compared by, computed once per lookup."""

    text: str
    type: EntityType
    renderings: tuple[str, ...]
    spelled: frozenset[str]
    person: frozenset[str]
    hangul: bool
    key: str
    words: tuple[str, ...] | None

    @classmethod
    def of(cls, text: str, type: EntityType) -> MentionForms:
        return _mention_forms(text, type)


@lru_cache(maxsize=65536)
def _mention_forms(text: str, type: EntityType) -> MentionForms:
    """``MentionForms.of``: a pure function of the name, shared across documents (the forms
    are immutable)."""
    person = type is EntityType.PERSON
    return MentionForms(
        text=text,
        type=type,
        renderings=renderings(text, type),
        spelled=frozenset(spelled_renderings(text)),
        person=frozenset(person_keys(text)) if person else frozenset(),
        hangul=has_hangul(text),
        key=dictionary_key(text),
        words=word_skeletons(text) if person else None,
    )


def find_candidates(
    state: DocState, text: str, type: EntityType, keys: list[str], group: str
) -> tuple[list[Candidate], int]:
    """The entities of the mention's blocks it may be, each with its best score, and how many
    were scored by transliteration."""
    exact_key, stem_key, composite = _name_keys(text, group)
    phonetic, government = _split_keys(tuple(keys), exact_key, stem_key)
    out = _exact_candidates(state, exact_key, stem_key, composite, government, group)
    cand_ids = state.ids_for_any(phonetic) - set(out)
    if not cand_ids or (len(text) == 1 and has_hangul(text)):
        return list(out.values()), 0  # one syllable (남, 미) meets no sound-alike either
    forms = MentionForms.of(text, type)
    for eid in sorted(cand_ids):
        entity = state.entity(eid)
        if entity is None or TYPE_GROUP[entity.type] != group:
            continue
        best = transliteration_score(forms, entity)
        if best > 0:
            out[eid] = Candidate(eid, round(best, 4), "transliteration")
    return list(out.values()), len(cand_ids)


@lru_cache(maxsize=131072)
def _name_keys(text: str, group: str) -> tuple[str, str, str]:
    """The keys a name is exactly looked up by in its group: the exact name, the name without
    an organisation's descriptive word (the exact key again when it has none) and a place's
    composite key ("" when it has none). A pure function of the name, shared across documents."""
    exact_key = key_of(group, KeyKind.NAME, dictionary_key(text))
    stem = dictionary_key(org_stem(text)) if group == "O" else ""
    stem_key = key_of(group, KeyKind.NAME, stem) if len(stem) >= MIN_STEM_KEY else exact_key
    composite = composite_key(text) if group == "L" else ""
    return exact_key, stem_key, key_of("L", KeyKind.COMPOSITE, composite) if composite else ""


@lru_cache(maxsize=65536)
def _split_keys(keys: tuple[str, ...], exact_key: str, stem_key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A mention's keys that find sound-alikes (all but its exact name keys, composite and
    government keys), and its government keys."""
    phonetic = tuple(
        k
        for k in keys
        if k not in (exact_key, stem_key) and parse_key(k).kind not in (KeyKind.COMPOSITE, KeyKind.GOVERNMENT)
    )
    return phonetic, tuple(k for k in keys if _is_government_key(k))


def _exact_candidates(
    state: DocState, exact_key: str, stem_key: str, composite_key: str, government: tuple[str, ...], group: str
) -> dict[str, Candidate]:
    """Entities of the mention's group by the exact name, the name without a descriptive word,
    a composite name translated word by word, or a government's leader (see ``_name_keys``)."""
    out: dict[str, Candidate] = {}
    for eid in state.ids_for(exact_key):
        if state.group_of(eid) == group:
            out[eid] = Candidate(eid, 1.0, "exact")
    for eid in state.ids_for(stem_key) if stem_key != exact_key else ():
        # the same name but for a descriptive word (Qantas Airways = Qantas)
        if state.group_of(eid) == group and eid not in out:
            out[eid] = Candidate(eid, 0.97, "exact")
    for eid in state.ids_for(composite_key) if composite_key else ():
        # 남태평양 = South Pacific, 독일 대사관 = German Embassy: translated word by word
        if state.group_of(eid) == group and eid not in out:
            out[eid] = Candidate(eid, 0.97, "translation")
    for eid in state.ids_for_any(government) if government else ():
        # "노무현 정부" = "Roh Moo-hyun government": the leader's Korean-name keys agree
        if group == "O" and state.group_of(eid) == group and eid not in out:
            out[eid] = Candidate(eid, 0.9, "transliteration")
    return out


def _is_government_key(k: str) -> bool:
    key = parse_key(k)
    return key.group == "O" and key.kind is KeyKind.GOVERNMENT and not key.model


def transliteration_score(forms: MentionForms, entity: Entity) -> float:
    """How surely the mention is this entity by sound, 0 when not at all: the person key of a
    Korean name, or the best agreement of its renderings with a name of the entity in the
    other script, under the one-name-per-script guard."""
    names = entity_names(entity)
    if forms.person and any(forms.person & set(person_keys(n)) for n in names):
        # surname + given name agree (Park/Bak/Pak, Jung-ho/Jeongho, either order); a
        # Korean name written in Hangul has one spelling: 김민서 is not an entity that
        # is already 김민수, however alike they sound
        if (
            forms.hangul
            and not entity.attributes.get("dictionary_id")
            and any(has_hangul(n) and dictionary_key(n) != forms.key for n in names)
        ):
            return 0.0
        return 0.9
    # one name per script and entity unless a dictionary says otherwise: an entity that
    # already has another Korean name (금천구) is not this Korean name (금정구), however
    # alike their romanisations sound
    guarded = not entity.attributes.get("dictionary_id")
    if guarded and any(competing_name(n, forms.text, forms.type, forms.key) for n in names):
        return 0.0
    # transliteration only bridges scripts; within one script only exact names meet
    # a one-syllable Hangul name (미, 남: countries as news abbreviates them) meets only
    # itself, never a sound-alike (Nam-gu is not 남 = South Korea)
    others = [n for n in names if has_hangul(n) != forms.hangul and not (len(n) == 1 and has_hangul(n))]
    return max((_name_score(forms.text, forms.type, name, entity.type) for name in others), default=0.0)


@lru_cache(maxsize=131072)
def _name_score(text: str, type: EntityType, name: str, entity_type: EntityType) -> float:
    """The agreement of the mention ``text`` read as ``type`` with ``name``, a name of an
    entity of ``entity_type`` in the other script."""
    forms = MentionForms.of(text, type)
    romanised = forms.type is EntityType.PLACE and bool(_KOREAN_ROMANISED.search(name if forms.hangul else forms.text))
    best = word_agreement(forms.words, word_skeletons(name)) if forms.words else 0.0
    other_spelled = spelled_renderings(name)
    for r_other in renderings(name, entity_type):
        sk = skeleton(r_other)
        for r in forms.renderings:
            spelled = r in forms.spelled or r_other in other_spelled
            best = max(best, _rendering_score(r, r_other, sk, spelled, romanised))
    return best


def _rendering_score(r: str, r_other: str, sk: str, spelled: bool, romanised: bool) -> float:
    """The agreement of one rendering of each side (``sk``: the skeleton of ``r_other``)."""
    if len(sk) < MIN_SKELETON and skeleton(r) == sk:
        if len(letters(r)) >= MIN_SAME_RENDERING and letters(r) == letters(r_other):
            return 0.95  # WINIA = 위니아 (winia), letter for letter
        if short_form(r) and short_form(r) == short_form(r_other):
            return _SHORT_FORM_SCORE  # Yahoo = 야후 (yahu)
        return 0.0
    if skeleton(r) != sk or len(sk) < MIN_SKELETON:
        return 0.0
    if spelled and len(sk) <= _SHORT_SPELLED:
        # read-out initialisms (KMH = 케이엠에이치) are short and easily confused: letter for
        # letter or not at all
        return 0.95 if letters(r) == letters(r_other) else 0.0
    if romanised:
        # both sides spell the same Korean syllables, and Revised Romanization spells them one
        # way: letter for letter or another place (고창군 is Gochang-gun, not Geochang-gun;
        # Goseong-gun is not 곡성군; 계룡 Gyeryong is not 고령 Goryeong)
        return 0.99 if letters(r) == letters(r_other) else 0.0
    return phonetic_score(r, r_other)


def rank(state: DocState, candidates: Iterable[Candidate]) -> Candidate | None:
    """The best candidate (score, then the entity with more stored mentions, then the id), or
    ``None`` when a transliteration comes within ``TIE_MARGIN`` of the next entity."""
    ranked = sorted(candidates, key=lambda c: (-c.score, -state.mention_count(c.entity_id), c.entity_id))
    if not ranked:
        return None
    best = ranked[0]
    if len(ranked) > 1 and best.reason == "transliteration" and best.score - ranked[1].score < TIE_MARGIN:
        return None
    return best
