"""An in-memory name index for entity search in either script: exact, prefix, substring and
fuzzy (character n-gram) matches, ranked.

Example::

    index = NameIndex()
    index.add("ent:1", ["Amazon", "아마존"])
    index.search("amaz")          # [("ent:1", 0.8...)]
"""

from __future__ import annotations

import bisect
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable

from kg.resolve import normalize_name

__all__ = ["NameIndex", "ngrams"]

EXACT, PREFIX, SUBSTRING, FUZZY = 1.0, 0.8, 0.6, 0.5


def ngrams(form: str) -> set[str]:
    """Bigrams for short or Hangul forms (a Hangul syllable carries as much as a Latin
    trigram), trigrams otherwise."""
    n = 2 if len(form) < 5 or any("\uac00" <= ch <= "\ud7a3" for ch in form) else 3
    padded = f" {form} "
    return {padded[i : i + n] for i in range(len(padded) - n + 1)}


class NameIndex:
    """Maps normalised name forms to entity ids; no all-entries scan per query."""

    def __init__(self) -> None:
        self._ids_by_form: dict[str, set[str]] = defaultdict(set)
        self._forms_by_id: dict[str, set[str]] = {}
        self._grams: dict[str, set[str]] = defaultdict(set)
        self._sorted: list[str] | None = []

    def __len__(self) -> int:
        return len(self._forms_by_id)

    def add(self, entity_id: str, names: Iterable[str]) -> None:
        self.remove(entity_id)
        forms = {normalize_name(n) for n in names if n.strip()}
        self._forms_by_id[entity_id] = forms
        for form in forms:
            if form not in self._ids_by_form:
                self._sorted = None
                for gram in ngrams(form):
                    self._grams[gram].add(form)
            self._ids_by_form[form].add(entity_id)

    def remove(self, entity_id: str) -> None:
        for form in self._forms_by_id.pop(entity_id, set()):
            ids = self._ids_by_form.get(form)
            if ids is None:
                continue
            ids.discard(entity_id)
            if not ids:
                del self._ids_by_form[form]
                self._sorted = None
                for gram in ngrams(form):
                    self._grams[gram].discard(form)

    def exact(self, name: str) -> set[str]:
        return set(self._ids_by_form.get(normalize_name(name), set()))

    def search(
        self,
        query: str,
        limit: int = 20,
        accept: Callable[[str], bool] | None = None,
        popularity: Callable[[str], int] | None = None,
        extra_forms: Iterable[str] = (),
    ) -> list[tuple[str, float]]:
        """Ranked (id, score). ``extra_forms`` are alternative spellings of the query (e.g.
        romanised keys) matched exactly at a slightly lower score."""
        q = normalize_name(query)
        if not q:
            return []
        scores: dict[str, float] = {}

        def offer(form: str, score: float) -> None:
            for eid in self._ids_by_form.get(form, ()):
                if (accept is None or accept(eid)) and score > scores.get(eid, 0.0):
                    scores[eid] = score

        offer(q, EXACT)
        for alt in extra_forms:
            offer(normalize_name(alt), EXACT * 0.95)
        if self._sorted is None:
            self._sorted = sorted(self._ids_by_form)
        i = bisect.bisect_left(self._sorted, q)
        while i < len(self._sorted) and self._sorted[i].startswith(q):
            form = self._sorted[i]
            if form != q:
                offer(form, PREFIX + 0.1 * len(q) / len(form))
            i += 1
        # candidates sharing n-grams with the query: substring and fuzzy matches
        counts: dict[str, int] = defaultdict(int)
        grams = ngrams(q)
        for gram in grams:
            for form in self._grams.get(gram, ()):
                counts[form] += 1
        best = sorted(counts.items(), key=lambda kv: -kv[1])[:500]
        for form, shared in best:
            if form.startswith(q) or form == q:
                continue
            if q in form:
                offer(form, SUBSTRING + 0.1 * len(q) / len(form))
            elif shared / max(len(grams), 1) >= 0.34:
                ratio = difflib.SequenceMatcher(None, q, form).ratio()
                if ratio >= 0.6:
                    offer(form, FUZZY * ratio)
        ranked = sorted(
            scores.items(),
            key=lambda kv: (-kv[1], -(popularity(kv[0]) if popularity else 0), kv[0]),
        )
        return ranked[:limit]
