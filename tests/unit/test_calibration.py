"""Calibrated relation confidences (kg.calibration): the shipped table loads, a rule's
relations keep their order and move to the rule's measured precision, unknown rules are left
alone, and the pipeline's threshold sees the calibrated value."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.calibration import MAX_CONFIDENCE, RelationCalibration
from schema.types import ExtractedRelation, RelationType


def _rel(rule: str, confidence: float) -> ExtractedRelation:
    return ExtractedRelation(
        source=0, target=1, type=RelationType.CEO_OF, confidence=confidence, rule=rule, start=0, end=5
    )


def test_the_shipped_table_loads_and_every_row_is_a_probability() -> None:
    cal = RelationCalibration.load()
    assert cal.table, "kg/data/relation_calibration.tsv is empty"
    for (lang, _rule), (raw, calibrated) in cal.table.items():
        assert lang in ("en", "ko")
        assert 0.0 < raw <= 1.0 and 0.0 <= calibrated <= 1.0


def test_a_table_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cal.tsv"
    path.write_text("# header\nen\tr1\t10\t5\t0.8\t0.55\n", encoding="utf-8")
    assert RelationCalibration.load(path).table == {("en", "r1"): (0.8, 0.55)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(0.8, 0.4), (0.6, 0.3), (0.4, 0.2)],
)
def test_a_rule_is_scaled_to_its_measured_precision_keeping_order(raw: float, expected: float) -> None:
    cal = RelationCalibration({("en", "weak_rule"): (0.8, 0.4)})
    assert cal.apply("en", _rel("weak_rule", raw)).confidence == pytest.approx(expected)


def test_unknown_rules_and_other_languages_keep_their_confidence() -> None:
    cal = RelationCalibration({("en", "r"): (0.8, 0.4)})
    rel = _rel("other", 0.77)
    assert cal.apply("en", rel) is rel
    assert cal.apply("ko", _rel("r", 0.8)).confidence == 0.8


def test_no_rule_becomes_certain() -> None:
    cal = RelationCalibration({("ko", "strong"): (0.5, 1.0)})
    assert cal.apply("ko", _rel("strong", 0.9)).confidence == MAX_CONFIDENCE
