"""The alias dictionary's readers (schema.aliases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import schema.aliases as aliases
from schema.aliases import (
    SECTIONS,
    AliasDictionary,
    AliasEntry,
    dictionary_key,
    load_dictionary,
    shipped_names,
    stored,
    user_dictionary_path,
)
from schema.aliases.stored import ShippedTables


def test_shipped_names_are_the_names_of_the_dictionary_entries_by_section() -> None:
    """shipped_names gives the names of each section's rows: every name the loaded
    dictionary's entries of each section carry (merged entries included)."""
    sections = [s for s in SECTIONS if s != "user"]
    names = shipped_names(sections)
    d = load_dictionary()
    for section in sections:
        assert names[section] == {n for e in d if e.section == section for n in e.names}, section
    assert "Aachen" in shipped_names(["world_cities"])["world_cities"]


# --- the cache of the built dictionary (schema/aliases/stored.py) ---------------------------


def _state(d: AliasDictionary) -> tuple[list[tuple[str, AliasEntry]], list[tuple[str, list[str]]]]:
    """Everything a dictionary holds, in order: its entries and its index."""
    return list(d.entries.items()), list(d._by_key.items())


def _same_tables(a: ShippedTables, b: ShippedTables) -> None:
    assert _state(a.dictionary) == _state(b.dictionary)
    assert a.keys == b.keys
    assert a.names == b.names


@pytest.fixture(scope="module")
def fresh() -> ShippedTables:
    """The shipped dictionary built from its files, with no cache."""
    return aliases._build(aliases._SHIPPED)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    aliases._shipped_tables.cache_clear()
    yield folder
    aliases._shipped_tables.cache_clear()


def _load() -> ShippedTables:
    aliases._shipped_tables.cache_clear()
    return aliases._shipped_tables(aliases._SHIPPED)


def test_the_cached_dictionary_is_the_dictionary_built_from_the_files(fresh: ShippedTables, cache: Path) -> None:
    _same_tables(_load(), fresh)  # built, written
    (entry,) = cache.iterdir()
    assert entry.name.startswith("aliases-") and entry.suffix == ".json"
    cached = _load()  # read
    _same_tables(cached, fresh)
    assert list(cache.iterdir()) == [entry]
    # the keys are those add computes, and the names those of the rows
    assert cached.keys == [[dictionary_key(n) for n in e.names] for e in fresh.dictionary]
    rows: dict[str, set[str]] = {}
    for row in aliases._shipped_rows(aliases._SHIPPED):
        rows.setdefault(row.section, set()).update(row.names)
    assert {s: set(v) for s, v in cached.names.items()} == rows
    assert load_dictionary() is cached.dictionary
    assert shipped_names(["world_cities", "user"]) == {
        "world_cities": frozenset(rows["world_cities"]),
        "user": frozenset(),
    }


def test_a_user_dictionary_applies_on_top_of_the_cached_one(fresh: ShippedTables, cache: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    user = user_dictionary_path(data_dir)
    user.parent.mkdir(parents=True)
    user.write_text(
        "# a new entry, and two that extend shipped ones\n"
        "user:company:foo\tCompany\tFoo Corp\t푸\tFoo Inc.|FOO\t\n"
        "samsung-group\tCompany\tSamsung Grp\t삼성 그룹\tSamsung Corp.|SAMSUNG\t\n"
        "country:KR\tPlace\tKorea\t대한민국\tSouth Korea Rep.\t\n",
        encoding="utf-8",
    )
    expected = AliasDictionary()  # what load_dictionary built before the cache
    for entry in fresh.dictionary:
        expected.add(entry)
    for entry in aliases._section_file_rows("user", user):
        expected.add(entry)
    for _ in range(2):  # built and written, then read
        _load()
        d = load_dictionary(data_dir)
        assert _state(d) == _state(expected)
        assert [e.id for e in d.lookup("Foo")] == ["user:company:foo"]
        assert _state(load_dictionary()) == _state(fresh.dictionary)  # the shipped one unchanged


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"not a cache entry",
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b.replace(b"Aachen", b"Aechen", 1),  # the digest no longer matches
        lambda b: b"",
    ],
)
def test_a_damaged_cache_is_built_again(fresh: ShippedTables, cache: Path, damage: Callable[[bytes], bytes]) -> None:
    _load()
    (entry,) = cache.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    _same_tables(_load(), fresh)  # built again, rewritten
    _same_tables(_load(), fresh)
    assert stored.read_tables(entry).dictionary.entries == fresh.dictionary.entries


def test_an_unwritable_cache_is_no_error(fresh: ShippedTables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    try:
        _same_tables(_load(), fresh)
        _same_tables(_load(), fresh)
    finally:
        aliases._shipped_tables.cache_clear()
