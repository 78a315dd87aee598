"""Spelling: the Latin renderings a name is compared by, the other ways Korean reads a
Latin-script name (``FOREIGN_READINGS``, a table of named rules), and the predicates that say
two written forms are one name (spelling variants, middle initials, acronyms, word-by-word
agreement of foreign personal names).

To add a reading, append a ``Reading`` to ``FOREIGN_READINGS`` (its place in the table is the
order of the keys it adds) with the entity types it applies to, and a test in
tests/unit/resolve/test_spelling.py.

Example::

    >>> foreign_readings("Karadzic", EntityType.PERSON)
    ['Karajich']
    >>> foreign_readings("Michael Schumacher", EntityType.PERSON)
    ['Mihael Schumaher', 'Mishael Sshumasher', 'Mikael Skumaker', 'Schumacher Michael']
    >>> latin_spelling_variants("Dmitry Medvedev", "Dimitry Medvedev")
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from schema.aliases import dictionary_key
from schema.text import has_hangul
from schema.translit import fine_form, latin_renderings, org_stem, romanize, similarity, skeleton, split_korean_name
from schema.types import TYPE_GROUP, EntityType

from .places import place_names

__all__ = [
    "ACRONYM",
    "FOREIGN_READINGS",
    "MIN_OPEN_WORD_REST",
    "MIN_SAME_RENDERING",
    "ROMAN",
    "Reading",
    "abbreviates",
    "foreign_readings",
    "hangul_spelling_variants",
    "initials",
    "latin_spelling_variants",
    "letters",
    "renderings",
    "same_but_initials",
    "short_form",
    "word_agreement",
    "word_skeletons",
]

ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")
# a name with too few consonants for a phonetic key meets only an identical romanisation of at
# least this many letters
MIN_SAME_RENDERING = 4
_MIN_WORD_SKELETON = 4  # consonant classes over all words; fewer agree by chance
MIN_OPEN_WORD_REST = 3  # consonant classes the other words must have when one is left open


_NOT_LETTER = re.compile(r"[^0-9a-z]")


def letters(text: str) -> str:
    """Lower-case letters and digits only, "gh" read as "g"."""
    return _NOT_LETTER.sub("", text.lower().replace("gh", "g"))


def initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z]*", name)
    return "".join(w[0].upper() for w in words)


def short_form(rendering: str) -> str:
    """The sound of a name with one consonant (class), vowels included ("aHo" for yahoo and
    yahu, "LoLa" for laura and rora), when it has four letters or more and a vowel; else ""."""
    if len(letters(rendering)) < MIN_SAME_RENDERING:
        return ""
    form = fine_form(rendering)
    return form if any(c.islower() for c in form) else ""


# -- other readings of Latin-script names --------------------------------------------------------

# regnal numbers: "John Paul II" = "존 폴 2세"
_ROMAN_NUMERALS = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI XXII XXIII"
ROMAN = {r: i + 1 for i, r in enumerate(_ROMAN_NUMERALS.split(" "))}
_KOREAN_REGNAL = re.compile(r"(?<=\s\d)세$|(?<=\s\d\d)세$")

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


def _as(pattern: re.Pattern[str], sound: str) -> Callable[[str], str]:
    """The letters ``pattern`` finds (a ch, the f of fu) written ``sound`` (capitalised where
    they were)."""

    def read(name: str) -> str:
        return pattern.sub(lambda m: sound.capitalize() if m.group()[0].isupper() else sound, name)

    return read


def _sub(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]) -> Callable[[str], str]:
    def read(name: str) -> str:
        return pattern.sub(replacement, name)

    return read


def _german(name: str) -> str:
    """German ch after a vowel as ㅎ (Schumacher = 슈마허, Dietrich = 디트리히, Bach = 바흐) and
    w as v (Frank-Walter = 프랑크 발터)."""
    german = _GERMAN_W.sub(lambda w: "V" if w.group() == "W" else "v", _GERMAN_CH_VOWEL.sub("h", name))
    german = _GERMAN_CH_FINAL_I.sub("hi", german)
    return _GERMAN_CH_FINAL.sub("h", german)


def _slavic(name: str) -> str:
    """A Slavic surname as Korean writes it: dz/dž/dj is ㅈ and a final -ić/-ic is 치 (Karadzic =
    카라지치, Mladic = 믈라디치, Djokovic = 조코비치). English spelling reads final c hard, so this
    is an extra reading of personal names only (Atlantic, Electric keep theirs)."""
    return _SLAVIC_IC.sub("ich", _SLAVIC_DZ.sub("j", name))


def _family_name_first(name: str) -> str:
    """A two-word name in the other order, as Korean writes Japanese and Chinese names family
    name first (Hideo Nomo = 노모 히데오, Shoji Nakajima = 나카지마 쇼지)."""
    words = name.split()
    return f"{words[1]} {words[0]}" if len(words) == 2 else name


def _regnal_digits(name: str) -> str:
    """A regnal number in Roman numerals as digits (Benedict XVI = 베네딕토 16세, read 베네딕토 16)."""
    words = name.split()
    if len(words) >= 2 and words[-1] in ROMAN:
        return " ".join([*words[:-1], str(ROMAN[words[-1]])])
    return name


_ALL = frozenset(EntityType)
_PEOPLE_AND_PLACES = frozenset({EntityType.PERSON, EntityType.PLACE})
_PEOPLE = frozenset({EntityType.PERSON})


@dataclass(frozen=True)
class Reading:
    """One other way Korean reads a Latin-script name than English spelling suggests: ``read``
    gives the name so read (the name itself where the rule says nothing), for names of
    ``types``."""

    name: str
    read: Callable[[str], str]
    types: frozenset[EntityType] = _ALL


# in this order (the order of the keys they add); every reading is extra, never instead of the
# English one
FOREIGN_READINGS: tuple[Reading, ...] = (
    # th inside a word as t, as in most languages but English (Bethlehem = 베들레헴, Rajasthan =
    # 라자스탄, Gotham = 고담, Luther = 루터)
    Reading("inner th", _sub(_INNER_TH, "t")),
    # a final s after a vowel or a voiced consonant as 즈, which Korean writes as often as 스
    # (Times = 타임즈, Williams = 윌리엄즈)
    Reading("voiced final s", _sub(_VOICED_FINAL_S, "ze")),
    Reading("St./Mt./Ft. spelled out", _sub(_ABBREVIATED_WORD, _spelled_out)),
    Reading("final ts", _sub(_FINAL_TS, "ch")),
    Reading("aw as o", _sub(_AW, "o")),
    Reading("s before n voiced", _sub(_VOICED_S_BEFORE_N, "z")),
    Reading("German ch and w", _german, _PEOPLE_AND_PLACES),
    # Valdez = 발데즈, which English spelling rules read 스 like Sanchez = 산체스
    Reading("final z after a vowel", _sub(_FINAL_VOWEL_Z, "ze"), _PEOPLE_AND_PLACES),
    # Michel = 미셸, Chirac = 시라크, Chicago = 시카고
    Reading("French ch", _as(_FRENCH_CH, "sh"), _PEOPLE_AND_PLACES),
    Reading("s between vowels voiced", _sub(_VOICED_S, "z"), _PEOPLE_AND_PLACES),  # Rosenberg = 로젠버그
    Reading("Japanese fu", _as(_JAPANESE_FU, "h"), _PEOPLE_AND_PLACES),
    Reading("Spanish j", _as(_SPANISH_J, "h"), _PEOPLE_AND_PLACES),
    Reading("Slavic dz and -ić", _slavic, _PEOPLE),
    Reading("Greek ch", _as(_GREEK_CH, "k"), _PEOPLE),  # Michael = 마이클
    Reading("family name first", _family_name_first, _PEOPLE),
    Reading("regnal number", _regnal_digits, _PEOPLE),
)


def foreign_readings(name: str, type: EntityType) -> list[str]:
    """The readings of ``FOREIGN_READINGS`` that apply to a name of this type and change it,
    in table order, without repeats."""
    out = [reading.read(name) for reading in FOREIGN_READINGS if type in reading.types]
    return [r for r in dict.fromkeys(out) if r != name]


@lru_cache(maxsize=131072)
def renderings(name: str, type: EntityType) -> tuple[str, ...]:
    """The Latin renderings a name is compared by: of the name, of a place's stems, of an
    organisation name without its descriptive word, of the other readings of a Latin name."""
    names = place_names(name) if type is EntityType.PLACE else [name]
    if TYPE_GROUP[type] == "O" and org_stem(name) != name:
        names.append(org_stem(name))  # 콴타스항공 also as 콴타스 (= Qantas)
    if not has_hangul(name):
        for n in list(names):
            names.extend(r for r in foreign_readings(n, type) if r not in names)
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


# -- one name written two ways -------------------------------------------------------------------


def abbreviates(short: str, full: str) -> bool:
    """True when ``short`` is an acronym of ``full`` (IOC of International Olympic Committee):
    an entity named 국제올림픽위원회 and IOC still has only one full Latin name."""
    return bool(ACRONYM.match(short)) and len(full.split()) >= 2 and initials(full) == short.replace("&", "")


def same_but_initials(a: str, b: str) -> bool:
    """Two forms of one personal name that differ only by a middle initial ("조지 W. 부시" /
    "조지 부시", "George W. Bush" / "George Bush")."""

    def bare(name: str) -> str:
        words = name.split()
        if len(words) >= 3:
            words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
        return dictionary_key(" ".join(words))

    return a != b and bare(a) == bare(b)


def hangul_spelling_variants(a: str, b: str) -> bool:
    """Two Hangul spellings of one foreign name (맥케인 / 매케인, 버냉키 / 버넹키): the same sound
    once romanised. Korean names are never variants of each other (김민수 is not 김민서)."""
    if not (has_hangul(a) and has_hangul(b)) or split_korean_name(a) or split_korean_name(b):
        return False
    ra, rb = romanize(a.replace(" ", "")), romanize(b.replace(" ", ""))
    return skeleton(ra) == skeleton(rb) and fine_form(ra) == fine_form(rb)


def latin_spelling_variants(a: str, b: str) -> bool:
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


@lru_cache(maxsize=65536)
def word_skeletons(name: str) -> tuple[str, ...] | None:
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


def _edit_distance(a: str, b: str) -> int:
    return round((1.0 - similarity(a, b)) * max(len(a), len(b)))


def word_agreement(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> float:
    """How well two foreign personal names agree word by word (see ``word_skeletons``): 0.86
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
    if agreeing < MIN_OPEN_WORD_REST or min(len(x), len(y)) < 3 or _edit_distance(x, y) > 1:
        return 0.0
    return 0.84
