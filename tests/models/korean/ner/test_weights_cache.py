"""The CRF weights cache (extractors/ko/ner/weights.py) gives the arrays crfsuite gives, is
written once and read after, and a damaged or unwritable cache falls back to crfsuite."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extractors.ko.ner.features import MODEL_FILE
from extractors.ko.ner.weights import CrfWeights, load_weights, read_crfsuite
from extractors.ko.paths import NER_MODEL_DIR
from schema.cache import cache_dir

pytestmark = pytest.mark.models

MODEL = NER_MODEL_DIR / MODEL_FILE


def _same(a: CrfWeights, b: CrfWeights) -> None:
    assert a.labels == b.labels and a.attributes == b.attributes
    assert a.state.dtype == b.state.dtype and np.array_equal(a.state, b.state)
    assert np.array_equal(a.transitions, b.transitions)


@pytest.fixture(scope="module")
def reference() -> CrfWeights:
    return read_crfsuite(MODEL)


def test_the_cache_gives_crfsuite_weights(
    reference: CrfWeights, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    _same(load_weights(MODEL), reference)  # read from crfsuite, written
    (entry,) = (tmp_path / "cache").iterdir()
    _same(load_weights(MODEL), reference)  # read from the cache
    assert list((tmp_path / "cache").iterdir()) == [entry]
    entry.write_bytes(b"not an npz file")
    _same(load_weights(MODEL), reference)  # damaged: read from crfsuite again, rewritten
    _same(load_weights(MODEL), reference)


def test_an_unwritable_cache_is_no_error(
    reference: CrfWeights, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    _same(load_weights(MODEL), reference)
