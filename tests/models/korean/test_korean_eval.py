"""Measured quality on the KLUE dev data in ../shared (skipped when it is absent).

Floors sit a little under the figures in docs/korean-extraction.md so that a regression fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractors.korean import KoreanExtractor
from schema.types import EntityType

pytestmark = [pytest.mark.models, pytest.mark.shared]

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from ko_data import read_klue_ner  # noqa: E402

_KLUE = {EntityType.PERSON: "PS", EntityType.COMPANY: "OG", EntityType.ORGANIZATION: "OG", EntityType.PLACE: "LC"}


def test_klue_ner_news_dev_f1(korean: KoreanExtractor, shared_dir: Path) -> None:
    data = list(read_klue_ner(shared_dir / "eval" / "klue_ner_news_dev.tsv"))[:600]
    tp = fp = fn = 0
    for (_, gold), result in zip(data, korean.extract_many([t for t, _ in data]), strict=True):
        pred = {(m.start, m.end, _KLUE[m.type]) for m in result.mentions}
        tp += len(pred & set(gold))
        fp += len(pred - set(gold))
        fn += len(set(gold) - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= F1_FLOOR, f"micro-F1 {f1:.3f}"


F1_FLOOR = 0.70
