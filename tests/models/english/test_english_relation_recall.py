"""Relation constructions added for recall on encyclopedic text (Re-DocRED-style articles), on the
real spaCy model: one sentence table per construction, with the negatives next to them (a
definition shared by two names, a person between a pronoun and its name, a concept "created"
by someone, talks, negation, a photo credit, companies listed together)."""

from __future__ import annotations

import pytest

from extractors.en.extractor import EnglishExtractor
from extractors.en.relations.topics import definitions
from schema.types import RelationType
from tests.models.english.conftest import Triple, assert_none_of, relation_rules

pytestmark = pytest.mark.models

R = RelationType


# (text, relation that must be found, rule that must find it)
POSITIVES: list[tuple[str, Triple, str]] = [
    # a subject pronoun looks past sentences that name nobody of its type
    (
        "Anatoly Chubais is a Russian politician. A 2004 survey named him a respected business leader. "
        "Currently, he is the head of the Russian Nanotechnology Corporation.",
        ("Anatoly Chubais", R.LEADER_OF, "Russian Nanotechnology Corporation"),
        "copula_title_of_org+coref",
    ),
    # "the newspaper", "the magazine": the one name the text defined by that noun
    (
        "The Pittsburgh Catholic is a weekly newspaper. The newspaper was established in 1844 by Michael O'Connor.",
        ("Michael O'Connor", R.FOUNDER_OF, "Pittsburgh Catholic"),
        "founded_by_person+coref",
    ),
    (
        "Paris Match is a French weekly magazine founded in 1949. The magazine is owned by Lagardere Group.",
        ("Paris Match", R.SUBSIDIARY_OF, "Lagardere Group"),
        "passive_owned_by_row+coref",
    ),
    (
        "CKNL-FM is a radio station in Vancouver. The station is branded as The Bear and is owned by Bell Media.",
        ("CKNL-FM", R.SUBSIDIARY_OF, "Bell Media"),
        "passive_owned_by_row+coref",
    ),
    # ownership
    (
        "The Yorkshire Post is a daily newspaper published in Leeds. It is one of the titles owned by Johnston Press.",
        ("Yorkshire Post", R.SUBSIDIARY_OF, "Johnston Press"),
        "copula_noun_owned_by+coref",
    ),
    (
        "The Guardian is a newspaper owned by the Scott Trust.",
        ("Guardian", R.SUBSIDIARY_OF, "Scott Trust"),
        "copula_noun_owned_by",
    ),
    (
        "The Sacramento Bee is the flagship of the McClatchy Company.",
        ("Sacramento Bee", R.SUBSIDIARY_OF, "McClatchy Company"),
        "unit_of_copula",
    ),
    (
        "The Carey Business School is one of the schools of Johns Hopkins University.",
        ("Carey Business School", R.SUBSIDIARY_OF, "Johns Hopkins University"),
        "unit_of_copula",
    ),
    (
        "Pegaso Trucks belonged to the state-owned INI industrial holding.",
        ("Pegaso Trucks", R.SUBSIDIARY_OF, "INI"),
        "belongs_to",
    ),
    (
        "Disney-ABC Television Group's Greengrass Television produced the series.",
        ("Greengrass Television", R.SUBSIDIARY_OF, "Disney-ABC Television Group"),
        "possessive_company",
    ),
    # a name sold to a company is a company, and the buyer acquired the seller's unit
    (
        "Enasa was a Spanish truck maker. In 1990 Enasa was sold to Iveco.",
        ("Iveco", R.ACQUIRED, "Enasa"),
        "sold_to",
    ),
    # founders
    (
        "Working Title Films is a British production company, founded in 1983 by Tim Bevan.",
        ("Tim Bevan", R.FOUNDER_OF, "Working Title Films"),
        "founded_by_person",
    ),
    # roles
    (
        "Hugh Davis, a brother of Hester Davis and a professor at the University of Massachusetts, spoke.",
        ("Hugh Davis", R.WORKS_FOR, "University of Massachusetts"),
        "appos_conj_title_of",
    ),
    (
        "The peak was measured in 2001 by Damien Gildea and Rodrigo Fica of the Omega Foundation.",
        ("Damien Gildea", R.WORKS_FOR, "Omega Foundation"),
        "conj_person_of_org",
    ),
    (
        "The peak was measured in 2001 by Damien Gildea and Rodrigo Fica of the Omega Foundation.",
        ("Rodrigo Fica", R.WORKS_FOR, "Omega Foundation"),
        "person_of_org",
    ),
    (
        "Horst Eidenmuller is the Freshfields Professor of Commercial Law in the Faculty of Law at the "
        "University of Oxford.",
        ("Horst Eidenmuller", R.WORKS_FOR, "University of Oxford"),
        "copula_title_of_org",
    ),
    (
        "Khalidi gained experience at newspapers in Bangladesh and for a period was a presenter and editor at the BBC.",
        ("Khalidi", R.WORKS_FOR, "BBC"),
        "copula_title_of_org",
    ),
    (
        "Will Weng was an American journalist. He served as crossword editor of The New York Times from 1969.",
        ("Will Weng", R.WORKS_FOR, "The New York Times"),
        "served_as_title_of+coref",
    ),
    (
        "Frank Weng was an American journalist who served as editor of the New York Times.",
        ("Frank Weng", R.WORKS_FOR, "New York Times"),
        "served_as_title_of",
    ),
    (
        "Charles Johnson was an American sociologist, the first president of Fisk University.",
        ("Charles Johnson", R.CEO_OF, "Fisk University"),
        "copula_title_of_org",
    ),
    (
        "The current president of the Rockefeller Brothers Fund is Stephen Heintz.",
        ("Stephen Heintz", R.CEO_OF, "Rockefeller Brothers Fund"),
        "title_of_org_is_person",
    ),
    (
        "In 1962 Rudolf Halin joined the faculty of the University of Hamburg.",
        ("Rudolf Halin", R.WORKS_FOR, "University of Hamburg"),
        "joined_staff_of",
    ),
    (
        "Sara Black teaches at Antioch College and previously taught at Northwestern University.",
        ("Sara Black", R.WORKS_FOR, "Northwestern University"),
        "person_worked_at",
    ),
    (
        "She met with her Polish counterpart, Minister of Foreign Affairs Radoslaw Sikorski, at the State Department.",
        ("Radoslaw Sikorski", R.WORKS_FOR, "Polish"),
        "counterpart_title_person",
    ),
    # located
    (
        "Rosenborg BK is a Norwegian football club from Trondheim.",
        ("Rosenborg BK", R.LOCATED_IN, "Trondheim"),
        "copula_from_place",
    ),
    (
        "Ahn Cheol-soo founded AhnLab. The company is a software firm from Seoul.",
        ("AhnLab", R.LOCATED_IN, "Seoul"),
        "copula_from_place+coref",
    ),
    (
        "The head was dug up at Sagalassos in central Turkey.",
        ("Sagalassos", R.LOCATED_IN, "Turkey"),
        "name_in_place_adjacent",
    ),
]


@pytest.mark.parametrize(("text", "expected", "rule"), POSITIVES)
def test_construction_gives_relation(english: EnglishExtractor, text: str, expected: Triple, rule: str) -> None:
    got = relation_rules(english, text)
    assert got.get(expected) == rule, got


# (text, relations that must not be found; empty: no relation at all)
NEGATIVES: list[tuple[str, set[Triple]]] = [
    # two names defined as newspapers: "the newspaper" is neither
    (
        "The Pittsburgh Catholic is a weekly newspaper. The Boston Pilot is another newspaper. "
        "The newspaper was established in 1844 by Michael O'Connor.",
        {
            ("Michael O'Connor", R.FOUNDER_OF, "Pittsburgh Catholic"),
            ("Michael O'Connor", R.FOUNDER_OF, "Boston Pilot"),
        },
    ),
    # a person named between "he" and the earlier subject makes "he" unreadable
    (
        "Kim Ki-nam is a Korean engineer. The report quoted Lee Jae-yong at length. He is the chairman of "
        "Samsung Electronics.",
        {("Kim Ki-nam", R.CHAIR_OF, "Samsung Electronics"), ("Lee Jae-yong", R.CHAIR_OF, "Samsung Electronics")},
    ),
    # a concept created by someone is no company he founded; a person from a place is not located there
    ("Schizoanalysis is a concept created by Gilles Deleuze.", {("Gilles Deleuze", R.FOUNDER_OF, "Schizoanalysis")}),
    ("Kim Min-jae is a striker from Seoul.", set()),
    # a person's possessive is no ownership; a product is no company
    ("Samsung's Lee Jae-yong attended the meeting.", set()),
    ("Samsung Electronics' Galaxy S24 sold well.", set()),
    # negation and talks
    ("The Guardian is not owned by the Scott Trust.", {("Guardian", R.SUBSIDIARY_OF, "Scott Trust")}),
    ("Naver was reportedly in talks to be sold to Kakao.", {("Kakao", R.ACQUIRED, "Naver")}),
    # a photo credit is no owner
    (
        "Greengrass Television produced the series. Photo: Disney-ABC Television Group",
        {("Greengrass Television", R.SUBSIDIARY_OF, "Disney-ABC Television Group")},
    ),
    # companies from one country are not partners
    (
        "Samsung, LG and SK Hynix are companies from Korea.",
        {("Samsung", R.PARTNERS_WITH, "LG"), ("LG", R.PARTNERS_WITH, "SK Hynix")},
    ),
]


@pytest.mark.parametrize(("text", "forbidden"), NEGATIVES)
def test_non_relations_stay_out(english: EnglishExtractor, text: str, forbidden: set[Triple]) -> None:
    assert_none_of(english, text, forbidden)


def test_definitions_collect_copulas_and_appositions(english: EnglishExtractor) -> None:
    """topics.definitions: "<name> is a ... <noun>" and "<name>, a ... <noun>," per noun lemma."""
    doc = english.nlp("The Pittsburgh Catholic is a weekly newspaper. Joy Division, an English rock band, split.")
    cands = sorted(english.state(doc, until="propagate").cands, key=lambda c: c.start)
    owner = [-1] * len(doc)
    for k, c in enumerate(cands):
        for i in range(c.start, c.end):
            owner[i] = k
    defs = definitions(doc, owner)
    named = {lemma: [doc[cands[m].start : cands[m].end].text for _, m in found] for lemma, found in defs.items()}
    assert named["newspaper"] == ["Pittsburgh Catholic"]
    assert named["band"] == ["Joy Division"]
