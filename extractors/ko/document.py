"""Document passes: what one sentence cannot tell. They run after every sentence of a text is
read, in the order of the extractor's ``DOCUMENT_PASSES``: a family name written alone after the
full name (``family_names``), then proper nouns no mention covers (``candidate_words``)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from extractors.ko.context import Context
from extractors.ko.reading import Sentence
from extractors.ko.spans import (
    name_like,
)
from schema.text import is_hangul_char
from schema.types import EntityType, ExtractedMention, Extraction

__all__ = ["CANDIDATES", "FAMILY_NAMES", "DocumentPass", "DocumentState", "candidate_words", "family_names_again"]

# what may stand right before a candidate word besides a space: an opening quote or bracket
_CANDIDATE_BEFORE = frozenset("“‘\"'(「『<《〈[")


def candidate_words(ctx: Context, out: Extraction, sentences: list[Sentence]) -> None:
    """Proper nouns (NNP, or nouns Kiwi does not know) standing as a word of their own that
    no mention covers ("창기라이가
    …", "매케인에 대한"): candidates, kept only if they name an entity the graph already has
    (``Extraction.candidates``). Hangul, two syllables or more, followed by a particle or
    nothing; not a known name, a title or a word of the no-name list."""
    lex = ctx.lex
    # the mentions by start, with the furthest end of those up to each: a range [a, b)
    # overlaps one iff the furthest end of those starting before b is past a
    taken = sorted((m.start, m.end) for m in out.mentions)
    taken_starts = [s for s, _ in taken]
    furthest = list(itertools.accumulate((e for _, e in taken), max, initial=-1))
    for _, offset, text, tokens, _ in sentences:
        n = len(tokens)
        k = 0
        while k < n:
            tok = tokens[k]
            if tok.tag != "NNP" and not tok.unknown:  # the cheap test first: most tokens
                k += 1
                continue
            j = k
            while j + 1 < n and name_like(tokens[j + 1]) and tokens[j + 1].start == tokens[j].end:
                j += 1
            a, b = tok.start, tokens[j].end
            k = j + 1
            if a > 0 and not (text[a - 1].isspace() or text[a - 1] in _CANDIDATE_BEFORE):
                continue
            if k < n and tokens[k].start == b and not tokens[k].tag.startswith("J"):
                continue  # glued to a noun, a suffix or an ending: part of another word
            word = text[a:b]
            if (
                len(word) < 2
                or not all(is_hangul_char(ch) for ch in word)
                or word in lex.names
                or word in lex.not_names
                or lex.title_of(word) is not None
                or furthest[bisect_left(taken_starts, offset + b)] > offset + a
            ):
                continue
            out.candidates.append(
                ExtractedMention(
                    start=offset + a,
                    end=offset + b,
                    text=word,
                    type=EntityType.PERSON,  # a placeholder: the entity it names decides
                    confidence=0.5,
                    sentence_start=offset,
                    sentence_end=offset + len(text),
                    attributes={"source": "candidate"},
                )
            )


def family_names_again(ctx: Context, out: Extraction, sentences: list[Sentence]) -> None:
    """A foreign person named in full in the text ("크리스찬 베일이 …") and elsewhere in it by
    the family name alone ("베일은 …", "베일의 홍보담당자"), which the model seldom tags on
    its own: the lone word is a Person mention of that person (attribute ``full_name``,
    source "document"), as the English extractor finds "Bale" after "Christian Bale". Not
    when two people of the text bear the name, before the full name is written, nor for
    a word that is a known name, a title or a common word glued to a following noun."""
    lex = ctx.lex
    bearers: dict[str, set[str]] = {}
    first_at: dict[str, int] = {}  # where the full name is first written
    for m in out.mentions:
        words = m.text.split()
        if m.type is not EntityType.PERSON or len(words) < 2 or m.attributes.get("credit"):
            continue
        family = words[-1]
        if len(family) >= 2 and all(is_hangul_char(ch) for ch in family):
            bearers.setdefault(family, set()).add(m.text)
            first_at[family] = min(first_at.get(family, m.start), m.start)
    names = {
        family: next(iter(full))
        for family, full in bearers.items()
        if len(full) == 1 and family not in lex.names and family not in lex.not_names and lex.title_of(family) is None
    }
    if not names:
        return
    taken = sorted((m.start, m.end) for m in out.mentions)
    for _, offset, text, tokens, _ in sentences:
        if not any(family in text for family in names):
            continue  # most sentences: none of the names
        starts = {t.start: k for k, t in enumerate(tokens)}
        ends = {t.end: k for k, t in enumerate(tokens)}
        for family, full in names.items():
            for found in re.finditer(re.escape(family), text):
                a, b = found.start(), found.end()
                if a not in starts or b not in ends or (a > 0 and is_hangul_char(text[a - 1])):
                    continue
                k = ends[b] + 1
                if k < len(tokens) and tokens[k].start == b and not tokens[k].tag.startswith("J"):
                    continue  # glued to a noun or an ending: another word
                if offset + a < first_at[family] or any(s < offset + b and offset + a < e for s, e in taken):
                    continue  # news names a person in full first ("뷰티 신" before "설리 뷰티")
                out.mentions.append(
                    ExtractedMention(
                        start=offset + a,
                        end=offset + b,
                        text=family,
                        type=EntityType.PERSON,
                        confidence=0.6,
                        sentence_start=offset,
                        sentence_end=offset + len(text),
                        attributes={"full_name": full, "source": "document"},
                    )
                )
                taken.append((offset + a, offset + b))


@dataclass(slots=True)
class DocumentState:
    """One text's result so far and its sentences."""

    result: Extraction
    sentences: list[Sentence]


@dataclass(frozen=True, slots=True)
class DocumentPass:
    """A named step run once per text, after its sentences."""

    name: str
    run: Callable[[Context, DocumentState], DocumentState]
    doc: str = ""

    def __call__(self, ctx: Context, state: DocumentState) -> DocumentState:
        return self.run(ctx, state)


def _family_names(ctx: Context, state: DocumentState) -> DocumentState:
    family_names_again(ctx, state.result, state.sentences)
    return state


def _candidates(ctx: Context, state: DocumentState) -> DocumentState:
    candidate_words(ctx, state.result, state.sentences)
    return state


FAMILY_NAMES = DocumentPass("family_names", _family_names, "a family name alone after the full name is that person")
CANDIDATES = DocumentPass("candidate_words", _candidates, "proper nouns no mention covers, as candidates")
