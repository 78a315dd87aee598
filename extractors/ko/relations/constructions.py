"""One small rule per Korean construction of the pattern reader, and the table that picks the rule
for a cue word's kind (the third column of ``lexicons/relation_cues.tsv``).

Each rule takes the reader and the position ``k`` of the cue among its items and returns the
relations the construction gives, as ``(source, target, type, rule, confidence, attributes)``
with mention indices: "A와 B (…) 협력" is ``pair``, "A가 B를 인수" ``object_``, "B가 A에
인수됐다" ``passive``, "A 자회사 B" ``parent``, "P에 본사를 둔 A" ``place`` …"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.ko.lexicon import Cue
from extractors.ko.relations.reader import Rel
from extractors.ko.spans import Tok
from schema.types import AttrValue, RelationType

if TYPE_CHECKING:
    from extractors.ko.relations.patterns import PatternReader

__all__ = [
    "CUE_RULES",
    "Item",
    "founder",
    "item_form",
    "membership",
    "object_",
    "operator",
    "origin",
    "pair",
    "parent",
    "passive",
    "place",
    "roles",
    "serves",
    "target",
]


@dataclass(slots=True)
class Item:
    """One unit of the sentence for pattern reading: a mention (``m`` >= 0) or a token."""

    start: int
    end: int
    m: int = -1
    tok: Tok | None = None
    particle: str = ""  # form of the particle right after a mention
    ptag: str = ""


def item_form(item: Item) -> str:
    """The form of an item's token ("" for a mention)."""
    return item.tok.form if item.tok is not None else ""


_WITH_FORMS = {"와", "과", "하고", "랑", "이랑"}


def roles(r: PatternReader, k: int, title: str, rel: RelationType) -> list[Rel]:
    items = r.items
    out: list[Rel] = []
    attrs: dict[str, AttrValue] = {"title": title}
    prev = k - 1
    # "박정호 전 SK텔레콤 사장": skip a former mark before the title or the organisation
    if prev >= 0 and items[prev].tok is not None and items[prev].tok.form in r.lex.former_marks:  # type: ignore[union-attr]
        prev -= 1
    if prev >= 0 and items[prev].m >= 0 and not items[prev].particle:
        a = items[prev]
        b_idx = prev - 1
        if b_idx >= 0 and items[b_idx].tok is not None and items[b_idx].tok.form in r.lex.former_marks:  # type: ignore[union-attr]
            b_idx -= 1
        b = items[b_idx] if b_idx >= 0 else None
        if r.is_org(a) and b is not None and r.is_person(b) and not b.particle:
            # PERSON ORG TITLE
            if r.former(b_idx, k):
                attrs["former"] = True
            out.append((b.m, a.m, rel, "ko:person-org-title", r.conf(0.9, a, b), attrs))
        elif r.is_person(a) and b is not None and r.is_org(b) and b.particle in ("", "의"):
            # ORG PERSON TITLE
            if r.former(b_idx, k):
                attrs["former"] = True
            out.append((a.m, b.m, rel, "ko:org-person-title", r.conf(0.85, a, b), attrs))
        elif r.is_org(a) or (r.is_place(a) and rel is RelationType.LEADER_OF):
            out += _org_title(r, k, prev, rel, attrs)
    elif (
        prev >= 3
        and item_form(items[prev]) == ")"
        and r.is_org(items[prev - 1])
        and item_form(items[prev - 2]) == "("
        and r.is_person(items[prev - 3])
    ):
        # PERSON(ORG) TITLE: "손흥민(토트넘 홋스퍼) 선수"
        p_it, o_it = items[prev - 3], items[prev - 1]
        out.append((p_it.m, o_it.m, rel, "ko:person(org)-title", r.conf(0.8, p_it, o_it), attrs))
    elif (
        prev >= 1
        and item_form(items[prev]) == "("
        and (r.is_org(items[prev - 1]) or (r.is_place(items[prev - 1]) and rel is RelationType.LEADER_OF))
    ):
        # "조선대학교(총장직무대리 홍성금)", "진도군(군수 이동진)": up to two nouns may extend the
        # title; a place's head (군수, 시장) leads it
        nxt = k + 1
        while nxt < min(k + 3, len(items)) and items[nxt].tok is not None and items[nxt].tok.tag == "NNG":  # type: ignore[union-attr]
            nxt += 1
        if nxt < len(items) and r.is_person(items[nxt]):
            out.append((items[nxt].m, items[prev - 1].m, rel, "ko:org(title-person)", r.conf(0.8, items[nxt]), attrs))
    return out


def _org_title(r: PatternReader, k: int, o: int, rel: RelationType, attrs: dict[str, AttrValue]) -> list[Rel]:
    """ORG TITLE PERSON ("SK텔레콤 사장 박정호", "아성다이소(대표 박정부)"), or PERSON은 (…) ORG
    TITLE이다 ("박근혜는 한나라당 전 대표였고")."""
    items = r.items
    a, nxt = items[o], k + 1
    if r.former(o, k):
        attrs["former"] = True
    if nxt < len(items) and r.is_person(items[nxt]):
        return [(items[nxt].m, a.m, rel, "ko:org-title-person", r.conf(0.8, a, items[nxt]), attrs)]
    if r.is_org(a) and (p := _copula_subject(r, k, o)) is not None:
        return [(items[p].m, a.m, rel, "ko:P는-O-title이다", r.conf(0.8, a, items[p]), attrs)]
    return []


def _copula_subject(r: PatternReader, k: int, org: int) -> int | None:
    """The person a title states with the copula ("…대표였고", "…사장이다"; not "사장인 X":
    that names the person after it): the person subject before the organisation."""
    items = r.items
    nxt = k + 1
    if nxt >= len(items) or items[nxt].tok is None or items[nxt].tok.tag != "VCP":  # type: ignore[union-attr]
        return None
    after = items[nxt + 1].tok if nxt + 1 < len(items) else None
    if after is not None and after.tag == "ETM":
        return None
    return r.person_subject(org)


def serves(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """A title as what a person serves as, is appointed to or held: "P는 O TITLE로 재직",
    "P는 O TITLE을 지냈다", "O는 P를 (새) TITLE로 임명했다", "P를 O TITLE로 선임"."""
    items = r.items
    if k < 2 or item_form(items[k - 1]) not in _AS_FORMS or items[k - 1].m >= 0:
        return []
    form = item_form(items[k])
    career = item_form(items[k - 1]) in ("을", "를")
    if career != (form in _CAREER_VERBS):
        return []  # "사장을 임명", "사장으로 지내": not the construction
    t = _served_title(r, k - 2, career)
    if t is None:
        return []
    title = item_form(items[t])
    rel = r.lex.title_of(title)
    if rel is None:
        return []
    o = t - 1
    nouns = 0  # "연세대학교 법학 교수로": up to two nouns between the organisation and the title
    while o >= 0 and items[o].tok is not None:
        if item_form(items[o]) in _TITLE_MODIFIERS or r.former(o, o + 1):
            o -= 1
        elif _tag(items[o]) == "NNG" and nouns < 2 and r.lex.title_of(item_form(items[o])) is None:
            o, nouns = o - 1, nouns + 1
        else:
            break
    org: int | None = o if o >= 0 and r.is_org(items[o]) and not items[o].particle else None
    person: int | None = None
    if form in _APPOINT_VERBS and r.next_form(k) not in ("되", "받"):
        # the appointed person is the object: "P를 (O) TITLE로 임명"
        person = next(
            (j for j in range(o if org is not None else t, max(-1, t - 8), -1) if r.is_person(items[j])), None
        )
        if person is not None and items[person].particle not in ("을", "를"):
            person = None
        if person is not None and org is None:
            subj = r.subject_before(person, limit=20)
            org = subj if subj is not None and r.is_org(items[subj]) else None
    elif org is not None:
        person = r.person_subject(org)
    if person is None or org is None:
        return []
    attrs: dict[str, AttrValue] = {"title": title}
    if (career and form != "맡") or r.former(max(0, t - 1), t):
        attrs["former"] = True
    conf = r.conf(0.8, items[person], items[org])
    name = "ko:P-O-title" + ("을-" if career else "로-") + form
    return [(items[person].m, items[org].m, rel, name, conf, attrs)]


def _served_title(r: PatternReader, t: int, career: bool) -> int | None:
    """The title item at ``t`` or, for a career, the first of two titles joined by 와/과:
    "중앙대 교수와 경영대학장을 거쳐" (the first keeps its organisation)."""
    items = r.items
    if r.lex.title_of(item_form(items[t])) is not None and _tag(items[t]) in ("NNG", "NNP", "SL"):
        return t
    if not career:
        return None
    for j in range(t - 1, max(0, t - 4), -1):
        if item_form(items[j]) in ("와", "과") and r.lex.title_of(item_form(items[j - 1])) is not None:
            return j - 1
    return None


def founder(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "P가 O를 설립", "P가 설립한 O", "O를 설립한 P" (P FOUNDER_OF O); "(P가) L에 O를 설립"
    (O HEADQUARTERED_IN L)."""
    items = r.items
    out: list[Rel] = []
    j = k - 1
    if j >= 0 and item_form(items[j]) == "공동":  # "공동 설립"
        j -= 1
    obj = j if j >= 0 and r.is_org(items[j]) and items[j].particle in ("을", "를") else None
    adnominal = r.next_form(k) == "하" and k + 2 < len(items) and _tag(items[k + 2]) == "ETM"
    after = k + 3 if adnominal else -1
    if obj is not None:
        if adnominal and after < len(items) and r.is_person(items[after]):
            out.append((items[after].m, items[obj].m, RelationType.FOUNDER_OF, "ko:O를-설립한-P", 0.8, {}))
        elif not adnominal and (subj := r.person_subject(obj)) is not None:
            out.append((items[subj].m, items[obj].m, RelationType.FOUNDER_OF, "ko:P가-O를-설립", 0.8, {}))
        if obj > 0 and r.is_place(items[obj - 1]) and items[obj - 1].particle == "에":
            out.append((items[obj].m, items[obj - 1].m, RelationType.HEADQUARTERED_IN, "ko:L에-O를-설립", 0.7, {}))
    elif adnominal and after < len(items) and r.is_org(items[after]):
        subj = r.person_subject(k)
        if subj is not None and items[subj].ptag == "JKS":  # "P가 설립한 O"; "P는 설립한 O" reads otherwise
            out.append((items[subj].m, items[after].m, RelationType.FOUNDER_OF, "ko:P가-설립한-O", 0.8, {}))
    return out


def origin(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "O 출신[인|의] P", "P는 O 출신이다", "P는 그룹 O 출신 가수로": P once worked for O (a party's
    출신 was its member, a school's is its graduate: see the relation stage)."""
    items = r.items
    j = k - 1
    if j < 0 or not r.is_org(items[j]) or items[j].particle:
        return []
    n = r.after_copula(k)
    if n < len(items) and item_form(items[n]) == "의":
        n += 1
    person: int | None = n if n < len(items) and r.is_person(items[n]) and n <= k + 3 else None
    if person is None and _predicative(r, k + 1):
        person = r.person_subject(j)  # "P는 O 출신이다", "P는 그룹 O 출신 가수로"
    if person is None:
        return []
    conf = r.conf(0.75, items[j], items[person])
    return [(items[person].m, items[j].m, RelationType.WORKS_FOR, "ko:O-출신-P", conf, {"former": True})]


def _predicative(r: PatternReader, n: int) -> bool:
    """Item ``n`` states what the subject is: the copula ("…출신이다"), or a noun with the copula
    or 로 ("…출신 가수로"); not the copula of a modifier ("…출신인 X")."""
    items = r.items
    if n >= len(items):
        return False
    if _tag(items[n]) == "VCP":
        return n + 1 >= len(items) or _tag(items[n + 1]) != "ETM"
    nxt = items[n + 1] if n + 1 < len(items) else None
    return _tag(items[n]) == "NNG" and nxt is not None and (item_form(nxt) in ("로", "으로") or _tag(nxt) == "VCP")


def _tag(item: Item) -> str:
    return item.tok.tag if item.tok is not None else ""


_AS_FORMS = {"로", "으로", "을", "를"}
_CAREER_VERBS = {"지내", "역임", "거치", "맡"}  # with 을/를: held (맡: holds) the title
_APPOINT_VERBS = {"임명", "선임", "선출", "영입", "내정", "발탁", "기용"}
_TITLE_MODIFIERS = {"새", "신임", "차기", "초대", "공동"}


def pair(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "A와 B (…) cue" and "A는 (…) B와 (…) cue" (symmetric)."""
    items = r.items
    out: list[Rel] = []
    j = k - 1
    steps = 0
    while j >= 0 and steps < 20:
        it = items[j]
        if r.clause_break(it) or r.other_subject(it):
            break
        if r.is_org(it) and it.particle in _WITH_FORMS:
            # "A와 B": the partner named right after
            nb = j + 1
            if nb < k and r.is_org(items[nb]) and items[nb].particle not in _WITH_FORMS:
                out.append(
                    (
                        it.m,
                        items[nb].m,
                        cue.relation,
                        "ko:A와B-" + cue.relation.value,
                        r.conf(0.85, it, items[nb]),
                        {},
                    )
                )
                return out
            subj = r.subject_before(j)
            if subj is not None and r.is_org(items[subj]):
                out.append(
                    (
                        items[subj].m,
                        it.m,
                        cue.relation,
                        "ko:A는-B와-" + cue.relation.value,
                        r.conf(0.8, it, items[subj]),
                        {},
                    )
                )
            return out
        j -= 1
        steps += 1
    return out


def object_(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "A가 B를 인수", "A의 경우 B 흡수통합" (A -> B); not when the cue is passive."""
    items = r.items
    if r.next_form(k) in ("되", "당하"):
        return []
    j = k - 1
    if j < 0 or not r.is_org(items[j]):
        return []
    b = items[j]
    if b.particle not in ("", "을", "를"):
        return []
    subj = r.subject_before(j)
    if subj is None or not r.is_org(items[subj]):
        return []
    a = items[subj]
    attrs: dict[str, AttrValue] = {}
    tok = items[k].tok
    if tok is not None and tok.form != "인수":
        attrs["merger"] = True
    return [(a.m, b.m, cue.relation, "ko:A가-B를-" + (tok.form if tok else ""), r.conf(0.85, a, b), attrs)]


def passive(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "B가 A에 인수됐다" (A -> B)."""
    items = r.items
    if r.next_form(k) not in ("되", "당하"):
        return []
    j = k - 1
    if j < 0 or not r.is_org(items[j]) or items[j].particle not in ("에", "에게"):
        return []
    subj = r.subject_before(j)
    if subj is None or not r.is_org(items[subj]):
        return []
    return [(items[j].m, items[subj].m, cue.relation, "ko:B가-A에-인수되", r.conf(0.8, items[j], items[subj]), {})]


def operator(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    items = r.items
    tok = items[k].tok
    out: list[Rel] = []
    if tok is not None and tok.form in ("운영사", "운영자"):
        # "11번가 운영사 SK텔레콤", "11번가의 운영사인 SK텔레콤"
        j, n = k - 1, r.after_copula(k)
        if j >= 0 and n < len(items) and r.is_org(items[j]) and r.is_org(items[n]) and items[j].particle in ("", "의"):
            out.append(
                (
                    items[j].m,
                    items[n].m,
                    cue.relation,
                    "ko:X-운영사-Y",
                    r.conf(0.85, items[j], items[n]),
                    {},
                )
            )
        return out
    # "X를 운영하는 Y" / "Y가 운영하는 X"
    if r.next_form(k) != "하" or k + 2 >= len(items) or items[k + 2].tok is None:
        return out
    if items[k + 2].tok.tag != "ETM":  # type: ignore[union-attr]
        return out
    n = k + 3
    j = k - 1
    if n >= len(items) or not r.is_org(items[n]) or j < 0 or not r.is_org(items[j]):
        return out
    if items[j].particle in ("을", "를"):
        out.append((items[j].m, items[n].m, cue.relation, "ko:X를-운영하는-Y", r.conf(0.85, items[j], items[n]), {}))
    elif items[j].particle in ("이", "가"):
        out.append((items[n].m, items[j].m, cue.relation, "ko:Y가-운영하는-X", r.conf(0.8, items[j], items[n]), {}))
    return out


def parent(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "A 자회사 B", "A의 계열사인 B" (B -> A); "B는 A의 자회사다" (B -> A)."""
    items = r.items
    j = k - 1
    if j < 0 or not r.is_org(items[j]) or items[j].particle not in ("", "의"):
        return []
    n = r.after_copula(k)
    if n < len(items) and r.is_org(items[n]):
        return [(items[n].m, items[j].m, cue.relation, "ko:A-자회사-B", r.conf(0.85, items[j], items[n]), {})]
    subj = r.subject_before(j, limit=3)
    if subj is not None and r.is_org(items[subj]):
        return [
            (
                items[subj].m,
                items[j].m,
                cue.relation,
                "ko:B는-A의-자회사",
                r.conf(0.8, items[j], items[subj]),
                {},
            )
        ]
    return []


def target(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "A가 B에 (…) 투자" (A -> B)."""
    items = r.items
    j = k - 1
    steps = 0
    while j >= 0 and steps < 6:
        it = items[j]
        if r.clause_break(it):
            return []
        if it.m >= 0:
            if r.is_org(it) and it.particle in ("에", "에게"):
                subj = r.subject_before(j)
                if subj is not None and r.is_org(items[subj]):
                    return [(items[subj].m, it.m, cue.relation, "ko:A가-B에-투자", r.conf(0.8, it, items[subj]), {})]
            return []
        j -= 1
        steps += 1
    return []


def place(r: PatternReader, k: int, cue: Cue) -> list[Rel]:
    """ "P에 본사를 둔 A", "A는 P에 본사를 두고", "P 소재 A", "A 본사는 P에"."""
    items = r.items
    out: list[Rel] = []
    j = k - 1
    if j >= 0 and r.is_place(items[j]) and items[j].particle in ("에", ""):
        # organisation after the cue ("…본사를 둔 A", "소재 A") within a few items
        n = k + 1
        while n < len(items) and n <= k + 5:
            if items[n].m >= 0:
                if r.is_org(items[n]):
                    out.append(
                        (
                            items[n].m,
                            items[j].m,
                            cue.relation,
                            "ko:P에-본사-A",
                            r.conf(0.8, items[n], items[j]),
                            {},
                        )
                    )
                break
            if r.clause_break(items[n]):
                break
            n += 1
        if not out:
            subj = r.subject_before(j, limit=4)
            if subj is not None and r.is_org(items[subj]):
                out.append(
                    (
                        items[subj].m,
                        items[j].m,
                        cue.relation,
                        "ko:A는-P에-본사",
                        r.conf(0.75, items[subj], items[j]),
                        {},
                    )
                )
    return out


def membership(r: PatternReader, k: int) -> list[Rel]:
    """ "A 소속 B": a person works for A, an organisation is a member of A."""
    items = r.items
    j, n = k - 1, r.after_copula(k)
    if j < 0 or n >= len(items) or not r.is_org(items[j]) or items[j].particle not in ("", "의"):
        return []
    b = items[n]
    if r.is_org(b) and not b.particle and n + 1 < len(items) and r.is_person(items[n + 1]):
        # "국회 교육문화체육관광위원회 소속 새누리당 이상일 의원": the member is the person
        n += 1
        b = items[n]
    if r.is_person(b):
        # the title after the person retypes the role (a lawmaker is a member of the committee)
        title = item_form(items[n + 1]) if n + 1 < len(items) and not b.particle else ""
        attrs: dict[str, AttrValue] = {"title": title} if r.lex.title_of(title) is not None else {}
        return [(b.m, items[j].m, RelationType.WORKS_FOR, "ko:A-소속-B", r.conf(0.8, b, items[j]), attrs)]
    if r.is_org(b):
        return [(b.m, items[j].m, RelationType.MEMBER_OF, "ko:A-소속-B", r.conf(0.75, b, items[j]), {})]
    return []


# the rule of each cue kind (``relation_cues.tsv``); titles and 소속 have rules of their own
CUE_RULES: dict[str, Callable[[PatternReader, int, Cue], list[Rel]]] = {
    "pair": pair,
    "object": object_,
    "passive": passive,
    "operator": operator,
    "parent": parent,
    "target": target,
    "place": place,
    "serves": serves,
    "founder": founder,
    "origin": origin,
}
