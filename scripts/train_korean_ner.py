"""Train kg's Korean NER model (character-level CRF over Kiwi features) from ../shared/train.

Usage::

    nice -n 10 .venv/bin/python scripts/train_korean_ner.py [../shared/train] \
        [--out extractors/models/ko_ner] [--no-multiconer] [--iterations 150]

Reads klue_ner_train_part.tsv (KLUE-NER, CC BY-SA 4.0), multiconer_ko_train.conll (MultiCoNER,
CC BY 4.0) and klue_re_train.jsonl (KLUE-RE, CC BY-SA 4.0; its entity names become the
gazetteer feature). Writes model.crfsuite, gazetteer.tsv and meta.json into --out; the
LICENSE/ATTRIBUTION files there are kept as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ko_data import re_gazetteer, re_gold_spans, read_klue_ner, read_multiconer  # noqa: E402

from extractors.korean_ner import (  # noqa: E402
    FEATURE_SET,
    GAZETTEER_FILE,
    META_FILE,
    MODEL_FILE,
    Gazetteer,
    sentence_features,
    spans_to_bio,
)

VERSION = "2"
Span = tuple[int, int, str]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", nargs="?", default=str(ROOT / ".." / "shared" / "train"))
    parser.add_argument("--out", default=str(ROOT / "extractors" / "models" / "ko_ner"))
    parser.add_argument(
        "--multiconer",
        action="store_true",
        help="also train on MultiCoNER (off by default: it lowered KLUE news dev F1 from 0.72 to 0.62)",
    )
    parser.add_argument("--no-gazetteer", action="store_true")
    parser.add_argument(
        "--features",
        type=int,
        default=FEATURE_SET,
        help="feature set (1 morphemes, 2 + words, 3 + wider window: 0.726 vs 0.731 for 2)",
    )
    parser.add_argument("--news-only", action="store_true", help="drop KLUE-NER's movie-review sentences")
    parser.add_argument(
        "--only-ps-og-lc",
        dest="all_labels",
        action="store_false",
        help="learn PS/OG/LC only (default: also KLUE's DT/TI/QT, which the tagger never reports; +0.2 F1)",
    )
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument(
        "--re-pseudo",
        action="store_true",
        help="second stage: add KLUE-RE sentences tagged by the first model, with their gold spans forced",
    )
    parser.add_argument(
        "--re-sources",
        default="wikitree",
        help="KLUE-RE sources to pseudo-label, comma-separated ('' = all); wikitree is news like the eval",
    )
    parser.add_argument("--klue-repeat", type=int, default=1, help="weight KLUE-NER by repeating it")
    args = parser.parse_args(argv)

    from kiwipiepy import Kiwi

    train_dir = Path(args.train_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kiwi = Kiwi(num_workers=2)
    t0 = time.time()

    keep = frozenset({"PS", "OG", "LC", "DT", "TI", "QT"} if args.all_labels else {"PS", "OG", "LC"})
    data = list(read_klue_ner(train_dir / "klue_ner_train_part.tsv", keep, news_only=args.news_only))
    print(f"KLUE-NER: {len(data)} sentences", flush=True)
    data = data * max(1, args.klue_repeat)
    if args.multiconer:
        mc = list(read_multiconer(train_dir / "multiconer_ko_train.conll", kiwi))
        print(f"MultiCoNER: {len(mc)} sentences", flush=True)
        data += mc

    names = {} if args.no_gazetteer else re_gazetteer(train_dir / "klue_re_train.jsonl")
    gazetteer = Gazetteer(names)
    print(f"gazetteer: {len(names)} names", flush=True)

    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
    }
    _train(kiwi, data, gazetteer, params, out / MODEL_FILE, args.features)
    print(f"stage 1 trained at {time.time() - t0:.0f}s", flush=True)
    n_pseudo = 0
    if args.re_pseudo:
        sources = frozenset(args.re_sources.split(",")) if args.re_sources else None
        gold = re_gold_spans(train_dir / "klue_re_train.jsonl", sources)
        pseudo = _pseudo_label(kiwi, gold, gazetteer, out / MODEL_FILE, args.features)
        n_pseudo = len(pseudo)
        print(f"KLUE-RE pseudo-labelled: {n_pseudo} sentences", flush=True)
        # the gazetteer comes from these very sentences, so it would look perfectly reliable on
        # them: train stage 2 with the gazetteer feature hidden on the pseudo-labelled part
        _train(kiwi, data, gazetteer, params, out / MODEL_FILE, args.features, extra=pseudo)
        print(f"stage 2 trained at {time.time() - t0:.0f}s", flush=True)
    with (out / GAZETTEER_FILE).open("w", encoding="utf-8") as fh:
        fh.write("# entity names from KLUE-RE v1.1 train (CC BY-SA 4.0), majority type\n")
        for name in sorted(names):
            fh.write(f"{name}\t{names[name]}\n")
    meta = {
        "version": VERSION,
        "features": args.features,
        "news_only": args.news_only,
        "kind": "python-crfsuite character BIO (PS/OG/LC) over Kiwi morpheme features",
        "sentences": len(data),
        "multiconer": args.multiconer,
        "all_labels": args.all_labels,
        "klue_repeat": args.klue_repeat,
        "c1": args.c1,
        "c2": args.c2,
        "iterations": args.iterations,
        "gazetteer_names": len(names),
        "re_pseudo_sentences": n_pseudo,
        "re_sources": args.re_sources if args.re_pseudo else "",
        "train_seconds": round(time.time() - t0),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False), flush=True)
    return 0


def _train(
    kiwi: Any,
    data: list[tuple[str, list[Span]]],
    gazetteer: Gazetteer,
    params: dict[str, Any],
    model_path: Path,
    feature_set: int,
    extra: list[tuple[str, list[Span]]] | None = None,
) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for (text, spans), tokens in zip(data, kiwi.tokenize([t for t, _ in data]), strict=True):
        trainer.append(sentence_features(text, tokens, gazetteer, feature_set), spans_to_bio(len(text), spans))
    if extra:
        for (text, spans), tokens in zip(extra, kiwi.tokenize([t for t, _ in extra]), strict=True):
            trainer.append(sentence_features(text, tokens, None, feature_set), spans_to_bio(len(text), spans))
    trainer.set_params(params)
    trainer.train(str(model_path))


def _pseudo_label(
    kiwi: Any, gold: dict[str, set[Span]], gazetteer: Gazetteer, model_path: Path, feature_set: int
) -> list[tuple[str, list[Span]]]:
    """Tag KLUE-RE sentences with the stage-1 model; gold subject/object spans replace any
    predicted span they overlap."""
    import pycrfsuite

    from extractors.korean_ner import bio_to_spans

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    texts = list(gold)
    out: list[tuple[str, list[Span]]] = []
    for text, tokens in zip(texts, kiwi.tokenize(texts), strict=True):
        tagger.set(sentence_features(text, tokens, gazetteer, feature_set))
        predicted = bio_to_spans(tagger.tag(), text)
        forced = sorted(gold[text])
        spans = [s for s in predicted if not any(s[0] < g[1] and g[0] < s[1] for g in forced)]
        # overlapping gold spans (nested entities) keep the first
        kept: list[Span] = []
        for g in forced:
            if not any(g[0] < k[1] and k[0] < g[1] for k in kept):
                kept.append(g)
        out.append((text, sorted(spans + kept)))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
