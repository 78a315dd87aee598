"""The passes that choose among the proposed spans, in order of trust, each taking tokens no
earlier choice took: ``choose_rule_spans`` (filed names, Korean places, datelines, unless NER read
a longer name around them), ``choose_gazetteer`` (the longer span wins; an exact gazetteer match
decides the type), ``choose_speakers``, ``choose_ner`` (typed by :func:`classify`: gazetteer,
suffixes, keywords, then the NER label) and ``titles`` (a title before a person's name becomes
its ``title``; words of such a title are no name of their own).

Example::

    state = extractor.state("Defense Secretary Robert Gates visited Busan Bank.", until="titles")
    state.spans()     # [('Robert Gates', 'Person'), ...]; "Defense" is the title's word
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.en.candidate import GAZ_PRIORITY, GAZ_TYPES, NER_TYPES, SPANS_KEY, W_GAZ, W_NER, W_RULE, Cand
from extractors.en.lexicon import NOT_ENTITY, EnglishLexicon
from extractors.en.passes.found import untagged_speakers
from extractors.en.passes.state import DocState
from extractors.en.words import before_title, inside_capitalised_name, is_name, title_attrs
from schema.types import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "choose_gazetteer",
    "choose_ner",
    "choose_rule_spans",
    "choose_speakers",
    "classify",
    "gazetteer_spans",
    "titles",
]


def gazetteer_spans(state: DocState) -> None:
    """The gazetteer ruler's matches (``doc.spans["kg_gaz"]``), longest first."""
    state.gazetteer = sorted(
        (Cand(s.start, s.end, s.label_, "gazetteer") for s in state.doc.spans.get(SPANS_KEY, [])),
        key=lambda c: (c.start - c.end, c.start, GAZ_PRIORITY.get(c.label, 9)),
    )


def _take(state: DocState, cand: Cand) -> None:
    for i in range(cand.start, cand.end):
        state.taken[i] = True
    state.cands.append(cand)


def choose_rule_spans(state: DocState) -> None:
    """A filed name ending in a legal form ("HYUNDAI DSF CO.,LTD", "Coupang, Inc.") is one
    company, whatever pieces NER and the gazetteer made of it; so are the rules' places."""
    state.taken = [False] * len(state.doc)
    state.cands = []
    for f in state.rule_spans:
        if any(state.taken[f.start : f.end]):
            continue
        if any(e.start <= f.start and e.end >= f.end and e.end - e.start > f.end - f.start for e in state.ner):
            # "Power Corporation of Canada", "Shihlin Electric and Engineering Corporation":
            # NER read a longer name around it
            continue
        _take(state, f)


def choose_gazetteer(state: DocState) -> None:
    """Gazetteer names over the NER spans they overlap, unless NER read a longer name around
    them ("Seoul Central District Court" around "Seoul"); names of no entity take their tokens
    and give no mention."""
    doc, lex, ner = state.doc, state.lex, state.ner
    for g in state.gazetteer:
        if any(state.taken[g.start : g.end]):
            continue
        overlapping = [e for e in ner if e.start < g.end and g.start < e.end]
        if any(e.end - e.start > g.end - g.start for e in overlapping):
            continue
        if g.label == "PLACE" and inside_capitalised_name(doc, g.start, g.end) and not before_title(doc, g.end, lex):
            continue  # "Busan" in "Busan Bank", when NER missed the bank (not "U.S. Secretary")
        for e in overlapping:
            ner.remove(e)
        for i in range(g.start, g.end):
            state.taken[i] = True
        if g.label != NOT_ENTITY:
            g.type = GAZ_TYPES[g.label]
            g.weight = W_GAZ
            state.cands.append(g)


def choose_speakers(state: DocState) -> None:
    """A one-word proper noun NER left untagged that speaks ("Berlusconi said"): a person."""
    for sp in untagged_speakers(state.doc, state.lex, state.index.columns["TAG"]):
        if not state.taken[sp.start] and not any(e.start <= sp.start < e.end for e in state.ner):
            state.taken[sp.start] = True
            state.cands.append(sp)


def choose_ner(state: DocState) -> None:
    """The NER names left, typed by :func:`classify`; not words of the no-entity list, names
    with no capital, nationality adjectives read as ORG, or "State" of "Secretary of State"."""
    doc, lex, offsets = state.doc, state.lex, state.offsets
    for e in state.ner:
        if any(state.taken[e.start : e.end]):
            continue
        text = offsets.span_text(e.start, e.end)
        if text in lex.not_entities or not is_name(text, lex):
            continue
        if (
            text in lex.demonyms
            and e.type is None
            and not (e.label == "GPE" and lex.exact.get(text) is EntityType.PLACE)
        ):
            continue  # "German" tagged ORG: an adjective, not a name ("U.S." tagged GPE is the country)
        if (
            e.end - e.start == 1
            and e.start >= 2
            and doc[e.start - 1].lower_ == "of"
            and doc[e.start - 2].lower_ == "secretary"
        ):
            continue  # "State" of "Secretary of State" is part of the title
        if e.type is None:
            e.type, e.weight = classify(doc, lex, e, text)
        state.cands.append(e)


def titles(state: DocState) -> None:
    """A title before a person's name becomes the mention's ``title``; a name inside such a
    title ("Defense" of "Defense Secretary Robert Gates") is dropped."""
    doc, lex, chosen = state.doc, state.lex, state.cands
    for c in chosen:
        if c.type == EntityType.PERSON and c.title_start < 0:
            title_before(doc, lex, c)
    spans = [(c.title_start, c.start) for c in chosen if c.type == EntityType.PERSON and c.title_start >= 0]
    state.cands = [
        c
        for c in chosen
        if c.type in (EntityType.PERSON, EntityType.PLACE) or not any(a <= c.start and c.end <= b for a, b in spans)
    ]


def title_before(doc: Doc, lex: EnglishLexicon, cand: Cand) -> None:
    """A title right before a person's name ("President Park Geun-hye", "its leader Jack
    Ma") becomes the mention's ``title``; its start is kept for the relation rules."""
    sent_start = doc[cand.start].sent.start
    t = cand.start
    while t > sent_start and t > cand.start - 5:
        tok = doc[t - 1]
        if tok.text in lex.honorifics or tok.lower_ in lex.title_words or tok.lower_ in lex.cue("former_words"):
            t -= 1
        else:
            break
    while t < cand.start and doc[t].lower_ == "and":
        t += 1  # "Congress and President Roosevelt": the title starts after "and"
    if t == cand.start:
        return
    # The phrase must end in a title head ("Finance Minister", "retail analyst").
    attrs = title_attrs(doc, t, cand.start, lex)
    if "title" in attrs:
        cand.attrs.update(attrs)
        cand.title_start = t


def classify(doc: Doc, lex: EnglishLexicon, cand: Cand, text: str) -> tuple[EntityType, float]:
    """The type of an NER name (``text``) by its words and the word before it, and the weight
    of that reading."""
    if text in lex.exact:
        return lex.exact[text], W_GAZ
    last = doc[cand.end - 1].text
    if (
        cand.label in ("GPE", "LOC", "ORG")
        and cand.start > 0
        and doc[cand.start - 1].is_title
        and doc[cand.start - 1].lower_ in lex.title_words
        and all(t.is_title for t in doc[cand.start : cand.end] if t.is_alpha)
        and last not in lex.corporate_suffixes
        and last not in lex.place_suffixes
        and not lex.org_keyword_re.search(text)
    ):
        return EntityType.PERSON, W_RULE  # "President Thabo Mbeki" read as a place
    if cand.label != "PERSON" or cand.end - cand.start > 1:
        if last in lex.place_suffixes and cand.end - cand.start > 1:
            return EntityType.PLACE, W_RULE
        if (
            cand.label != "PERSON"  # "Jang Dong-gun", "Lee Seung-ri" are people
            and last in lex.admin_suffixes
            and cand.end - cand.start > 2
            and doc[cand.end - 2].text == "-"
        ):
            return EntityType.PLACE, W_RULE  # "Nowon-gu", "Paju-si"
        if cand.end - cand.start == 1 and lex.glued_admin_re.match(text):
            return EntityType.PLACE, W_RULE  # "Yangjusi", "Cheongjusisangdanggu"
        if "Bank of" in text or "Central Bank" in text:
            return EntityType.ORGANIZATION, W_RULE
        if last in lex.corporate_suffixes or last.rstrip(".") in lex.corporate_suffixes:
            return EntityType.COMPANY, W_RULE
        if lex.org_keyword_re.search(text):
            return EntityType.ORGANIZATION, W_RULE
        if last in lex.newspaper_words and cand.end - cand.start > 1:
            return EntityType.COMPANY, W_RULE
        # "Amazon Korea" when the ruler missed it: a known company plus a local arm
        head = doc[cand.start : cand.end - 1].text
        if last in lex.local_arms and lex.exact.get(head) == EntityType.COMPANY:
            return EntityType.COMPANY, W_RULE
    return NER_TYPES[cand.label], W_NER
