"""Hangul romanisation and phonetic keys, so names in different scripts can meet.

Three tools, all pure functions without models:

* ``romanize`` - Revised Romanisation (RR) with the sound changes official place names use
  (종로 -> Jongno, 강릉 -> Gangneung, 신라 -> Silla), or letter by letter (``assimilate=False``).
* ``skeleton`` - a phonetic consonant key of a Latin string, built to survive the way Korean
  borrows English words: vowels dropped, voiced/voiceless pairs merged (b/p/f/v, d/t, g/k/c/q),
  j/z/ch merged, r dropped before a consonant (Interflex -> 인터플렉스), doubled consonants
  collapsed. ``skeleton(romanize("아마존")) == skeleton("Amazon")``.
* ``latin_renderings`` / ``person_keys`` - every Latin form a Korean name may take: translated
  name parts (전자 -> Electronics), spelled-out Latin letters (티에스 -> TS), corporate forms
  removed (``schema.corporate_forms``), and the surname variants people actually use (박 -> Park/Bak/Pak).

Example::

    >>> romanize("박정호")
    'bakjeongho'
    >>> skeleton("Coupang") == skeleton(romanize("쿠팡"))
    True

The tables (surname variants, name parts, corporate forms, letter names) are data files in
``schema/aliases/data/`` so they can be reviewed and extended without touching code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from schema.corporate_forms import strip_corporate_form
from schema.data_tables import read_tsv
from schema.text import has_hangul

__all__ = [
    "FACILITY_ENDINGS",
    "HANJA_ADMIN_SUFFIXES",
    "fine_form",
    "has_latin",
    "latin_renderings",
    "person_keys",
    "phonetic_form",
    "place_stem",
    "romanize",
    "romanize_name",
    "similarity",
    "skeleton",
    "spelled_renderings",
    "split_korean_name",
    "surname_variants",
]

# the endings that make a place's name the name of a facility there ("마닐라 국제공항",
# "프랑크푸르트공항", "타흐리르 광장"): the facility is its own place, named after the city;
# longest first, so that a glued name is cut before 국제공항
FACILITY_ENDINGS = ("국제공항", "공항", "터미널", "광장", "대교", "공원")
# administrative suffixes in the Hanja of older news ("오레곤州", "광조우市") and their Hangul
HANJA_ADMIN_SUFFIXES = {"州": "주", "市": "시", "省": "성", "縣": "현", "郡": "군"}

# RR tables indexed by the jamo positions of the Unicode Hangul syllable block.
_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIALS = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
]  # fmt: skip
# Final consonants: (sound before a consonant or at the end, sound carried over to a following
# silent ㅇ). Index 0 is "no final".
_FINALS: list[tuple[str, str]] = [
    ("", ""), ("k", "g"), ("k", "kk"), ("k", "ks"), ("n", "n"), ("n", "nj"), ("n", "n"),
    ("t", "d"), ("l", "r"), ("k", "lg"), ("m", "lm"), ("l", "lb"), ("l", "ls"), ("l", "lt"),
    ("p", "lp"), ("l", "r"), ("m", "m"), ("p", "b"), ("p", "ps"), ("t", "s"), ("t", "ss"),
    ("ng", "ng"), ("t", "j"), ("t", "ch"), ("k", "k"), ("t", "t"), ("p", "p"), ("t", ""),
]  # fmt: skip
_VOWEL_DIGRAPHS = {"eu", "eo", "ae", "oe", "ui", "ai", "ao", "ou"}
_K_FINALS = {1, 2, 3, 9, 24}
_T_FINALS = {7, 19, 20, 22, 23, 25, 27}
_P_FINALS = {14, 17, 18, 26}
_N_FINALS = {4, 5, 6}
_L_FINALS = {8, 11, 12, 13, 15}
_I_N, _I_R, _I_M, _I_SILENT = 2, 5, 6, 11
_F_NG, _F_M = 21, 16


def has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def _syllables(text: str) -> list[tuple[int, int, int] | str]:
    out: list[tuple[int, int, int] | str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append((code // 588, (code % 588) // 28, code % 28))
        else:
            out.append(ch)
    return out


Syllable = tuple[int, int, int]  # (initial, medial, final) indexes of a Hangul syllable


@lru_cache(maxsize=65536)
def romanize(text: str, assimilate: bool = True, separate: bool = False) -> str:
    """Revised Romanisation of the Hangul in ``text`` (other characters kept, lower case).

    With ``assimilate`` the sound changes RR writes are applied (nasalisation, ㄹ-assimilation,
    liaison); without it every syllable is romanised on its own, as people write given names
    (정호 -> jeongho either way; 종로 -> jongno / jongro).
    """
    text = unicodedata.normalize("NFC", text)
    sy = _syllables(text)
    out: list[str] = []
    for i, s in enumerate(sy):
        if isinstance(s, str):
            out.append(s.lower())
            continue
        ini, med, fin = s
        prev = sy[i - 1] if i > 0 else None
        nxt = sy[i + 1] if i + 1 < len(sy) else None
        if separate and _vowels_would_join(prev, ini, med):
            out.append("-")  # 제우스 je-useu: two syllables, not the vowel "eu"
        init = _initial_sound(ini, prev[2]) if isinstance(prev, tuple) and assimilate else _INITIALS[ini]
        out.append(init + _MEDIALS[med] + _final_sound(fin, nxt, assimilate))
    return "".join(out)


def _vowels_would_join(prev: Syllable | str | None, ini: int, med: int) -> bool:
    """Whether a vowel-initial syllable after an open one would read as one vowel with it."""
    return (
        ini == _I_SILENT
        and isinstance(prev, tuple)
        and prev[2] == 0
        and _MEDIALS[prev[1]][-1] + _MEDIALS[med][0] in _VOWEL_DIGRAPHS
    )


def _initial_sound(ini: int, pfin: int) -> str:
    """The initial ``ini`` after a syllable whose final is ``pfin`` (with the sound changes)."""
    if ini == _I_SILENT:
        return ""  # the previous final was carried over (see _final_sound)
    if ini == _I_R:
        if pfin in _L_FINALS or pfin in _N_FINALS:
            return "l"
        return "n" if pfin else "r"
    if ini == _I_N and pfin in _L_FINALS:
        return "l"
    return _INITIALS[ini]


def _final_sound(fin: int, nxt: Syllable | str | None, assimilate: bool) -> str:
    """The final ``fin`` before the syllable ``nxt`` (with the sound changes when ``assimilate``)."""
    if fin == 0:
        return ""
    if isinstance(nxt, tuple) and assimilate:
        return _assimilated_final(fin, nxt[0])
    if isinstance(nxt, tuple) and nxt[0] == _I_SILENT and not assimilate:
        return _FINALS[fin][0] if fin != 8 else "l"
    return _FINALS[fin][0]


def _assimilated_final(fin: int, nini: int) -> str:
    """The final ``fin`` before the initial ``nini``: liaison, nasalisation, ㄹ-assimilation."""
    if nini == _I_SILENT:
        return _FINALS[fin][1]
    if nini in (_I_N, _I_M) or (nini == _I_R and fin not in _L_FINALS and fin not in _N_FINALS):
        if fin in _K_FINALS:
            return "ng"
        if fin in _T_FINALS:
            return "n"
        if fin in _P_FINALS:
            return "m"
        if fin in _L_FINALS and nini == _I_N:
            return "l"
        return _FINALS[fin][0]
    if nini == _I_R and fin in _N_FINALS:
        return "l"
    return _FINALS[fin][0]


# -- data tables -----------------------------------------------------------------------------


@cache
def _surnames() -> dict[str, list[str]]:
    """Hangul surname -> romanisations (first = most common)."""
    return {row[0]: [v.lower() for v in row[1].split("|")] for row in read_tsv("surnames.tsv")}


@cache
def _surname_lookup() -> dict[str, list[str]]:
    """Romanised surname -> Hangul surnames it may stand for."""
    out: dict[str, list[str]] = {}
    for ko, variants in _surnames().items():
        for v in variants:
            out.setdefault(v, []).append(ko)
    return out


def is_romanised_korean_surname(word: str) -> bool:
    """True for a Latin word that romanises a Korean surname (Lee, Kim, Park, Choe...)."""
    return word.lower() in _surname_lookup()


@cache
def _name_parts() -> list[tuple[str, list[str]]]:
    """Korean name part -> English translations, longest Korean first."""
    rows = [(r[0], [v for v in r[1].split("|") if v]) for r in read_tsv("name_parts.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def _name_parts_by_first() -> dict[str, list[tuple[str, list[str]]]]:
    """Name parts by first syllable, longest first (a lookup per position, not a scan)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for ko, ens in _name_parts():
        out.setdefault(ko[0], []).append((ko, ens))
    return out


@cache
def _letter_names() -> dict[str, str]:
    """Latin letter -> its Korean name (T -> 티)."""
    return {r[0].upper(): r[1] for r in read_tsv("letter_names.tsv")}


@cache
def _letter_names_by_hangul() -> list[tuple[str, str]]:
    rows = [(ko, en) for en, ko in _letter_names().items()]
    return sorted(rows, key=lambda r: -len(r[0]))


# -- phonetic keys -----------------------------------------------------------------------------

_VOWELS = set("aeiouy")
# Ordered digraph rewrites applied before the letter classes (English spelling -> sound).
_DIGRAPHS = [
    ("tch", "J"), ("sch", "S"), ("tion", "SN"), ("sion", "SN"), ("ck", "G"), ("ph", "B"),
    ("sh", "S"), ("ch", "J"), ("dg", "J"), ("tz", "J"), ("ts", "J"), ("kh", "G"), ("gh", "G"),
    ("qu", "G"), ("wh", "W"), ("ng", "NG"), ("x", "GS"), ("zh", "J"),
]  # fmt: skip
_FINAL_I = {"sh", "tch", "ch"}
_DIGRAPHS_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _src, _dst in _DIGRAPHS:
    _DIGRAPHS_BY_FIRST.setdefault(_src[0], []).append((_src, _dst))
_CLASSES = {
    "b": "B", "p": "B", "f": "B", "v": "B",
    "d": "D", "t": "D",
    "g": "G", "k": "G", "q": "G",
    "j": "J", "z": "J",
    "s": "S",
    "m": "M", "n": "N", "l": "L", "r": "L",
}  # fmt: skip


# a letter written twice or more counts once; words of letters or digits; RR's a-i / e-i hyphen
_REPEATED = re.compile(r"([A-Za-z])\1+")
_PHONETIC_WORD = re.compile(r"[a-z]+|[0-9]+")
_SILENT_HYPHEN = re.compile(r"(?<=[ae])-(?=i)")


@lru_cache(maxsize=131072)
def skeleton(latin: str) -> str:
    """Phonetic consonant key of a Latin string (see module docstring). Non-letters separate
    words; the key has none."""
    return _REPEATED.sub(r"\1", _phonetic(latin).replace("a", ""))


@lru_cache(maxsize=131072)
def phonetic_form(latin: str) -> str:
    """The skeleton with each vowel group kept as ``a`` (Korean's inserted ㅡ "eu" dropped, as
    in 스/트/크 for English s/t/k): for scoring candidates that share a skeleton."""
    return _REPEATED.sub(r"\1", _phonetic(latin))


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "o", "u": "o"}


def _phonetic(latin: str, vowel_classes: bool = False) -> str:
    text = latin.lower()
    if not text.isascii():  # accents off (ASCII has none to take off)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # RR's hyphen in a-i / e-i marks no pause: 라이스 ra-iseu sounds "raiseu" (Rice), 마이크로
    # ma-ikeuro "maikeuro" (micro), 데이 de-i "dei" (day); other vowel pairs stay apart
    # (루이스 ru-iseu is Lewis, not Rice)
    if "-" in text:
        text = _SILENT_HYPHEN.sub("", text)
    return "".join([_phonetic_word(word, vowel_classes) for word in _PHONETIC_WORD.findall(text)])


@lru_cache(maxsize=131072)
def _phonetic_word(word: str, vowel_classes: bool) -> str:
    """The classes of one word (a word is read on its own; names share many words)."""
    if word.isdigit():
        # numbers tell apart 교보5호 and 교보6호 (SPACs, funds): they stay in the key
        return word
    out: list[str] = []
    i = _word_start(word, out, vowel_classes)
    while i < len(word):
        ch = word[i]
        if ch in _VOWELS or ch == "w":
            i = _vowel_group(word, i, out, vowel_classes)
            continue
        skipped = _unsounded_consonant(word, i, out)
        i = skipped if skipped is not None else _sounded_consonant(word, i, out, vowel_classes)
    return "".join(out)


def _word_start(word: str, out: list[str], vowel_classes: bool) -> int:
    """Classes for a word's first letter when its spelling is foreign (pinyin x/q, Scottish Mc);
    the index to go on from."""
    n = len(word)
    if n > 2 and word[0] in "xq" and word[1] == "i":
        # Chinese pinyin: x is Korean ㅅ, q is ㅊ (Xinjiang = 신장, Qingdao = 칭다오); an
        # English word hardly starts so
        out.append("S" if word[0] == "x" else "J")
        return 1
    if word.startswith("mc") and n > 3 and word[2] not in _VOWELS:
        # Scottish Mc is sounded with a vowel, and Korean writes it 매/맥: McCain = 매케인,
        # McDonald = 맥도날드
        out.append("M" + ("i" if vowel_classes else "a"))
        return 1
    return 0


def _vowel_group(word: str, i: int, out: list[str], vowel_classes: bool) -> int:
    """The class of the vowel group (vowels and w) starting at ``i``; the index after it."""
    n = len(word)
    j = i
    while j < n and (word[j] in _VOWELS or word[j] == "w"):
        j += 1
    group = word[i:j]
    # Korean's inserted ㅡ (eu) and English's silent final e carry no sound; nor
    # does the o of a final -son/-xon, which Korean writes 슨 (Dixon = 딕슨,
    # Wilson = 윌슨, Jackson = 잭슨)
    silent = (
        group == "eu"
        # 쉬 for sh before a consonant, as older news writes it (바쉬렌 Bashren,
        # 아쉬켈론 Ashkelon): the w-i is no vowel of the name
        or (group == "wi" and i > 0 and word[i - 1] == "s" and j < n and word[j] not in _VOWELS)
        or (group == "e" and j == n and i > 1)
        or (group == "o" and j == n - 1 and word[j] == "n" and i > 1 and word[i - 1] in "sx")
    )
    vowels = group.replace("w", "")
    if not silent and vowels:
        if vowel_classes and vowels[-1] == "e" and j == n - 1 and word[j] == "r":
            # English final -er is Korean 어 (eo): Miller = 밀러, Kiefer = 키퍼
            out.append("o")
        else:
            out.append(_VOWEL_CLASS[vowels[-1]] if vowel_classes else "a")
    return j


def _unsounded_consonant(word: str, i: int, out: list[str]) -> int | None:
    """A consonant at ``i`` that one of the spellings leaves unsounded (or h, sounded only
    before a vowel): the index after it, else None."""
    n = len(word)
    ch = word[i]
    if ch == "l" and word.startswith("lk", i) and i > 0 and word[i - 1] in "ao":
        # silent l of walk/talk/folk: Walker = 워커
        return i + 1
    if ch == "h":
        # h counts only before a vowel or w (Ahn = 안, Oh = 오, but Han = 한, Hwaseong
        # = 화성 is not Uiseong), and not after a word-initial r, d, b or j (Rhodes =
        # 로도스, Dhabi = 다비, Bhutto = 부토, Jharkhand = 자르칸드)
        # Korean 흐 before a consonant writes an h English leaves unsounded (아흐메다바드
        # = Ahmedabad, 아흐마드 = Ahmad)
        heu = word.startswith("heu", i) and i > 0 and (i + 3 == n or word[i + 3] not in _VOWELS)
        if i + 1 < n and word[i + 1] in _VOWELS | {"w"} and not (i == 1 and word[0] in "rdbj") and not heu:
            out.append("H")
        return i + 1
    if word.startswith("reu", i) and i > 0 and word[i - 1] in _VOWELS and (i + 3 == n or word[i + 3] not in _VOWELS):
        # Korean 르 after a vowel stands for an r English spelling does not sound
        # (에르도간 = Erdogan, like 인터 = inter)
        return i + 3
    if (
        ch == "r"
        and i > 0
        and word[i - 1] in _VOWELS
        and (not (i + 1 < n and word[i + 1] in _VOWELS) or (i + 2 == n and word[i + 1] == "e"))
    ):
        # Korean drops r after a vowel before a consonant or at the end (Interflex ->
        # 인터플렉스), also before a silent final e (software = 소프트웨어, secure =
        # 시큐어, store = 스토어); keep it at word start
        return i + 1
    if ch == "t" and i > 0 and word[i - 1] == "s" and (word.startswith("tm", i) or word[i:] == "tle"):
        # silent t of -stm-/-stle: Christmas = 크리스마스, Newcastle = 뉴캐슬
        return i + 1
    return None


def _sounded_consonant(word: str, i: int, out: list[str], vowel_classes: bool) -> int:
    """The class of the consonant (or digraph) at ``i``; the index after it."""
    n = len(word)
    ch = word[i]
    if ch == "t" and word.startswith("th", i):
        out.append("D" if i == 0 else "S")
        return i + 2
    if word.startswith("ch", i) and (
        word.startswith("chem", i)
        or (i + 2 < n and word[i + 2] not in _VOWELS)
        or (i + 2 == n and word[max(0, i - 2) : i] == "te")
    ):
        # Greek ch is k: technology = 테크놀로지, chemical = 케미칼, (hi)tech = 텍
        out.append("G")
        return i + 2
    if ch == "g" and i + 1 < n and word[i + 1] in "eiy" and not word.startswith("eu", i + 1):
        # soft g: Genie = 지니, Biologics = 바이오로직스 (but 그 "geu" stays hard)
        out.append("J")
        if i + 2 == n and word[i + 1] == "e" and i > 0:
            # final -ge/-dge is Korean 지: George = 조지, Bridge = 브리지
            out.append("i" if vowel_classes else "a")
        return i + 1
    for src, dst in _DIGRAPHS_BY_FIRST.get(ch, ()):
        # "ng" before e/i is n + soft g (Angelina = 안젤리나)
        if word.startswith(src, i) and not (src == "ng" and i + 2 < n and word[i + 2] in "eiy"):
            out.append(dst)
            if i > 0 and ((i + len(src) == n and src in _FINAL_I) or (src == "dg" and word[i:] == "dge")):
                # final sh/ch/tch/dge is Korean 시/치/지 (Bush = 부시, Fitch = 피치,
                # Bridge = 브리지)
                out.append("i" if vowel_classes else "a")
            return i + len(src)
    if ch == "c":
        # soft c before e/i/y (Cisco = 시스코), hard otherwise (Coupang = 쿠팡)
        out.append("S" if i + 1 < n and word[i + 1] in "eiy" else "G")
    elif ch == "z" and i == n - 1 and n >= 4 and word[i - 1] in "aeu":
        # Spanish final -ez/-az/-uz is Korean 스: Sanchez = 산체스, Diaz = 디아스,
        # Cruz = 크루스; elsewhere z stays ㅈ (Amazon = 아마존, Biz = 비즈, Showbiz)
        out.append("S")
    else:
        out.append(_CLASSES.get(ch, ""))
    return i + 1


@lru_cache(maxsize=131072)
def fine_form(latin: str) -> str:
    """A vowel-aware form for scoring candidates that share a skeleton: the phonetic form with
    vowels in three classes (a; e/i/y; o/u), a vowel group counted by its last vowel (eo = o,
    ae = e, ay = y) so 현대 'hyeondae' meets 'Hyundai'."""
    return _REPEATED.sub(r"\1", _phonetic(latin, vowel_classes=True))


@lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    """0..1 similarity of two fine forms (Levenshtein ratio)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b))


# -- Korean name -> Latin renderings -----------------------------------------------------------

_MAX_RENDERINGS = 12


@cache
def _admin_suffixes() -> list[tuple[str, list[str]]]:
    rows = [(r[0], [v for v in r[1].split("|") if v]) for r in read_tsv("admin_suffixes.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def _admin_min_stem() -> dict[str, int]:
    """Suffix -> the fewest syllables that must remain (third column, default 1): 애리조나주 is
    Arizona, but 제주, 광주 and 경주 are whole names."""
    return {r[0]: int(r[2]) for r in read_tsv("admin_suffixes.tsv") if len(r) > 2 and r[2].strip()}


@cache
def _latin_admin_re() -> re.Pattern[str]:
    forms = {e.lstrip("-") for _, ens in _admin_suffixes() for e in ens}
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:[\s-]+(?:{alt}))+$", re.IGNORECASE)


@cache
def _org_descriptors() -> tuple[list[str], re.Pattern[str] | None]:
    rows = read_tsv("org_descriptors.tsv")
    ko = sorted((r[0] for r in rows if r[0]), key=len, reverse=True)
    en = {e.strip() for r in rows if len(r) > 1 for e in r[1].split("|") if e.strip()}
    alt = "|".join(re.escape(e) for e in sorted(en, key=len, reverse=True))
    return ko, (re.compile(rf"\s+(?:{alt})$", re.IGNORECASE) if alt else None)


def org_stem(name: str) -> str:
    """An organisation name without a trailing descriptive word that news adds or leaves out
    (``org_descriptors.tsv``): 콴타스항공 -> 콴타스, 애플사 -> 애플, Qantas Airways -> Qantas. The
    name itself when it has none or too little would remain."""
    text = name.strip()
    ko, en = _org_descriptors()
    if has_hangul(text):
        compact = "".join(text.split())
        for word in ko:
            if compact.endswith(word) and len(compact) - len(word) >= 2 and has_hangul(compact[: -len(word)]):
                return compact[: -len(word)]
        return text
    if en is None:
        return text
    stem = en.sub("", text).strip()
    return stem if stem and stem != text and len(stem) >= 2 else text


def place_stem(name: str) -> str:
    """A place name without its administrative suffix: 부산광역시 -> 부산, Gyeonggi-do ->
    Gyeonggi, Jung District -> Jung. Keeps at least one syllable/letter."""
    text = name.strip()
    if has_hangul(text):
        compact = "".join(text.split())
        for ko, _ in _admin_suffixes():
            if compact.endswith(ko) and len(compact) >= len(ko) + _admin_min_stem().get(ko, 1):
                return compact[: -len(ko)]
        return compact
    stem = _latin_admin_re().sub("", text).strip()
    return stem or text


def _hangul_run_options(run: str, spell: bool = True, whole: bool = True) -> list[list[str]]:
    """Per piece of a Hangul run, its alternative Latin renderings (first = preferred):
    translated name parts (전자 -> electronics) and romanised remainders."""
    options: list[list[str]] = []
    parts = _name_parts_by_first()
    pending = ""
    i = 0
    while i < len(run):
        for ko, ens in parts.get(run[i], ()):
            # a part only counts when something else remains (삼성전자 yes, 전자 alone no)
            if run.startswith(ko, i) and (len(ko) < len(run) or not whole):
                if pending:
                    options.append(_romanised_options(pending, spell))
                    pending = ""
                options.append([*(f" {e} " for e in ens), f" {romanize(ko)} "])
                i += len(ko)
                break
        else:
            pending += run[i]
            i += 1
    if pending:
        options.append(_romanised_options(pending, spell))
    return options


def _romanised_options(run: str, spell: bool = True) -> list[str]:
    """RR (with and without sound changes) and, when the run reads as spelled Latin letters
    (티에스 -> TS), the letters."""
    out = [romanize(run, separate=True)]
    plain = romanize(run, assimilate=False, separate=True)
    if plain != out[0]:
        out.append(plain)
    spelled = _spell_letters(run) if spell else ""
    if spelled:
        out.insert(0, f" {spelled.lower()} ")
    return out


def _spell_letters(run: str) -> str:
    """'티에스' -> 'TS' when the whole run is Korean letter names, else ''."""
    letters = _letter_names_by_hangul()
    i, out = 0, []
    while i < len(run):
        for ko, en in letters:
            if run.startswith(ko, i):
                out.append(en)
                i += len(ko)
                break
        else:
            return ""
    return "".join(out) if len(out) >= 2 else ""


def _linear_combos(options: list[list[str]], limit: int) -> list[str]:
    """The preferred choice everywhere, then one alternative at a time, then the last choice
    everywhere (usually plain romanisation): linear in the number of pieces, not exponential."""
    if not options:
        return [""]
    first = [opts[0] for opts in options]
    combos = ["".join(first)]
    for i, opts in enumerate(options):
        for alt in opts[1:]:
            combos.append("".join([*first[:i], alt, *first[i + 1 :]]))
    combos.append("".join(opts[-1] for opts in options))
    return list(dict.fromkeys(combos))[:limit]


_COUNTRY_PREFIXES = ("한국", "코리아")
_SPELLABLE = re.compile(r"^(?:[A-Z]{1,4}|[A-Z](?:&[A-Z])+)$")
_NUMBERED = re.compile(r"제?\s*(\d+)\s*호")
_ENGLISH_NUMBERED = re.compile(r"\bNo\.?\s*(?=\d)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _spelled(name: str) -> frozenset[str]:
    return frozenset(latin_renderings(name)) - frozenset(latin_renderings(name, spell=False))


def spelled_renderings(name: str) -> set[str]:
    """The renderings of ``name`` that read letters out (KMH -> keiemeichi, 티에스 -> ts):
    short and easily confused, so they must match letter for letter."""
    return set(_spelled(name))


def latin_renderings(name: str, spell: bool = True) -> list[str]:
    """Latin forms a name may take in English text (lower case, words space-separated). Latin
    names give themselves plus, for short all-capital words, how Korean spells them out
    (UTX -> yutiekseu, so it meets 유티엑스)."""
    return list(_latin_renderings(name, spell))


@lru_cache(maxsize=65536)
def _latin_renderings(name: str, spell: bool) -> tuple[str, ...]:
    name = strip_corporate_form(name)
    # "제17호" and "No. 17" both become the bare number
    name = _NUMBERED.sub(lambda m: f" {m.group(1)} ", name) if has_hangul(name) else _ENGLISH_NUMBERED.sub("", name)
    if not has_hangul(name):
        words = re.findall(r"[A-Z](?:&[A-Z])+|[A-Za-z0-9]+|[^A-Za-z0-9]+", name)
        options: list[list[str]] = []
        for w in words:
            # camel case joins words that are sounded apart: SecureSoft = Secure Soft (시큐어소프트)
            opts = [_CAMEL.sub(" ", w[2:] if w.startswith("Mc") else w).lower()]
            if w.startswith("Mc"):
                # McCain is one word (매케인), not "Mc Cain"
                opts = [f"mc{opts[0]}"]
            if spell and _SPELLABLE.match(w):
                # how Korean writes an initialism: KMH = 케이엠에이치, M&C = 엠앤씨
                spelled = "".join(_letter_names().get(c, "앤" if c == "&" else "") for c in w)
                opts.append(f" {romanize(spelled)} ")
            options.append(opts)
        combos = _linear_combos(options, _MAX_RENDERINGS)
    else:
        options = []
        pieces = [p for p in re.findall(r"[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+", name) if p.strip()]
        for piece in pieces:
            if has_hangul(piece):
                options.extend(_hangul_run_options(piece, spell, whole=len(pieces) == 1))
            else:
                options.append([f" {piece.lower()} "])
        combos = _linear_combos(options, _MAX_RENDERINGS)
    out = [" ".join(c.split()) for c in combos if c.strip()]
    if has_hangul(name):
        # 한국콜마 = Kolmar Korea: English puts the country last
        for prefix in _COUNTRY_PREFIXES:
            rest = name[len(prefix) :].strip()
            if name.startswith(prefix) and len(rest) >= 2:
                out += [f"{r} korea" for r in latin_renderings(rest, spell)[:2]]
        # RR's g is always hard (김포 Gimpo); English g before e/i is often soft (Genie = 지니)
        out = [_harden(r) for r in out]
    else:
        out += [_harden(r) for r in out]
    return tuple(dict.fromkeys(out))


def _harden(latin: str) -> str:
    return _SOFT_G.sub("gh", latin)


_SOFT_G = re.compile(r"g(?=[eiy])(?!eu)")


# -- people ------------------------------------------------------------------------------------


def surname_variants(hangul_surname: str) -> list[str]:
    """Romanisations of a Korean surname (박 -> park, bak, pak)."""
    return list(_surnames().get(hangul_surname, [romanize(hangul_surname, assimilate=False)]))


def split_korean_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of a 2-4 syllable Hangul personal name, else None. Two-syllable
    surnames (남궁, 제갈, 선우 ...) are tried first."""
    text = "".join(name.split())
    if not (2 <= len(text) <= 4) or not all("\uac00" <= ch <= "\ud7a3" for ch in text):
        return None
    surnames = _surnames()
    if len(text) >= 3 and text[:2] in surnames:
        return text[:2], text[2:]
    if text[0] in surnames:
        return text[0], text[1:]
    return None


def romanize_name(name: str) -> str:
    """Conventional English form of a Korean personal name: '박정호' -> 'Park Jeong-ho'."""
    split = split_korean_name(name)
    if split is None:
        return " ".join(w.capitalize() for w in romanize(name, assimilate=False).split())
    surname, given = split
    sur = surname_variants(surname)[0].capitalize()
    parts = [romanize(ch, assimilate=False) for ch in given]
    return f"{sur} {'-'.join(parts).capitalize()}"


def person_keys(name: str) -> list[str]:
    """Keys 'surname|syllables|given-name skeleton' for a personal name in either script, with
    the surname in Hangul so Park/Bak/Pak meet. Latin names are read surname-first and
    surname-last. Empty when the name does not look Korean (those are matched phonetically
    instead)."""
    return list(_person_keys(name))


@lru_cache(maxsize=65536)
def _person_keys(name: str) -> tuple[str, ...]:
    split = split_korean_name(name)
    if split is not None:
        surname, given = split
        return (f"{surname}|{len(given)}|{skeleton(romanize(given, assimilate=False))}",)
    if has_hangul(name):
        return ()
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    if len(words) < 2 or len(words) > 3:
        return ()
    lookup = _surname_lookup()
    keys: list[str] = []
    for sur_word, given_words in ((words[0], words[1:]), (words[-1], words[:-1])):
        for ko in lookup.get(sur_word.lower(), []):
            given = "".join(given_words)
            # Korean given names are one or two syllables: "Jung-ho", "Jungho", "Jung Ho";
            # counting them keeps Angela (three) away from 은철 (two)
            syllables = len(re.findall(r"[aeiouwy]+", "-".join(given_words).lower()))
            if 1 <= syllables <= 2:
                keys.append(f"{ko}|{syllables}|{skeleton(given)}")
    return tuple(dict.fromkeys(keys))
