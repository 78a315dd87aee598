"""What the passes share: :class:`DocState`, the parsed doc and everything the passes have found
in it so far, and :class:`Pass`, one named step over it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.en.candidate import Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.relations.depmatch import DocIndex
from schema.types import ExtractedMention, ExtractedRelation

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from extractors.en.relations import EnglishRelationStage

__all__ = ["DocState", "Offsets", "Pass"]


@dataclass(frozen=True)
class Offsets:
    """A doc's character offsets and sentences, read once: what ``doc[a:b].text``,
    ``.start_char``, ``.end_char`` and ``doc[i].sent`` give, without a ``Span`` per call (a
    span's text joins its tokens; a token's sentence scans the doc for its bounds).

    ``text`` is ``doc.text``; per token, ``starts`` its ``idx``, ``ends`` the offset after its
    text, ``sent_start`` / ``sent_end`` the token bounds of its sentence (``doc[i].sent``)."""

    text: str
    starts: list[int]
    ends: list[int]
    sent_start: list[int]
    sent_end: list[int]

    @classmethod
    def build(cls, doc: Doc, words: list[str]) -> Offsets:
        from spacy.attrs import IDX, SPACY

        starts, spaces = doc.to_array([IDX, SPACY]).T.tolist() if len(doc) else ([], [])
        ends = [s + len(w) for s, w in zip(starts, words, strict=True)]
        # doc.text: every token's text and its trailing space, if any
        text = "".join([w + " " if space else w for w, space in zip(words, spaces, strict=True)])
        sent_start = [0] * len(doc)
        sent_end = [0] * len(doc)
        hooked = "sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks or "sents" in doc.user_hooks
        if hooked:  # a custom sentence: asked of spaCy, token by token
            for tok in doc:
                sent = tok.sent
                sent_start[tok.i], sent_end[tok.i] = sent.start, sent.end
        else:
            for sent in doc.sents:
                a, b = sent.start, sent.end
                sent_start[a:b] = [a] * (b - a)
                sent_end[a:b] = [b] * (b - a)
        return cls(text, starts, ends, sent_start, sent_end)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        return self.text[self.starts[start] : self.ends[end - 1]] if end > start else ""


@dataclass
class DocState:
    """One parsed doc on its way through the passes.

    ``ner``, ``gazetteer`` and ``rule_spans`` are the proposals of the span passes; the choosing
    passes move the ones they keep into ``cands`` and mark their tokens in ``taken``; the last
    passes fill ``mentions``, ``relations`` and ``candidates`` (the fields of the Extraction)."""

    doc: Doc
    lex: EnglishLexicon
    demonyms: bool = True
    # the relation stage of extractors/en/relations; None when it is off
    stage: EnglishRelationStage | None = None
    ner: list[Cand] = field(default_factory=list)
    gazetteer: list[Cand] = field(default_factory=list)
    rule_spans: list[Cand] = field(default_factory=list)
    taken: list[bool] = field(default_factory=list)
    cands: list[Cand] = field(default_factory=list)
    # one-word parts of people's names ("Choi" of "Choi Kyung-hwan") and the names they are part of
    person_parts: dict[str, list[Cand]] = field(default_factory=dict)
    mentions: list[ExtractedMention] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)
    candidates: list[ExtractedMention] = field(default_factory=list)
    _index: DocIndex | None = field(default=None, repr=False)
    _offsets: Offsets | None = field(default=None, repr=False)

    @property
    def offsets(self) -> Offsets:
        """The doc's character offsets and sentences (:class:`Offsets`), read once."""
        if self._offsets is None:
            self._offsets = Offsets.build(self.doc, self.words)
        return self._offsets

    @property
    def index(self) -> DocIndex:
        """The doc's token attributes as lists (:class:`~extractors.en.relations.depmatch.DocIndex`),
        read once per doc for every pass that loops over tokens (a ``Token`` object per
        attribute read costs more than the pass's own test)."""
        if self._index is None:
            self._index = DocIndex.build(self.doc)
        return self._index

    @property
    def words(self) -> list[str]:
        """The text of every token (``Token.text``)."""
        return self.index.columns["ORTH"]

    def spans(self) -> list[tuple[str, str | None]]:
        """(text, type) of the candidates so far, for tests and tracing."""
        return [(self.doc[c.start : c.end].text, c.type.value if c.type else None) for c in self.cands]


@dataclass(frozen=True)
class Pass:
    """One named pass over a :class:`DocState` (its docstring says what it does)."""

    name: str
    run: Callable[[DocState], None]

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip().split("\n\n")[0]
