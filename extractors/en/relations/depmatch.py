"""A small evaluator of spaCy ``DependencyMatcher`` patterns, for the subset that
``patterns.yaml`` uses: ``REL_OP`` ``>`` (child) and ``>>`` (descendant), ``RIGHT_ATTRS`` on
``LEMMA``, ``LOWER``, ``ORTH``, ``DEP``, ``POS``, ``TAG`` and token extensions (``_``), each a
value or ``{"IN": [...]}``.

Why: spaCy's ``DependencyMatcher`` runs a token ``Matcher`` over every token for every node of
every pattern before its tree search; with forty-odd alternatives that cost about as much as a
fifth of the parse (``bench/bench_english.py``). Here a pattern starts only from the tokens its
first node names (looked up by lemma or word when it names them) and walks the tree from
there. The patterns stay spaCy's: the stage validates them with spaCy's matcher when it loads
them, and ``tests/models/english/test_english_relation_patterns.py`` checks that both find the
same matches.

Example::

    pattern = compile_pattern([{"RIGHT_ID": "v", "RIGHT_ATTRS": {"LEMMA": "sign"}},
                               {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "s",
                                "RIGHT_ATTRS": {"DEP": "nsubj"}}])
    list(match(pattern, doc, index, marks))     # [[1, 0]] for "Naver signed a deal"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["CompiledPattern", "DocIndex", "compile_pattern", "match"]

_GETTERS: dict[str, Callable[[Token], str]] = {
    "LEMMA": lambda t: t.lemma_,
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.text,
    "DEP": lambda t: t.dep_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
}
Marks = list[dict[str, Any] | None]
# a predicate: (token attribute or extension name, is extension, allowed values)
_Test = tuple[str, bool, frozenset[str]]


@dataclass(frozen=True)
class _Node:
    name: str
    parent: int  # index of the LEFT_ID node, -1 for the anchor
    descendant: bool  # ">>" rather than ">"
    tests: tuple[_Test, ...]


@dataclass(frozen=True)
class CompiledPattern:
    nodes: tuple[_Node, ...]
    # the anchor's words, when it names them: (attribute, words) for an index lookup
    anchor_words: tuple[str, frozenset[str]] | None


@dataclass
class DocIndex:
    """Tokens of a doc by lemma and by lower-case word, built once per doc."""

    by: dict[str, dict[str, list[int]]]

    @classmethod
    def build(cls, doc: Doc) -> DocIndex:
        from spacy.attrs import LEMMA, LOWER, ORTH

        strings = doc.vocab.strings
        by: dict[str, dict[str, list[int]]] = {}
        # one array read, then each distinct word looked up once
        columns = doc.to_array([LEMMA, LOWER, ORTH]).T.tolist()
        for name, column in zip(("LEMMA", "LOWER", "ORTH"), columns, strict=True):
            ids: dict[int, list[int]] = {}
            for i, h in enumerate(column):
                ids.setdefault(h, []).append(i)
            by[name] = {strings[h]: where for h, where in ids.items()}
        return cls(by)

    def words(self) -> set[str]:
        return set(self.by["LOWER"]) | set(self.by["LEMMA"]) | {w.lower() for w in self.by["LEMMA"]}


def _values(want: Any) -> frozenset[str]:
    if isinstance(want, dict):
        if set(want) != {"IN"}:
            raise ValueError(f"unsupported predicate {want!r}")
        return frozenset(str(v) for v in want["IN"])
    return frozenset({str(want)})


def compile_pattern(pattern: list[dict[str, Any]]) -> CompiledPattern:
    names: list[str] = []
    nodes: list[_Node] = []
    for node in pattern:
        tests: list[_Test] = []
        for key, want in node.get("RIGHT_ATTRS", {}).items():
            if key == "_":
                tests.extend((ext, True, _values(v)) for ext, v in want.items())
            elif key in _GETTERS:
                tests.append((key, False, _values(want)))
            else:
                raise ValueError(f"unsupported attribute {key!r}")
        if nodes:
            op = node["REL_OP"]
            if op not in (">", ">>"):
                raise ValueError(f"unsupported REL_OP {op!r}")
            parent, descendant = names.index(node["LEFT_ID"]), op == ">>"
        else:
            parent, descendant = -1, False
        names.append(node["RIGHT_ID"])
        nodes.append(_Node(node["RIGHT_ID"], parent, descendant, tuple(tests)))
    anchor = next(((k, v) for k, ext, v in nodes[0].tests if not ext and k in ("LEMMA", "LOWER", "ORTH")), None)
    return CompiledPattern(tuple(nodes), anchor)


def _ok(tok: Token, tests: tuple[_Test, ...], marks: Marks) -> bool:
    for key, ext, allowed in tests:
        if ext:
            m = marks[tok.i]
            value = (m.get(key) or "") if m is not None else ""
        else:
            value = _GETTERS[key](tok)
        if value not in allowed:
            return False
    return True


def match(pattern: CompiledPattern, doc: Doc, index: DocIndex, marks: Marks) -> Iterator[list[int]]:
    """Every match of the pattern, as token ids in the order of its nodes."""
    if pattern.anchor_words is not None:
        key, words = pattern.anchor_words
        starts = sorted({i for w in words for i in index.by[key].get(w, ())})
    else:
        starts = list(range(len(doc)))
    nodes = pattern.nodes
    for start in starts:
        tok = doc[start]
        if not _ok(tok, nodes[0].tests, marks):
            continue
        yield from _extend(doc, nodes, 1, [start], marks)


def _extend(doc: Doc, nodes: tuple[_Node, ...], k: int, bound: list[int], marks: Marks) -> Iterator[list[int]]:
    if k == len(nodes):
        yield list(bound)
        return
    node = nodes[k]
    parent = doc[bound[node.parent]]
    candidates = (t for t in parent.subtree if t.i != parent.i) if node.descendant else parent.children
    for tok in candidates:
        if tok.i in bound or not _ok(tok, node.tests, marks):
            continue
        bound.append(tok.i)
        yield from _extend(doc, nodes, k + 1, bound, marks)
        bound.pop()
