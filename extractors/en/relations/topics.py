"""Definitional coreference for the relation stage: a name that a sentence defines by a noun
("The Yorkshire Post is a daily broadsheet newspaper", "Joy Division, an English rock band,")
is what a later "the newspaper" / "the band" stands for.

Wikipedia-style articles name their topic once and then say "the band", "the club", "the
newspaper"; the relation patterns read such a phrase as the name when exactly one name was
defined by that noun before it (two different names defined as "company" leave "the company"
unread). The definitions of a doc are collected once, on first use, into ``doc.user_data``.

Example::

    # "The Pittsburgh Catholic is a weekly newspaper. The newspaper was established in 1844 by
    # Michael O'Connor." -> FOUNDER_OF(Michael O'Connor, Pittsburgh Catholic), rule
    # founded_by_person+coref
    m = defined_as(doc, mentions, owner, the_newspaper_token, types)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractors.rules import MentionLike
from schema.types import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["USER_KEY", "copula_subject", "defined_as", "definitions"]

USER_KEY = "kg_definitions"
# a defining noun must say what the thing is, not how it relates ("the head", "one", "part")
_NOT_DEFINING = frozenset(
    {"one", "part", "member", "home", "head", "name", "site", "example", "result", "kind", "type"}
)


def _defining_nouns(tok: Token) -> list[Token]:
    """The noun and the nouns conjoined to it ("a manufacturer and defense contractor")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "NOUN":
            out.append(c)
    return out


def copula_subject(owner: list[int], noun: Token) -> int:
    """The mention a predicate noun describes: "Weng" for "journalist" (or a noun conjoined to
    it) in "Weng was an American journalist and crossword constructor"; -1 when none."""
    while noun.dep_ == "conj":
        noun = noun.head
    if noun.dep_ != "attr" or noun.head.lemma_ != "be":
        return -1
    subj = [c for c in noun.head.children if c.dep_ == "nsubj"]
    return owner[subj[0].i] if subj else -1


def definitions(doc: Doc, owner: list[int]) -> dict[str, list[tuple[int, int]]]:
    """Per noun lemma, the (token index, mention) of each name defined by it, in doc order:
    "<name> is|was a ... <noun>" and "<name>, a ... <noun>,"."""
    from spacy.attrs import DEP, POS

    out: dict[str, list[tuple[int, int]]] = {}
    strings = doc.vocab.strings
    wanted = {strings.add("attr"), strings.add("appos")}
    noun_pos = strings.add("NOUN")
    # the tokens' labels as one array: only attributes and appositions are looked at in Python
    for i, (dep, pos) in enumerate(doc.to_array([DEP, POS]).tolist()):
        if dep not in wanted or pos != noun_pos:
            continue
        tok = doc[i]
        m = owner[tok.head.i] if tok.dep_ == "appos" else copula_subject(owner, tok)
        if m < 0:
            continue
        for word in _defining_nouns(tok):
            lemma = word.lemma_.lower()
            if lemma not in _NOT_DEFINING:
                out.setdefault(lemma, []).append((word.i, m))
    return out


def defined_as(
    doc: Doc, mentions: Sequence[MentionLike], owner: list[int], tok: Token, types: frozenset[EntityType]
) -> int:
    """The one name of ``types`` defined by ``tok``'s noun before it ("the band": the band the
    article defined); -1 when none, or when two different names were."""
    defs: dict[str, list[tuple[int, int]]] | None = doc.user_data.get(USER_KEY)
    if defs is None:
        defs = definitions(doc, owner)
        doc.user_data[USER_KEY] = defs
    names: dict[str, int] = {}
    for i, m in defs.get(tok.lemma_.lower(), []):
        ment = mentions[m]
        if i >= tok.i or tok.sent.start <= ment.start < tok.i or ment.type not in types:
            continue
        names.setdefault(doc[ment.start : ment.end].text, m)
    return next(iter(names.values())) if len(names) == 1 else -1
