"""Legal-form words of company names (Co., Ltd., Inc., Corp., (주), 주식회사 ...): removing them,
and telling a bare form from a name. The forms are the data file
``schema/aliases/data/corporate_forms.tsv``, read once.

Example::

    >>> strip_corporate_form("(주)SK텔레콤")
    'SK텔레콤'
    >>> strip_corporate_form("Samsung Electronics Co., Ltd.")
    'Samsung Electronics'
    >>> is_corporate_form("Co.")
    True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from schema.data_tables import read_tsv
from schema.text import has_hangul

__all__ = ["is_corporate_form", "strip_corporate_form"]

# the bracketed forms, written anywhere in a name ("(주)SK텔레콤", "삼성전자㈜")
_BRACKETED = r"\(\s*(?:주|유|사|재)\s*\)|㈜"
# "CDNetworksCo.,Ltd." - the form glued to the name
_GLUED_FORM = re.compile(r"(?<=[A-Za-z])(?:Co|CO)\.?\s*,?\s*(?:Ltd|LTD)\.?$")
# the last word of a name and what trails it (spaces, commas, dots)
_LAST_WORD = re.compile(r"[^\s,.]*[\s,.]*\Z")
_SEPARATOR = re.compile(r"[\s,.]")


@dataclass(frozen=True)
class _Forms:
    latin: re.Pattern[str]  # Latin forms as whole trailing words ("Inc." but not the "co" of "Coupang")
    hangul: re.Pattern[str]  # Hangul forms at either end
    keys: frozenset[str]  # every form without spaces, dots, commas, brackets; case-folded
    hint: re.Pattern[str]  # what a name holds when a Hangul or bracketed form may go
    finals: frozenset[str]  # the last words of the Latin forms, case-folded


@cache
def _forms() -> _Forms:
    forms = [r[0] for r in read_tsv("corporate_forms.tsv")]
    latin = sorted((f for f in forms if not has_hangul(f)), key=len, reverse=True)
    hangul = sorted((f for f in forms if has_hangul(f)), key=len, reverse=True)
    alt_l = "|".join(re.escape(f) for f in latin)
    alt_h = "|".join(re.escape(f) for f in hangul)
    return _Forms(
        latin=re.compile(rf"(?:[\s,.]+(?:{alt_l})\.?)+\s*$", re.IGNORECASE),
        hangul=re.compile(rf"^\s*(?:{alt_h})\s*|\s*(?:{alt_h})\s*$"),
        keys=frozenset({re.sub(r"[\s.,()]", "", f).casefold() for f in forms} | {"주", "㈜"}),
        hint=re.compile("|".join([*(re.escape(f) for f in hangul), _BRACKETED])),
        finals=frozenset(re.split(r"[\s,.]+", f.strip(" ,."))[-1].casefold() for f in latin),
    )


@lru_cache(maxsize=65536)  # asked of every name the dictionary does not know
def is_corporate_form(name: str) -> bool:
    """True when ``name`` is nothing but a legal form ("LTD", "Co.", "주식회사"): an
    extractor's broken span, not a name."""
    key = re.sub(r"[\s.,()]", "", unicodedata.normalize("NFKC", name)).casefold()
    return bool(key) and key in _forms().keys


def strip_corporate_form(name: str) -> str:
    """Remove legal-form words: Co., Ltd., Inc., Corp., (주), 주식회사 ... ("SK텔레콤(주)" ->
    "SK텔레콤"). Returns the name unchanged when nothing else would remain."""
    text = unicodedata.normalize("NFKC", name).strip()
    return text if _holds_no_form(text) else _strip_forms(text)


def _holds_no_form(text: str) -> bool:
    """True when ``strip_corporate_form`` would leave ``text`` (NFKC, stripped) as it is: the
    fast path for the names (most of them) with no legal-form word; a last word outside ASCII
    is left to the full rules (case-insensitive matching differs from ``casefold`` there)."""
    forms = _forms()
    if forms.hint.search(text):
        return False
    match = _LAST_WORD.search(text)
    last = _SEPARATOR.split(match.group(), 1)[0] if match else text
    folded = last.casefold()
    return last.isascii() and folded not in forms.finals and not folded.endswith("ltd")


def _strip_forms(text: str) -> str:
    """``strip_corporate_form`` of an NFKC, stripped name, by the full rules."""
    forms = _forms()
    out = forms.hangul.sub("", text)
    out = re.sub(_BRACKETED, "", out).strip()
    prev = None
    while prev != out:
        prev = out
        out = _GLUED_FORM.sub("", out)
        out = forms.latin.sub("", out).strip(" ,")
    if not out or out == text.strip(" ,"):
        return text
    return out.rstrip(".") if out.endswith(".") and not re.search(r"\.\w+\.$", out) else out
