"""The English lexicons: the data files of ``extractors/en/lexicons/`` (one entry a line, ``#``
comments), Babel's CLDR country names and the Latin names of the alias dictionary's world cities
and countries, read once per process into an :class:`EnglishLexicon`.

Example::

    >>> lex = load_lexicon()
    >>> lex.titles["chief executive officer"].value
    'CEO_OF'
    >>> "Inc." in lex.corporate_suffixes
    True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from schema.text import has_hangul
from schema.types import EntityType, RelationType

__all__ = ["LEXICON_DIR", "NOT_ENTITY", "EnglishLexicon", "load_lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
# the gazetteer label of names that are no entity (browsers, ...)
NOT_ENTITY = "NOT_ENTITY"

# One Revised Romanization syllable: initial consonant, vowel, final consonant.
_RR_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|[gndrmbsjkthl])?"
    r"(?:yae|wae|yeo|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|a|e|o|u|i)(?:ng|[kntlmp])?"
)


def _read_list(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass
class EnglishLexicon:
    """The data files of ``extractors/en/lexicons`` (plus Babel's CLDR country names)."""

    companies: list[str]
    organizations: list[str]
    places: list[str]
    not_entities: list[str]
    local_arms: list[str]
    corporate_suffixes: set[str]
    legal_suffixes: set[str]
    organization_keywords: list[str]
    newspaper_words: set[str]
    titles: dict[str, RelationType]
    title_words: set[str]
    honorifics: set[str]
    cues: dict[str, Any]
    type_nouns: dict[str, EntityType]
    person_possessions: frozenset[str]
    place_preps: set[str]
    demonyms: dict[str, str]
    party_words: dict[str, str]
    place_suffixes: set[str]
    work_nouns: set[str]
    person_verbs: set[str]
    event_suffixes: set[str]
    admin_suffixes: set[str] = field(default_factory=set)
    filed_forms: list[tuple[str, str]] = field(default_factory=list)
    exact: dict[str, EntityType] = field(default_factory=dict)
    _cue_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_cues: frozenset[str] = frozenset()
    verb_cues: frozenset[str] = frozenset()
    org_keyword_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))
    filed_form_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))
    glued_admin_suffixes: list[str] = field(default_factory=list)
    # the Latin names of the world cities in the alias dictionary (GeoNames, 50,000+ people)
    world_cities: frozenset[str] = field(default_factory=frozenset)
    # the Latin names of the dictionary's countries (CLDR names, U.S., UK ...)
    countries: frozenset[str] = field(default_factory=frozenset)
    glued_admin_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))

    def __post_init__(self) -> None:
        # Case-sensitive exact lookups for NER spans that the ruler could not match (e.g. a
        # name the tokenizer split differently); later lists win over earlier ones.
        for name in self.places:
            self.exact[name] = EntityType.PLACE
        for name in self.organizations:
            self.exact[name] = EntityType.ORGANIZATION
        for name in self.companies:
            self.exact[name] = EntityType.COMPANY
        # Sets are built once: the relation rules look cues up for every token.
        self._cue_sets = {
            key: frozenset(str(v) for v in value) for key, value in self.cues.items() if isinstance(value, list)
        }
        self.noun_cues = frozenset().union(*(self._cue_sets[k] for k in self._cue_sets if k.endswith("_nouns")))
        self.verb_cues = frozenset().union(
            *(self._cue_sets[k] for k in self._cue_sets if k.endswith("_verbs")),
            (str(k) for k in self.cues.get("acquire_phrasal", {})),
        )
        self.org_keyword_re = re.compile(
            r"(?<!\S)(?:" + "|".join(re.escape(k) for k in self.organization_keywords) + r")(?!\S)"
        )
        strong = "|".join(rx for kind, rx in self.filed_forms if kind == "strong")
        weak = "|".join(rx for kind, rx in self.filed_forms if kind == "weak")
        if strong and weak:
            # strong forms first, so that "Co., Ltd." is not read as "Co." at the same place;
            # a strong form may be glued to the name ("C-motechCo.,LTD.", "iINFRA.Co.,Ltd")
            self.filed_form_re = re.compile(
                rf"(?:(?<=[\s,(.])|(?<=[a-z])(?=C[Oo])|(?<=[A-Z])(?=Co[.,]))(?P<strong>(?i:{strong}))(?![A-Za-z0-9&])"
                rf"|(?:(?<=\s)|(?=,))(?P<weak>{weak})(?![A-Za-z0-9&])"
            )

        if self.glued_admin_suffixes:
            # A romanised Korean district written in one word, as official lists do
            # ("Yangjusi", "Suwonsijangangu"): two or more Revised Romanization syllables and an
            # administrative suffix. Company names rarely parse as Korean syllables throughout.
            suffixes = "|".join(re.escape(x) for x in sorted(self.glued_admin_suffixes, key=len, reverse=True))
            self.glued_admin_re = re.compile(rf"^(?=[A-Z][a-z]+$)(?i:(?:{_RR_SYLLABLE}){{2,}}(?:{suffixes}))$")

    def cue(self, key: str) -> frozenset[str]:
        return self._cue_sets.get(key, frozenset())

    def patterns(self) -> list[dict[str, Any]]:
        """span_ruler phrase patterns: gazetteer names with their labels."""
        patterns: list[dict[str, Any]] = []
        for name in self.places:
            patterns.append({"label": "PLACE", "pattern": name})
        for name in self.organizations:
            patterns.append({"label": "ORGANIZATION", "pattern": name})
        for name in self.companies:
            patterns.append({"label": "COMPANY", "pattern": name})
            if not name.startswith("The "):
                patterns.extend({"label": "COMPANY", "pattern": f"{name} {arm}"} for arm in self.local_arms)
        for name in self.not_entities:
            patterns.append({"label": NOT_ENTITY, "pattern": name})
        return patterns


def _cldr_countries(exclude: set[str]) -> list[str]:
    """Country names from Babel's CLDR data, with "SAR China" and "(Burma)" variants split."""
    from babel import Locale

    names: list[str] = []
    for code, name in Locale("en").territories.items():
        if not (len(code) == 2 and code.isalpha()):
            continue  # numeric codes are regions ("Southern Europe"), handled in places.txt
        variants = [name]
        if " SAR China" in name:
            variants = [name.replace(" SAR China", ""), name]
        elif "(" in name:
            head, _, rest = name.partition("(")
            variants = [head.strip(), rest.rstrip(")").strip()]
        if "&" in name:
            variants.append(name.replace("&", "and"))
        names.extend(v for v in variants if v and v not in exclude)
    return names


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> EnglishLexicon:
    """Read the English lexicon files once per process."""
    titles: dict[str, RelationType] = {}
    for line in _read_list(directory / "titles.tsv"):
        title, _, rtype = line.partition("\t")
        titles[title.strip().lower()] = RelationType(rtype.strip())
    modifiers = {w.lower() for w in _read_list(directory / "title_modifiers.txt")}
    title_words = set(modifiers)
    for title in titles:
        title_words.update(title.split())
    honorifics = set(_read_list(directory / "honorifics.txt"))
    exclude = set(_read_list(directory / "territory_exclude.txt"))
    places = _cldr_countries(exclude) + _read_list(directory / "places.txt")
    with (directory / "relation_cues.yaml").open(encoding="utf-8") as fh:
        cues = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: the same data, faster
    type_nouns: dict[str, EntityType] = {}
    for line in _read_list(directory / "type_nouns.tsv"):
        noun, _, etype = line.partition("\t")
        type_nouns[noun.strip()] = EntityType(etype.strip())
    latin = _latin_names("world_cities", "countries")
    return EnglishLexicon(
        companies=_read_list(directory / "companies.txt"),
        organizations=_read_list(directory / "organizations.txt"),
        places=places,
        not_entities=_read_list(directory / "not_entities.txt"),
        local_arms=_read_list(directory / "local_arms.txt"),
        corporate_suffixes=set(_read_list(directory / "corporate_suffixes.txt")),
        legal_suffixes=set(_read_list(directory / "legal_suffixes.txt")),
        organization_keywords=_read_list(directory / "organization_keywords.txt"),
        newspaper_words=set(_read_list(directory / "newspaper_words.txt")),
        titles=titles,
        title_words=title_words,
        honorifics=honorifics,
        cues=cues,
        type_nouns=type_nouns,
        person_possessions=frozenset(_read_list(directory / "person_possessions.txt")),
        place_preps=set(_read_list(directory / "place_preps.txt")),
        place_suffixes=set(_read_list(directory / "place_suffixes.txt")),
        work_nouns=set(_read_list(directory / "work_nouns.txt")),
        person_verbs=set(_read_list(directory / "person_verbs.txt")),
        event_suffixes=set(_read_list(directory / "event_suffixes.txt")),
        admin_suffixes=set(_read_list(directory / "admin_suffixes.txt")),
        glued_admin_suffixes=_read_list(directory / "glued_admin_suffixes.txt"),
        filed_forms=[
            (kind.strip(), rx.strip())
            for kind, _, rx in (line.partition("\t") for line in _read_list(directory / "filed_forms.tsv"))
        ],
        demonyms=dict(line.split("\t", 1) for line in _read_list(directory / "demonyms.tsv")),
        party_words=dict(line.split("\t", 1) for line in _read_list(directory / "party_words.tsv")),
        world_cities=latin["world_cities"],
        countries=latin["countries"],
    )


def _latin_names(*sections: str) -> dict[str, frozenset[str]]:
    """The Latin-script names of some sections of the shipped alias dictionary, by section
    (read from its files: no lookups needed, so no index built)."""
    from schema.aliases import shipped_names

    # an ASCII name has no Hangul (has_hangul asked only of the others: 19,000 names)
    return {
        s: frozenset(n for n in names if n.isascii() or not has_hangul(n))
        for s, names in shipped_names(sections).items()
    }
