"""The Korean relation model: a multinomial logistic regression over pair features.

Trained on KLUE-RE (``scripts/train_korean_relations.py``); ``weights.json`` holds
``{"classes": [...], "weights": {feature: [w per class]}, "temperature": T, "threshold": t}``.
Probabilities are the softmax of the summed weights divided by the temperature (fitted on a
held-out part of the training data), over the classes a pair's types allow.

Example::

    model = RelationModel.load(MODEL_DIR)
    model.predict(feats, "P>O")   # ("employ", 0.91)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from extractors.ko.paths import RELATION_MODEL_DIR

__all__ = ["ALLOWED", "CLASSES", "MODEL_DIR", "RelationModel", "allowed_classes"]

MODEL_DIR = RELATION_MODEL_DIR
MODEL_FILE = "weights.json"

# "member>": the first mention (in text order) is a member or unit of the second; "member<": the reverse
CLASSES = ("none", "employ", "founder", "hq", "member>", "member<")
# the classes a pair of coarse types (text order) can take; other pairs are not scored
ALLOWED: dict[str, tuple[str, ...]] = {
    "P>O": ("none", "employ", "founder"),
    "O>P": ("none", "employ", "founder"),
    "P>L": ("none", "employ"),
    "L>P": ("none", "employ"),
    "O>L": ("none", "hq"),
    "L>O": ("none", "hq"),
    "O>O": ("none", "member>", "member<"),
}


def allowed_classes(types: str) -> tuple[str, ...]:
    return ALLOWED.get(types, ())


class RelationModel:
    """Softmax over CLASSES from sparse feature weights, with a fitted temperature."""

    def __init__(
        self,
        weights: dict[str, list[float]],
        classes: Sequence[str] = CLASSES,
        temperature: float = 1.0,
        threshold: float = 0.5,
    ) -> None:
        self.weights = weights
        self.classes = tuple(classes)
        self.temperature = temperature
        self.threshold = threshold

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> RelationModel:
        """The weights in ``model_dir`` (read through :mod:`extractors.ko.weight_cache`)."""
        from extractors.ko.weight_cache import load_sparse_weights

        data, weights = load_sparse_weights(model_dir / MODEL_FILE)
        return cls(
            weights,
            data["classes"],
            float(data.get("temperature", 1.0)),
            float(data.get("threshold", 0.5)),
        )

    def scores(self, feats: Sequence[str]) -> list[float]:
        n = len(self.classes)
        out = [0.0] * n
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                for k in range(n):
                    out[k] += w[k]
        return out

    def probabilities(self, feats: Sequence[str], types: str, temperature: float | None = None) -> dict[str, float]:
        """Calibrated probability of each class the pair types allow (empty if none)."""
        allowed = allowed_classes(types)
        if not allowed:
            return {}
        t = self.temperature if temperature is None else temperature
        raw = self.scores(feats)
        scores = {c: raw[self.classes.index(c)] / t for c in allowed}
        top = max(scores.values())
        exps = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exps.values())
        return {c: e / total for c, e in exps.items()}

    def predict(self, feats: Sequence[str], types: str) -> tuple[str, float]:
        """The most likely class other than "none" and its probability ("none", p if no
        other class is allowed)."""
        probs = self.probabilities(feats, types)
        if not probs:
            return "none", 1.0
        best = max((c for c in probs if c != "none"), key=lambda c: probs[c], default="none")
        return best, probs[best]
