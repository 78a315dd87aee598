"""Throughput of the English extractor against raw spaCy ``nlp.pipe`` on the same texts, in the
same run (run on demand; not a test).

Usage::

    nice -n 10 .venv/bin/python bench/bench_english.py [EVAL_DIR] [--docs N] [--rounds R] [--model NAME]

Texts are the Re-DocRED dev documents from EVAL_DIR (default ``../shared/eval``) or, when that
is absent, the English seed articles repeated. Each round times raw ``nlp.pipe`` (the model as
installed) and then ``EnglishExtractor.extract_many`` (the same model, its attribute ruler
matching by look-ups (``extractors/en/attribute_index.py``: the same annotations, faster), plus
the gazetteer ruler, the clean-up, document consistency, relation rules and pydantic output;
"nlp.pipe + gazetteer" below that raw ``nlp.pipe`` is the ruler's saving); the best round of each
and the median within-round ratio are reported, so a busy machine disturbs the comparison less;
the extractor's time is also split into spaCy (with the gazetteer pipe) and our Python, and
``from_doc`` is timed without and with the relation stage (``extractors/en/relations``) on the
same parsed docs, to give the time that stage adds to extraction, and once more with the
stage's token matcher reading the ``_`` extensions as it did before
``extractors/en/relations/marks.py`` (the same matches; the before/after of that change in one
run).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402


def load_texts(eval_dir: Path, limit: int) -> tuple[list[str], str]:
    path = eval_dir / "redocred_dev.json"
    if path.exists():
        sys.path.insert(0, str(ROOT / "scripts"))
        from eval_english import load_docs

        return [d["text"] for d in load_docs(path, limit)], f"Re-DocRED dev ({path})"
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("en-*.txt"))]
    texts = (seeds * (limit // max(len(seeds), 1) + 1))[:limit]
    return texts, "English seed articles, repeated"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="English extractor vs raw nlp.pipe")
    parser.add_argument("eval_dir", nargs="?", default=str(ROOT / ".." / "shared" / "eval"))
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=Settings().spacy_model)
    args = parser.parse_args(argv)

    import spacy

    from extractors.en.extractor import RULER_NAME, EnglishExtractor

    texts, source = load_texts(Path(args.eval_dir), args.docs)
    raw = spacy.load(args.model)
    extractor = EnglishExtractor(Settings(spacy_model=args.model))
    extractor.extract("warm up Samsung in Seoul.")  # loads the model and builds the ruler
    n_tokens = sum(len(doc) for doc in raw.pipe(texts))

    # Rounds alternate the systems and the ratio is taken within each round, so that load from
    # other processes on a shared machine shifts both sides of a ratio alike.
    raw_times: list[float] = []
    ours_times: list[float] = []
    ruler_times: list[float] = []
    post_times: list[float] = []
    gaz_times: list[float] = []
    # the relation stage (extractors/en/relations) toggled on the same parsed docs
    plain_times: list[float] = []
    staged_times: list[float] = []
    ext_times: list[float] = []  # from_doc with the extension token matcher
    stage = extractor.relation_stage
    key = id(extractor.nlp.vocab)
    extension_matcher = _ExtensionMatcher(extractor.nlp.vocab, [(r.rule, r.tokens) for r in stage.rows if r.tokens])
    plain_relations = 0
    mentions = relations = 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in raw.pipe(texts, batch_size=extractor.batch_size):
            pass
        raw_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        mentions = relations = 0
        for result in extractor.extract_many(texts):
            mentions += len(result.mentions)
            relations += len(result.relations)
        ours_times.append(time.perf_counter() - t0)
        # the same work split in two: spaCy with the gazetteer pipe, then our Python
        t0 = time.perf_counter()
        docs = list(extractor.nlp.pipe(texts, batch_size=extractor.batch_size))
        t1 = time.perf_counter()
        for doc in docs:
            extractor.from_doc(doc)
        ruler_times.append(t1 - t0)
        post_times.append(time.perf_counter() - t1)
        # from_doc without and with the relation stage, on the same parsed docs
        extractor.relation_patterns = False
        t0 = time.perf_counter()
        plain_relations = sum(len(extractor.from_doc(doc).relations) for doc in docs)
        plain_times.append(time.perf_counter() - t0)
        extractor.relation_patterns = True
        t0 = time.perf_counter()
        for doc in docs:
            extractor.from_doc(doc)
        staged_times.append(time.perf_counter() - t0)
        # the same, with the token matcher reading the `_` extensions (as before marks.py)
        native = stage._matchers[key]
        stage._matchers[key] = (extension_matcher, native[1])  # type: ignore[assignment]
        t0 = time.perf_counter()
        for doc in docs:
            extractor.from_doc(doc)
        ext_times.append(time.perf_counter() - t0)
        stage._matchers[key] = native
        # the gazetteer pipe alone, run again on the parsed docs
        gazetteer = extractor.nlp.get_pipe(RULER_NAME)
        t0 = time.perf_counter()
        for doc in docs:
            gazetteer(doc)
        gaz_times.append(time.perf_counter() - t0)

    ratios = sorted(o / r for o, r in zip(ours_times, raw_times, strict=True))
    post_ratios = sorted(p / r for p, r in zip(post_times, raw_times, strict=True))
    raw_best, ours_best = min(raw_times), min(ours_times)
    print(f"texts: {len(texts)} documents, {n_tokens} tokens, from {source}; model {args.model}")
    print(f"{'system':34} {'seconds':>8} {'docs/s':>8} {'tokens/s':>9}")
    rows = (
        ("raw nlp.pipe", raw_best),
        ("EnglishExtractor.extract_many", ours_best),
        ("  of which nlp.pipe + gazetteer", min(ruler_times)),
        ("  of which our Python (from_doc)", min(post_times)),
        ("  gazetteer pipe alone", min(gaz_times)),
    )
    for label, secs in rows:
        print(f"{label:34} {secs:8.2f} {len(texts) / secs:8.1f} {n_tokens / secs:9.0f}")
    median = ratios[len(ratios) // 2]
    print(f"added time, median of {args.rounds} within-round ratios: {100 * (median - 1):.1f}%")
    print(f"our Python alone, median ratio to raw nlp.pipe: {100 * post_ratios[len(post_ratios) // 2]:.1f}%")
    ours_alone = min(post_times) + min(gaz_times)
    print(f"our additions (gazetteer pipe + Python), best rounds: {100 * ours_alone / raw_best:.1f}% of raw nlp.pipe")
    print(f"output: {mentions} mentions, {relations} relations")
    # extraction time = nlp.pipe (with the gazetteer) + from_doc; the stage's share of it
    stage_ratios = sorted((r + s) / (r + p) for r, p, s in zip(ruler_times, plain_times, staged_times, strict=True))
    print(
        f"relation stage: from_doc {min(plain_times):.2f} s without, {min(staged_times):.2f} s with "
        f"({plain_relations} -> {relations} relations); extraction time added, median of "
        f"{args.rounds} within-round ratios: {100 * (stage_ratios[len(stage_ratios) // 2] - 1):.1f}%"
    )
    ext_ratios = sorted((r + e) / (r + s) for r, e, s in zip(ruler_times, ext_times, staged_times, strict=True))
    print(
        f"token matcher on the `_` extensions (before extractors/en/relations/marks.py): from_doc "
        f"{min(ext_times):.2f} s against {min(staged_times):.2f} s; extraction time with it, median of "
        f"{args.rounds} within-round ratios: +{100 * (ext_ratios[len(ext_ratios) // 2] - 1):.1f}%"
    )
    return 0


class _ExtensionMatcher:
    """The relation stage's token matcher as it was before ``marks.py``: spaCy's ``Matcher``
    reading the marks through the ``_`` extensions."""

    def __init__(self, vocab: Any, rules: list[tuple[str, list[list[dict[str, Any]]]]]) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab, validate=True)
        for rule, patterns in rules:
            self.matcher.add(rule, patterns, greedy="LONGEST")

    def __call__(self, doc: Any, key: str) -> list[tuple[int, int, int]]:
        return list(self.matcher(doc))


if __name__ == "__main__":
    raise SystemExit(main())
