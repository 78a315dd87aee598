"""People: speakers of 말하다, untagged names before a title, and a ruler's regnal number."""

from __future__ import annotations

import re

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    SpanIndex,
    Tok,
)
from schema.text import all_hangul
from schema.types import EntityType

__all__ = [
    "REGNAL_NUMBERS",
    "SPEAKERS",
    "TITLED_NAMES",
    "regnal_numbers",
    "speakers",
    "titled_names",
    "untagged_name_word",
]

# a Hangul place name with its administrative suffix in Hanja (州 state, 市 city, 省 province,
# 縣 prefecture, 郡 county), not inside a longer Hangul or Hanja word
# a regnal number after a name, not an age ("76세 이상", "2세 때")
_AGE_WORDS = "이상|미만|이하|때|까지|부터|남성|여성|남자|여자|소년|소녀|아들|딸|아이|어린이|된|인"
_REGNAL = re.compile(rf" [1-9][0-9]?세(?![0-9])(?!\s*(?:{_AGE_WORDS}))")


# titles after which untagged proper nouns are a person's name (``titled_names``): the title
# lexicon's people, and titles of heads of state, clergy and soldiers news gives foreigners
_PERSON_TITLES = frozenset(
    {
        "장관", "차관", "대통령", "총리", "부총리", "의원", "대변인", "감독", "코치", "선수", "교수",
        "회장", "사장", "부사장", "부회장", "총재", "총장", "사무총장", "위원장", "대사", "장군",
        "국왕", "여왕", "왕자", "교황", "대주교", "주교", "목사", "총통", "주석", "수상", "박사",
        "여사", "기자", "특파원", "판사", "검사",
    }
)  # fmt: skip
# not 시장/주지사/도지사: "콜리마 주지사" is the governor of Colima as often as a governor's name
_PERSON_TITLE_RE = re.compile("|".join(sorted(_PERSON_TITLES, key=len, reverse=True)))


def speakers(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A one-word foreign name the model typed as a company or organisation that is the
    subject of 말하다 ("보스트롬은 “…”고 말했다") is a person: organisations 밝히다 through
    their 관계자 or 대변인, people 말하다. Known names and names with an organisation's
    ending keep their type."""
    if "말" not in text:
        return
    lex = ctx.lex
    says = [
        t.start
        for k, t in enumerate(tokens)
        if (t.form == "말하" and t.tag == "VV")
        or (t.form == "말" and k + 1 < len(tokens) and tokens[k + 1].tag == "XSV" and tokens[k + 1].form == "하")
    ]
    if not says:
        return
    by_start = {t.start: t for t in tokens}
    for sp in spans:
        if sp.type not in ORG_TYPES or sp.parts or any(k != "typed_by" for k in sp.attributes):
            continue
        name = text[sp.start : sp.end]
        particle = by_start.get(sp.end)
        if (
            particle is None
            or particle.tag not in ("JX", "JKS")
            or particle.form not in ("은", "는", "이", "가")
            or not 2 <= len(name) <= 6
            or not all_hangul(name)
            or name in lex.names
            or lex.has_org_suffix(name)
            or name.endswith((*lex.org_suffixes, *lex.company_suffixes))
            or not any(s > sp.end for s in says)
        ):
            continue
        verb = min(s for s in says if s > sp.end)
        if any(o.type is EntityType.PERSON and sp.end <= o.start < verb for o in spans):
            continue  # "보스트롬은 … 박 교수가 말했다": someone else speaks
        sp.type = EntityType.PERSON
        sp.attributes["typed_by"] = "speaker"


def titled_names(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """Proper nouns right before a person's title that the model left untagged ("슈타인마이어
    외무장관", "무샤라프 장군", "프랑크 발터 슈타인마이어 독일 외무장관"): a person, up to
    three words, with one known place or organisation allowed between name and title."""
    if not _PERSON_TITLE_RE.search(text):
        return
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if len(bounds) < 2:
        return
    by_word: list[list[Tok]] = [[] for _ in bounds]
    titled: list[int] = []  # the words with a title among their morphemes, in order
    w = 0
    for tok in tokens:
        while w < len(bounds) and tok.start >= bounds[w][1]:
            w += 1
        if w < len(bounds) and tok.start >= bounds[w][0]:
            by_word[w].append(tok)
            if tok.form in _PERSON_TITLES and w >= 1 and (not titled or titled[-1] != w):
                titled.append(w)
    index = SpanIndex(spans)
    for k in titled:  # a word whose last noun is no title is skipped below anyway
        nouns = [t for t in by_word[k] if t.tag.startswith("NN")]
        if not nouns or nouns[-1].form not in _PERSON_TITLES or any(t.tag == "NNP" for t in nouns):
            continue
        if by_word[k][0].start != bounds[k][0] or not by_word[k][0].tag.startswith("NN"):
            continue
        j = _past_body(ctx, text, bounds, index, k - 1)
        if j is None:
            continue
        last = j
        while j >= 0 and last - j < 3 and untagged_name_word(ctx, text, bounds[j], by_word[j]):
            j -= 1
        if j == last:
            continue
        start, end = bounds[j + 1][0], bounds[last][1]
        if index.overlapping(start, end):
            continue
        sp = Span(start, end, EntityType.PERSON, 0.6, "rule", {"typed_by": "title"})
        spans.append(sp)
        index.add(sp)
    spans.sort(key=lambda sp: (sp.start, sp.end))


def _past_body(ctx: Context, text: str, bounds: list[tuple[int, int]], index: SpanIndex, j: int) -> int | None:
    """The word before a known or found place or organisation ending at word ``j`` ("슈타인마이어
    독일 외무장관", "엠마누엘 모로 IOC 대변인", "신동기 CJ글로벌 홀딩스 부사장"), else ``j``;
    None when that body starts the sentence."""
    if j <= 0:
        return j
    if ctx.lex.names.get(text[bounds[j][0] : bounds[j][1]]) is not None:
        return j - 1
    body = next(
        (
            sp
            for sp in index.overlapping(*bounds[j])
            if sp.type is not EntityType.PERSON and sp.start <= bounds[j][0] and sp.end == bounds[j][1]
        ),
        None,
    )
    if body is None:
        return j
    while j > 0 and bounds[j][0] >= body.start:
        j -= 1
    return None if bounds[j][1] > body.start else j


def untagged_name_word(ctx: Context, text: str, bounds: tuple[int, int], toks: list[Tok]) -> bool:
    """A whole word of Hangul proper nouns (or nouns Kiwi does not know) that no lexicon
    knows and no suffix types."""
    ws, we = bounds
    word = text[ws:we]
    lex = ctx.lex
    if len(toks) > 1 and toks[-1].tag == "VCP" and toks[-1].form == "이" and toks[-1].end == we:
        toks = toks[:-1]  # "아탈라이" read as 아탈라 + a copula with no ending: a name
        we -= 1
    return (
        bool(toks)
        and all(t.tag == "NNP" or (t.tag == "NNG" and t.unknown) for t in toks)
        and toks[0].start == ws
        and toks[-1].end == we
        and all_hangul(word)
        and lex.names.get(word) is None
        and not lex.has_org_suffix(word)
        and not word.endswith(lex.place_suffixes)
    )


def regnal_numbers(ctx: Context, text: str, spans: list[Span]) -> None:
    """A foreign ruler's or pope's number is part of the name ("존 폴 2세", "베네딕토 16세",
    "엘리자베스 2세 여왕"); a Korean name before an age is not ("김철수 76세")."""
    if "세" not in text:
        return
    for sp in spans:
        if sp.type is not EntityType.PERSON:
            continue
        name = text[sp.start : sp.end]
        m = _REGNAL.match(text, sp.end)
        if m and (" " in name or not ctx.lex.person_shaped(name)):
            sp.end = m.end()


def _speakers_pass(ctx: Context, state: MentionState) -> MentionState:
    speakers(ctx, state.text, state.tokens, state.spans)
    return state


SPEAKERS = Pass("speakers", _speakers_pass, "a one-word foreign name that 말하다 is a person")


def _titled_names_pass(ctx: Context, state: MentionState) -> MentionState:
    titled_names(ctx, state.text, state.tokens, state.spans)
    return state


TITLED_NAMES = Pass("titled_names", _titled_names_pass, "untagged proper nouns before a person's title are a person")


def _regnal_numbers_pass(ctx: Context, state: MentionState) -> MentionState:
    regnal_numbers(ctx, state.text, state.spans)
    return state


REGNAL_NUMBERS = Pass("regnal_numbers", _regnal_numbers_pass, "a ruler's number is part of the name (베네딕토 16세)")
