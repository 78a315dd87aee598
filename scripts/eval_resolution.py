"""Measure cross-lingual entity resolution (issue 5).

names   ../shared/eval/ko_en_names_dev.tsv: every name goes once into a short sentence of its
        language ("An official at {en} said ..." / "{ko} 관계자는 ... 밝혔다"); all sentences are
        ingested into one fresh NetworkX store (English first, then Korean); reported per type:
        the share of pairs whose two names end as one node, and the nodes that wrongly hold
        names of two different pairs (pairs whose names are letter-for-letter identical, such
        as the many 중구/Jung-gu districts, are counted apart: no resolver can tell them apart
        without context).
parallel ../shared/eval/parallel_news_dev.tsv: the Korean and English side of each pair are
        separate documents (the real extractors find the mentions). There is no gold alignment,
        so "entities named on both sides" is bounded from above: per pair, the number of
        entities on the side that has fewer (overall, and per type group: organisations,
        people, places). Reported: nodes shared by both sides / that bound. Entities the
        extractors find on one side only (loose translations) count against the figure.
        ``--gold research/data/parallel_gold_sample.tsv`` also scores a hand-annotated sample
        (the entities named on both sides of the first 120 pairs): the share that ends as one
        node, and for the others whether an extractor missed a side, extracted another span,
        typed the sides into different groups, or the resolver left two good mentions apart.
        ``--dump FILE`` writes every pair's mentions for error analysis.

Mentions come either from the gold spans (``--mode resolver``: measures the resolver alone) or
from the real extractors through the pipeline (``--mode pipeline``: extractors + resolver).

Usage::

    .venv/bin/python scripts/eval_resolution.py names --mode resolver
    .venv/bin/python scripts/eval_resolution.py names --mode resolver --exclude companies
    .venv/bin/python scripts/eval_resolution.py names --mode pipeline
    .venv/bin/python scripts/eval_resolution.py parallel --limit 500
    .venv/bin/python scripts/eval_resolution.py parallel --gold research/data/parallel_gold_sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.resolve import CrossLingualResolver, Resolver  # noqa: E402
from kg.store.base import DocumentBatch, GraphStore  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402
from schema.aliases import dictionary_key, load_dictionary  # noqa: E402
from schema.types import Document, EntityType, Language, Mention, document_id_for  # noqa: E402

if TYPE_CHECKING:
    from kg.pipeline import Pipeline

DEFAULT_EVAL = ROOT / ".." / "shared" / "eval"
TYPE_OF = {
    "ORG": EntityType.COMPANY,
    "ORG_ALIAS": EntityType.ORGANIZATION,
    "PER_ALIAS": EntityType.PERSON,
    "COUNTRY": EntityType.PLACE,
    "PROVINCE": EntityType.PLACE,
    "MUNICIPALITY": EntityType.PLACE,
}
GROUP_OF = {
    "ORG": "companies",
    "ORG_ALIAS": "other aliases",
    "PER_ALIAS": "people",
    "COUNTRY": "countries",
    "PROVINCE": "provinces/municipalities",
    "MUNICIPALITY": "provinces/municipalities",
}
_GROUP_NAME = {
    EntityType.COMPANY: "organisation",
    EntityType.ORGANIZATION: "organisation",
    EntityType.PERSON: "person",
    EntityType.PLACE: "place",
}
EN_TEMPLATE = "An official at {} said on Monday that the plan would go ahead."
KO_TEMPLATE = "{} 관계자는 월요일 이같이 밝혔다."
# --templates natural: a sentence per kind of name, as news would write it
NATURAL = {
    "org": ("{} said on Monday that it would expand its business.", "{}{topic} 월요일 사업을 확대하겠다고 밝혔다."),
    "person": ("{} said on Monday that the plan would go ahead.", "{}{topic} 월요일 이같이 말했다."),
    "place": ("The meeting was held in {} on Monday.", "회의는 월요일 {}에서 열렸다."),
}
KIND = {
    "ORG": "org",
    "ORG_ALIAS": "org",
    "PER_ALIAS": "person",
    "COUNTRY": "place",
    "PROVINCE": "place",
    "MUNICIPALITY": "place",
}


def _template(kind: str, lang: str, natural: bool) -> str:
    if not natural:
        return EN_TEMPLATE if lang == "en" else KO_TEMPLATE
    return NATURAL[KIND[kind]][0 if lang == "en" else 1]


def _fill(template: str, name: str) -> str:
    """Put ``name`` in; the Korean topic particle follows its last syllable (은 after a
    final consonant, 는 otherwise)."""
    last = name[-1] if name else ""
    final = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    return template.replace("{topic}", "은" if final else "는").format(name)


@dataclass(frozen=True)
class Pair:
    index: int
    ko: str
    en: str
    kind: str


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        Pair(i, r["ko"].strip(), r["en"].strip(), r["type"].strip()) for i, r in enumerate(rows) if r["ko"] and r["en"]
    ]


def _document(text: str, lang: str) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=document_id_for(digest), language=lang, char_count=len(text), content_sha256=digest)


def ingest_gold(store: GraphStore, resolver: Resolver, text: str, lang: Language, name: str, type: EntityType) -> str:
    """Resolve and store one sentence whose only mention is ``name`` (gold span); returns the
    entity id it got."""
    doc = _document(text, lang)
    start = text.index(name)
    mention = Mention(
        document_id=doc.id,
        start=start,
        end=start + len(name),
        text=name,
        type=type,
        sentence=text,
        sentence_start=0,
        sentence_end=len(text),
        language=lang,
        extractor="gold",
    )
    res = resolver.resolve(doc, [mention], store)
    store.write_document(
        DocumentBatch(document=doc, entities=res.entities, mentions=[(res.entity_ids[0], mention)], merges=res.merges)
    )
    return res.entity_ids[0]


def _pipeline(settings: Settings, store: GraphStore, resolver: Resolver) -> Pipeline:
    from kg.pipeline import Pipeline

    return Pipeline(settings, store, resolver=resolver)


def ingest_pipeline(pipeline: Pipeline, store: GraphStore, text: str, lang: Language, name: str) -> str | None:
    """Ingest through the real extractors; the entity whose mention overlaps ``name``."""
    report = pipeline.ingest_text(text, lang=lang, commit=False)
    doc = report.document_id
    start = text.index(name)
    end = start + len(name)
    best: tuple[int, str] | None = None
    for eid in report.entity_ids:
        for m in store.mentions_of(eid):
            if m.document_id == doc and m.start < end and start < m.end:
                overlap = min(end, m.end) - max(start, m.start)
                if best is None or overlap > best[0]:
                    best = (overlap, eid)
    return best[1] if best else None


def eval_names(args: argparse.Namespace) -> dict[str, object]:
    pairs = read_pairs(Path(args.eval_dir) / "ko_en_names_dev.tsv")
    if args.limit:
        pairs = pairs[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = NetworkXGraphStore(Path(tmp))
        resolver = CrossLingualResolver(load_dictionary(exclude=args.exclude))
        pipeline = _pipeline(settings, store, resolver) if args.mode == "pipeline" else None
        en_ids: dict[int, str | None] = {}
        ko_ids: dict[int, str | None] = {}
        seen: dict[str, str | None] = {}
        t0 = time.perf_counter()
        for lang, ids in (("en", en_ids), ("ko", ko_ids)):
            for p in pairs:
                name = p.en if lang == "en" else p.ko
                text = _fill(_template(p.kind, lang, args.templates == "natural"), name)
                if pipeline is None:
                    ids[p.index] = ingest_gold(store, resolver, text, lang, name, TYPE_OF[p.kind])  # type: ignore[arg-type]
                elif text in seen:
                    # the same sentence again (the five 중구 / Jung-gu districts): the pipeline
                    # rightly skips a document it already holds, so the name is where it went
                    ids[p.index] = seen[text]
                else:
                    ids[p.index] = seen[text] = ingest_pipeline(pipeline, store, text, lang, name)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
    return score_names(pairs, en_ids, ko_ids, elapsed, args)


def score_names(
    pairs: Sequence[Pair],
    en_ids: dict[int, str | None],
    ko_ids: dict[int, str | None],
    elapsed: float,
    args: argparse.Namespace,
) -> dict[str, object]:
    per_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # merged, total, found
    holders: dict[str, set[int]] = defaultdict(set)
    for p in pairs:
        g = GROUP_OF[p.kind]
        e, k = en_ids.get(p.index), ko_ids.get(p.index)
        per_group[g][1] += 1
        if e and k:
            per_group[g][2] += 1
            if e == k:
                per_group[g][0] += 1
        for eid in {e, k} - {None}:
            holders[str(eid)].add(p.index)
    by_index = {p.index: p for p in pairs}
    wrong_nodes = 0
    same_name_nodes = 0
    wrong_pairs: set[int] = set()
    examples: list[list[str]] = []
    for idxs in holders.values():
        if len(idxs) < 2:
            continue
        names = {(dictionary_key(by_index[i].ko), dictionary_key(by_index[i].en)) for i in idxs}
        if len({n[1] for n in names}) == 1 or len({n[0] for n in names}) == 1:
            # every pair here has the same Korean or the same English name (중구 / Jung-gu,
            # 성원 / Sungwon Co. and Sungwon Corp.): no resolver can tell them apart by name
            same_name_nodes += 1
            continue
        if True:  # two different pairs ended in one node: a wrong merge
            wrong_nodes += 1
            wrong_pairs |= idxs
            if len(examples) < 60:
                examples.append(sorted({f"{by_index[i].ko} / {by_index[i].en}" for i in idxs}))
    result: dict[str, object] = {
        "mode": args.mode,
        "templates": args.templates,
        "excluded_sections": list(args.exclude),
        "pairs": len(pairs),
        "seconds": round(elapsed, 1),
        "merged_share": {g: round(v[0] / v[1], 4) for g, v in sorted(per_group.items())},
        "merged": {g: f"{v[0]}/{v[1]}" for g, v in sorted(per_group.items())},
        "both_found": {g: f"{v[2]}/{v[1]}" for g, v in sorted(per_group.items())},
        "wrong_merge_nodes": wrong_nodes,
        "pairs_in_wrong_merges": len(wrong_pairs),
        "wrong_merge_nodes_share_of_pairs": round(wrong_nodes / max(len(pairs), 1), 4),
        "same_name_nodes": same_name_nodes,
        "wrong_merge_examples": examples,
    }
    if args.show_misses:
        result["misses"] = [f"{p.kind}: {p.ko} / {p.en}" for p in pairs if en_ids.get(p.index) != ko_ids.get(p.index)]
    return result


def eval_parallel(args: argparse.Namespace) -> dict[str, object]:
    path = Path(args.eval_dir) / "parallel_news_dev.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        # QUOTE_NONE: sentences open with quotation marks that csv would otherwise read as
        # quoting, swallowing the following rows into one field (1,378 rows instead of 1,510)
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [r for r in reader if (r["ko"] or "").strip() and (r["en"] or "").strip()]
    if args.limit:
        rows = rows[: args.limit]
    from kg.pipeline import IngestReport, Pipeline

    shared = 0
    smaller = 0
    pairs_with_both = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = NetworkXGraphStore(Path(tmp))
        resolver = CrossLingualResolver(load_dictionary(exclude=args.exclude))
        pipeline = Pipeline(settings, store, resolver=resolver)
        t0 = time.perf_counter()
        sides: list[tuple[set[str], set[str]]] = []
        spans: dict[str, dict[str, list[tuple[int, int, str, str, str]]]] = {}
        reports: dict[tuple[str, str], IngestReport] = {}
        for r in rows:
            ids: list[set[str]] = []
            spans[r["id"]] = {}
            for lang in ("ko", "en"):
                text = r[lang].strip()
                if (lang, text) not in reports:
                    reports[lang, text] = pipeline.ingest_text(text, lang=lang, commit=False)
                # a sentence the file repeats (e.g. one English sentence for two Korean ones) is
                # one document, which the pipeline rightly ingests once: its entities are those
                # of the first time
                report = reports[lang, text]
                ids.append(set(report.entity_ids))
                spans[r["id"]][lang] = _spans(store, report.document_id, report.entity_ids)
            sides.append((ids[0], ids[1]))
        elapsed = time.perf_counter() - t0
        if args.dump:
            _dump(Path(args.dump), rows, spans)
        gold_result = score_gold(Path(args.gold), rows, spans) if args.gold else None
        group_of = {e.id: _GROUP_NAME[e.type] for e in store.iter_entities()}
        smaller_by_group = 0
        for ko_ids, en_ids in sides:
            if ko_ids and en_ids:
                pairs_with_both += 1
                shared += len(ko_ids & en_ids)
                smaller += min(len(ko_ids), len(en_ids))
                for g in set(_GROUP_NAME.values()):
                    smaller_by_group += min(
                        sum(1 for i in ko_ids if group_of.get(i) == g), sum(1 for i in en_ids if group_of.get(i) == g)
                    )
    return {
        "mode": "pipeline",
        "excluded_sections": list(args.exclude),
        "pairs": len(rows),
        "pairs_with_entities_on_both_sides": pairs_with_both,
        "shared_nodes": shared,
        "entities_on_smaller_side": smaller,
        "share_one_node": round(shared / max(smaller, 1), 4),
        "entities_on_smaller_side_per_type_group": smaller_by_group,
        "share_one_node_per_type_group": round(shared / max(smaller_by_group, 1), 4),
        "seconds": round(elapsed, 1),
        **({"gold": gold_result} if gold_result is not None else {}),
    }


def _spans(store: GraphStore, document_id: str, entity_ids: Sequence[str]) -> list[tuple[int, int, str, str, str]]:
    """(start, end, text, type, entity id) of every mention of one document."""
    out = []
    for eid in dict.fromkeys(entity_ids):
        for m in store.mentions_of(eid):
            if m.document_id == document_id:
                out.append((m.start, m.end, m.text, m.type.value, eid))
    return sorted(out)


def _dump(
    path: Path, rows: Sequence[dict[str, str]], spans: dict[str, dict[str, list[tuple[int, int, str, str, str]]]]
) -> None:
    """Per pair, both sentences and their mentions (for error analysis and annotation)."""
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(f"## {r['id']}\nko: {r['ko'].strip()}\nen: {r['en'].strip()}\n")
            for lang in ("ko", "en"):
                for _start, _end, text, type, eid in spans[r["id"]][lang]:
                    fh.write(f"  {lang} {text!r} {type} {eid[-8:]}\n")


def read_gold(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """The hand-annotated sample: ``id<TAB>type<TAB>ko<TAB>en`` per entity named on both sides
    of a pair; ``#`` lines are comments; a pair annotated with no entity has one row whose
    type is ``-``."""
    gold: dict[str, list[tuple[str, str, str]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "id":
                continue
            pair, type = cols[0], cols[1]
            gold.setdefault(pair, [])
            if type != "-":
                gold[pair].append((type, cols[2], cols[3]))
    return gold


def _found(text: str, name: str, spans: Sequence[tuple[int, int, str, str, str]]) -> list[tuple[str, str, bool, str]]:
    """For every occurrence of ``name`` in ``text``, the mention overlapping it most (on a
    tie, the one whose span is the name exactly, then the shortest: "뉴욕" nested in the place
    chain "미국 뉴욕 요크타운 하이츠" is its own mention and node), as (entity id, type, span
    equals the name exactly, mention text)."""
    if name not in text:
        raise ValueError(f"gold name {name!r} not in {text!r}")
    out = []
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        best: tuple[tuple[int, bool, int], tuple[str, str, bool, str]] | None = None
        for s, e, mtext, type, eid in spans:
            overlap = min(end, e) - max(start, s)
            exact = (s, e) == (start, end)
            rank = (overlap, exact, -(e - s))
            if overlap > 0 and (best is None or rank > best[0]):
                best = (rank, (eid, type, exact, mtext))
        if best is not None:
            out.append(best[1])
        start = text.find(name, start + 1)
    return out


OUTCOMES = ("one node", "extractor missed a side", "extractor span differs", "types disagree", "resolver failed")


def _outcome(ko: list[tuple[str, str, bool, str]], en: list[tuple[str, str, bool, str]]) -> str:
    """Why a gold entity did (not) end as one node; extraction causes are checked first."""
    if {k[0] for k in ko} & {e[0] for e in en}:
        return "one node"
    if not ko or not en:
        return "extractor missed a side"
    exact = [(k, e) for k in ko for e in en if k[2] and e[2]]
    if not exact:
        return "extractor span differs"
    if all(_GROUP_NAME[EntityType(k[1])] != _GROUP_NAME[EntityType(e[1])] for k, e in exact):
        return "types disagree"
    return "resolver failed"


def score_gold(
    path: Path, rows: Sequence[dict[str, str]], spans: dict[str, dict[str, list[tuple[int, int, str, str, str]]]]
) -> dict[str, object]:
    """Recall of the gold both-side entities that end as one node, and why the others did not:
    an extractor found nothing on one side, or a span other than the name, the sides were
    typed into different groups (person / organisation / place), or the resolver left two
    well-extracted mentions apart."""
    gold = read_gold(path)
    text_of = {r["id"]: (r["ko"].strip(), r["en"].strip()) for r in rows}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*OUTCOMES, "total"), 0))
    misses: dict[str, list[str]] = defaultdict(list)
    for pair, entities in gold.items():
        if pair not in text_of:
            continue
        ko_text, en_text = text_of[pair]
        for type, ko, en in entities:
            k = _found(ko_text, ko, spans[pair]["ko"])
            e = _found(en_text, en, spans[pair]["en"])
            outcome = _outcome(k, e)
            for key in (type, "all"):
                counts[key][outcome] += 1
                counts[key]["total"] += 1
            if outcome != "one node":
                seen = [f"{m[3]}/{m[1]}/{m[0][-6:]}" for m in (*k, *e)]
                where = f" (missing: {'ko' if not k else 'en'})" if outcome == "extractor missed a side" else ""
                where += f" [{'; '.join(dict.fromkeys(seen))}]"
                misses[outcome].append(f"{pair} {type}: {ko} / {en}{where}")
    total = counts["all"]["total"]
    found = total - counts["all"]["extractor missed a side"] - counts["all"]["extractor span differs"]
    return {
        "pairs_annotated": sum(1 for p in gold if p in text_of),
        "gold_entities": total,
        "recall_one_node": {
            t: f"{c['one node']}/{c['total']} = {c['one node'] / max(c['total'], 1):.1%}"
            for t, c in sorted(counts.items())
        },
        "recall_when_both_sides_extracted_with_the_gold_span": (
            f"{counts['all']['one node']}/{found} = {counts['all']['one node'] / max(found, 1):.1%}"
        ),
        "outcomes": {t: dict(c) for t, c in sorted(counts.items())},
        "misses": dict(misses),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["names", "parallel"])
    parser.add_argument("--eval-dir", default=str(DEFAULT_EVAL))
    parser.add_argument("--mode", choices=["resolver", "pipeline"], default="resolver")
    parser.add_argument("--exclude", action="append", default=[], help="dictionary section to leave out")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--gold", default="", help="parallel: hand-annotated sample to score against")
    parser.add_argument("--dump", default="", help="parallel: write every pair's mentions to this file")
    parser.add_argument("--templates", choices=["official", "natural"], default="official")
    args = parser.parse_args(argv)
    if not Path(args.eval_dir).is_dir():
        print(f"no eval data at {args.eval_dir}; nothing to measure", file=sys.stderr)
        return 0
    result = eval_names(args) if args.what == "names" else eval_parallel(args)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
