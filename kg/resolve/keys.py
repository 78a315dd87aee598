"""The blocking keys of a name (``schema.keys`` spells them): what an entity is indexed under
and what a mention is looked up by, so that candidates come from ``store.find_by_keys`` and
never from a scan of the graph; and ``search_keys``, the other-script spellings of a search
query.

Example::

    >>> blocking_keys("Amazon", EntityType.COMPANY)
    ['O|n|amazon', 'O|s|MJN']
    >>> "O|s|MJN" in blocking_keys("아마존", EntityType.COMPANY)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from schema.aliases import dictionary_key, load_dictionary
from schema.keys import BlockingKey, KeyKind
from schema.text import has_hangul, normalize_name
from schema.translit import (
    latin_renderings,
    org_stem,
    person_keys,
    place_stem,
    romanize,
    skeleton,
    split_korean_name,
    surname_variants,
)
from schema.types import TYPE_GROUP, EntityType, Mention

from .guards import OTHER_GROUP_TYPES
from .places import composite_key
from .spelling import (
    MIN_OPEN_WORD_REST,
    MIN_SAME_RENDERING,
    ROMAN,
    letters,
    renderings,
    short_form,
    word_skeletons,
)

__all__ = [
    "MIN_SKELETON",
    "MIN_STEM_KEY",
    "blocking_keys",
    "dict_key",
    "family_name",
    "family_name_keys",
    "government_keys",
    "key_of",
    "m_keys",
    "model_typed_keys",
    "parse_key",
    "search_keys",
]

MIN_SKELETON = 2
# an organisation name without its descriptive word (org_stem) is an exact key only when this
# long: 대한 of 대한항공 is too common a fragment
MIN_STEM_KEY = 3
# an entity whose type came from mentions typed by a statistical model alone (attribute
# TYPE_FROM_MODEL) is also indexed under "M|" + the name and sound keys its names would have in
# the other groups, by which a mention of another type finds it (CrossLingualResolver._other_group)
_MODEL_TYPED_KINDS = frozenset({KeyKind.NAME, KeyKind.SKELETON, KeyKind.LETTERS, KeyKind.SHORT_FORM})


# the keys of a document are parsed again and again while it is resolved (keys are immutable)
parse_key = lru_cache(maxsize=262144)(BlockingKey.parse)


# the string of the key ``<group>|<kind>|<value>`` (``schema.keys.BlockingKey``); a plain
# format, not a cached key object: hashing the enum for a cache cost more than the format
key_of = BlockingKey.format


def dict_key(entry_id: str) -> str:
    """The key of the entity a dictionary entry made."""
    return str(BlockingKey.dictionary(entry_id))


def blocking_keys(name: str, type: EntityType) -> list[str]:
    """The keys an entity named ``name`` is indexed under (and a mention looked up by):
    ``<group>|n|<exact form>``, ``<group>|s|<phonetic skeleton>`` per Latin rendering and, for
    personal names, ``P|k|<Hangul surname>|<syllables>|<given-name skeleton>``."""
    return list(_blocking_keys(name, type))


@lru_cache(maxsize=131072)
def _blocking_keys(name: str, type: EntityType) -> tuple[str, ...]:
    group = TYPE_GROUP[type]
    keys = []
    exact = dictionary_key(name)
    if exact:
        keys.append(key_of(group, KeyKind.NAME, exact))
    stem = dictionary_key(org_stem(name)) if group == "O" else ""
    if len(stem) >= MIN_STEM_KEY and stem != exact:
        keys.append(key_of(group, KeyKind.NAME, stem))
    keys.extend(_sound_keys(name, type, group))
    if type is EntityType.PERSON:
        keys.extend(key_of("P", KeyKind.KOREAN_NAME, k) for k in person_keys(name))
        keys.extend(_word_keys(name))
        keys.extend(family_name_keys(name, whole=False))
    elif group == "L":
        composite = composite_key(name)
        if composite:
            keys.append(key_of("L", KeyKind.COMPOSITE, composite))
    return tuple(dict.fromkeys(keys))


def _sound_keys(name: str, type: EntityType, group: str) -> list[str]:
    keys = []
    for rendering in renderings(name, type):
        sk = skeleton(rendering)
        if len(sk) >= MIN_SKELETON:
            keys.append(key_of(group, KeyKind.SKELETON, sk))
        elif len(letters(rendering)) >= MIN_SAME_RENDERING:
            # too few consonants for a phonetic key (WINIA / 위니아: "N"): the whole
            # rendering, which only an identical romanisation shares, and its sound with the
            # vowels (Yahoo / 야후 yahu: "aHo"), which English vowel spelling (oo, ee) does not
            # change
            keys.append(key_of(group, KeyKind.LETTERS, letters(rendering)))
            short = short_form(rendering)
            if short:
                keys.append(key_of(group, KeyKind.SHORT_FORM, short))
    return keys


_NAME_SUFFIXES = {"jr", "sr", "jr.", "sr.", *(r.lower() for r in ROMAN)}


def family_name(name: str) -> str:
    """The family name of a foreign personal name written in two or more words, as the last
    word ("Merkel" of "Angela Merkel", "부시" of "조지 W. 부시"; not "Jr." or a regnal number),
    or "" (one word; a Korean name in Hangul, whose family name comes first)."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().rstrip(",") in _NAME_SUFFIXES:
        words = words[:-1]
    if len(words) < 2:
        return ""
    if has_hangul(name) and (not all(has_hangul(w) for w in words) or split_korean_name(name) is not None):
        return ""
    last = words[-1].strip(",.")
    return last if len(letters(last) if not has_hangul(last) else last) >= 2 else ""


def family_name_keys(name: str, whole: bool) -> list[str]:
    """``P|f|<exact family name>`` and ``P|F|<its phonetic skeleton>`` per rendering: for a
    multi-word name (``whole=False``) those of its family name, by which an entity is
    indexed; for a one-word name (``whole=True``) those of the name itself, by which a
    mention of a family name alone looks the entity up."""
    return list(_family_name_keys(name, whole))


@lru_cache(maxsize=131072)
def _family_name_keys(name: str, whole: bool) -> tuple[str, ...]:
    if whole:
        words = name.split()
        family = name if len(words) == 1 and (len(letters(name)) >= 2 or has_hangul(name)) else ""
    else:
        family = family_name(name)
    if not family:
        return ()
    keys = [key_of("P", KeyKind.FAMILY_NAME, dictionary_key(family))]
    for rendering in latin_renderings(family):
        sk = skeleton(rendering)
        if len(sk) >= MIN_SKELETON:
            keys.append(key_of("P", KeyKind.FAMILY_SKELETON, sk))
    return tuple(dict.fromkeys(keys))


def government_keys(m: Mention) -> list[str]:
    """``O|g|`` + the Korean-name keys of the leader a government is named after (attribute
    ``government_of``: "노무현" of "노무현 정부", "Roh Moo-hyun" of "the Roh Moo-hyun
    government"), by which the two languages' names of one government meet. Foreign leaders
    (부시 / Bush) meet by sound as any organisation name does."""
    leader = m.attributes.get("government_of")
    if not isinstance(leader, str) or TYPE_GROUP[m.type] != "O":
        return []
    return [key_of("O", KeyKind.GOVERNMENT, k) for k in person_keys(leader)]


def m_keys(keys: Sequence[str]) -> list[str]:
    """The ``M|`` forms of a mention's name and sound keys, under which entities of other
    groups whose type only a model gave are indexed (``model_typed_keys``)."""
    return list(_m_keys(tuple(keys)))


@lru_cache(maxsize=65536)
def _m_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for k in keys:
        key = parse_key(k)
        if key.kind in _MODEL_TYPED_KINDS:
            out.append(str(key.as_model()))
    return tuple(out)


def model_typed_keys(name: str, type: EntityType) -> list[str]:
    """``M|`` + the sound keys ``name`` would have as a name of each other group: an entity
    whose type only a model gave is found by a mention typed otherwise."""
    return [k for t in OTHER_GROUP_TYPES[TYPE_GROUP[type]] for k in m_keys(blocking_keys(name, t))]


def _word_keys(name: str) -> list[str]:
    """``P|w|<skeleton per word>`` keys of a foreign personal name in two or more words, one
    per word with that word left open ("*"), so that names whose words agree but for one
    (Michael / 마이클: MJL / MGL; Bloomberg / 블룸버그: BLMBG) share a block. Words are keyed
    apart because romanising a Hangul name whole runs its words together (척 헤이젤 "cheokheijel"
    reads a k-h that is no kh)."""
    words = word_skeletons(name)
    if words is None:
        return []
    keys = [key_of("P", KeyKind.WORDS, "|".join(words))]
    for i in range(len(words)):
        rest = words[:i] + words[i + 1 :]
        if sum(len(w) for w in rest) >= MIN_OPEN_WORD_REST:
            keys.append(key_of("P", KeyKind.WORDS, "|".join([*rest[:i], "*", *rest[i:]])))
    return keys


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
    if has_hangul(text):
        out.extend(_romanised_queries(text))
    for type in (EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE):
        out.extend(blocking_keys(text, type))
    return [s for s in dict.fromkeys(out) if s and normalize_name(s) != normalize_name(text)]


def _romanised_queries(text: str) -> list[str]:
    out = [romanize(text), romanize(text, assimilate=False)]
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
    return out
