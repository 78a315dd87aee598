"""A second opinion on the type of a Korean name span: person, organisation or place.

The character CRF (``extractors.ko.ner``) decides boundaries and types together from a few characters
of context; it often gets the span right and the type wrong ("푸젠성" as a person, "을지대병원"
as a place). This classifier looks at the whole span at once (its form, first and last
syllables, word count) and at the morphemes around it (the particle after it, the word before
it), and is trained on the same KLUE-NER training sentences (``scripts/train_korean_types.py``).
It is a multinomial logistic regression over sparse string features: a weight table and a sum
per class at run time.

Example::

    typer = SpanTyper.load(Path("extractors/ko/models/types"))
    typer.predict("푸젠성과 광둥성에서는 ...", tokens, 0, 3)   # ("LC", 0.93)
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from schema.text import has_hangul

__all__ = ["LABELS", "SpanTyper", "Token", "span_features"]

LABELS = ("PS", "OG", "LC")
MODEL_FILE = "weights.json"


class Token(Protocol):
    """What a Kiwi morpheme offers the Korean classifiers (a kiwipiepy Token, or kg's own)."""

    @property
    def form(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def len(self) -> int: ...


_LATIN = re.compile("[A-Za-z]")  # an ASCII letter
_HAN = re.compile("[\u4e00-\u9fff]")


def _script(name: str) -> str:
    hangul = has_hangul(name)
    latin = _LATIN.search(name) is not None
    han = _HAN.search(name) is not None
    return f"{'h' if hangul else ''}{'l' if latin else ''}{'c' if han else ''}" or "other"


def span_features(
    text: str, tokens: Sequence[Token], start: int, end: int, starts: Sequence[int] | None = None
) -> list[str]:
    """String features of the span [start, end) of ``text`` (``tokens``: Kiwi's morphemes of
    the sentence in order, offsets relative to it; ``starts``: their start offsets, if known)."""
    name = text[start:end]
    words = name.split()
    feats = [
        "bias",
        f"w={name}",
        f"l1={name[-1:]}",
        f"l2={name[-2:]}",
        f"f1={name[:1]}",
        f"f2={name[:2]}",
        f"lw={words[-1] if words else ''}",
        f"nw={min(len(words), 4)}",
        f"len={min(len(name), 8)}",
        f"sc={_script(name)}",
    ]
    if starts is None:
        starts = [t.start for t in tokens]
    first_after = bisect_left(starts, end)
    after = tokens[first_after : first_after + 2]
    inside = tokens[bisect_left(starts, start) : first_after]
    # the last morpheme that ends by the span's start (one of the span's own only if it is empty)
    prev_at = next((i for i in range(first_after - 1, -1, -1) if tokens[i].start + tokens[i].len <= start), -1)
    before = [tokens[prev_at]] if prev_at >= 0 else []
    if inside:
        feats.append(f"ltag={inside[-1].tag}")
        feats.append(f"ftag={inside[0].tag}")
    if after:
        nxt = after[0]
        glued = nxt.start == end
        feats += [f"nx={nxt.form}/{nxt.tag}", f"nxt={nxt.tag}", f"nxg={glued}"]
        if len(after) > 1:
            feats.append(f"nx2={after[1].form}/{after[1].tag}")
            feats.append(f"nx12={nxt.form}+{after[1].form}")
    else:
        feats.append("nx=</s>")
    if before:
        prev = before[-1]
        feats += [f"pv={prev.form}/{prev.tag}", f"pvt={prev.tag}"]
    else:
        feats.append("pv=<s>")
    return feats


class SpanTyper:
    """Softmax over LABELS from sparse feature weights (``weights.json``: {feature: [w_PS,
    w_OG, w_LC]})."""

    def __init__(self, weights: dict[str, list[float]]) -> None:
        self.weights = weights

    @classmethod
    def load(cls, model_dir: Path) -> SpanTyper:
        """The weights in ``model_dir`` (read through :mod:`extractors.ko.weight_cache`)."""
        from extractors.ko.weight_cache import load_sparse_weights

        _, weights = load_sparse_weights(model_dir / MODEL_FILE)
        return cls(weights)

    def probabilities(self, feats: Sequence[str]) -> list[float]:
        """The probability of each of LABELS (one weight each in every row) for ``feats``."""
        # the three class scores summed in feature order, and the softmax over them, unrolled:
        # the same floats as a loop over the labels, without its lists (called for most spans)
        ps = og = lc = 0.0
        for w in map(self.weights.get, feats):
            if w is not None:
                ps += w[0]
                og += w[1]
                lc += w[2]
        top = max(ps, og, lc)
        exp = math.exp
        e_ps, e_og, e_lc = exp(ps - top), exp(og - top), exp(lc - top)
        total = e_ps + e_og + e_lc
        return [e_ps / total, e_og / total, e_lc / total]

    def probability(
        self,
        label: str,
        text: str,
        tokens: Sequence[Token],
        start: int,
        end: int,
        starts: Sequence[int] | None = None,
    ) -> float:
        """The probability of one label for the span."""
        return self.probabilities(span_features(text, tokens, start, end, starts))[LABELS.index(label)]

    def predict(
        self, text: str, tokens: Sequence[Token], start: int, end: int, starts: Sequence[int] | None = None
    ) -> tuple[str, float]:
        probs = self.probabilities(span_features(text, tokens, start, end, starts))
        k = probs.index(max(probs))  # the first of equals, as max over the labels
        return LABELS[k], probs[k]
