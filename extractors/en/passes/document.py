"""Document-level consistency, three passes over the chosen candidates: ``short_forms`` ("Choi"
after "Choi Kyung-hwan", "Alibaba" after "Alibaba Group" take the full form's type and record it
as ``full_name``), ``type_vote`` (one type per name per document by weighted vote, with the
sentence's word for it, "X is a city", :mod:`.context`; names of works dropped) and
``propagate`` (names seen once found again where NER missed them).

Example::

    state = extractor.state("Choi Kyung-hwan spoke. Choi said so.", until="short_forms")
    state.cands[-1].attrs["full_name"]      # 'Choi Kyung-hwan'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractors.en.candidate import ORGS, PLACE_LABELS, W_GAZ, W_LINK, W_NER, W_RULE, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.passes.context import conjunct_type, context_type, is_work
from extractors.en.passes.state import DocState
from extractors.en.words import inside_capitalised_name, name_parts
from schema.types import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["propagate", "short_forms", "type_vote"]


def short_forms(state: DocState) -> None:
    """A short form takes the type of the full form named before it: a one-word part of a
    person's name ("Choi"), a company's name without its legal suffix ("Alibaba"; also when
    NER called it a person, "Taito" after "Taito Corporation", unless it is part of a person's
    name in the text)."""
    doc = state.doc
    state.cands.sort(key=lambda c: c.start)
    person_parts, company_bases = _full_forms(doc, state.lex, state.cands)
    state.person_parts = person_parts

    def nearest(full: list[Cand], at: int) -> Cand | None:
        before = [f for f in full if f.start < at]
        return before[-1] if before else None

    for c in state.cands:
        text = doc[c.start : c.end].text
        if c.source != "gazetteer" and text in person_parts and c.end - c.start == 1:
            full = nearest(person_parts[text], c.start)
            if full is not None:
                c.type, c.weight = EntityType.PERSON, W_LINK
                c.attrs["full_name"] = doc[full.start : full.end].text
        elif text in company_bases and (c.type != EntityType.PERSON or text not in person_parts):
            full = nearest(company_bases[text], c.start) or company_bases[text][0]
            if full is not c:
                c.type = full.type
                c.weight = max(c.weight, W_LINK)
                c.attrs["full_name"] = doc[full.start : full.end].text


def _full_forms(
    doc: Doc, lex: EnglishLexicon, cands: list[Cand]
) -> tuple[dict[str, list[Cand]], dict[str, list[Cand]]]:
    """Short forms: name parts of people, company names without a legal suffix; each with the
    candidates it is short for."""
    person_parts: dict[str, list[Cand]] = defaultdict(list)
    company_bases: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        if c.type == EntityType.PERSON:
            parts = name_parts(doc, c)
            if len(parts) >= 2:
                for part in (parts[0], parts[-1]):
                    if len(part) > 1 and part[0].isupper() and part not in lex.honorifics:
                        person_parts[part].append(c)
        elif c.type in ORGS:
            base_end = c.end
            while base_end > c.start + 1 and (
                doc[base_end - 1].text in lex.legal_suffixes or doc[base_end - 1].is_punct
            ):
                base_end -= 1
            if base_end < c.end:
                company_bases[doc[c.start : base_end].text].append(c)
    return person_parts, company_bases


def type_vote(state: DocState) -> None:
    """One type per name per document, by weighted vote; a None vote means "a work or product,
    not an entity" ("the film Parasite"), and a name it wins is dropped."""
    doc, cands = state.doc, state.cands
    votes: dict[str, dict[EntityType | None, float]] = defaultdict(lambda: defaultdict(float))
    by_token: dict[int, Cand] = {i: c for c in cands for i in range(c.start, c.end)}
    offsets = state.offsets
    names = [offsets.span_text(c.start, c.end) for c in cands]
    for c, name in zip(cands, names, strict=True):
        _vote(doc, state.lex, c, votes[name], by_token)
    kept = []
    for c, name in zip(cands, names, strict=True):
        ballot = votes[name]
        winner = max(ballot, key=lambda t: ballot[t])
        if winner is not None:
            c.type = winner
            kept.append(c)
    state.cands = kept


def _vote(
    doc: Doc, lex: EnglishLexicon, c: Cand, ballot: dict[EntityType | None, float], by_token: dict[int, Cand]
) -> None:
    """One candidate's votes for the type of its name."""
    assert c.type is not None
    ballot[c.type] += c.weight
    if c.source == "ner" and c.label in PLACE_LABELS and c.type == EntityType.PLACE:
        # the model's place labels are more reliable than its ORG for the same name
        ballot[c.type] += W_NER
    if c.source == "ner" and c.weight < W_GAZ:
        if is_work(doc, lex, c):
            ballot[None] += W_RULE
            return
        context = context_type(doc, lex, c)
        if context is None and c.label in ("ORG", "PERSON"):
            context = conjunct_type(doc, c, by_token)
        if context is not None:
            ballot[context] += W_RULE


def propagate(state: DocState) -> None:
    """Names seen in the document found again where NER missed them."""
    state.cands = state.cands + _propagate(state.doc, state.cands, state.person_parts, state.words)


def _propagate(doc: Doc, cands: list[Cand], person_parts: dict[str, list[Cand]], texts: Sequence[str]) -> list[Cand]:
    """Find again names that NER missed elsewhere in the document (``texts``: each token's
    text)."""
    covered = [False] * len(doc)
    for c in cands:
        for i in range(c.start, c.end):
            covered[i] = True
    names: dict[str, list[tuple[tuple[str, ...], EntityType, str]]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for c in cands:
        words = tuple(texts[c.start : c.end])
        if (
            "demonym_of" in c.attrs
            or "party_of" in c.attrs
            or words in seen
            or (not doc[c.start].is_title and not doc[c.start].is_upper)
            or len(words[0]) < 2
        ):
            continue
        seen.add(words)
        assert c.type is not None
        names[words[0]].append((words, c.type, ""))
    for part, fulls in person_parts.items():
        if (part,) not in seen:
            names[part].append(((part,), EntityType.PERSON, doc[fulls[0].start : fulls[0].end].text))
    added: list[Cand] = []
    i = 0
    n = len(doc)
    while i < n:
        if covered[i] or texts[i] not in names:
            i += 1
            continue
        match = None
        for words, etype, full in sorted(names[texts[i]], key=lambda x: -len(x[0])):
            end = i + len(words)
            if end <= n and not any(covered[i:end]) and tuple(texts[i:end]) == words:
                match = (end, etype, full)
                break
        if match is None or inside_capitalised_name(doc, i, match[0]):
            i += 1
            continue
        end, etype, full = match
        cand = Cand(i, end, "", "document", type=etype, weight=W_NER)
        if full:
            nearest_full = [f for f in person_parts.get(texts[i], []) if f.start < i]
            if not nearest_full:
                i += 1
                continue
            cand.attrs["full_name"] = doc[nearest_full[-1].start : nearest_full[-1].end].text
        added.append(cand)
        i = end
    return added
