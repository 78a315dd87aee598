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

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CompiledPattern", "DocIndex", "compile_pattern", "match"]

# the token attributes a pattern may test, as read from ``Doc.to_array`` (the string of each
# value is what ``Token.lemma_``, ``.lower_``, ``.text``, ``.dep_``, ``.pos_``, ``.tag_`` give)
_ATTRS = ("LEMMA", "LOWER", "ORTH", "DEP", "POS", "TAG")
Marks = list[dict[str, Any] | None]
# a predicate: (token attribute or extension name, is extension, allowed values)
_Test = tuple[str, bool, frozenset[str]]
# string ids seen so far -> their strings (cleared when it grows this large)
_NAMES: dict[int, str] = {}
_MAX_NAMES = 1 << 20


@dataclass(frozen=True)
class _Node:
    name: str
    parent: int  # index of the LEFT_ID node, -1 for the anchor
    descendant: bool  # ">>" rather than ">"
    tests: tuple[_Test, ...]


@dataclass(frozen=True)
class CompiledPattern:
    nodes: tuple[_Node, ...]
    # the anchor's values, when it names them: (attribute, values) for an index lookup
    anchor_words: tuple[str, frozenset[str]] | None


@dataclass
class DocIndex:
    """A doc read once for the patterns: each attribute's string per token (``columns``), the
    tree as child lists in token order (``children``), tokens by value of an attribute
    (``by``, filled as asked) and subtrees (filled as asked). The patterns then run on plain
    lists, not on ``Token`` objects (a Python object and a string lookup per attribute read)."""

    columns: dict[str, list[str]]
    children: list[list[int]]
    _by: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    _subtrees: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc) -> DocIndex:
        import numpy as np
        from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, POS, TAG

        strings = doc.vocab.strings
        array = doc.to_array([LEMMA, LOWER, ORTH, DEP, POS, TAG, HEAD])
        # each value new to this process looked up once (a string's id is its hash, the same
        # in every vocab)
        if len(_NAMES) >= _MAX_NAMES:
            _NAMES.clear()
        names = _NAMES
        columns: dict[str, list[str]] = {}
        for k, name in enumerate(_ATTRS):
            column = array[:, k].tolist()
            for h in set(column).difference(names):
                names[h] = strings[h]
            columns[name] = list(map(names.__getitem__, column))
        # HEAD is the offset to the head, stored unsigned (read as signed)
        children: list[list[int]] = [[] for _ in range(len(array))]
        offsets = array[:, -1].view(np.int64)
        dependents = np.flatnonzero(offsets)
        for i, head in zip(dependents.tolist(), (dependents + offsets[dependents]).tolist(), strict=True):
            children[head].append(i)
        return cls(columns, children)

    @property
    def by(self) -> dict[str, dict[str, list[int]]]:
        """Tokens by lemma, by lower-case word and by exact word."""
        for key in ("LEMMA", "LOWER", "ORTH"):
            self.positions(key)
        return self._by

    def positions(self, key: str) -> dict[str, list[int]]:
        """The tokens of each value of the attribute ``key``, in order."""
        found = self._by.get(key)
        if found is None:
            found = self._by[key] = {}
            for i, value in enumerate(self.columns[key]):
                found.setdefault(value, []).append(i)
        return found

    def subtree(self, i: int) -> list[int]:
        """The token and its descendants, in ``Token.subtree`` order (its left children's
        subtrees, itself, its right children's subtrees)."""
        found = self._subtrees.get(i)
        if found is None:
            found = []
            for child in self.children[i]:
                if child > i:
                    break
                found.extend(self.subtree(child))
            found.append(i)
            for child in self.children[i]:
                if child > i:
                    found.extend(self.subtree(child))
            self._subtrees[i] = found
        return found

    def words(self) -> set[str]:
        """The doc's lower-case words, lemmas and lower-case lemmas."""
        lemmas = set(self.columns["LEMMA"])
        return set(self.columns["LOWER"]) | lemmas | {w.lower() for w in lemmas}


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
            elif key in _ATTRS:
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
    # the anchor is looked up by its words when it names them, else by its part of speech or
    # dependency label
    plain = [(k, v) for k, ext, v in nodes[0].tests if not ext]
    anchor = next((t for key in _ATTRS for t in plain if t[0] == key), None)
    return CompiledPattern(tuple(nodes), anchor)


def _ok(i: int, tests: tuple[_Test, ...], columns: dict[str, list[str]], marks: Marks) -> bool:
    for key, ext, allowed in tests:
        if ext:
            m = marks[i]
            value = (m.get(key) or "") if m is not None else ""
        else:
            value = columns[key][i]
        if value not in allowed:
            return False
    return True


def match(pattern: CompiledPattern, doc: Doc, index: DocIndex, marks: Marks) -> Iterator[list[int]]:
    """Every match of the pattern, as token ids in the order of its nodes."""
    if pattern.anchor_words is not None:
        key, words = pattern.anchor_words
        by = index.positions(key)
        starts = sorted({i for w in words for i in by.get(w, ())})
    else:
        starts = list(range(len(doc)))
    nodes = pattern.nodes
    columns = index.columns
    for start in starts:
        if not _ok(start, nodes[0].tests, columns, marks):
            continue
        yield from _extend(index, nodes, 1, [start], marks)


def _extend(index: DocIndex, nodes: tuple[_Node, ...], k: int, bound: list[int], marks: Marks) -> Iterator[list[int]]:
    if k == len(nodes):
        yield list(bound)
        return
    node = nodes[k]
    parent = bound[node.parent]
    candidates = [t for t in index.subtree(parent) if t != parent] if node.descendant else index.children[parent]
    for tok in candidates:
        if tok in bound or not _ok(tok, node.tests, index.columns, marks):
            continue
        bound.append(tok)
        yield from _extend(index, nodes, k + 1, bound, marks)
        bound.pop()
