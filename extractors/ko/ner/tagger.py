"""Character-level CRF named-entity tagger for Korean (PS/OG/LC), with Kiwi morphemes as features.

The tagger labels every character of a sentence with BIO tags over three types (``PS`` person,
``OG`` organisation, ``LC`` location), the KLUE-NER scheme, so spans are exact character spans
even where an entity ends inside a Kiwi token ("서울시" -> "서울"). Features per character: the
character and its neighbours (uni/bi/trigrams), the Kiwi tag of the morpheme it belongs to and
its position inside it, neighbouring morphemes' forms and tags, and a gazetteer match. The model
is a python-crfsuite file trained by ``scripts/train_korean_ner.py``. Experiment options the
shipped model does not use are read from its ``meta.json``: feature set 4 (morpheme clusters
from ``clusters.tsv``), BIOES tags, and domain-augmented attributes (their KLUE copy is summed
into the shared weight at load time).

Training (and crfsuite) use :func:`sentence_features`, one string per feature per character.
Inference computes the same scores without building those strings (``_feature_set_2_scores``,
numpy over a batch of sentences, weights read from the model) and decodes in numpy; a change to
feature set 2 must be made in both, and ``tests/models/korean/test_korean_tagger_paths.py``
fails if they disagree with crfsuite.

Example::

    tagger = CrfNerTagger(Path("extractors/ko/models/ner"))
    tokens = kiwi.tokenize("박정호 SK텔레콤 사장")
    tagger.tag("박정호 SK텔레콤 사장", tokens)   # [(0, 3, 'PS'), (4, 9, 'OG')]
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "LABELS",
    "CrfNerTagger",
    "Gazetteer",
    "KiwiToken",
    "KnownFeatures",
    "bio_to_spans",
    "domain_features",
    "load_clusters",
    "sentence_features",
    "spans_to_bio",
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
def _char_class(ch: str) -> str:
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
        for s in starts:
            for length in self._lengths.get(text[s : s + 2], ()):
                if s + length <= n:
                    label = self.names.get(text[s : s + length])
                    if label is not None:
                        found[s] = (s + length, label)
                        break
        return found


FEATURE_SET = 2  # what scripts/train_korean_ner.py writes; models record theirs in meta.json
# feature set 4 = set 2 plus morpheme clusters (scripts/ko_clusters.py): the cluster of a
# morpheme at each granularity (q1, q2, ...) and the middle granularity's cluster of its
# neighbours (pq, nq); measured no better than set 2, so not the default
_CLUSTER_PREFIXES = ("q1", "q2", "q3")


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """The morpheme cluster table written by ``scripts/ko_clusters.py``: ``{form: ids}``."""
    out: dict[str, tuple[str, ...]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                form, *ids = line.split("\t")
                out[form] = tuple(ids)
    return out


def _gazetteer_marks(text: str, tokens: Sequence[KiwiToken], gazetteer: Gazetteer | None, owner: Any) -> dict[int, str]:
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
    for p, tag in _gazetteer_marks(text, tokens, gazetteer, owner).items():
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
    # words (eojeol): runs of non-space characters, with their first/last morpheme
    words: list[tuple[int, int]] = []
    word_of = [-1] * n
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
    # features that depend only on the morpheme or the word are built once, not per character
    tok_static: list[list[str]] = []
    nt = len(tokens)
    for k, tok in enumerate(tokens):
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
                st += [p + "=" + c for p, c in zip(_CLUSTER_PREFIXES, q, strict=False)]
            pq = clusters.get(prev_tok.form) if prev_tok is not None else None
            if pq is not None and len(pq) > 1:
                st.append("pq=" + pq[1])
            nq = clusters.get(next_tok.form) if next_tok is not None else None
            if nq is not None and len(nq) > 1:
                st.append("nq=" + nq[1])
        tok_static.append(st)
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
            # the word without its trailing particles/endings: "SK텔레콤은" -> "SK텔레콤"
            stem_end = we
            ks = sorted({owner[p] for p in range(ws, we) if owner[p] >= 0})
            for k in reversed(ks):
                if tokens[k].tag.startswith(("J", "E")) and tokens[k].start > ws:
                    stem_end = tokens[k].start
                else:
                    break
            word_static[w].append("wsuf=" + text[max(ws, stem_end - 2) : stem_end])
            word_static[w].append("wlen=" + str(min(stem_end - ws, 8)))
    padded = "\x02\x02" + text + "\x03\x03"
    classes = ["^", *(_char_class(c) for c in text), "$"]
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


def domain_features(feats: list[list[str]], prefix: str) -> list[list[str]]:
    """Daumé's feature augmentation: each attribute shared and again under a domain prefix."""
    return [f + [prefix + x for x in f] for f in feats]


class KnownFeatures:
    """The attributes a trained model has weights for, numbered from 1 and indexed by feature
    template (the part before "=").

    crfsuite ignores attributes it has no weight for, so building only the known ones gives the
    same scores with far fewer lookups; :func:`known_sentence_features` keeps the order of
    :func:`sentence_features`.

    Example::

        known = KnownFeatures(["c=서", "t=NNP"])
        known.table("c")["서"]      # 1
        known.names[1]              # 'c=서'
    """

    def __init__(self, attributes: Iterable[str]) -> None:
        self.names: list[str] = ["", *dict.fromkeys(attributes)]  # id 0: no attribute
        self.ids = {name: i for i, name in enumerate(self.names) if i}
        self.templates: dict[str, dict[str, int]] = {}
        for name, i in self.ids.items():
            prefix, sep, value = name.partition("=")
            if sep:
                self.templates.setdefault(prefix, {})[value] = i
        self.bias = self.ids.get("b")

    def table(self, prefix: str) -> dict[str, int]:
        return self.templates.get(prefix, {})


_UNIGRAMS = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_NGRAMS = {"c-1c": (-1, 2), "cc+1": (0, 2), "c-1cc+1": (-1, 3), "c-2c-1c": (-2, 3), "cc+1c+2": (0, 3)}
_CLASSES = "^$SHDULAP"  # "^"/"$" stand for the padding before/after a sentence
_PAD_START, _PAD_END = "\x02", "\x03"
_NO_MORPHEME = "_"  # the form and tag that stand for a word no morpheme covers


class _CharTables:
    """Feature set 2's character templates as sorted integer keys (code points packed 21 bits
    each) so a whole batch of sentences is looked up with ``numpy.searchsorted``."""

    def __init__(self, known: KnownFeatures) -> None:
        import numpy as np

        self.templates: list[tuple[int, int, Any, Any]] = []  # (offset, length, keys, ids)
        for prefix, (offset, length) in [*((p, (o, 1)) for p, o in _UNIGRAMS.items()), *_NGRAMS.items()]:
            pairs = sorted(
                (_pack([ord(c) for c in value]), i) for value, i in known.table(prefix).items() if len(value) == length
            )
            keys = np.array([k for k, _ in pairs] or [-1], dtype=np.int64)
            ids = np.array([i for _, i in pairs] or [0], dtype=np.intp)
            self.templates.append((offset, length, keys, ids))
        # unigrams also as dense tables over the BMP: an index instead of a binary search
        self.dense: dict[int, Any] = {}
        for offset, length, keys, ids in self.templates:
            if length == 1:
                dense = np.zeros(0x10000, dtype=np.intp)
                bmp = (keys >= 0) & (keys < 0x10000)
                dense[keys[bmp]] = ids[bmp]
                self.dense[offset] = dense
        # character class of every BMP code point; the padding characters are "^" and "$"
        table = np.array([_CLASSES.index(_char_class(chr(c))) for c in range(0x10000)], dtype=np.intp)
        table[ord(_PAD_START)], table[ord(_PAD_END)] = _CLASSES.index("^"), _CLASSES.index("$")
        self.class_table = table
        # morpheme templates as arrays over the forms and tags the model knows (index 0:
        # unknown), plus four padding indices around each sentence: two before ("^" for pm/pt)
        # and two after ("$" for nm/nt); nnm/ppm have no attribute at the padding
        tab = known.table
        forms = set(tab("m")) | set(tab("pm")) | set(tab("nm")) | set(tab("nnm")) | set(tab("ppm"))
        forms |= {v[:-1] for v in tab("mp") if v[-1:] in ("S", "B", "I", "E")}
        forms |= set(tab("pwl")) | set(tab("nwf")) | set(tab("pwf")) | {_NO_MORPHEME}
        tags = set(tab("t")) | set(tab("pt")) | set(tab("nt")) | set(tab("wl")) | set(tab("wf")) | {_NO_MORPHEME}
        tags |= {v[:-1] for v in tab("tp") if v[-1:] in ("S", "B", "I", "E")}
        self.form_index = {f: i + 1 for i, f in enumerate(sorted(forms))}
        self.tag_index = {t: i + 1 for i, t in enumerate(sorted(tags))}
        self.form_pads = tuple(len(forms) + k for k in (1, 2, 3, 4))  # before2, before1, after1, after2
        self.tag_pads = tuple(len(tags) + k for k in (1, 2, 3, 4))

        def column(prefix: str, index: dict[str, int], pads: tuple[int, ...], edge: str = "") -> Any:
            values = np.zeros(len(index) + 5, dtype=np.intp)
            table = tab(prefix)
            for value, i in index.items():
                values[i] = table.get(value, 0)
            if edge == "^":
                values[pads[1]] = table.get("^", 0)
            elif edge == "$":
                values[pads[2]] = table.get("$", 0)
            return values

        fi, fp, ti, tp = self.form_index, self.form_pads, self.tag_index, self.tag_pads
        self.m, self.pm, self.nm = column("m", fi, fp), column("pm", fi, fp, "^"), column("nm", fi, fp, "$")
        self.nnm, self.ppm = column("nnm", fi, fp), column("ppm", fi, fp)
        self.t, self.pt, self.nt = column("t", ti, tp), column("pt", ti, tp, "^"), column("nt", ti, tp, "$")
        # word (eojeol) templates over the forms/tags of a word's first and last morpheme
        self.wl, self.wf = column("wl", ti, tp), column("wf", ti, tp)
        self.pwl, self.pwf = column("pwl", fi, fp, "^"), column("pwf", fi, fp, "^")
        self.nwf = column("nwf", fi, fp, "$")
        self.space_class = _CLASSES.index("S")
        self.mp = np.zeros((len(fi) + 5, 4), dtype=np.intp)
        for value, i in fi.items():
            self.mp[i] = [tab("mp").get(value + p, 0) for p in "SBIE"]
        # t3 (previous, own and next tag) over tag-index triples, "^"/"$" at the sentence's
        # edges being the before1/after1 padding indices
        n_tags = len(ti) + 5
        t3 = tab("t3")
        self.t3 = np.zeros(n_tags**3, dtype=np.intp)
        prevs = [(t, i) for t, i in ti.items()] + [("^", tp[1])]
        nexts = [(t, i) for t, i in ti.items()] + [("$", tp[2])]
        for a, ia in prevs:
            for b, ib in ti.items():
                base = (ia * n_tags + ib) * n_tags
                for c, ic in nexts:
                    self.t3[base + ic] = t3.get(a + b + c, 0)
        self.n_tags = n_tags
        self.tp = np.zeros((len(ti) + 5, 4), dtype=np.intp)
        for value, i in ti.items():
            self.tp[i] = [tab("tp").get(value + p, 0) for p in "SBIE"]
        self.class_ids = [
            np.array([known.table(prefix).get(c, 0) for c in _CLASSES], dtype=np.intp) for prefix in ("k", "k-1", "k+1")
        ]


def _cluster_ids(clusters: Mapping[str, tuple[str, ...]], known: KnownFeatures) -> dict[str, tuple[int, ...]]:
    """Per morpheme form, the attribute ids of feature set 4's cluster templates: its own
    clusters (q1, q2, q3), and pq/nq as seen from the next/previous morpheme."""
    tabs = [known.table(p) for p in (*_CLUSTER_PREFIXES, "pq", "nq")]
    out: dict[str, tuple[int, ...]] = {}
    for form, q in clusters.items():
        own = [tabs[i].get(q[i], 0) if i < len(q) else 0 for i in range(3)]
        mid = q[1] if len(q) > 1 else None
        ids = (*own, tabs[3].get(mid, 0) if mid else 0, tabs[4].get(mid, 0) if mid else 0)
        if any(ids):
            out[form] = ids
    return out


def _pack(codes: Sequence[int]) -> int:
    key = 0
    for c in codes:
        key = (key << 21) | c
    return key


def _char_ids(texts: Sequence[str], tables: _CharTables) -> Any:
    """Attribute ids ``(templates, characters)`` of the character templates for the
    concatenated ``texts`` (0 where the model has no such attribute)."""
    import numpy as np

    pad = _PAD_START * 2
    padded = "".join(pad + t + _PAD_END * 2 for t in texts)
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    real = np.ones(len(codes), dtype=bool)
    ends = np.cumsum([len(t) + 4 for t in texts])
    for k in (1, 2):  # the two pads after and (below) before every sentence
        real[ends - k] = False
    starts = ends - np.array([len(t) + 4 for t in texts])
    real[starts] = False
    real[starts + 1] = False
    pos = np.flatnonzero(real)
    rows = []
    bmp = np.minimum(codes, 0xFFFF)
    astral = np.flatnonzero(codes > 0xFFFF)
    for offset, length, keys, ids in tables.templates:
        if length == 1:
            at_pos = pos + offset
            row = tables.dense[offset][bmp[at_pos]]
            if len(astral):  # outside the BMP: rare, look up by binary search
                far = np.flatnonzero(codes[at_pos] > 0xFFFF)
                key = codes[at_pos[far]]
                at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
                row[far] = np.where(keys[at] == key, ids[at], 0)
            rows.append(row)
            continue
        key = codes[pos + offset]
        for k in range(1, length):
            key = (key << 21) | codes[pos + offset + k]
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        rows.append(np.where(keys[at] == key, ids[at], 0))
    cls = tables.class_table[bmp]
    for i in astral:  # outside the BMP: rare, classify one by one
        cls[i] = _CLASSES.index(_char_class(chr(int(codes[i]))))
    for shift, class_ids in zip((0, -1, 1), tables.class_ids, strict=True):
        rows.append(class_ids[cls[pos + shift]])
    return np.array(rows)


def _feature_set_2_scores(
    sentences: Sequence[tuple[str, Sequence[KiwiToken]]],
    gazetteer: Gazetteer | None,
    known: KnownFeatures,
    tables: _CharTables,
    weights: Any,
    cluster_ids: dict[str, tuple[int, ...]] | None = None,
) -> Any:
    """State scores ``(characters of all sentences, labels)`` of :func:`sentence_features`
    (feature set 2, or 4 with ``cluster_ids`` from :func:`_cluster_ids`) without building its
    strings: attribute ids per template, and what depends only on the morpheme or the word
    summed once per morpheme or word. Unknown attributes weigh nothing, as in crfsuite."""
    import numpy as np

    from extractors.ko.ner.kernels import add_rows, add_token_rows

    texts = [t for t, _ in sentences]
    char_ids = _char_ids(texts, tables)
    scores = np.zeros((char_ids.shape[1], weights.shape[1]))
    add_rows(scores, weights, char_ids)  # compiled: every template's weight row per character
    if known.bias is not None:
        scores += weights[known.bias]
    tab = known.table
    t_g = tab("g")
    form_seq: list[int] = []  # per sentence: two pads, its morphemes' form indices, two pads
    tag_seq: list[int] = []
    tok_at: list[int] = []  # each morpheme's place in form_seq/tag_seq
    all_tags: list[str] = []  # every morpheme's tag, in order (for tags the model does not know)
    form_index, tag_index, t3 = tables.form_index, tables.tag_index, tab("t3")
    fb2, fb1, fa1, fa2 = tables.form_pads
    tb2, tb1, ta1, ta2 = tables.tag_pads
    tok_start: list[int] = []
    tok_len: list[int] = []
    tok_limit: list[int] = []  # per morpheme: the end of its sentence
    word_strs: list[str] = []
    gaz_hits: list[tuple[int, int, int]] = []
    base = 0
    form_get, tag_get = form_index.get, tag_index.get
    use_gaz = gazetteer is not None and bool(gazetteer.names)
    cl_rows: list[tuple[int, ...]] = []  # per morpheme: its q1, q2, q3 ids, its pq and nq ids
    sent_tokens: list[int] = []
    no_cluster = (0, 0, 0, 0, 0)
    cl_get = (cluster_ids or {}).get
    sent_bounds: list[tuple[int, int]] = []  # per sentence: its first character, its length
    for text, tokens in sentences:
        n = len(text)
        nt = len(tokens)
        forms = [t.form for t in tokens]
        tags = [t.tag for t in tokens]
        starts = [t.start for t in tokens]
        at = len(form_seq) + 2
        tok_at.extend(range(at, at + nt))
        form_seq += [fb2, fb1, *[form_get(f, 0) for f in forms], fa1, fa2]
        tag_seq += [tb2, tb1, *[tag_get(t, 0) for t in tags], ta1, ta2]
        all_tags += tags
        tok_start += [base + st for st in starts]
        tok_len += [t.len for t in tokens]
        tok_limit += [base + n] * nt
        if cluster_ids is not None:
            cl_rows += [cl_get(f, no_cluster) for f in forms]
            sent_tokens.append(nt)
        sent_bounds.append((base, n))
        # words (eojeol): str.split() splits on the same whitespace as sentence_features' \S+
        word_strs += text.split()
        base += n
    total = base
    # the first morpheme over a character owns it (later overlapping ones do not); indices are
    # global, -1 for characters outside every morpheme
    own = _owners(tok_start, tok_len, tok_limit, total)
    if use_gaz:
        owners = own.tolist()
        for (text, tokens), (first, n) in zip(sentences, sent_bounds, strict=True):
            owner = owners[first : first + n]
            for i, g in _gazetteer_marks(text, tokens, gazetteer, owner).items():
                gaz_hits.append((first + i, t_g.get(g, 0), t_g.get(g[2:], 0)))
    # a last row for characters outside any morpheme ("t=_")
    tok_start.append(0)
    tok_len.append(1)
    # per morpheme: t, m, pt, nt, pm, nm, t3, nnm, ppm, then tp and mp by position S/B/I/E;
    # a last row for characters outside any morpheme ("t=_")
    fs, ts, ka = np.array(form_seq, dtype=np.intp), np.array(tag_seq, dtype=np.intp), np.array(tok_at, dtype=np.intp)
    f0, t0 = fs[ka], ts[ka]
    t_prev, t_next = ts[ka - 1], ts[ka + 1]
    t3_ids = tables.t3[(t_prev * tables.n_tags + t0) * tables.n_tags + t_next]
    for k in np.flatnonzero((t_prev == 0) | (t0 == 0) | (t_next == 0)).tolist():
        # a tag the model never saw: the attribute string, as crfsuite would build it
        before = "^" if t_prev[k] == tb1 else all_tags[k - 1]
        after = "$" if t_next[k] == ta1 else all_tags[k + 1]
        t3_ids[k] = t3.get(before + all_tags[k] + after, 0)
    static = np.stack(
        [
            tables.t[t0],
            tables.m[f0],
            tables.pt[ts[ka - 1]],
            tables.nt[ts[ka + 1]],
            tables.pm[fs[ka - 1]],
            tables.nm[fs[ka + 1]],
            t3_ids,
            tables.nnm[fs[ka + 2]],
            tables.ppm[fs[ka - 2]],
        ],
        axis=1,
    )
    if cluster_ids is not None:
        # a morpheme's own clusters, its previous morpheme's pq and its next one's nq (none
        # across a sentence boundary)
        cl = np.array(cl_rows or [no_cluster], dtype=np.intp).reshape(-1, 5)[: len(static)]
        last = np.cumsum(sent_tokens) - 1
        first = last - np.array(sent_tokens) + 1
        pq = np.roll(cl[:, 3], 1)
        pq[first[first <= last]] = 0
        nq = np.roll(cl[:, 4], -1)
        nq[last[last >= first]] = 0
        static = np.hstack([static, cl[:, :3], pq[:, None], nq[:, None]])
    no_tok = np.zeros((1, static.shape[1]), dtype=np.intp)
    no_tok[0, 0] = tab("t").get("_", 0)
    static = np.vstack([static, no_tok])
    by_pos = np.vstack([np.hstack([tables.tp[t0], tables.mp[f0]]), np.zeros((1, 8), dtype=np.intp)])
    idx = np.arange(total)
    own[own < 0] = len(static) - 1
    starts, lens = np.array(tok_start)[own], np.array(tok_len)[own]
    pos = _positions(idx - starts, lens)
    # each character's morpheme features and the tp/mp of its place in the morpheme, then its word's
    add_token_rows(scores, weights, np.ascontiguousarray(static), own, np.ascontiguousarray(by_pos), pos)
    add_rows(scores, weights, _word_ids(texts, word_strs, own, f0, t0, known, tables))
    if gaz_hits:  # one hit per character at most
        hit_at, g1, g2 = (np.array(col, dtype=np.intp) for col in zip(*gaz_hits, strict=True))
        scores[hit_at] += weights[g1] + weights[g2]
    return scores


def _owners(starts: Sequence[int], lens: Sequence[int], limits: Sequence[int], total: int) -> Any:
    """Per character of the concatenated sentences, the index of the first morpheme that covers
    it (morphemes cut at their sentence's end), -1 for none."""
    import numpy as np

    st = np.asarray(starts, dtype=np.intp)
    ends = np.minimum(st + np.asarray(lens, dtype=np.intp), np.asarray(limits, dtype=np.intp))
    width = np.maximum(ends - st, 0)
    covered = int(width.sum())
    first = np.cumsum(width) - width
    positions = np.repeat(st, width) + (np.arange(covered) - np.repeat(first, width))
    own = np.full(total, np.iinfo(np.intp).max, dtype=np.intp)
    np.minimum.at(own, positions, np.repeat(np.arange(len(st)), width))
    own[own == np.iinfo(np.intp).max] = -1
    return own


def _word_ids(
    texts: Sequence[str],
    word_strs: list[str],
    own: Any,
    tok_form: Any,
    tok_tag: Any,
    known: KnownFeatures,
    tables: _CharTables,
) -> Any:
    """Attribute ids ``(8, characters)`` of feature set 2's word (eojeol) templates for every
    character of the concatenated ``texts`` (0 outside words): ``own`` is each character's
    global morpheme (the no-morpheme row for none), ``tok_form``/``tok_tag`` the morphemes'
    form/tag indices, ``word_strs`` the words in order."""
    import numpy as np

    lens = np.array([len(t) for t in texts], dtype=np.intp)
    total = int(lens.sum())
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    # every Unicode whitespace character is in the BMP
    in_word = (codes > 0xFFFF) | (tables.class_table[np.minimum(codes, 0xFFFF)] != tables.space_class)
    sent_start = np.zeros(total, dtype=bool)
    sent_start[(np.cumsum(lens) - lens)[lens > 0]] = True
    word_first = in_word.copy()
    word_first[1:] &= ~in_word[:-1] | sent_start[1:]
    starts = np.flatnonzero(word_first)
    n_words = len(starts)
    if n_words == 0:
        return np.zeros((8, total), dtype=np.intp)
    if n_words != len(word_strs):  # cannot happen unless whitespace is classified differently
        raise AssertionError("word split mismatch")
    word_id = np.cumsum(word_first) - 1
    chars = np.flatnonzero(in_word)
    wid = word_id[chars]
    wlen = np.bincount(wid, minlength=n_words)
    # each word's first and last morpheme (min/max owner over its characters)
    no_tok = len(tok_form)
    o = own[chars]
    cut = np.concatenate([[0], np.cumsum(wlen)[:-1]])
    last = np.maximum.reduceat(np.where(o == no_tok, -1, o), cut)
    first = np.minimum.reduceat(o, cut)
    has = last >= 0
    last[~has] = 0
    first[~has] = 0
    nf, nt_ = tables.form_index[_NO_MORPHEME], tables.tag_index[_NO_MORPHEME]
    tag_first, tag_last = np.where(has, tok_tag[first], nt_), np.where(has, tok_tag[last], nt_)
    form_first, form_last = np.where(has, tok_form[first], nf), np.where(has, tok_form[last], nf)
    sent_of_word = np.cumsum(sent_start)[starts]
    prev_ok = np.zeros(n_words, dtype=bool)
    prev_ok[1:] = sent_of_word[1:] == sent_of_word[:-1]
    next_ok = np.zeros(n_words, dtype=bool)
    next_ok[:-1] = prev_ok[1:]
    before, after = tables.form_pads[1], tables.form_pads[2]
    prev_last = np.where(prev_ok, np.roll(form_last, 1), before)
    prev_first = np.where(prev_ok, np.roll(form_first, 1), before)
    next_first = np.where(next_ok, np.roll(form_first, -1), after)
    t_w, t_wpre = known.table("w"), known.table("wpre")
    rows = np.stack(
        [
            np.array([t_w.get(w, 0) for w in word_strs], dtype=np.intp),
            tables.wl[tag_last],
            tables.wf[tag_first],
            tables.pwl[prev_last],
            tables.nwf[next_first],
            tables.pwf[prev_first],
            np.array([t_wpre.get(w[:2], 0) for w in word_strs], dtype=np.intp),
        ],
        axis=1,
    )
    t_wp = known.table("wp")
    wp_ids = np.array([t_wp.get(p, 0) for p in "SBIE"], dtype=np.intp)
    offset = chars - starts[wid]
    out = np.zeros((8, total), dtype=np.intp)  # 0: no attribute (outside every word)
    out[:7, chars] = rows[wid].T
    out[7, chars] = wp_ids[_positions(offset, wlen[wid])]
    return out


def _positions(offset: Any, length: Any) -> Any:
    """Index of S/B/I/E (0-3) for offsets inside units of the given lengths."""
    import numpy as np

    return np.where(length == 1, 0, np.where(offset == 0, 1, np.where(offset == length - 1, 3, 2)))


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
    return _trim_spans(spans, text)


def _trim_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
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


class CrfNerTagger:
    """Loads the shipped CRF model directory (``model.crfsuite``, ``gazetteer.tsv``,
    ``meta.json``) and tags sentences.

    The weights are read out of the crfsuite model once and decoding runs in numpy, many
    sentences at a time (Viterbi for the tags, forward-backward for the confidence): handing
    crfsuite one string per feature per character cost more than all the rest of the extractor.
    The result is crfsuite's (``tests/models/korean/test_korean_ner_unit.py`` compares them).

    Example::

        tagger = CrfNerTagger(Path("extractors/ko/models/ner"))
        tagger.tag_many([(text, kiwi.tokenize(text))])   # [[(0, 3, 'PS', 0.98), ...]]
    """

    def __init__(self, model_dir: Path) -> None:
        import numpy as np
        import pycrfsuite

        model_path = model_dir / MODEL_FILE
        if not model_path.exists():
            from schema.errors import ModelNotInstalledError

            raise ModelNotInstalledError(f"Korean NER model not found at {model_path}; run scripts/train_korean_ner.py")
        self._crf: Any = pycrfsuite.Tagger()
        self._crf.open(str(model_path))
        self.gazetteer = Gazetteer.load(model_dir / GAZETTEER_FILE)
        self.clusters = load_clusters(model_dir / CLUSTERS_FILE)
        meta_path = model_dir / META_FILE
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.version = str(self.meta.get("version", "0"))
        self.feature_set = int(self.meta.get("features", 1))
        info = self._crf.info()
        self.labels: list[str] = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        label_id = {lab: i for i, lab in enumerate(self.labels)}
        # a model trained with domain-augmented features (scripts/train_korean_ner.py --adapt)
        # knows each attribute three times: shared, KLUE-only ("K|...") and other-data-only;
        # KLUE news is what it tags, so shared + KLUE-only weights are summed into one
        self.domain = str(self.meta.get("domain_prefix", ""))
        state: dict[tuple[str, str], float] = {}
        for (attr, label), w in info.state_features.items():
            if self.domain:
                if attr.startswith(self.domain):
                    attr = attr[len(self.domain) :]
                elif attr[1:2] == "|":
                    continue
            state[(attr, label)] = state.get((attr, label), 0.0) + w
        self.known = KnownFeatures(attr for attr, _ in state)
        n_labels = len(self.labels)
        self._weights = np.zeros((len(self.known.names), n_labels))  # row 0: no attribute
        for (attr, label), w in state.items():
            self._weights[self.known.ids[attr], label_id[label]] = w
        self._trans = np.zeros((n_labels, n_labels))
        for (src, dst), w in info.transitions.items():
            self._trans[label_id[src], label_id[dst]] = w
        self._exp_trans = np.exp(self._trans)
        self._tables = _CharTables(self.known)
        self._cluster_ids = _cluster_ids(self.clusters, self.known) if self.feature_set == 4 else None
        # labels as (B/I, type) for decoding straight from label indices; any other label
        # scheme goes through bio_to_spans
        self._label_kinds = [tuple(lab.split("-", 1)) if lab != "O" else ("O", "") for lab in self.labels]
        self._bio_labels = "O" in self.labels and all(
            lab == "O" or (lab[:2] in ("B-", "I-", "E-", "S-") and len(lab) > 2) for lab in self.labels
        )
        self._outside = self.labels.index("O") if self._bio_labels else -1

    def crfsuite_features(self, text: str, tokens: Sequence[KiwiToken]) -> list[list[str]]:
        """The attributes crfsuite's own tagger needs for this model (the reference the numpy
        path is tested against): :func:`sentence_features`, plus their KLUE-domain copies for
        a domain-augmented model."""
        feats = sentence_features(text, tokens, self.gazetteer, self.feature_set, self.clusters)
        return domain_features(feats, self.domain) if self.domain else feats

    def tag(self, text: str, tokens: Sequence[KiwiToken]) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, label, marginal probability of the span's first tag)``."""
        return self.tag_many([(text, tokens)])[0]

    def tag_many(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag` for many sentences, scored and decoded together."""
        texts = [t for t, _ in sentences]
        if self.feature_set in (2, 4) and sentences:
            # the batch's state scores stay one array from scoring to decoding
            states = _feature_set_2_scores(
                sentences, self.gazetteer, self.known, self._tables, self._weights, self._cluster_ids
            )
            return self._decode_states(states, texts)
        return self.decode(self.emissions(sentences), texts)

    def emissions(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[Any]:
        """State scores ``(len(text), labels)`` per sentence: the sum of the weights of each
        character's features (crfsuite's scores)."""
        import numpy as np

        if not sentences:
            return []
        if self.feature_set in (2, 4):
            scores = _feature_set_2_scores(
                sentences, self.gazetteer, self.known, self._tables, self._weights, self._cluster_ids
            )
            return np.split(scores, np.cumsum([len(t) for t, _ in sentences[:-1]]))
        out = []
        ids = self.known.ids
        for text, tokens in sentences:
            if not text:
                out.append(np.zeros((0, len(self.labels))))
                continue
            feats = sentence_features(text, tokens, self.gazetteer, self.feature_set, self.clusters)
            rows = [[ids[x] for x in f if x in ids] or [0] for f in feats]
            starts = np.zeros(len(rows), dtype=np.intp)
            np.cumsum([len(r) for r in rows[:-1]], out=starts[1:])
            flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.intp)
            out.append(np.add.reduceat(self._weights[flat], starts, axis=0))
        return out

    def decode(self, emissions: Sequence[Any], texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Viterbi tags and first-tag marginals for each sentence's state scores (compiled:
        :mod:`extractors.ko.ner.kernels`)."""
        import numpy as np

        if not texts:
            return []
        n_labels = len(self.labels)
        states = np.concatenate([np.asarray(e, dtype=np.float64).reshape(-1, n_labels) for e in emissions])
        return self._decode_states(states, texts)

    def _decode_states(self, states: Any, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`decode` of the sentences' state scores stacked in one ``(characters, labels)``
        array, in the order of ``texts``."""
        import numpy as np

        from extractors.ko.ner.kernels import viterbi_marginals

        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in texts], out=offsets[1:])
        paths, probs = viterbi_marginals(np.ascontiguousarray(states), offsets, self._trans, self._exp_trans)
        outside = self.labels.index("O") if "O" in self.labels else -1
        for i, text in enumerate(texts):
            a, b = int(offsets[i]), int(offsets[i + 1])
            if a == b:
                continue
            path = paths[a:b]
            if self._bio_labels:
                spans = self._path_spans(path, text)
            else:
                spans = bio_to_spans([self.labels[t] for t in path], text)
            for s, e, label in spans:
                if label not in LABELS:  # models trained with --all-labels also know DT/TI/QT
                    continue
                prob = float(probs[a + s]) if path[s] != outside else 0.5
                out[i].append((s, e, label, prob))
        return out

    def _path_spans(self, path: Any, text: str) -> list[tuple[int, int, str]]:
        """:func:`bio_to_spans` of a label-index path, visiting only its non-"O" characters."""
        kinds = self._label_kinds
        spans: list[tuple[int, int, str]] = []
        start, label, prev, closed = -1, "", -2, False
        for i in (path != self._outside).nonzero()[0].tolist():
            if i != prev + 1 and start >= 0:  # an "O" came between: it closed the span
                spans.append((start, prev + 1, label))
                start, label = -1, ""
            kind, lab = kinds[path[i]]
            if kind in ("B", "S") or lab != label or closed:
                if start >= 0:
                    spans.append((start, i, label))
                start, label = i, lab
            closed = kind in ("E", "S")
            prev = i
        if start >= 0:
            spans.append((start, prev + 1, label))
        return _trim_spans(spans, text)
