"""Coreference across the sentences of one text: "이 회사", "해당 기업" and "그", "그녀" stand for
the last name of their kind, where that name is safe to tell.

A stand-in is a :class:`Span` put into a sentence where such a word stands before a particle, typed as
its antecedent, so that the sentence's relation readers read "이 회사는 엔비디아와 손잡았다" as
they read "삼성전자는 엔비디아와 손잡았다"; the relations they give through it are moved onto the
antecedent's mention (``extractors.rules.through_coreference``: rule ``<rule>+coref``, 0.85 of the confidence, the
evidence from the antecedent's sentence to this one). The words are data
(``lexicons/anaphors.tsv``).

The antecedent is taken from the nearest of the :data:`LOOKBACK` sentences before that names
anyone of the kind: the name if it is the only one (several mentions of one name count once),
else the first of them if it is the sentence's subject or topic (before 은/는/이/가). Otherwise
nothing is read: a wrong edge costs more than a missed one.

>>> table = load_anaphors(LEXICON_DIR / "anaphors.tsv")
>>> table.kinds[(("이", "MM"), ("회사", "NNG"))]
'org'
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.ko.paths import LEXICON_DIR
from extractors.ko.spans import ORG_TYPES, Span, Tok
from schema.types import EntityType

__all__ = ["LOOKBACK", "AnaphorTable", "Antecedents", "StandIn", "anaphors", "load_anaphors"]

LOOKBACK = 2  # sentences
_SUBJECT = frozenset({"JKS", "JX"})
_KINDS: dict[str, tuple[EntityType, ...]] = {"org": ORG_TYPES, "person": (EntityType.PERSON,)}

Word = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AnaphorTable:
    """The anaphor words and their kinds, indexed by their first morpheme (most morphemes start
    no word: one lookup each)."""

    kinds: dict[Word, str]
    by_first: dict[tuple[str, str], tuple[Word, ...]]  # longest first
    first_forms: frozenset[str]  # the forms of the first morphemes, a cheaper test first

    @classmethod
    def of(cls, kinds: dict[Word, str]) -> AnaphorTable:
        by_first: dict[tuple[str, str], list[Word]] = {}
        for word in kinds:
            by_first.setdefault(word[0], []).append(word)
        return cls(
            kinds,
            {first: tuple(sorted(ws, key=len, reverse=True)) for first, ws in by_first.items()},
            frozenset(form for form, _ in by_first),
        )


@functools.cache
def load_anaphors(path: Path = LEXICON_DIR / "anaphors.tsv") -> AnaphorTable:
    """The anaphor table: the word as (form, tag) pairs -> its kind (org or person)."""
    kinds: dict[Word, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words, kind = line.split("\t")
        if kind not in _KINDS:
            raise ValueError(f"{path}: unknown kind {kind!r} in {line!r}")
        kinds[tuple((w.rsplit("/", 1)[0], w.rsplit("/", 1)[1]) for w in words.split())] = kind
    return AnaphorTable.of(kinds)


def anaphors(tokens: Sequence[Tok], table: AnaphorTable | None = None) -> list[tuple[int, int, str]]:
    """The anaphors of a sentence before a particle, as (start, end, kind); the longest word wins."""
    table = load_anaphors() if table is None else table
    out: list[tuple[int, int, str]] = []
    by_first, first_forms = table.by_first, table.first_forms
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        if tok.form not in first_forms:
            k += 1
            continue
        for word in by_first.get((tok.form, tok.tag), ()):
            end = k + len(word)
            if (
                end < n
                and tokens[end].tag.startswith("J")
                and all((t.form, t.tag) == w for t, w in zip(tokens[k:end], word, strict=True))
            ):
                out.append((tok.start, tokens[end - 1].end, table.kinds[word]))
                k = end - 1
                break
        k += 1
    return out


@dataclass(frozen=True, slots=True)
class _Named:
    """A mention of an earlier sentence: its index in the text's mentions, type and name."""

    index: int
    type: EntityType
    name: str
    subject: bool
    sentence_start: int


@dataclass(frozen=True, slots=True)
class StandIn:
    """A stand-in span of this sentence and the earlier mention it stands for."""

    span: Span
    antecedent: int  # index in the text's mentions
    sentence_start: int  # of the antecedent's sentence, in the text


@dataclass
class Antecedents:
    """What the earlier sentences of one text named, newest last."""

    table: AnaphorTable = field(default_factory=load_anaphors)
    sentences: list[list[_Named]] = field(default_factory=list)

    def remember(
        self, text: str, tokens: Sequence[Tok], spans: Sequence[Span], first_index: int, sentence_start: int
    ) -> None:
        """Note a sentence's names: ``spans`` were written out as mentions ``first_index``, ... ."""
        after = {t.start: t.tag for t in tokens}
        named = [
            _Named(first_index + i, sp.type, text[sp.start : sp.end], after.get(sp.end, "") in _SUBJECT, sentence_start)
            for i, sp in enumerate(spans)
            if sp.alias_of is None and not sp.attributes.get("credit") and sp.end - sp.start >= 2
        ]
        self.sentences.append(named)
        del self.sentences[:-LOOKBACK]

    def stand_ins(self, tokens: Sequence[Tok], spans: Sequence[Span]) -> list[StandIn]:
        """The stand-ins of a sentence (none where no antecedent is safe or a mention is there already)."""
        if not self.sentences:
            return []
        out: list[StandIn] = []
        for a, b, kind in anaphors(tokens, self.table):
            named = self._antecedent(kind)
            if named is None or any(sp.start < b and a < sp.end for sp in spans):
                continue
            span = Span(a, b, named.type, 1.0, "coref", {"coref": named.name})
            out.append(StandIn(span, named.index, named.sentence_start))
        return out

    def _antecedent(self, kind: str) -> _Named | None:
        types = _KINDS[kind]
        for named in reversed(self.sentences):
            of_kind = [n for n in named if n.type in types]
            if not of_kind:
                continue
            if len({n.name for n in of_kind}) == 1:
                return of_kind[-1]
            # several names: the first of them, if it is the subject or topic ("삼성전자는 LG전자를
            # 앞질렀다"), not a later one ("삼성전자와 LG전자가": both are)
            return of_kind[0] if of_kind[0].subject else None
        return None
