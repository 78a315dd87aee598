"""The token ``Matcher`` of the relation stage, reading the relation marks (``_.kg_type``,
``_.kg_start``, ``_.kg_end``, ``_.kg_title``) from native token attributes for the length of
one call: the same matches, without spaCy's extension machinery.

For a pattern with ``_`` attributes, spaCy's ``Matcher`` reads every extension it knows of for
every token of the doc through ``token._.get`` (a Python object per call) before it matches:
four per token, about 60% of the token matcher's time and 5% of English extraction. Here each
mark key stands in for one native attribute the patterns do not read (``ENT_ID``,
``TAG``, ``ENT_TYPE``): the patterns are rewritten key for key (``{"_": {"kg_end":
"Place"}}`` -> ``{"TAG": "Place"}``, ``IN`` lists and all), the doc's columns are
saved, filled with the marks' string ids (exactly what ``token._.get`` gave the matcher: ""
where there is no mark) and put back after the call. Should a pattern read one of those
attributes itself, or an extension other than the four, nothing is rewritten and the patterns
run on the extensions as before.

Example::

    matcher = MarkMatcher(nlp.vocab, [("org_in_place", [[{"_": {"kg_end": "Company"}}, ...]])])
    doc.user_data[key] = marks         # per token: {"kg_type": "Company", ...} or None
    matcher(doc, key)                  # [(match_id, start, end), ...] as Matcher(doc) gives
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["MARK_KEYS", "MarkMatcher"]

# mark key -> the native attribute that carries it during a call (read directly from the
# token by the matcher: no lexeme fallback, no check on load)
MARK_KEYS = {"kg_type": "ENT_ID", "kg_start": "ENT_KB_ID", "kg_end": "TAG", "kg_title": "ENT_TYPE"}


def _rewrite(spec: dict[str, Any]) -> dict[str, Any] | None:
    """One token spec with its ``_`` keys as native attributes; None when it cannot be."""
    out = {k: v for k, v in spec.items() if k != "_"}
    if any(k.upper() in MARK_KEYS.values() for k in out):
        return None  # the pattern reads the attribute itself
    for key, value in (spec.get("_") or {}).items():
        if key not in MARK_KEYS:
            return None
        out[MARK_KEYS[key]] = value
    return out


class MarkMatcher:
    """A spaCy ``Matcher`` (``greedy="LONGEST"`` for every rule) over docs whose relation
    marks are in ``doc.user_data[key]`` (one dict or None per token)."""

    def __init__(self, vocab: Vocab, rules: Sequence[tuple[str, list[list[dict[str, Any]]]]]) -> None:
        from spacy.matcher import Matcher

        rewritten = [(rule, [[_rewrite(spec) for spec in pattern] for pattern in patterns]) for rule, patterns in rules]
        self.native = all(spec is not None for _, patterns in rewritten for p in patterns for spec in p)
        self.matcher = Matcher(vocab, validate=True)
        for (rule, patterns), (_, native) in zip(rules, rewritten, strict=True):
            chosen = [[s for s in p if s is not None] for p in native] if self.native else patterns
            self.matcher.add(rule, chosen, greedy="LONGEST")
        self._columns: list[int | str] = list(MARK_KEYS.values())
        # what spaCy's matcher asks of a doc for the patterns' own attributes (it is told not
        # to check the stand-ins: a doc without marks has no TAG left during the call)
        used = {k.upper() for _, patterns in rules for p in patterns for spec in p for k in spec}
        self._annotations = [a for a in ("TAG", "POS", "MORPH", "LEMMA", "DEP") if a in used]

    def __call__(self, doc: Doc, key: str) -> list[tuple[int, int, int]]:
        if not self.native or not len(doc):
            return list(self.matcher(doc))
        import numpy as np
        from spacy.errors import Errors

        for attr in self._annotations:
            if not doc.has_annotation(attr):
                raise ValueError(Errors.E155.format(pipe="tagger, lemmatizer or parser", attr=attr))

        marks: list[dict[str, Any] | None] = doc.user_data[key]
        strings = doc.vocab.strings
        values = np.zeros((len(doc), len(MARK_KEYS)), dtype=np.uint64)
        # the rows of the marked tokens; a token without marks keeps "" for every key (id 0)
        marked = [i for i, m in enumerate(marks) if m is not None]
        if marked:
            ids: dict[Any, int] = {}
            rows = []
            for i in marked:
                m = marks[i]
                assert m is not None
                row = []
                for name in MARK_KEYS:
                    value = m.get(name) or ""
                    if value not in ids:
                        ids[value] = strings[value] if isinstance(value, str) else value
                    row.append(ids[value])
                rows.append(row)
            values[marked] = np.array(rows, dtype=np.uint64)
        saved: Any = doc.to_array(self._columns)
        doc.from_array(self._columns, values)  # type: ignore[arg-type]
        try:
            return list(self.matcher(doc, allow_missing=True))
        finally:
            doc.from_array(self._columns, saved)
