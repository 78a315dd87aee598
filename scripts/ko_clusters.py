"""Morpheme clusters from unlabelled Korean text, for the Korean NER model's cluster features.

Every Kiwi morpheme seen often enough gets a vector of its neighbours (positive PMI of the
morphemes one and two to the left and right), reduced by a randomised SVD, and is then assigned
to k-means clusters at a few granularities. The table (``form\\tc1\\tc2\\tc3``) is part of the
trained model: a morpheme in the same cluster as "대표"/"사장" or as "서울"/"부산" carries that
evidence to names and words the 5,000 labelled sentences never show.

Usage (normally called from ``scripts/train_korean_ner.py``)::

    .venv/bin/python scripts/ko_clusters.py ../shared/train --out /tmp/clusters.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

__all__ = ["DEFAULT_SIZES", "build_clusters", "training_texts", "write_clusters"]

DEFAULT_SIZES = (64, 256, 1024)


def training_texts(train_dir: Path) -> list[str]:
    """The unlabelled sentences of the training files (deduplicated, in a fixed order):
    KLUE-NER train, KLUE-RE train sentences and MultiCoNER sentences."""
    from ko_data import read_klue_ner, read_klue_re

    texts: dict[str, None] = {}
    for text, _ in read_klue_ner(train_dir / "klue_ner_train_part.tsv"):
        texts[text] = None
    for row in read_klue_re(train_dir / "klue_re_train.jsonl"):
        texts[row["sentence"]] = None
    words: list[str] = []
    with (train_dir / "multiconer_ko_train.conll").open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("# id"):
                continue
            if not line.strip():
                if words:
                    texts[" ".join(words)] = None
                words = []
                continue
            words.append(line.split(" ")[0])
    if words:
        texts[" ".join(words)] = None
    return list(texts)


def _kmeans(x: Any, k: int, seed: int, iterations: int = 25) -> Any:
    """Spherical k-means (rows of ``x`` are unit vectors); k-means++-style seeding."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = len(x)
    k = min(k, n)
    centers = np.empty((k, x.shape[1]), dtype=x.dtype)
    centers[0] = x[rng.integers(n)]
    dist = 1.0 - x @ centers[0]
    for c in range(1, k):
        p = np.maximum(dist, 0) ** 2
        total = p.sum()
        pick = rng.choice(n, p=p / total) if total > 0 else rng.integers(n)
        centers[c] = x[pick]
        dist = np.minimum(dist, 1.0 - x @ centers[c])
    assign = np.zeros(n, dtype=np.intp)
    for _ in range(iterations):
        new = np.empty(n, dtype=np.intp)
        for b in range(0, n, 8192):
            new[b : b + 8192] = (x[b : b + 8192] @ centers.T).argmax(axis=1)
        if (new == assign).all() and _:
            break
        assign = new
        sums = np.zeros_like(centers)
        np.add.at(sums, assign, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centers = np.where(empty[:, None], centers, sums / np.maximum(norms, 1e-9))
    return assign


def build_clusters(
    token_lists: Iterable[Sequence[str]],
    sizes: Sequence[int] = DEFAULT_SIZES,
    min_count: int = 3,
    contexts: int = 2000,
    dims: int = 100,
    seed: int = 0,
) -> dict[str, tuple[int, ...]]:
    """``{morpheme: (cluster id at each size)}`` for morphemes seen ``min_count`` times or more."""
    import numpy as np

    sents = [list(t) for t in token_lists]
    counts: Counter[str] = Counter(f for s in sents for f in s)
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    ctx_words = [f for f, _ in counts.most_common(contexts)]
    ctx_index = {f: i for i, f in enumerate(ctx_words)}
    n_ctx = len(ctx_words)
    offsets = (-2, -1, 1, 2)
    mat = np.zeros((len(vocab), n_ctx * len(offsets)), dtype=np.float32)
    rows: list[int] = []
    cols: list[int] = []
    for s in sents:
        ids = [index.get(f, -1) for f in s]
        cids = [ctx_index.get(f, -1) for f in s]
        n = len(s)
        for i, wi in enumerate(ids):
            if wi < 0:
                continue
            for k, off in enumerate(offsets):
                j = i + off
                if 0 <= j < n and cids[j] >= 0:
                    rows.append(wi)
                    cols.append(k * n_ctx + cids[j])
    np.add.at(mat, (np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)), 1.0)
    # positive PMI, then a randomised truncated SVD
    total = mat.sum()
    row_sum = mat.sum(axis=1, keepdims=True)
    col_sum = mat.sum(axis=0, keepdims=True) ** 0.75  # context smoothing (Levy et al.)
    col_sum *= total / col_sum.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(mat * total / np.maximum(row_sum * col_sum, 1e-9))
    mat = np.maximum(pmi, 0).astype(np.float32)
    del pmi
    rng = np.random.default_rng(seed)
    probe = rng.standard_normal((mat.shape[1], dims + 20)).astype(np.float32)
    q, _ = np.linalg.qr(mat @ probe)
    for _ in range(2):  # power iterations sharpen the leading subspace
        q, _ = np.linalg.qr(mat @ (mat.T @ q))
    u_small, sv, _ = np.linalg.svd(q.T @ mat, full_matrices=False)
    vec = (q @ u_small[:, :dims]) * np.sqrt(sv[:dims])
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    assigns = [_kmeans(vec, k, seed + k) for k in sizes]
    return {f: tuple(int(a[i]) for a in assigns) for i, f in enumerate(vocab)}


def write_clusters(path: Path, clusters: dict[str, tuple[int, ...]], sizes: Sequence[int], note: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# {note}\n# sizes: {' '.join(str(s) for s in sizes)}\n")
        for form in sorted(clusters):
            fh.write(form + "\t" + "\t".join(str(c) for c in clusters[form]) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", nargs="?", default=str(ROOT / ".." / "shared" / "train"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    from kiwipiepy import Kiwi

    t0 = time.time()
    texts = training_texts(Path(args.train_dir))
    kiwi = Kiwi(num_workers=2)
    tokens = [[t.form for t in toks] for toks in kiwi.tokenize(texts)]
    print(f"{len(texts)} sentences tokenised at {time.time() - t0:.0f}s", flush=True)
    clusters = build_clusters(tokens)
    write_clusters(Path(args.out), clusters, DEFAULT_SIZES, "morpheme clusters")
    print(json.dumps({"morphemes": len(clusters), "seconds": round(time.time() - t0)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
