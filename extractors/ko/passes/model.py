"""The CRF model's spans cleaned (quotes, corporate forms, particles) and typed (lexicon, span typer, suffixes)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    AREA_ENDINGS,
    ORG_TYPES,
    Span,
    Tok,
)
from schema.text import all_hangul
from schema.types import AttrValue, EntityType

__all__ = ["LABEL_TYPES", "MODEL_SPANS", "clean", "country_before_noun", "leading_person"]

# The span typer overrides the CRF's type only when it is this sure (tuned on KLUE-NER dev:
# 0.7-0.9 give the same F1 within 0.003; below, it overrides too often).
_TYPER_MIN = 0.8


LABEL_TYPES = {"PS": EntityType.PERSON, "OG": EntityType.COMPANY, "LC": EntityType.PLACE}


# what a model span may carry glued after a country: 산 (made in) and 전 (the match against:
# "미얀마전과 라오스전이 남았다"; KLUE annotates the country alone)
_COUNTRY_AFFIXES = frozenset({"산", "전"})
# one-syllable particles Kiwi sometimes leaves glued to a place name (서 for 에서); not 도
# ("울릉도" is an island, not "울릉 too")
_GLUED_PARTICLES = frozenset("서이가은는을를의에와과")


def clean(
    ctx: Context, text: str, tokens: list[Tok], starts: list[int], s: int, e: int
) -> tuple[int, int, dict[str, AttrValue]]:
    """Trim quotes, corporate forms and trailing particles off a span (``starts``: the
    tokens' start offsets, in order)."""
    attrs: dict[str, AttrValue] = {}
    forms = ctx.lex.corporate_forms
    # most spans have none (one test of them all first)
    for form in forms if text.startswith(forms, s, e) or text.endswith(forms, s, e) else ():
        if text.startswith(form, s) and e - s > len(form):
            attrs["corporate_form"] = form
            s += len(form)
            break
        if text.endswith(form, s, e) and e - s > len(form):
            attrs["corporate_form"] = form
            e -= len(form)
            break
    for tok in reversed(tokens[bisect_right(starts, s) : bisect_left(starts, e)]):
        # cut only a particle that runs past the span's end; one the span ends exactly on is
        # left to the model, which learnt KLUE's particle-free spans ("국민회의" is a name)
        if s < tok.start < e and tok.end > e and tok.tag.startswith("J"):
            e = tok.start
    while s < e and not (text[s].isalnum()):
        s += 1
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in ")+"):
        e -= 1
    while e > s and text[e - 1] == ")" and "(" not in text[s:e]:
        e -= 1
    if "(" in text[s:e] and text.index("(", s, e) - s >= 2:
        # "유럽연합(EU", "유럽연합(EU)": the name ends before the bracket; a bracketed alias
        # is a mention of its own, linked to the name (the ``aliases`` pass)
        e = text.index("(", s, e)
        while e > s and text[e - 1].isspace():
            e -= 1
    if e - s > 1 and text[e - 1] in _COUNTRY_AFFIXES and text[s : e - 1] in ctx.lex.countries:
        e -= 1  # "멕시코산 고추" (made in Mexico), "러시아전" (the match against Russia)
    elif (
        e - s > 2
        and text[e - 1] in _GLUED_PARTICLES
        and text[s:e] not in ctx.lex.names
        and ctx.lex.names.get(text[s : e - 1]) is EntityType.PLACE
        and (text[e - 1] not in "이가" or text[s : e - 1] in ctx.lex.countries)
    ):
        # "뉴욕서" (in New York), "네팔이": a particle Kiwi did not split off; 이/가 only
        # after a country (아이치이 is iQiyi, not Aichi)
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    head, _, last = text[s:e].rpartition(" ")
    if head and last in ctx.lex.trailing_words:
        e = s + len(head.rstrip())
    return s, e, attrs


def country_before_noun(ctx: Context, text: str, tokens: list[Tok], starts: list[int], s: int, e: int) -> int:
    """The end of a place span that is a country glued to one common noun ("이라크정책", Iraq
    policy): the country's; a qualifier ("울산지역", "아시아지역") or an organisation
    ending stays in the span."""
    inside = tokens[bisect_left(starts, s) : bisect_left(starts, e)]
    if (
        len(inside) != 2
        or inside[0].start != s
        or inside[0].form not in ctx.lex.countries
        or text[s:e] in ctx.lex.names
        or " " in text[s:e]
        or inside[1].tag != "NNG"
    ):
        return e  # (one common noun only: "이라크합의전선" is the Iraqi Accord Front)
    rest = text[inside[0].end : e]
    if rest in ctx.lex.place_qualifiers or ctx.lex.has_org_suffix(rest) or rest.endswith(AREA_ENDINGS):
        return e
    return inside[0].end


def leading_person(ctx: Context, text: str, tokens: list[Tok], s: int, e: int) -> int | None:
    """End of a surname-shaped first word of an organisation span that a title follows."""
    lex = ctx.lex
    first = text[s:e].split(" ", 1)[0]
    after = [t for t in tokens if t.start >= e][:1]
    if not after or lex.title_of(after[0].form) is None:
        return None
    if (
        2 <= len(first) <= 4
        and first[0] in lex.surnames
        and all_hangul(first)
        and first not in lex.names
        and first not in lex.not_names
        and not lex.has_org_suffix(first)
    ):
        return s + len(first)
    return None


def _model_spans(ctx: Context, state: MentionState) -> MentionState:
    """The model's spans, cleaned and typed; a person the model ran into the front of an
    organisation before a title is split off ("임혜숙 과학기술정보통신부")."""
    text, tokens, starts = state.text, state.tokens, state.starts
    model: list[Span] = []
    for s, e, label, prob in state.model_spans:
        s, e, attrs = clean(ctx, text, tokens, starts, s, e)
        if e - s < 1 or text[s:e] in ctx.lex.not_names:
            continue
        etype, attrs = _typed(ctx, text, tokens, starts, s, e, label, attrs)
        name = text[s:e]
        if etype in ORG_TYPES and " " in name:
            person = leading_person(ctx, text, tokens, s, e)
            if person is not None:
                # "임혜숙 과학기술정보통신부" before a title: a person, then the organisation
                model.append(Span(s, person, EntityType.PERSON, prob, "model-split"))
                s = person + 1
                name = text[s:e]
                etype = ctx.lex.org_type(name)
        if etype is EntityType.PERSON:
            # "래퍼 블랙넛", "벨라루스 작가 스베틀라나 알렉세예비치": the occupation the model
            # ran into the front of a name is no part of it
            first, _, rest = name.partition(" ")
            while rest and first in ctx.lex.occupations:
                s += len(first) + 1
                name = rest
                first, _, rest = name.partition(" ")
        if etype is EntityType.PLACE:
            e = country_before_noun(ctx, text, tokens, starts, s, e)
        model.append(Span(s, e, etype, prob, "model", attrs))
    state.spans = model
    return state


def _typed(
    ctx: Context,
    text: str,
    tokens: list[Tok],
    starts: list[int],
    s: int,
    e: int,
    label: str,
    attrs: dict[str, AttrValue],
) -> tuple[EntityType, dict[str, AttrValue]]:
    """The type of the model span [s, e) labelled ``label``: a known name's, else the span
    typer's when it is sure, then refined by the name's ending and shape."""
    lex = ctx.lex
    etype = LABEL_TYPES[label]
    name = text[s:e]
    known = lex.names.get(name)
    if known is None and ctx.typer is not None:
        # a second opinion on the type from the whole span and its particles
        label2, p = ctx.typer.predict(text, tokens, s, e, starts)
        # a country stays a place: KLUE tags a country that acts (a team, a
        # government) OG, and the typer learnt that; the graph wants one country node
        if p >= _TYPER_MIN and label2 != label and not (label2 == "OG" and name in lex.countries):
            etype = LABEL_TYPES[label2]
            attrs = {**attrs, "typed_by": "span_typer"}
    if known is not None:
        etype = known
    elif etype is EntityType.COMPANY:
        etype = lex.org_type(name)
    elif etype is EntityType.PERSON and lex.has_org_suffix(name):
        # "외환은행" tagged PS: a name ending in 은행/그룹/위원회… is no person
        etype = lex.org_type(name)
    if known is None and etype is not EntityType.PLACE and len(name) >= 4 and name.endswith("스탄"):
        etype = EntityType.PLACE  # "발로치스탄", "쿠르디스탄": -stan names a land
    if etype in ORG_TYPES and " " in name:
        words = name.split(" ")
        if words[0] in lex.area_names and lex.names.get(words[-1]) is EntityType.PLACE:
            # "영국 잉글랜드 남부 본머스": a chain of places, whatever the model said
            etype = EntityType.PLACE
    return etype, attrs


MODEL_SPANS = Pass("model_spans", _model_spans, "the CRF model's spans, cleaned and typed")
