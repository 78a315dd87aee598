"""The Re-DocRED measurement (scripts/eval_english.py) on a slice of the dev set: the
conversion to character offsets is exact and the extractor beats raw spaCy on the same
documents. The full figures are in docs/english-extraction.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import spacy

from extractors.en.extractor import EnglishExtractor

ROOT = Path(__file__).resolve().parents[3]


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_english", ROOT / "scripts" / "eval_english.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_english", module)
    spec.loader.exec_module(module)
    return module


def test_detokenize_offsets() -> None:
    ev = _eval_module()
    text, offsets = ev.detokenize(
        [["Samsung", "'s", "chief", "(", "Lee", ")", "said", '"', "no", '"', "."], ["Ok", "."]]
    )
    assert text == 'Samsung\'s chief (Lee) said "no". Ok.'
    assert [text[s:e] for s, e in offsets[0]][:6] == ["Samsung", "'s", "chief", "(", "Lee", ")"]
    assert text[offsets[1][0][0] : offsets[1][1][1]] == "Ok."


@pytest.mark.models
@pytest.mark.shared
def test_redocred_slice(shared_dir: Path, english: EnglishExtractor) -> None:
    ev = _eval_module()
    docs = ev.load_docs(shared_dir / "eval" / "redocred_dev.json", 40)
    for doc in docs:
        for (start, end), _ in doc["mentions"].items():
            assert doc["text"][start:end].strip() == doc["text"][start:end]
    texts = [d["text"] for d in docs]
    results = list(english.extract_many(texts))
    ours = ev.score_entities(docs, ev.ours_entities(results))
    raw_nlp = spacy.load(english.model_name)
    raw = [
        {(e.start_char, e.end_char, ev.RAW[e.label_]) for e in d.ents if e.label_ in ev.RAW}
        for d in raw_nlp.pipe(texts)
    ]
    base = ev.score_entities(docs, raw)
    assert ours["micro"]["f1"] > 1.1 * base["micro"]["f1"]
    assert ours["ORG"]["precision"] > base["ORG"]["precision"]
    relations = ev.score_relations(docs, results)
    assert set(relations) >= {"micro", "unscored_types"}


def test_reviewed_precision_counts_unreviewed_outputs_as_wrong() -> None:
    ev = _eval_module()
    verdicts = ev.load_reviews()
    assert verdicts and set(verdicts.values()) <= {"correct", "wrong"}
    known_right = next(k for k, v in verdicts.items() if v == "correct")
    known_wrong = next(k for k, v in verdicts.items() if v == "wrong")
    out = ev.review([known_right, known_wrong, ("No Such Title", "A", "WORKS_FOR", "B")], 1)
    assert out["precision"] == 0.5  # 1 gold match + 1 reviewed correct of 4
    assert out["reviewed_correct"] == 1 and out["reviewed_wrong"] == 1
    assert out["unreviewed"] == ["No Such Title\tA\tWORKS_FOR\tB"]
