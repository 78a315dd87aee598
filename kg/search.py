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
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable

from kg.resolve import normalize_name

__all__ = ["NameIndex", "ngrams"]

EXACT, PREFIX, SUBSTRING, FUZZY = 1.0, 0.8, 0.6, 0.5
_PREFIX_BUDGET = 2000  # forms examined for prefix matches per query
_NGRAM_BUDGET = 20_000  # posting entries examined for substring/fuzzy matches per query


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
        self._sorted: list[str] | None = None  # built on first search

    def __len__(self) -> int:
        return len(self._forms_by_id)

    def add(self, entity_id: str, names: Iterable[str]) -> None:
        self.remove(entity_id)
        forms = {normalize_name(n) for n in names if n.strip()}
        self._forms_by_id[entity_id] = forms
        for form in forms:
            if form not in self._ids_by_form:
                if self._sorted is not None:  # keep the prefix list sorted without a rebuild
                    bisect.insort(self._sorted, form)
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
                if self._sorted is not None:
                    at = bisect.bisect_left(self._sorted, form)
                    if at < len(self._sorted) and self._sorted[at] == form:
                        del self._sorted[at]
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
        end = min(len(self._sorted), i + _PREFIX_BUDGET)
        while i < end and self._sorted[i].startswith(q):
            form = self._sorted[i]
            if form != q:
                offer(form, PREFIX + 0.1 * len(q) / len(form))
            i += 1
        if len(scores) >= limit:
            return self._rank(scores, limit, popularity)  # substring and fuzzy rank below these
        # Candidates sharing n-grams with the query, rarest n-grams first, within a budget:
        # common n-grams ("co", " in") would otherwise touch most of the index per query.
        counts: dict[str, int] = defaultdict(int)
        grams = ngrams(q)
        touched = 0
        for posting in sorted((self._grams.get(gram, set()) for gram in grams), key=len):
            if touched + len(posting) > _NGRAM_BUDGET and counts:
                break
            touched += len(posting)
            for form in posting:
                counts[form] += 1
        # no (form, count) tuples: allocating thousands of them sets off full GC passes on
        # a large heap
        best = heapq.nlargest(500, counts, key=counts.__getitem__)
        fuzzy_left = 50  # difflib is the costly step: only for the closest candidates
        for form in best:
            shared = counts[form]
            if form.startswith(q):
                continue
            if q in form:
                offer(form, SUBSTRING + 0.1 * len(q) / len(form))
            elif fuzzy_left and shared / max(len(grams), 1) >= 0.34:
                fuzzy_left -= 1
                matcher = difflib.SequenceMatcher(None, q, form)
                if matcher.quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
                    offer(form, FUZZY * ratio)
        return self._rank(scores, limit, popularity)

    @staticmethod
    def _rank(scores: dict[str, float], limit: int, popularity: Callable[[str], int] | None) -> list[tuple[str, float]]:
        ranked = sorted(
            scores.items(),
            key=lambda kv: (-kv[1], -(popularity(kv[0]) if popularity else 0), kv[0]),
        )
        return ranked[:limit]
