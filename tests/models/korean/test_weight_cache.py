"""The sparse weights cache (extractors/ko/weight_cache.py) gives the weights the model file
gives, is written once and read after, and a damaged or unwritable cache falls back to the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.ko.paths import RELATION_MODEL_DIR, TYPER_DIR
from extractors.ko.weight_cache import load_sparse_weights, read_sparse_weights

pytestmark = pytest.mark.models


@pytest.mark.parametrize("model_file", [TYPER_DIR / "weights.json", RELATION_MODEL_DIR / "weights.json"])
def test_the_cache_gives_the_file_s_weights(model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    reference = read_sparse_weights(model_file)
    assert load_sparse_weights(model_file) == reference  # parsed, written
    (entry,) = (tmp_path / "cache").iterdir()
    fields, weights = load_sparse_weights(model_file)  # read from the cache
    assert (fields, weights) == reference and list(weights) == list(reference[1])
    assert all(type(w) is float for row in weights.values() for w in row)
    entry.write_bytes(b"not an npz file")
    assert load_sparse_weights(model_file) == reference  # damaged: parsed again, rewritten
    assert load_sparse_weights(model_file) == reference


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    model_file = TYPER_DIR.parent / "roles" / "weights.json"
    assert load_sparse_weights(model_file) == read_sparse_weights(model_file)
