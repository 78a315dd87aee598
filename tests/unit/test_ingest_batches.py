"""``kg ingest --workers 1`` extracts documents in batches (``kg.pipeline._batches``): at most so
many documents, cut early at so many characters; outcomes known without extraction (errors,
documents stored already) ride along at no cost, and nothing is lost or reordered."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import source_from_text
from kg.pipeline import _batches
from schema.errors import InputError


def _docs(sizes: list[int]) -> list[tuple[Path, object]]:
    out: list[tuple[Path, object]] = []
    for i, size in enumerate(sizes):
        outcome = InputError("unreadable") if size < 0 else source_from_text("x" * size, source=f"d{i}")
        out.append((Path(f"d{i}.txt"), outcome))
    return out


def test_batches_cut_at_the_document_count() -> None:
    docs = _docs([10] * 7)
    batches = list(_batches(iter(docs), max_docs=3, max_chars=1_000))  # type: ignore[arg-type]
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [item for b in batches for item in b] == docs


def test_batches_cut_early_at_the_character_count() -> None:
    docs = _docs([40, 70, 10, 100, 5])
    batches = list(_batches(iter(docs), max_docs=64, max_chars=100))  # type: ignore[arg-type]
    # 40 + 70 reaches 100: cut; 10 + 100: cut; 5 alone at the end
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [item for b in batches for item in b] == docs


def test_outcomes_without_text_count_no_characters() -> None:
    docs = _docs([-1, -1, 60, -1, 60])
    batches = list(_batches(iter(docs), max_docs=64, max_chars=100))  # type: ignore[arg-type]
    assert [len(b) for b in batches] == [5]
    assert list(_batches(iter([]), max_docs=4, max_chars=10)) == []
