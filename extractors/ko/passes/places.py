"""Places: a person run into the place after it, place chains, country pairs, countries that act,
facilities named after a place, places with a Hanja suffix."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState, Pass
from extractors.ko.spans import (
    ORG_TYPES,
    Span,
    SpanIndex,
    Tok,
    noun_end,
)
from schema.text import is_hangul_char
from schema.translit import FACILITY_ENDINGS, HANJA_ADMIN_SUFFIXES
from schema.types import EntityType

__all__ = [
    "COUNTRY_PAIRS",
    "FACILITIES",
    "HANJA_PLACES",
    "PERSON_PLACE_SPLIT",
    "PLACE_CHAINS",
    "PLACE_ROLES",
    "country_pairs",
    "country_pieces",
    "facilities",
    "hanja_suffixed_places",
    "join_place_chains",
    "place_roles",
    "split_person_place",
]

# The country-role model reads a country as acting (role Organization) from this probability
# (KLUE-NER dev country spans: 0.6 gives 48 right / 21 wrong, 0.7 43 / 15, 0.8 36 / 12)
_ROLE_MIN = 0.7


# a Hangul place name with its administrative suffix in Hanja (州 state, 市 city, 省 province,
# 縣 prefecture, 郡 county), not inside a longer Hangul or Hanja word
_HANJA_SUFFIXED = re.compile(rf"(?<![가-힣一-龥])([가-힣]{{2,8}})[{''.join(HANJA_ADMIN_SUFFIXES)}](?![一-龥])")


# endings of roads, which are no part of a place chain
_ROAD_ENDINGS = ("고속도로", "도로", "대로", "국도")


COUNTRY_SYLLABLES = frozenset("남독러미북불영일중한")


def country_pieces(name: str, countries: Iterable[str]) -> list[str] | None:
    """``name`` cut into country names, the one-syllable ones among 남독러미북불영일중한 ("남북한"
    -> 남, 북한), or None."""
    if not name:
        return []
    for k in range(len(name), 0, -1):
        head = name[:k]
        if head in countries and (k > 1 or head in COUNTRY_SYLLABLES):
            rest = country_pieces(name[k:], countries)
            if rest is not None:
                return [head, *rest]
    return None


def split_person_place(ctx: Context, text: str, spans: list[Span]) -> None:
    """A foreign name run into the place that follows it ("첸 지우롱 상하이 …국장", "피터 킹
    뉴욕 주 …의원", "자오징 베이징 시정부 대변인"): the model's place or person span is the
    person, then the place (or the body named after it, "베이징 시정부"). Only spans whose
    first words are Hangul, no place and shaped like a name, and only before a place the
    dictionary knows."""
    lex = ctx.lex
    out: list[Span] = []
    for sp in spans:
        out.append(sp)
        if sp.source != "model":
            continue
        words = text[sp.start : sp.end].split(" ")
        k = next((j for j, w in enumerate(words) if j > 0 and w in lex.area_names), 0)
        # "마무드 아바스 팔레스타인 (자치 정부 수반)", "남바린 엥흐바야르 몽골 대통령": a name,
        # then only its country, whatever type the model gave the whole
        country_last = k == len(words) - 1 and words[-1] in lex.countries
        if sp.type not in (EntityType.PLACE, EntityType.PERSON) and not country_last:
            continue
        lead = " ".join(words[:k])
        plain = lead.replace("-", "")  # "누리 알-말리키 이라크": the hyphen of an Arabic article
        titled = country_last and 2 <= k <= 3 and ctx.title_follows(text, sp.end)
        if (
            not k
            or any(ctx.area(w) for w in words[:k])
            or not all(all(is_hangul_char(ch) for ch in w) for w in plain.split(" "))
            or not (
                lex.person_shaped(plain)
                or titled
                # one short word before a place: only where the model said person or place
                or (k == 1 and 2 <= len(plain) <= 4 and sp.type in (EntityType.PLACE, EntityType.PERSON))
            )
            or lex.names.get(lead) not in (None, EntityType.PERSON)
        ):
            continue
        cut = sp.start + len(lead)
        rest = text[cut + 1 : sp.end]
        if (
            sp.type is EntityType.PERSON
            and " " not in rest
            and not lex.has_org_suffix(rest)
            and rest not in lex.countries
        ):
            continue  # "조지 워싱턴" is a person whose surname is also a place ("에르도간 터키" is not)
        rest_type = lex.org_type(rest) if lex.has_org_suffix(rest) else EntityType.PLACE
        out[-1:] = [
            Span(sp.start, cut, EntityType.PERSON, sp.confidence, "model-split"),
            Span(cut + 1, sp.end, rest_type, sp.confidence, "model-split"),
        ]
    spans[:] = out


def join_place_chains(ctx: Context, text: str, spans: list[Span]) -> None:
    """Places written from the larger to the smaller, one space apart ("경남 함양군", "수영구
    광안동", "전남 진도군 조도면 병풍도") are one mention as written, as KLUE annotates them;
    the resolver files the chain under its innermost place, and each larger place is a
    mention of its own inside it (``parts``). A chain starts with an administrative area
    (:meth:`Context.area`); a road is no part of one ("서초구 경부고속도로")."""

    def container(sp: Span) -> bool:
        return ctx.area(text[sp.start : sp.end])

    def links(a: Span, b: Span) -> bool:
        return (
            a.type is EntityType.PLACE
            and b.type is EntityType.PLACE
            and b.start == a.end + 1
            and text[a.end] == " "
            and a.alias_of is None
            and b.alias_of is None
            and not text[b.start : b.end].endswith(_ROAD_ENDINGS)
            and container(a)
        )

    spans.sort(key=lambda x: x.start)
    k = 0
    while k + 1 < len(spans):
        j = k
        while j + 1 < len(spans) and links(spans[j], spans[j + 1]):
            j += 1
        if j > k:
            chain = spans[k : j + 1]
            joined = Span(
                chain[0].start,
                chain[-1].end,
                EntityType.PLACE,
                min(sp.confidence for sp in chain),
                "place-chain",
                {**chain[-1].attributes},
                parts=tuple((sp.start, sp.end) for sp in chain[:-1]) + ctx.leading_areas(text, chain[-1]),
            )
            spans[k : j + 1] = [joined]
        k += 1


def country_pairs(ctx: Context, text: str, spans: list[Span]) -> None:
    """Countries written together by their one-syllable names ("한일" Korea–Japan, "남북한",
    "한중일") are each a Place mention, as KLUE tags them; a name the dictionary knows
    whole (북미 is also North America) is left alone."""
    lex = ctx.lex
    out: list[Span] = []
    for sp in spans:
        name = text[sp.start : sp.end]
        pieces = (
            country_pieces(name, lex.countries)
            if 2 <= len(name) <= 4 and name not in lex.area_names and name not in lex.names
            else None
        )
        if pieces is None or len(pieces) < 2:
            out.append(sp)
            continue
        at = sp.start
        for piece in pieces:
            out.append(Span(at, at + len(piece), EntityType.PLACE, sp.confidence, "countries"))
            at += len(piece)
    spans[:] = out


def place_roles(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """A country that acts ("미국이 … 제안했다", "한국은 일본을 2-0으로 꺾었다") is read as
    its government, team or people: the mention is a Place (one node per country) with the
    role Organization, as ACE gives a GPE mention a role; KLUE-NER tags such countries OG.
    The country-role model decides (``scripts/train_korean_types.py --countries``); a
    country the CRF tagged as an organisation ("남북" 북, "한미" 미) is such a Place too,
    except a name that is also a common word or brand (가나, 조지아), unless the role model
    agrees."""
    roles = ctx.roles
    countries = ctx.lex.countries
    starts: list[int] | None = None
    for sp in spans:
        name = text[sp.start : sp.end]
        if name not in countries or sp.type not in (EntityType.PLACE, *ORG_TYPES):
            continue
        p = 0.0  # the role model's probability that the country acts (KLUE's OG)
        if roles is not None:
            if starts is None:
                starts = [t.start for t in tokens]
            p = roles.probability("OG", text, tokens, sp.start, sp.end, starts)
        if sp.type is EntityType.PLACE:
            if p >= _ROLE_MIN:
                sp.attributes = {**sp.attributes, "role": EntityType.ORGANIZATION.value}
        elif name not in ctx.lex.ambiguous_countries or p >= 0.5:
            sp.type = EntityType.PLACE
            sp.attributes = {**sp.attributes, "role": EntityType.ORGANIZATION.value}


def facilities(ctx: Context, text: str, tokens: list[Tok], spans: list[Span]) -> None:
    """An airport, square, park or bridge named after its place ("마닐라 국제공항", "타흐리르
    광장", "프랑크푸르트공항") is one Place mention, as KLUE annotates it, and the place it
    is named after a mention nested inside it, so that 마닐라 keeps its node."""
    lex = ctx.lex
    if not any(sp.type is EntityType.PLACE for sp in spans):
        return
    index = SpanIndex(spans)
    for sp in spans:
        if sp.type is not EntityType.PLACE:
            continue
        name = text[sp.start : sp.end]
        glued = next((w for w in FACILITY_ENDINGS if name.endswith(w) and len(name) > len(w)), "")
        if glued and lex.names.get(name[: -len(glued)]) is EntityType.PLACE and not sp.parts:
            sp.parts = ((sp.start, sp.end - len(glued)),)  # "프랑크푸르트공항"
            continue
        if sp.end >= len(text) or text[sp.end] != " ":
            continue
        word_end = noun_end(tokens, sp.end + 1)
        word = text[sp.end + 1 : word_end]
        if not word.endswith(FACILITY_ENDINGS) or index.overlapping(sp.end + 1, word_end):
            continue
        inner = sp.parts or ctx.leading_areas(text, sp) or ()
        last = name.rsplit(" ", 1)[-1]
        place = (sp.start, sp.end) if lex.names.get(name) is EntityType.PLACE else None
        if place is None and lex.names.get(last) is EntityType.PLACE:
            place = (sp.end - len(last), sp.end)  # "칠레 산티아고 국제공항": 산티아고
        if place is not None and place not in inner:
            inner = (*inner, place)  # the place it is named after, if known
        sp.parts = inner
        sp.end = word_end


def hanja_suffixed_places(text: str, spans: list[Span]) -> None:
    """A place with its administrative suffix in Hanja, as older news writes it ("오레곤州
    포틀랜드", "광조우市에"): one Place mention, whatever the model made of the Hangul part."""
    if not _HANJA_SUFFIXED.search(text):
        return
    for m in _HANJA_SUFFIXED.finditer(text):
        start, end = m.start(1), m.end()
        inside = [sp for sp in spans if start < sp.end and sp.start < end]
        if any(sp.start < start or sp.end > end for sp in inside):
            continue  # part of a longer name
        for sp in inside:
            spans.remove(sp)
        spans.append(Span(start, end, EntityType.PLACE, 0.8, "rule", {"typed_by": "hanja_suffix"}))
    spans.sort(key=lambda sp: (sp.start, sp.end))


def _person_place_split(ctx: Context, state: MentionState) -> MentionState:
    split_person_place(ctx, state.text, state.spans)
    return state


PERSON_PLACE_SPLIT = Pass(
    "person_place_split", _person_place_split, "a foreign name run into the place after it: person, then place"
)


def _place_chains(ctx: Context, state: MentionState) -> MentionState:
    join_place_chains(ctx, state.text, state.spans)
    return state


PLACE_CHAINS = Pass("place_chains", _place_chains, "places written larger to smaller are one mention with parts")


def _country_pairs_pass(ctx: Context, state: MentionState) -> MentionState:
    country_pairs(ctx, state.text, state.spans)
    return state


COUNTRY_PAIRS = Pass("country_pairs", _country_pairs_pass, "한일, 남북한: each country a Place mention")


def _place_roles_pass(ctx: Context, state: MentionState) -> MentionState:
    place_roles(ctx, state.text, state.tokens, state.spans)
    return state


PLACE_ROLES = Pass("place_roles", _place_roles_pass, "a country that acts is a Place with the role Organization")


def _facilities_pass(ctx: Context, state: MentionState) -> MentionState:
    facilities(ctx, state.text, state.tokens, state.spans)
    return state


FACILITIES = Pass(
    "facilities", _facilities_pass, "an airport or square named after a place is one Place with the place inside"
)


def _hanja_places(ctx: Context, state: MentionState) -> MentionState:
    hanja_suffixed_places(state.text, state.spans)
    return state


HANJA_PLACES = Pass("hanja_places", _hanja_places, "a place with its administrative suffix in Hanja (오레곤州)")
