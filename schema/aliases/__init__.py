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
import importlib.util
import io
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from schema.aliases.model import AliasDictionary, AliasEntry, dictionary_key
from schema.aliases.stored import FORMAT, ShippedTables, read_tables, write_tables
from schema.cache import cache_path
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
    """Every name of the shipped ``sections``, by section: the names of their rows (for a
    reader that wants names, not lookups: the English lexicon's world cities and countries).
    The names of a merged entry are those of its rows, so this is
    ``{s: {n for e in load_dictionary() if e.section == s for n in e.names}}``.

    Example::

        >>> "Aachen" in shipped_names(["world_cities"])["world_cities"]
        True
    """
    names = _shipped_tables(_SHIPPED).names
    return {s: frozenset(names.get(s, ())) for s in sections}


def user_dictionary_path(data_dir: Path) -> Path:
    return Path(data_dir) / "aliases" / "user.tsv"


# the shipped sections (the default dictionary's)
_SHIPPED = tuple(s for s in SECTIONS if s != "user")
# what the dictionary is built by, besides the data files: the code of its rules, readers and
# cache entries
_CODE = (
    Path(__file__).resolve(),
    Path(__file__).resolve().parent / "model.py",
    Path(__file__).resolve().parent / "stored.py",
    Path(__file__).resolve().parents[1] / "corporate_forms.py",
    Path(__file__).resolve().parents[1] / "data_tables.py",
)


@lru_cache(maxsize=8)
def _shipped_tables(sections: tuple[str, ...]) -> ShippedTables:
    """The dictionary of the shipped ``sections``: from kg's cache (:mod:`schema.aliases.stored`)
    when it holds it, else built (and cached)."""
    try:
        path = cache_path(_sources(sections), "aliases", _salt(sections), suffix=".json")
    except OSError:
        return _build(sections)
    try:
        return read_tables(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    tables = _build(sections)
    write_tables(path, tables)
    return tables


def _build(sections: tuple[str, ...]) -> ShippedTables:
    """The dictionary of the shipped ``sections`` built from their files."""
    d = AliasDictionary()
    keys: dict[str, list[str]] = {}  # the last keys of an id are those of its merged entry
    names: dict[str, dict[str, None]] = {}
    for entry in _shipped_rows(sections):
        keys[entry.id] = d.add(entry)
        names.setdefault(entry.section, {}).update(dict.fromkeys(entry.names))
    return ShippedTables(d, list(keys.values()), {s: list(v) for s, v in names.items()})


def _sources(sections: tuple[str, ...]) -> list[Path]:
    """The files the dictionary of ``sections`` is built from (``OSError`` without Babel)."""
    files = [DATA_DIR / name for s in sections for name in _SECTION_FILES.get(s, ())]
    if "countries" in sections:
        spec = importlib.util.find_spec("babel")
        if spec is None or spec.origin is None:
            raise OSError("Babel is not installed")
        locale_data = Path(spec.origin).parent / "locale-data"
        files += [DATA_DIR / "countries_extra.tsv", *(locale_data / f"{n}.dat" for n in ("root", "en", "ko"))]
    return [*files, DATA_DIR / "corporate_forms.tsv", *_CODE]


def _salt(sections: tuple[str, ...]) -> str:
    # NFKC and case folding (dictionary_key) follow the Unicode version of this Python
    return f"{FORMAT}\0{','.join(sections)}\0{unicodedata.unidata_version}"


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
    shipped = _shipped_tables(sections)
    user = user_dictionary_path(data_dir) if data_dir is not None else None
    if user is None or "user" in exclude or not user.exists():
        return shipped.dictionary
    d = AliasDictionary()
    for entry, keys in zip(shipped.dictionary.entries.values(), shipped.keys, strict=True):
        d.add_keyed(entry, keys)  # = d.add(entry): each id is new here
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
