"""Measure the Korean extractor on ../shared/eval (KLUE-NER news dev, KLUE-RE dev half).

Usage::

    .venv/bin/python scripts/eval_korean.py [../shared/eval] [--model DIR] [--ner-only] [--raw]

NER: precision/recall/F1 on exact character spans, PS -> Person, OG -> Company/Organization,
LC -> Place, each sentence given to the extractor on its own. ``--raw`` also scores the bare CRF
tagger (no rules). RE: for the relation labels kg models, how often a relation the extractor
outputs between the gold subject and object agrees with the gold label, and how often it fires
where the gold says no_relation.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ko_data import read_klue_ner, read_klue_re  # noqa: E402

from kg.config import Settings  # noqa: E402
from schema.types import EntityType, ExtractedMention, RelationType  # noqa: E402

_TYPE_TO_KLUE = {
    EntityType.PERSON: "PS",
    EntityType.COMPANY: "OG",
    EntityType.ORGANIZATION: "OG",
    EntityType.PLACE: "LC",
}
_ROLE = {RelationType.CEO_OF, RelationType.CHAIR_OF, RelationType.LEADER_OF, RelationType.WORKS_FOR}
_RE_LABELS = (
    "per:employee_of",
    "org:top_members/employees",
    "org:place_of_headquarters",
    "org:founded_by",
    "org:member_of",
    "org:members",
)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(
    gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]
) -> dict[str, tuple[float, ...]]:
    out: dict[str, tuple[float, ...]] = {}
    for label in ("PS", "OG", "LC", "all"):
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            gs = {x for x in g if label in ("all", x[2])}
            ps = {x for x in p if label in ("all", x[2])}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
        out[label] = (*_prf(tp, fp, fn), tp + fn)
    return out


def _print_scores(title: str, scores: dict[str, tuple[float, ...]]) -> None:
    print(f"\n{title}")
    print(f"{'type':<5} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for label, (p, r, f, n) in scores.items():
        print(f"{label:<5} {p:6.3f} {r:6.3f} {f:6.3f} {int(n):6d}")


def _klue_type(m: ExtractedMention) -> str:
    """KLUE's reading of a mention: a place acting as its government or team (the role
    Organization) is OG, as KLUE tags it."""
    role = m.attributes.get("role")
    return _TYPE_TO_KLUE[EntityType(role) if isinstance(role, str) else m.type]


def eval_ner(eval_dir: Path, settings: Settings, raw: bool) -> None:
    from extractors.ko import KoreanExtractor

    data = list(read_klue_ner(eval_dir / "klue_ner_news_dev.tsv"))
    texts = [t for t, _ in data]
    gold = [set(spans) for _, spans in data]
    extractor = KoreanExtractor(settings)
    t0 = time.perf_counter()
    pred: list[set[tuple[int, int, str]]] = []
    for result in extractor.extract_many(texts):
        # a mention nested inside another ("경남" of "경남 함양군", attribute ``within``) is
        # not scored: KLUE-NER is flat and annotates the outer span only; nor is the country
        # of a word for its people ("일본" of "일본인", attribute ``demonym``), which KLUE
        # leaves unannotated, nor 북 of "북핵" (attribute ``compound``), which KLUE tags once
        # of three times
        pred.append(
            {
                (m.start, m.end, _klue_type(m))
                for m in result.mentions
                if "within" not in m.attributes and "demonym" not in m.attributes and "compound" not in m.attributes
            }
        )
    dt = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    _print_scores(
        f"KLUE-NER news dev ({len(texts)} sentences, extractor {extractor.name}, {chars / dt:,.0f} chars/s)",
        _score(gold, pred),
    )
    if raw:
        tagger = extractor.tagger
        raw_pred = []
        for text, tokens in zip(texts, extractor.kiwi.tokenize(texts), strict=True):
            raw_pred.append({(s, e, lab) for s, e, lab, _ in tagger.tag(text, tokens)})
        _print_scores("CRF tagger alone (no rules)", _score(gold, raw_pred))


def _klue_label(rel_type: RelationType, forward: bool, subj_type: str) -> str | None:
    """The KLUE-RE label our relation (read subject -> object if ``forward``) corresponds to."""
    if rel_type in _ROLE:
        return "per:employee_of" if forward else "org:top_members/employees"
    if rel_type is RelationType.FOUNDER_OF:
        return None if forward else "org:founded_by"
    if rel_type in (RelationType.HEADQUARTERED_IN, RelationType.LOCATED_IN):
        return "org:place_of_headquarters" if forward and subj_type == "ORG" else None
    if rel_type in (RelationType.MEMBER_OF, RelationType.SUBSIDIARY_OF):
        return "org:member_of" if forward else "org:members"
    return None


def eval_re(eval_dir: Path, settings: Settings) -> None:
    from extractors.ko import KoreanExtractor

    rows = read_klue_re(eval_dir / "klue_re_dev_half.json")
    extractor = KoreanExtractor(settings)
    results = extractor.extract_many([r["sentence"] for r in rows])
    outputs: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    gold_counts: Counter[str] = Counter(r["label"] for r in rows)
    on_no_relation = 0
    wrong: list[str] = []
    for row, result in zip(rows, results, strict=True):
        subj, obj = row["subject_entity"], row["object_entity"]
        s_span = (subj["start_idx"], subj["end_idx"] + 1)
        o_span = (obj["start_idx"], obj["end_idx"] + 1)

        mentions = result.mentions

        def hits(span: tuple[int, int], mentions: list = mentions) -> set[int]:  # type: ignore[type-arg]
            return {k for k, m in enumerate(mentions) if m.start < span[1] and span[0] < m.end}

        s_idx, o_idx = hits(s_span), hits(o_span)
        predicted: set[str] = set()
        for rel in result.relations:
            if rel.source in s_idx and rel.target in o_idx:
                label = _klue_label(rel.type, True, subj["type"])
            elif rel.source in o_idx and rel.target in s_idx:
                label = _klue_label(rel.type, False, subj["type"])
            else:
                continue
            if label:
                predicted.add(label)
        for label in predicted:
            outputs[label] += 1
            if row["label"] == label:
                correct[label] += 1
            else:
                if row["label"] == "no_relation":
                    on_no_relation += 1
                if len(wrong) < 15:
                    wrong.append(
                        f"  {label} vs gold {row['label']}: {subj['word']} / {obj['word']} | {row['sentence'][:90]}"
                    )
    total_out = sum(outputs.values())
    total_ok = sum(correct.values())
    print(f"\nKLUE-RE dev half ({len(rows)} rows)")
    print(f"{'label':<28} {'out':>5} {'ok':>5} {'P':>6} {'gold':>6} {'R':>6}")
    for label in _RE_LABELS:
        p = correct[label] / outputs[label] if outputs[label] else 0.0
        r = correct[label] / gold_counts[label] if gold_counts[label] else 0.0
        print(f"{label:<28} {outputs[label]:5d} {correct[label]:5d} {p:6.3f} {gold_counts[label]:6d} {r:6.3f}")
    p_all = total_ok / total_out if total_out else 0.0
    print(f"{'all':<28} {total_out:5d} {total_ok:5d} {p_all:6.3f}")
    n_no = gold_counts["no_relation"]
    print(
        f"output where gold is no_relation: {on_no_relation} of {total_out} outputs "
        f"({on_no_relation / max(1, total_out):.3f}); {on_no_relation / max(1, n_no):.3f} of {n_no} no_relation rows"
    )
    if wrong:
        print("examples of disagreement:")
        print("\n".join(wrong))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default=str(ROOT / ".." / "shared" / "eval"))
    parser.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    parser.add_argument("--ner-only", action="store_true")
    parser.add_argument("--re-only", action="store_true")
    parser.add_argument("--raw", action="store_true", help="also score the CRF tagger without rules")
    args = parser.parse_args(argv)
    settings = Settings(ko_ner_model=Path(args.model) if args.model else None)
    eval_dir = Path(args.eval_dir)
    if not args.re_only:
        eval_ner(eval_dir, settings, args.raw)
    if not args.ner_only:
        eval_re(eval_dir, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
