"""Train the Korean span typer (``extractors/ko/span_typer.py``) on KLUE-NER training sentences.

Usage::

    .venv/bin/python scripts/train_korean_types.py ../shared/train [--out extractors/ko/models/types]
        [--eval ../shared/eval] [--epochs 15] [--l2 1e-4]

Every gold PS/OG/LC span of ``klue_ner_train_part.tsv`` (CC BY-SA 4.0) is one example; its
features come from the span and Kiwi's morphemes around it. Multinomial logistic regression,
AdaGrad, L2; weights under 0.01 are dropped. With ``--eval``, the typer's accuracy on the gold
spans of ``klue_ner_news_dev.tsv`` is printed (it never trains on them).

With ``--countries`` it trains the country-role model instead (``extractors/ko/models/roles``):
only spans that are a country's Korean name, OG (the country acting: its government, team or
people) or LC (the place), from KLUE-NER and KLUE-RE train; the extractor keeps a country a
Place and gives the mention the role Organization when this model says OG::

    .venv/bin/python scripts/train_korean_types.py ../shared/train --countries --eval ../shared/eval
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ko_data import read_klue_ner  # noqa: E402

from extractors.ko.paths import TYPER_DIR  # noqa: E402
from extractors.ko.span_typer import LABELS, MODEL_FILE, SpanTyper, span_features  # noqa: E402


def examples(path: Path, kiwi: object, names: set[str] | None = None) -> list[tuple[list[str], int]]:
    """Every gold span (only those named in ``names`` and tagged OG/LC, if given)."""
    data = list(read_klue_ner(path))
    texts = [t for t, _ in data]
    out = []
    for (text, spans), tokens in zip(data, kiwi.tokenize(texts), strict=True):  # type: ignore[attr-defined]
        for s, e, label in spans:
            if names is not None and (text[s:e] not in names or label == "PS"):
                continue
            out.append((span_features(text, tokens, s, e), LABELS.index(label)))
    return out


def re_examples(
    path: Path, kiwi: object, sources: set[str] | None = None, names: set[str] | None = None
) -> list[tuple[list[str], int]]:
    """Typed subject and object spans of KLUE-RE sentences (PER/ORG/LOC; ``end_idx`` is
    inclusive): further examples for a classifier that types a given span."""
    from ko_data import read_klue_re

    rows = [r for r in read_klue_re(path) if sources is None or r.get("source") in sources]
    texts = [r["sentence"] for r in rows]
    out = []
    for row, tokens in zip(rows, kiwi.tokenize(texts), strict=True):  # type: ignore[attr-defined]
        for key in ("subject_entity", "object_entity"):
            ent = row[key]
            label = _RE_TYPES.get(ent["type"])
            s, e = ent["start_idx"], ent["end_idx"] + 1
            if label is None or row["sentence"][s:e] != ent["word"]:
                continue
            if names is not None and (ent["word"] not in names or label == "PS"):
                continue
            out.append((span_features(row["sentence"], tokens, s, e), LABELS.index(label)))
    return out


_RE_TYPES = {"PER": "PS", "ORG": "OG", "LOC": "LC"}


def train(
    data: list[tuple[list[str], int]], epochs: int, l2: float, lr: float, seed: int = 0
) -> dict[str, list[float]]:
    n = len(LABELS)
    w: dict[str, list[float]] = {}
    g2: dict[str, list[float]] = {}
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            feats, y = data[i]
            scores = [0.0] * n
            for f in feats:
                wf = w.get(f)
                if wf is not None:
                    for k in range(n):
                        scores[k] += wf[k]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            probs = [x / z for x in exps]
            loss -= math.log(max(probs[y], 1e-12))
            for f in feats:
                wf = w.setdefault(f, [0.0] * n)
                gf = g2.setdefault(f, [1e-8] * n)
                for k in range(n):
                    grad = probs[k] - (1.0 if k == y else 0.0) + l2 * wf[k]
                    gf[k] += grad * grad
                    wf[k] -= lr * grad / math.sqrt(gf[k])
        print(f"epoch {epoch + 1}: loss {loss / len(data):.4f}", file=sys.stderr)
    return {f: [round(x, 4) for x in v] for f, v in w.items() if max(abs(x) for x in v) >= 0.01}


def accuracy(typer: SpanTyper, data: list[tuple[list[str], int]]) -> float:
    right = 0
    for feats, y in data:
        probs = typer.probabilities(feats)
        right += max(range(len(LABELS)), key=lambda k: probs[k]) == y
    return right / len(data) if data else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--out", type=Path, default=TYPER_DIR)
    parser.add_argument("--eval", type=Path, default=None, help="eval dir with klue_ner_news_dev.tsv")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--l2", type=float, default=None, help="default 1e-4 (1e-3 with --countries)")
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--klue-re", action="store_true", help="also train on KLUE-RE's typed entity spans")
    parser.add_argument("--re-sources", default="", help="only these KLUE-RE sources (e.g. wikitree)")
    parser.add_argument(
        "--countries",
        action="store_true",
        help="train the country-role model (country spans only, KLUE-NER + KLUE-RE) into ko_roles",
    )
    args = parser.parse_args(argv)
    if args.l2 is None:
        args.l2 = 1e-3 if args.countries else 1e-4
    names: set[str] | None = None
    if args.countries:
        from extractors.ko.lexicon import Lexicons
        from extractors.ko.paths import LEXICON_DIR, ROLES_DIR

        names = set(Lexicons(LEXICON_DIR).countries)
        args.klue_re = True
        if args.out == parser.get_default("out"):
            args.out = ROLES_DIR

    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=2)
    t0 = time.perf_counter()
    data = examples(args.train_dir / "klue_ner_train_part.tsv", kiwi, names)
    if args.klue_re:
        sources = set(args.re_sources.split(",")) if args.re_sources else None
        extra = re_examples(args.train_dir / "klue_re_train.jsonl", kiwi, sources, names)
        print(f"{len(extra)} KLUE-RE spans", file=sys.stderr)
        data += extra
    print(f"{len(data)} training spans {dict(Counter(LABELS[y] for _, y in data))}", file=sys.stderr)
    weights = train(data, args.epochs, args.l2, args.lr)
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "trained_on": "KLUE-NER v1.1 train part"
        + (" + KLUE-RE v1.1 train entity spans" if args.klue_re else "")
        + " (CC BY-SA 4.0; see ATTRIBUTION.md)"
        + (": country spans only (OG or LC)" if names is not None else ""),
        "examples": len(data),
        "epochs": args.epochs,
        "l2": args.l2,
        "lr": args.lr,
        "features": len(weights),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (args.out / MODEL_FILE).write_text(
        json.dumps({"labels": list(LABELS), "meta": meta, "weights": weights}, ensure_ascii=False, sort_keys=True),
        encoding="utf-8",
    )
    typer = SpanTyper(weights)
    print(f"train accuracy {accuracy(typer, data):.3f}; {len(weights)} features", file=sys.stderr)
    if args.eval is not None:
        dev = examples(args.eval / "klue_ner_news_dev.tsv", kiwi, names)
        print(f"dev gold-span accuracy {accuracy(typer, dev):.3f} on {len(dev)} spans", file=sys.stderr)
        if names is not None:
            og = LABELS.index("OG")
            for th in (0.5, 0.6, 0.7, 0.8):
                said = [y for f, y in dev if typer.probabilities(f)[og] >= th]
                right = sum(1 for y in said if y == og)
                print(f"  OG at p >= {th}: {right} right, {len(said) - right} wrong", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
