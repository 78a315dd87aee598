"""Relation precision and recall by confidence, type and rule, through ``kg extract --jsonl``.

Usage::

    .venv/bin/python scripts/eval_relations.py ../shared/eval [--sets news,kobiz,klue,redocred]
        [--calibration-out kg/data/relation_calibration.tsv] [--json OUT]

Runs ``kg extract --jsonl`` once per data set with ``KG_RELATION_MIN_CONFIDENCE=0`` (every
relation, whatever its confidence) and labels each predicted relation right or wrong with the
matching rules of the third-party scorers in ``EVAL_DIR/kit`` (imported from there, so this
script and ``newsrel.py``/``relkit.py`` count alike):

- ``news`` (``news_relations_dev.jsonl``, both sides) and ``kobiz``
  (``ko_business_relations_dev.jsonl``): both ends overlap the gold entities, gold direction,
  same kind;
- ``klue`` (``klue_re_dev_half.json``): only relations between the given subject and object
  count; other pairs of the sentence are unlabelled and left out;
- for ``klue`` and ``redocred`` a HEADQUARTERED_IN counts as a location (``_kind``: relkit.py
  itself reads it as a role by a keyword accident, so its own figures differ there);
- ``redocred`` (first 200 documents of ``redocred_dev.json``): a fact the gold states under any
  accepted property is right; recall over the business properties.

It prints, per data set and language, precision and recall at each confidence threshold (the
trade-off table of ``docs/relations.md``), then per type and per rule at the default threshold,
and the calibration table: precision by confidence bucket over all labelled relations.

``--calibration-out`` writes, per (language, rule), how many labelled relations the rule gave,
how many were right and the calibrated confidence ``(right + K * mean raw) / (n + K)`` (K = 4:
a rule seen a few times keeps most of its own confidence). ``kg.calibration`` reads that file.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
PRIOR = 4.0  # pseudo-count of the calibration's smoothing towards the rule's own confidence


@dataclass
class Labelled:
    """One predicted relation with its verdict."""

    lang: str
    type: str
    rule: str
    confidence: float
    right: bool
    item: str = ""


@dataclass
class Result:
    """Labelled predictions and, per gold fact, the best confidence of a right prediction (or
    -1 when none found it): recall at threshold t counts the facts whose best is >= t."""

    name: str
    lang: str
    predictions: list[Labelled] = field(default_factory=list)
    gold_best: list[float] = field(default_factory=list)
    gold_types: list[str] = field(default_factory=list)

    def at(self, t: float) -> tuple[float, float, int, int, int]:
        kept = [p for p in self.predictions if p.confidence >= t]
        right = sum(p.right for p in kept)
        found = sum(b >= t for b in self.gold_best)
        precision = right / len(kept) if kept else 0.0
        recall = found / len(self.gold_best) if self.gold_best else 0.0
        return precision, recall, len(kept), right, found


def _kind(relkit: Any, rtype: str) -> str | None:
    """relkit's kind of a relation type, but HEADQUARTERED_IN is a location: relkit finds kinds by
    keyword and tries the role words first, so "HEAD" makes every HEADQUARTERED_IN a role, wrong
    whatever it says (its figures printed by relkit.py keep that; calibration must not learn it)."""
    if rtype == "HEADQUARTERED_IN":
        return "located"
    kind: str | None = relkit.kind_of(rtype)
    return kind


def _predict(cmd: list[str], docs: list[dict[str, Any]], kit: Any) -> dict[str, dict[str, Any]]:
    os.environ["KG_RELATION_MIN_CONFIDENCE"] = "0"
    preds: dict[str, dict[str, Any]] = kit.run_predictor(cmd, docs)
    return preds


def _relations(pred: dict[str, Any]) -> Iterable[tuple[tuple[int, int], tuple[int, int], dict[str, Any]]]:
    ents = pred.get("entities", [])
    for rel in pred.get("relations", []):
        s, t = ents[int(rel["source"])], ents[int(rel["target"])]
        yield (int(s["start"]), int(s["end"])), (int(t["start"]), int(t["end"])), rel


def news(path: Path, cmd: list[str], kits: dict[str, Any]) -> list[Result]:
    newsrel = kits["newsrel"]
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    docs = [
        {"id": f"{r['id']}|{lang}", "text": r[lang], "lang": lang} for r in rows for lang in ("en", "ko") if r.get(lang)
    ]
    preds = _predict(cmd, docs, kits["evalkit"])
    out = []
    for lang in ("en", "ko"):
        res = Result(path.stem, lang)
        for r in rows:
            text = r.get(lang)
            if not text:
                continue
            gold = [
                (newsrel.occurrences(text, g["source"][lang]), newsrel.occurrences(text, g["target"][lang]), g)
                for g in r["relations"]
                if lang in g.get("langs", ["en", "ko"]) and g["source"].get(lang) and g["target"].get(lang)
            ]
            best = [-1.0] * len(gold)
            for sa, ta, rel in _relations(preds.get(f"{r['id']}|{lang}", {})):
                kind = newsrel.KIND.get(str(rel["type"]).upper(), "other")
                right = False
                for i, (so, to, g) in enumerate(gold):
                    gk = newsrel.KIND.get(g["type"], "?")
                    if gk != kind:
                        continue
                    fwd = any(newsrel.overlaps(sa, o) for o in so) and any(newsrel.overlaps(ta, o) for o in to)
                    back = any(newsrel.overlaps(ta, o) for o in so) and any(newsrel.overlaps(sa, o) for o in to)
                    if fwd or (back and kind in newsrel.SYMMETRIC):
                        right = True
                        best[i] = max(best[i], float(rel["confidence"]))
                res.predictions.append(
                    Labelled(lang, rel["type"], rel["rule"], float(rel["confidence"]), right, r["id"])
                )
            res.gold_best += best
            res.gold_types += [g["type"] for _, _, g in gold]
        if res.gold_best or res.predictions:
            out.append(res)
    return out


def klue(path: Path, cmd: list[str], kits: dict[str, Any]) -> list[Result]:
    relkit = kits["relkit"]
    rows = [
        r
        for r in json.load(path.open(encoding="utf-8"))
        if r["label"] in relkit.KLUE_KIND or r["label"] == "no_relation"
    ]
    docs = [{"id": str(r["id"]), "text": r["sentence"], "lang": "ko"} for r in rows]
    preds = _predict(cmd, docs, kits["evalkit"])
    res = Result("klue_re", "ko")
    for r in rows:
        sub = (r["subject_entity"]["start_idx"], r["subject_entity"]["end_idx"] + 1)
        obj = (r["object_entity"]["start_idx"], r["object_entity"]["end_idx"] + 1)
        gold = relkit.KLUE_KIND.get(r["label"])
        best = -1.0
        for a, b, rel in _relations(preds.get(str(r["id"]), {})):
            kind = _kind(relkit, rel["type"])
            on_pair = (relkit.overlaps(a, sub) and relkit.overlaps(b, obj)) or (
                relkit.overlaps(a, obj) and relkit.overlaps(b, sub)
            )
            if not kind or not on_pair:
                continue
            right = gold is not None and (gold == kind or (gold == "member" and kind in ("ownership", "partnership")))
            if right:
                best = max(best, float(rel["confidence"]))
            res.predictions.append(
                Labelled("ko", rel["type"], rel["rule"], float(rel["confidence"]), right, str(r["id"]))
            )
        if gold is not None:
            res.gold_best.append(best)
            res.gold_types.append(r["label"])
    return [res]


def redocred(path: Path, cmd: list[str], kits: dict[str, Any], limit: int = 200) -> list[Result]:
    relkit, evalkit = kits["relkit"], kits["evalkit"]
    data = json.load(path.open(encoding="utf-8"))[:limit]
    docs = evalkit.load_redocred_ner(str(path), limit)
    preds = _predict(cmd, docs, evalkit)
    res = Result("redocred", "en")
    for d, doc in zip(data, docs, strict=True):
        offsets, pos = [], 0
        for sent in d["sents"]:
            row = []
            for tok in sent:
                row.append((pos, pos + len(tok)))
                pos += len(tok) + 1
            offsets.append(row)
        spans = [
            [(offsets[m["sent_id"]][m["pos"][0]][0], offsets[m["sent_id"]][m["pos"][1] - 1][1]) for m in ent]
            for ent in d["vertexSet"]
        ]
        gold: dict[tuple[frozenset[int], str], float] = {}
        stated: dict[frozenset[int], set[str]] = defaultdict(set)
        for lab in d.get("labels", []):
            key = frozenset((lab["h"], lab["t"]))
            kind = relkit.DOCRED_KIND.get(lab["r"])
            if kind:
                gold[(key, kind)] = -1.0
            for k, props in relkit.ACCEPT.items():
                if lab["r"] in props:
                    stated[key].add(k)

        def entity_of(span: tuple[int, int], spans: list[list[tuple[int, int]]] = spans) -> int | None:
            for i, ms in enumerate(spans):
                if any(relkit.overlaps(span, m) for m in ms):
                    return i
            return None

        for a, b, rel in _relations(preds.get(doc["id"], {})):
            kind = relkit.SAME_KIND.get(_kind(relkit, rel["type"]), _kind(relkit, rel["type"]))
            if kind not in relkit.EVALUATED:
                continue
            ea, eb = entity_of(a), entity_of(b)
            if ea is None or eb is None or ea == eb:
                continue
            key = frozenset((ea, eb))
            conf = float(rel["confidence"])
            right = kind in stated.get(key, set())
            if (key, kind) in gold:
                gold[(key, kind)] = max(gold[(key, kind)], conf)
            res.predictions.append(Labelled("en", rel["type"], rel["rule"], conf, right, doc["id"]))
        res.gold_best += list(gold.values())
        res.gold_types += [kind for _, kind in gold]
    return [res]


def graph(path: Path, kits: dict[str, Any]) -> dict[str, int]:
    """Facts both sentences of a pair state that end as ONE edge of the graph with evidence
    from both languages: every pair's two sentences are ingested as two documents into one
    fresh embedded store (as a user would ingest the corpus), then each gold fact stated in both
    languages is looked up: the edge must be of the fact's kind and hold English evidence whose
    spans overlap the English names and Korean evidence whose spans overlap the Korean names."""
    from kg.config import Settings
    from kg.pipeline import Pipeline
    from kg.store.networkx import NetworkXGraphStore

    newsrel = kits["newsrel"]
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = NetworkXGraphStore(settings.data_dir)
        pipeline = Pipeline(settings, store=store)
        doc_ids: dict[tuple[str, str], str] = {}
        for r in rows:
            for lang in ("en", "ko"):
                if r.get(lang):
                    report = pipeline.ingest_text(r[lang], lang=lang, source=f"{r['id']}|{lang}", commit=False)
                    doc_ids[(r["id"], lang)] = report.document_id
        store.commit()
        gold = found = 0
        for r in rows:
            for g in r["relations"]:
                if not set(g.get("langs", [])) >= {"en", "ko"}:
                    continue
                if not all(g[end].get(lang) for end in ("source", "target") for lang in ("en", "ko")):
                    continue
                gold += 1
                kind = newsrel.KIND[g["type"]]
                sides: dict[str, set[str]] = {}
                for lang in ("en", "ko"):
                    text, doc_id = r[lang], doc_ids.get((r["id"], lang), "")
                    so, to = newsrel.occurrences(text, g["source"][lang]), newsrel.occurrences(text, g["target"][lang])
                    hits = set()
                    for rid in store.document_relations(doc_id):
                        rel = store.get_relation(rid)
                        if rel is None or newsrel.KIND.get(rel.type.value) != kind:
                            continue
                        for ev in rel.evidence:
                            if ev.document_id != doc_id or ev.source_span is None or ev.target_span is None:
                                continue
                            a, b = ev.source_span, ev.target_span
                            fwd = any(newsrel.overlaps(a, o) for o in so) and any(newsrel.overlaps(b, o) for o in to)
                            back = any(newsrel.overlaps(b, o) for o in so) and any(newsrel.overlaps(a, o) for o in to)
                            if fwd or (back and kind in newsrel.SYMMETRIC):
                                hits.add(rid)
                    sides[lang] = hits
                found += bool(sides["en"] & sides["ko"])
        store.close()
    return {"gold_both_languages": gold, "one_edge_from_both": found}


def calibration_rows(results: list[Result]) -> list[tuple[str, str, int, int, float, float]]:
    """(lang, rule, n, right, mean raw confidence, calibrated confidence) per rule."""
    by_rule: dict[tuple[str, str], list[Labelled]] = defaultdict(list)
    for res in results:
        for p in res.predictions:
            by_rule[(p.lang, p.rule)].append(p)
    rows = []
    for (lang, rule), preds in sorted(by_rule.items()):
        n, right = len(preds), sum(p.right for p in preds)
        raw = sum(p.confidence for p in preds) / n
        rows.append((lang, rule, n, right, round(raw, 3), round((right + PRIOR * raw) / (n + PRIOR), 3)))
    return rows


def cross_validated(results: list[Result], folds: int = 2) -> list[Result]:
    """The results with every prediction's confidence replaced by the one a calibration fitted
    on the other folds gives it (folds by item, i.e. by sentence pair or document): the honest
    calibration figure."""
    from kg.calibration import RelationCalibration

    def fold(p: Labelled) -> int:
        return int(hashlib.sha1(p.item.encode()).hexdigest(), 16) % folds

    tables = []
    for k in range(folds):
        train = [Result(r.name, r.lang, [p for p in r.predictions if fold(p) != k]) for r in results]
        rows = calibration_rows(train)
        tables.append(RelationCalibration({(lang, rule): (raw, cal) for lang, rule, _n, _r, raw, cal in rows}))
    return [
        Result(
            r.name,
            r.lang,
            [replace(p, confidence=tables[fold(p)].confidence(p.lang, p.rule, p.confidence)) for p in r.predictions],
            r.gold_best,
            r.gold_types,
        )
        for r in results
    ]


def buckets(preds: list[Labelled]) -> None:
    for lo, hi in itertools.pairwise(BUCKETS):
        inside = [p for p in preds if lo <= p.confidence < hi]
        if inside:
            right = sum(p.right for p in inside)
            print(f"[{lo:.2f}, {min(hi, 1.0):.2f}): {right}/{len(inside)} = {right / len(inside):.2f}")


def report(results: list[Result]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    print("\n## Precision / recall by threshold")
    print(f"{'data set':28} " + " ".join(f"{t:>11}" for t in THRESHOLDS))
    for res in results:
        cells = []
        for t in THRESHOLDS:
            precision, recall, *_ = res.at(t)
            cells.append(f"{precision:.2f}/{recall:.2f}")
        print(f"{res.name + ' ' + res.lang:28} " + " ".join(f"{c:>11}" for c in cells))
        out[f"{res.name}|{res.lang}"] = {
            str(t): dict(zip(("p", "r", "n", "right", "found"), res.at(t), strict=True)) for t in THRESHOLDS
        }
    print("\n## By type at 0.5 (right/predicted, found/gold)")
    for res in results:
        stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for p in res.predictions:
            if p.confidence >= 0.5:
                stats[p.type][0] += p.right
                stats[p.type][1] += 1
        for b, g in zip(res.gold_best, res.gold_types, strict=True):
            stats[g][2] += b >= 0.5
            stats[g][3] += 1
        line = ", ".join(f"{k} {v[0]}/{v[1]} {v[2]}/{v[3]}" for k, v in sorted(stats.items()))
        print(f"{res.name} {res.lang}: {line}")
    print("\n## Calibration: precision by confidence bucket (all labelled relations)")
    buckets([p for res in results for p in res.predictions])
    print("\n## Rules (lang, rule, n, right, mean raw, calibrated)")
    for row in calibration_rows(results):
        print("\t".join(map(str, row)))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", type=Path)
    ap.add_argument("--sets", default="news,kobiz,klue,redocred")
    ap.add_argument("--calibration-out", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--raw",
        action="store_true",
        help="measure the rules' own confidences (no calibration table); implied by --calibration-out and --cv",
    )
    ap.add_argument(
        "--graph",
        action="store_true",
        help="ingest the parallel pairs into one store and count facts of both languages that are one edge",
    )
    ap.add_argument("--cv", action="store_true", help="also report a calibration fitted and measured by 2-fold CV")
    ap.add_argument("--cmd", default=f"{sys.executable} -m kg extract --jsonl", help="the predictor command")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.eval_dir / "kit"))
    import evalkit
    import newsrel
    import relkit

    kits = {"evalkit": evalkit, "newsrel": newsrel, "relkit": relkit}
    cmd = args.cmd.split()
    os.chdir(ROOT)
    if args.raw or args.calibration_out or args.cv:
        empty = Path(tempfile.mkdtemp()) / "none.tsv"
        empty.write_text("", encoding="utf-8")
        os.environ["KG_RELATION_CALIBRATION"] = str(empty)
    results: list[Result] = []
    wanted = set(args.sets.split(","))
    if "news" in wanted:
        results += news(args.eval_dir / "news_relations_dev.jsonl", cmd, kits)
    if "kobiz" in wanted:
        results += news(args.eval_dir / "ko_business_relations_dev.jsonl", cmd, kits)
    if "klue" in wanted:
        results += klue(args.eval_dir / "klue_re_dev_half.json", cmd, kits)
    if "redocred" in wanted:
        results += redocred(args.eval_dir / "redocred_dev.json", cmd, kits)
    summary = report(results)
    if args.cv:
        cv = cross_validated(results)
        print("\n## Calibration fitted on one half of the items, measured on the other (2-fold)")
        buckets([p for res in cv for p in res.predictions])
        print("\n## Precision / recall by threshold with the cross-validated confidences")
        for res in cv:
            cells = [f"{res.at(t)[0]:.2f}/{res.at(t)[1]:.2f}" for t in THRESHOLDS]
            print(f"{res.name + ' ' + res.lang:28} " + " ".join(f"{c:>11}" for c in cells))
    if args.graph:
        both = graph(args.eval_dir / "news_relations_dev.jsonl", kits)
        print(f"\n## One edge from both languages (graph): {both}")
        summary["graph"] = both
    if args.calibration_out:
        lines = ["# lang\trule\tn\tright\tmean_raw\tcalibrated  (scripts/eval_relations.py --calibration-out)"]
        lines += ["\t".join(map(str, row)) for row in calibration_rows(results)]
        args.calibration_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
