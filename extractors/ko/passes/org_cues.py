"""Names before 관계자/측/대변인 (``org_cues.tsv``) are organisations: "11번가 관계자는" speaks for 11번가."""

from __future__ import annotations

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    Tok,
)
from schema.types import EntityType

__all__ = ["ORG_CUES", "org_cue_types"]


def org_cue_types(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A name right before 관계자/측/대변인 (``org_cues.tsv``) is an organisation: "11번가
    관계자는" speaks for 11번가. Person spans there are retyped, and a bare run of proper
    nouns there ("SK 측은") becomes an organisation mention."""
    cue_at: dict[int, str] = {}  # where a cue token starts -> its mode
    org_cues = ctx.lex.org_cues
    for tok in tokens:
        if tok.form in org_cues and tok.tag.startswith(("NN", "SL")):
            cue_at[tok.start] = org_cues[tok.form]
    if not cue_at:
        return
    _cut_cues_off(ctx, text, tokens, spans, cue_at)
    _retype_people(ctx, text, spans, cue_at)
    _bare_runs(ctx, text, tokens, spans, cue_at)
    org_cue_whole_words(ctx, text, tokens, spans, cue_at)


def _cue_after(text: str, cue_at: dict[int, str], end: int) -> str | None:
    """The mode of the cue right after ``end`` (glued or one space on), if any."""
    if end in cue_at:
        return cue_at[end]
    return cue_at.get(end + 1) if text[end : end + 1] == " " else None


def _cut_cues_off(ctx: Context, text: str, tokens: list[Tok], spans: list[Span], cue_at: dict[int, str]) -> None:
    """The model ran the name into the cue ("이스라엘 관계자"): the cue is never part of it."""
    cue_end = {t.start: t.end for t in tokens if t.start in cue_at}
    for sp in spans:
        inner = [c for c in cue_at if sp.start < c and cue_end[c] <= sp.end]
        if inner:
            sp.end = min(inner)
            while sp.end > sp.start and text[sp.end - 1].isspace():
                sp.end -= 1
            sp.type = ctx.lex.cue_type(text[sp.start : sp.end])
    spans[:] = [sp for sp in spans if sp.end > sp.start]


def _retype_people(ctx: Context, text: str, spans: list[Span], cue_at: dict[int, str]) -> None:
    """A person span before a cue speaks for an organisation (or a place), unless it is a
    known person or, for "unless_person_name" cues, a person's name."""
    for sp in spans:
        if sp.type is not EntityType.PERSON:
            continue
        mode = _cue_after(text, cue_at, sp.end)
        name = text[sp.start : sp.end]
        if mode is None or ctx.lex.names.get(name) is EntityType.PERSON:
            continue
        if mode == "unless_person_name" and ctx.person_name(name):
            continue
        sp.type = ctx.lex.cue_type(name)


def _bare_runs(ctx: Context, text: str, tokens: list[Tok], spans: list[Span], cue_at: dict[int, str]) -> None:
    """A run of touching proper nouns ending right before a cue, that no span covers: a mention
    ("SK 측은")."""
    names = ("NNP", "SL", "SN")
    for k, tok in enumerate(tokens):
        if tok.tag not in names:
            continue
        j = k
        while j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end and tokens[j + 1].tag in names:
            j += 1
        if k > 0 and tokens[k - 1].end == tok.start and tokens[k - 1].tag in names:
            continue  # not the start of the run
        s, e = tok.start, tokens[j].end
        name = text[s:e]
        mode = _cue_after(text, cue_at, e)
        if (
            mode is None
            or name in ctx.lex.not_names
            or (mode == "unless_person_name" and ctx.person_name(name))
            or any(sp.start < e and s < sp.end for sp in spans)
            or (s > 0 and not text[s - 1].isspace() and text[s - 1] not in "\"'“‘([")
        ):
            continue
        spans.append(Span(s, e, ctx.lex.cue_type(name), 0.6, "org-cue"))


def org_cue_whole_words(ctx: Context, text: str, tokens: list[Tok], spans: list[Span], cue_at: dict[int, str]) -> None:
    """The whole word (어절) before an "always" cue is the organisation's name: the model
    often keeps only a fragment of a long compound name ("아시아" of
    "아시아퍼시픽10호선박투자회사 관계자는", "메리츠" of "메리츠종합금융 관계자는"). Only a word
    that holds a proper noun, foreign letters or a found name counts, so "업계 관계자는"
    and "회사 관계자는" stay nameless; a word ending in a particle ("…의 관계자") is left
    alone."""
    for cue_start, mode in cue_at.items():
        if mode != "always" or cue_start < 2 or text[cue_start - 1] != " ":
            continue
        end = cue_start - 1
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while start < end and text[start] in "\"'“‘([<《〈":
            start += 1
        if end - start < 2 or not all(ch.isalnum() or ch in "&.-·" for ch in text[start:end]):
            continue
        inside = [t for t in tokens if start <= t.start and t.end <= end]
        if not inside or inside[-1].tag.startswith(("J", "E", "X")):
            continue  # a particle or ending closes the word: not a bare name
        found = [sp for sp in spans if start <= sp.start and sp.end <= end]
        if (
            not found
            and not any(t.tag in ("NNP", "SL") for t in inside)
            and not ctx.lex.cue_company_word(text[start:end], inside)
        ):
            continue
        if any(sp.start < start < sp.end or sp.start < end < sp.end for sp in spans):
            continue  # a span crosses the word boundary: leave the model's reading
        name = text[start:end]
        whole = len(found) == 1 and (found[0].start, found[0].end) == (start, end)
        if whole and found[0].type is not EntityType.PERSON:
            # already the whole word, typed as an organisation or place; only an
            # administrative division the model called an organisation becomes a place
            if found[0].type in ORG_TYPES and ctx.lex.cue_type(name) is EntityType.PLACE:
                found[0].type = EntityType.PLACE
            continue
        for sp in found:
            spans.remove(sp)
        spans.append(Span(start, end, ctx.lex.cue_type(name), 0.6, "org-cue-word"))


def _org_cues(ctx: Context, state: MentionState) -> MentionState:
    org_cue_types(ctx, state.text, state.tokens, state.spans)
    return state


ORG_CUES = Pass("org_cues", _org_cues, "a name before 관계자/측/대변인 is an organisation")
