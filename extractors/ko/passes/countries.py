"""Countries named by a word for their people ("일본인") or by one syllable in "북핵"."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    Span,
    SpanIndex,
)
from schema.types import EntityType

__all__ = ["DEMONYMS", "NUCLEAR_NORTH", "demonym_countries", "nuclear_north"]

# "북핵", "북핵문제", "反북핵": North Korea's nuclear programme (not "남북핵" … handled as 남 + 북)
_NUCLEAR_NORTH = re.compile(r"(?<![가-힣])북핵")


def demonym_countries(ctx: Context, text: str, spans: list[Span]) -> None:
    """The country of a word for its people ("일본인", "미국인들은", "독일인의"), which no
    mention covers: a Place mention of the country with the attribute ``demonym`` (the
    word), as the English extractor reads "Japanese"; the graph links the people's country.
    KLUE's annotation leaves such words out ("한국인" is not LC), and so does its scorer."""
    if "인" not in text:
        return
    index = SpanIndex(spans)
    for m in ctx.lex.demonym_re.finditer(text):
        start, end = m.start("country"), m.end("country")
        overlapping = index.overlapping(start, m.end())
        if any(sp.source != "model" or (sp.start, sp.end) != (start, m.end("word")) for sp in overlapping):
            continue
        for sp in overlapping:  # the model's "노르웨이인" as a name: the people's word
            spans.remove(sp)
            index.remove(sp)
        spans.append(Span(start, end, EntityType.PLACE, 0.8, "rule", {"demonym": text[start : m.end("word")]}))
    spans.sort(key=lambda sp: (sp.start, sp.end))


def nuclear_north(text: str, spans: list[Span]) -> None:
    """North Korea named by its one-syllable name in "북핵" (its nuclear programme): a Place
    mention of 북 with the attribute ``compound`` (the word), which the resolver
    files under North Korea. KLUE tags it once and leaves it twice in the sentences it
    has, so its scorer leaves such mentions out as it does a people's word."""
    if "북핵" not in text:
        return
    index = SpanIndex(spans)
    for m in _NUCLEAR_NORTH.finditer(text):
        if index.overlapping(m.start(), m.end()):
            continue
        spans.append(Span(m.start(), m.start() + 1, EntityType.PLACE, 0.8, "rule", {"compound": m.group(0)}))
    spans.sort(key=lambda sp: (sp.start, sp.end))


def _demonyms(ctx: Context, state: MentionState) -> MentionState:
    demonym_countries(ctx, state.text, state.spans)
    return state


DEMONYMS = Pass("demonyms", _demonyms, "the country of a word for its people (일본인) is a Place mention")


def _nuclear_north_pass(ctx: Context, state: MentionState) -> MentionState:
    nuclear_north(state.text, state.spans)
    return state


NUCLEAR_NORTH = Pass("nuclear_north", _nuclear_north_pass, "북 of 북핵 is a Place mention of North Korea")
