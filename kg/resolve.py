"""Entity resolution: decide, for each mention of a document, which stored entity it is or
that it is new. Runs in memory before anything is written, so it serves every store.

The ``Resolver`` protocol is what the pipeline calls. ``ExactNameResolver`` is the simplest real
resolver (type + normalised surface form). ``CrossLingualResolver`` makes "Amazon" and "아마존"
one node: it tries, in order,

1. the bilingual alias dictionary (``schema.aliases``): a dictionary entity gets the id
   ``entity_id_for(type, <dictionary id>)`` whichever language is seen first;
2. the exact name (modulo case, spacing, dots and corporate forms: "SK텔레콤(주)" = "SK텔레콤");
3. transliteration: candidates that share a phonetic blocking key (``schema.translit``) with the
   mention, scored by two phonetic similarities, accepted only across scripts and above a
   threshold that rises for short names, and never when two different entities tie; foreign
   personal names are also keyed and compared word by word (에이미 와인하우스 = Amy Winehouse),
   organisation names also without a descriptive word (콴타스항공 = Qantas);
4. acronyms only where the dictionary or the same document supports them (``alias_of`` from
   the extractor, or initials of an organisation named in the document);

with guards: a Person only ever meets a Person, Company and Organization may meet (extractors
disagree across languages), a transliteration never gives an entity a second name in the same
script, and a person whose stored affiliations are disjoint from the organisations named in the
same sentence stays a separate node. Candidates come only from ``store.find_by_keys`` (one call
per document) and phonetic blocks larger than ``_MAX_BLOCK`` are skipped, so the work per
mention is bounded and cost grows with the number of mentions, not with the size of the graph.
docs/resolution.md describes the method and the measured figures.

Example::

    resolver = default_resolver(settings)
    resolution = resolver.resolve(document, mentions, store)
    resolution.entity_ids          # one id per mention, same order
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from kg.config import Settings
from kg.store.base import GraphStore
from schema.aliases import AliasDictionary, AliasEntry, dictionary_key, load_dictionary
from schema.text import has_hangul, normalize_name
from schema.translit import (
    FACILITY_ENDINGS,
    HANJA_ADMIN_SUFFIXES,
    fine_form,
    is_corporate_form,
    is_romanised_korean_surname,
    latin_renderings,
    org_stem,
    person_keys,
    phonetic_form,
    place_stem,
    romanize,
    similarity,
    skeleton,
    spelled_renderings,
    split_korean_name,
    strip_corporate_form,
    surname_variants,
)
from schema.types import (
    TYPE_FROM_MODEL,
    TYPE_GROUP,
    AttrValue,
    Document,
    Entity,
    EntityType,
    Mention,
    MergeRecord,
    RelationType,
    stable_id,
)

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
    # candidate mentions (attribute ``candidate``): the type each takes from the entity it
    # names, by mention index; a candidate that names no stored entity gets the id "" and is
    # dropped by the pipeline
    types: dict[int, EntityType] = Field(default_factory=dict)


@runtime_checkable
class Resolver(Protocol):
    def resolve(self, document: Document, mentions: Sequence[Mention], store: GraphStore) -> Resolution: ...


def entity_id_for(type: EntityType, canonical_key: str) -> str:
    return stable_id(type.value, canonical_key, prefix="ent:")


# a mention whose type only a statistical model gave may join a name of another group (see
# CrossLingualResolver._other_group); one type per group stands for it
_OTHER_GROUP_TYPES: dict[str, tuple[EntityType, ...]] = {
    "P": (EntityType.COMPANY, EntityType.PLACE),
    "O": (EntityType.PERSON, EntityType.PLACE),
    "L": (EntityType.PERSON, EntityType.COMPANY),
}
_RETYPE_SCORE = 0.85
# an entity whose type came from mentions typed by a statistical model alone (attribute
# TYPE_FROM_MODEL) is also indexed under "M|" + the name and sound keys its names would have in
# the other groups, by which a mention of another type finds it (CrossLingualResolver._other_group)
_SOUND_KEYS = ("|n|", "|s|", "|r|", "|f|")
_FAMILY_SCORE = 0.8  # a family name alone joins the one person named in full who bears it
# a candidate mention (a word no model typed) is looked up in one type per group and taken only
# by an exact name, a transliteration at least this sure, or a family name
_CANDIDATE_TYPES = (EntityType.PERSON, EntityType.COMPANY, EntityType.PLACE)
_CANDIDATE_SCORE = 0.93
# what a Korean mention's typed_by may say for its type to count as the model's alone
_MODEL_TYPED = ("", "span_typer")
# the English extractor's confidence for a type spaCy's NER gave with no rule behind it
_EN_MODEL_CONFIDENCE = 0.75


def _type_uncertain(m: Mention) -> bool:
    """True when only a statistical model typed this mention: spaCy's NER with no rule,
    gazetteer or cue behind it (English ``source`` "ner" at the plain confidence), or the
    Korean CRF / span typer with no dictionary, title or suffix behind it."""
    if m.attributes.get("within") or m.attributes.get("role"):
        return False
    if m.language == "en":
        return m.attributes.get("source") == "ner" and m.confidence <= _EN_MODEL_CONFIDENCE
    return (
        m.attributes.get("source") == "model"
        and str(m.attributes.get("typed_by", "")) in _MODEL_TYPED
        and not m.attributes.get("full_name")
    )


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
                    name_ko=mention.text if has_hangul(mention.text) else "",
                    name_en="" if has_hangul(mention.text) else mention.text,
                    keys=[key],
                )
                merges.append(
                    MergeRecord(
                        entity_id=entity_id, alias=mention.text, reason="new", score=1.0, document_id=document.id
                    )
                )
        return Resolution(entity_ids=ids, entities=list(entities.values()), merges=merges)


# -- blocking keys -----------------------------------------------------------------------------

_GROUP = TYPE_GROUP  # (schema.types: Company and Organization are one group)
_AFFILIATIONS = [
    RelationType.CEO_OF,
    RelationType.CHAIR_OF,
    RelationType.FOUNDER_OF,
    RelationType.WORKS_FOR,
    RelationType.LEADER_OF,
]
_MIN_SKELETON = 2
# an organisation name without its descriptive word (org_stem) is an exact key only when this
# long: 대한 of 대한항공 is too common a fragment
_MIN_STEM_KEY = 3
_ADMIN_ENDINGS = ("시", "군", "구", "도")
_GENERIC_PLACE_WORDS = {"공화국", "왕국", "연방", "제도", "섬", "지역", "일대", "인근", "지방", "특별행정구", "자치구"}
# a country's mission abroad: "독일 대사관", "주한 미국대사관" / "German Embassy", "Embassy of Japan"
_MISSIONS_KO = {"대사관": "embassy", "총영사관": "consulate", "영사관": "consulate"}
# "독일 대사관" is Germany's embassy, not a place called 대사관 in Germany
_GENERIC_PLACE_WORDS |= set(_MISSIONS_KO)
# a lone word that closes the name of a containing place ("콜로라도 주 볼더", "광둥 성 선전")
_CONTAINER_WORDS = {"주", "성", "도", "현", "시", "군", "구"}
_COMPASS_WORDS = {"동부", "서부", "남부", "북부", "중부", "남동부", "남서부", "북동부", "북서부", "중서부"}
_COMPASS_WORDS |= {"동남부", "서남부", "동북부", "서북부"}


def _maybe_place(text: str, type: EntityType) -> bool:
    """A Hangul organisation or person name of three or more syllables ending in 시/군/구/도:
    possibly a place the extractor mistyped (노원구, 달성군, 계룡시)."""
    compact = text.replace(" ", "")
    if type is EntityType.PLACE or len(compact) < 3:
        return False
    return has_hangul(compact) and compact.endswith(_ADMIN_ENDINGS)


# dictionary sections whose places may retype a mention the extractor typed otherwise
_PLACE_SECTIONS = {"countries", "places"}


def _place_override_ok(text: str, type: EntityType) -> bool:
    """A Latin-script "person" named like a country is more often a person (Jordan, Georgia,
    Chad) than a mistyped country; Hangul country names (요르단, 헝가리) as persons are the
    extractor's slip. Organisation-typed mentions are retyped in either script."""
    if type is EntityType.PERSON:
        return has_hangul(text) and len(text.replace(" ", "")) >= 2
    return True


def _city_override_ok(text: str, type: EntityType) -> bool:
    """Whether a mention whose type only a model gave may be the world city the dictionary
    names so: an "organisation" (세인트루이스, Columbus read as companies) or a Latin
    "person" of several words (New Orleans); not a one-word person, since cities are named
    after people (Lincoln = 링컨, Washington, Jackson)."""
    return type is not EntityType.PERSON or (not has_hangul(text) and " " in text.strip())


_CITY_DISTRICT = re.compile(r"^([\uac00-\ud7a3]{1,4}시)([\uac00-\ud7a3]{1,4}[구군])$")


def _place_names(name: str) -> list[str]:
    """A place name, its stem without the administrative suffix and, for "<city>시<district>구"
    (포항시남구), the district alone (남구 = Nam-gu)."""
    names = [name]
    compact = "".join(name.split())
    m = _CITY_DISTRICT.match(compact)
    if m:
        names.append(m.group(2))
    for n in list(names):
        stem = place_stem(n)
        if stem != n and len(stem) >= (1 if has_hangul(stem) else 2):
            names.append(stem)
    return list(dict.fromkeys(names))


def _same_place_stem(a: str, b: str) -> bool:
    """One place written with and without its administrative suffix (진도 / 진도군, 수원 /
    수원시): the same stem of two or more syllables."""
    a, b = "".join(a.split()), "".join(b.split())
    if a == b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) >= 2 and place_stem(long) == short:
        return True
    stem = place_stem(a)
    return stem == place_stem(b) and len(stem) >= 2


@lru_cache(maxsize=131072)
def _renderings(name: str, type: EntityType) -> tuple[str, ...]:
    names = _place_names(name) if type is EntityType.PLACE else [name]
    if _GROUP[type] == "O" and org_stem(name) != name:
        names.append(org_stem(name))  # 콴타스항공 also as 콴타스 (= Qantas)
    if not has_hangul(name):
        for n in list(names):
            names.extend(r for r in _foreign_readings(n, type) if r not in names)
    elif type is EntityType.PERSON and _KOREAN_REGNAL.search(name):
        names.append(_KOREAN_REGNAL.sub("", name))  # "베네딕토 16세" as "베네딕토 16"
    out: list[str] = []
    for n in names:
        out.extend(latin_renderings(n))
    if type is EntityType.PERSON and has_hangul(name) and " " in name.strip():
        # word by word as well: romanised whole, "척 하겔" runs 척 into 하 as a kh that no
        # English name has (Chuck Hagel)
        words = [latin_renderings(w) for w in name.split()]
        if all(words):
            out.append(" ".join(w[0] for w in words))
    return tuple(dict.fromkeys(out))


_SLAVIC_DZ = re.compile(r"d[zžj]", re.IGNORECASE)
_SLAVIC_IC = re.compile(r"(?<=[a-z])i[cćč]\b", re.IGNORECASE)


_INNER_TH = re.compile(r"(?<=[a-z])th", re.IGNORECASE)
_GERMAN_CH_VOWEL = re.compile(r"(?<=[aeiouäöü])ch(?=[aeiou])", re.IGNORECASE)
_GERMAN_CH_FINAL_I = re.compile(r"(?<=[ei])ch\b", re.IGNORECASE)
_GERMAN_CH_FINAL = re.compile(r"(?<=[aouäöü])ch\b", re.IGNORECASE)
_VOICED_S = re.compile(r"(?<=[aeiou])s(?=[aeiou])")
_VOICED_FINAL_S = re.compile(r"(?<=[aeioumnlr])s\b")
_FRENCH_CH = re.compile(r"ch(?=[aeiouy])", re.IGNORECASE)
_GREEK_CH = re.compile(r"ch(?=[aeiou])", re.IGNORECASE)
_GERMAN_W = re.compile(r"\bW(?=[aeiou])|(?<=[aeiouAEIOU])w(?=[aeiou])")
_JAPANESE_FU = re.compile(r"f(?=u)", re.IGNORECASE)
_VOICED_S_BEFORE_N = re.compile(r"(?<=[aeiou])s(?=n)")  # Disney = 디즈니, business = 비즈니스
_AW = re.compile(r"(?<=[a-z])aw(?![aeiou])", re.IGNORECASE)  # Hawke = 호크, Dawson = 도슨, Shaw = 쇼
_FINAL_TS = re.compile(r"(?<=[aeiou])tes\b|ts\b")  # Gates = 게이츠, Roberts = 로버츠
_SPANISH_J = re.compile(r"j(?=[aeiou])", re.IGNORECASE)  # José = 호세, San Jose = 산호세, Juan = 후안
_FINAL_VOWEL_Z = re.compile(r"(?<=[aeiou])z\b", re.IGNORECASE)
# St. Louis = 세인트루이스, Mt. Everest, Ft. Lauderdale: Korean writes the whole word
_ABBREVIATED = {"St": "Saint", "Mt": "Mount", "Ft": "Fort"}
_ABBREVIATED_WORD = re.compile(r"\b(St|Mt|Ft)\.?\s+(?=[A-Z])")


def _spelled_out(m: re.Match[str]) -> str:
    return _ABBREVIATED[m.group(1)] + " "


def _foreign_readings(name: str, type: EntityType) -> list[str]:
    """Other ways Korean reads a Latin-script name than English spelling suggests, as extra
    readings (never instead of the English one):
    - th inside a word as t, as in most languages but English (Bethlehem = 베들레헴,
      Rajasthan = 라자스탄, Gotham = 고담, Luther = 루터); a final s after a vowel or a voiced
      consonant as 즈, which Korean writes as often as 스 (Times = 타임즈, Williams = 윌리엄즈);
    - people and places: German ch after a vowel as ㅎ (Schumacher = 슈마허, Dietrich = 디트리히,
      Bach = 바흐) and w as v (Frank-Walter = 프랑크 발터), and a final z after a vowel as 즈
      (Valdez = 발데즈, which English spelling rules read 스 like Sanchez = 산체스); French ch
      before a vowel as ㅅ (Michel = 미셸, Chirac = 시라크, Chicago = 시카고), and an s between
      vowels as ㅈ (Rosenberg = 로젠버그);
    - people: Slavic dz/dj and final -ić (Karadzic = 카라지치), Greek ch as k before a vowel
      (Michael = 마이클), a two-word name in the other order, as Korean writes Japanese and
      Chinese names family name first (Hideo Nomo = 노모 히데오, Shoji Nakajima = 나카지마 쇼지),
      and a regnal number in Roman numerals as digits (Benedict XVI = 베네딕토 16세, read
      베네딕토 16)."""
    out = [
        _INNER_TH.sub("t", name),
        _VOICED_FINAL_S.sub("ze", name),
        _ABBREVIATED_WORD.sub(_spelled_out, name),
        _FINAL_TS.sub("ch", name),
        _AW.sub("o", name),
        _VOICED_S_BEFORE_N.sub("z", name),
    ]
    if type in (EntityType.PERSON, EntityType.PLACE):
        german = _GERMAN_W.sub(lambda w: "V" if w.group() == "W" else "v", _GERMAN_CH_VOWEL.sub("h", name))
        german = _GERMAN_CH_FINAL_I.sub("hi", german)
        out.append(_GERMAN_CH_FINAL.sub("h", german))
        out.append(_FINAL_VOWEL_Z.sub("ze", name))
        out.append(_ch_as(_FRENCH_CH, name, "sh"))
        out.append(_VOICED_S.sub("z", name))
        out.append(_ch_as(_JAPANESE_FU, name, "h"))
        out.append(_ch_as(_SPANISH_J, name, "h"))
    if type is EntityType.PERSON:
        out.append(_slavic_reading(name))
        out.append(_ch_as(_GREEK_CH, name, "k"))
        words = name.split()
        if len(words) == 2:
            out.append(f"{words[1]} {words[0]}")
        if len(words) >= 2 and words[-1] in _ROMAN:
            out.append(" ".join([*words[:-1], str(_ROMAN[words[-1]])]))  # Benedict XVI = 베네딕토 16세
    return [r for r in dict.fromkeys(out) if r != name]


def _ch_as(pattern: re.Pattern[str], name: str, sound: str) -> str:
    """``name`` with the letters that ``pattern`` finds (a ch, the f of fu) written ``sound``
    (capitalised where they were)."""
    return pattern.sub(lambda m: sound.capitalize() if m.group()[0].isupper() else sound, name)


# regnal numbers: "John Paul II" = "존 폴 2세"
_ROMAN_NUMERALS = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI XXII XXIII"
_ROMAN = {r: i + 1 for i, r in enumerate(_ROMAN_NUMERALS.split(" "))}
_KOREAN_REGNAL = re.compile(r"(?<=\s\d)세$|(?<=\s\d\d)세$")


def _slavic_reading(name: str) -> str:
    """A Slavic surname as Korean writes it: dz/dž/dj is ㅈ and a final -ić/-ic is 치 (Karadzic =
    카라지치, Mladic = 믈라디치, Djokovic = 조코비치). English spelling reads final c hard, so this
    is an extra reading of personal names only (Atlantic, Electric keep theirs)."""
    return _SLAVIC_IC.sub("ich", _SLAVIC_DZ.sub("j", name))


# compass words before a place name, in either language, by the direction they name
_COMPASS_KO = {
    "동": "east", "서": "west", "남": "south", "북": "north", "중앙": "central",
    "동남": "southeast", "남동": "southeast", "동북": "northeast", "북동": "northeast",
    "서남": "southwest", "남서": "southwest", "서북": "northwest", "북서": "northwest",
}  # fmt: skip
_COMPASS_EN = {
    "east": "east", "eastern": "east", "west": "west", "western": "west", "south": "south",
    "southern": "south", "north": "north", "northern": "north", "central": "central",
    "southeast": "southeast", "south-east": "southeast", "southeastern": "southeast",
    "northeast": "northeast", "north-east": "northeast", "northeastern": "northeast",
    "southwest": "southwest", "south-west": "southwest", "southwestern": "southwest",
    "northwest": "northwest", "north-west": "northwest", "northwestern": "northwest",
}  # fmt: skip
_MISSIONS_EN = {"embassy": "embassy", "consulate": "consulate", "consulate general": "consulate"}
_MISSION_WORDS_KO = "|".join(sorted(_MISSIONS_KO, key=len, reverse=True))
_MISSION_KO = re.compile(rf"^(?:주[가-힣]{{1,4}}\s*)?([가-힣]{{1,8}}?)\s*({_MISSION_WORDS_KO})$")
_MISSION_EN_AFTER = re.compile(r"^(?:the\s+)?(.+?)\s+(embassy|consulate general|consulate)$", re.IGNORECASE)
_MISSION_EN_OF = re.compile(r"^(?:the\s+)?(embassy|consulate general|consulate)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)
_DEMONYMS_FILE = Path(__file__).resolve().parent.parent / "extractors" / "en" / "lexicons" / "demonyms.tsv"


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    if _DEMONYMS_FILE.exists():
        for line in _DEMONYMS_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                adjective, country = line.split("\t", 1)
                out[adjective.strip().casefold()] = country.strip()
    return out


def _shipped_place(name: str, countries_only: bool = False) -> str:
    """The shipped dictionary's place (or country) entry id for ``name``, or ""."""
    for entry in load_dictionary().lookup(name):
        if entry.type is EntityType.PLACE and (not countries_only or entry.id.startswith("country:")):
            return entry.id
    return ""


@lru_cache(maxsize=131072)
def _composite_key(name: str) -> str:
    """A key for places named by a compass word or a mission before a place the dictionary
    knows, the same in both languages: 남태평양 / South Pacific = ``south|region-pacific``, 동독 /
    East Germany = ``east|country:DE``, 독일 대사관 / German Embassy / Embassy of Germany =
    ``embassy|country:DE``. Empty for anything else, and for names the dictionary knows whole."""
    text = " ".join(name.split())
    if not text or load_dictionary().lookup(text):
        return ""
    if has_hangul(text):
        m = _MISSION_KO.match(text)
        if m:
            country = _shipped_place(m.group(1), countries_only=True)
            return f"{_MISSIONS_KO[m.group(2)]}|{country}" if country else ""
        compact = text.replace(" ", "")
        for prefix in sorted(_COMPASS_KO, key=len, reverse=True):
            rest = compact[len(prefix) :]
            if compact.startswith(prefix) and rest:
                place = _shipped_place(rest, countries_only=len(rest) == 1)
                if place:
                    return f"{_COMPASS_KO[prefix]}|{place}"
        return ""
    m = _MISSION_EN_AFTER.match(text)
    country_name, mission = (m.group(1), m.group(2)) if m else ("", "")
    if not m:
        m = _MISSION_EN_OF.match(text)
        country_name, mission = (m.group(2), m.group(1)) if m else ("", "")
    if mission:
        country_name = re.sub(r"[’']s$", "", country_name)
        country = _shipped_place(_demonyms().get(country_name.casefold(), country_name), countries_only=True)
        return f"{_MISSIONS_EN[mission.casefold()]}|{country}" if country else ""
    words = text.split(maxsplit=1)
    if len(words) == 2 and words[0].casefold() in _COMPASS_EN:
        place = _shipped_place(words[1])
        if place:
            return f"{_COMPASS_EN[words[0].casefold()]}|{place}"
    return ""


def blocking_keys(name: str, type: EntityType) -> list[str]:
    """The keys an entity named ``name`` is indexed under (and a mention looked up by):
    ``<group>|n|<exact form>``, ``<group>|s|<phonetic skeleton>`` per Latin rendering and, for
    personal names, ``P|k|<Hangul surname>|<syllables>|<given-name skeleton>``."""
    return list(_blocking_keys(name, type))


@lru_cache(maxsize=131072)
def _blocking_keys(name: str, type: EntityType) -> tuple[str, ...]:
    group = _GROUP[type]
    keys = []
    exact = dictionary_key(name)
    if exact:
        keys.append(f"{group}|n|{exact}")
    stem = dictionary_key(org_stem(name)) if group == "O" else ""
    if len(stem) >= _MIN_STEM_KEY and stem != exact:
        keys.append(f"{group}|n|{stem}")
    for rendering in _renderings(name, type):
        sk = skeleton(rendering)
        if len(sk) >= _MIN_SKELETON:
            keys.append(f"{group}|s|{sk}")
        elif len(_letters(rendering)) >= _MIN_SAME_RENDERING:
            # too few consonants for a phonetic key (WINIA / 위니아: "N"): the whole
            # rendering, which only an identical romanisation shares, and its sound with the
            # vowels (Yahoo / 야후 yahu: "aHo"), which English vowel spelling (oo, ee) does not
            # change
            keys.append(f"{group}|r|{_letters(rendering)}")
            short = _short_form(rendering)
            if short:
                keys.append(f"{group}|f|{short}")
    if type is EntityType.PERSON:
        keys.extend(f"P|k|{k}" for k in person_keys(name))
        keys.extend(_word_keys(name))
        keys.extend(_family_name_keys(name, whole=False))
    elif group == "L":
        composite = _composite_key(name)
        if composite:
            keys.append(f"L|c|{composite}")
    return tuple(dict.fromkeys(keys))


_NAME_SUFFIXES = {"jr", "sr", "jr.", "sr.", *(r.lower() for r in _ROMAN)}


def _family_name(name: str) -> str:
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
    return last if len(_letters(last) if not has_hangul(last) else last) >= 2 else ""


def _family_name_keys(name: str, whole: bool) -> list[str]:
    """``P|f|<exact family name>`` and ``P|F|<its phonetic skeleton>`` per rendering: for a
    multi-word name (``whole=False``) those of its family name, by which an entity is
    indexed; for a one-word name (``whole=True``) those of the name itself, by which a
    mention of a family name alone looks the entity up."""
    if whole:
        words = name.split()
        family = name if len(words) == 1 and (len(_letters(name)) >= 2 or has_hangul(name)) else ""
    else:
        family = _family_name(name)
    if not family:
        return []
    keys = [f"P|f|{dictionary_key(family)}"]
    for rendering in latin_renderings(family):
        sk = skeleton(rendering)
        if len(sk) >= _MIN_SKELETON:
            keys.append(f"P|F|{sk}")
    return list(dict.fromkeys(keys))


def _government_keys(m: Mention) -> list[str]:
    """``O|g|`` + the Korean-name keys of the leader a government is named after (attribute
    ``government_of``: "노무현" of "노무현 정부", "Roh Moo-hyun" of "the Roh Moo-hyun
    government"), by which the two languages' names of one government meet. Foreign leaders
    (부시 / Bush) meet by sound as any organisation name does."""
    leader = m.attributes.get("government_of")
    if not isinstance(leader, str) or _GROUP[m.type] != "O":
        return []
    return [f"O|g|{k}" for k in person_keys(leader)]


def _m_keys(keys: Sequence[str]) -> list[str]:
    """The ``M|`` forms of a mention's sound keys, under which entities of other groups whose
    type only a model gave are indexed (``_model_typed_keys``)."""
    return [f"M|{k}" for k in keys if any(s in k for s in _SOUND_KEYS)]


def _model_typed_keys(name: str, type: EntityType) -> list[str]:
    """``M|`` + the sound keys ``name`` would have as a name of each other group: an entity
    whose type only a model gave is found by a mention typed otherwise."""
    return [k for t in _OTHER_GROUP_TYPES[_GROUP[type]] for k in _m_keys(blocking_keys(name, t))]


def _may_be_family_name(text: str, type: EntityType) -> bool:
    """A person named by one word that may be a family name alone ("Merkel", "메르켈"): not
    a Korean name (a Hangul word of three syllables or more that starts with a Korean
    surname, a one-syllable word, a romanised Korean surname such as Lee or Kim, whose
    bearers are too many), not an acronym."""
    if type is not EntityType.PERSON or len(text.split()) != 1 or _ACRONYM.match(text):
        return False
    if has_hangul(text):
        return len(text) >= 2 and not (len(text) >= 3 and split_korean_name(text) is not None)
    return len(_letters(text)) >= 3 and not is_romanised_korean_surname(text)


def _word_keys(name: str) -> list[str]:
    """``P|w|<skeleton per word>`` keys of a foreign personal name in two or more words, one
    per word with that word left open ("*"), so that names whose words agree but for one
    (Michael / 마이클: MJL / MGL; Bloomberg / 블룸버그: BLMBG) share a block. Words are keyed
    apart because romanising a Hangul name whole runs its words together (척 헤이젤 "cheokheijel"
    reads a k-h that is no kh)."""
    words = _word_skeletons(name)
    if words is None:
        return []
    keys = [f"P|w|{'|'.join(words)}"]
    for i in range(len(words)):
        rest = words[:i] + words[i + 1 :]
        if sum(len(w) for w in rest) >= _MIN_OPEN_WORD_REST:
            keys.append(f"P|w|{'|'.join([*rest[:i], '*', *rest[i:]])}")
    return keys


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
    if has_hangul(text):
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
    original_keys: tuple[str, ...] = ()
    original_attributes: dict[str, AttrValue] = field(default_factory=dict)
    names_from_dictionary: bool = False
    indexed: bool = True  # False: carries no blocking keys (fragments that must not gather)
    recorded: set[str] | None = None  # aliases with an audit record in the store (lazy)


@dataclass(frozen=True)
class _Candidate:
    entity_id: str
    score: float
    reason: str


_TIE_MARGIN = 0.04
# a name with too few consonants for a phonetic key meets only an identical romanisation of at
# least this many letters
_MIN_SAME_RENDERING = 4
_SHORT_SPELLED = 4
_LONG_SKELETON = 5
_MAX_BLOCK = 50  # candidates per phonetic key beyond which the key is too unspecific to use


# (longest fine form, minimum sound similarity): short names collide by chance, so they must
# match (nearly) exactly; tuned on synthetic pairs, see docs/resolution.md
_THRESHOLDS = [(4, 0.99), (6, 0.9), (9, 0.84), (10**6, 0.8)]
_MIN_ACCEPT = 0.0  # minimum final score (sound and spelling) to accept a transliteration


def _threshold(form_len: int) -> float:
    for limit, value in _THRESHOLDS:
        if form_len <= limit:
            return value
    return _THRESHOLDS[-1][1]


_SHORT_FORM_SCORE = 0.9


def _short_form(rendering: str) -> str:
    """The sound of a name with one consonant (class), vowels included ("aHo" for yahoo and
    yahu, "LoLa" for laura and rora), when it has four letters or more and a vowel; else ""."""
    if len(_letters(rendering)) < _MIN_SAME_RENDERING:
        return ""
    form = fine_form(rendering)
    return form if any(c.islower() for c in form) else ""


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower().replace("gh", "g"))


@lru_cache(maxsize=262144)
def _phonetic_score(a: str, b: str) -> float:
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
    score = 0.85 * sound + 0.15 * similarity(_letters(a), _letters(b))
    return score if score >= _MIN_ACCEPT else 0.0


_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")
# a Latin place name romanised from Korean (Uiwang-si, Goryeong-gun): matched letter by letter
_KOREAN_ROMANISED = re.compile(r"[a-z]-(?:si|gun|gu|do|eup|myeon|dong)$", re.IGNORECASE)


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z]*", name)
    return "".join(w[0].upper() for w in words)


def _edit_distance(a: str, b: str) -> int:
    return round((1.0 - similarity(a, b)) * max(len(a), len(b)))


def _word_agreement(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> float:
    """How well two foreign personal names agree word by word (see ``_word_skeletons``): 0.86
    when every word's skeleton agrees (에이미 와인하우스 = Amy Winehouse, vowels being where the
    scripts differ most), 0.84 when all but one agree and that one differs by a single consonant
    class (마이클 블룸버그 = Michael Bloomberg, Greek ch being k), else 0."""
    if a is None or b is None or len(a) != len(b):
        return 0.0
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if not differing:
        # two-consonant words agree by chance (존 폴 John Paul: JN | BL = Jenny Bale)
        return 0.86 if max(len(w) for w in a) >= 3 else 0.0
    if len(differing) > 1:
        return 0.0
    x, y = differing[0]
    agreeing = sum(len(w) for w in a) - len(x)
    # the differing word needs three consonant classes on both sides: Brad / Brett, Pitt /
    # Favre differ by one class as well
    if agreeing < _MIN_OPEN_WORD_REST or min(len(x), len(y)) < 3 or _edit_distance(x, y) > 1:
        return 0.0
    return 0.84


def _abbreviates(short: str, full: str) -> bool:
    """True when ``short`` is an acronym of ``full`` (IOC of International Olympic Committee):
    an entity named 국제올림픽위원회 and IOC still has only one full Latin name."""
    return bool(_ACRONYM.match(short)) and len(full.split()) >= 2 and _initials(full) == short.replace("&", "")


_INITIAL = re.compile(r"^[A-Za-z]\.?$")


def _same_but_initials(a: str, b: str) -> bool:
    """Two forms of one personal name that differ only by a middle initial ("조지 W. 부시" /
    "조지 부시", "George W. Bush" / "George Bush")."""

    def bare(name: str) -> str:
        words = name.split()
        if len(words) >= 3:
            words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
        return dictionary_key(" ".join(words))

    return a != b and bare(a) == bare(b)


def _hangul_spelling_variants(a: str, b: str) -> bool:
    """Two Hangul spellings of one foreign name (맥케인 / 매케인, 버냉키 / 버넹키): the same sound
    once romanised. Korean names are never variants of each other (김민수 is not 김민서)."""
    if not (has_hangul(a) and has_hangul(b)) or split_korean_name(a) or split_korean_name(b):
        return False
    ra, rb = romanize(a.replace(" ", "")), romanize(b.replace(" ", ""))
    return skeleton(ra) == skeleton(rb) and fine_form(ra) == fine_form(rb)


def _latin_spelling_variants(a: str, b: str) -> bool:
    """Two Latin spellings of one foreign personal name (Dmitry / Dimitry Medvedev): as many
    words, each with the same phonetic skeleton and the same first letter, and at most one
    letter added, dropped or changed per word (Daniel / Danielle differ by two)."""
    if has_hangul(a) or has_hangul(b):
        return False
    wa, wb = a.replace("-", " ").split(), b.replace("-", " ").split()
    if len(wa) < 2 or len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        x, y = x.casefold(), y.casefold()
        if x == y:
            continue
        if x[0] != y[0] or min(len(x), len(y)) < 4 or skeleton(x) != skeleton(y) or not _one_edit(x, y):
            return False
    return True


def _one_edit(x: str, y: str) -> bool:
    """At most one letter inserted, deleted or replaced."""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) <= 1
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_MIN_WORD_SKELETON = 4  # consonant classes over all words; fewer agree by chance
_MIN_OPEN_WORD_REST = 3  # consonant classes the other words must have when one is left open


@lru_cache(maxsize=65536)
def _word_skeletons(name: str) -> tuple[str, ...] | None:
    """The phonetic skeleton of each word of a personal name written in two or more words
    (Hangul words romanised one by one), or ``None`` when the name is one word, a Korean name
    (those go by ``person_keys``) or too short for word-by-word agreement to mean anything."""
    words = name.replace("-", " ").split()
    if len(words) < 2:
        return None
    if has_hangul(name):
        if not all(has_hangul(w) for w in words) or split_korean_name(name) is not None:
            return None
        skeletons = tuple(skeleton(romanize(w)) for w in words)
    else:
        skeletons = tuple(skeleton(w) for w in words)
    if not all(skeletons) or sum(len(k) for k in skeletons) < _MIN_WORD_SKELETON:
        return None
    return skeletons


class CrossLingualResolver:
    """Resolves mentions to entities across English and Korean (see the module docstring).

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
        texts = [self._text(m) for m in mentions]
        entries = [
            None if m.attributes.get("candidate") else self._dictionary_entry(t, m.type, _type_uncertain(m))
            for t, m in zip(texts, mentions, strict=True)
        ]
        mention_keys = [[*blocking_keys(t, m.type), *_government_keys(m)] for t, m in zip(texts, mentions, strict=True)]

        # a Hangul name ending in an administrative suffix that the extractor typed otherwise
        # ("노원구 관계자는" read as a person) is also looked up among places
        place_keys = [
            blocking_keys(t, EntityType.PLACE) if entry is None and _maybe_place(t, m.type) else []
            for t, m, entry in zip(texts, mentions, entries, strict=True)
        ]
        wanted: set[str] = {k for keys in place_keys for k in keys}
        # a name whose type only a statistical model gave is also looked up under the other
        # groups (see _other_group)
        for t_text, m, entry in zip(texts, mentions, entries, strict=True):
            if entry is None and _type_uncertain(m):
                wanted.update(k for t in _OTHER_GROUP_TYPES[_GROUP[m.type]] for k in blocking_keys(t_text, t))
        family_keys = [
            _family_name_keys(t, whole=True)
            if entry is None
            and (_may_be_family_name(t, m.type) or (_type_uncertain(m) and _may_be_family_name(t, EntityType.PERSON)))
            else []
            for t, m, entry in zip(texts, mentions, entries, strict=True)
        ]
        wanted.update(k for keys in family_keys for k in keys)
        # a candidate (a word no model typed) is looked up in every group and as a family name
        for t_text, m in zip(texts, mentions, strict=True):
            if m.attributes.get("candidate"):
                wanted.update(k for t in _CANDIDATE_TYPES for k in blocking_keys(t_text, t))
                wanted.update(_family_name_keys(t_text, whole=True))
        # every mention may be an entity typed by a model alone in another group
        wanted.update(
            k
            for keys, entry, m in zip(mention_keys, entries, mentions, strict=True)
            if entry is None and not m.attributes.get("candidate")
            for k in _m_keys(keys)
        )
        for keys, entry in zip(mention_keys, entries, strict=True):
            wanted.update(keys)
            if entry is not None:
                wanted.add(_dict_key(entry.id))
                for name in entry.names:
                    wanted.update(blocking_keys(name, entry.type))
        found = store.find_by_keys(sorted(wanted)) if wanted else {}
        # a phonetic key shared by very many entities says little (short names collide by
        # chance) and would make each mention cost grow with the graph: such blocks are skipped
        found = {
            k: ids
            for k, ids in found.items()
            if len(ids) <= _MAX_BLOCK or k.removeprefix("M|")[2:4] not in ("s|", "w|", "f|", "F|")
        }
        cand_ids = sorted({i for ids in found.values() for i in ids})
        stored = {e.id: e for e in store.get_entities(cand_ids) if e is not None} if cand_ids else {}

        state = _DocState(document, store, stored, found)
        # organisation mentions by sentence, so that reading a person's sentence costs that
        # sentence, not the whole document (a 1 MB file spent most of its ingest there)
        for i, m in enumerate(mentions):
            if _GROUP[m.type] == "O":
                state.sentence_orgs.setdefault(m.sentence_start, []).append(i)
        ids: list[str | None] = [None] * len(mentions)
        # organisations and places first: people are disambiguated by the organisations
        # named in their sentence
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].type is EntityType.PERSON)
        linked: list[int] = []
        candidates: list[int] = []
        for i in order:
            m = mentions[i]
            if m.attributes.get("candidate"):
                candidates.append(i)
                continue
            if _alias_target(mentions, i) is not None:
                linked.append(i)
                continue
            if place_keys[i]:
                place = self._as_place(state, m, texts[i], place_keys[i], mentions, ids)
                if place is not None:
                    ids[i] = place
                    continue
            ids[i] = self._resolve_one(state, i, m, texts[i], entries[i], mention_keys[i], mentions, ids)
            state.confirm_type(ids[i], m)
            state.add_keys(ids[i], _government_keys(m))
        for i in linked:
            target = _alias_target(mentions, i)
            target_id = ids[target] if target is not None else None
            if target_id is None:  # a chain of alias_of: resolve on its own
                target_id = self._resolve_one(
                    state, i, mentions[i], texts[i], entries[i], mention_keys[i], mentions, ids
                )
            else:
                target_id = self._adopt_through_alias(state, i, target, target_id, texts, mention_keys, mentions, ids)
                state.attach(
                    target_id, mentions[i].text, "acronym" if _ACRONYM.match(mentions[i].text) else "exact", 1.0
                )
            ids[i] = target_id
        types: dict[int, EntityType] = {}
        for i in candidates:
            named = self._candidate_entity(state, mentions[i], texts[i], mentions, ids)
            if named is not None:
                ids[i], types[i] = named
        self._link_acronyms(state, mentions, ids)
        return Resolution(
            entity_ids=[i or "" for i in ids],
            entities=[e for e in (state.output(w) for w in state.working.values()) if e is not None],
            merges=state.merges,
            types=types,
        )

    # -- steps ---------------------------------------------------------------------------------
    def _text(self, m: Mention) -> str:
        full = m.attributes.get("full_name")
        if isinstance(full, str) and full.strip():
            return full
        hanja = HANJA_ADMIN_SUFFIXES.get(m.text[-1:])
        if m.type is EntityType.PLACE and hanja and has_hangul(m.text[:-1].replace(" ", "")):
            return m.text[:-1] + hanja  # 오레곤州 = 오레곤주 = Oregon
        if m.type is EntityType.PLACE and " " in m.text.strip() and has_hangul(m.text.replace(" ", "")):
            return self._innermost_place(m.text)
        if _GROUP[m.type] == "O" and " " in m.text.strip():
            return self._org_after_places(m.text)
        return m.text

    def _org_after_places(self, text: str) -> str:
        """Korean places written before a body the dictionary has ("서울 외교통상부" is 외교통상부,
        the ministry in Seoul); the name as written otherwise (another country's body of the same
        name is another body)."""
        words = text.split()
        for k in range(1, len(words)):
            if not any(_korean_place(e) for e in self.dictionary.lookup(words[k - 1])):
                break  # "미 국방부" is the U.S. Department of Defense, not Korea's 국방부
            rest = " ".join(words[k:])
            if any(_GROUP[e.type] == "O" for e in self.dictionary.lookup(rest)):
                return rest
        return text

    def _innermost_place(self, text: str) -> str:
        """Korean news names a place with its container: "캐나다 토론토", "콜로라도 주 볼더",
        "인도 서부 아흐메다바드". The place meant is the last one; leading known places (a
        dictionary place, or words closed by a lone 주/성/도/현), compass words and a trailing
        compass word are left out. A name the dictionary knows whole is kept whole."""
        if self.dictionary.lookup(text):
            return text
        words = text.split()
        if len(words) > 1 and words[-1] in _CONTAINER_WORDS:
            words = words[:-1]  # "뉴욕 주", "산시 성": the place, its suffix written apart
        while len(words) > 1 and words[-1] in _COMPASS_WORDS:
            words = words[:-1]  # "레바논 북동부": a part of Lebanon, filed under Lebanon
        cut = 0
        for k, word in enumerate(words[:-1]):
            known_place = cut == k and any(e.type is EntityType.PLACE for e in self.dictionary.lookup(word))
            if word in _CONTAINER_WORDS or word in _COMPASS_WORDS or known_place:
                cut = k + 1
        rest = words[cut:]
        if not rest or rest[-1] in _GENERIC_PLACE_WORDS or rest[-1].endswith(FACILITY_ENDINGS):
            # "남아프리카 공화국", "쿡 제도": the last word is no place of its own; "마닐라
            # 국제공항" is the airport (one per city), not a place called 국제공항
            return text
        return " ".join(rest)

    def _dictionary_entry(self, text: str, type: EntityType, uncertain: bool = False) -> AliasEntry | None:
        names = _place_names(text) if type is EntityType.PLACE else [text]
        entries: list[AliasEntry] = []
        for name in names:
            if name != text and len(name) < 2 and has_hangul(name):
                # a one-syllable stem (남구 -> 남) is no name of its own: 남 is South Korea
                # only where the text writes 남 alone
                continue
            entries = [e for e in self.dictionary.lookup(name) if _GROUP[e.type] == _GROUP[type]]
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
                for e in self.dictionary.lookup(text)
                if e.type is EntityType.PLACE
                and (e.section in _PLACE_SECTIONS or (uncertain and _city_override_ok(text, type)))
                and (_place_override_ok(text, type) or (uncertain and " " in text.strip()))
            ]
        if not entries and uncertain and type is EntityType.PLACE and strip_corporate_form(text) == text:
            # a "place" only a model typed that the dictionary knows as a body: the White
            # House, read as a facility
            entries = [e for e in self.dictionary.lookup(text) if _GROUP[e.type] == "O"]
        if not entries:
            return None
        same = [e for e in entries if e.type is type]
        return (same or entries)[0]

    def _as_place(
        self,
        state: _DocState,
        m: Mention,
        text: str,
        keys: list[str],
        mentions: Sequence[Mention],
        ids: list[str | None],
    ) -> str | None:
        """The stored place a mistyped "<name>구/군/시/도" is, when one matches by exact name or
        transliteration (the same thresholds as any place); ``None`` leaves the mention to the
        usual steps under its own type."""
        as_place = m.model_copy(update={"type": EntityType.PLACE})
        best = self._best(state, as_place, text, keys, mentions, ids)
        if best is None:
            return None
        state.attach(best.entity_id, m.text, best.reason, best.score, extra_text=text)
        return best.entity_id

    def _other_group(
        self,
        state: _DocState,
        m: Mention,
        text: str,
        mentions: Sequence[Mention],
        ids: list[str | None],
        model_typed: Sequence[str] | None = None,
    ) -> str | None:
        """The entity of another group that a mention whose type only a statistical model
        gave is, when its own group has no candidate: the other language's name of it,
        typed with more evidence ("Federer" read by spaCy as an organisation = 페더러, a
        person in the Korean text; 페니매 read as a person = Fannie Mae). Only across
        scripts and only by a sure transliteration (at least ``_RETYPE_SCORE``, no near
        tie): within one script, a person and a company of the same name (Ford) stay apart.
        Called once the mention's own group gave no candidate; ``None`` leaves the mention a
        new entity of its own type.

        Within one script only the very name, of an entity named in both languages, is
        taken ("Federer" read as a company = the person Federer / 페더러).

        With ``model_typed`` (the mention's ``M|`` keys) it is the other way round: any
        mention may join an entity of another group whose type only a model gave (the
        attribute ``type_from_model``: "Federer" stored as a company before 페더러 came),
        on the same terms; a mention typed with evidence then corrects the entity's type
        (``_DocState.confirm_type``)."""
        hangul = has_hangul(text)
        found: list[_Candidate] = []
        for type in _OTHER_GROUP_TYPES[_GROUP[m.type]]:
            alt = m.model_copy(update={"type": type})
            keys = list(model_typed) if model_typed is not None else blocking_keys(text, type)
            best = self._best(state, alt, text, keys, mentions, ids)
            if best is None or best.score < _RETYPE_SCORE:
                continue
            entity = state.entity(best.entity_id)
            if entity is None:
                continue
            names = _entity_names(entity)
            same_script = {dictionary_key(n) for n in names if has_hangul(n) == hangul}
            if same_script and (dictionary_key(text) not in same_script or all(has_hangul(n) == hangul for n in names)):
                # the entity has another name in this script: not this one; or only this very
                # name, as a person and a company of one name (Ford) may have: only an entity
                # both languages named ("Federer" = 페더러) takes it
                continue
            if model_typed is not None and not entity.attributes.get(TYPE_FROM_MODEL):
                continue
            found.append(best)
        if len(found) != 1:
            return None
        state.attach(found[0].entity_id, m.text, found[0].reason, found[0].score, extra_text=text)
        return found[0].entity_id

    def _candidate_entity(
        self, state: _DocState, m: Mention, text: str, mentions: Sequence[Mention], ids: list[str | None]
    ) -> tuple[str, EntityType] | None:
        """The stored entity a candidate mention names, with its type: a word no model typed
        ("Clemens said", "창기라이가") that is exactly the name of one entity, its other-script
        name by a sure transliteration (≥ ``_CANDIDATE_SCORE``), or the family name of the
        one person named in full who bears it. Never a new entity: ``None`` drops the word.
        More than one such entity (across the groups) is no answer either."""
        found: dict[str, tuple[_Candidate, EntityType]] = {}
        for type in _CANDIDATE_TYPES:
            alt = m.model_copy(update={"type": type})
            best = self._best(state, alt, text, blocking_keys(text, type), mentions, ids)
            if best is not None and (best.reason == "exact" or best.score >= _CANDIDATE_SCORE):
                entity = state.entity(best.entity_id)
                if entity is not None:
                    found.setdefault(best.entity_id, (best, entity.type))
        if not found and _may_be_family_name(text, EntityType.PERSON):
            # by letters only: a word that merely sounds like a family name of the other
            # script ("Rays" = 라이스, Rice) is not taken on sound alone
            family = self._family_of(state, text, set(), same_script=True)
            if family is not None:
                found[family] = (_Candidate(family, _FAMILY_SCORE, "family_name"), EntityType.PERSON)
        if len(found) != 1:
            return None
        ((entity_id, (cand, type)),) = found.items()
        state.attach(entity_id, m.text, cand.reason, cand.score, extra_text=text)
        return entity_id, type

    def _family_of(self, state: _DocState, text: str, affiliations: set[str], same_script: bool = False) -> str | None:
        """The one person, named in full elsewhere, whose family name this one-word name
        is: "Merkel" = Angela Merkel, "메르켈" = 앙겔라 메르켈 or Angela Merkel (by sound
        across scripts, by letters within one; ``same_script``: by letters only). Two or more
        such people (Bill and Hillary Clinton), or affiliations that contradict the sentence,
        leave it alone."""
        hangul = has_hangul(text)
        renderings = latin_renderings(text)
        found: set[str] = set()
        for key in _family_name_keys(text, whole=True):
            for eid in state.ids_for(key):
                entity = state.entity(eid)
                if entity is None or entity.type is not EntityType.PERSON or eid in found:
                    continue
                for name in _entity_names(entity):
                    family = _family_name(name)
                    if not family:
                        continue
                    if has_hangul(family) == hangul:
                        same = dictionary_key(family) == dictionary_key(text)
                    elif same_script:
                        continue
                    else:
                        same = any(
                            _phonetic_score(r, r_other) > 0
                            for r in renderings
                            for r_other in _renderings(family, EntityType.PERSON)
                            if skeleton(r) == skeleton(r_other) and len(skeleton(r)) >= _MIN_SKELETON
                        )
                    if same:
                        found.add(eid)
                        break
        if len(found) != 1:
            return None
        (eid,) = found
        if self.use_context and self._context(state, eid, affiliations, hangul) is False:
            return None
        return eid

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
        # 1. dictionary
        if entry is not None:
            existing = state.ids_for(_dict_key(entry.id))
            if existing:
                entity_id = existing[0]
            else:
                # an entity made before the dictionary knew this name (or under a spelling
                # the dictionary lacks) is adopted rather than duplicated
                adopted = self._best(state, m, text, keys, mentions, ids, names=entry.names, dictionary=entry.id)
                entity_id = adopted.entity_id if adopted else entity_id_for(entry.type, entry.id)
            state.ensure(entity_id, entry.type, text, entry)
            state.attach(entity_id, m.text, "dictionary", 1.0, extra_text=text)
            return entity_id
        if is_corporate_form(text):
            # "LTD" split off "KENERTEC CO., LTD" by an extractor is no name: a node of its own
            # per document, with no keys, so such fragments never gather into one hub
            entity_id = entity_id_for(m.type, f"{dictionary_key(text) or text}#{document_suffix(state.document)}")
            state.ensure(entity_id, m.type, text, None, index=False)
            state.attach(entity_id, m.text, "new", 1.0)
            return entity_id
        # 2. exact name, 3. transliteration
        affiliations = self._sentence_orgs(state, m, ids) if m.type is EntityType.PERSON else set()
        rejected_before = set(state.rejected)
        best = self._best(state, m, text, keys, mentions, ids)
        if best is not None:
            state.attach(best.entity_id, m.text, best.reason, best.score, extra_text=text)
            return best.entity_id
        rejected_same_name = bool(state.rejected - rejected_before)
        if entry is None and _type_uncertain(m):
            other = self._other_group(state, m, text, mentions, ids)
            if other is not None:
                return other
            if m.type is not EntityType.PERSON and _may_be_family_name(text, EntityType.PERSON):
                # "Trump" read by spaCy as a company, "매케인" by the CRF: the one person named
                # in full whose family name it is
                family = self._family_of(state, text, set())
                if family is not None:
                    state.attach(family, m.text, "family_name", _FAMILY_SCORE, extra_text=text)
                    return family
        if not rejected_same_name and entry is None and _may_be_family_name(text, m.type):
            family = self._family_of(state, text, affiliations)
            if family is not None:
                state.attach(family, m.text, "family_name", _FAMILY_SCORE, extra_text=text)
                return family
        if entry is None:
            # an entity of another group whose type only a model gave ("Federer" stored as a
            # company, read by spaCy alone) that this mention names (see _other_group)
            other = self._other_group(state, m, text, mentions, ids, model_typed=_m_keys(keys))
            if other is not None:
                return other
        # 4. new entity
        canonical = dictionary_key(text) or normalize_name(text)
        if rejected_same_name and affiliations:
            canonical = f"{canonical}@{sorted(affiliations)[0]}"
        entity_id = entity_id_for(m.type, canonical)
        if state.taken(entity_id, m.type):
            entity_id = entity_id_for(m.type, f"{canonical}#{document_suffix(state.document)}")
        w = state.ensure(entity_id, m.type, text, None)
        if _type_uncertain(m):
            w.entity.attributes[TYPE_FROM_MODEL] = True
        state.attach(entity_id, m.text, "new", 1.0, extra_text=text)
        return entity_id

    def _best(
        self,
        state: _DocState,
        m: Mention,
        text: str,
        keys: list[str],
        mentions: Sequence[Mention],
        ids: list[str | None],
        names: Sequence[str] = (),
        dictionary: str = "",
    ) -> _Candidate | None:
        """The existing entity this mention is, if any: exact beats transliteration; a person
        whose affiliations contradict the sentence is skipped; a near-tie between two
        different entities on transliteration merges with neither."""
        group = _GROUP[m.type]
        affiliations = self._sentence_orgs(state, m, ids) if m.type is EntityType.PERSON else set()
        candidates: dict[str, _Candidate] = {}
        for name in [text, *names]:
            name_keys = keys if name == text else blocking_keys(name, m.type)
            for cand in self._candidates(state, name, m.type, name_keys, group):
                old = candidates.get(cand.entity_id)
                if old is None or cand.score > old.score:
                    candidates[cand.entity_id] = cand
        if dictionary:
            # never adopt an entity that belongs to another dictionary entry
            candidates = {k: c for k, c in candidates.items() if state.dictionary_id_of(k) in ("", dictionary)}
        if m.type is EntityType.PERSON and self.use_context:
            # context first, so that a confirmed candidate outranks an inconclusive one
            for eid, cand in list(candidates.items()):
                verdict = self._context(state, eid, affiliations, has_hangul(text))
                if verdict is False:
                    state.rejected.add(eid)
                    del candidates[eid]
                elif verdict is True:
                    candidates[eid] = _Candidate(eid, min(1.0, cand.score + 0.05), "context")
        ranked = sorted(candidates.values(), key=lambda c: (-c.score, -state.mention_count(c.entity_id), c.entity_id))
        best: _Candidate | None = None
        for cand in ranked:
            if best is None:
                best = cand
                continue
            if best.reason == "transliteration" and best.score - cand.score < _TIE_MARGIN:
                return None
            break
        return best

    def _candidates(
        self, state: _DocState, text: str, type: EntityType, keys: list[str], group: str
    ) -> list[_Candidate]:
        exact_key = f"{group}|n|{dictionary_key(text)}"
        out: dict[str, _Candidate] = {}
        for eid in state.ids_for(exact_key):
            if state.group_of(eid) == group:
                out[eid] = _Candidate(eid, 1.0, "exact")
        stem = dictionary_key(org_stem(text)) if group == "O" else ""
        stem_key = f"{group}|n|{stem}" if len(stem) >= _MIN_STEM_KEY else exact_key
        for eid in state.ids_for(stem_key) if stem_key != exact_key else ():
            # the same name but for a descriptive word (Qantas Airways = Qantas)
            if state.group_of(eid) == group and eid not in out:
                out[eid] = _Candidate(eid, 0.97, "exact")
        composite = _composite_key(text) if group == "L" else ""
        for eid in state.ids_for(f"L|c|{composite}") if composite else ():
            # 남태평양 = South Pacific, 독일 대사관 = German Embassy: translated word by word
            if state.group_of(eid) == group and eid not in out:
                out[eid] = _Candidate(eid, 0.97, "translation")
        for eid in {eid for k in keys if k.startswith("O|g|") for eid in state.ids_for(k)}:
            # "노무현 정부" = "Roh Moo-hyun government": the leader's Korean-name keys agree
            if group == "O" and state.group_of(eid) == group and eid not in out:
                out[eid] = _Candidate(eid, 0.9, "transliteration")
        phonetic = [k for k in keys if k not in (exact_key, stem_key) and "|c|" not in k and "|g|" not in k]
        cand_ids = {eid for k in phonetic for eid in state.ids_for(k)} - set(out)
        if not cand_ids or (len(text) == 1 and has_hangul(text)):
            return list(out.values())  # one syllable (남, 미) meets no sound-alike either
        self.candidates_scored += len(cand_ids)
        mention_renderings = _renderings(text, type)
        mention_spelled = spelled_renderings(text)
        mention_person = set(person_keys(text)) if type is EntityType.PERSON else set()
        mention_hangul = has_hangul(text)
        mention_key = dictionary_key(text)
        mention_words = _word_skeletons(text) if type is EntityType.PERSON else None
        for eid in sorted(cand_ids):
            entity = state.entity(eid)
            if entity is None or _GROUP[entity.type] != group:
                continue
            names = _entity_names(entity)
            if mention_person and any(mention_person & set(person_keys(n)) for n in names):
                # surname + given name agree (Park/Bak/Pak, Jung-ho/Jeongho, either order); a
                # Korean name written in Hangul has one spelling: 김민서 is not an entity that
                # is already 김민수, however alike they sound
                if not (
                    mention_hangul
                    and not entity.attributes.get("dictionary_id")
                    and any(has_hangul(n) and dictionary_key(n) != mention_key for n in names)
                ):
                    out[eid] = _Candidate(eid, 0.9, "transliteration")
                continue
            # one name per script and entity unless a dictionary says otherwise: an entity that
            # already has another Korean name (금천구) is not this Korean name (금정구), however
            # alike their romanisations sound
            if not entity.attributes.get("dictionary_id") and any(
                has_hangul(n) == mention_hangul
                and dictionary_key(n) != mention_key
                and not _abbreviates(n, text)
                and not _ACRONYM.match(n)  # an acronym (NYMEX) is no competing spelling
                and not (type is EntityType.PERSON and _hangul_spelling_variants(n, text))
                and not (type is EntityType.PERSON and _latin_spelling_variants(n, text))
                and not (type is EntityType.PERSON and _same_but_initials(n, text))
                and not (type is EntityType.PLACE and _same_place_stem(n, text))
                for n in names
            ):
                continue
            # transliteration only bridges scripts; within one script only exact names meet
            # a one-syllable Hangul name (미, 남: countries as news abbreviates them) meets only
            # itself, never a sound-alike (Nam-gu is not 남 = South Korea)
            others = [n for n in names if has_hangul(n) != mention_hangul and not (len(n) == 1 and has_hangul(n))]
            best = 0.0
            for name in others:
                romanised = type is EntityType.PLACE and bool(
                    _KOREAN_ROMANISED.search(name if mention_hangul else text)
                )
                agreement = _word_agreement(mention_words, _word_skeletons(name)) if mention_words else 0.0
                best = max(best, agreement)
                other_spelled = spelled_renderings(name)
                for r_other in _renderings(name, entity.type):
                    sk = skeleton(r_other)
                    for r in mention_renderings:
                        if len(sk) < _MIN_SKELETON and skeleton(r) == sk:
                            if len(_letters(r)) >= _MIN_SAME_RENDERING and _letters(r) == _letters(r_other):
                                best = max(best, 0.95)  # WINIA = 위니아 (winia), letter for letter
                            elif _short_form(r) and _short_form(r) == _short_form(r_other):
                                best = max(best, _SHORT_FORM_SCORE)  # Yahoo = 야후 (yahu)
                            continue
                        if skeleton(r) != sk or len(sk) < _MIN_SKELETON:
                            continue
                        if (r in mention_spelled or r_other in other_spelled) and len(sk) <= _SHORT_SPELLED:
                            # read-out initialisms (KMH = 케이엠에이치) are short and easily
                            # confused: letter for letter or not at all
                            if _letters(r) == _letters(r_other):
                                best = max(best, 0.95)
                            continue
                        if romanised:
                            # both sides spell the same Korean syllables, and Revised Romanization
                            # spells them one way: letter for letter or another place (고창군 is
                            # Gochang-gun, not Geochang-gun; Goseong-gun is not 곡성군; 계룡
                            # Gyeryong is not 고령 Goryeong)
                            if _letters(r) == _letters(r_other):
                                best = max(best, 0.99)
                            continue
                        best = max(best, _phonetic_score(r, r_other))
            if best > 0:
                out[eid] = _Candidate(eid, round(best, 4), "transliteration")
        return list(out.values())

    @staticmethod
    def _sentence_orgs(state: _DocState, m: Mention, ids: list[str | None]) -> set[str]:
        """The organisations already resolved in the mention's sentence."""
        return {eid for i in state.sentence_orgs.get(m.sentence_start, ()) if (eid := ids[i])}

    def _context(self, state: _DocState, entity_id: str, affiliations: set[str], hangul: bool) -> bool | None:
        """True when the candidate person is affiliated with an organisation named in the same
        sentence, False when both sides name affiliations and they are disjoint, else None.
        Disjoint counts only when some known affiliation has a name in the mention's script
        (an acronym such as FRB does not count):
        an organisation known only in the other language may simply have failed to merge with
        the one named here (FRB / Federal Reserve), which says nothing about the person."""
        if not affiliations:
            return None
        known = state.affiliations(entity_id)
        if not known:
            return None
        if known & affiliations:
            return True
        comparable = any(
            any(has_hangul(n) == hangul and not _ACRONYM.match(n) for n in _entity_names(e))
            for e in (state.entity(a) or state.store.get_entity(a) for a in sorted(known))
            if e is not None
        )
        return False if comparable else None

    def _adopt_through_alias(
        self,
        state: _DocState,
        index: int,
        target: int | None,
        target_id: str,
        texts: Sequence[str],
        mention_keys: Sequence[list[str]],
        mentions: Sequence[Mention],
        ids: list[str | None],
    ) -> str:
        """ "젯 톤 영화사 (Jet Tone Films)": when the name made a new entity here but the alias
        the text gives it is already a node by that exact name (an English article named the
        company first), the new entity is folded into that node, as the text says they are one."""
        if target is None or not state.is_new_only_for(target_id, mentions[target].text):
            return target_id
        best = self._best(state, mentions[index], texts[index], mention_keys[index], mentions, ids)
        if best is None or best.reason != "exact" or best.entity_id == target_id:
            return target_id
        _fold(state, ids, target_id, best.entity_id, mentions[target].text, "exact", 1.0, texts[target])
        return best.entity_id

    def _link_acronyms(self, state: _DocState, mentions: Sequence[Mention], ids: list[str | None]) -> None:
        """'SKT' next to 'SK Telecom' in the same document: the text supports the acronym, so
        a new entity made for the acronym is folded into the full name's entity."""
        by_initials: dict[str, str] = {}
        for m, eid in zip(mentions, ids, strict=True):
            if eid and _GROUP[m.type] == "O" and not _ACRONYM.match(m.text) and len(m.text.split()) >= 2:
                by_initials.setdefault(_initials(m.text), eid)
        for m, eid in zip(mentions, ids, strict=True):
            if not eid or _GROUP[m.type] != "O" or not _ACRONYM.match(m.text):
                continue
            target = by_initials.get(m.text.replace("&", ""))
            if target and target != eid and state.is_new_only_for(eid, m.text):
                _fold(state, ids, eid, target, m.text, "acronym", 0.9)


def _korean_place(entry: AliasEntry) -> bool:
    """A dictionary entry for South Korea or a place in it (its bodies are the dictionary's)."""
    return entry.type is EntityType.PLACE and (entry.id.startswith("kr-") or entry.id == "country:KR")


def _fold(
    state: _DocState,
    ids: list[str | None],
    old: str,
    new: str,
    surface: str,
    reason: str,
    score: float,
    extra_text: str = "",
) -> None:
    """An entity made new by this document turns out to be ``new`` (the text says so): it is
    dropped, its name attached to ``new``, and every mention that pointed at it re-pointed."""
    state.drop(old)
    state.attach(new, surface, reason, score, extra_text=extra_text)
    for j, other in enumerate(ids):
        if other == old:
            ids[j] = new


def _alias_target(mentions: Sequence[Mention], index: int) -> int | None:
    """The mention that ``alias_of`` points at, when the link is credible: same type group,
    same sentence, written before the alias ("신세계그룹(이마트)"). Anything else is ignored
    rather than trusted, since a wrong link merges two entities."""
    m = mentions[index]
    target = m.attributes.get("alias_of")
    if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target < len(mentions) or target == index:
        return None
    t = mentions[target]
    if _GROUP[t.type] != _GROUP[m.type] or t.sentence_start != m.sentence_start or t.start >= m.start:
        return None
    return target


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
        self.sentence_orgs: dict[int, list[int]] = {}  # sentence start -> indexes of O-group mentions

    def ids_for(self, key: str) -> list[str]:
        ids = set(self.found.get(key, ())) | self.local.get(key, set())
        ids -= self.dropped
        return sorted(ids, key=lambda e: (-self.mention_count(e), e))

    def entity(self, entity_id: str) -> Entity | None:
        w = self.working.get(entity_id)
        return w.entity if w is not None else self.stored.get(entity_id)

    def dictionary_id_of(self, entity_id: str) -> str:
        e = self.entity(entity_id)
        value = e.attributes.get("dictionary_id", "") if e is not None else ""
        return str(value)

    def group_of(self, entity_id: str) -> str:
        e = self.entity(entity_id)
        return _GROUP[e.type] if e is not None else ""

    def mention_count(self, entity_id: str) -> int:
        e = self.stored.get(entity_id)
        return e.mention_count if e is not None else 0

    def affiliations(self, entity_id: str) -> set[str]:
        """The organisations a stored person is known to work for, lead, chair or have founded.
        Only organisations: the sentence side of the comparison (``_sentence_orgs``) holds only
        organisations, and a minister's country (LEADER_OF/WORKS_FOR a place) is no reason to
        keep them apart from their name in a sentence that names some body."""
        if entity_id not in self._affiliations:
            if entity_id in self.stored:
                rels = self.store.relations_of(entity_id, direction="out", types=_AFFILIATIONS)
                targets = sorted({r.target for r in rels})
                self._affiliations[entity_id] = {
                    e.id for e in (self.entity(t) or self.store.get_entity(t) for t in targets)
                    if e is not None and _GROUP[e.type] == "O"
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

    def ensure(
        self, entity_id: str, type: EntityType, text: str, entry: AliasEntry | None, index: bool = True
    ) -> _Working:
        w = self.working.get(entity_id)
        if w is None:
            base = self.stored.get(entity_id)
            if base is not None:
                w = _Working(
                    base.model_copy(deep=True),
                    is_new=False,
                    original_aliases=tuple(base.aliases),
                    original_keys=tuple(base.keys),
                    original_attributes=dict(base.attributes),
                )
            else:
                hangul = has_hangul(text)
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
            w.indexed = index
            self.working[entity_id] = w
        if entry is not None and not w.dictionary_id:
            w.dictionary_id = entry.id
            w.names_from_dictionary = not w.entity.attributes.get("dictionary_id")
            self._apply_entry(w, entry)
        return w

    @staticmethod
    def output(w: _Working) -> Entity | None:
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
        if has_hangul(name) and not e.name_ko:
            e.name_ko = name
        if not has_hangul(name) and not e.name_en:
            e.name_en = name
        keys = blocking_keys(name, e.type) if w.indexed else ()
        if w.indexed and e.attributes.get(TYPE_FROM_MODEL):
            keys = (*keys, *_model_typed_keys(name, e.type))
        for key in keys:
            if key not in e.keys:
                e.keys.append(key)
            self.local.setdefault(key, set()).add(e.id)
        w.added.append(name)
        return True

    def add_keys(self, entity_id: str | None, keys: Sequence[str]) -> None:
        w = self.working.get(entity_id) if entity_id else None
        if w is None or not w.indexed:
            return
        for key in keys:
            if key not in w.entity.keys:
                w.entity.keys.append(key)
            self.local.setdefault(key, set()).add(w.entity.id)

    def confirm_type(self, entity_id: str | None, m: Mention) -> None:
        """A mention typed with evidence settles the type of an entity whose type only a model
        gave: it confirms it, or corrects it when the mention is of another group ("Federer"
        stored as a company by spaCy's word alone becomes a person when 페더러 with a title
        joins it). The stores take the new type (``schema.types.may_retype``); the entity's
        names gain the keys of the new type."""
        w = self.working.get(entity_id) if entity_id else None
        if w is None or not w.entity.attributes.get(TYPE_FROM_MODEL) or _type_uncertain(m):
            return
        e = w.entity
        e.attributes[TYPE_FROM_MODEL] = False
        if _GROUP[m.type] == _GROUP[e.type]:
            return
        e.attributes["retyped_from"] = e.type.value
        e.type = m.type
        for name in e.aliases if w.indexed else []:
            for key in blocking_keys(name, e.type):
                if key not in e.keys:
                    e.keys.append(key)
                self.local.setdefault(key, set()).add(e.id)

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

    def _recorded_aliases(self, w: _Working) -> set[str]:
        if w.is_new:
            return set()
        if w.recorded is None:
            w.recorded = {r.alias for r in self.store.merges_of(w.entity.id)}
        return w.recorded

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
