"""The attribute ruler's indexed matching (``extractors.en.attribute_index``): the same matches as
spaCy's own ``AttributeRuler.match``, so the same annotations, on the model's ruler and on
patterns of every kind the index reads or leaves to spaCy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.pipeline import AttributeRuler

from extractors.en.attribute_index import IndexedRulerMatch, index_attribute_ruler
from extractors.en.extractor import EnglishExtractor

# the model's exceptions: contractions, "gonna", "y'all", "ain't", "there's", expletives, aux
TRICKY = [
    "Y'all gonna get it, ain't nobody gotta wait. There's a cat and there are dogs.",
    "Let's go! C'mon, y all gon na see it. I ain't done and nothin' changed; he aint either.",
    "I've had it, you'd have known; it is what it is, isn't it? Don't. Won't. Didn't they?",
    "Is it? Give it to me, tell you and I. Whether or not, albeit because, tho 'cause it's so.",
    "  \n Spaces  between\twords, and nuthin' else.\n\n",
]


def _parsed(nlp: Any, texts: list[str]) -> list[Any]:
    """Docs as the attribute ruler sees them: tagged and parsed, not yet ruled."""
    later = [name for name in nlp.pipe_names if name not in ("tok2vec", "tagger", "parser")]
    with nlp.select_pipes(disable=later):
        return list(nlp.pipe(texts))


def test_the_model_ruler_matches_as_spacy(english: EnglishExtractor, seeds_dir: Path) -> None:
    nlp = english.nlp
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    assert isinstance(ruler.match, IndexedRulerMatch)  # the extractor's pipeline uses it
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("en-*.txt"))]
    docs = _parsed(nlp, texts)
    matched = 0
    for doc in docs:
        ours = ruler.match(doc)
        assert ours == AttributeRuler.match(ruler, doc), doc.text[:80]
        matched += len(ours)
    assert matched > sum(len(doc) for doc in docs)  # every token's tag, and the exceptions


def test_annotations_are_those_of_the_stock_ruler(english: EnglishExtractor) -> None:
    import spacy
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    stock = spacy.load(english.model_name, exclude=["tokenizer"])
    stock.tokenizer = english.nlp.tokenizer
    with english.nlp.select_pipes(disable=["kg_gazetteer"]):
        ours = list(english.nlp.pipe(TRICKY))
    theirs = list(stock.pipe(TRICKY))
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for a, b in zip(ours, theirs, strict=True):
        assert (a.to_array(columns) == b.to_array(columns)).all()
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    # the exceptions took effect: "gon na" -> go to, "ai n't" -> be, "Let 's" -> us, "y all" -> you
    lemmas = {t.lower_: t.lemma_ for doc in ours[:2] for t in doc}
    assert (lemmas["gon"], lemmas["na"], lemmas["ai"], lemmas["'s"], lemmas["y"]) == ("go", "to", "be", "us", "you")


@pytest.fixture
def ruler(english: EnglishExtractor) -> AttributeRuler:
    """A ruler of our own over the model's vocab, with patterns of every kind."""
    import spacy

    nlp = spacy.blank("en", vocab=english.nlp.vocab)
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "the"}], [{"ORTH": "The"}]], {"LEMMA": "THE"})  # two patterns, one span
    ruler.add([[{"lower": "new"}, {"LOWER": "york"}]], {"LEMMA": "NY"}, index=-1)  # lower-case key
    ruler.add([[{"LOWER": {"IN": ["is", "are"]}, "TAG": {"NOT_IN": ["VBD"]}}]], {"POS": "AUX"})
    ruler.add([[{"LOWER": {"REGEX": "^c[aeiou]t$"}}]], {"LEMMA": "cat"})
    ruler.add([[{"TAG": {"NOT_IN": ["NN"]}, "DEP": {"NOT_IN": ["det"]}}]], {"MORPH": "Foo=Bar"})
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP"})
    ruler.add([[{"LOWER": "a"}, {"OP": "?"}, {"LOWER": "cat"}]], {"LEMMA": "A"})  # an operator: spaCy's
    ruler.add([[{"LENGTH": 3}]], {"NORM": "three"})  # an attribute the index does not read: spaCy's
    ruler.add([[{"LOWER": "the"}], [{"LENGTH": {">=": 3}, "LOWER": "the"}]], {"LEMMA": "the"})  # both kinds
    return ruler


def test_patterns_of_every_kind_match_as_spacy(english: EnglishExtractor, ruler: AttributeRuler) -> None:
    index = IndexedRulerMatch(ruler)
    assert index._rule_of and index._scan and index._index  # all three ways are exercised
    texts = ["The cat is in New York, the cot are here.", "A big cat and a cat; cut it.  Cats were.", ""]
    for doc in _parsed(english.nlp, texts):
        assert index(doc) == AttributeRuler.match(ruler, doc), doc.text


def test_a_pipeline_without_the_ruler_is_left_alone() -> None:
    import spacy

    nlp = spacy.blank("en")
    assert index_attribute_ruler(nlp) is False
    nlp.add_pipe("sentencizer", name="attribute_ruler")
    assert index_attribute_ruler(nlp) is False
