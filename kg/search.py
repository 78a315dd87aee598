"""An in-memory name index for entity search in either script: exact, prefix, substring and
fuzzy (character n-gram) matches, ranked.

An entity is indexed under two kinds of forms:

* its **names**: the canonical names and the surface forms seen in documents. These match
  exactly, by prefix, as a substring (of 3+ characters, or 2+ Hangul syllables: a syllable
  carries as much as a Latin trigram) and, for forms of 4+ characters (3+ syllables), fuzzily;
* its **search keys**: other spellings it is known by but that no document used (gazetteer
  and dictionary variants such as "Hangchow" or "美"). These match only exactly or by prefix,
  slightly below a name: a key is evidence of identity only when it is typed whole, so
  "중국" does not find the United States through "미합중국", nor "한화" South Korea through "한".

Example::

    index = NameIndex()
    index.add("ent:1", ["Amazon", "아마존"], keys=["AMZN"])
    index.search("amaz")          # [("ent:1", 0.867)]
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from schema.text import has_hangul, normalize_name

__all__ = ["KEY_FACTOR", "NameIndex", "index_grams", "ngrams"]

EXACT, PREFIX, WORD_START, SUBSTRING, FUZZY = 1.0, 0.8, 0.7, 0.6, 0.5
KEY_FACTOR = 0.95  # a search key (or an alternative spelling of the query) ranks just below a name
SCORE_DIGITS = 3
_PREFIX_BUDGET = 2000  # forms examined for prefix matches per query
_NGRAM_BUDGET = 20_000  # posting entries examined for substring/fuzzy matches per query
_WORD_BREAK = re.compile(r"[\s\-./&'·,()]")


def _hangul(form: str) -> bool:
    return has_hangul(form)


def _grams(form: str, n: int) -> set[str]:
    padded = f" {form} "
    return {padded[i : i + n] for i in range(len(padded) - n + 1)}


def ngrams(form: str) -> set[str]:
    """The n-grams of a query: bigrams for short or Hangul forms (a Hangul syllable carries as
    much as a Latin trigram), trigrams otherwise."""
    return _grams(form, 2 if len(form) < 5 or _hangul(form) else 3)


def index_grams(form: str) -> set[str]:
    """The n-grams a name is indexed under: every n-gram size a query may use, so a short
    query ("sung", bigrams) finds a long name ("samsung electronics") as well as a long one."""
    grams = _grams(form, 2)
    if len(form) >= 5 and not _hangul(form):
        grams |= _grams(form, 3)
    return grams


def _fuzzy_ratio(q: str, form: str) -> float | None:
    """difflib's similarity of two forms when at least 0.6, else None."""
    matcher = difflib.SequenceMatcher(None, q, form)
    if matcher.quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
        return ratio
    return None


def _substring_ok(q: str) -> bool:
    return len(q) >= (2 if _hangul(q) else 3)


def _fuzzy_ok(form: str) -> bool:
    return len(form) >= (3 if _hangul(form) else 4)


class NameIndex:
    """Maps normalised forms to entity ids; no all-entries scan per query."""

    def __init__(self) -> None:
        # form -> {entity id: True when the form is one of its names, False for a search key}
        self._ids_by_form: dict[str, dict[str, bool]] = defaultdict(dict)
        self._forms_by_id: dict[str, set[str]] = {}
        self._grams: dict[str, set[str]] = defaultdict(set)  # n-gram -> name forms (not keys)
        self._name_refs: dict[str, int] = defaultdict(int)  # name form -> entities naming it
        self._sorted: list[str] | None = None  # built on first search

    def __len__(self) -> int:
        return len(self._forms_by_id)

    def add(self, entity_id: str, names: Iterable[str], keys: Iterable[str] = ()) -> None:
        """Index ``entity_id`` under ``names`` (every kind of match) and ``keys`` (exact and
        prefix only); a form that is both counts as a name."""
        self.remove(entity_id)
        name_forms = {normalize_name(n) for n in names if n.strip()}
        key_forms = {normalize_name(k) for k in keys if k.strip()} - name_forms
        name_forms.discard("")
        key_forms.discard("")
        self._forms_by_id[entity_id] = name_forms | key_forms
        for form, is_name in [*((f, True) for f in name_forms), *((f, False) for f in key_forms)]:
            if form not in self._ids_by_form and self._sorted is not None:
                bisect.insort(self._sorted, form)  # keep the prefix list sorted without a rebuild
            self._ids_by_form[form][entity_id] = is_name
            if is_name:
                if not self._name_refs[form]:
                    for gram in index_grams(form):
                        self._grams[gram].add(form)
                self._name_refs[form] += 1

    def remove(self, entity_id: str) -> None:
        for form in self._forms_by_id.pop(entity_id, set()):
            ids = self._ids_by_form.get(form)
            if ids is None:
                continue
            if ids.pop(entity_id, False):
                self._name_refs[form] -= 1
                if not self._name_refs[form]:
                    del self._name_refs[form]
                    for gram in index_grams(form):
                        self._grams[gram].discard(form)
            if not ids:
                del self._ids_by_form[form]
                if self._sorted is not None:
                    at = bisect.bisect_left(self._sorted, form)
                    if at < len(self._sorted) and self._sorted[at] == form:
                        del self._sorted[at]

    def exact(self, name: str) -> set[str]:
        return set(self._ids_by_form.get(normalize_name(name), {}))

    def search(
        self,
        query: str,
        limit: int = 20,
        accept: Callable[[str], bool] | None = None,
        popularity: Callable[[str], int] | None = None,
        extra_forms: Iterable[str] = (),
    ) -> list[tuple[str, float]]:
        """Ranked (id, score in 0..1, rounded to 3 digits). ``extra_forms`` are alternative
        spellings of the query (e.g. romanised keys) matched exactly, like a search key."""
        q = normalize_name(query)
        if not q:
            return []
        scores: dict[str, float] = {}

        def offer(form: str, score: float, names_only: bool = False) -> None:
            for eid, is_name in self._ids_by_form.get(form, {}).items():
                if names_only and not is_name:
                    continue
                value = score if is_name else score * KEY_FACTOR
                if (accept is None or accept(eid)) and value > scores.get(eid, 0.0):
                    scores[eid] = value

        offer(q, EXACT)
        for alt in extra_forms:
            offer(normalize_name(alt), EXACT * KEY_FACTOR)
        for form in self._prefixed(q):
            offer(form, PREFIX + 0.1 * len(q) / len(form))
        if len(scores) >= limit or not _substring_ok(q):
            return self._rank(scores, limit, popularity)  # substring and fuzzy rank below these
        grams = ngrams(q)
        counts = self._sharing_grams(grams)
        # no (form, count) tuples: allocating thousands of them sets off full GC passes on
        # a large heap
        best = heapq.nlargest(500, counts, key=counts.__getitem__)
        fuzzy_left = 50  # difflib is the costly step: only for the closest candidates
        fuzzy_query = _fuzzy_ok(q)
        for form in best:
            if form.startswith(q):
                continue
            at = form.find(q)
            if at > 0:
                # a match at the start of a word ("Elec" in "Samsung Electronics") beats one inside a word
                base = WORD_START if _WORD_BREAK.match(form[at - 1]) else SUBSTRING
                offer(form, base + 0.1 * len(q) / len(form), names_only=True)
            elif fuzzy_query and fuzzy_left and _fuzzy_ok(form) and counts[form] / max(len(grams), 1) >= 0.34:
                fuzzy_left -= 1
                if (ratio := _fuzzy_ratio(q, form)) is not None:
                    offer(form, FUZZY * ratio, names_only=True)
        return self._rank(scores, limit, popularity)

    def _prefixed(self, q: str) -> Iterator[str]:
        """The indexed forms that start with ``q`` (other than ``q``), within a budget."""
        if self._sorted is None:
            self._sorted = sorted(self._ids_by_form)
        i = bisect.bisect_left(self._sorted, q)
        end = min(len(self._sorted), i + _PREFIX_BUDGET)
        while i < end and self._sorted[i].startswith(q):
            if self._sorted[i] != q:
                yield self._sorted[i]
            i += 1

    def _sharing_grams(self, grams: Iterable[str]) -> dict[str, int]:
        """Candidates sharing n-grams with the query, rarest n-grams first, within a budget:
        common n-grams ("co", " in") would otherwise touch most of the index per query."""
        counts: dict[str, int] = defaultdict(int)
        touched = 0
        for posting in sorted((self._grams.get(gram, set()) for gram in grams), key=len):
            if touched + len(posting) > _NGRAM_BUDGET and counts:
                break
            touched += len(posting)
            for form in posting:
                counts[form] += 1
        return counts

    @staticmethod
    def _rank(scores: dict[str, float], limit: int, popularity: Callable[[str], int] | None) -> list[tuple[str, float]]:
        ranked = sorted(
            scores.items(),
            key=lambda kv: (-round(kv[1], SCORE_DIGITS), -(popularity(kv[0]) if popularity else 0), kv[0]),
        )
        return [(eid, round(score, SCORE_DIGITS)) for eid, score in ranked[:limit]]
