"""The spelling rules of the resolver, one table row per rule: the other readings of Latin
names, the forms that count as one name, word-by-word agreement, and the scores."""

from __future__ import annotations

import pytest

from kg.resolve.scoring import phonetic_score
from kg.resolve.spelling import (
    FOREIGN_READINGS,
    abbreviates,
    foreign_readings,
    hangul_spelling_variants,
    latin_spelling_variants,
    renderings,
    same_but_initials,
    short_form,
    word_agreement,
    word_skeletons,
)
from schema.translit import skeleton
from schema.types import EntityType

C, P, L = EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE


@pytest.mark.parametrize(
    ("rule", "name", "reading"),
    [
        ("inner th", "Bethlehem", "Betlehem"),
        ("voiced final s", "Williams", "Williamze"),
        ("St./Mt./Ft. spelled out", "St. Louis", "Saint Louis"),
        ("final ts", "Gates", "Gach"),
        ("aw as o", "Dawson", "Doson"),
        ("s before n voiced", "Disney", "Dizney"),
        ("German ch and w", "Frank-Walter Dietrich", "Frank-Valter Dietrihi"),
        ("final z after a vowel", "Valdez", "Valdeze"),
        ("French ch", "Chirac", "Shirac"),
        ("s between vowels voiced", "Rosenberg", "Rozenberg"),
        ("Japanese fu", "Fukuoka", "Hukuoka"),
        ("Spanish j", "Jose", "Hose"),
        ("Slavic dz and -ić", "Karadzic", "Karajich"),
        ("Greek ch", "Michael", "Mikael"),
        ("family name first", "Hideo Nomo", "Nomo Hideo"),
        ("regnal number", "Benedict XVI", "Benedict 16"),
    ],
)
def test_each_reading_rule(rule: str, name: str, reading: str) -> None:
    (found,) = [r for r in FOREIGN_READINGS if r.name == rule]
    assert found.read(name) == reading


def test_readings_apply_to_their_types_only() -> None:
    assert "Karajich" in foreign_readings("Karadzic", P)
    assert "Karajich" not in foreign_readings("Karadzic", L)  # Slavic -ić: people only
    assert "Shicago" in foreign_readings("Chicago", L)  # French ch: people and places
    assert "Shicago" not in foreign_readings("Chicago", C)
    assert foreign_readings("Seoul", C) == []  # nothing to read otherwise
    assert [r.name for r in FOREIGN_READINGS][:2] == ["inner th", "voiced final s"]  # order is key order


def test_renderings_meet_across_scripts() -> None:
    assert {skeleton(r) for r in renderings("아마존", C)} & {skeleton(r) for r in renderings("Amazon", C)}
    # a Hangul regnal number is read as the digits a Latin one becomes
    assert set(renderings("베네딕토 16세", P)) & set(renderings("베네딕토 16", P))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("맥케인", "매케인", True),
        ("버냉키", "버넹키", True),
        ("김민수", "김민서", False),  # Korean names have one spelling
    ],
)
def test_hangul_spelling_variants(a: str, b: str, same: bool) -> None:
    assert hangul_spelling_variants(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Dmitry Medvedev", "Dimitry Medvedev", True),
        ("Daniel Craig", "Danielle Craig", False),  # two letters apart
        ("Gadhafi", "Qaddafi", False),  # one word: not a personal name in words
        ("Muammar Gadhafi", "Moammar Qaddafi", False),
    ],
)
def test_latin_spelling_variants(a: str, b: str, same: bool) -> None:
    assert latin_spelling_variants(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("George W. Bush", "George Bush", True),
        ("조지 W. 부시", "조지 부시", True),
        ("George Bush", "George Bush", False),  # the same form is no variant
        ("George W. Bush", "Laura Bush", False),
    ],
)
def test_same_but_initials(a: str, b: str, same: bool) -> None:
    assert same_but_initials(a, b) is same


def test_acronyms_and_short_forms() -> None:
    assert abbreviates("IOC", "International Olympic Committee")
    assert not abbreviates("IOC", "Olympics")
    assert short_form("yahoo") == short_form("yahu") != ""
    assert short_form("abc") == ""  # fewer than four letters


def test_word_by_word_agreement() -> None:
    assert word_agreement(word_skeletons("에이미 와인하우스"), word_skeletons("Amy Winehouse")) == 0.86
    assert word_agreement(word_skeletons("마이클 블룸버그"), word_skeletons("Michael Bloomberg")) == 0.84
    assert word_agreement(word_skeletons("존 폴"), word_skeletons("John Paul")) == 0.0  # too short to mean much
    assert word_skeletons("김민수") is None  # a Korean name goes by its person key


def test_phonetic_score_prefers_the_exact_romanisation() -> None:
    assert phonetic_score("amajon", "Amazon") > 0.8
    assert phonetic_score("geumcheon", "Geumcheon") > phonetic_score("geumjeong", "Geumcheon")
