"""A file over ``max_document_chars`` is ingested as parts with the real models and the real
NetworkX store: one document per part (``<source>#part-N``), re-ingesting is a no-op, a changed
file replaces its parts and drops the ones it no longer has, and a file that shrinks under the
limit (or grows over it) replaces the parts (or the whole document)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import IngestSummary, Pipeline
from kg.store.networkx import NetworkXGraphStore

pytestmark = pytest.mark.models

LIMIT = 1_000
STORY = "{c} Motors hired {p} Varga as chief executive in Busan. {c} Motors employs {k} people.\n\n"


def _text(stories: int, tag: str = "") -> str:
    names = ["Quill", "Brisa", "Corin", "Dalia", "Emrys", "Farah", "Galen", "Hester", "Ivo", "Junia"]
    return "".join(STORY.format(c=names[k % 10] + tag, p=names[(k + 3) % 10], k=100 + k) for k in range(stories))


def _ingest(settings: Settings, path: Path) -> tuple[IngestSummary, dict[str, str]]:
    """Ingest ``path``; the summary and the stored documents' source -> id."""
    store = NetworkXGraphStore(settings.data_dir)
    try:
        summary = Pipeline(settings, store).ingest_paths([path])
        docs = {d.source: d.id for d in store.list_documents(limit=1000)}
    finally:
        store.close()
    return summary, docs


def test_parts_idempotence_and_replacement(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_document_chars=LIMIT)
    path = tmp_path / "big.txt"
    source = str(path.resolve())
    path.write_text(_text(40), encoding="utf-8")  # about 3,500 characters: 4 parts

    summary, docs = _ingest(settings, path)
    n = len(docs)
    assert n >= 4 and summary.documents == n and summary.split == [(str(path), n)]
    assert set(docs) == {f"{source}#part-{k}" for k in range(1, n + 1)}
    assert summary.entities > 0 and summary.mentions > 0

    again, same = _ingest(settings, path)
    assert (again.documents, again.unchanged, same) == (0, n, docs)  # idempotent

    # the start changes and the file shrinks: part 1 is replaced, the parts past the end go
    path.write_text(_text(2, tag="x") + _text(20), encoding="utf-8")
    changed, now = _ingest(settings, path)
    m = len(now)
    assert 1 < m < n and set(now) == {f"{source}#part-{k}" for k in range(1, m + 1)}
    assert now[f"{source}#part-1"] != docs[f"{source}#part-1"]
    replaced = {r.replaced for r in changed.reports if r.replaced}
    assert docs[f"{source}#part-1"] in replaced

    # under the limit: one document under the plain source, no part left
    path.write_text(_text(3), encoding="utf-8")
    _, small = _ingest(settings, path)
    assert list(small) == [source]

    # over it again: the whole document goes, the parts come back
    path.write_text(_text(40), encoding="utf-8")
    _, big = _ingest(settings, path)
    assert big == docs
