"""String features of a pair of mentions in one Korean sentence, for the relation model.

The same function serves training (KLUE-RE's given subject and object) and extraction (every pair
of kg's own mentions), so it reads only what both have: the sentence, Kiwi's morphemes with
offsets relative to it, and the two spans with a coarse type (``P`` person, ``O`` organisation or
company, ``L`` place). The pair is always given in text order.

Example::

    pair_features(text, tokens, Arg(0, 4, "O"), Arg(5, 8, "P"), cues)
    # ['bias', 'T=O>P', 'd=0', 'T=O>P|d=0', 'px=<none>', ...]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from extractors.ko.span_typer import Token

__all__ = ["Arg", "Cues", "Token", "load_cues", "pair_features"]


@dataclass(frozen=True, slots=True)
class Arg:
    """One end of a candidate pair: character span in the sentence and coarse type (P, O, L)."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicons the features read: job titles (title -> relation name) and cue words
    (word -> group, ``relation_feature_cues.tsv``)."""

    titles: Mapping[str, str]
    words: Mapping[str, str]


_CONTENT = ("NN", "VV", "VA", "XR", "SL", "SH", "SN", "MA", "XSV", "XSN", "JKB", "JKG", "VCP")
_MAX_BETWEEN = 12  # between-words read one by one; a longer gap gives only counts and cues


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= limit:
            return str(limit)
    return "far"


def _title_near(tokens: Sequence[Token], first: int, last: int, cues: Cues) -> list[tuple[str, str]]:
    """Titles written right before (within two morphemes) or right after (within two, a
    particle or a glued noun allowed) the morphemes first..last of a person."""
    out = []
    for k in (first - 1, first - 2):
        if 0 <= k < len(tokens) and tokens[k].form in cues.titles:
            out.append(("before", cues.titles[tokens[k].form]))
            break
    k = last + 1
    glued = ""
    while k < len(tokens) and k <= last + 3:
        tok = tokens[k]
        form = glued + tok.form if glued and tok.start == tokens[k - 1].start + tokens[k - 1].len else tok.form
        if form in cues.titles:
            out.append(("after", cues.titles[form]))
            break
        if tok.form in cues.titles:
            out.append(("after", cues.titles[tok.form]))
            break
        if not (tok.tag.startswith("NN") or tok.tag in ("SS", "SP", "XSN")):
            break
        glued = form
        k += 1
    return out


def pair_features(
    text: str, tokens: Sequence[Token], x: Arg, y: Arg, cues: Cues, between_types: Sequence[str] = ()
) -> list[str]:
    """Features of the pair (x before y in the text; their morphemes in ``tokens``;
    ``between_types``: the coarse types of the other mentions written between them)."""
    starts = [t.start for t in tokens]
    types = f"{x.type}>{y.type}"
    # morpheme ranges: x is tokens[xi:xj], y is tokens[yi:yj]
    xi, xj = bisect_left(starts, x.start), bisect_left(starts, x.end)
    yi, yj = bisect_left(starts, y.start), bisect_left(starts, y.end)
    between = tokens[xj:yi]
    d = _bucket(len(between))
    feats = ["bias", f"T={types}", f"d={d}", f"T={types}|d={d}"]
    # the other mentions between: how many, and of which types
    feats.append(f"mb={min(len(between_types), 3)}|T={types}")
    for kind in sorted(set(between_types)):
        feats.append(f"mb{kind}|T={types}")
    # the particle glued to each end
    for name, j, end in (("px", xj, x.end), ("py", yj, y.end)):
        if j < len(tokens) and tokens[j].start == end and tokens[j].tag.startswith("J"):
            feats += [f"{name}={tokens[j].form}", f"{name}={tokens[j].form}|T={types}"]
        elif j < len(tokens) and tokens[j].start == end:
            feats.append(f"{name}g={tokens[j].form}")
        else:
            feats.append(f"{name}=<none>")
    feats += _context_features(tokens, x, y, (xi, xj, yj), between, types)
    feats += _between_features(text, x, y, between, types, d)
    feats += _cue_features(tokens, xi, yj, between, cues, types)
    # a title next to the person
    for tag, first, last in (("x", xi, xj - 1), ("y", yi, yj - 1)):
        if (x if tag == "x" else y).type != "P" or last < first:
            continue
        for side, rel in _title_near(tokens, first, last, cues):
            inner = (tag == "x" and side == "after") or (tag == "y" and side == "before")
            feats += [f"ttl={rel}", f"ttl{tag}={side}|T={types}", f"ttlin={inner}|d={d}"]
    return feats


def _context_features(
    tokens: Sequence[Token], x: Arg, y: Arg, at: tuple[int, int, int], between: Sequence[Token], types: str
) -> list[str]:
    """The morphemes around the pair: before x, after y, the first verb after y, both ends'
    particles together, and the clause endings and verbs between (a clause boundary between
    two mentions usually separates their roles); ``at``: x's first and last-but-one morpheme
    index and y's end."""
    xi, xj, yj = at
    feats = [f"bx={tokens[xi - 1].form}" if xi > 0 else "bx=<s>"]
    after_y = [t for t in tokens[yj : yj + 4] if not t.tag.startswith("J")]
    if after_y:
        feats.append(f"ay={after_y[0].form}")
        if len(after_y) > 1:
            feats.append(f"ay2={after_y[0].form}+{after_y[1].form}")
    else:
        feats.append("ay=</s>")
    # the first verb after y (the predicate, often: 설립했다, 손잡았다, 임명됐다)
    verb = next((t.form for t in tokens[yj:] if t.tag in ("VV", "VA", "XSV")), "")
    if verb:
        feats.append(f"vy={verb}")
    pxy = "|".join(
        tokens[j].form if j < len(tokens) and tokens[j].start == end and tokens[j].tag.startswith("J") else "-"
        for j, end in ((xj, x.end), (yj, y.end))
    )
    feats.append(f"pxy={pxy}|T={types}")
    ends = sum(1 for t in between if t.tag in ("EC", "EF", "ETM"))
    verbs = sum(1 for t in between if t.tag in ("VV", "VA", "XSV"))
    feats += [f"ec={min(ends, 3)}|T={types}", f"vb={min(verbs, 3)}|T={types}"]
    if xi > 0:
        feats.append(f"bx={tokens[xi - 1].form}|T={types}")
    if after_y:
        feats.append(f"ay={after_y[0].form}|T={types}")
    return feats


def _between_features(text: str, x: Arg, y: Arg, between: Sequence[Token], types: str, d: str) -> list[str]:
    """The words between the pair (when few) and the punctuation between them."""
    feats: list[str] = []
    n = len(between)
    if n <= _MAX_BETWEEN:
        words = [t.form for t in between if t.tag.startswith(_CONTENT) or t.tag in ("SS", "SP", "SO")]
        for w in words:
            feats.append(f"b={w}")
        for a, b in pairwise(words):
            feats.append(f"bb={a}_{b}")
        if n <= 4:
            feats.append(f"seq={'_'.join(t.form for t in between)}|T={types}")
        if between:
            feats += [f"b1={between[0].form}/{between[0].tag}", f"bL={between[-1].form}/{between[-1].tag}"]
    between_text = text[x.end : y.start]
    for mark, feat in (("(", "paren"), (",", "comma"), ("·", "dot"), ("\u201c", "quote"), ('"', "quote")):
        if mark in between_text:
            feats.append(f"{feat}|T={types}|d={d}")
    return feats


def _cue_features(
    tokens: Sequence[Token], xi: int, yj: int, between: Sequence[Token], cues: Cues, types: str
) -> list[str]:
    """Cue word groups between the pair, and within three morphemes around it."""
    feats: list[str] = []
    seen: set[tuple[str, str]] = set()
    for t in between:
        group = cues.words.get(t.form)
        if group and ("b", group) not in seen:
            seen.add(("b", group))
            feats += [f"cb={group}", f"cb={group}|T={types}"]
    for t in (*tokens[max(0, xi - 3) : xi], *tokens[yj : yj + 3]):
        group = cues.words.get(t.form)
        if group and ("o", group) not in seen:
            seen.add(("o", group))
            feats += [f"co={group}", f"co={group}|T={types}"]
    return feats


def load_cues(lexicon_dir: Path) -> Cues:
    """The titles (``titles.tsv``) and cue words (``relation_feature_cues.tsv``) of a lexicon
    directory (``extractors/ko/lexicons``)."""

    def rows(path: Path) -> list[list[str]]:
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t"))
        return out

    titles = {r[0]: r[1] for r in rows(lexicon_dir / "titles.tsv") if len(r) >= 2}
    words = {r[0]: r[1] for r in rows(lexicon_dir / "relation_feature_cues.tsv") if len(r) >= 2}
    return Cues(titles, words)
