"""Each named pass of the English extractor (extractors/en/passes) on the real spaCy model: a
small table per pass, sentence -> what the pass leaves (spans with their label or type, mentions,
relations), read through ``EnglishExtractor.state(text, until=<pass>)``."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.en import EnglishExtractor
from extractors.en.passes import PASSES, DocState, pass_names, run_passes

pytestmark = pytest.mark.models

Row = tuple[str, list[Any]]


def _spans(state: DocState, attr: str) -> list[tuple[str, str | None]]:
    """(text, type) of a list of candidates; the NER or gazetteer label where no type is set."""
    return [(state.doc[c.start : c.end].text, c.type.value if c.type else c.label) for c in getattr(state, attr)]


def _after(english: EnglishExtractor, text: str, name: str) -> DocState:
    return english.state(text, until=name)


# ------------------------------------------------------------------------------ proposals

NER_SPANS: list[Row] = [
    # a nationality adjective is the country; names are NER's until typed
    (
        "Samsung's Lee Jae-yong met Korean officials.",
        [("Samsung", "ORG"), ("Lee Jae-yong", "PERSON"), ("Korean", "Place")],
    ),
    # a party, a people
    (
        "The Democrats and the Americans met President Moon Jae-in.",
        [("Democrats", "Organization"), ("Americans", "Place"), ("Moon Jae-in", "PERSON")],
    ),
    # an amount is no part of a name
    ("Shinhan Bank 5 billion won was paid.", [("Shinhan Bank", "ORG")]),
]


@pytest.mark.parametrize(("text", "expected"), NER_SPANS)
def test_ner_spans(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "ner_spans"), "ner") == expected


def test_ner_spans_attributes(english: EnglishExtractor) -> None:
    state = _after(english, "The Democrats and the Americans met.", "ner_spans")
    assert [c.attrs for c in state.ner] == [
        {"party_of": "Democratic Party", "full_name": "Democratic Party"},
        {"demonym_of": "United States", "full_name": "United States", "people": True},
    ]


GAZETTEER_SPANS: list[Row] = [
    # longest first: "Amazon Korea" before "Amazon" and "Korea"
    (
        "Amazon Korea opened an office in Seoul.",
        [("Amazon Korea", "COMPANY"), ("Amazon", "COMPANY"), ("Korea", "PLACE"), ("Seoul", "PLACE")],
    ),
    ("He walked home.", []),
]


@pytest.mark.parametrize(("text", "expected"), GAZETTEER_SPANS)
def test_gazetteer_spans(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "gazetteer_spans"), "gazetteer") == expected


RULE_SPANS: list[Row] = [
    # a filed company name, a romanised Korean district
    ("He works at HYUNDAI DSF CO.,LTD in Seocho-gu.", [("HYUNDAI DSF CO.,LTD", "Company"), ("Seocho-gu", "Place")]),
    # a dateline
    ("NAIROBI, Kenya (CNN) -- Police said.", [("NAIROBI", "Place")]),
    ("Power Corporation of Canada rose.", [("Power Corporation", "Company")]),
]


@pytest.mark.parametrize(("text", "expected"), RULE_SPANS)
def test_rule_spans(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "rule_spans"), "rule_spans") == expected


# ------------------------------------------------------------------------------ choices

CHOOSE_RULE_SPANS: list[Row] = [
    ("He works at HYUNDAI DSF CO.,LTD in Seocho-gu.", [("HYUNDAI DSF CO.,LTD", "Company"), ("Seocho-gu", "Place")]),
    # NER read a longer name around the filed one
    ("Power Corporation of Canada rose.", []),
]


@pytest.mark.parametrize(("text", "expected"), CHOOSE_RULE_SPANS)
def test_choose_rule_spans(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "choose_rule_spans"), "cands") == expected


CHOOSE_GAZETTEER: list[Row] = [
    ("Amazon Korea opened an office in Seoul.", [("Amazon Korea", "Company"), ("Seoul", "Place")]),
    # "Busan" inside a longer capitalised name is no place of its own
    ("Kim joined Busan Bank in 2010.", []),
]


@pytest.mark.parametrize(("text", "expected"), CHOOSE_GAZETTEER)
def test_choose_gazetteer(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "choose_gazetteer"), "cands") == expected


CHOOSE_SPEAKERS: list[Row] = [
    ("Berlusconi said the vote was fair.", [("Berlusconi", "Person")]),
    ("The vote was fair.", []),
]


@pytest.mark.parametrize(("text", "expected"), CHOOSE_SPEAKERS)
def test_choose_speakers(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "choose_speakers"), "cands") == expected


CHOOSE_NER: list[Row] = [
    # typed by a corporate suffix, an organisation keyword, the NER label
    (
        "Hanwha Solutions Corp. hired Kim Min-jun of the Ministry of Finance.",
        [("Hanwha Solutions Corp.", "Company"), ("Ministry of Finance", "Organization"), ("Kim Min-jun", "Person")],
    ),
    # before the titles pass, NER's "Defense" is still a name
    (
        "Defense Secretary Robert Gates spoke in Washington.",
        [("Washington", "Place"), ("Defense", "Company"), ("Robert Gates", "Person")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHOOSE_NER)
def test_choose_ner(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "choose_ner"), "cands") == expected


TITLES: list[tuple[str, list[tuple[str, str | None]]]] = [
    (
        "Defense Secretary Robert Gates spoke in Washington.",
        [("Washington", None), ("Robert Gates", "Defense Secretary")],
    ),
    ("Finance Minister Choi Kyung-hwan spoke.", [("Choi Kyung-hwan", "Finance Minister")]),
]


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_titles(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    state = _after(english, text, "titles")
    assert [(state.doc[c.start : c.end].text, c.attrs.get("title")) for c in state.cands] == expected


# ------------------------------------------------------------------------------ document

SHORT_FORMS: list[tuple[str, list[tuple[str, str, Any]]]] = [
    (
        "Finance Minister Choi Kyung-hwan spoke. Choi said so.",
        [("Choi Kyung-hwan", "Person", None), ("Choi", "Person", "Choi Kyung-hwan")],
    ),
    (
        "Alibaba Group Holding Ltd. grew. Alibaba said so.",
        [("Alibaba Group Holding Ltd.", "Company", None), ("Alibaba", "Company", "Alibaba Group Holding Ltd.")],
    ),
    # a company's short form that NER called a person, and no person of the text has that name
    (
        "Taito Corporation publishes games. Taito said so.",
        [("Taito Corporation", "Company", None), ("Taito", "Company", "Taito Corporation")],
    ),
    # a part of a person's name stays the person's ("Smith" of John Smith, not of Smith Corporation)
    (
        "John Smith founded Smith Corporation in 1953. Smith said so.",
        [("John Smith", "Person", None), ("Smith Corporation", "Company", None), ("Smith", "Person", "John Smith")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_FORMS)
def test_short_forms(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    state = _after(english, text, "short_forms")
    got = [
        (state.doc[c.start : c.end].text, c.type.value if c.type else None, c.attrs.get("full_name"))
        for c in state.cands
    ]
    assert got == expected


TYPE_VOTE: list[tuple[str, str, list[tuple[str, str | None]], list[tuple[str, str | None]]]] = [
    # "Anahí married": a person, whatever NER said of both mentions
    (
        "Anahí married in Mexico. Investors like Anahí.",
        "choose_ner",
        [("Mexico", "Place"), ("Anahí", "Company"), ("Anahí", "Company")],
        [("Anahí", "Person"), ("Mexico", "Place"), ("Anahí", "Person")],
    ),
]


@pytest.mark.parametrize(("text", "before", "expected_before", "expected"), TYPE_VOTE)
def test_type_vote(
    english: EnglishExtractor, text: str, before: str, expected_before: list[Any], expected: list[Any]
) -> None:
    assert _spans(_after(english, text, before), "cands") == expected_before
    assert _spans(_after(english, text, "type_vote"), "cands") == expected


PROPAGATE: list[tuple[str, list[tuple[str, str, str]]]] = [
    # "Proctor" NER missed, found again as a part of "Rachel Proctor"
    (
        "Rachel Proctor (born 1974) is a singer. Proctor lives in Nashville.",
        [("Rachel Proctor", "ner", "Person"), ("Nashville", "ner", "Place"), ("Proctor", "document", "Person")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROPAGATE)
def test_propagate(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    state = _after(english, text, "propagate")
    got = [(state.doc[c.start : c.end].text, c.source, c.type.value if c.type else None) for c in state.cands]
    assert got == expected


ADMINISTRATION: list[Row] = [
    ("Officials of the Bush administration met.", [("Bush administration", "Organization")]),
    ("Bush met Blair.", [("Bush", "Person"), ("Blair", "Person")]),
]


@pytest.mark.parametrize(("text", "expected"), ADMINISTRATION)
def test_administration(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "administration"), "cands") == expected


# ------------------------------------------------------------------------------ output

RETYPE: list[Row] = [
    # an unknown name a company acquires is a company (NER: GPE)
    ("Coupang acquired Farfetch last year.", [("Coupang", "Company"), ("Farfetch", "Company")]),
]


@pytest.mark.parametrize(("text", "expected"), RETYPE)
def test_retype(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _spans(_after(english, text, "administration"), "cands") != expected
    assert _spans(_after(english, text, "retype"), "cands") == expected


MENTIONS: list[tuple[str, list[tuple[str, str, float, str]]]] = [
    # confidence by source: gazetteer 0.9, NER 0.75, NER typed by a rule 0.85
    (
        "Amazon Korea hired Jeff Bezos of Hanwha Solutions Corp.",
        [
            ("Amazon Korea", "Company", 0.9, "gazetteer"),
            ("Jeff Bezos", "Person", 0.75, "ner"),
            ("Hanwha Solutions Corp.", "Company", 0.85, "ner"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_mentions(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    state = _after(english, text, "mentions")
    assert [(m.text, m.type.value, m.confidence, m.attributes["source"]) for m in state.mentions] == expected


RELATION_RULES: list[tuple[str, list[tuple[str, str, str, str, float]]]] = [
    (
        "Amazon CEO Jeff Bezos visited Seoul-based Coupang.",
        [
            ("Jeff Bezos", "CEO_OF", "Amazon", "org_title_person", 0.8),
            ("Coupang", "HEADQUARTERED_IN", "Seoul", "place_based", 0.8),
        ],
    ),
    ("Samsung acquired Harman in 2017.", [("Samsung", "ACQUIRED", "Harman", "verb_acquire", 0.75)]),
    # a plan is no fact: the reader finds nothing ("plans" is not a cue verb)
    ("Samsung plans to acquire Harman.", []),
]


def _relations(state: DocState) -> list[tuple[str, str, str, str, float]]:
    return [
        (state.mentions[r.source].text, r.type.value, state.mentions[r.target].text, r.rule, r.confidence)
        for r in state.relations
    ]


@pytest.mark.parametrize(("text", "expected"), RELATION_RULES)
def test_relation_rules(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _relations(_after(english, text, "relation_rules")) == expected


RELATION_PATTERNS: list[tuple[str, list[tuple[str, str, str, str, float]]]] = [
    ("Heidelberg, Germany is old.", [("Heidelberg", "LOCATED_IN", "Germany", "place_chain", 0.9)]),
    ("Samsung plans to acquire Harman.", []),
]


@pytest.mark.parametrize(("text", "expected"), RELATION_PATTERNS)
def test_relation_patterns(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    assert _relations(_after(english, text, "relation_rules")) == []
    assert _relations(_after(english, text, "relation_patterns")) == expected


NESTED: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    (
        "The U.S. Geological Survey said so.",
        [("U.S. Geological Survey", "Company", None), ("U.S.", "Place", "U.S. Geological Survey")],
    ),
    (
        "Officials of the Bush administration met.",
        [("Bush administration", "Organization", None), ("Bush", "Person", "Bush administration")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested(english: EnglishExtractor, text: str, expected: list[Any]) -> None:
    state = _after(english, text, "nested")
    assert [(m.text, m.type.value, m.attributes.get("within")) for m in state.mentions] == expected


CANDIDATE_WORDS: list[tuple[str, list[str]]] = [
    ("Clemens denied it.", ["Clemens"]),
    # a word a pass took, an acronym, a title word: no candidate
    ("Samsung said the FDA Chairman denied it.", []),
]


@pytest.mark.parametrize(("text", "expected"), CANDIDATE_WORDS)
def test_candidate_words(english: EnglishExtractor, text: str, expected: list[str]) -> None:
    assert [m.text for m in _after(english, text, "candidate_words").candidates] == expected


# ------------------------------------------------------------------------------ the list


def test_every_pass_has_a_table_test() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(pass_names()) <= tested


def test_passes_are_named_documented_and_ordered() -> None:
    names = pass_names()
    assert len(names) == len(set(names)) == len(PASSES)
    assert all(p.doc for p in PASSES)
    assert names.index("choose_rule_spans") < names.index("choose_gazetteer") < names.index("choose_ner")
    assert names.index("mentions") < names.index("relation_rules") < names.index("nested")


def test_an_unknown_pass_is_an_error(english: EnglishExtractor) -> None:
    doc = english.nlp("Samsung grew.")
    with pytest.raises(ValueError, match="no pass named 'nope'; the passes are ner_spans"):
        run_passes(DocState(doc, english.lexicon), until="nope")


def test_all_passes_give_what_extract_gives(english: EnglishExtractor) -> None:
    text = "Amazon CEO Jeff Bezos visited Seoul-based Coupang. Bezos said so."
    state = english.state(text)
    result = english.extract(text)
    assert (state.mentions, state.relations, state.candidates) == (result.mentions, result.relations, result.candidates)


@pytest.mark.parametrize("module", ["extractors.en.lexicon", "extractors.en.words", "extractors.en.passes"])
def test_module_doctests(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried >= 1 and failures == 0
