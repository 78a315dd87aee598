"""The bilingual alias dictionary: one entry per real-world entity with its English and Korean
names and aliases, shipped as reviewable TSV files in ``schema/aliases/data/`` (see README.md
there), plus the user's own dictionaries imported with ``kg aliases import FILE``.

Sections: ``countries`` (Babel's CLDR territory names in English and Korean, plus the variants
in ``countries_extra.tsv``), ``places`` (Korean provinces and cities; world regions, seas and
major foreign cities), ``companies``,
``people``, ``government`` and ``user``.

Example::

    >>> from schema.aliases import load_dictionary
    >>> d = load_dictionary()
    >>> [e.en for e in d.lookup("아마존")]
    ['Amazon']
    >>> d.lookup("U.S.")[0].ko
    '미국'
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from schema.corporate_forms import strip_corporate_form
from schema.errors import InputError
from schema.text import has_hangul
from schema.types import EntityType

__all__ = [
    "SECTIONS",
    "AliasDictionary",
    "AliasEntry",
    "dictionary_key",
    "import_user_file",
    "load_dictionary",
    "shipped_names",
    "user_dictionary_path",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SECTIONS = ("countries", "places", "world_cities", "companies", "people", "government", "user")
_SECTION_FILES = {
    "places": ("places_kr.tsv", "places_world.tsv", "places_jp_cn.tsv"),
    # generated from GeoNames (scripts/build_world_cities.py); its own section, because a city
    # name is often a company's too (Nokia, 노키아): never a reason to retype a mention
    "world_cities": ("places_geonames.tsv",),
    "companies": ("companies.tsv",),
    "people": ("people.tsv",),
    "government": ("government.tsv", "organizations.tsv"),
}
# CLDR territory codes that are not countries (continents, groupings, pseudo-locales).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_TYPES = {
    "company": EntityType.COMPANY,
    "org": EntityType.ORGANIZATION,
    "organization": EntityType.ORGANIZATION,
    "organisation": EntityType.ORGANIZATION,
    "person": EntityType.PERSON,
    "per": EntityType.PERSON,
    "place": EntityType.PLACE,
    "location": EntityType.PLACE,
    "loc": EntityType.PLACE,
    "country": EntityType.PLACE,
    "province": EntityType.PLACE,
    "city": EntityType.PLACE,
}


# Hanja that older Korean news writes inside Hangul names, read as the Hangul word they stand
# for: country abbreviations (美 국무부 = 미 국무부) and 省 for a ministry or department
# (에너지省 = 에너지부, the Department of Energy).
_HANJA = str.maketrans(
    {"美": "미", "日": "일", "中": "중", "北": "북", "韓": "한", "英": "영", "佛": "불", "獨": "독", "露": "러"}
    | {"省": "부", "部": "부", "廳": "청", "院": "원", "局": "국"}
)


# what a key drops: every character but the alphanumeric ones (``str.isalnum``, which is what
# ``\w`` means in a str pattern, less the underscore) and "&", "+"
_NOT_KEPT = re.compile(r"[^\w&+]|_")


def dictionary_key(name: str) -> str:
    """How names are compared in the dictionary: NFKC, case-folded, corporate forms removed,
    spaces and dots ignored ("U.S." = "US", "SK 텔레콤" = "SK텔레콤"), the Hanja of older news
    read in Hangul ("美" = "미", "에너지省" = "에너지부")."""
    text = strip_corporate_form(name)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_HANJA)
    return _NOT_KEPT.sub("", text)


@dataclass(frozen=True)
class AliasEntry:
    """One entity of the dictionary."""

    id: str
    type: EntityType
    en: str
    ko: str
    aliases: tuple[str, ...] = ()
    section: str = ""
    parent: str = ""

    @property
    def names(self) -> list[str]:
        return [n for n in dict.fromkeys([self.en, self.ko, *self.aliases]) if n]

    @property
    def names_en(self) -> list[str]:
        return [n for n in self.names if not has_hangul(n)]

    @property
    def names_ko(self) -> list[str]:
        return [n for n in self.names if has_hangul(n)]


@dataclass
class AliasDictionary:
    """Entries indexed by every name (see ``dictionary_key``)."""

    entries: dict[str, AliasEntry] = field(default_factory=dict)
    _by_key: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: AliasEntry) -> None:
        old = self.entries.get(entry.id)
        if old is not None:
            # the same id again (e.g. a user file extending a shipped entry): union of names
            entry = AliasEntry(
                id=entry.id,
                type=old.type,
                en=old.en or entry.en,
                ko=old.ko or entry.ko,
                aliases=tuple(dict.fromkeys([*old.aliases, *entry.names])),
                section=old.section,
                parent=old.parent or entry.parent,
            )
        self.entries[entry.id] = entry
        for name in entry.names:
            key = dictionary_key(name)
            if key:
                ids = self._by_key.setdefault(key, [])
                if entry.id not in ids:
                    ids.append(entry.id)

    def lookup(self, name: str) -> list[AliasEntry]:
        """Entries carrying ``name`` (exactly, modulo case, spacing, dots, corporate form)."""
        return [self.entries[i] for i in self._by_key.get(dictionary_key(name), [])]

    def get(self, entry_id: str) -> AliasEntry | None:
        return self.entries.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[AliasEntry]:
        return iter(self.entries.values())

    def by_section(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.entries.values():
            counts[e.section] = counts.get(e.section, 0) + 1
        return counts


def _parse_type(value: str, default: EntityType) -> EntityType:
    v = value.strip()
    if not v:
        return default
    try:
        return EntityType(v)
    except ValueError:
        pass
    try:
        return _TYPES[v.casefold()]
    except KeyError:
        raise InputError(f"unknown entity type {value!r} (use Company, Person, Place or Organization)") from None


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            [c.strip() for c in row]
            for row in csv.reader(fh, delimiter="\t")
            if row and row[0].strip() and not row[0].startswith("#")
        ]


def _section_file_rows(section: str, path: Path) -> Iterator[AliasEntry]:
    for row in _read_rows(path):
        row = row + [""] * (6 - len(row))
        entry_id, type_, en, ko, aliases, parent = row[:6]
        yield AliasEntry(
            id=entry_id,
            type=_parse_type(type_, EntityType.COMPANY),
            en=en,
            ko=ko,
            aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
            section=section,
            parent=parent,
        )


def _load_section_file(d: AliasDictionary, section: str, path: Path) -> None:
    for entry in _section_file_rows(section, path):
        d.add(entry)


def _country_rows() -> Iterator[AliasEntry]:
    from babel import Locale

    en_names = Locale("en").territories
    ko_names = Locale("ko").territories
    extra = {row[0]: row[1] if len(row) > 1 else "" for row in _read_rows(DATA_DIR / "countries_extra.tsv")}
    for code, en in en_names.items():
        if not (len(code) == 2 and code.isalpha()) or code in _NOT_COUNTRIES:
            continue
        ko = ko_names.get(code, "")
        aliases = tuple(a.strip() for a in extra.get(code, "").split("|") if a.strip())
        yield AliasEntry(
            id=f"country:{code}", type=EntityType.PLACE, en=en, ko=ko, aliases=aliases, section="countries"
        )


def _shipped_rows(sections: tuple[str, ...]) -> Iterator[AliasEntry]:
    """The rows of the shipped files of ``sections``, in the order the dictionary adds them (a
    row may repeat an id: ``AliasDictionary.add`` merges them)."""
    if "countries" in sections:
        yield from _country_rows()
    for section in sections:
        for name in _SECTION_FILES.get(section, ()):
            yield from _section_file_rows(section, DATA_DIR / name)


def shipped_names(sections: Sequence[str]) -> dict[str, frozenset[str]]:
    """Every name of the shipped ``sections``, by section, read without building the
    dictionary's index (for a reader that wants names, not lookups: the English lexicon's
    world cities and countries). The names of a merged entry are those of its rows, so this is
    ``{s: {n for e in load_dictionary() if e.section == s for n in e.names}}``.

    Example::

        >>> "Aachen" in shipped_names(["world_cities"])["world_cities"]
        True
    """
    names: dict[str, set[str]] = {s: set() for s in sections}
    for entry in _shipped_rows(tuple(s for s in SECTIONS if s in names)):
        names[entry.section].update(entry.names)
    return {s: frozenset(v) for s, v in names.items()}


def user_dictionary_path(data_dir: Path) -> Path:
    return Path(data_dir) / "aliases" / "user.tsv"


@lru_cache(maxsize=8)
def _shipped(sections: tuple[str, ...]) -> AliasDictionary:
    d = AliasDictionary()
    for entry in _shipped_rows(sections):
        d.add(entry)
    return d


def load_dictionary(
    data_dir: Path | None = None,
    exclude: Sequence[str] = (),
) -> AliasDictionary:
    """The shipped dictionary plus the user dictionary in ``data_dir`` (if any), minus the
    sections in ``exclude`` (used to measure resolution without, say, the company part)."""
    unknown = set(exclude) - set(SECTIONS)
    if unknown:
        raise InputError(f"unknown dictionary sections {sorted(unknown)}; known: {list(SECTIONS)}")
    sections = tuple(s for s in SECTIONS if s not in exclude and s != "user")
    shipped = _shipped(sections)
    user = user_dictionary_path(data_dir) if data_dir is not None else None
    if user is None or "user" in exclude or not user.exists():
        return shipped
    d = AliasDictionary()
    for entry in shipped.entries.values():
        d.add(entry)
    _load_section_file(d, "user", user)
    return d


def _sniff_rows(text: str, suffix: str) -> list[list[str]]:
    delimiter = "\t" if suffix.lower() in (".tsv", ".tab") or "\t" in text.splitlines()[0] else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]


def import_user_file(path: Path, data_dir: Path, default_type: EntityType = EntityType.COMPANY) -> int:
    """Add the rows of a CSV/TSV file (``ko, en[, type]``; a header row is skipped) to the
    user dictionary in ``data_dir``; returns how many entries were added or extended.

    Ids are ``user:<type>:<English name>`` so importing the same file twice changes nothing.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    rows = _sniff_rows(text, Path(path).suffix)
    if rows and [c.casefold() for c in rows[0][:2]] == ["ko", "en"]:
        rows = rows[1:]
    target = user_dictionary_path(data_dir)
    existing: dict[str, list[str]] = {}
    if target.exists():
        for row in _read_rows(target):
            existing[row[0]] = row
    added = 0
    for lineno, row in enumerate(rows, 1):
        if len(row) < 2 or not (row[0] or row[1]):
            raise InputError(f"{path}: row {lineno} needs at least two columns (ko, en)")
        ko, en = row[0], row[1]
        if ko and not has_hangul(ko) and has_hangul(en):
            ko, en = en, ko  # columns swapped; the script says which is which
        etype = _parse_type(row[2] if len(row) > 2 else "", default_type)
        entry_id = f"user:{etype.value.lower()}:{dictionary_key(en or ko)}"
        new_row = [entry_id, etype.value, en, ko, "", ""]
        if existing.get(entry_id) != new_row:
            existing[entry_id] = new_row
            added += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# kg user dictionary (written by `kg aliases import`)\n")
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        for row in existing.values():
            writer.writerow((row + [""] * 6)[:6])
    tmp.replace(target)
    return added
