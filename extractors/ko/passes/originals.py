"""A name followed by its original in Latin letters ("시라즈 와하즈 (Siraj Wahhaj)"): one mention and an alias."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    OPEN_QUOTES,
    Span,
    Tok,
    words_before,
)
from schema.text import is_hangul_char
from schema.translit import romanize, similarity, skeleton
from schema.types import TYPE_GROUP, EntityType

__all__ = ["ORIGINALS", "add_original", "originals", "transliterated"]

_ORIGINAL_RE = re.compile(r" ?\(([A-Z][A-Za-z0-9'’.&-]*(?: [A-Za-z0-9'’.&-]+){0,7})\)")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&-]{1,7}")
_LATIN_STOPWORDS = frozenset({"of", "and", "the", "for", "de", "la", "le", "du", "des", "&", "in", "on", "at"})


def originals(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A name followed by its original in Latin letters: "시라즈 와하즈 (Siraj Wahhaj)",
    "사우스 차이나 모닝 포스트(The South China Morning Post)", "국제펜싱연맹(FIE)". The
    Korean words the Latin name transliterates (the first word must sound alike, or the
    whole) become one mention, and the Latin name a mention linked to it as an alias, so
    the entity carries both names on the text's own evidence. An acronym counts only after
    a word with an organisation ending. A new mention needs a type from a known name, the
    English words (Films, Post, Ministry, River…), an organisation ending or a person's
    shape; otherwise ("링슈트라세 (Ringstrasse)", a quoted title "‘다크 나이트’(Dark
    Knight)", an event "…어워드 (… Awards)") only a mention already there gets the alias."""
    if "(" not in text:
        return
    lex = ctx.lex
    for m in _ORIGINAL_RE.finditer(text):
        latin_start = m.start(1) + (4 if m.group(1).startswith(("The ", "the ")) else 0)
        latin_end = m.end(1)
        latin = text[latin_start:latin_end]
        end = m.start()  # the Korean name ends here ("(" or the space before it)
        if end == 0 or not is_hangul_char(text[end - 1]):
            continue
        words = words_before(text, tokens, end)
        if not words:
            continue
        if _ACRONYM_RE.fullmatch(latin):
            ws, _ = words[-1]
            name = text[ws:end]
            if len(name) < 3 or not name[1:].endswith(lex.body_suffixes):
                continue  # "국제펜싱연맹(FIE)", not "자유무역협정(FTA)" or "초단파무선통신(VHF)"
            found: tuple[int, EntityType | None, bool] | None = (ws, lex.org_type(name), True)
        else:
            found = transliterated(ctx, text, tokens, words, latin)
        if found is not None:
            add_original(spans, found[0], end, found[1], found[2], latin_start, latin_end)


def transliterated(
    ctx: Context, text: str, tokens: list[Tok], words: list[tuple[int, int]], latin: str
) -> tuple[int, EntityType | None, bool] | None:
    """Where the Korean name before ``latin`` starts: the leftmost of its last n+1 words
    (n: the Latin name's words) that sounds like the Latin name's first word, else the
    words that together sound like all of it; with the name's type (None: do not add a
    mention) and whether that type is certain enough to overrule the model's."""
    lex = ctx.lex
    parts = [w for w in latin.split() if w.lower() not in _LATIN_STOPWORDS]
    if not parts or parts[-1] in lex.en_event_words:
        return None
    window = words[-(len(parts) + 1) :]
    first = skeleton(parts[0])
    start = next((ws for ws, we in window if len(first) >= 2 and skeleton(romanize(text[ws:we])) == first), None)
    if start is None:
        whole = skeleton("".join(parts))
        end = window[-1][1]
        start = next(
            (
                ws
                for ws, _ in (window if len(parts) > 1 else window[-1:])
                if similarity(skeleton(romanize(text[ws:end].replace(" ", ""))), whole) >= 0.75
            ),
            None,
        )
        if start is None:
            return None
    name = text[start : window[-1][1]]
    known = lex.names.get(name)
    if known is not None:
        return start, known, True
    last = parts[-1].rstrip(".")
    if last in lex.en_company_words:
        return start, EntityType.COMPANY, True
    if any(p in lex.en_org_words for p in parts):
        return start, EntityType.ORGANIZATION, True
    if last in lex.en_place_words:
        return start, EntityType.PLACE, True
    if lex.has_org_suffix(name.replace(" ", "")):
        return start, lex.org_type(name), True
    quoted = start > 0 and text[start - 1] in OPEN_QUOTES
    if not quoted and len(parts) in (2, 3) and name.count(" ") + 1 == len(parts) and lex.person_shaped(name):
        return start, EntityType.PERSON, False  # "시라즈 와하즈 (Siraj Wahhaj)"
    return start, None, False


def add_original(
    spans: list[Span],
    start: int,
    end: int,
    etype: EntityType | None,
    certain: bool,
    latin_start: int,
    latin_end: int,
) -> None:
    """The Korean name as one mention (replacing fragments of it; a mention that runs past
    either edge wins) and its Latin original as an alias of it."""
    inside = [sp for sp in spans if start < sp.end and sp.start < end]
    if any(sp.start < start or sp.end > end for sp in inside):
        return
    name = next((sp for sp in inside if sp.start == start and sp.end == end), None)
    if name is None:
        if etype is None:
            return
        for sp in inside:
            spans.remove(sp)
        name = Span(start, end, etype, 0.7, "original")
        spans.append(name)
    elif certain and etype is not None and TYPE_GROUP[name.type] != TYPE_GROUP[etype]:
        name.type = etype  # "마르스 (Mars Inc.)": a company, whatever the model said
    latin = [sp for sp in spans if latin_start < sp.end and sp.start < latin_end]
    if not latin:
        spans.append(Span(latin_start, latin_end, name.type, 0.7, "original", alias_of=name))
    elif len(latin) == 1 and (latin[0].start, latin[0].end) == (latin_start, latin_end):
        latin[0].alias_of = name
        latin[0].type = name.type
    spans.sort(key=lambda sp: sp.start)


def _originals_pass(ctx: Context, state: MentionState) -> MentionState:
    originals(ctx, state.text, state.tokens, state.spans)
    return state


ORIGINALS = Pass("originals", _originals_pass, "a name and its Latin original: one mention and an alias")
