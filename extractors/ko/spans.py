"""Spans, tokens and the small token helpers every pass shares.

A :class:`Tok` is a Kiwi morpheme with offsets relative to its sentence; a :class:`Span` is a
mention being decided (passes move its edges, retype it, nest places in it); a
:class:`SpanIndex` finds the spans overlapping a range without scanning them all.

>>> index = SpanIndex([Span(0, 3, EntityType.PLACE, 0.9, "lexicon")])
>>> [(sp.start, sp.end) for sp in index.overlapping(2, 5)], index.overlapping(3, 5)
([(0, 3)], [])
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from schema.text import is_hangul_char
from schema.types import AttrValue, EntityType

__all__ = [
    "AREA_ENDINGS",
    "OPEN_QUOTES",
    "ORG_TYPES",
    "Span",
    "SpanIndex",
    "Tok",
    "name_like",
    "noun_end",
    "stands_alone",
    "words_before",
]

ORG_TYPES = (EntityType.COMPANY, EntityType.ORGANIZATION)
# endings of an administrative area that can head a place chain ("경남 함양군")
AREA_ENDINGS = ("도", "시", "군", "구", "읍", "면", "동", "주", "성", "현")
OPEN_QUOTES = "‘“'\"「『<《〈"


@dataclass(slots=True)
class Tok:
    """A Kiwi token with offsets relative to its sentence."""

    form: str
    tag: str
    start: int
    len: int
    unknown: bool = False  # a noun Kiwi's dictionary lacks (a foreign name, most often)

    @property
    def end(self) -> int:
        return self.start + self.len


@dataclass(slots=True, eq=False)  # identity: spans are compared as objects, never by value
class Span:
    start: int
    end: int
    type: EntityType
    confidence: float
    source: str
    attributes: dict[str, AttrValue] = field(default_factory=dict)
    alias_of: Span | None = None  # resolved to a mention index once the spans are final
    # a place chain's larger places ("경남" of "경남 함양군"): mentions of their own inside it
    parts: tuple[tuple[int, int], ...] = ()
    # the person of a government named after its leader ("부시" of "부시 행정부"), inside it
    person_part: tuple[int, int] | None = None


class SpanIndex:
    """Spans by start offset, for finding those that overlap a range without scanning all of
    them (a sentence of tens of thousands of characters has thousands of spans)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._starts: list[int] = []
        self._spans: list[Span] = []
        self._longest = 0
        for sp in spans:
            self.add(sp)

    def add(self, sp: Span) -> None:
        at = bisect_right(self._starts, sp.start)
        self._starts.insert(at, sp.start)
        self._spans.insert(at, sp)
        self._longest = max(self._longest, sp.end - sp.start)

    def remove(self, sp: Span) -> None:
        at = bisect_left(self._starts, sp.start)
        while self._spans[at] is not sp:
            at += 1
        del self._starts[at], self._spans[at]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans that overlap [start, end), in start order."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [sp for sp in self._spans[lo:hi] if sp.end > start]


def noun_end(tokens: Sequence[Tok], start: int) -> int:
    """The end of the nouns of the word that starts at ``start`` (before its particle)."""
    end = start
    for t in tokens[bisect_left(tokens, start, key=lambda t: t.start) :]:
        if t.start != end or not t.tag.startswith(("NN", "SL", "SN", "XSN", "XR")) or t.tag == "NNB":
            break
        end = t.end
    return end


def words_before(text: str, tokens: Sequence[Tok], end: int, limit: int = 8) -> list[tuple[int, int]]:
    """The space-separated Hangul words that end at ``end``, nearest last, up to ``limit``;
    the walk stops at a word that ends in a particle or ending ("사원의", "후원자는"), at
    anything but Hangul and digits, and after a word that opens a quotation."""
    ends = {t.end: t for t in tokens}
    out: list[tuple[int, int]] = []
    pos = end
    while len(out) < limit and pos > 0:
        ws = text.rfind(" ", 0, pos) + 1
        quoted = False
        while ws < pos and text[ws] in OPEN_QUOTES:
            ws += 1
            quoted = True
        word = text[ws:pos]
        last = ends.get(pos)
        if (
            not word
            or not all(is_hangul_char(ch) or ch.isdigit() for ch in word)
            or last is None
            or last.tag.startswith(("J", "E", "V", "XSV", "XSA"))
        ):
            break
        out.append((ws, pos))
        if quoted or ws == 0 or text[ws - 1] != " ":
            break
        pos = ws - 1
    out.reverse()
    return out


def name_like(tok: Tok) -> bool:
    """A proper noun, or a noun Kiwi's dictionary lacks (a foreign name, most often)."""
    return tok.tag == "NNP" or (tok.tag == "NNG" and tok.unknown)


def stands_alone(tokens: Sequence[Tok], k: int) -> bool:
    """Whether token k ends a name: followed by a particle, ending, punctuation or nothing,
    not by another noun."""
    if k + 1 >= len(tokens):
        return True
    nxt = tokens[k + 1]
    return not nxt.tag.startswith(("NN", "SL", "SN", "XR", "XSN"))
