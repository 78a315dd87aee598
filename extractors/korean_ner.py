"""Character-level CRF named-entity tagger for Korean (PS/OG/LC), with Kiwi morphemes as features.

The tagger labels every character of a sentence with BIO tags over three types (``PS`` person,
``OG`` organisation, ``LC`` location), the KLUE-NER scheme, so spans are exact character spans
even where an entity ends inside a Kiwi token ("서울시" -> "서울"). Features per character: the
character and its neighbours (uni/bi/trigrams), the Kiwi tag of the morpheme it belongs to and
its position inside it, neighbouring morphemes' forms and tags, and a gazetteer match. The model
is a python-crfsuite file trained by ``scripts/train_korean_ner.py``.

Both training and inference go through :func:`sentence_features`, so the two cannot drift.

Example::

    tagger = CrfNerTagger(Path("extractors/models/ko_ner"))
    tokens = kiwi.tokenize("박정호 SK텔레콤 사장")
    tagger.tag("박정호 SK텔레콤 사장", tokens)   # [(0, 3, 'PS'), (4, 9, 'OG')]
"""

from __future__ import annotations

import functools
import json
import re
import threading
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
    "known_sentence_features",
    "sentence_features",
    "spans_to_bio",
]

LABELS = ("PS", "OG", "LC")
MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv"
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
    """The attributes a trained model has weights for, indexed by feature template.

    crfsuite ignores attributes it has no weight for, so building only the known ones gives the
    same scores with far fewer strings; :func:`known_sentence_features` keeps the order of
    :func:`sentence_features`, so even the floating-point sums are the same.

    Example::

        known = KnownFeatures({"c=서", "t=NNP"})
        known.get("c", "서")   # 'c=서'
    """

    def __init__(self, attributes: Iterable[str]) -> None:
        self.attributes = frozenset(attributes)
        self.templates: dict[str, dict[str, str]] = {}
        for attr in self.attributes:
            prefix, sep, value = attr.partition("=")
            if sep:
                self.templates.setdefault(prefix, {})[value] = attr
        self.bias = "b" in self.attributes

    def table(self, prefix: str) -> dict[str, str]:
        return self.templates.get(prefix, {})

    def get(self, prefix: str, value: str) -> str | None:
        return self.templates.get(prefix, {}).get(value)


def known_sentence_features(
    text: str,
    tokens: Sequence[KiwiToken],
    gazetteer: Gazetteer | None,
    known: KnownFeatures,
    feature_set: int = FEATURE_SET,
) -> list[list[str]]:
    """:func:`sentence_features` restricted to ``known`` attributes, in the same order, built
    per template over the whole sentence (the tagging hot path)."""
    if feature_set != 2:
        return [
            [x for x in f if x in known.attributes] for f in sentence_features(text, tokens, gazetteer, feature_set)
        ]
    n = len(text)
    tab = known.table
    padded = "\x02\x02" + text + "\x03\x03"
    classes = "^" + "".join(_char_class(c) for c in text) + "$"
    # one column per character template; None where the model has no such attribute
    t_c, t_cm1, t_cp1, t_cm2, t_cp2 = tab("c"), tab("c-1"), tab("c+1"), tab("c-2"), tab("c+2")
    t_bi1, t_bi2, t_tri0, t_tri1, t_tri2 = tab("c-1c"), tab("cc+1"), tab("c-1cc+1"), tab("c-2c-1c"), tab("cc+1c+2")
    t_k, t_km1, t_kp1 = tab("k"), tab("k-1"), tab("k+1")
    cols = [
        [t_c.get(ch) for ch in padded[2 : n + 2]],
        [t_cm1.get(ch) for ch in padded[1 : n + 1]],
        [t_cp1.get(ch) for ch in padded[3 : n + 3]],
        [t_cm2.get(ch) for ch in padded[0:n]],
        [t_cp2.get(ch) for ch in padded[4 : n + 4]],
        [t_bi1.get(padded[j - 1 : j + 1]) for j in range(2, n + 2)],
        [t_bi2.get(padded[j : j + 2]) for j in range(2, n + 2)],
        [t_tri0.get(padded[j - 1 : j + 2]) for j in range(2, n + 2)],
        [t_tri1.get(padded[j - 2 : j + 1]) for j in range(2, n + 2)],
        [t_tri2.get(padded[j : j + 3]) for j in range(2, n + 2)],
        [t_k.get(ch) for ch in classes[1 : n + 1]],
        [t_km1.get(ch) for ch in classes[0:n]],
        [t_kp1.get(ch) for ch in classes[2 : n + 2]],
    ]
    head = ["b"] if known.bias else []
    rows: list[list[str]] = [head + [x for x in row if x is not None] for row in zip(*cols, strict=True)]

    owner = [-1] * n
    for k, tok in enumerate(tokens):
        for p in range(tok.start, min(n, tok.start + tok.len)):
            if owner[p] == -1:
                owner[p] = k
    # morpheme part: the static features once per morpheme, tp/mp per position in it
    nt = len(tokens)
    t_t, t_m, t_pt, t_nt, t_pm, t_nm = tab("t"), tab("m"), tab("pt"), tab("nt"), tab("pm"), tab("nm")
    t_t3, t_nnm, t_ppm, t_tp, t_mp = tab("t3"), tab("nnm"), tab("ppm"), tab("tp"), tab("mp")
    tok_parts: list[dict[str, list[str]]] = []
    for k, tok in enumerate(tokens):
        prev_tok = tokens[k - 1] if k > 0 else None
        next_tok = tokens[k + 1] if k + 1 < nt else None
        pt = prev_tok.tag if prev_tok else "^"
        ntag = next_tok.tag if next_tok else "$"
        st = [
            t_t.get(tok.tag),
            t_m.get(tok.form),
            t_pt.get(pt),
            t_nt.get(ntag),
            t_pm.get(prev_tok.form if prev_tok else "^"),
            t_nm.get(next_tok.form if next_tok else "$"),
            t_t3.get(pt + tok.tag + ntag),
            t_nnm.get(tokens[k + 2].form) if next_tok is not None and k + 2 < nt else None,
            t_ppm.get(tokens[k - 2].form) if prev_tok is not None and k > 1 else None,
        ]
        static = [x for x in st if x is not None]
        parts: dict[str, list[str]] = {}
        for pos in ("S", "B", "I", "E"):
            parts[pos] = static + [x for x in (t_tp.get(tok.tag + pos), t_mp.get(tok.form + pos)) if x is not None]
        tok_parts.append(parts)
    no_tok = [x for x in (t_t.get("_"),) if x is not None]
    for i in range(n):
        k = owner[i]
        if k >= 0:
            tok = tokens[k]
            off = i - tok.start
            pos = "S" if tok.len == 1 else ("B" if off == 0 else ("E" if off == tok.len - 1 else "I"))
            rows[i] += tok_parts[k][pos]
        else:
            rows[i] += no_tok
    # gazetteer part (same matching as sentence_features)
    if gazetteer is not None and gazetteer.names:
        t_g = tab("g")
        gaz_tag = _gazetteer_tags(text, tokens, gazetteer, owner)
        for i, g in enumerate(gaz_tag):
            if g:
                rows[i] += [x for x in (t_g.get(g), t_g.get(g[2:])) if x is not None]
    # word part
    t_w, t_wl, t_wf, t_pwl, t_nwf, t_pwf, t_wpre = (
        tab("w"),
        tab("wl"),
        tab("wf"),
        tab("pwl"),
        tab("nwf"),
        tab("pwf"),
        tab("wpre"),
    )
    t_wp = tab("wp")
    wp_s, wp_b, wp_e, wp_i = (t_wp.get("S"), t_wp.get("B"), t_wp.get("E"), t_wp.get("I"))
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    ends: list[tuple[str, str, str, str]] = []  # first/last morpheme tag and form per word
    for ws, we in words:
        ks = [owner[p] for p in range(ws, we) if owner[p] >= 0]
        if ks:
            first, last = tokens[min(ks)], tokens[max(ks)]
            ends.append((first.tag, last.tag, first.form, last.form))
        else:
            ends.append(("_", "_", "_", "_"))
    nw = len(words)
    for w, (ws, we) in enumerate(words):
        st = [
            t_w.get(text[ws:we]),
            t_wl.get(ends[w][1]),
            t_wf.get(ends[w][0]),
            t_pwl.get(ends[w - 1][3] if w > 0 else "^"),
            t_nwf.get(ends[w + 1][2] if w + 1 < nw else "$"),
            t_pwf.get(ends[w - 1][2] if w > 0 else "^"),
            t_wpre.get(text[ws : min(we, ws + 2)]),
        ]
        static = [x for x in st if x is not None]
        if we - ws == 1:
            rows[ws] += static + ([wp_s] if wp_s else [])
            continue
        rows[ws] += static + ([wp_b] if wp_b else [])
        mid = static + ([wp_i] if wp_i else [])
        for p in range(ws + 1, we - 1):
            rows[p] += mid
        rows[we - 1] += static + ([wp_e] if wp_e else [])
    return rows


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
    ``meta.json``) and tags sentences."""

    def __init__(self, model_dir: Path) -> None:
        import pycrfsuite

        model_path = model_dir / MODEL_FILE
        if not model_path.exists():
            from kg.errors import ModelNotInstalledError

            raise ModelNotInstalledError(f"Korean NER model not found at {model_path}; run scripts/train_korean_ner.py")
        self._lock = threading.Lock()
        self._tagger: Any = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.gazetteer = Gazetteer.load(model_dir / GAZETTEER_FILE)
        meta_path = model_dir / META_FILE
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.version = str(self.meta.get("version", "0"))
        self.feature_set = int(self.meta.get("features", 1))
        # only attributes with a weight matter to crfsuite: build just those (same scores)
        self.known = KnownFeatures(attr for attr, _ in self._tagger.info().state_features)

    def tag(self, text: str, tokens: Sequence[KiwiToken]) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, label, marginal probability of the span's first tag)``."""
        if not text:
            return []
        feats = known_sentence_features(text, tokens, self.gazetteer, self.known, self.feature_set)
        out: list[tuple[int, int, str, float]] = []
        # a crfsuite Tagger holds one sequence at a time: callers may share this object
        with self._lock:
            self._tagger.set(feats)
            tags: list[str] = self._tagger.tag()
            for s, e, label in bio_to_spans(tags, text):
                if label not in LABELS:  # models trained with --all-labels also know DT/TI/QT
                    continue
                prob = float(self._tagger.marginal(tags[s], s)) if tags[s] != "O" else 0.5
                out.append((s, e, label, prob))
        return out
