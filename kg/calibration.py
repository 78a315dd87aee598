"""Calibrated relation confidences: a relation's confidence says how often what its rule (or
model) outputs is right.

Each extractor rule comes with a confidence chosen by hand or by a model. ``scripts/eval_relations.py
--calibration-out`` measures, on annotated dev data, how many of each rule's relations are right
and writes ``kg/data/relation_calibration.tsv``: per (language, rule), the count, the right ones,
the rule's mean raw confidence and its calibrated confidence (the measured precision, smoothed
towards the raw mean for rules seen a few times). A relation's confidence is then scaled by
``calibrated / mean raw`` of its rule, so the rule's relations keep their order among
themselves and their mean matches the measured precision. Rules the table does not know keep
their raw confidence.

Example::

    >>> from schema.types import ExtractedRelation, RelationType
    >>> cal = RelationCalibration({("en", "verb_acquire"): (0.75, 0.6)})
    >>> rel = ExtractedRelation(source=0, target=1, type=RelationType.ACQUIRED, confidence=0.75,
    ...                         rule="verb_acquire", start=0, end=10)
    >>> cal.apply("en", rel).confidence
    0.6
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from schema.types import ExtractedRelation

__all__ = ["MAX_CONFIDENCE", "RelationCalibration"]

MAX_CONFIDENCE = 0.99  # no rule is certain; evidence from many documents still adds up (noisy-or)


class RelationCalibration:
    """Maps (language, rule) to (mean raw confidence, calibrated confidence)."""

    def __init__(self, table: dict[tuple[str, str], tuple[float, float]]) -> None:
        self.table = table

    @classmethod
    def load(cls, path: Path | None = None) -> RelationCalibration:
        """The table at ``path``, by default the one shipped in ``kg/data``."""
        if path is None:
            text = resources.files("kg").joinpath("data/relation_calibration.tsv").read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        table: dict[tuple[str, str], tuple[float, float]] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            lang, rule, _n, _right, raw, calibrated = line.split("\t")
            table[(lang, rule)] = (float(raw), float(calibrated))
        return cls(table)

    def confidence(self, lang: str, rule: str, raw: float) -> float:
        entry = self.table.get((lang, rule))
        if entry is None or entry[0] <= 0:
            return raw
        mean_raw, calibrated = entry
        return round(min(MAX_CONFIDENCE, raw * calibrated / mean_raw), 3)

    def apply(self, lang: str, relation: ExtractedRelation) -> ExtractedRelation:
        confidence = self.confidence(lang, relation.rule, relation.confidence)
        if confidence == relation.confidence:
            return relation
        return relation.model_copy(update={"confidence": confidence})
