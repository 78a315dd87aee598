"""Role constructions of the relation reader: a person and the organisation or place they hold a
title at, read around the person's name.

- :func:`roles_after`: "<person>, [the] [former] <title> of|at|for <org>" (``appos_title_of``),
  "<person> is|was the <title> of <org>" (``copula_title_of``), "<person>, Samsung's CEO"
  (``appos_org_title``);
- :func:`roles_before`: "the CEO of Samsung, <person>," (``title_of_org_appos``), "Samsung's
  chief executive, <person>," (``org_title_appos``), "Amazon CEO Jeff Bezos"
  (``org_title_person``), "its leader Jack Ma" (``pronoun_title_person``).

The relation type comes from the title's head (``lexicons/titles.tsv``); confidences from
``reader.yaml``.
"""

from __future__ import annotations

from extractors.en.candidate import DETERMINERS, ORGS, POSSESSIVES, ROLE_PREPS
from extractors.en.relations.reader import RelationReader
from extractors.en.words import title_head
from schema.types import AttrValue, EntityType, RelationType

__all__ = ["roles_after", "roles_before"]


def _role_phrase(r: RelationReader, i: int, limit: int) -> tuple[int, int, bool]:
    """Read "[the] [former] <title words>" from token i; returns (title start, end, former)."""
    doc, lex = r.doc, r.lex
    former = False
    while i < limit and (doc[i].lower_ in DETERMINERS or doc[i].lower_ in lex.cue("former_words")):
        former = former or doc[i].lower_ in lex.cue("former_words")
        i += 1
    start = i
    while i < limit and i - start < 6 and r.owner[i] < 0:
        tok = doc[i]
        if tok.lower_ in lex.title_words or tok.lower_ == "and" or tok.text == "-":
            i += 1
        elif tok.pos_ in ("ADJ", "NOUN") and tok.is_lower and tok.is_alpha:
            i += 1  # a free modifier ("a retail analyst", "a senior research fellow")
        else:
            break
    # the phrase must end in a title head
    while i > start and title_head(doc[start:i].text.lower(), lex) is None:
        i -= 1
    return start, i, former


def _role_relation(r: RelationReader, person: int, org: int, title: str, former: bool, rule: str) -> None:
    """The relations a title states between a person and an organisation or place."""
    if not r.is_(org, *ORGS, EntityType.PLACE):
        return
    # "founder and executive chairman" holds two roles; "president and CEO" is one title
    # the lexicon knows whole, so each part is read on its own only when the whole is not.
    whole = title.lower()
    parts = [whole] if whole in r.lex.titles else [p.strip() for p in whole.split(" and ")]
    for part in parts:
        rtype = title_head(part, r.lex)
        if rtype is None:
            continue
        if r.type_of(org) == EntityType.PLACE and rtype != RelationType.LEADER_OF:
            continue  # "analyst in Seoul" is not employment; "governor of Gyeonggi" is leadership
        attrs: dict[str, AttrValue] = {"title": title}
        if former:
            attrs["former"] = True
        r.add(person, org, rtype, r.rules[rule], rule, attrs)


def roles_after(r: RelationReader, p: int) -> None:
    """ "<person>, [the] [former] <title> of|at|for <org>" and "<person>, <org>'s <title>"
    and "<person> is|was the <title> of <org>"."""
    doc = r.doc
    c = r.cands[p]
    limit = doc[c.start].sent.end
    i = c.end
    if i >= limit:
        return
    rule = "appos_title_of"
    if doc[i].text == ",":
        i += 1
        if i < limit and doc[i].lower_ == "who":
            i += 1
            rule = "copula_title_of"
    if i < limit and doc[i].lemma_ in ("be", "become", "serve", "remain") and (rule != "appos_title_of" or i == c.end):
        rule = "copula_title_of"
        i += 1
        if i < limit and doc[i].lower_ == "as":
            i += 1
    elif rule == "appos_title_of" and i == c.end:
        return
    # "<person>, Samsung's CEO" / "<person>, Samsung CEO"
    o = r.owner[i] if i < limit else -1
    if o >= 0 and r.is_(o, *ORGS):
        _org_title_after(r, p, o, limit)
        return
    ts, te, former = _role_phrase(r, i, limit)
    if te == ts or te >= limit or doc[te].lower_ not in ROLE_PREPS:
        return
    j = te + 1
    if j < limit and doc[j].lower_ == "the":
        j += 1
    o = r.owner[j] if j < limit else -1
    if o < 0 or r.cands[o].start != j:
        return
    unit = _unit_after(r, o)
    _role_relation(r, p, o, doc[ts:te].text, former, rule)
    if unit:
        for k in [k for k in r.found if k[0] == p and k[1] == o]:
            r.found[k].attrs["unit"] = unit


def _org_title_after(r: RelationReader, p: int, o: int, limit: int) -> None:
    """ "<person>, Samsung's CEO" / "<person>, Samsung CEO": the title after the organisation."""
    doc = r.doc
    j = r.cands[o].end
    if j < limit and doc[j].text in POSSESSIVES:
        j += 1
    ts, te, former = _role_phrase(r, j, limit)
    if te > ts and (te >= limit or not doc[te].is_alpha or doc[te].pos_ in ("VERB", "AUX", "CCONJ")):
        _role_relation(r, p, o, doc[ts:te].text, former, "appos_org_title")


def _unit_after(r: RelationReader, o: int) -> str:
    """ "Microsoft's Korean unit": the unit phrase after an organization's possessive."""
    doc = r.doc
    j = r.cands[o].end
    sent_end = doc[r.cands[o].start].sent.end
    if j >= sent_end or doc[j].text not in POSSESSIVES:
        return ""
    k = j + 1
    unit_words = r.lex.cue("unit_words")
    while k < sent_end and k - j < 4 and doc[k].lower_ not in unit_words and doc[k].is_alpha:
        k += 1
    if k < sent_end and doc[k].lower_ in unit_words:
        return doc[j + 1 : k + 1].text
    return ""


def _title_ending_at(r: RelationReader, end: int, floor: int) -> tuple[int, bool]:
    """Start of a title phrase that ends at token ``end`` (exclusive), and whether it says
    "former"; (end, False) when the words there are no title."""
    doc, lex = r.doc, r.lex
    t = end
    while t > floor and end - t < 6 and r.owner[t - 1] < 0:
        tok = doc[t - 1]
        if tok.lower_ in lex.title_words or tok.lower_ in lex.cue("former_words") or tok.text == "-":
            t -= 1
        else:
            break
    former = False
    while t < end and (doc[t].lower_ in lex.cue("former_words") or doc[t].lower_ in ("and", "-")):
        former = former or doc[t].lower_ in lex.cue("former_words")
        t += 1
    if t == end or title_head(doc[t:end].text.lower(), lex) is None:
        return end, False
    return t, former


def _roles_before_comma(r: RelationReader, p: int) -> None:
    """ "Samsung's chief executive, Kim Ki-nam," and "the CEO of Samsung, Kim Ki-nam,"."""
    doc = r.doc
    c = r.cands[p]
    sent_start = doc[c.start].sent.start
    k = c.start - 1
    if k - 1 <= sent_start or doc[k].text != ",":
        return
    o = r.owner[k - 1]
    if o >= 0 and r.cands[o].end == k and r.is_(o, *ORGS):
        j = r.cands[o].start
        if doc[j - 1].lower_ == "the" and j - 1 > sent_start:
            j -= 1
        if j - 1 > sent_start and doc[j - 1].lower_ in ROLE_PREPS:
            ts, former = _title_ending_at(r, j - 1, sent_start)
            if ts < j - 1:
                _role_relation(r, p, o, doc[ts : j - 1].text, former, "title_of_org_appos")
        return
    ts, former = _title_ending_at(r, k, sent_start)
    if ts == k or ts <= sent_start:
        return
    j = ts - 1 if doc[ts - 1].text in POSSESSIVES else ts
    o = r.owner[j - 1] if j - 1 >= sent_start else -1
    if o >= 0 and r.cands[o].end == j:
        _role_relation(r, p, o, doc[ts:k].text, former, "org_title_appos")


def roles_before(r: RelationReader, p: int) -> None:
    """ "Amazon CEO Jeff Bezos", "Alibaba's founder Jack Ma", "its leader Jack Ma"."""
    doc = r.doc
    c = r.cands[p]
    _roles_before_comma(r, p)
    title = c.attrs.get("title")
    if not isinstance(title, str) or c.title_start < 0:
        return
    former = bool(c.attrs.get("former", False))
    t = c.title_start
    sent_start = doc[c.start].sent.start
    if t <= sent_start:
        return
    prev = doc[t - 1]
    if prev.lower_ in ("its", "their"):
        o = r.antecedent(t - 1, ORGS)
        _role_relation(r, p, o, title, former, "pronoun_title_person")
        return
    j = t
    if prev.text in POSSESSIVES:
        j -= 1
    o = r.owner[j - 1] if j - 1 >= sent_start else -1
    if o >= 0 and r.cands[o].end == j:
        # "former Georgia Governor Jimmy Carter"
        before = r.cands[o].start - 1
        if before >= sent_start and doc[before].lower_ in r.lex.cue("former_words"):
            former = True
        _role_relation(r, p, o, title, former, "org_title_person")
