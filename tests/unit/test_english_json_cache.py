"""The English extractor's JSON cache (``extractors/en/json_cache.py``): the same value cold,
warm and from a damaged entry; a value JSON would change is never cached; an edited source
file is never read from a stale entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.en.json_cache import cached_json, pattern_rows
from extractors.en.lexicon import _cldr_territories, _read_territories
from extractors.en.relations.stage import DATA_DIR
from extractors.rules import load_rows


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cold_warm_and_damaged_entries_give_the_same_value(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("a", encoding="utf-8")
    calls: list[int] = []

    def derive() -> dict[str, object]:
        calls.append(1)
        return {"b": [1, 2.5, "x", None, True], "a": {"c": "é"}}

    cold = cached_json("test", [source], "1", derive)
    warm = cached_json("test", [source], "1", derive)
    assert cold == warm == derive() and list(warm) == ["b", "a"]
    assert len(calls) == 2  # the warm read derived nothing
    (entry,) = cache.iterdir()
    entry.write_text('{"broken', encoding="utf-8")
    assert cached_json("test", [source], "1", derive) == cold
    source.write_text("edited", encoding="utf-8")
    assert cached_json("test", [source], "1", lambda: ["new"]) == ["new"]
    assert cached_json("test", [source], "2", lambda: ["salted"]) == ["salted"]


def test_values_json_would_change_are_not_cached(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("a", encoding="utf-8")
    assert cached_json("tuple", [source], "1", lambda: (1, 2)) == (1, 2)
    assert cached_json("intkey", [source], "1", lambda: {1: "a"}) == {1: "a"}
    assert not cache.exists() or not list(cache.iterdir())


def test_cached_patterns_and_territories_are_what_the_files_give(cache: Path) -> None:
    path = DATA_DIR / "patterns.yaml"
    assert pattern_rows(path) == load_rows(path)  # cold
    assert pattern_rows(path) == load_rows(path)  # warm
    assert list(_cldr_territories().items()) == list(_read_territories().items())
    assert list(_cldr_territories().items()) == list(_read_territories().items())
    assert len(list(cache.iterdir())) == 2
