"""The English extractor's tokenizer: the model's own, with two affix rules of ours."""

from __future__ import annotations

from typing import Any

from extractors.en.extractor import EnglishExtractor


def test_tokenizer_is_the_model_one_with_our_affixes(english: EnglishExtractor) -> None:
    """The extractor reads the saved tokenizer once with our affix patterns in place of the
    saved ones (``extractors.en.extractor._read_tokenizer``): the same tokenizer as setting
    the affixes on the model ``spacy.load`` gives, as the extractor did before."""
    import spacy

    nlp = spacy.load(english.model_name)
    tokenizer: Any = nlp.tokenizer
    rules = tokenizer.rules
    tokenizer.rules = {}
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[A-Za-z])(?:[´`]|¡¯)[sS]", "¡¯", "¡±"]
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    prefixes = [*(nlp.Defaults.prefixes or ()), "¡°", "¡®"]
    tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    tokenizer.rules = rules
    ours: Any = english.nlp.tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == tokenizer.to_bytes(exclude=["vocab"])
    text = "Japan´s plan, Obama¡¯s plane, a ¡°terrorist¡± attack and ¡®U.S.¡¯ don't."
    assert [t.text for t in ours(text)] == [t.text for t in tokenizer(text)]
    assert "Japan" in [t.text for t in ours(text)]
