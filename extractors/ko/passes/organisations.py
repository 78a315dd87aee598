"""Organisations named after a country or a person: armed forces ("미군") and governments ("부시 행정부")."""

from __future__ import annotations

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    SpanIndex,
    Tok,
)
from schema.types import EntityType

__all__ = ["NATIONAL_FORCES", "PERSON_GOVERNMENTS", "national_forces", "person_governments"]

# words after a leader's name that make it the name of a government ("부시 행정부", "아베 정권")
_GOVERNMENT_WORDS = ("행정부", "정부", "정권", "내각")


def national_forces(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A country's armed forces written as one word ("미군", "북한군", "이스라엘군") are an
    organisation, as KLUE tags them, with the country as a mention nested inside it (the
    U.S. of "U.S. troops"); found also where the model left the word out."""
    lex = ctx.lex

    def country_of(word: str) -> str:
        stem = word[:-1]
        if word.endswith("군") and (stem in lex.countries and (len(stem) >= 2 or stem in "미중북")):
            return stem
        return ""

    if "군" not in text:
        return
    covered = SpanIndex(spans)
    for sp in spans:
        country = country_of(text[sp.start : sp.end])
        if country and sp.type is not EntityType.PERSON:
            sp.type = EntityType.ORGANIZATION
            sp.parts = ((sp.start, sp.start + len(country)),)
    for k, tok in enumerate(tokens):
        end = tok.end
        word = tok.form
        if k + 1 < len(tokens) and tokens[k + 1].start == end and tokens[k + 1].form == "군":
            end, word = tokens[k + 1].end, word + "군"
        country = country_of(word) if text[tok.start : end] == word else ""
        if not country or covered.overlapping(tok.start, end):
            continue
        if tok.start > 0 and (text[tok.start - 1].isalnum()):
            continue  # inside a longer word
        sp = Span(
            tok.start, end, EntityType.ORGANIZATION, 0.6, "forces", parts=((tok.start, tok.start + len(country)),)
        )
        spans.append(sp)
        covered.add(sp)
    spans.sort(key=lambda x: x.start)


def person_governments(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A government named after its leader ("부시 행정부", "아베 정권", "김대중 정부"): one
    Organization mention as KLUE annotates it (the model gives the person and 행정부 apart,
    and 행정부 alone would gather every government into one node), with the person as a
    mention inside it, as the English extractor reads "the Bush administration"."""
    if not any(w in text for w in _GOVERNMENT_WORDS):
        return
    lex = ctx.lex
    by_start = {t.start: t for t in tokens}
    for sp in sorted(spans, key=lambda x: x.start):
        if sp.type in ORG_TYPES and sp.person_part is None and text.count(" ", sp.start, sp.end) == 1:
            # the model's whole "클린턴 행정부": the person inside it, unless a place
            first, _, gov = text[sp.start : sp.end].partition(" ")
            if gov in _GOVERNMENT_WORDS and len(first) >= 2 and first not in lex.names and first not in lex.area_names:
                sp.person_part = (sp.start, sp.start + len(first))
                sp.type = EntityType.ORGANIZATION  # "아베 정권" read as a company
                sp.attributes = {**sp.attributes, "government_of": first}
            continue
        if sp.type is not EntityType.PERSON or text[sp.end : sp.end + 1] != " " or sp.end + 1 not in by_start:
            continue
        begin = sp.end + 1
        gov = next((w for w in _GOVERNMENT_WORDS if text.startswith(w, begin)), "")
        end = begin + len(gov)
        after = by_start.get(end)
        if not gov or (after is not None and not after.tag.startswith("J")):
            continue  # "정부청사", "정부군": another word
        inside = [o for o in spans if o is not sp and o.start < end and begin < o.end]
        if any((o.start, o.end) != (begin, end) for o in inside):
            continue
        for o in [*inside, sp]:
            spans.remove(o)
        gov_span = Span(
            sp.start,
            end,
            EntityType.ORGANIZATION,
            sp.confidence,
            "rule",
            {"typed_by": "government", "government_of": text[sp.start : sp.end]},
        )
        gov_span.person_part = (sp.start, sp.end)
        spans.append(gov_span)
    spans.sort(key=lambda x: (x.start, x.end))


def _national_forces_pass(ctx: Context, state: MentionState) -> MentionState:
    national_forces(ctx, state.text, state.tokens, state.spans)
    return state


NATIONAL_FORCES = Pass(
    "national_forces",
    _national_forces_pass,
    "a country's armed forces (미군) are an organisation with the country inside",
)


def _person_governments_pass(ctx: Context, state: MentionState) -> MentionState:
    person_governments(ctx, state.text, state.tokens, state.spans)
    return state


PERSON_GOVERNMENTS = Pass(
    "person_governments",
    _person_governments_pass,
    "a government named after its leader (부시 행정부), the person inside",
)
