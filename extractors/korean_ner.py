"""Character-level CRF named-entity tagger for Korean (PS/OG/LC), with Kiwi morphemes as features.

The tagger labels every character of a sentence with BIO tags over three types (``PS`` person,
``OG`` organisation, ``LC`` location), the KLUE-NER scheme, so spans are exact character spans
even where an entity ends inside a Kiwi token ("서울시" -> "서울"). Features per character: the
character and its neighbours (uni/bi/trigrams), the Kiwi tag of the morpheme it belongs to and
its position inside it, neighbouring morphemes' forms and tags, and a gazetteer match. The model
is a python-crfsuite file trained by ``scripts/train_korean_ner.py``.

Training (and crfsuite) use :func:`sentence_features`, one string per feature per character.
Inference computes the same scores without building those strings (``_feature_set_2_scores``,
numpy over a batch of sentences, weights read from the model) and decodes in numpy; a change to
feature set 2 must be made in both, and ``tests/models/korean/test_korean_tagger_paths.py``
fails if they disagree with crfsuite.

Example::

    tagger = CrfNerTagger(Path("extractors/models/ko_ner"))
    tokens = kiwi.tokenize("박정호 SK텔레콤 사장")
    tagger.tag("박정호 SK텔레콤 사장", tokens)   # [(0, 3, 'PS'), (4, 9, 'OG')]
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "LABELS",
    "CrfNerTagger",
    "Gazetteer",
    "KiwiToken",
    "KnownFeatures",
    "bio_to_spans",
    "sentence_features",
    "spans_to_bio",
]

LABELS = ("PS", "OG", "LC")
MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv"
META_FILE = "meta.json"
_MAX_GAZ_LEN = 16
_DECODE_BATCH = 256  # sentences decoded together, sorted by length so little is padding
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


def _gazetteer_tags(text: str, tokens: Sequence[KiwiToken], gazetteer: Gazetteer | None, owner: list[int]) -> list[str]:
    """Per character "B-OG"/"I-OG" of a gazetteer match, "~" added when it ends inside a word."""
    n = len(text)
    gaz_tag = [""] * n
    if gazetteer is not None and gazetteer.names:
        for s, (e, label) in gazetteer.match(text, sorted({t.start for t in tokens})).items():
            if any(gaz_tag[p] for p in range(s, e)):
                continue
            gaz_tag[s] = "B-" + label
            for p in range(s + 1, e):
                gaz_tag[p] = "I-" + label
            # does the match end on a morpheme/word boundary? (a cut inside a word is weak)
            end_ok = e >= n or owner[e] != owner[e - 1] or text[e].isspace()
            if not end_ok:
                for p in range(s, e):
                    gaz_tag[p] += "~"
    return gaz_tag


def sentence_features(
    text: str, tokens: Sequence[KiwiToken], gazetteer: Gazetteer | None, feature_set: int = FEATURE_SET
) -> list[list[str]]:
    """One feature list per character of ``text``; ``tokens`` are Kiwi tokens of ``text``
    with offsets relative to it. ``feature_set`` 2 adds word (eojeol) context, 3 a wider
    character window and the word's stem end (before its particles)."""
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
    if feature_set >= 3:
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
        if feature_set >= 3:
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
        tags = set(tab("t")) | set(tab("pt")) | set(tab("nt"))
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
        self.mp = np.zeros((len(fi) + 5, 4), dtype=np.intp)
        for value, i in fi.items():
            self.mp[i] = [tab("mp").get(value + p, 0) for p in "SBIE"]
        self.tp = np.zeros((len(ti) + 5, 4), dtype=np.intp)
        for value, i in ti.items():
            self.tp[i] = [tab("tp").get(value + p, 0) for p in "SBIE"]
        self.class_ids = [
            np.array([known.table(prefix).get(c, 0) for c in _CLASSES], dtype=np.intp) for prefix in ("k", "k-1", "k+1")
        ]


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
    for offset, length, keys, ids in tables.templates:
        key = codes[pos + offset]
        for k in range(1, length):
            key = (key << 21) | codes[pos + offset + k]
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        rows.append(np.where(keys[at] == key, ids[at], 0))
    cls = tables.class_table[np.minimum(codes, 0xFFFF)]
    for i in np.flatnonzero(codes > 0xFFFF):  # outside the BMP: rare, classify one by one
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
) -> Any:
    """State scores ``(characters of all sentences, labels)`` of :func:`sentence_features`
    (feature set 2) without building its strings: attribute ids per template, and what
    depends only on the morpheme or the word summed once per morpheme or word. Unknown
    attributes weigh nothing, as in crfsuite."""
    import numpy as np

    texts = [t for t, _ in sentences]
    char_ids = _char_ids(texts, tables)
    scores = weights[char_ids[0]]
    for row in char_ids[1:]:  # one template at a time: a (templates, chars, labels) gather is large
        scores += weights[row]
    if known.bias is not None:
        scores += weights[known.bias]
    tab = known.table
    t_w, t_wl, t_wf, t_pwl, t_nwf, t_pwf, t_wpre = (
        tab("w"),
        tab("wl"),
        tab("wf"),
        tab("pwl"),
        tab("nwf"),
        tab("pwf"),
        tab("wpre"),
    )
    t_g = tab("g")
    form_seq: list[int] = []  # per sentence: two pads, its morphemes' form indices, two pads
    tag_seq: list[int] = []
    tok_at: list[int] = []  # each morpheme's place in form_seq/tag_seq
    t3_ids: list[int] = []
    form_index, tag_index, t3 = tables.form_index, tables.tag_index, tab("t3")
    fb2, fb1, fa1, fa2 = tables.form_pads
    tb2, tb1, ta1, ta2 = tables.tag_pads
    tok_start: list[int] = []
    tok_len: list[int] = []
    own_all: list[int] = []  # per character: global morpheme index, -1 for none
    word_rows: list[tuple[int, ...]] = []
    word_start: list[int] = []
    word_len: list[int] = []
    word_all: list[int] = []  # per character: global word index, -1 for none
    gaz_hits: list[tuple[int, int, int]] = []
    base = 0
    for text, tokens in sentences:
        n = len(text)
        nt = len(tokens)
        tb = len(tok_at)
        # the first morpheme over a character owns it (later overlapping ones do not)
        owner = [-1] * n
        for k in range(nt - 1, -1, -1):
            tok = tokens[k]
            end = min(n, tok.start + tok.len)
            if end > tok.start:
                owner[tok.start : end] = [k] * (end - tok.start)
        forms = [t.form for t in tokens]
        tags = [t.tag for t in tokens]
        at = len(form_seq) + 2
        tok_at.extend(range(at, at + nt))
        form_seq += [fb2, fb1, *[form_index.get(f, 0) for f in forms], fa1, fa2]
        tag_seq += [tb2, tb1, *[tag_index.get(t, 0) for t in tags], ta1, ta2]
        t3_ids += [t3.get(a + b + c, 0) for a, b, c in zip(["^", *tags[:-1]], tags, [*tags[1:], "$"], strict=True)]
        tok_start += [base + t.start for t in tokens]
        tok_len += [t.len for t in tokens]
        own_all.extend([k + tb if k >= 0 else -1 for k in owner])
        if gazetteer is not None and gazetteer.names:
            for i, g in enumerate(_gazetteer_tags(text, tokens, gazetteer, owner)):
                if g:
                    gaz_hits.append((base + i, t_g.get(g, 0), t_g.get(g[2:], 0)))
        # words (eojeol) with their first/last morpheme's tag and form
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
        nw = len(words)
        wb = len(word_rows)
        word_of = [-1] * n
        ends: list[tuple[str, str, str, str]] = []
        for w, (ws, we) in enumerate(words):
            word_of[ws:we] = [w + wb] * (we - ws)
            ks = [k for k in owner[ws:we] if k >= 0]
            if ks:
                first, last = min(ks), max(ks)
                ends.append((tags[first], tags[last], forms[first], forms[last]))
            else:
                ends.append(("_", "_", "_", "_"))
        for w, (ws, we) in enumerate(words):
            word_rows.append(
                (
                    t_w.get(text[ws:we], 0),
                    t_wl.get(ends[w][1], 0),
                    t_wf.get(ends[w][0], 0),
                    t_pwl.get(ends[w - 1][3] if w > 0 else "^", 0),
                    t_nwf.get(ends[w + 1][2] if w + 1 < nw else "$", 0),
                    t_pwf.get(ends[w - 1][2] if w > 0 else "^", 0),
                    t_wpre.get(text[ws : min(we, ws + 2)], 0),
                )
            )
            word_start.append(base + ws)
            word_len.append(we - ws)
        word_all.extend(word_of)
        base += n
    total = base
    # a last row for characters outside any morpheme ("t=_") or word (nothing)
    tok_start.append(0)
    tok_len.append(1)
    word_rows.append((0,) * 7)
    word_start.append(0)
    word_len.append(1)
    # per morpheme: t, m, pt, nt, pm, nm, t3, nnm, ppm, then tp and mp by position S/B/I/E;
    # a last row for characters outside any morpheme ("t=_")
    fs, ts, ka = np.array(form_seq, dtype=np.intp), np.array(tag_seq, dtype=np.intp), np.array(tok_at, dtype=np.intp)
    f0, t0 = fs[ka], ts[ka]
    static = np.stack(
        [
            tables.t[t0],
            tables.m[f0],
            tables.pt[ts[ka - 1]],
            tables.nt[ts[ka + 1]],
            tables.pm[fs[ka - 1]],
            tables.nm[fs[ka + 1]],
            np.array(t3_ids, dtype=np.intp),
            tables.nnm[fs[ka + 2]],
            tables.ppm[fs[ka - 2]],
        ],
        axis=1,
    )
    no_tok = np.zeros((1, 9), dtype=np.intp)
    no_tok[0, 0] = tab("t").get("_", 0)
    static = np.vstack([static, no_tok])
    by_pos = np.vstack([np.hstack([tables.tp[t0], tables.mp[f0]]), np.zeros((1, 8), dtype=np.intp)])
    idx = np.arange(total)
    own = np.array(own_all, dtype=np.intp)
    own[own < 0] = len(static) - 1
    starts, lens = np.array(tok_start)[own], np.array(tok_len)[own]
    scores += _row_sum(weights, static)[own]
    pos = _positions(idx - starts, lens)
    scores += weights[by_pos[own, pos]] + weights[by_pos[own, pos + 4]]  # tp, mp
    wof = np.array(word_all, dtype=np.intp)
    outside = wof < 0
    wof[outside] = len(word_rows) - 1
    t_wp = tab("wp")
    wp_scores = np.vstack([weights[[t_wp.get(p, 0) for p in "SBIE"]], np.zeros((1, weights.shape[1]))])
    wpos = _positions(idx - np.array(word_start)[wof], np.array(word_len)[wof])
    wpos[outside] = 4  # no "wp" outside words
    scores += _row_sum(weights, np.array(word_rows, dtype=np.intp))[wof] + wp_scores[wpos]
    for i, g1, g2 in gaz_hits:
        scores[i] += weights[g1] + weights[g2]
    return scores


def _row_sum(weights: Any, ids: Any) -> Any:
    """``weights[ids].sum(axis=1)`` one column at a time (no (rows, columns, labels) temporary)."""
    out = weights[ids[:, 0]]
    for c in range(1, ids.shape[1]):
        out += weights[ids[:, c]]
    return out


def _positions(offset: Any, length: Any) -> Any:
    """Index of S/B/I/E (0-3) for offsets inside units of the given lengths."""
    import numpy as np

    return np.where(length == 1, 0, np.where(offset == 0, 1, np.where(offset == length - 1, 3, 2)))


def spans_to_bio(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for s, e, label in spans:
        tags[s] = "B-" + label
        for p in range(s + 1, e):
            tags[p] = "I-" + label
    return tags


def bio_to_spans(tags: Sequence[str], text: str) -> list[tuple[int, int, str]]:
    """BIO tags to ``(start, end, label)``; an ``I-`` after a different label opens a span,
    and spans are trimmed of surrounding spaces."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, lab = tag.partition("-")
        if kind == "B" or kind == "O" or (kind == "I" and lab != label):
            if start >= 0:
                spans.append((start, i, label))
            start, label = (i, lab) if kind in ("B", "I") else (-1, "")
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

        tagger = CrfNerTagger(Path("extractors/models/ko_ner"))
        tagger.tag_many([(text, kiwi.tokenize(text))])   # [[(0, 3, 'PS', 0.98), ...]]
    """

    def __init__(self, model_dir: Path) -> None:
        import numpy as np
        import pycrfsuite

        model_path = model_dir / MODEL_FILE
        if not model_path.exists():
            from kg.errors import ModelNotInstalledError

            raise ModelNotInstalledError(f"Korean NER model not found at {model_path}; run scripts/train_korean_ner.py")
        self._crf: Any = pycrfsuite.Tagger()
        self._crf.open(str(model_path))
        self.gazetteer = Gazetteer.load(model_dir / GAZETTEER_FILE)
        meta_path = model_dir / META_FILE
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.version = str(self.meta.get("version", "0"))
        self.feature_set = int(self.meta.get("features", 1))
        info = self._crf.info()
        self.labels: list[str] = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        label_id = {lab: i for i, lab in enumerate(self.labels)}
        self.known = KnownFeatures(attr for attr, _ in info.state_features)
        n_labels = len(self.labels)
        self._weights = np.zeros((len(self.known.names), n_labels))  # row 0: no attribute
        for (attr, label), w in info.state_features.items():
            self._weights[self.known.ids[attr], label_id[label]] = w
        self._trans = np.zeros((n_labels, n_labels))
        for (src, dst), w in info.transitions.items():
            self._trans[label_id[src], label_id[dst]] = w
        self._exp_trans = np.exp(self._trans)
        self._tables = _CharTables(self.known)

    def tag(self, text: str, tokens: Sequence[KiwiToken]) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, label, marginal probability of the span's first tag)``."""
        return self.tag_many([(text, tokens)])[0]

    def tag_many(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag` for many sentences, scored and decoded together."""
        return self.decode(self.emissions(sentences), [t for t, _ in sentences])

    def emissions(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[Any]:
        """State scores ``(len(text), labels)`` per sentence: the sum of the weights of each
        character's features (crfsuite's scores)."""
        import numpy as np

        if not sentences:
            return []
        if self.feature_set == 2:
            scores = _feature_set_2_scores(sentences, self.gazetteer, self.known, self._tables, self._weights)
            return np.split(scores, np.cumsum([len(t) for t, _ in sentences[:-1]]))
        out = []
        ids = self.known.ids
        for text, tokens in sentences:
            if not text:
                out.append(np.zeros((0, len(self.labels))))
                continue
            feats = sentence_features(text, tokens, self.gazetteer, self.feature_set)
            rows = [[ids[x] for x in f if x in ids] or [0] for f in feats]
            starts = np.zeros(len(rows), dtype=np.intp)
            np.cumsum([len(r) for r in rows[:-1]], out=starts[1:])
            flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.intp)
            out.append(np.add.reduceat(self._weights[flat], starts, axis=0))
        return out

    def decode(self, emissions: Sequence[Any], texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Viterbi tags and first-tag marginals for each sentence's state scores."""
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), _DECODE_BATCH):
            group = [i for i in order[b : b + _DECODE_BATCH] if len(texts[i])]
            if not group:
                continue
            paths, marginals = self._decode_group([emissions[i] for i in group])
            for i, path, marg in zip(group, paths, marginals, strict=True):
                tags = [self.labels[t] for t in path]
                for s, e, label in bio_to_spans(tags, texts[i]):
                    if label not in LABELS:  # models trained with --all-labels also know DT/TI/QT
                        continue
                    prob = float(marg[s, path[s]]) if tags[s] != "O" else 0.5
                    out[i].append((s, e, label, prob))
        return out

    def _decode_group(self, group: list[Any]) -> tuple[list[list[int]], list[Any]]:
        import numpy as np

        n_labels = len(self.labels)
        lens = np.array([len(e) for e in group])
        size, steps = len(group), int(lens.max())
        state = np.zeros((steps, size, n_labels))
        for g, e in enumerate(group):
            state[: len(e), g] = e
        # Viterbi as crfsuite does it: best previous score plus transition, then the state score
        score = np.empty((steps, size, n_labels))
        back = np.zeros((steps, size, n_labels), dtype=np.intp)
        score[0] = state[0]
        trans = self._trans
        for t in range(1, steps):
            cand = score[t - 1][:, :, None] + trans[None, :, :]
            back[t] = cand.argmax(axis=1)
            score[t] = np.take_along_axis(cand, back[t][:, None, :], axis=1)[:, 0, :] + state[t]
        paths: list[list[int]] = []
        for g in range(size):
            n = int(lens[g])
            best = int(score[n - 1, g].argmax())
            path = [best]
            for t in range(n - 1, 0, -1):
                best = int(back[t, g, best])
                path.append(best)
            paths.append(path[::-1])
        # forward-backward with scaling (crfsuite's method) for the marginals
        exp_state = np.exp(state)
        exp_trans = self._exp_trans
        alpha = np.empty((steps, size, n_labels))
        alpha[0] = exp_state[0]
        alpha[0] /= alpha[0].sum(axis=1, keepdims=True)
        for t in range(1, steps):
            a = (alpha[t - 1] @ exp_trans) * exp_state[t]
            alpha[t] = a / a.sum(axis=1, keepdims=True)
        beta = np.ones((steps, size, n_labels))
        for t in range(steps - 2, -1, -1):
            bt = (exp_state[t + 1] * beta[t + 1]) @ exp_trans.T
            bt /= bt.sum(axis=1, keepdims=True)
            # a sentence that ends at t starts its backward pass here
            beta[t] = np.where((lens - 1 > t)[:, None], bt, 1.0)
        prod = alpha * beta
        prod /= prod.sum(axis=2, keepdims=True)
        return paths, [prod[: int(lens[g]), g] for g in range(size)]
