"""Known names, company suffixes and titles as spans, merged with the model's spans (a known name
the model ran into a cue word wins)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    SpanIndex,
    Tok,
    stands_alone,
)
from schema.text import all_hangul
from schema.types import EntityType

__all__ = ["KNOWN_NAMES", "known_name_wins", "lexicon_spans", "suffix_spans", "title_spans", "tokens_start_word"]

# one-syllable nouns glued to a place that leave the place a name of its own, as English
# adjectives do ("Melbourne-bound", "Chinese-made"): "멜버른행" (bound for), "뉴욕발" (from),
# "중국산" (made in), "독일제", "한국계" (of descent). Not 인: "미국인" is "Americans", a people,
# which the English extractor does not read as the country either.
_PLACE_AFFIXES = frozenset({"행", "발", "산", "제", "계"})


# particles Kiwi may leave inside one noun token with a known name before them; not 이/가/도,
# which end names themselves (아이치이, 울릉도)
_NOUN_GLUED_PARTICLES = ("에서", "으로", "의", "에", "은", "는", "을", "를", "와", "과", "로")


def _glued_particle(form: str) -> str:
    """The particle a noun token ends in, if any (callers first check ``form[-1] in _GLUED_LAST``)."""
    return next((p for p in _NOUN_GLUED_PARTICLES if form.endswith(p)), "")


_GLUED_LAST = frozenset(p[-1] for p in _NOUN_GLUED_PARTICLES)


def tokens_start_word(tokens: Sequence[Tok], pos: int, text: str) -> bool:
    """Whether ``pos`` begins a Kiwi token that follows a non-name token (a particle or
    punctuation), so a known name may start there even without a space."""
    for k, t in enumerate(tokens):
        if t.start == pos:
            return k > 0 and not tokens[k - 1].tag.startswith(("NN", "SL", "SN", "XR"))
    return False


def _glued_name(ctx: Context, text: str, tok: Tok) -> Span | None:
    """A known name inside one noun of three syllables or more, glued to a place affix or a
    particle (callers check the length and the tag)."""
    lex, s, form = ctx.lex, tok.start, tok.form
    if (
        form[-1] in _PLACE_AFFIXES
        and form not in lex.names
        and lex.names.get(form[:-1]) is EntityType.PLACE
        and text.startswith(form, s)
    ):
        # Kiwi keeps "일본행", "서울발", "독일제" as one noun: the place is the name
        return Span(s, s + len(form) - 1, EntityType.PLACE, 0.9, "lexicon")
    particle = _glued_particle(form) if form[-1] in _GLUED_LAST else ""
    if (
        particle
        and form not in lex.names
        and lex.names.get(form[: -len(particle)]) is not None
        and len(form) - len(particle) >= 2
        and text.startswith(form, s)
    ):
        # Kiwi sometimes keeps a known name and its particle as one noun ("밀라노의")
        bare = form[: -len(particle)]
        return Span(s, s + len(bare), lex.names[bare], 0.9, "lexicon")
    return None


def lexicon_spans(ctx: Context, text: str, tokens: list[Tok]) -> list[Span]:
    """Known names, matched longest-first at token starts and ending on a token end; a
    known name glued to a following noun ("정부청사") is not that name, unless the noun is
    a title ("과학기술정보통신부장관")."""
    lex = ctx.lex
    names, lengths_at = lex.names, lex.name_lengths.get
    ends: dict[int, int] | None = None  # token index by end offset, built once a name may start
    out: list[Span] = []
    covered = -1
    for tok in tokens:
        s = tok.start
        if s < covered:
            continue
        if len(tok.form) >= 3 and tok.tag.startswith("NN"):  # most morphemes are shorter
            inside = _glued_name(ctx, text, tok)
            if inside is not None:
                out.append(inside)
                covered = tok.end
                continue
        lengths = lengths_at(text[s : s + 2]) or ((1,) if text[s] in names else ())
        if not lengths:  # most tokens start no name
            continue
        if ends is None:
            ends = {t.start + t.len: i for i, t in enumerate(tokens)}
        for length in lengths:
            if s + length not in ends:  # a name ends where a morpheme does
                continue
            name = text[s : s + length]
            etype = lex.names.get(name)
            if etype is None:
                continue
            k = ends[s + length]
            nxt = k + 1
            glued = nxt < len(tokens) and tokens[nxt].start == s + length
            # "멜버른행", "뉴욕발": a place stays a name before these
            affixed = glued and etype is EntityType.PLACE and tokens[nxt].form in _PLACE_AFFIXES
            if (
                glued
                and tokens[nxt].tag in ("NNG", "NNP", "SL")
                and lex.title_of(tokens[nxt].form) is None
                and not affixed
            ):
                continue
            if s > 0 and (text[s - 1].isalnum()) and not tokens_start_word(tokens, s, text):
                continue
            cue_next = nxt < len(tokens) and (
                tokens[nxt].form in lex.org_cues or lex.title_of(tokens[nxt].form) is not None
            )
            # "두바이 해안에서", "뉴욕 증시": a common noun that only places a name
            placed = etype is EntityType.PLACE and nxt < len(tokens) and tokens[nxt].form in lex.place_followers
            if (
                etype is not EntityType.COMPANY
                and not stands_alone(tokens, k)
                and not cue_next
                and not affixed
                and not placed
            ):
                # "서울 강남구 …", "미국 CNN": part of a longer name the model did not see
                # (a following 관계자/측 or title is no part of it: "쿡 제도 관계자는")
                continue
            out.append(Span(s, s + length, etype, 0.9, "lexicon"))
            covered = s + length
            break
    return out


def suffix_spans(ctx: Context, text: str, tokens: list[Tok]) -> list[Span]:
    """Runs of touching NNP/SL/SN tokens ending in a company suffix ("CJ그룹", "SK텔레콤")."""
    lex = ctx.lex
    out: list[Span] = []
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i].tag not in ("NNP", "SL"):
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and tokens[j + 1].start == tokens[j].end
            and (tokens[j + 1].tag in ("NNP", "SL", "SN") or tokens[j + 1].form in lex.company_suffixes)
        ):
            j += 1
        s, e = tokens[i].start, tokens[j].end
        name = text[s:e]
        if j > i and any(name.endswith(suf) and len(name) > len(suf) for suf in lex.company_suffixes):
            out.append(Span(s, e, lex.org_type(name), 0.6, "suffix"))
        i = j + 1
    return out


def title_spans(ctx: Context, text: str, tokens: list[Tok]) -> list[Span]:
    """Names beside titles: an organisation glued to a title ("과학기술정보통신부장관") and
    a surname-shaped word before "[organisation] title" ("임혜숙 과학기술정보통신부장관")."""
    lex = ctx.lex
    out: list[Span] = []
    titles = lex.titles
    for k, tok in enumerate(tokens):
        if tok.form not in titles:
            continue
        # glued organisation: tokens of the same word before the title
        w0 = k
        while w0 > 0 and tokens[w0 - 1].end == tokens[w0].start and tokens[w0 - 1].tag in ("NNG", "NNP", "SL"):
            w0 -= 1
        org_start = tokens[w0].start if w0 < k else tok.start
        if w0 < k:
            name = text[org_start : tok.start]
            if len(name) >= 2 and (
                lex.names.get(name) in ORG_TYPES
                or any(name.endswith(s) for s in lex.org_suffixes)
                or any(name.endswith(s) for s in lex.company_suffixes)
            ):
                out.append(Span(org_start, tok.start, lex.org_type(name), 0.6, "title"))
            else:
                org_start = tok.start
        # person: the word before the organisation (or before the title)
        p = w0 - 1
        glued_org = org_start < tok.start
        # a common noun (NNG) passes only in "NAME ORG+TITLE", where Kiwi often misses the
        # name; before a bare title it is too often 유가족, 정부, 소속 …
        if p >= 0 and (tokens[p].tag == "NNP" or (glued_org and tokens[p].tag == "NNG")) and tokens[p].end < org_start:
            form = tokens[p].form
            p_start = tokens[p].start
            word_start = p_start == 0 or text[p_start - 1].isspace()
            word_end = text[tokens[p].end : tokens[p].end + 1].isspace()
            if (
                word_start
                and word_end
                and not lex.has_org_suffix(form)
                and 2 <= len(form) <= 4
                and form[0] in lex.surnames
                and all_hangul(form)
                and form not in lex.not_names
                and lex.title_of(form) is None
                and form not in lex.names
            ):
                out.append(Span(p_start, tokens[p].end, EntityType.PERSON, 0.55, "title"))
    return out


def known_name_wins(ctx: Context, text: str, tokens: list[Tok], sp: Span, name: Span) -> bool:
    if name.start <= sp.start and sp.end <= name.end:
        return True  # the known name covers the model span ("11번" inside "11번가")
    if not (sp.start <= name.start and name.end <= sp.end):
        return False
    inside = [t for t in tokens if sp.start <= t.start and t.end <= sp.end and not (name.start <= t.start < name.end)]
    return any(t.form in ctx.lex.cues or t.form in ctx.lex.titles for t in inside) or any(
        a.form + b.form in ctx.lex.cues for a, b in itertools.pairwise(inside)
    )


def _known_names(ctx: Context, state: MentionState) -> MentionState:
    """Known names, suffixed company names and names beside titles join the model's spans where
    they overlap none; a known name the model ran into a cue word ("GS홈쇼핑 흡수통합")
    replaces the model's span."""
    text, tokens = state.text, state.tokens
    extra = lexicon_spans(ctx, text, tokens) + suffix_spans(ctx, text, tokens) + title_spans(ctx, text, tokens)
    spans = list(state.spans)
    placed = SpanIndex(spans)
    for cand in extra:
        overlapping = placed.overlapping(cand.start, cand.end)
        if not overlapping:
            spans.append(cand)
            placed.add(cand)
            continue
        if cand.source == "lexicon" and all(known_name_wins(ctx, text, tokens, sp, cand) for sp in overlapping):
            # the model ran a known name into a cue word ("GS홈쇼핑 흡수통합"): the name wins
            for sp in overlapping:
                spans.remove(sp)
                placed.remove(sp)
            spans.append(cand)
            placed.add(cand)
    state.spans = spans
    return state


KNOWN_NAMES = Pass("known_names", _known_names, "known names, company suffixes and titled names join the model's spans")
