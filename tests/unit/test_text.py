"""``schema.text``'s Hangul checks (regex scans) agree with their definition, a comparison of
each character with the syllable range 가..힣, on every code point of the Basic Multilingual Plane
and on mixed strings."""

from __future__ import annotations

from schema.text import HANGUL_FIRST, HANGUL_LAST, all_hangul, has_hangul, is_hangul_char


def _defined(text: str) -> tuple[bool, bool]:
    inside = [HANGUL_FIRST <= ch <= HANGUL_LAST for ch in text]
    return any(inside), bool(text) and all(inside)


def test_every_character_of_the_bmp() -> None:
    for code in range(0x10000):
        ch = chr(code)
        assert (has_hangul(ch), all_hangul(ch)) == _defined(ch) == (is_hangul_char(ch), is_hangul_char(ch)), hex(code)


def test_strings() -> None:
    for text in [
        "",
        "아마존",
        "SK텔레콤",
        "Amazon",
        "가 나",
        "ㄱㄴ",
        "힣\n",
        "\ud7a4가",
        "각\u0300",
        "Société Générale",
    ]:
        assert (has_hangul(text), all_hangul(text)) == _defined(text), text
