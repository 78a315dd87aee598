"""The NER model's features (one string per feature per character, what crfsuite reads), its
gazetteer, morpheme clusters, and BIO tags to spans and back.

Training (and crfsuite) use :func:`sentence_features`; inference computes the same scores in
numpy without building the strings (:mod:`extractors.ko.ner.scores`); a change to feature set 2
must be made in both, and ``tests/models/korean/ner/test_tagger_paths.py`` fails if they
disagree with crfsuite.

>>> spans_to_bio(5, [(0, 3, "PS")])
['B-PS', 'I-PS', 'I-PS', 'O', 'O']
>>> bio_to_spans(['B-PS', 'I-PS', 'I-PS', 'O', 'O'], "박정호 씨")
[(0, 3, 'PS')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "CLUSTERS_FILE",
    "CLUSTER_PREFIXES",
    "FEATURE_SET",
    "GAZETTEER_FILE",
    "LABELS",
    "META_FILE",
    "MODEL_FILE",
    "Gazetteer",
    "KiwiToken",
    "bio_to_spans",
    "char_class",
    "domain_features",
    "gazetteer_marks",
    "load_clusters",
    "sentence_features",
    "spans_to_bio",
    "trim_spans",
]

LABELS = ("PS", "OG", "LC")
MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv"
CLUSTERS_FILE = "clusters.tsv"
META_FILE = "meta.json"
_MAX_GAZ_LEN = 16
_WORD_RE = re.compile(r"\S+")


class KiwiToken(Protocol):
    """The part of ``kiwipiepy.Token`` the features read."""

    form: str
    tag: str
    start: int
    len: int


@functools.lru_cache(maxsize=4096)
def char_class(ch: str) -> str:
    if ch.isspace():
        return "S"
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3:
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "U" if ch.isupper() else "L"
    if ch.isalpha():
        return "A"  # hanja and other scripts
    return "P"


class Gazetteer:
    """Known names by type, matched longest-first from morpheme starts.

    Example::

        gaz = Gazetteer({"SK텔레콤": "OG"})
        gaz.match("박정호 SK텔레콤 사장", starts=[0, 4, 10])   # {4: (9, 'OG')}
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.max_len = min(_MAX_GAZ_LEN, max((len(n) for n in names), default=0))
        # lengths of names by their first two characters, longest first: most starts match none
        by_prefix: dict[str, set[int]] = {}
        for name in names:
            if 2 <= len(name) <= self.max_len:
                by_prefix.setdefault(name[:2], set()).add(len(name))
        self._lengths = {k: sorted(v, reverse=True) for k, v in by_prefix.items()}

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """The gazetteer file at ``path`` (none: an empty gazetteer), read once per process
        while the file is unchanged: the tagger and the lexicons read the same one."""
        try:
            stat = path.stat()
            version: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            version = None
        return _load_gazetteer(path, version)

    @classmethod
    def read(cls, path: Path) -> Gazetteer:
        """The gazetteer file at ``path`` read now (none: an empty gazetteer)."""
        names: dict[str, str] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    name, _, label = line.partition("\t")
                    names[name] = label
        return cls(names)

    def match(self, text: str, starts: Iterable[int]) -> dict[int, tuple[int, str]]:
        """Longest match at each start offset: ``{start: (end, label)}``; matches must not
        continue into a Hangul/Latin letter of the same run, except Hangul particles follow."""
        found: dict[int, tuple[int, str]] = {}
        n = len(text)
        lengths_at, label_of = self._lengths.get, self.names.get  # bound once: called per start
        for s in starts:
            lengths = lengths_at(text[s : s + 2])
            if lengths is None:  # most starts begin no name
                continue
            for length in lengths:
                e = s + length
                if e <= n:
                    label = label_of(text[s:e])
                    if label is not None:
                        found[s] = (e, label)
                        break
        return found


@functools.lru_cache(maxsize=4)
def _load_gazetteer(path: Path, version: tuple[int, int] | None) -> Gazetteer:
    """:meth:`Gazetteer.read`, kept per path and file version (size, modification time)."""
    return Gazetteer.read(path)


FEATURE_SET = 2  # what scripts/train_korean_ner.py writes; models record theirs in meta.json
# feature set 4 = set 2 plus morpheme clusters (scripts/ko_clusters.py): the cluster of a
# morpheme at each granularity (q1, q2, ...) and the middle granularity's cluster of its
# neighbours (pq, nq); measured no better than set 2, so not the default
CLUSTER_PREFIXES = ("q1", "q2", "q3")


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """The morpheme cluster table written by ``scripts/ko_clusters.py``: ``{form: ids}``."""
    out: dict[str, tuple[str, ...]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                form, *ids = line.split("\t")
                out[form] = tuple(ids)
    return out


def gazetteer_marks(text: str, tokens: Sequence[KiwiToken], gazetteer: Gazetteer | None, owner: Any) -> dict[int, str]:
    """The characters a gazetteer match covers: ``{offset: "B-OG"/"I-OG"}``, "~" added when the
    match ends inside a word. ``owner`` may hold morpheme indices with any fixed offset (only
    equality between neighbours is read)."""
    n = len(text)
    marks: dict[int, str] = {}
    if gazetteer is not None and gazetteer.names:
        for s, (e, label) in gazetteer.match(text, sorted({t.start for t in tokens})).items():
            if any(p in marks for p in range(s, e)):
                continue
            # does the match end on a morpheme/word boundary? (a cut inside a word is weak)
            cut = "" if e >= n or owner[e] != owner[e - 1] or text[e].isspace() else "~"
            marks[s] = "B-" + label + cut
            inside = "I-" + label + cut
            for p in range(s + 1, e):
                marks[p] = inside
    return marks


def _gazetteer_tags(text: str, tokens: Sequence[KiwiToken], gazetteer: Gazetteer | None, owner: list[int]) -> list[str]:
    """Per character "B-OG"/"I-OG" of a gazetteer match, "~" added when it ends inside a word."""
    gaz_tag = [""] * len(text)
    for p, tag in gazetteer_marks(text, tokens, gazetteer, owner).items():
        gaz_tag[p] = tag
    return gaz_tag


def sentence_features(
    text: str,
    tokens: Sequence[KiwiToken],
    gazetteer: Gazetteer | None,
    feature_set: int = FEATURE_SET,
    clusters: Mapping[str, tuple[str, ...]] | None = None,
) -> list[list[str]]:
    """One feature list per character of ``text``; ``tokens`` are Kiwi tokens of ``text``
    with offsets relative to it. ``feature_set`` 2 adds word (eojeol) context, 3 a wider
    character window and the word's stem end (before its particles), 4 is set 2 plus the
    morpheme clusters in ``clusters``."""
    n = len(text)
    # morpheme index covering each character (-1 for spaces Kiwi skips)
    owner = [-1] * n
    for k, tok in enumerate(tokens):
        for p in range(tok.start, min(n, tok.start + tok.len)):
            if owner[p] == -1:
                owner[p] = k
    gaz_tag = _gazetteer_tags(text, tokens, gazetteer, owner)
    words, word_of, word_static = _words(text, tokens, owner, feature_set)
    # features that depend only on the morpheme or the word are built once, not per character
    tok_static = [_token_features(tokens, k, feature_set, clusters) for k in range(len(tokens))]
    padded = "\x02\x02" + text + "\x03\x03"
    classes = ["^", *(char_class(c) for c in text), "$"]
    feats: list[list[str]] = []
    for i in range(n):
        j = i + 2
        f = [
            "b",
            "c=" + padded[j],
            "c-1=" + padded[j - 1],
            "c+1=" + padded[j + 1],
            "c-2=" + padded[j - 2],
            "c+2=" + padded[j + 2],
            "c-1c=" + padded[j - 1 : j + 1],
            "cc+1=" + padded[j : j + 2],
            "c-1cc+1=" + padded[j - 1 : j + 2],
            "c-2c-1c=" + padded[j - 2 : j + 1],
            "cc+1c+2=" + padded[j : j + 3],
            "k=" + classes[i + 1],
            "k-1=" + classes[i],
            "k+1=" + classes[i + 2],
        ]
        if feature_set == 3:
            f.append("c-3=" + (text[i - 3] if i >= 3 else "^"))
            f.append("c+3=" + (text[i + 3] if i + 3 < n else "$"))
            f.append("c-1c+1=" + padded[j - 1] + padded[j + 1])
        k = owner[i]
        if k >= 0:
            tok = tokens[k]
            off = i - tok.start
            pos = "S" if tok.len == 1 else ("B" if off == 0 else ("E" if off == tok.len - 1 else "I"))
            f += tok_static[k]
            f.append("tp=" + tok.tag + pos)
            f.append("mp=" + tok.form + pos)
        else:
            f.append("t=_")
        g = gaz_tag[i]
        if g:
            f.append("g=" + g)
            f.append("g=" + g[2:])
        w = word_of[i]
        if w >= 0:
            ws, we = words[w]
            f += word_static[w]
            f.append("wp=" + ("S" if we - ws == 1 else "B" if i == ws else "E" if i == we - 1 else "I"))
        feats.append(f)
    return feats


def _token_features(
    tokens: Sequence[KiwiToken], k: int, feature_set: int, clusters: Mapping[str, tuple[str, ...]] | None
) -> list[str]:
    """The features of morpheme ``k`` that every character of it shares."""
    nt = len(tokens)
    tok = tokens[k]
    prev_tok = tokens[k - 1] if k > 0 else None
    next_tok = tokens[k + 1] if k + 1 < nt else None
    pt = prev_tok.tag if prev_tok else "^"
    ntag = next_tok.tag if next_tok else "$"
    st = [
        "t=" + tok.tag,
        "m=" + tok.form,
        "pt=" + pt,
        "nt=" + ntag,
        "pm=" + (prev_tok.form if prev_tok else "^"),
        "nm=" + (next_tok.form if next_tok else "$"),
        "t3=" + pt + tok.tag + ntag,
    ]
    if next_tok is not None and k + 2 < nt:
        st.append("nnm=" + tokens[k + 2].form)
    if prev_tok is not None and k > 1:
        st.append("ppm=" + tokens[k - 2].form)
    if feature_set == 4 and clusters:
        q = clusters.get(tok.form)
        if q is not None:
            st += [p + "=" + c for p, c in zip(CLUSTER_PREFIXES, q, strict=False)]
        pq = clusters.get(prev_tok.form) if prev_tok is not None else None
        if pq is not None and len(pq) > 1:
            st.append("pq=" + pq[1])
        nq = clusters.get(next_tok.form) if next_tok is not None else None
        if nq is not None and len(nq) > 1:
            st.append("nq=" + nq[1])
    return st


def _words(
    text: str, tokens: Sequence[KiwiToken], owner: list[int], feature_set: int
) -> tuple[list[tuple[int, int]], list[int], list[list[str]]]:
    """The words (eojeol, runs of non-space characters) of feature sets 2 and up: their spans,
    the word of each character (-1: none) and the features every character of a word shares
    (its first and last morphemes, its neighbours' ...)."""
    words: list[tuple[int, int]] = []
    word_of = [-1] * len(text)
    word_tags: list[tuple[str, str]] = []
    word_forms: list[tuple[str, str]] = []
    if feature_set >= 2:
        for m in _WORD_RE.finditer(text):
            for p in range(m.start(), m.end()):
                word_of[p] = len(words)
            words.append((m.start(), m.end()))
            ks = [owner[p] for p in range(m.start(), m.end()) if owner[p] >= 0]
            if ks:
                first, last = tokens[min(ks)], tokens[max(ks)]
                word_tags.append((first.tag, last.tag))
                word_forms.append((first.form, last.form))
            else:
                word_tags.append(("_", "_"))
                word_forms.append(("_", "_"))
    word_static: list[list[str]] = []
    for w, (ws, we) in enumerate(words):
        word_static.append(
            [
                "w=" + text[ws:we],
                "wl=" + word_tags[w][1],
                "wf=" + word_tags[w][0],
                "pwl=" + (word_forms[w - 1][1] if w > 0 else "^"),
                "nwf=" + (word_forms[w + 1][0] if w + 1 < len(words) else "$"),
                "pwf=" + (word_forms[w - 1][0] if w > 0 else "^"),
                "wpre=" + text[ws : min(we, ws + 2)],
            ]
        )
    if feature_set == 3:
        for w, (ws, we) in enumerate(words):
            word_static[w] += _stem_features(text, tokens, owner, ws, we)
    return words, word_of, word_static


def _stem_features(text: str, tokens: Sequence[KiwiToken], owner: list[int], ws: int, we: int) -> list[str]:
    """Feature set 3: the end of the word without its trailing particles and endings
    ("SK텔레콤은" -> "SK텔레콤") and that stem's length."""
    stem_end = we
    ks = sorted({owner[p] for p in range(ws, we) if owner[p] >= 0})
    for k in reversed(ks):
        if tokens[k].tag.startswith(("J", "E")) and tokens[k].start > ws:
            stem_end = tokens[k].start
        else:
            break
    return ["wsuf=" + text[max(ws, stem_end - 2) : stem_end], "wlen=" + str(min(stem_end - ws, 8))]


def domain_features(feats: list[list[str]], prefix: str) -> list[list[str]]:
    """Daumé's feature augmentation: each attribute shared and again under a domain prefix."""
    return [f + [prefix + x for x in f] for f in feats]


def spans_to_bio(n: int, spans: Iterable[tuple[int, int, str]], scheme: str = "bio") -> list[str]:
    """Character tags for ``spans``: BIO, or with ``scheme="bioes"`` also E- on a span's last
    character and S- on a one-character span."""
    tags = ["O"] * n
    for s, e, label in spans:
        tags[s] = "B-" + label
        for p in range(s + 1, e):
            tags[p] = "I-" + label
        if scheme == "bioes":
            if e - s == 1:
                tags[s] = "S-" + label
            else:
                tags[e - 1] = "E-" + label
    return tags


def bio_to_spans(tags: Sequence[str], text: str) -> list[tuple[int, int, str]]:
    """BIO (or BIOES) tags to ``(start, end, label)``; an ``I-``/``E-`` after a different label
    or after a closed span (``E-``/``S-``) opens a span, and spans are trimmed of surrounding
    spaces."""
    spans: list[tuple[int, int, str]] = []
    start, label, closed = -1, "", False
    for i, tag in enumerate([*tags, "O"]):
        kind, _, lab = tag.partition("-")
        if kind in ("B", "S", "O") or lab != label or closed:
            if start >= 0:
                spans.append((start, i, label))
            start, label = (i, lab) if kind != "O" else (-1, "")
        closed = kind in ("E", "S")
    return trim_spans(spans, text)


def trim_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Spans without their surrounding spaces; spans of spaces only are dropped."""
    trimmed: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e, lab))
    return trimmed
