"""The last sentence passes: deal partners, bylines, corporate forms, photo credits, bracketed aliases."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import Byline, MentionState, Pass
from extractors.ko.relations.coref import anaphors
from extractors.ko.relations.partners import deal_partners
from extractors.ko.relations.reader import Rel
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    Tok,
)
from schema.types import EntityType, RelationType

__all__ = ["ALIASES", "BYLINES", "CORPORATE_FORMS", "CREDITS", "DEAL_PARTNERS", "byline_relations", "link_aliases"]

# bylines: "[더팩트|이민주 기자]", "(서울=뉴스1) 홍길동 기자"
_BYLINE_RES = (
    re.compile(r"\[(?P<org>[^\[\]|=]{1,20})\s*[|=]\s*(?P<person>[가-힣]{2,4})\s*(?P<title>기자|특파원)\]"),
    re.compile(
        r"\((?P<place>[^()=]{1,10})=(?P<org>[^()=]{1,20})\)\s*(?P<person>[가-힣]{2,4})\s*(?P<title>기자|특파원)"
    ),
)


def link_aliases(text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """ "신세계그룹(이마트)": the parenthesised name becomes an alias of the one before it;
    a bare proper noun in the parentheses is added as a mention first."""
    for sp in list(spans):
        if sp.type not in ORG_TYPES or not text.startswith("(", sp.end):
            continue
        close = text.find(")", sp.end + 1)
        if close < 0 or close - sp.end > 25:
            continue
        inner = [x for x in spans if x.start == sp.end + 1 and x.end == close]
        if inner:
            inner[0].alias_of = sp
            continue
        in_toks = [t for t in tokens if sp.end < t.start and t.end <= close]
        if in_toks and all(t.tag in ("NNP", "SL") for t in in_toks) and in_toks[0].start == sp.end + 1:
            spans.append(Span(sp.end + 1, close, sp.type, 0.6, "alias", {}, alias_of=sp))
            spans.sort(key=lambda s: s.start)


def _deal_partners(ctx: Context, state: MentionState) -> MentionState:
    """The partner of a deal that no mention names yet ("…가 포시마크를 인수했다"): a Company."""
    # the model's unsure guess of a person does not stand in the way ("이 회사는 엔비디아와 손잡았다")
    unsure = [sp for sp in state.spans if sp.source == "model" and sp.type is EntityType.PERSON and sp.confidence < 0.5]
    parties = [(sp.start, sp.end, sp.type in ORG_TYPES) for sp in state.spans if sp not in unsure]
    parties += [(a, b, True) for a, b, kind in anaphors(state.tokens) if kind == "org"]  # "이 회사는 …와 손잡았다"
    found = deal_partners(state.text, state.tokens, parties, ctx.deal_words, ctx.lex.person_shaped)
    if found:
        replaced = [sp for sp in unsure if any(sp.start < b and a < sp.end for a, b in found)]
        state.spans = [sp for sp in state.spans if sp not in replaced]
        state.spans += [Span(a, b, EntityType.COMPANY, 0.7, "deal-partner") for a, b in found]
        state.spans.sort(key=lambda sp: sp.start)
    return state


def _bylines(ctx: Context, state: MentionState) -> MentionState:
    """Byline mentions ("[더팩트|이민주 기자]", "(서울=뉴스1) 홍길동 기자") replace what overlaps
    them; the person and organisation pairs are kept for their WORKS_FOR relations
    (:func:`byline_relations`). The spans leave sorted by start."""
    text, spans = state.text, state.spans
    for pattern in _BYLINE_RES:
        for m in pattern.finditer(text):
            org = Span(m.start("org"), m.end("org"), EntityType.COMPANY, 0.85, "byline")
            person = Span(m.start("person"), m.end("person"), EntityType.PERSON, 0.85, "byline")
            for new in (org, person):
                for sp in [sp for sp in spans if sp.start < new.end and new.start < sp.end]:
                    spans.remove(sp)
                spans.append(new)
            state.bylines.append((person, org, m.group("title")))
    spans.sort(key=lambda s: s.start)
    return state


def byline_relations(bylines: list[Byline], final: list[Span]) -> list[Rel]:
    """WORKS_FOR of each byline's person and organisation still among the ``final`` spans."""
    out: list[Rel] = []
    for person, org, title in bylines:
        if person in final and org in final:
            out.append(
                (final.index(person), final.index(org), RelationType.WORKS_FOR, "ko:byline", 0.9, {"title": title})
            )
    return out


def _corporate_forms(ctx: Context, state: MentionState) -> MentionState:
    """ "(주)아성다이소", "주식회사 카카오", "경안레저산업(주)": the form stays outside the name and
    is kept as the attribute ``corporate_form``."""
    text, forms = state.text, ctx.lex.corporate_forms
    for sp in state.spans:
        if sp.type in ORG_TYPES and "corporate_form" not in sp.attributes:
            before = text[: sp.start].rstrip()
            if not (before.endswith(forms) or text.startswith(forms, sp.end)):
                continue  # most names have none (one test of them all first)
            for form in forms:
                if before.endswith(form) or text.startswith(form, sp.end):
                    sp.attributes["corporate_form"] = form
                    break
    return state


def _credits(ctx: Context, state: MentionState) -> MentionState:
    """Mentions inside a photo credit ("/11번가 제공, 뉴시스 |") carry ``credit``: they are never
    parties of a relation."""
    for sp in state.spans:
        if any(cs <= sp.start and sp.end <= ce for cs, ce in state.credits):
            sp.attributes["credit"] = True
    return state


def _aliases(ctx: Context, state: MentionState) -> MentionState:
    link_aliases(state.text, state.tokens, state.spans)
    return state


DEAL_PARTNERS = Pass("deal_partners", _deal_partners, "the unnamed partner of a deal is a company")
BYLINES = Pass("bylines", _bylines, "byline person and organisation mentions")
CORPORATE_FORMS = Pass("corporate_forms", _corporate_forms, "a corporate form beside an organisation, as an attribute")
CREDITS = Pass("credits", _credits, "mentions inside a photo credit are marked")
ALIASES = Pass("aliases", _aliases, "a bracketed name after an organisation is its alias")
