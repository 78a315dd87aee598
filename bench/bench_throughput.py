"""Ingest throughput against the NLP floor, with start-up, in cold processes (run on demand).

A mixed corpus of news documents in both languages is ingested by ``kg ingest --workers 1``
and ``--workers N``, next to a script that only runs the raw models over the same files
(spaCy ``nlp.pipe`` and ``Kiwi.tokenize``, process start and model loading included), all in
the same run. Also ``kg extract`` of one sentence in a cold process against
``spacy.load`` alone.

The corpus: with ``../shared/eval/parallel_news_dev.tsv`` present, its sentence pairs in
groups of ``--group`` make one English and one Korean document each (``--docs`` documents in
all); else the paragraphs of ``seeds/`` made distinct and repeated.

    .venv/bin/python bench/bench_throughput.py [--docs 300] [--workers 1,2] [--repeat 1] [--before DIR]

Each checkout is first made as an installed kg is: its modules compiled to bytecode (pip does
that at install; with ``PYTHONDONTWRITEBYTECODE`` set, a checkout would compile kg's modules
afresh in every process, about 0.2 s) and kg's cache directory filled by one run (the first run
after an install builds it once).

``--before DIR`` also times ``kg ingest`` and ``kg extract`` of another checkout (e.g. the main
branch before a change) in the same rounds, so that a before -> after comparison sees the same
load on a shared machine. Every figure is the median of ``--repeat`` rounds, with the range.
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARALLEL = ROOT.parent / "shared" / "eval" / "parallel_news_dev.tsv"
PY = sys.executable

RAW = """
import sys, pathlib, spacy
from kiwipiepy import Kiwi
from kg.config import Settings
from kg.ingest import read_source, segments
settings = Settings()
nlp = spacy.load(settings.spacy_model)
kiwi = Kiwi()
en, ko = [], []
for f in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    for seg in segments(read_source(f).lines()):
        (en if seg.language == "en" else ko).append(seg.text)
for _ in nlp.pipe(en, batch_size=32):
    pass
for _ in kiwi.tokenize(ko):
    pass
"""


def corpus(folder: Path, docs: int, group: int) -> str:
    if PARALLEL.exists():
        with PARALLEL.open(encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if len(r) >= 3]
        header = rows[0]
        ko_col, en_col = header.index("ko") if "ko" in header else 1, header.index("en") if "en" in header else 2
        rows = rows[1:]
        n = 0
        for k in range(0, len(rows), group):
            chunk = rows[k : k + group]
            for col, lang in ((en_col, "en"), (ko_col, "ko")):
                if n >= docs:
                    return f"{n} documents from parallel_news_dev.tsv ({group} sentences each)"
                (folder / f"{n:04d}-{lang}.txt").write_text("\n".join(r[col] for r in chunk) + "\n", encoding="utf-8")
                n += 1
        return f"{n} documents from parallel_news_dev.tsv ({group} sentences each)"
    paragraphs = [
        p
        for seed in sorted((ROOT / "seeds").iterdir())
        for p in seed.read_text(encoding="utf-8").split("\n")
        if p.strip()
    ]
    for n in range(docs):
        body = "\n".join(paragraphs[(n * 3 + j) % len(paragraphs)] for j in range(3))
        (folder / f"{n:04d}.txt").write_text(f"Report {n}.\n{body}\n", encoding="utf-8")
    return f"{docs} documents from seeds/ paragraphs"


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each command and its children
RSS: dict[str, list[str]] = {}  # per ingest: its workers' peak memory, as its summary reports it
_WORKER_ROW = re.compile(r"(kg-extract-\d+) memory\s*│\s*(\d+) MiB peak, (\d+) documents")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path = ROOT, name: str = "", stdin: str | None = None) -> float:
    """Wall seconds of ``cmd``; its CPU seconds (workers included: they are waited for) go to
    ``CPU[name]``, a measure the load of other processes on a shared machine disturbs less."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, input=stdin)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    CPU.setdefault(name, []).append(_children_cpu() - cpu0)
    if rows := _WORKER_ROW.findall(out.stdout):
        RSS.setdefault(name, []).append(" ".join(f"{w} {mib} MiB/{docs} docs" for w, mib, docs in rows))
    return elapsed


PACKAGES = ("kg", "extractors", "schema", "api")
WARM_UP = "Amazon partnered with SK Telecom.\n아마존은 11번가와 손잡았다.\n"


def prepare(root: Path) -> None:
    """``root`` as installed: bytecode written, caches filled (see the module's docstring)."""
    subprocess.run([PY, "-m", "compileall", "-q", *PACKAGES], cwd=root, check=True, capture_output=True)
    subprocess.run(
        [PY, "-m", "kg", "extract", "-"], cwd=root, input=WARM_UP, text=True, check=True, capture_output=True
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--group", type=int, default=5)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--before", type=Path, default=None, help="another checkout, timed in the same rounds")
    args = ap.parse_args()
    roots = [("", ROOT)] + ([("before: ", args.before.resolve())] if args.before else [])
    for _, root in roots:
        prepare(root)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        what = corpus(folder, args.docs, args.group)
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"corpus: {what}, {size / 1024:.0f} KiB")
        results: dict[str, list[float]] = {}
        for r in range(args.repeat):
            results.setdefault("raw models", []).append(timed([PY, "-c", RAW, str(folder)], name="raw models"))
            for label, root in roots:
                for w in args.workers.split(","):
                    data = Path(tmp) / f"data-{label[:6]}{w}-{r}"
                    cmd = [PY, "-m", "kg", "ingest", str(folder), "--data-dir", str(data), "--workers", w]
                    name = f"{label}kg ingest --workers {w}"
                    results.setdefault(name, []).append(timed(cmd, root, name))
            load = [PY, "-c", "import spacy; from kg.config import Settings; spacy.load(Settings().spacy_model)"]
            results.setdefault("spacy.load alone", []).append(timed(load, name="spacy.load alone"))
            for label, root in roots:
                name = f"{label}kg extract one sentence"
                results.setdefault(name, []).append(_extract_one(root, name))
        raw = statistics.median(results["raw models"])
        raw_cpu = statistics.median(CPU["raw models"])
        for name, times in results.items():
            med = statistics.median(times)
            extra = ""
            if "kg ingest" in name:
                prefix = name.split("kg ingest")[0]
                one = statistics.median(results.get(f"{prefix}kg ingest --workers 1", [float("nan")]))
                extra = f"  ×{med / raw:.2f} of raw models, speed-up over --workers 1 ×{one / med:.2f}"
                extra += f", {args.docs / med:.1f} docs/s"
            spread = f"({min(times):.2f}–{max(times):.2f})" if len(times) > 1 else ""
            cpu = statistics.median(CPU[name])
            extra += f"; CPU {cpu:.1f} s" + (f" (×{cpu / raw_cpu:.2f} of raw)" if "kg ingest" in name else "")
            print(f"{name:36} {med:7.2f} s {spread:13}{extra}")
            for rss in RSS.get(name, []):
                print(f"{'':36}   peak memory: {rss}")
        spacy_load = statistics.median(results["spacy.load alone"])
        for label, _ in roots:
            extract = statistics.median(results[f"{label}kg extract one sentence"])
            print(f"{label}kg extract one sentence / spacy.load alone: ×{extract / spacy_load:.2f}")


def _extract_one(root: Path = ROOT, name: str = "kg extract one sentence") -> float:
    cmd = [PY, "-m", "kg", "extract", "-", "--lang", "en"]
    return timed(cmd, root, name, stdin="Hanwha Aerospace signed a deal with Boeing.")


if __name__ == "__main__":
    main()
