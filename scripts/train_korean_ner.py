"""Train kg's Korean NER model (character-level CRF over Kiwi features) from ../shared/train.

Usage::

    nice -n 10 .venv/bin/python scripts/train_korean_ner.py [../shared/train] \
        [--out extractors/ko/models/ner] [--iterations 150] [--c1 0.01]

Reads klue_ner_train_part.tsv (KLUE-NER, CC BY-SA 4.0; the training sentences, and their own
entity names for the gazetteer feature, jackknifed) and klue_re_train.jsonl (KLUE-RE, CC BY-SA
4.0; its entity names are the rest of the gazetteer); multiconer_ko_train.conll (MultiCoNER,
CC BY 4.0) and the morpheme clusters only with the experiment options. Writes model.crfsuite,
gazetteer.tsv and meta.json (and clusters.tsv for feature set 4) into --out; the
LICENSE/ATTRIBUTION files there are kept as they are. The defaults reproduce the shipped model.
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

from ko_data import build_gazetteer, re_gazetteer, re_gold_spans, read_klue_ner, read_multiconer  # noqa: E402

from extractors.ko.ner import (  # noqa: E402
    CLUSTERS_FILE,
    FEATURE_SET,
    GAZETTEER_FILE,
    META_FILE,
    MODEL_FILE,
    Gazetteer,
    domain_features,
    load_clusters,
    sentence_features,
    spans_to_bio,
)
from extractors.ko.paths import NER_MODEL_DIR  # noqa: E402

VERSION = "3"
_FOLDS = 5
_KLUE_DOMAIN = "K|"  # the prefix of KLUE-only attribute copies in a domain-augmented model
_GAZETTEER_NOTES = {
    "re": "entity names from KLUE-RE v1.1 train (CC BY-SA 4.0), majority type",
    "all": (
        "entity names from KLUE-RE v1.1 train (CC BY-SA 4.0) and MultiCoNER v1 Korean train (CC BY 4.0), "
        "Korean territory names from Unicode CLDR (via Babel), Korean names in schema/aliases/data; majority type"
    ),
    "ner": "; names tagged in KLUE-NER v1.1 train (CC BY-SA 4.0) labelled k + majority type",
}
_CLUSTERS_NOTE = (
    "Kiwi morpheme clusters (k-means at 64/256/1024 over PPMI+SVD neighbour vectors) of the sentences "
    "of KLUE-NER/KLUE-RE train (CC BY-SA 4.0) and MultiCoNER train (CC BY 4.0); scripts/ko_clusters.py"
)
Span = tuple[int, int, str]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", nargs="?", default=str(ROOT / ".." / "shared" / "train"))
    parser.add_argument("--out", default=str(NER_MODEL_DIR))
    parser.add_argument(
        "--multiconer",
        action="store_true",
        help="also train on MultiCoNER (off by default: it lowered KLUE news dev F1 from 0.72 to 0.62)",
    )
    parser.add_argument("--no-gazetteer", action="store_true")
    parser.add_argument(
        "--gazetteer",
        choices=("re", "all"),
        default="re",
        help="re: KLUE-RE names only; all: + MultiCoNER entities, CLDR countries, schema/aliases/data names",
    )
    parser.add_argument(
        "--no-ner-gazetteer",
        dest="ner_gazetteer",
        action="store_false",
        help="leave KLUE-NER train's own entity names (jackknifed in training) out of the gazetteer",
    )
    parser.add_argument(
        "--gaz-ambiguous",
        type=float,
        default=0.0,
        help="label a gazetteer name with two types when the second has at least this share",
    )
    parser.add_argument(
        "--features",
        type=int,
        default=FEATURE_SET,
        help="feature set (1 morphemes, 2 + words, 3 + wider window, 4 = 2 + morpheme clusters)",
    )
    parser.add_argument("--news-only", action="store_true", help="drop KLUE-NER's movie-review sentences")
    parser.add_argument(
        "--only-ps-og-lc",
        dest="all_labels",
        action="store_false",
        help="learn PS/OG/LC only (default: also KLUE's DT/TI/QT, which the tagger never reports; +0.2 F1)",
    )
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.01)
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
    parser.add_argument(
        "--scheme", choices=("bio", "bioes"), default="bio", help="character tags: BIO, or BIOES (E-/S- too)"
    )
    parser.add_argument(
        "--adapt",
        action="store_true",
        help="add MultiCoNER sentences with domain-augmented features (shared + per-corpus copies)",
    )
    parser.add_argument("--adapt-limit", type=int, default=5000, help="MultiCoNER sentences for --adapt (0 = all)")
    parser.add_argument(
        "--clusters-from",
        default=None,
        help="reuse this clusters.tsv instead of building one (feature set 4; building takes ~2 min)",
    )
    args = parser.parse_args(argv)
    if (args.adapt or args.scheme != "bio") and args.re_pseudo:
        parser.error("--adapt and --re-pseudo do not combine (the first stage would be tagged without its domain)")

    from kiwipiepy import Kiwi

    train_dir = Path(args.train_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kiwi = Kiwi(num_workers=2)
    t0 = time.time()

    keep = frozenset({"PS", "OG", "LC", "DT", "TI", "QT"} if args.all_labels else {"PS", "OG", "LC"})
    data = list(read_klue_ner(train_dir / "klue_ner_train_part.tsv", keep, news_only=args.news_only))
    print(f"KLUE-NER: {len(data)} sentences", flush=True)
    n_base = len(data)
    data = data * max(1, args.klue_repeat)
    if args.multiconer:
        mc = list(read_multiconer(train_dir / "multiconer_ko_train.conll", kiwi))
        print(f"MultiCoNER: {len(mc)} sentences", flush=True)
        data += mc

    if args.no_gazetteer:
        names: dict[str, str] = {}
    elif args.gazetteer == "re":
        names = re_gazetteer(train_dir / "klue_re_train.jsonl")
    else:
        names = build_gazetteer(train_dir, ROOT / "kg" / "aliases" / "data", kiwi, args.gaz_ambiguous)
    folds: list[Gazetteer] = []
    if args.ner_gazetteer and not args.no_gazetteer:
        # names KLUE-NER train itself tags, labelled "k" + type; training sentences see only
        # the names of the other folds (jackknife), so the feature is as reliable in training
        # as on unseen text, and the shipped gazetteer has them all
        fold_names = _ner_names(data[:n_base], _FOLDS)
        folds = [Gazetteer({**names, **fold}) for fold in fold_names[:-1]]
        names = {**names, **fold_names[-1]}
    gazetteer = Gazetteer(names)
    print(f"gazetteer: {len(names)} names", flush=True)

    clusters: dict[str, tuple[str, ...]] = {}
    if args.features == 4:
        if args.clusters_from:
            clusters = load_clusters(Path(args.clusters_from))
        else:
            from ko_clusters import DEFAULT_SIZES, build_clusters, training_texts, write_clusters

            texts = training_texts(train_dir)
            built = build_clusters([t.form for t in toks] for toks in kiwi.tokenize(texts))
            tmp = out / (CLUSTERS_FILE + ".tmp")
            write_clusters(tmp, built, DEFAULT_SIZES, _CLUSTERS_NOTE)
            clusters = load_clusters(tmp)
            tmp.unlink()
        print(f"clusters: {len(clusters)} morphemes at {time.time() - t0:.0f}s", flush=True)

    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
    }
    adapt: list[tuple[str, list[Span]]] = []
    if args.adapt:
        mc = list(read_multiconer(train_dir / "multiconer_ko_train.conll", kiwi))
        step = max(1, len(mc) // args.adapt_limit) if args.adapt_limit else 1
        adapt = mc[::step][: args.adapt_limit or None]
        print(f"MultiCoNER (domain-augmented): {len(adapt)} sentences", flush=True)
    _train(
        kiwi,
        data,
        gazetteer,
        params,
        out / MODEL_FILE,
        args.features,
        clusters=clusters,
        adapt=adapt,
        scheme=args.scheme,
        folds=folds,
        n_base=n_base,
    )
    print(f"stage 1 trained at {time.time() - t0:.0f}s", flush=True)
    n_pseudo = 0
    if args.re_pseudo:
        sources = frozenset(args.re_sources.split(",")) if args.re_sources else None
        gold = re_gold_spans(train_dir / "klue_re_train.jsonl", sources)
        pseudo = _pseudo_label(kiwi, gold, gazetteer, out / MODEL_FILE, args.features, clusters)
        n_pseudo = len(pseudo)
        print(f"KLUE-RE pseudo-labelled: {n_pseudo} sentences", flush=True)
        # the gazetteer comes from these very sentences, so it would look perfectly reliable on
        # them: train stage 2 with the gazetteer feature hidden on the pseudo-labelled part
        _train(kiwi, data, gazetteer, params, out / MODEL_FILE, args.features, extra=pseudo, clusters=clusters)
        print(f"stage 2 trained at {time.time() - t0:.0f}s", flush=True)
    with (out / GAZETTEER_FILE).open("w", encoding="utf-8") as fh:
        note = _GAZETTEER_NOTES[args.gazetteer] + (_GAZETTEER_NOTES["ner"] if folds else "")
        fh.write(f"# {note}\n")
        for name in sorted(names):
            fh.write(f"{name}\t{names[name]}\n")
    if clusters:
        with (out / CLUSTERS_FILE).open("w", encoding="utf-8") as fh:
            fh.write(f"# {_CLUSTERS_NOTE}\n")
            for form in sorted(clusters):
                fh.write(form + "\t" + "\t".join(clusters[form]) + "\n")
    elif (out / CLUSTERS_FILE).exists():
        (out / CLUSTERS_FILE).unlink()
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
        "scheme": args.scheme,
        "domain_prefix": _KLUE_DOMAIN if args.adapt else "",
        "adapt_sentences": len(adapt),
        "gazetteer": "none" if args.no_gazetteer else args.gazetteer,
        "gaz_ambiguous": args.gaz_ambiguous,
        "ner_gazetteer": bool(folds),
        "gazetteer_names": len(names),
        "cluster_morphemes": len(clusters),
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
    clusters: dict[str, tuple[str, ...]] | None = None,
    adapt: list[tuple[str, list[Span]]] | None = None,
    scheme: str = "bio",
    folds: list[Gazetteer] | None = None,
    n_base: int = 1,
) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for i, ((text, spans), tokens) in enumerate(zip(data, kiwi.tokenize([t for t, _ in data]), strict=True)):
        gaz = folds[(i % n_base) % len(folds)] if folds else gazetteer
        feats = sentence_features(text, tokens, gaz, feature_set, clusters)
        if adapt:
            feats = domain_features(feats, _KLUE_DOMAIN)
        trainer.append(feats, spans_to_bio(len(text), spans, scheme))
    if adapt:
        for (text, spans), tokens in zip(adapt, kiwi.tokenize([t for t, _ in adapt]), strict=True):
            feats = domain_features(sentence_features(text, tokens, gazetteer, feature_set, clusters), "M|")
            trainer.append(feats, spans_to_bio(len(text), spans, scheme))
    if extra:
        for (text, spans), tokens in zip(extra, kiwi.tokenize([t for t, _ in extra]), strict=True):
            feats = sentence_features(text, tokens, None, feature_set, clusters)
            trainer.append(feats, spans_to_bio(len(text), spans, scheme))
    trainer.set_params(params)
    trainer.train(str(model_path))


def _ner_names(data: list[tuple[str, list[Span]]], n_folds: int) -> list[dict[str, str]]:
    """Entity names of ``data`` (PS/OG/LC, two characters or more) with "k" + majority type:
    for each fold (sentence index modulo ``n_folds``) the names of the other folds, then all."""
    from collections import Counter

    counts: list[dict[str, Counter[str]]] = [{} for _ in range(n_folds)]
    for i, (text, spans) in enumerate(data):
        for s, e, label in spans:
            name = text[s:e]
            if label in ("PS", "OG", "LC") and len(name) >= 2 and "\t" not in name:
                counts[i % n_folds].setdefault(name, Counter())[label] += 1

    def majority(skip: int) -> dict[str, str]:
        total: dict[str, Counter[str]] = {}
        for f, fold in enumerate(counts):
            if f != skip:
                for name, c in fold.items():
                    total.setdefault(name, Counter()).update(c)
        return {name: "k" + c.most_common(1)[0][0] for name, c in total.items()}

    return [majority(f) for f in range(n_folds)] + [majority(-1)]


def _pseudo_label(
    kiwi: Any,
    gold: dict[str, set[Span]],
    gazetteer: Gazetteer,
    model_path: Path,
    feature_set: int,
    clusters: dict[str, tuple[str, ...]] | None = None,
) -> list[tuple[str, list[Span]]]:
    """Tag KLUE-RE sentences with the stage-1 model; gold subject/object spans replace any
    predicted span they overlap."""
    import pycrfsuite

    from extractors.ko.ner import bio_to_spans

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    texts = list(gold)
    out: list[tuple[str, list[Span]]] = []
    for text, tokens in zip(texts, kiwi.tokenize(texts), strict=True):
        tagger.set(sentence_features(text, tokens, gazetteer, feature_set, clusters))
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
