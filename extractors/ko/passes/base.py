"""The mention state a sentence pass takes and returns, and :class:`Pass`, a named pass.

A pass is a small function ``(context, state) -> state``: it reads the sentence (text, Kiwi
tokens) and the spans found so far, and returns the state with its spans added, removed, moved or
retyped. Passes run in the order of the extractor's ``PASSES`` list (spaCy's component list is
the model); each can be run alone on a state built by hand, as the table tests do.

>>> from extractors.ko.spans import Span
>>> from schema.types import EntityType
>>> state = MentionState("북핵 문제", [], spans=[])
>>> state.spans.append(Span(0, 1, EntityType.PLACE, 0.8, "rule"))
>>> [(sp.start, sp.end, sp.type.value) for sp in state.spans]
[(0, 1, 'Place')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.ko.context import Context
from extractors.ko.spans import Span, Tok

__all__ = ["MentionState", "ModelSpan", "Pass"]

# a span of the CRF model: start, end, label (PS, OG, LC) and its probability
ModelSpan = tuple[int, int, str, float]
# a byline's person, its organisation and the title between them ("기자")
Byline = tuple[Span, Span, str]


@dataclass(slots=True)
class MentionState:
    """One sentence being read: its text and tokens (offsets relative to the sentence), the
    model's spans, the spans decided so far, the photo credits in it and the bylines found."""

    text: str
    tokens: list[Tok]
    model_spans: list[ModelSpan] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    credits: list[tuple[int, int]] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the tokens' start offsets, in order

    def __post_init__(self) -> None:
        if not self.starts:
            self.starts = [t.start for t in self.tokens]


@dataclass(frozen=True, slots=True)
class Pass:
    """A named step of the sentence pipeline."""

    name: str
    run: Callable[[Context, MentionState], MentionState]
    doc: str = ""

    def __call__(self, ctx: Context, state: MentionState) -> MentionState:
        return self.run(ctx, state)
