"""Feature set 2's (and 4's) state scores for a batch of sentences in numpy: the sum of the
weights of each character's known features, the same numbers crfsuite computes from
:func:`extractors.ko.ner.features.sentence_features` without building one string per feature."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any

from extractors.ko.ner.features import CLUSTER_PREFIXES, Gazetteer, KiwiToken, char_class, gazetteer_marks

__all__ = ["CharTables", "KnownFeatures", "bmp_classes", "cluster_ids", "feature_set_2_scores"]


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


class CharTables:
    """Feature set 2's character templates as sorted integer keys (code points packed 21 bits
    each) so a whole batch of sentences is looked up with ``numpy.searchsorted``."""

    def __init__(self, known: KnownFeatures) -> None:
        import numpy as np

        self.templates: list[tuple[int, int, Any, Any]] = []  # (offset, length, keys, ids)
        for prefix, (offset, length) in [*((p, (o, 1)) for p, o in _UNIGRAMS.items()), *_NGRAMS.items()]:
            keys, ids = _sorted_keys(known.table(prefix), length)
            self.templates.append((offset, length, keys, ids))
        # unigrams also as dense tables over the BMP: an index instead of a binary search
        self.dense: dict[int, Any] = {}
        for offset, length, keys, ids in self.templates:
            if length == 1:
                dense = np.zeros(0x10000, dtype=np.intp)
                bmp = (keys >= 0) & (keys < 0x10000)
                dense[keys[bmp]] = ids[bmp]
                self.dense[offset] = dense
        # the templates of one length > 1 read the same n-grams at different offsets: their
        # keys merged (sorted), and each template's ids aligned to them (0 where it lacks the
        # key, and at the extra last index, for keys none has), so one search serves them all
        self.merged: dict[int, tuple[Any, dict[int, Any]]] = {}
        for length in sorted({length for _, length, _, _ in self.templates if length > 1}):
            union = np.unique(np.concatenate([k for _, n, k, _ in self.templates if n == length]))
            aligned: dict[int, Any] = {}
            for offset, n, keys, ids in self.templates:
                if n == length:
                    row = np.zeros(len(union) + 1, dtype=np.intp)
                    row[np.searchsorted(union, keys)] = ids
                    aligned[offset] = row
            self.merged[length] = (union, aligned)
        # character class of every BMP code point; the padding characters are "^" and "$"
        table = bmp_classes()
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
        self.mp = _by_place(tab("mp"), fi)
        # t3 (previous, own and next tag) over tag-index triples, "^"/"$" at the sentence's
        # edges being the before1/after1 padding indices
        self.n_tags = len(ti) + 5
        self.t3 = _tag_triples(tab("t3"), ti, tp[1], tp[2], self.n_tags)
        self.tp = _by_place(tab("tp"), ti)
        self.class_ids = [
            np.array([known.table(prefix).get(c, 0) for c in _CLASSES], dtype=np.intp) for prefix in ("k", "k-1", "k+1")
        ]


def _by_place(table: Mapping[str, int], index: Mapping[str, int]) -> Any:
    """Rows ``index[value]`` of the attribute ids of ``value + "S"/"B"/"I"/"E"`` (mp, tp)."""
    import numpy as np

    out = np.zeros((len(index) + 5, 4), dtype=np.intp)
    out[list(index.values())] = [[table.get(value + p, 0) for p in "SBIE"] for value in index]
    return out


def _tag_triples(t3: Mapping[str, int], tags: Mapping[str, int], before: int, after: int, n_tags: int) -> Any:
    """The t3 attribute id of every (previous, own, next) tag-index triple, flat: each known
    attribute value split every way into three tags ("^" first and "$" last allowed, at the
    ``before``/``after`` padding indices), as if every triple's string were looked up."""
    import numpy as np

    prev_index = {**tags, "^": before}
    next_index = {**tags, "$": after}
    out = np.zeros(n_tags**3, dtype=np.intp)
    for value, attr in t3.items():
        for i in range(1, len(value) - 1):
            ia = prev_index.get(value[:i])
            if ia is None:
                continue
            for j in range(i + 1, len(value)):
                ib, ic = tags.get(value[i:j]), next_index.get(value[j:])
                if ib is not None and ic is not None:
                    out[(ia * n_tags + ib) * n_tags + ic] = attr
    return out


def cluster_ids(clusters: Mapping[str, tuple[str, ...]], known: KnownFeatures) -> dict[str, tuple[int, ...]]:
    """Per morpheme form, the attribute ids of feature set 4's cluster templates: its own
    clusters (q1, q2, q3), and pq/nq as seen from the next/previous morpheme."""
    tabs = [known.table(p) for p in (*CLUSTER_PREFIXES, "pq", "nq")]
    out: dict[str, tuple[int, ...]] = {}
    for form, q in clusters.items():
        own = [tabs[i].get(q[i], 0) if i < len(q) else 0 for i in range(3)]
        mid = q[1] if len(q) > 1 else None
        ids = (*own, tabs[3].get(mid, 0) if mid else 0, tabs[4].get(mid, 0) if mid else 0)
        if any(ids):
            out[form] = ids
    return out


def _sorted_keys(table: Mapping[str, int], length: int) -> tuple[Any, Any]:
    """The values of ``length`` characters of a character template as keys (code points
    packed 21 bits each), sorted, and their attribute ids; ``[-1]``, ``[0]`` for none."""
    import numpy as np

    values = [v for v in table if len(v) == length]
    if not values:
        return np.array([-1], dtype=np.int64), np.array([0], dtype=np.intp)
    raw = np.frombuffer("".join(values).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes: Any = raw.astype(np.int64).reshape(-1, length)
    keys: Any = codes[:, 0]
    for k in range(1, length):
        keys = (keys << 21) | codes[:, k]
    order = np.argsort(keys, kind="stable")  # distinct values, distinct keys
    return keys[order], np.array([table[v] for v in values], dtype=np.intp)[order]


def bmp_classes() -> Any:
    """:func:`~extractors.ko.ner.features.char_class` of every BMP code point as an index into
    ``_CLASSES``, computed with numpy's string predicates (Python's own:
    ``tests/models/korean/ner/test_features.py`` compares every code point)."""
    import numpy as np

    codes = np.arange(0x10000, dtype=np.uint32)
    chars = codes.view("<U1")
    alpha = np.strings.isalpha(chars)
    latin = alpha & (codes < 0x80)
    table = np.full(0x10000, _CLASSES.index("P"), dtype=np.intp)
    # char_class's tests in reverse order: a later one overrides
    table[alpha] = _CLASSES.index("A")
    table[latin] = _CLASSES.index("L")
    table[latin & np.strings.isupper(chars)] = _CLASSES.index("U")
    table[np.strings.isdigit(chars)] = _CLASSES.index("D")
    table[0xAC00:0xD7A4] = _CLASSES.index("H")
    table[np.strings.isspace(chars)] = _CLASSES.index("S")
    return table


def _char_ids(texts: Sequence[str], tables: CharTables) -> Any:
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
    found: dict[int, Any] = {}  # per n-gram length: each position's index in the merged keys
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
        if length not in found:
            # every n-gram of the padded batch, once, as its index in the merged keys
            union, _ = tables.merged[length]
            key = codes[: len(codes) - length + 1]
            for k in range(1, length):
                key = (key << 21) | codes[k : len(codes) - length + 1 + k]
            at = np.minimum(np.searchsorted(union, key), len(union) - 1)
            found[length] = np.where(union[at] == key, at, len(union))
        rows.append(tables.merged[length][1][offset][found[length][pos + offset]])
    cls = tables.class_table[bmp]
    for i in astral:  # outside the BMP: rare, classify one by one
        cls[i] = _CLASSES.index(char_class(chr(int(codes[i]))))
    for shift, class_ids in zip((0, -1, 1), tables.class_ids, strict=True):
        rows.append(class_ids[cls[pos + shift]])
    return np.array(rows)


def feature_set_2_scores(
    sentences: Sequence[tuple[str, Sequence[KiwiToken]]],
    gazetteer: Gazetteer | None,
    known: KnownFeatures,
    tables: CharTables,
    weights: Any,
    cluster_ids: dict[str, tuple[int, ...]] | None = None,
) -> Any:
    """State scores ``(characters of all sentences, labels)`` of :func:`sentence_features`
    (feature set 2, or 4 with ``cluster_ids`` from :func:`cluster_ids`) without building its
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
        at = len(form_seq) + 2
        tok_at.extend(range(at, at + nt))
        # map over dict.get: no Python frame per morpheme
        form_seq += [fb2, fb1, *map(form_get, forms, repeat(0)), fa1, fa2]
        tag_seq += [tb2, tb1, *map(tag_get, tags, repeat(0)), ta1, ta2]
        all_tags += tags
        tok_start += [base + t.start for t in tokens]
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
            for i, g in gazetteer_marks(text, tokens, gazetteer, owner).items():
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
    tables: CharTables,
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
            np.array(list(map(t_w.get, word_strs, repeat(0))), dtype=np.intp),
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
