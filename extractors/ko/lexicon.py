"""The Korean lexicons (``extractors/ko/lexicons``) loaded once, with the lookups the passes
make of them (an organisation's type by its ending, a person-shaped name ...).

Example::

    lex = Lexicons(LEXICON_DIR)
    lex.org_type("SK텔레콤"), lex.person_shaped("이재명")   # (EntityType.COMPANY, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractors.ko.paths import EN_LEXICON_DIR, NER_MODEL_DIR
from extractors.ko.spans import AREA_ENDINGS, ORG_TYPES, Tok
from schema.text import all_hangul, is_hangul_char
from schema.types import EntityType, RelationType

__all__ = ["Cue", "Lexicons", "dictionary_names", "gazetteer_names", "latin_dictionary_names"]

# a fund's or SPAC's number at the end of its name ("…기업인수목적제4호", "…스팩30호")
_FUND_NUMBER = re.compile(r"제?\d+호$")


@dataclass(slots=True)
class Cue:
    relation: RelationType
    kind: str


def dictionary_names() -> list[tuple[str, EntityType, str, str]]:
    """Hangul names of the alias dictionary's country, place and government sections, with
    their types, dictionary ids and sections. A country's "(중국 특별행정구)" qualifier is
    dropped ("홍콩"); other names with brackets or letters are left out."""
    from schema.aliases import load_dictionary

    out = []
    # the whole shipped dictionary (loaded once for this, latin_dictionary_names and the
    # resolver) rather than a second load of these sections alone: the same entries
    for entry in load_dictionary().entries.values():
        if entry.section in ("companies", "people", "user"):
            continue
        for name in entry.names:
            if entry.section == "countries":
                name = name.split("(")[0].strip()
            if name and all(is_hangul_char(ch) or ch == " " for ch in name):
                out.append((name, entry.type, entry.id, entry.section))
    return sorted(out)


@cache
def latin_dictionary_names() -> dict[str, EntityType]:
    """Latin-letter names of the alias dictionary (countries, places, public bodies, companies)
    by exact spelling, for names a Korean sentence writes in Latin letters ("Los Angeles에",
    "EADS와"). One-word names need three letters and a capital; the company register's
    names count here because Latin letters in Korean text are a name far more often than not."""
    from schema.aliases import load_dictionary

    out: dict[str, EntityType] = {}
    # the whole shipped dictionary, the one the resolver loads too (one cached load for both)
    for entry in load_dictionary().entries.values():
        if entry.section in ("people", "user"):
            continue
        for name in entry.names:
            if not name.isascii() or not name[:1].isupper():
                continue
            short = len(name) < 3 or (name.isupper() and len(name) < 4 and entry.section == "companies")
            if " " not in name and short:
                continue  # "LG", "SKC": the model's business, and short acronyms collide
            out.setdefault(name, entry.type)
    return out


def gazetteer_names() -> dict[str, str]:
    """The shipped NER model's gazetteer (KLUE names): name -> PS, OG or LC."""
    from extractors.ko.ner.features import GAZETTEER_FILE, Gazetteer

    return {name: label[-2:] for name, label in Gazetteer.load(NER_MODEL_DIR / GAZETTEER_FILE).names.items()}


class Lexicons:
    """The data files under ``extractors/ko/lexicons``, loaded once."""

    def __init__(self, root: Path) -> None:
        self.names: dict[str, EntityType] = {
            name: EntityType(label) for name, label in self._tsv(root / "names.tsv", 2)
        }
        self.company_suffixes = tuple(self._list(root / "company_suffixes.txt"))
        self.org_suffixes = tuple(self._list(root / "org_suffixes.txt"))
        self.body_suffixes = tuple(x for x in self.org_suffixes if len(x) >= 2)
        self._org_name_suffixes = (*self.company_suffixes, *self.body_suffixes)
        self.place_suffixes = tuple(self._list(root / "place_suffixes.txt"))
        self.titles: dict[str, RelationType] = {t: RelationType(r) for t, r in self._tsv(root / "titles.tsv", 2)}
        self.cues: dict[str, list[Cue]] = {}
        for cue, rel, kind in self._tsv(root / "relation_cues.tsv", 3):
            self.cues.setdefault(cue, []).append(Cue(RelationType(rel), kind))
        # the words the relation reader starts from: a cue, a title or 소속 ("membership")
        self.relation_words = frozenset([*self.cues, *self.titles, "소속"])
        self.corporate_forms = tuple(sorted(self._list(root / "corporate_forms.txt"), key=len, reverse=True))
        self.former_marks = set(self._list(root / "former_marks.txt"))
        self.surnames = set(self._list(root / "surnames.txt"))
        self.not_names = set(self._list(root / "not_names.txt"))
        self.trailing_words = set(self._list(root / "trailing_words.txt"))
        self.occupations = frozenset(self._list(root / "occupations.txt"))
        self.org_cues = {cue: mode for cue, mode in self._tsv(root / "org_cues.tsv", 2)}
        cue_words = self._list(root / "cue_company_words.txt")
        # the company suffixes count too
        self.cue_company_endings = (*self.company_suffixes, *(w for w in cue_words if not w.startswith("-")))
        self.cue_generic_heads = tuple(w[1:] for w in cue_words if w.startswith("-"))
        # countries come from the alias dictionary: CLDR's Korean names (without its
        # non-country codes) and the names news uses besides them (터키, 호주, 미, 중)
        dictionary = dictionary_names()
        self.countries = {name for name, _, _, section in dictionary if section == "countries"}
        self.place_qualifiers = set(self._list(root / "place_qualifiers.txt"))
        self.place_followers = frozenset(self._list(root / "place_followers.txt"))
        # "일본인", "미국인들은": a country's people (see the ``demonyms`` pass)
        demonym_countries = sorted((c for c in self.countries if len(c) >= 2), key=len, reverse=True)
        self.demonym_re = re.compile(
            r"(?<![가-힣])(?P<word>(?P<country>"
            + "|".join(map(re.escape, demonym_countries))
            + r")인(?:들)?)(?:[은는이가을를의에도와과만]|에게|에서|으로|로)?(?![가-힣])"
        )
        # Every country is a known place name ("쿡 제도", "적도 기니"), except those that are
        # also common words (수단 "means", 인도 "sidewalk"): the model decides those.
        ambiguous = set(self._list(root / "countries_ambiguous.txt"))
        self.ambiguous_countries = frozenset(ambiguous)
        for country in sorted(self.countries):
            if len(country) >= 2 and country not in ambiguous:
                self.names.setdefault(country, EntityType.PLACE)
        # The Korean names of the shipped bilingual dictionary's places and public bodies
        # (세계무역기구, 멜버른, 유럽축구연맹) are known names too; its company and people
        # sections are not (a company register is no evidence that a word is a name here).
        # every Hangul name of a country or place in the dictionary, short ones too (경남, 강원):
        # what may head a place chain ("경남 함양군")
        self.area_names = frozenset(
            name for name, etype, _, section in dictionary if etype is EntityType.PLACE and section != "world_cities"
        ) | frozenset(self.countries)
        # the world's cities (GeoNames) are known names unless KLUE's annotated names know the
        # word as a person or an organisation (노키아 is Nokia, the company, before the city)
        gazetteer = gazetteer_names()
        taken = frozenset(name for name, label in gazetteer.items() if label in ("PS", "OG"))
        # people's names that end like an area ("부시" Bush, "레이시"): never an area
        self.area_exclusions = frozenset(
            name for name, label in gazetteer.items() if label == "PS" and name.endswith(AREA_ENDINGS)
        )
        # what a multi-word organisation or place may start with and keep as a place of its
        # own ("런던 경찰청", "서울 외교통상부"): any dictionary place, short ones too
        self.leading_places = set(self.area_names)
        for name, etype, _, section in dictionary:
            if (
                section == "world_cities"
                and len(name) >= 2
                and name not in taken
                and name not in ambiguous
                and name not in self.not_names
            ):
                self.leading_places.add(name)
            # two-syllable names are too often common words (경기 "game", 파리 "fly")
            if section == "countries" or len(name) < 3 or name in ambiguous or name in self.not_names:
                continue
            if section == "world_cities" and name in taken:
                continue
            self.names.setdefault(name, etype)
        # English words that type a name written in Latin letters after its Korean form
        # ("젯 톤 영화사 (Jet Tone Films)"): the English extractor's lexicons
        en = EN_LEXICON_DIR
        self.en_company_words = frozenset(
            w.rstrip(".") for f in ("corporate_suffixes.txt", "newspaper_words.txt") for w in self._list(en / f)
        )
        # and words that name bodies only in such a pair ("Human Rights Watch"): too loose for
        # the English extractor's own list ("Apple Watch", "the Manhattan Project")
        self.en_org_words = frozenset(self._list(en / "organization_keywords.txt")) | {
            "Watch",
            "Project",
            "Forum",
            "League",
        }
        self.en_place_words = frozenset(self._list(en / "place_suffixes.txt"))
        self.en_event_words = frozenset(self._list(en / "event_suffixes.txt"))
        self.latin_names = latin_dictionary_names()
        self.max_name_len = max((len(n) for n in self.names), default=1)
        # candidate name lengths by the first two characters, longest first (most tokens start
        # none), with 1 when the first character is a name of its own ("미"); a one-character
        # name before anything else is found in ``names`` itself
        lengths: dict[str, set[int]] = {}
        for n in self.names:
            lengths.setdefault(n[:2], set()).add(len(n))
        for key, found in lengths.items():
            if len(key) == 2 and key[0] in self.names:
                found.add(1)
        self.name_lengths: dict[str, tuple[int, ...]] = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    @staticmethod
    def _lines(path: Path) -> Iterator[str]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                yield line.rstrip()

    def _list(self, path: Path) -> list[str]:
        return [line.strip() for line in self._lines(path)]

    def _tsv(self, path: Path, width: int) -> list[tuple[str, ...]]:
        rows = []
        for line in self._lines(path):
            parts = line.split("\t")
            if len(parts) >= width:
                rows.append(tuple(p.strip() for p in parts[:width]))
        return rows

    def org_type(self, name: str) -> EntityType:
        """Company or Organization for an organisation name (lexicon, then suffixes)."""
        known = self.names.get(name)
        if known is not None and known in ORG_TYPES:
            return known
        if name.endswith(self.company_suffixes):
            return EntityType.COMPANY
        if name.endswith(self.org_suffixes) or name.endswith("정부"):
            return EntityType.ORGANIZATION
        return EntityType.COMPANY

    def cue_type(self, name: str) -> EntityType:
        """The type of a name that speaks through 관계자/측/대변인: known names keep their type,
        administrative divisions are places (their officials speak for the county or city),
        anything else is an organisation."""
        known = self.names.get(name)
        if known is not None:
            return known
        if (
            len(name) >= 3
            and all_hangul(name)
            and name.endswith(self.place_suffixes)
            and not name.endswith((*self.company_suffixes, *self.org_suffixes))
        ):
            return EntityType.PLACE
        return self.org_type(name)

    def cue_company_word(self, name: str, tokens: Sequence[Tok]) -> bool:
        """A compound word before 관계자 that names a company by its ending (``cue_company_words.txt``):
        two or more morphemes, Hangul with digits at most, not a generic compound ("시중은행")."""
        if len(tokens) < 2 or not all(is_hangul_char(ch) or ch.isdigit() for ch in name):
            return False
        core = _FUND_NUMBER.sub("", name)
        if core.startswith(self.cue_generic_heads):
            return False
        return any(core.endswith(x) and len(core) >= len(x) + 2 for x in self.cue_company_endings)

    def has_org_suffix(self, name: str) -> bool:
        """Ends in a company suffix or a multi-character organisation suffix (one-syllable
        endings like 부/청 are too common in person names to count here)."""
        # name[1:].endswith(x): name ends in x and is longer than x
        return bool(name) and name[1:].endswith(self._org_name_suffixes)

    def person_shaped(self, name: str) -> bool:
        """Looks like a personal name: a surname alone ("유 대변인"), two or three syllables
        starting with a surname ("최자", "이재명"), or a spaced Hangul name ("로리 스콧")."""
        if name in self.names or self.has_org_suffix(name):
            return False
        words = name.split(" ")
        if not all(all_hangul(w) for w in words):
            return False
        if len(words) > 1:
            return len(words) <= 3 and all(len(w) <= 4 for w in words)
        return len(name) <= 3 and name[0] in self.surnames

    def title_of(self, form: str) -> RelationType | None:
        return self.titles.get(form)
