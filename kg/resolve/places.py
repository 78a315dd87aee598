"""Place names as the resolver reads them: administrative suffixes ("수원시" = "수원"), the
container Korean news writes before a place ("캐나다 토론토" is Toronto), and names built of
a compass word or a mission and a place the dictionary knows (남태평양 = South Pacific,
독일 대사관 = German Embassy), which meet across languages by one composite key.

Example::

    >>> place_names("포항시남구")
    ['포항시남구', '남구', '포항시남', '남']
    >>> composite_key("East Germany") == composite_key("동독") == "east|country:DE"
    True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from schema.aliases import AliasDictionary, AliasEntry, load_dictionary
from schema.text import has_hangul
from schema.translit import FACILITY_ENDINGS, place_stem
from schema.types import TYPE_GROUP, EntityType

__all__ = [
    "composite_key",
    "innermost_place",
    "korean_place",
    "org_after_places",
    "place_names",
    "same_place_stem",
]

_GENERIC_PLACE_WORDS = {"공화국", "왕국", "연방", "제도", "섬", "지역", "일대", "인근", "지방", "특별행정구", "자치구"}
# a country's mission abroad: "독일 대사관", "주한 미국대사관" / "German Embassy", "Embassy of Japan"
_MISSIONS_KO = {"대사관": "embassy", "총영사관": "consulate", "영사관": "consulate"}
# "독일 대사관" is Germany's embassy, not a place called 대사관 in Germany
_GENERIC_PLACE_WORDS |= set(_MISSIONS_KO)
# a lone word that closes the name of a containing place ("콜로라도 주 볼더", "광둥 성 선전")
_CONTAINER_WORDS = {"주", "성", "도", "현", "시", "군", "구"}
_COMPASS_WORDS = {"동부", "서부", "남부", "북부", "중부", "남동부", "남서부", "북동부", "북서부", "중서부"}
_COMPASS_WORDS |= {"동남부", "서남부", "동북부", "서북부"}

_CITY_DISTRICT = re.compile(r"^([\uac00-\ud7a3]{1,4}시)([\uac00-\ud7a3]{1,4}[구군])$")


def place_names(name: str) -> list[str]:
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


def same_place_stem(a: str, b: str) -> bool:
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


def korean_place(entry: AliasEntry) -> bool:
    """A dictionary entry for South Korea or a place in it (its bodies are the dictionary's)."""
    return entry.type is EntityType.PLACE and (entry.id.startswith("kr-") or entry.id == "country:KR")


def org_after_places(dictionary: AliasDictionary, text: str) -> str:
    """Korean places written before a body the dictionary has ("서울 외교통상부" is 외교통상부,
    the ministry in Seoul); the name as written otherwise (another country's body of the same
    name is another body)."""
    words = text.split()
    for k in range(1, len(words)):
        if not any(korean_place(e) for e in dictionary.lookup(words[k - 1])):
            break  # "미 국방부" is the U.S. Department of Defense, not Korea's 국방부
        rest = " ".join(words[k:])
        if any(TYPE_GROUP[e.type] == "O" for e in dictionary.lookup(rest)):
            return rest
    return text


def innermost_place(dictionary: AliasDictionary, text: str) -> str:
    """Korean news names a place with its container: "캐나다 토론토", "콜로라도 주 볼더",
    "인도 서부 아흐메다바드". The place meant is the last one; leading known places (a
    dictionary place, or words closed by a lone 주/성/도/현), compass words and a trailing
    compass word are left out. A name the dictionary knows whole is kept whole."""
    if dictionary.lookup(text):
        return text
    words = text.split()
    if len(words) > 1 and words[-1] in _CONTAINER_WORDS:
        words = words[:-1]  # "뉴욕 주", "산시 성": the place, its suffix written apart
    while len(words) > 1 and words[-1] in _COMPASS_WORDS:
        words = words[:-1]  # "레바논 북동부": a part of Lebanon, filed under Lebanon
    cut = 0
    for k, word in enumerate(words[:-1]):
        known_place = cut == k and any(e.type is EntityType.PLACE for e in dictionary.lookup(word))
        if word in _CONTAINER_WORDS or word in _COMPASS_WORDS or known_place:
            cut = k + 1
    rest = words[cut:]
    if not rest or rest[-1] in _GENERIC_PLACE_WORDS or rest[-1].endswith(FACILITY_ENDINGS):
        # "남아프리카 공화국", "쿡 제도": the last word is no place of its own; "마닐라
        # 국제공항" is the airport (one per city), not a place called 국제공항
        return text
    return " ".join(rest)


# -- composite names: compass word or mission + a place the dictionary knows --------------------

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
_DEMONYMS_FILE = Path(__file__).resolve().parents[2] / "extractors" / "en" / "lexicons" / "demonyms.tsv"


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


def _korean_composite(text: str) -> str:
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


def _english_composite(text: str) -> str:
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


@lru_cache(maxsize=131072)
def composite_key(name: str) -> str:
    """A key for places named by a compass word or a mission before a place the dictionary
    knows, the same in both languages: 남태평양 / South Pacific = ``south|region-pacific``, 동독 /
    East Germany = ``east|country:DE``, 독일 대사관 / German Embassy / Embassy of Germany =
    ``embassy|country:DE``. Empty for anything else, and for names the dictionary knows whole."""
    text = " ".join(name.split())
    if not text or load_dictionary().lookup(text):
        return ""
    return _korean_composite(text) if has_hangul(text) else _english_composite(text)
