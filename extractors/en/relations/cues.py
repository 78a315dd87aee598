"""Cue-word constructions of the relation reader: a verb or noun of a cue group of
``extractors/en/lexicons/relation_cues.yaml`` and the mentions around it on the dependency parse.

Each construction is a small function; :data:`VERB_CONSTRUCTIONS` and :data:`NOUN_CONSTRUCTIONS`
are the tables that say which cue group calls which, tried in order (the first whose cue group
holds the word runs). Confidences come from ``reader.yaml``.

Example::

    [c.name for c in VERB_CONSTRUCTIONS][:3]     # ['acquire', 'invest', 'partner']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.en.candidate import ORGS
from extractors.en.relations.reader import RelationReader
from schema.types import EntityType, RelationType

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NOUN_CONSTRUCTIONS", "VERB_CONSTRUCTIONS", "Construction", "noun_rules", "verb_rules"]


@dataclass(frozen=True)
class Construction:
    """One row of a construction table: its name, whether a cue word calls it
    (``applies(reader, token, lemma)``) and what it reads (``run(reader, token, lemma)``)."""

    name: str
    applies: Callable[[RelationReader, Token, str], bool]
    run: Callable[[RelationReader, Token, str], None]


def _lemma_in(*groups: str) -> Callable[[RelationReader, Token, str], bool]:
    """The word's lemma is in one of the cue groups."""
    return lambda r, tok, lemma: any(lemma in r.lex.cue(g) for g in groups)


def _word_in(group: str) -> Callable[[RelationReader, Token, str], bool]:
    """The word's lemma or its lower-case form is in the cue group."""
    return lambda r, tok, lemma: lemma in r.lex.cue(group) or tok.lower_ in r.lex.cue(group)


# ---------------------------------------------------------------------------------- verbs


def _acquire_applies(r: RelationReader, verb: Token, lemma: str) -> bool:
    """ "acquire", "buy", or a phrasal verb with its particle ("snap up", "take over")."""
    phrasal = r.lex.cues.get("acquire_phrasal", {})
    return lemma in r.lex.cue("acquire_verbs") or (
        lemma in phrasal and any(c.dep_ == "prt" and c.lower_ == phrasal[lemma] for c in verb.children)
    )


def _acquire(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Samsung acquired Harman", "Harman was acquired by Samsung"."""
    for patient, agent in r.passive_pairs(verb):
        if r.is_(agent, *ORGS) and r.is_(patient, EntityType.COMPANY):
            r.add(agent, patient, RelationType.ACQUIRED, r.rules["verb_acquire_passive"], "verb_acquire_passive")
    objects = r.mentions(r.children(verb, {"dobj"}))
    for s in r.subjects(verb):
        for o in objects:
            if r.is_(s, *ORGS) and r.is_(o, EntityType.COMPANY):
                r.add(s, o, RelationType.ACQUIRED, r.rules["verb_acquire"], "verb_acquire")


def _invest(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Kakao invested in Grab"."""
    for s in r.subjects(verb):
        for o in r.mentions(r.pobjs(verb, {"in", "into"})):
            if r.is_(s, *ORGS) and r.is_(o, EntityType.COMPANY):
                r.add(s, o, RelationType.INVESTED_IN, r.rules["verb_invest"], "verb_invest")


def _partner(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Kakao partnered with SK", "Naver teamed up with Line", "Samsung and SK partnered"."""
    if lemma == "team" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
        return
    subjects = r.subjects(verb)
    partners = r.mentions(r.pobjs(verb, {"with"}))
    if partners or not r.children(verb, {"dobj"}):
        r.partners(subjects, partners, "verb_partner", r.rules["verb_partner"])


def _merge(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Daum merged with Kakao"; "Samsung and LG merged their display units" merges units,
    not the two companies."""
    subjects = r.subjects(verb)
    others = r.mentions(r.pobjs(verb, {"with"}))
    if others or not r.children(verb, {"dobj"}):
        r.partners(subjects, others, "verb_merge", r.rules["verb_merge"], RelationType.MERGED_WITH)


def _found(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Alibaba, founded by Jack Ma", "Jack Ma founded Alibaba"."""
    for org, person in r.passive_pairs(verb):
        if r.is_(person, EntityType.PERSON) and r.is_(org, *ORGS):
            r.add(person, org, RelationType.FOUNDER_OF, r.rules["founded_by"], "founded_by")
    if lemma != "found":
        return  # "Samsung established a unit" is not founding by a person
    for s in r.subjects(verb):
        for o in r.mentions(r.children(verb, {"dobj"})):
            if r.is_(s, EntityType.PERSON) and r.is_(o, *ORGS):
                r.add(s, o, RelationType.FOUNDER_OF, r.rules["verb_found"], "verb_found")


def _owned(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Y is owned by X" (a subsidiary), "Y is operated by X"."""
    operated = lemma in r.lex.cue("operate_passive_verbs")
    rtype = RelationType.OPERATED_BY if operated else RelationType.SUBSIDIARY_OF
    rule = "passive_operated_by" if operated else "passive_owned_by"
    for child, owner in r.passive_pairs(verb):
        if r.is_(owner, *ORGS) and (
            r.is_(child, EntityType.COMPANY) or (operated and r.is_(child, *ORGS, EntityType.PLACE))
        ):
            r.add(child, owner, rtype, r.rules[rule], rule)


def _work_for(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Kim works for Samsung"."""
    for s in r.subjects(verb):
        for o in r.mentions(r.pobjs(verb, r.lex.cue("employ_preps"))):
            if r.is_(s, EntityType.PERSON) and r.is_(o, *ORGS):
                r.add(s, o, RelationType.WORKS_FOR, r.rules["verb_work_for"], "verb_work_for")


def _headquartered(r: RelationReader, verb: Token, lemma: str) -> None:
    """ "Coupang is headquartered in Seoul"."""
    for org, _ in r.passive_pairs(verb, agent_preps=set()):
        for place in r.mentions(r.pobjs(verb, {"in"})):
            if r.is_(org, *ORGS) and r.is_(place, EntityType.PLACE):
                r.add(org, place, RelationType.HEADQUARTERED_IN, r.rules["headquartered_in"], "headquartered_in")


VERB_CONSTRUCTIONS: tuple[Construction, ...] = (
    Construction("acquire", _acquire_applies, _acquire),
    Construction("invest", _lemma_in("invest_verbs"), _invest),
    Construction("partner", _lemma_in("partner_verbs"), _partner),
    Construction("merge", _lemma_in("merge_verbs"), _merge),
    Construction("found", _lemma_in("found_verbs"), _found),
    Construction("owned", _lemma_in("own_passive_verbs", "operate_passive_verbs"), _owned),
    Construction("work_for", _lemma_in("employ_verbs"), _work_for),
    Construction("headquartered", _lemma_in("hq_verbs"), _headquartered),
)


def _run_first(constructions: tuple[Construction, ...], r: RelationReader, token: Token, lemma: str) -> None:
    """Run the first construction whose cue group holds the word."""
    for construction in constructions:
        if construction.applies(r, token, lemma):
            construction.run(r, token, lemma)
            return


def verb_rules(r: RelationReader, verb: Token, lemma: str) -> None:
    """The first verb construction whose cue group holds the verb."""
    _run_first(VERB_CONSTRUCTIONS, r, verb, lemma)


# ---------------------------------------------------------------------------------- nouns


def _partnership_applies(r: RelationReader, noun: Token, lemma: str) -> bool:
    """A partner noun, or a noun with one as compound ("a partnership agreement with")."""
    partner_nouns = r.lex.cue("partner_nouns")
    compound = any(c.dep_ == "compound" and c.lemma_.lower() in partner_nouns for c in noun.children)
    return noun.lower_ in partner_nouns or lemma in partner_nouns or compound


def _partnership(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "a partnership between X and Y", "X signed a partnership with Y", "entered into a
    partnership with Y", "X's partnership with Y"."""
    partners = r.mentions(r.pobjs(noun, {"with"}))
    between = r.mentions(r.pobjs(noun, {"between"}))
    if between:
        r.partners(between, [], "noun_partnership_between", r.rules["noun_partnership_between"])
        return
    head = noun.head
    light_verbs = r.lex.cue("partner_light_verbs")
    if noun.dep_ == "dobj" and head.lemma_.lower() in light_verbs:
        r.partners(r.subjects(head), partners, "noun_partnership", r.rules["noun_partnership"])
    elif noun.dep_ == "pobj" and head.head.lemma_.lower() in light_verbs:
        # "entered into a partnership with"
        r.partners(r.subjects(head.head), partners, "noun_partnership", r.rules["noun_partnership"])
    else:
        o, conf = r.owner_of_noun(noun)
        if o >= 0 and partners:
            r.partners([o], partners, "noun_partnership", min(conf, r.rules["noun_partnership_owner"]))


def _operator(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "Kakao Corp., the operator of KakaoTalk"."""
    if noun.dep_ != "appos":
        return
    operator = r.owner[noun.head.i]
    # "the operator of the top messenger KakaoTalk": the name is the appositive
    objects = r.pobjs(noun, {"of"})
    objects += [c for o in objects if r.owner[o.i] < 0 for c in o.children if c.dep_ == "appos"]
    for service in r.mentions(objects):
        if r.is_(operator, *ORGS) and r.is_(service, EntityType.COMPANY, EntityType.PLACE):
            r.add(service, operator, RelationType.OPERATED_BY, r.rules["appos_operator_of"], "appos_operator_of")


def _merger(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "the merger between X and Y", "X's merger with Y"."""
    merged = RelationType.MERGED_WITH
    between = r.mentions(r.pobjs(noun, {"between", "of"}))
    if len(between) >= 2:
        r.partners(between, [], "noun_merger_between", r.rules["noun_merger_between"], merged)
        return
    others = r.mentions(r.pobjs(noun, {"with"}))
    o, conf = r.owner_of_noun(noun)
    if o >= 0 and others:
        r.partners([o], others, "noun_merger", min(conf, r.rules["noun_merger"]), merged)


def _acquisition(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "X's acquisition of Y", "the acquisition of Y by X"."""
    targets = r.mentions(r.pobjs(noun, {"of"}))
    buyers = r.mentions(r.pobjs(noun, {"by"}))
    if not buyers:
        o, _ = r.owner_of_noun(noun)
        buyers = [o] if o >= 0 else []
    for b in buyers:
        for t in targets:
            if r.is_(b, *ORGS) and r.is_(t, EntityType.COMPANY):
                r.add(b, t, RelationType.ACQUIRED, r.rules["noun_acquisition"], "noun_acquisition")


def _stake(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "X's stake in Y", "X took a stake in Y"."""
    targets = r.mentions(r.pobjs(noun, {"in"}))
    o, conf = r.owner_of_noun(noun)
    for t in targets:
        if r.is_(o, *ORGS) and r.is_(t, EntityType.COMPANY):
            r.add(o, t, RelationType.INVESTED_IN, min(conf, r.rules["noun_stake_in"]), "noun_stake_in")


def _subsidiary(r: RelationReader, noun: Token, lemma: str) -> None:
    """ "Y, a unit of X", "Y is a subsidiary of X", "X's Y unit", "X's subsidiary Y"."""
    parents = r.mentions(r.pobjs(noun, {"of"}))
    if parents:
        child = -1
        if noun.dep_ == "appos":
            child = r.owner[noun.head.i]
        elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
            subj = r.subjects(noun.head)
            child = subj[0] if subj else -1
        for parent in parents:
            if r.is_(child, EntityType.COMPANY) and r.is_(parent, *ORGS):
                r.add(child, parent, RelationType.SUBSIDIARY_OF, r.rules["appos_unit_of"], "appos_unit_of")
        return
    owner = -1
    for c in noun.children:
        if c.dep_ == "poss" and r.owner[c.i] >= 0:
            owner = r.owner[c.i]
    if owner < 0:
        return
    names = [r.owner[c.i] for c in noun.children if c.dep_ in ("compound", "appos") and r.owner[c.i] >= 0]
    if noun.dep_ == "compound" and r.owner[noun.head.i] >= 0:
        names.append(r.owner[noun.head.i])
    for child in names:
        if child != owner and r.is_(child, EntityType.COMPANY) and r.is_(owner, *ORGS):
            r.add(child, owner, RelationType.SUBSIDIARY_OF, r.rules["poss_unit"], "poss_unit")


def _located(r: RelationReader, noun: Token, rtype: RelationType, rule: str) -> None:
    """ "X's headquarters in Y", "X opened an office in Y": the owner of the noun is in Y."""
    places = r.mentions(r.pobjs(noun, {"in"}))
    if not places and noun.dep_ in ("nsubj", "nsubjpass"):
        places = r.mentions(r.pobjs(noun.head, {"in"}))
    places = [p for p in places if r.is_(p, EntityType.PLACE)]
    if not places:
        return
    owner, oconf = r.owner_of_noun(noun)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() not in r.rules.located_owner_verbs:
        # "Choi visited Alibaba Group's headquarters": only a possessive owner counts
        owner, oconf = -1, 0.0
        for c in noun.children:
            if c.dep_ == "poss" and r.owner[c.i] >= 0:
                owner, oconf = r.owner[c.i], r.rules.owners["possessive"]
    if not r.is_(owner, *ORGS):
        return
    for p in places:
        r.add(owner, p, rtype, min(r.rules[rule], oconf), rule)


def _headquarters(r: RelationReader, noun: Token, lemma: str) -> None:
    _located(r, noun, RelationType.HEADQUARTERED_IN, "headquarters_in")


def _office(r: RelationReader, noun: Token, lemma: str) -> None:
    _located(r, noun, RelationType.LOCATED_IN, "office_in")


NOUN_CONSTRUCTIONS: tuple[Construction, ...] = (
    Construction("partnership", _partnership_applies, _partnership),
    Construction("operator", _lemma_in("operator_nouns"), _operator),
    Construction("merger", _lemma_in("merge_nouns"), _merger),
    Construction("acquisition", _lemma_in("acquire_nouns"), _acquisition),
    Construction("stake", _lemma_in("invest_nouns"), _stake),
    Construction("subsidiary", _word_in("subsidiary_nouns"), _subsidiary),
    Construction("headquarters", _word_in("hq_nouns"), _headquarters),
    Construction("office", _word_in("office_nouns"), _office),
)


def noun_rules(r: RelationReader, noun: Token, lemma: str) -> None:
    """The first noun construction whose cue group holds the noun."""
    _run_first(NOUN_CONSTRUCTIONS, r, noun, lemma)
