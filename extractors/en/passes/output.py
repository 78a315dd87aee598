"""The last passes, from decided candidates to the Extraction's lists: ``administration`` ("the
Bush administration" is an organisation), ``retype`` (an unknown name a company buys is a
company; the relation stage), ``mentions``, ``relation_rules`` (the reader of
:mod:`extractors.en.relations.reader`), ``relation_patterns`` (the rows of ``patterns.yaml``,
coreference, modality), ``nested`` (a country inside a national body's name, the person inside
"the Bush administration") and ``candidate_words`` (capitalised words no rule took).

Example::

    state = extractor.state("Officials of the Bush administration met.")
    [(m.text, m.type.value) for m in state.mentions]
    # [('Bush administration', 'Organization'), ('Bush', 'Person')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractors.en.candidate import W_RULE, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.passes.state import DocState, Offsets
from extractors.en.relations.reader import RelationReader
from schema.types import AttrValue, EntityType, ExtractedMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "administration",
    "candidate_words",
    "mentions",
    "nested",
    "relation_patterns",
    "relation_rules",
    "retype",
]

_GOVERNMENT_WORDS = frozenset({"administration", "government", "cabinet"})
# NER labels of what is no name: such spans give no candidate words (other labels NER gave
# a word, PRODUCT or WORK_OF_ART for a surname, may still hide a name the graph knows)
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
_SOURCE_CONFIDENCE = {"gazetteer": 0.9, "ner": 0.75, "document": 0.6}
# a NER name that a rule typed (suffix, keyword, context)
_RULE_TYPED_CONFIDENCE = 0.85


def administration(state: DocState) -> None:
    """A person's name before "administration", "government" or "cabinet" names that
    government; the candidates are put in text order."""
    state.cands = [_administration(state.doc, c) for c in state.cands]
    state.cands.sort(key=lambda c: c.start)


def retype(state: DocState) -> None:
    """An unknown one-word name that a company buys, invests in or partners with is a company
    (the relation stage's :meth:`~extractors.en.relations.EnglishRelationStage.retype`)."""
    if state.stage is not None:
        state.stage.retype(state.doc, state.cands)


def mentions(state: DocState) -> None:
    """One ExtractedMention per candidate, with its sentence and a confidence by source."""
    offsets = state.offsets
    state.mentions = [_mention(offsets, c) for c in state.cands]


def relation_rules(state: DocState) -> None:
    """Relations of the reader's constructions (roles, cue verbs and nouns, "Seoul-based")."""
    state.relations = RelationReader(state.doc, state.cands, state.lex, state.index).read()


def relation_patterns(state: DocState) -> None:
    """The relation stage: the rows of ``patterns.yaml``, coreference and the modality filter."""
    if state.stage is not None:
        state.relations = state.stage.read(state.doc, state.cands, state.relations, state.index)


def nested(state: DocState) -> None:
    """Mentions inside others, after the relations (which index the mentions before them): the
    country of a national body ("U.S." of "U.S. Geological Survey"), the person of "the Bush
    administration"."""
    doc, lex, offsets = state.doc, state.lex, state.offsets
    inner = [
        _national_prefix(offsets, lex, c, m) or _leader_of(doc, c, m)
        for c, m in zip(state.cands, state.mentions, strict=True)
    ]
    state.mentions += [m for m in inner if m is not None]


def candidate_words(state: DocState) -> None:
    """Capitalised words standing alone that no rule took: candidates for names the graph knows."""
    index = state.index
    state.candidates = _candidate_words(state.doc, state.lex, state.cands, index.columns["ORTH"], index.columns["POS"])


def _candidate_words(
    doc: Doc,
    lex: EnglishLexicon,
    cands: list[Cand],
    texts: Sequence[str],
    pos: Sequence[str],
) -> list[ExtractedMention]:
    """Capitalised words standing alone that no NER label, gazetteer or rule took ("Clemens
    denied it", "Huckabee won"): candidates, kept only if they name an entity the graph
    already has (``Extraction.candidates``). Not acronyms, titles, honorifics, nationality
    words or words of the no-entity list; not a word beside another proper noun (a part of
    a longer name NER missed). ``texts`` and ``pos``: each token's ``text`` and ``pos_``."""
    n = len(doc)
    taken = [False] * n
    numeric = [(e.start, e.end) for e in doc.ents if e.label_ in NOT_NAME_LABELS]
    for start, end in [(c.start, c.end) for c in cands] + numeric:
        for i in range(start, end):
            taken[i] = True
    out: list[ExtractedMention] = []
    for i, text in enumerate(texts):
        if (
            taken[i]
            or pos[i] not in ("PROPN", "NOUN")  # a capitalised noun: "Clemens denied it"
            or len(text) < 3
            or not text.isalpha()
            or not text[0].isupper()
            or text.isupper()
            or (i > 0 and pos[i - 1] == "PROPN")
            or (i + 1 < n and pos[i + 1] == "PROPN")
            or text in lex.not_entities
            or text in lex.title_words
            or text in lex.honorifics
            or text in lex.demonyms
        ):
            continue
        t = doc[i]
        sent = t.sent
        out.append(
            ExtractedMention(
                start=t.idx,
                end=t.idx + len(text),
                text=text,
                type=EntityType.PERSON,  # a placeholder: the entity it names decides
                confidence=0.5,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                attributes={"source": "candidate"},
            )
        )
    return out


def _mention(offsets: Offsets, cand: Cand) -> ExtractedMention:
    sent_start, sent_end = offsets.sent_start[cand.start], offsets.sent_end[cand.start]
    if cand.end > sent_end:
        # the parser may end a sentence inside "CO., LTD."; the name is not cut there
        sent_end = offsets.sent_end[cand.end - 1]
    start = offsets.starts[cand.start]
    end = offsets.ends[cand.end - 1] if cand.end > cand.start else start
    confidence = _SOURCE_CONFIDENCE[cand.source]
    if cand.source == "ner" and cand.weight >= W_RULE:
        confidence = _RULE_TYPED_CONFIDENCE
    attrs = dict(cand.attrs)
    attrs["source"] = cand.source
    assert cand.type is not None
    return ExtractedMention(
        start=start,
        end=end,
        text=offsets.text[start:end],
        type=cand.type,
        confidence=confidence,
        sentence_start=offsets.starts[sent_start],
        sentence_end=offsets.ends[sent_end - 1],
        attributes=attrs,
    )


def _national_prefix(
    offsets: Offsets, lex: EnglishLexicon, cand: Cand, mention: ExtractedMention
) -> ExtractedMention | None:
    """The country a national body's name starts with ("U.S." of "U.S. Energy Department",
    "U.S. Geological Survey"), as a Place mention nested inside it (attribute ``within``),
    as the Korean extractor does for "미국 교통보안청": the body keeps its whole name and the
    country its node. Only organisations (and any name after an abbreviation such as U.S.
    or U.K.) with two or more words after the country: "China Mobile" and "Korea Exchange"
    are companies named after a country, not its bodies."""
    if mention.type not in (EntityType.ORGANIZATION, EntityType.COMPANY):
        return None
    for k in range(cand.start + 1, cand.end - 1):
        prefix = offsets.span_text(cand.start, k)
        if prefix in lex.countries:
            if mention.type is EntityType.COMPANY and "." not in prefix:
                return None
            return mention.model_copy(
                update={
                    "end": offsets.ends[k - 1],
                    "text": prefix,
                    "type": EntityType.PLACE,
                    "attributes": {"within": mention.text, "source": "nested"},
                }
            )
    return None


def _administration(doc: Doc, cand: Cand) -> Cand:
    """A person's name before "administration", "government" or "cabinet" ("the Bush
    administration", "the Merkel government") names that government: an Organization
    mention over both words, as the Korean "부시 행정부" is one, with the person kept as a
    mention inside it (``_leader_of``)."""
    if cand.type is not EntityType.PERSON or cand.end >= len(doc) or doc[cand.end].lower_ not in _GOVERNMENT_WORDS:
        return cand
    if cand.start == 0 or doc[cand.start - 1].lower_ not in ("the", "a", "an", "his", "her", "its"):
        return cand  # "Bush administration officials" after a determiner only; not "Obama, government ..."
    attrs: dict[str, AttrValue] = {**cand.attrs, "government_of": doc[cand.start : cand.end].text}
    attrs.pop("full_name", None)
    return Cand(cand.start, cand.end + 1, "ORG", "ner", EntityType.ORGANIZATION, W_RULE, attrs)


def _leader_of(doc: Doc, cand: Cand, mention: ExtractedMention) -> ExtractedMention | None:
    """The person of "the Bush administration" as a Person mention inside it (``within``)."""
    leader = cand.attrs.get("government_of")
    if not isinstance(leader, str) or cand.type is not EntityType.ORGANIZATION:
        return None
    return mention.model_copy(
        update={
            "end": doc[cand.end - 2].idx + len(doc[cand.end - 2].text),
            "text": leader,
            "type": EntityType.PERSON,
            "attributes": {"within": mention.text, "source": "nested"},
        }
    )
