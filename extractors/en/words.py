"""Small tests on tokens and names that several passes share: what is a name, a capitalised
word, a title phrase and its relation type, a speaker.

Example::

    >>> from extractors.en.lexicon import load_lexicon
    >>> title_head("former chief executive officer", load_lexicon()).value
    'CEO_OF'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.en.candidate import DETERMINERS, SPEECH_VERBS, Cand
from extractors.en.lexicon import EnglishLexicon
from schema.types import AttrValue, RelationType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "before_title",
    "ends_with",
    "inside_capitalised_name",
    "is_capitalised_word",
    "is_name",
    "is_trailing_punct",
    "name_parts",
    "outside",
    "plain_word",
    "speaker_word",
    "title_attrs",
    "title_head",
    "trailing_common_noun",
]


def is_name(text: str, lex: EnglishLexicon) -> bool:
    """A NER span with no capital letter ("wingspan", "myrrh") or one generic word that only
    ends names ("Street", "Avenue", "Group") or stands before them ("Queen") is not a name."""
    if not any(ch.isupper() for ch in text) and any(ch.islower() for ch in text):
        return False
    if " " in text:
        return True
    return text not in lex.place_suffixes and text not in lex.corporate_suffixes and text not in lex.honorifics


def speaker_word(doc: Doc, tok: Token, lex: EnglishLexicon) -> bool:
    """A capitalised plain word ("Nakajima") that is the subject of a speech verb and may be a
    person who speaks: not after a determiner or possessive ("the/Britain's Treasury"), not a
    known name, world city or country, no organisation keyword."""
    return (
        tok.dep_ == "nsubj"
        and tok.head.lemma_.lower() in SPEECH_VERBS
        and plain_word(tok.text)
        and (tok.i == 0 or doc[tok.i - 1].tag_ not in ("DT", "POS", "PRP$"))
        and tok.text not in lex.exact
        and tok.text not in lex.world_cities
        and tok.text not in lex.countries
        and not lex.org_keyword_re.search(tok.text)
    )


def plain_word(text: str) -> bool:
    """A capitalised word with the rest in lower case ("Nakajima"; not "FDA", "EveryOne", "eBay")."""
    return len(text) >= 3 and text[0].isupper() and text[1:].isalpha() and text[1:].islower()


def outside(head: Token, cand: Cand) -> bool:
    """The appositive head lies outside the candidate itself."""
    return not (cand.start <= head.i < cand.end)


def is_trailing_punct(tok: Token) -> bool:
    # "Inc." keeps its dot (one token); a lone "." or "," or quote is dropped.
    return bool(tok.is_punct) and tok.text not in {")", "]"}


def is_capitalised_word(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].is_alpha and doc[i].text[0].isupper()


def ends_with(doc: Doc, end: int, words: set[str]) -> bool:
    return doc[end - 1].text in words or doc[end - 1].text.rstrip(".") in words


def inside_capitalised_name(doc: Doc, start: int, end: int) -> bool:
    """True when the tokens just around [start, end) continue a capitalised name, so that
    "Lee" in "Lee Jae-yong" or "Busan" in "Busan Bank" is not read as a name of its own."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.pos_ == "PROPN" and before.is_title and before.sent == doc[start].sent:
        return not doc[start].is_sent_start
    return after is not None and after.pos_ == "PROPN" and after.is_title


def trailing_common_noun(doc: Doc, s: int, e: int, lex: EnglishLexicon) -> bool:
    """A lower-case noun NER ran onto the end of a name ("Nepali Congress party", "Virginia
    Tech university"); not a hyphenated part ("Jae-in") or a corporate form ("ltd")."""
    tok = doc[e - 1]
    return (
        e - s > 1
        and tok.is_lower
        and tok.is_alpha
        and tok.pos_ == "NOUN"
        and doc[e - 2].text != "-"
        and bool(doc[e - 2].whitespace_)
        and tok.text.rstrip(".").capitalize() not in lex.corporate_suffixes
    )


def before_title(doc: Doc, end: int, lex: EnglishLexicon) -> bool:
    """Whether a title follows (``end`` is the token after a name): "U.S. Secretary of State"."""
    return end < len(doc) and doc[end].lower_ in lex.title_words


def name_parts(doc: Doc, cand: Cand) -> list[str]:
    """A person's name split at whitespace: "Choi Kyung-hwan" -> ["Choi", "Kyung-hwan"]."""
    return doc[cand.start : cand.end].text.split()


def title_attrs(doc: Doc, start: int, end: int, lex: EnglishLexicon) -> dict[str, AttrValue]:
    attrs: dict[str, AttrValue] = {}
    words = [t for t in doc[start:end]]
    while words and words[0].lower_ in lex.cue("former_words"):
        attrs["former"] = True
        words = words[1:]
    while words and (words[0].lower_ in DETERMINERS or words[0].lower_ == "and"):
        words = words[1:]
    if not words:
        return {}
    text = " ".join(t.text for t in words)
    if title_head(text.lower(), lex) is None and words[-1].text not in lex.honorifics:
        return {}
    attrs["title"] = text
    return attrs


def title_head(title: str, lex: EnglishLexicon) -> RelationType | None:
    """The relation type of the longest known title that ends the phrase."""
    words = title.replace(" - ", "-").split()
    for k in range(len(words)):
        key = " ".join(words[k:])
        if key in lex.titles:
            return lex.titles[key]
    return None
