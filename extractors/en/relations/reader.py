"""The relation reader: constructions read off the dependency parse of one doc whose mentions are
decided, each a small function (roles in :mod:`.roles`, cue verbs and nouns in :mod:`.cues`), with
their confidences in the data table ``reader.yaml`` and their cue words in
``extractors/en/lexicons/relation_cues.yaml``. The pattern rows of ``patterns.yaml``
(:mod:`.stage`) run after it and add to what it finds.

:class:`RelationReader` holds what every construction reads: which mention owns each token, the
subjects of a verb, the owner of a noun ("Samsung's unit", "its unit"), and :meth:`~RelationReader.add`,
which keeps the most confident relation per (source, target, type) within a sentence.

Example::

    reader = RelationReader(doc, cands, load_lexicon())
    [(r.type.value, r.rule) for r in reader.read()]     # [('ACQUIRED', 'verb_acquire')]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from extractors.en.candidate import ORGS, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.relations.depmatch import DocIndex
from schema.types import AttrValue, EntityType, ExtractedRelation, RelationType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["RULES_FILE", "ReaderRules", "RelationReader", "reader_rules"]

RULES_FILE = Path(__file__).resolve().parent / "reader.yaml"


@dataclass(frozen=True)
class ReaderRules:
    """``reader.yaml``: each rule's confidence, the owners', and the conjoined discount."""

    confidence: dict[str, float]
    owners: dict[str, float]
    conjoined_discount: float
    located_owner_verbs: frozenset[str]

    def __getitem__(self, rule: str) -> float:
        return self.confidence[rule]


@functools.lru_cache(maxsize=2)
def reader_rules(path: Path = RULES_FILE) -> ReaderRules:
    """Read ``reader.yaml`` once per process; a confidence outside (0, 1] fails."""
    with path.open(encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: the same data, faster
    confidence = {str(k): float(v) for k, v in raw["rules"].items()}
    owners = {str(k): float(v) for k, v in raw["owners"].items()}
    for name, value in [*confidence.items(), *owners.items()]:
        if not 0 < value <= 1:
            raise ValueError(f"{path}: {name!r} has confidence {value}")
    return ReaderRules(
        confidence=confidence,
        owners=owners,
        conjoined_discount=float(raw["conjoined_discount"]),
        located_owner_verbs=frozenset(str(v) for v in raw["located_owner_verbs"]),
    )


@dataclass
class _Rel:
    source: int
    target: int
    type: RelationType
    confidence: float
    rule: str
    sent: Span
    attrs: dict[str, AttrValue] = field(default_factory=dict)


class RelationReader:
    """Relation constructions over one doc whose mentions are already decided."""

    def __init__(self, doc: Doc, cands: list[Cand], lex: EnglishLexicon, index: DocIndex | None = None) -> None:
        """``index``: the doc's :class:`~extractors.en.relations.depmatch.DocIndex`, when the
        caller has built it (the token attributes :meth:`read` tests, read once)."""
        self.doc = doc
        self.index = index
        self.cands = cands
        self.lex = lex
        self.rules = reader_rules()
        self.owner = [-1] * len(doc)
        for idx, c in enumerate(cands):
            if "demonym_of" in c.attrs or "party_of" in c.attrs:
                continue  # an adjective ("African-based", "Korean unit", "Democratic bid") is no party to a relation
            for i in range(c.start, c.end):
                self.owner[i] = idx
        self.found: dict[tuple[int, int, RelationType], _Rel] = {}

    def read(self) -> list[ExtractedRelation]:
        """Every construction over the doc, then the relations found, in sentence order."""
        from extractors.en.relations.cues import noun_rules, verb_rules
        from extractors.en.relations.roles import roles_after, roles_before

        doc, lex = self.doc, self.lex
        for idx, c in enumerate(self.cands):
            if c.type == EntityType.PERSON:
                roles_after(self, idx)
                roles_before(self, idx)
        based_words = lex.cue("based_words")
        deal_nouns = lex.cue("partner_deal_nouns")
        index = self.index if self.index is not None else DocIndex.build(doc)
        columns = index.columns
        texts, pos, tags = columns["ORTH"], columns["POS"], columns["TAG"]
        # each distinct lemma lower-cased once
        lowered = {lemma: lemma.lower() for lemma in set(columns["LEMMA"])}
        for i, lower in enumerate(columns["LOWER"]):
            lemma = lowered[columns["LEMMA"][i]]
            if lemma in lex.verb_cues and (pos[i] in ("VERB", "AUX") or tags[i] in ("VBN", "VBD")):
                verb_rules(self, doc[i], lemma)
            if (lemma in lex.noun_cues or lower in lex.noun_cues or lemma in deal_nouns) and (
                pos[i] in ("NOUN", "PROPN")
            ):
                noun_rules(self, doc[i], lemma)
            if lower in based_words and i >= 2 and texts[i - 1] == "-":
                self.based(doc[i])
        return [
            ExtractedRelation(
                source=rel.source,
                target=rel.target,
                type=rel.type,
                confidence=rel.confidence,
                rule=rel.rule,
                start=rel.sent.start_char,
                end=rel.sent.end_char,
                attributes=rel.attrs,
            )
            for rel in sorted(self.found.values(), key=lambda r: (r.sent.start, r.source, r.target))
        ]

    # -- what the constructions share

    def type_of(self, idx: int) -> EntityType | None:
        return self.cands[idx].type if idx >= 0 else None

    def add(
        self,
        source: int,
        target: int,
        rtype: RelationType,
        confidence: float,
        rule: str,
        attrs: dict[str, AttrValue] | None = None,
    ) -> None:
        """Keep a relation between two mentions of one sentence (the more confident of two)."""
        if source < 0 or target < 0 or source == target:
            return
        if self.doc[self.cands[source].start].sent != self.doc[self.cands[target].start].sent:
            return
        if rtype.symmetric and target < source:
            source, target = target, source
        key = (source, target, rtype)
        old = self.found.get(key)
        if old is None or old.confidence < confidence:
            sent = self.doc[self.cands[source].start].sent
            self.found[key] = _Rel(source, target, rtype, confidence, rule, sent, dict(attrs or {}))

    def with_conjuncts(self, tok: Token) -> list[Token]:
        out = [tok]
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self.with_conjuncts(child))
        return out

    def mentions(self, toks: Iterable[Token]) -> list[int]:
        """The mentions of some tokens and of the tokens conjoined with them."""
        seen: list[int] = []
        for t in toks:
            for c in self.with_conjuncts(t):
                m = self.owner[c.i]
                if m >= 0 and m not in seen:
                    seen.append(m)
        return seen

    def children(self, tok: Token, deps: set[str], lower: Iterable[str] | None = None) -> list[Token]:
        return [c for c in tok.children if c.dep_ in deps and (lower is None or c.lower_ in lower)]

    def pobjs(self, tok: Token, preps: Iterable[str]) -> list[Token]:
        out: list[Token] = []
        for prep in self.children(tok, {"prep", "agent"}, preps):
            out.extend(self.children(prep, {"pobj"}))
        return out

    def relative_antecedent(self, verb: Token, subj: list[Token]) -> list[Token]:
        """ "Coupang, which is based in Seoul": the relative pronoun stands for "Coupang"."""
        if verb.dep_ == "relcl" and any(t.lower_ in ("which", "that", "who") for t in subj):
            return [verb.head]
        return subj

    def subjects(self, verb: Token) -> list[int]:
        subj = self.relative_antecedent(verb, self.children(verb, {"nsubj"}))
        # "Samsung acquired Harman and partnered with SK": the second verb shares the subject.
        if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj = self.children(verb.head, {"nsubj"})
        # The small model often reads "Kakao partnered with SK" as a name with a reduced
        # relative clause and no main verb; then the name is the subject.
        if (
            not subj
            and verb.dep_ == "acl"
            and verb.head.dep_ == "ROOT"
            and verb.tag_ in ("VBD", "VBN")
            and not any(c.dep_ == "agent" for c in verb.children)
        ):
            subj = [verb.head]
        return self.mentions(subj)

    def antecedent(self, before: int, types: tuple[EntityType, ...]) -> int:
        """The nearest preceding mention of one of ``types`` in the same sentence (for "its")."""
        sent_start = self.doc[before].sent.start
        for i in range(before - 1, sent_start - 1, -1):
            m = self.owner[i]
            if m >= 0 and self.cands[m].type in types:
                return m
        return -1

    def owner_of_noun(self, noun: Token) -> tuple[int, float]:
        """Who a noun belongs to: "Samsung's unit" (poss), "its unit" (antecedent), or the
        subject of the verb it is the object of ("Samsung formed a partnership")."""
        owners = self.rules.owners
        for child in noun.children:
            if child.dep_ == "poss":
                if child.lower_ in ("its", "their"):
                    return self.antecedent(child.i, ORGS), owners["its"]
                m = self.owner[child.i]
                if m >= 0:
                    return m, owners["possessive"]
        for child in noun.children:
            if child.dep_ == "compound" and self.owner[child.i] >= 0:
                return self.owner[child.i], owners["compound"]
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            subj = self.subjects(noun.head)
            if subj:
                return subj[0], owners["subject"]
        return -1, 0.0

    def is_(self, idx: int, *types: EntityType) -> bool:
        return idx >= 0 and self.cands[idx].type in types

    def passive_pairs(self, verb: Token, agent_preps: set[str] | None = None) -> list[tuple[int, int]]:
        """(patient, agent) mentions of a passive verb or a participle modifier:
        "Y was owned by X", "Y, owned by X", "Y is based in ..." (agent -1)."""
        preps = {"by"} if agent_preps is None else agent_preps
        patients: list[int] = []
        if verb.dep_ == "acl" or (verb.dep_ in ("amod",) and verb.head.pos_ in ("PROPN", "NOUN")):
            head = verb.head
            m = self.owner[head.i]
            if m < 0 and head.dep_ == "appos":
                m = self.owner[head.head.i]
            patients = [m] if m >= 0 else []
        else:
            subj = self.children(verb, {"nsubjpass"})
            patients = self.mentions(self.relative_antecedent(verb, subj))
        if not preps:
            return [(p, -1) for p in patients]
        agents = self.mentions(self.pobjs(verb, preps))
        return [(p, a) for p in patients for a in agents]

    def partners(
        self,
        subjects: list[int],
        partners: list[int],
        rule: str,
        conf: float,
        rtype: RelationType = RelationType.PARTNERS_WITH,
    ) -> None:
        """Organisations partnering (or merging with) others; conjoined subjects with no other
        party partner each other ("Samsung and SK formed a partnership", rule ``..._conj``)."""
        subjects = [s for s in subjects if self.is_(s, *ORGS)]
        partners = [o for o in partners if self.is_(o, *ORGS)]
        if partners:
            for s in subjects:
                for o in partners:
                    self.add(s, o, rtype, conf, rule)
        elif len(subjects) >= 2:
            for k, s in enumerate(subjects):
                for o in subjects[k + 1 :]:
                    self.add(s, o, rtype, conf - self.rules.conjoined_discount, rule + "_conj")

    def based(self, based: Token) -> None:
        """ "KTB Solution, a Seoul-based online security company" and "Seoul-based KTB"."""
        doc = self.doc
        place = self.owner[based.i - 2]
        if not self.is_(place, EntityType.PLACE) or self.cands[place].end != based.i - 1:
            return
        noun = based.head
        # the ruled noun, or the first following name within the noun phrase
        org = self.owner[noun.i]
        if org < 0 and noun.dep_ == "appos":
            org = self.owner[noun.head.i]
        if org < 0 and noun.dep_ == "attr":
            subj = self.subjects(noun.head)
            org = subj[0] if subj else -1
        if org < 0:
            k = based.i + 1
            while k < min(len(doc), based.i + 4) and self.owner[k] < 0 and not doc[k].is_punct:
                k += 1
            if k < len(doc) and self.owner[k] >= 0 and self.cands[self.owner[k]].start == k:
                org = self.owner[k]
        if self.is_(org, *ORGS):
            self.add(org, place, RelationType.HEADQUARTERED_IN, self.rules["place_based"], "place_based")
