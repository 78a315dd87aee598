"""Foreign personal names the model cut in two or kept only half of, and Arabic names' article."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    Tok,
)
from schema.text import all_hangul
from schema.types import EntityType

__all__ = ["FOREIGN_NAMES", "arabic_article", "join_foreign_names"]

_MIDDLE_INITIAL = re.compile(r" [A-Z]\. ")


def join_foreign_names(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A foreign personal name the model cut in two or kept only half of: two person
    spans one space apart ("앨런" "조이스"), or a person span with an uncovered proper-noun
    word right before or after it ("가도와치 루이치", "트레시 밀러"), are one name. Korean
    names are left alone: "안정환 송종국" lists two people."""
    lex = ctx.lex

    def hangul_word(a: int, b: int) -> bool:
        return all_hangul(text[a:b])

    def foreign(sp: Span) -> bool:
        return not lex.person_shaped(text[sp.start : sp.end]) or " " in text[sp.start : sp.end]

    spans.sort(key=lambda x: x.start)
    arabic_article(ctx, text, tokens, spans)
    spans.sort(key=lambda x: x.start)
    k = 0
    while k + 1 < len(spans):
        a, b = spans[k], spans[k + 1]
        if a.type is EntityType.PERSON and b.type is EntityType.PERSON and b.start == a.end + 1 and text[a.end] == "-":
            a.end = b.end  # "알리 알" "-" "다바그": one name written with a hyphen
            spans.pop(k + 1)
            continue
        if (
            a.type is EntityType.PERSON
            and b.type is EntityType.PERSON
            and _MIDDLE_INITIAL.fullmatch(text, a.end, b.start)
            and hangul_word(a.start, a.end)
        ):
            a.end = b.end  # "루이스 L. 스탠턴": a middle initial between the two halves
            spans.pop(k + 1)
            continue
        if (
            a.type is EntityType.PERSON
            and b.type is EntityType.PERSON
            and b.start == a.end + 1
            and text[a.end] == " "
            and hangul_word(a.start, a.end)
            and hangul_word(b.start, b.end)
            and (foreign(a) or foreign(b))
        ):
            a.end = b.end
            spans.pop(k + 1)
            continue
        k += 1
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    for sp in spans:
        if sp.type is not EntityType.PERSON or not foreign(sp) or not hangul_word(sp.start, sp.end):
            continue
        initial = _MIDDLE_INITIAL.match(text, sp.end)
        gap = initial.end() - sp.end if initial else 1  # "수잔 E. 굿맨과"
        after = [t for t in tokens if t.start == sp.end + gap]
        if (
            after
            and initial is None
            and text[sp.end : sp.end + 1] == " "
            and after[0].form in lex.company_suffixes
            and after[0].start not in covered
            and " " not in text[sp.start : sp.end]
        ):
            # "브래번 캐피털", "루비 프로덕션": a foreign word and a company ending name a company
            sp.end = after[0].end
            sp.type = lex.org_type(text[sp.start : sp.end])
            continue
        if (
            after
            and (initial is not None or text[sp.end : sp.end + 1] == " ")
            and (after[0].tag == "NNP" or (after[0].tag == "NNG" and after[0].unknown))
            and hangul_word(after[0].start, after[0].end)
            and after[0].start not in covered
            and after[0].form not in lex.names
        ):
            sp.end = after[0].end
        before = [t for t in tokens if t.end == sp.start - 1]
        if (
            before
            and text[sp.start - 1 : sp.start] == " "
            and (before[0].tag == "NNP" or (before[0].tag == "NNG" and before[0].unknown))
            and hangul_word(before[0].start, before[0].end)
            and before[0].start not in covered
            and before[0].form not in lex.names
            and before[0].form not in lex.occupations
            and (before[0].start == 0 or not text[before[0].start - 1].isalnum())
        ):
            sp.start = before[0].start


def arabic_article(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """Arabic names keep their article: "알-말리키" (al-Maliki), "알-카에다"; a person's given
    name written before it joins too ("누리 알-말리키", "타레크 알 하시미") when it is one
    Hangul word of at most four syllables that no other mention holds."""
    if "알" not in text:
        return
    starts = {t.start: t for t in tokens}
    ends = {t.end: t for t in tokens}
    taken = {(sp.start, sp.end) for sp in spans}
    ends_at = {sp.end for sp in spans}
    for sp in spans:
        if sp.start >= 2 and text[sp.start - 2 : sp.start] == "알-" and sp.start - 1 not in ends_at:
            sp.start -= 2  # (a mention that ends on the hyphen is joined to this one instead)
        if not text.startswith(("알-", "알 "), sp.start) or sp.end - sp.start < 4:
            continue  # "알 하시미" too: the article written apart
        if sp.type is not EntityType.PERSON or sp.start < 2 or text[sp.start - 1] != " ":
            continue
        ws = text.rfind(" ", 0, sp.start - 1) + 1
        word = text[ws : sp.start - 1]
        tok = starts.get(ws)
        if (
            tok is not None
            and ends.get(sp.start - 1) is tok
            and tok.tag in ("NNP", "NNG")
            and 1 <= len(word) <= 4
            and all_hangul(word)
            and not any(a < sp.start - 1 and ws < b for a, b in taken)
            and word not in ctx.lex.occupations
            and ctx.lex.title_of(word) is None
        ):
            sp.start = ws


def split_person_company(ctx: Context, text: str, spans: list[Span]) -> None:
    """A foreign name run into the company after it, before a title ("리 클리포드 콴타스 회장"
    with "콴타스 항공" in the sentence): the person, then the company, when the last word is a
    known company or organisation or the first word of one found in the sentence."""
    orgs = {text[sp.start : sp.end].split(" ")[0]: sp.type for sp in spans if sp.type in ORG_TYPES}
    for sp in list(spans):
        words = text[sp.start : sp.end].split(" ")
        if sp.type is not EntityType.PERSON or len(words) < 3 or not ctx.title_follows(text, sp.end):
            continue
        known = ctx.lex.names.get(words[-1])
        org_type = known if known in ORG_TYPES else orgs.get(words[-1])
        if org_type is None:
            continue
        cut = sp.end - len(words[-1])
        spans.append(Span(cut, sp.end, org_type, sp.confidence, "rule", {"typed_by": "person_company_split"}))
        sp.end = cut - 1
    spans.sort(key=lambda x: (x.start, x.end))


def _foreign_names(ctx: Context, state: MentionState) -> MentionState:
    join_foreign_names(ctx, state.text, state.tokens, state.spans)
    split_person_company(ctx, state.text, state.spans)
    return state


FOREIGN_NAMES = Pass("foreign_names", _foreign_names, "join a foreign name's halves and its article")
