"""The relation reader: rules over the dependency parse of one doc whose mentions are decided.

WIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.en.candidate import DETERMINERS, ORGS, POSSESSIVES, ROLE_PREPS, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.words import title_head
from schema.types import AttrValue, EntityType, ExtractedRelation, RelationType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["RelationReader"]


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
    """Relation rules over one doc whose mentions are already decided."""

    def __init__(self, doc: Doc, cands: list[Cand], lex: EnglishLexicon) -> None:
        self.doc = doc
        self.cands = cands
        self.lex = lex
        self.owner = [-1] * len(doc)
        for idx, c in enumerate(cands):
            if "demonym_of" in c.attrs or "party_of" in c.attrs:
                continue  # an adjective ("African-based", "Korean unit", "Democratic bid") is no party to a relation
            for i in range(c.start, c.end):
                self.owner[i] = idx
        self.found: dict[tuple[int, int, RelationType], _Rel] = {}

    def read(self) -> list[ExtractedRelation]:
        doc = self.doc
        for idx, c in enumerate(self.cands):
            if c.type == EntityType.PERSON:
                self._roles_after(idx)
                self._roles_before(idx)
        lex = self.lex
        based_words = lex.cue("based_words")
        for tok in doc:
            lower = tok.lower_
            lemma = tok.lemma_.lower()
            if lemma in lex.verb_cues and (tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD")):
                self._verb_rules(tok, lemma)
            if (lemma in lex.noun_cues or lower in lex.noun_cues or lemma in lex.cue("partner_deal_nouns")) and (
                tok.pos_ in ("NOUN", "PROPN")
            ):
                self._noun_rules(tok, lemma)
            if lower in based_words and tok.i >= 2 and doc[tok.i - 1].text == "-":
                self._based(tok)
        out = []
        for rel in sorted(self.found.values(), key=lambda r: (r.sent.start, r.source, r.target)):
            out.append(
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
            )
        return out

    # -- helpers

    def _type(self, idx: int) -> EntityType | None:
        return self.cands[idx].type if idx >= 0 else None

    def _add(
        self,
        source: int,
        target: int,
        rtype: RelationType,
        confidence: float,
        rule: str,
        attrs: dict[str, AttrValue] | None = None,
    ) -> None:
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

    def _mention_of(self, tok: Token | None) -> int:
        return self.owner[tok.i] if tok is not None else -1

    def _with_conjuncts(self, tok: Token) -> list[Token]:
        out = [tok]
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self._with_conjuncts(child))
        return out

    def _mentions(self, toks: Iterable[Token]) -> list[int]:
        seen: list[int] = []
        for t in toks:
            for c in self._with_conjuncts(t):
                m = self.owner[c.i]
                if m >= 0 and m not in seen:
                    seen.append(m)
        return seen

    def _children(self, tok: Token, deps: set[str], lower: Iterable[str] | None = None) -> list[Token]:
        return [c for c in tok.children if c.dep_ in deps and (lower is None or c.lower_ in lower)]

    def _pobjs(self, tok: Token, preps: Iterable[str]) -> list[Token]:
        out: list[Token] = []
        for prep in self._children(tok, {"prep", "agent"}, preps):
            out.extend(self._children(prep, {"pobj"}))
        return out

    def _relative_antecedent(self, verb: Token, subj: list[Token]) -> list[Token]:
        """ "Coupang, which is based in Seoul": the relative pronoun stands for "Coupang"."""
        if verb.dep_ == "relcl" and any(t.lower_ in ("which", "that", "who") for t in subj):
            return [verb.head]
        return subj

    def _subjects(self, verb: Token) -> list[int]:
        subj = self._relative_antecedent(verb, self._children(verb, {"nsubj"}))
        # "Samsung acquired Harman and partnered with SK": the second verb shares the subject.
        if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj = self._children(verb.head, {"nsubj"})
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
        return self._mentions(subj)

    def _antecedent(self, before: int, types: tuple[EntityType, ...]) -> int:
        """The nearest preceding mention of one of ``types`` in the same sentence (for "its")."""
        sent_start = self.doc[before].sent.start
        for i in range(before - 1, sent_start - 1, -1):
            m = self.owner[i]
            if m >= 0 and self.cands[m].type in types:
                return m
        return -1

    def _owner_of_noun(self, noun: Token) -> tuple[int, float]:
        """Who a noun belongs to: "Samsung's unit" (poss), "its unit" (antecedent), or the
        subject of the verb it is the object of ("Samsung formed a partnership")."""
        for child in noun.children:
            if child.dep_ == "poss":
                if child.lower_ in ("its", "their"):
                    return self._antecedent(child.i, ORGS), 0.6
                m = self.owner[child.i]
                if m >= 0:
                    return m, 0.8
        for child in noun.children:
            if child.dep_ == "compound" and self.owner[child.i] >= 0:
                return self.owner[child.i], 0.75
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            subj = self._subjects(noun.head)
            if subj:
                return subj[0], 0.75
        return -1, 0.0

    def _is(self, idx: int, *types: EntityType) -> bool:
        return idx >= 0 and self.cands[idx].type in types

    # -- roles

    def _role_phrase(self, i: int, limit: int) -> tuple[int, int, bool]:
        """Read "[the] [former] <title words>" from token i; returns (title start, end,
        former)."""
        doc, lex = self.doc, self.lex
        former = False
        while i < limit and (doc[i].lower_ in DETERMINERS or doc[i].lower_ in lex.cue("former_words")):
            former = former or doc[i].lower_ in lex.cue("former_words")
            i += 1
        start = i
        while i < limit and i - start < 6 and self.owner[i] < 0:
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

    def _role_relation(self, person: int, org: int, title: str, former: bool, rule: str, conf: float) -> None:
        if not self._is(org, *ORGS, EntityType.PLACE):
            return
        # "founder and executive chairman" holds two roles; "president and CEO" is one title
        # the lexicon knows whole, so each part is read on its own only when the whole is not.
        whole = title.lower()
        parts = [whole] if whole in self.lex.titles else [p.strip() for p in whole.split(" and ")]
        for part in parts:
            rtype = title_head(part, self.lex)
            if rtype is None:
                continue
            if self._type(org) == EntityType.PLACE and rtype != RelationType.LEADER_OF:
                continue  # "analyst in Seoul" is not employment; "governor of Gyeonggi" is leadership
            attrs: dict[str, AttrValue] = {"title": title}
            if former:
                attrs["former"] = True
            self._add(person, org, rtype, conf, rule, attrs)

    def _roles_after(self, p: int) -> None:
        """ "<person>, [the] [former] <title> of|at|for <org>" and "<person>, <org>'s <title>"
        and "<person> is|was the <title> of <org>"."""
        doc = self.doc
        c = self.cands[p]
        sent = doc[c.start].sent
        limit = sent.end
        i = c.end
        if i >= limit:
            return
        rule = "appos_title_of"
        if doc[i].text == ",":
            i += 1
            if i < limit and doc[i].lower_ == "who":
                i += 1
                rule = "copula_title_of"
        if (
            i < limit
            and doc[i].lemma_ in ("be", "become", "serve", "remain")
            and (rule != "appos_title_of" or i == c.end)
        ):
            rule = "copula_title_of"
            i += 1
            if i < limit and doc[i].lower_ == "as":
                i += 1
        elif rule == "appos_title_of" and i == c.end:
            return
        # "<person>, Samsung's CEO" / "<person>, Samsung CEO"
        o = self.owner[i] if i < limit else -1
        if o >= 0 and self._is(o, *ORGS):
            j = self.cands[o].end
            if j < limit and doc[j].text in POSSESSIVES:
                j += 1
            ts, te, former = self._role_phrase(j, limit)
            if te > ts and (te >= limit or not doc[te].is_alpha or doc[te].pos_ in ("VERB", "AUX", "CCONJ")):
                self._role_relation(p, o, doc[ts:te].text, former, "appos_org_title", 0.8)
            return
        ts, te, former = self._role_phrase(i, limit)
        if te == ts or te >= limit or doc[te].lower_ not in ROLE_PREPS:
            return
        j = te + 1
        if j < limit and doc[j].lower_ == "the":
            j += 1
        o = self.owner[j] if j < limit else -1
        if o < 0 or self.cands[o].start != j:
            return
        attrs_unit = self._unit_after(o)
        self._role_relation(p, o, doc[ts:te].text, former, rule, 0.85)
        if attrs_unit:
            key_types = [k for k in self.found if k[0] == p and k[1] == o]
            for k in key_types:
                self.found[k].attrs["unit"] = attrs_unit

    def _unit_after(self, o: int) -> str:
        """ "Microsoft's Korean unit": the unit phrase after an organization's possessive."""
        doc = self.doc
        j = self.cands[o].end
        sent_end = doc[self.cands[o].start].sent.end
        if j >= sent_end or doc[j].text not in POSSESSIVES:
            return ""
        k = j + 1
        while k < sent_end and k - j < 4 and doc[k].lower_ not in self.lex.cue("unit_words") and doc[k].is_alpha:
            k += 1
        if k < sent_end and doc[k].lower_ in self.lex.cue("unit_words"):
            return doc[j + 1 : k + 1].text
        return ""

    def _title_ending_at(self, end: int, floor: int) -> tuple[int, bool]:
        """Start of a title phrase that ends at token ``end`` (exclusive), and whether it says
        "former"; (end, False) when the words there are no title."""
        doc, lex = self.doc, self.lex
        t = end
        while t > floor and end - t < 6 and self.owner[t - 1] < 0:
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

    def _roles_before_comma(self, p: int) -> None:
        """ "Samsung's chief executive, Kim Ki-nam," and "the CEO of Samsung, Kim Ki-nam,"."""
        doc = self.doc
        c = self.cands[p]
        sent_start = doc[c.start].sent.start
        k = c.start - 1
        if k - 1 <= sent_start or doc[k].text != ",":
            return
        o = self.owner[k - 1]
        if o >= 0 and self.cands[o].end == k and self._is(o, *ORGS):
            j = self.cands[o].start
            if doc[j - 1].lower_ == "the" and j - 1 > sent_start:
                j -= 1
            if j - 1 > sent_start and doc[j - 1].lower_ in ROLE_PREPS:
                ts, former = self._title_ending_at(j - 1, sent_start)
                if ts < j - 1:
                    self._role_relation(p, o, doc[ts : j - 1].text, former, "title_of_org_appos", 0.8)
            return
        ts, former = self._title_ending_at(k, sent_start)
        if ts == k or ts <= sent_start:
            return
        j = ts - 1 if doc[ts - 1].text in POSSESSIVES else ts
        o = self.owner[j - 1] if j - 1 >= sent_start else -1
        if o >= 0 and self.cands[o].end == j:
            self._role_relation(p, o, doc[ts:k].text, former, "org_title_appos", 0.8)

    def _roles_before(self, p: int) -> None:
        """ "Amazon CEO Jeff Bezos", "Alibaba's founder Jack Ma", "its leader Jack Ma"."""
        doc = self.doc
        c = self.cands[p]
        self._roles_before_comma(p)
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
            o = self._antecedent(t - 1, ORGS)
            self._role_relation(p, o, title, former, "pronoun_title_person", 0.6)
            return
        j = t
        if prev.text in POSSESSIVES:
            j -= 1
        o = self.owner[j - 1] if j - 1 >= sent_start else -1
        if o >= 0 and self.cands[o].end == j:
            # "former Georgia Governor Jimmy Carter"
            before = self.cands[o].start - 1
            if before >= sent_start and doc[before].lower_ in self.lex.cue("former_words"):
                former = True
            self._role_relation(p, o, title, former, "org_title_person", 0.8)

    # -- verbs

    def _verb_rules(self, verb: Token, lemma: str) -> None:
        lex = self.lex
        if lemma in lex.cue("acquire_verbs") or (
            lemma in lex.cues.get("acquire_phrasal", {})
            and any(c.dep_ == "prt" and c.lower_ == lex.cues["acquire_phrasal"][lemma] for c in verb.children)
        ):
            self._transitive(verb, RelationType.ACQUIRED, "verb_acquire", reverse=False)
        elif lemma in lex.cue("invest_verbs"):
            for s in self._subjects(verb):
                for o in self._mentions(self._pobjs(verb, {"in", "into"})):
                    if self._is(s, *ORGS) and self._is(o, EntityType.COMPANY):
                        self._add(s, o, RelationType.INVESTED_IN, 0.75, "verb_invest")
        elif lemma in lex.cue("partner_verbs"):
            if lemma == "team" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
                return
            subjects = self._subjects(verb)
            partners = self._mentions(self._pobjs(verb, {"with"}))
            if partners or not self._children(verb, {"dobj"}):
                self._partners(subjects, partners, "verb_partner", 0.75)
        elif lemma in lex.cue("merge_verbs"):
            subjects = self._subjects(verb)
            others = self._mentions(self._pobjs(verb, {"with"}))
            # "Samsung and LG merged their display units" merges units, not the two companies
            if others or not self._children(verb, {"dobj"}):
                self._partners(subjects, others, "verb_merge", 0.75, RelationType.MERGED_WITH)
        elif lemma in lex.cue("found_verbs"):
            self._found(verb, lemma)
        elif lemma in lex.cue("own_passive_verbs") or lemma in lex.cue("operate_passive_verbs"):
            operated = lemma in lex.cue("operate_passive_verbs")
            rtype = RelationType.OPERATED_BY if operated else RelationType.SUBSIDIARY_OF
            for child, owner in self._passive_pairs(verb):
                if self._is(owner, *ORGS) and (
                    self._is(child, EntityType.COMPANY) or (operated and self._is(child, *ORGS, EntityType.PLACE))
                ):
                    self._add(child, owner, rtype, 0.75, "passive_owned_by" if not operated else "passive_operated_by")
        elif lemma in lex.cue("employ_verbs"):
            for s in self._subjects(verb):
                for o in self._mentions(self._pobjs(verb, lex.cue("employ_preps"))):
                    if self._is(s, EntityType.PERSON) and self._is(o, *ORGS):
                        self._add(s, o, RelationType.WORKS_FOR, 0.7, "verb_work_for")
        elif lemma in lex.cue("hq_verbs"):
            for org, _ in self._passive_pairs(verb, agent_preps=set()):
                for place in self._mentions(self._pobjs(verb, {"in"})):
                    if self._is(org, *ORGS) and self._is(place, EntityType.PLACE):
                        self._add(org, place, RelationType.HEADQUARTERED_IN, 0.8, "headquartered_in")

    def _passive_pairs(self, verb: Token, agent_preps: set[str] | None = None) -> list[tuple[int, int]]:
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
            subj = self._children(verb, {"nsubjpass"})
            patients = self._mentions(self._relative_antecedent(verb, subj))
        if not preps:
            return [(p, -1) for p in patients]
        agents = self._mentions(self._pobjs(verb, preps))
        return [(p, a) for p in patients for a in agents]

    def _transitive(self, verb: Token, rtype: RelationType, rule: str, reverse: bool) -> None:
        for patient, agent in self._passive_pairs(verb):
            if self._is(agent, *ORGS) and self._is(patient, EntityType.COMPANY):
                self._add(agent, patient, rtype, 0.75, rule + "_passive")
        subjects = self._subjects(verb)
        objects = self._mentions(self._children(verb, {"dobj"}))
        for s in subjects:
            for o in objects:
                if self._is(s, *ORGS) and self._is(o, EntityType.COMPANY):
                    self._add(s, o, rtype, 0.75, rule)

    def _found(self, verb: Token, lemma: str) -> None:
        for org, person in self._passive_pairs(verb):
            if self._is(person, EntityType.PERSON) and self._is(org, *ORGS):
                self._add(person, org, RelationType.FOUNDER_OF, 0.8, "founded_by")
        if lemma != "found":
            return  # "Samsung established a unit" is not founding by a person
        for s in self._subjects(verb):
            for o in self._mentions(self._children(verb, {"dobj"})):
                if self._is(s, EntityType.PERSON) and self._is(o, *ORGS):
                    self._add(s, o, RelationType.FOUNDER_OF, 0.8, "verb_found")

    def _partners(
        self,
        subjects: list[int],
        partners: list[int],
        rule: str,
        conf: float,
        rtype: RelationType = RelationType.PARTNERS_WITH,
    ) -> None:
        subjects = [s for s in subjects if self._is(s, *ORGS)]
        partners = [o for o in partners if self._is(o, *ORGS)]
        if partners:
            for s in subjects:
                for o in partners:
                    self._add(s, o, rtype, conf, rule)
        elif len(subjects) >= 2:
            # "Samsung and SK formed a partnership": the conjoined subjects partner each other
            for k, s in enumerate(subjects):
                for o in subjects[k + 1 :]:
                    self._add(s, o, rtype, conf - 0.05, rule + "_conj")

    # -- nouns

    def _noun_rules(self, noun: Token, lemma: str) -> None:
        lex = self.lex
        lower = noun.lower_
        partner_nouns = lex.cue("partner_nouns")
        # "a partnership agreement with", "a cooperation pact with"
        compound_partner = any(c.dep_ == "compound" and c.lemma_.lower() in partner_nouns for c in noun.children)
        if lower in partner_nouns or lemma in partner_nouns or compound_partner:
            partners = self._mentions(self._pobjs(noun, {"with"}))
            between = self._mentions(self._pobjs(noun, {"between"}))
            if between:
                self._partners(between, [], "noun_partnership_between", 0.8)
                return
            head = noun.head
            if (
                noun.dep_ in ("dobj", "pobj")
                and noun.dep_ == "dobj"
                and head.lemma_.lower() in lex.cue("partner_light_verbs")
            ):
                self._partners(self._subjects(head), partners, "noun_partnership", 0.75)
            elif noun.dep_ == "pobj" and head.head.lemma_.lower() in lex.cue("partner_light_verbs"):
                # "entered into a partnership with"
                self._partners(self._subjects(head.head), partners, "noun_partnership", 0.75)
            else:
                o, conf = self._owner_of_noun(noun)
                if o >= 0 and partners:
                    self._partners([o], partners, "noun_partnership", min(conf, 0.7))
        elif lemma in lex.cue("operator_nouns"):
            # "Kakao Corp., the operator of KakaoTalk"
            if noun.dep_ == "appos":
                operator = self.owner[noun.head.i]
                # "the operator of the top messenger KakaoTalk": the name is the appositive
                objects = self._pobjs(noun, {"of"})
                objects += [c for o in objects if self.owner[o.i] < 0 for c in o.children if c.dep_ == "appos"]
                for service in self._mentions(objects):
                    if self._is(operator, *ORGS) and self._is(service, EntityType.COMPANY, EntityType.PLACE):
                        self._add(service, operator, RelationType.OPERATED_BY, 0.75, "appos_operator_of")
        elif lemma in lex.cue("merge_nouns"):
            merged = RelationType.MERGED_WITH
            between = self._mentions(self._pobjs(noun, {"between", "of"}))
            if len(between) >= 2:
                self._partners(between, [], "noun_merger_between", 0.8, merged)
                return
            others = self._mentions(self._pobjs(noun, {"with"}))
            o, conf = self._owner_of_noun(noun)
            if o >= 0 and others:
                self._partners([o], others, "noun_merger", min(conf, 0.75), merged)
        elif lemma in lex.cue("acquire_nouns"):
            targets = self._mentions(self._pobjs(noun, {"of"}))
            buyers = self._mentions(self._pobjs(noun, {"by"}))
            if not buyers:
                o, _ = self._owner_of_noun(noun)
                buyers = [o] if o >= 0 else []
            for b in buyers:
                for t in targets:
                    if self._is(b, *ORGS) and self._is(t, EntityType.COMPANY):
                        self._add(b, t, RelationType.ACQUIRED, 0.7, "noun_acquisition")
        elif lemma in lex.cue("invest_nouns"):
            targets = self._mentions(self._pobjs(noun, {"in"}))
            o, conf = self._owner_of_noun(noun)
            for t in targets:
                if self._is(o, *ORGS) and self._is(t, EntityType.COMPANY):
                    self._add(o, t, RelationType.INVESTED_IN, min(conf, 0.75), "noun_stake_in")
        elif lemma in lex.cue("subsidiary_nouns") or lower in lex.cue("subsidiary_nouns"):
            self._subsidiary(noun)
        elif lower in lex.cue("hq_nouns") or lemma in lex.cue("hq_nouns"):
            self._located(noun, RelationType.HEADQUARTERED_IN, "headquarters_in", 0.8)
        elif lower in lex.cue("office_nouns") or lemma in lex.cue("office_nouns"):
            self._located(noun, RelationType.LOCATED_IN, "office_in", 0.65)

    def _subsidiary(self, noun: Token) -> None:
        """ "Y, a unit of X", "Y is a subsidiary of X", "X's Y unit", "X's subsidiary Y"."""
        parents = self._mentions(self._pobjs(noun, {"of"}))
        child = -1
        if parents:
            if noun.dep_ == "appos":
                child = self.owner[noun.head.i]
            elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
                subj = self._subjects(noun.head)
                child = subj[0] if subj else -1
            for parent in parents:
                if self._is(child, EntityType.COMPANY) and self._is(parent, *ORGS):
                    self._add(child, parent, RelationType.SUBSIDIARY_OF, 0.8, "appos_unit_of")
            return
        owner = -1
        for c in noun.children:
            if c.dep_ == "poss" and self.owner[c.i] >= 0:
                owner = self.owner[c.i]
        if owner < 0:
            return
        names = [self.owner[c.i] for c in noun.children if c.dep_ in ("compound", "appos") and self.owner[c.i] >= 0]
        if noun.dep_ == "compound" and self.owner[noun.head.i] >= 0:
            names.append(self.owner[noun.head.i])
        for child in names:
            if child != owner and self._is(child, EntityType.COMPANY) and self._is(owner, *ORGS):
                self._add(child, owner, RelationType.SUBSIDIARY_OF, 0.75, "poss_unit")

    def _located(self, noun: Token, rtype: RelationType, rule: str, conf: float) -> None:
        places = self._mentions(self._pobjs(noun, {"in"}))
        if not places and noun.dep_ in ("nsubj", "nsubjpass"):
            places = self._mentions(self._pobjs(noun.head, {"in"}))
        places = [p for p in places if self._is(p, EntityType.PLACE)]
        if not places:
            return
        owner, oconf = self._owner_of_noun(noun)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() not in (
            "have",
            "open",
            "set",
            "establish",
            "run",
            "move",
            "build",
            "operate",
            "keep",
            "maintain",
            "launch",
        ):
            # "Choi visited Alibaba Group's headquarters": only a possessive owner counts
            owner, oconf = -1, 0.0
            for c in noun.children:
                if c.dep_ == "poss" and self.owner[c.i] >= 0:
                    owner, oconf = self.owner[c.i], 0.8
        if not self._is(owner, *ORGS):
            return
        for p in places:
            self._add(owner, p, rtype, min(conf, oconf), rule)

    def _based(self, based: Token) -> None:
        """ "KTB Solution, a Seoul-based online security company" and "Seoul-based KTB"."""
        doc = self.doc
        place = self.owner[based.i - 2]
        if not self._is(place, EntityType.PLACE) or self.cands[place].end != based.i - 1:
            return
        noun = based.head
        # the ruled noun, or the first following name within the noun phrase
        org = self.owner[noun.i]
        if org < 0 and noun.dep_ == "appos":
            org = self.owner[noun.head.i]
        if org < 0 and noun.dep_ == "attr":
            subj = self._subjects(noun.head)
            org = subj[0] if subj else -1
        if org < 0:
            k = based.i + 1
            while k < min(len(doc), based.i + 4) and self.owner[k] < 0 and not doc[k].is_punct:
                k += 1
            if k < len(doc) and self.owner[k] >= 0 and self.cands[self.owner[k]].start == k:
                org = self.owner[k]
        if self._is(org, *ORGS):
            self._add(org, place, RelationType.HEADQUARTERED_IN, 0.8, "place_based")
