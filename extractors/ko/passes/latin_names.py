"""Names written in Latin letters inside a Korean sentence that the alias dictionary knows."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    Span,
    SpanIndex,
)

__all__ = ["LATIN_NAMES", "latin_known_names"]

# a run of Latin-letter words inside Korean text, not glued to Hangul before it
_LATIN_RUN = re.compile(r"(?<![A-Za-z0-9&.'\-])[A-Z][A-Za-z0-9&.'\-]*(?: [A-Za-z][A-Za-z0-9&.'\-]*)*")


def latin_known_names(ctx: Context, text: str, spans: list[Span]) -> None:
    """A name written in Latin letters inside a Korean sentence that the dictionary knows
    ("Los Angeles에 사는", "보잉이 아닌 EADS와") and no mention covers: a mention of the
    dictionary's type, the longest known run of words first."""
    if not _LATIN_RUN.search(text):
        return
    known = ctx.lex.latin_names
    index = SpanIndex(spans)
    for m in _LATIN_RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                start, end = m.start() + words[i].start(), m.start() + words[j - 1].end()
                etype = known.get(text[start:end])
                if etype is not None and not index.overlapping(start, end):
                    sp = Span(start, end, etype, 0.8, "lexicon", {"typed_by": "dictionary"})
                    spans.append(sp)
                    index.add(sp)
                    i = j
                    break
            else:
                i += 1
    spans.sort(key=lambda sp: (sp.start, sp.end))


def _latin_names(ctx: Context, state: MentionState) -> MentionState:
    latin_known_names(ctx, state.text, state.spans)
    return state


LATIN_NAMES = Pass("latin_names", _latin_names, "a dictionary name in Latin letters (Los Angeles에) is a mention")
