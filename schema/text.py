"""Text and script helpers every stage uses: one Hangul check and one name normalisation.

Example::

    >>> from schema.text import has_hangul, all_hangul, normalize_name
    >>> has_hangul("SK텔레콤"), all_hangul("아마존"), all_hangul("SK텔레콤")
    (True, True, False)
    >>> normalize_name("  Ｓamsung   Electronics ")
    'samsung electronics'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["HANGUL_FIRST", "HANGUL_LAST", "all_hangul", "has_hangul", "is_hangul_char", "normalize_name"]

HANGUL_FIRST = "\uac00"  # 가, the first precomposed Hangul syllable
HANGUL_LAST = "\ud7a3"  # 힣, the last
# the same range as a regex: a C-level scan, 3-7 times faster than a comparison per character
_HANGUL_SEARCH = re.compile(f"[{HANGUL_FIRST}-{HANGUL_LAST}]").search
_ALL_HANGUL = re.compile(f"[{HANGUL_FIRST}-{HANGUL_LAST}]+").fullmatch


def is_hangul_char(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가..힣); jamo and punctuation are not."""
    return HANGUL_FIRST <= ch <= HANGUL_LAST


def has_hangul(text: str) -> bool:
    """True when any character of ``text`` is a Hangul syllable."""
    return _HANGUL_SEARCH(text) is not None


def all_hangul(text: str) -> bool:
    """True when ``text`` is not empty and every character is a Hangul syllable."""
    return _ALL_HANGUL(text) is not None


def normalize_name(text: str) -> str:
    """NFKC, case-folded, inner whitespace collapsed: the form names are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
