"""The fast paths give the reference results: the compiled decoder agrees with crfsuite's own
tagger on the same features, and streaming many texts through one Kiwi call gives what one
call per text gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.ner import LABELS, CrfNerTagger, bio_to_spans
from extractors.ko.spans import Tok

pytestmark = pytest.mark.models

SEED = Path(__file__).resolve().parents[4] / "seeds" / "ko-11st-amazon-global-store-2021.txt"
EXTRA = [
    "박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.",
    "(서울=뉴스1) 홍길동 기자 = 공정거래위원회는 한국은행과 기획재정부에 의견을 전달했다.",
    "ＳＫ㈜와 𠀀 LG전자 2021년 3분기 매출 1조원",  # full-width letters, a character outside the BMP
    "a",
]


def _sentences(korean: KoreanExtractor) -> list[tuple[str, list[Tok]]]:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()] + EXTRA
    out = []
    for line in lines:
        for sent in korean.kiwi.split_into_sents(line, return_tokens=True):
            toks = [Tok(t.form, t.tag, t.start - sent.start, t.len) for t in sent.tokens or []]
            out.append((line[sent.start : sent.end], toks))
    return out


def test_numpy_decoder_matches_crfsuite(korean: KoreanExtractor) -> None:
    tagger = korean.tagger
    sentences = _sentences(korean)
    _assert_matches_crfsuite(tagger, sentences, min_spans=20)


def _assert_matches_crfsuite(tagger: CrfNerTagger, sentences: list[Any], min_spans: int) -> None:
    """The numpy tagger's spans are crfsuite's tags, and its confidences crfsuite's marginals."""
    fast = tagger.tag_many(sentences)
    crf = tagger._crf
    assert sum(len(spans) for spans in fast) > min_spans
    for (text, tokens), got in zip(sentences, fast, strict=True):
        crf.set(tagger.crfsuite_features(text, tokens))
        tags = crf.tag()
        want = [(s, e, lab) for s, e, lab in bio_to_spans(tags, text) if lab in LABELS]
        assert [(s, e, lab) for s, e, lab, _ in got] == want, text
        for s, _, _, prob in got:
            # the weights come from crfsuite's text dump (6 decimals): marginals agree closely
            assert prob == pytest.approx(crf.marginal(tags[s], s), abs=1e-4)


def test_streamed_batches_match_single_calls(korean: KoreanExtractor) -> None:
    seed = SEED.read_text(encoding="utf-8")
    texts = ["", "\n \n", *EXTRA] * 12 + [seed]  # more texts than one batch, empty ones among them
    streamed = list(korean.extract_many(texts))
    assert len(streamed) == len(texts)
    for text, got in zip(texts[:6] + texts[-3:], streamed[:6] + streamed[-3:], strict=True):
        assert got == korean.extract(text)
    assert streamed[-1].relations  # the seed article's relations survive batching


@pytest.mark.parametrize(
    ("feature_set", "scheme", "domain"),
    [(4, "bioes", "K|"), (4, "bio", ""), (2, "bioes", "")],
)
def test_numpy_decoder_matches_crfsuite_for_model_variants(
    korean: KoreanExtractor, tmp_path: Path, feature_set: int, scheme: str, domain: str
) -> None:
    """The training options the shipped model may not use (morpheme clusters, BIOES tags,
    domain-augmented attributes): a small model trained here on the shipped model's own
    output decodes the same in numpy as in crfsuite."""
    import json

    import pycrfsuite

    from extractors.ko.ner import domain_features, sentence_features, spans_to_bio

    sentences = _sentences(korean)
    labelled = korean.tagger.tag_many(sentences)
    forms = sorted({t.form for _, toks in sentences for t in toks})
    clusters = {f: (str(i % 3), str(i % 7), str(i % 11)) for i, f in enumerate(forms) if i % 5}
    (tmp_path / "clusters.tsv").write_text(
        "".join(f"{f}\t" + "\t".join(q) + "\n" for f, q in clusters.items()), encoding="utf-8"
    )
    gaz = korean.tagger.gazetteer
    trainer = pycrfsuite.Trainer(verbose=False)
    for (text, tokens), spans in zip(sentences, labelled, strict=True):
        feats = sentence_features(text, tokens, gaz, feature_set, clusters)
        tags = spans_to_bio(len(text), [(s, e, lab) for s, e, lab, _ in spans], scheme)
        if domain:
            trainer.append(domain_features(feats, domain), tags)
            trainer.append(domain_features(feats, "M|"), ["O"] * len(text))  # the other corpus
        else:
            trainer.append(feats, tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "model.crfsuite"))
    (tmp_path / "gazetteer.tsv").write_text("".join(f"{n}\t{lab}\n" for n, lab in gaz.names.items()), encoding="utf-8")
    meta = {"version": "test", "features": feature_set, "domain_prefix": domain}
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    tagger = CrfNerTagger(tmp_path)
    assert tagger.clusters == clusters
    _assert_matches_crfsuite(tagger, sentences, min_spans=10)
