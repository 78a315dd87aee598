"""Entity resolution: decide, for each mention of a document, which stored entity it is or
that it is new. Runs in memory before anything is written, so it serves every store.

The ``Resolver`` protocol is what the pipeline calls. ``ExactNameResolver`` is the simplest real
resolver (type + normalised surface form). ``CrossLingualResolver`` makes "Amazon" and "아마존"
one node: it tries, in order, the bilingual alias dictionary (``schema.aliases``), the exact
name (modulo case, spacing, dots and corporate forms), transliteration (candidates that share
a phonetic blocking key, scored by sound, accepted only across scripts and above a threshold
that rises for short names, never on a near tie), acronyms the dictionary or the document
supports, and a family name alone; with guards that keep people, organisations and places
apart, give an entity one name per script, and keep apart people whose affiliations
contradict the sentence. Candidates come only from ``store.find_by_keys`` (one call per
document), so the work per mention is bounded by its blocks, not by the size of the graph.

The package, one job per module:

- ``base``: ``Resolver``, ``Resolution``, ``entity_id_for``, ``ExactNameResolver``;
- ``resolver``: ``CrossLingualResolver``, the order of its steps and passes;
- ``keys``: the blocking keys of a name (grammar in ``schema.keys``) and ``search_keys``;
- ``spelling``: Latin renderings, the other readings of foreign names, spelling variants;
- ``places``: administrative suffixes, containers, compass and mission names;
- ``scoring``: candidates by exact name and by sound, thresholds, ties;
- ``guards``: what keeps entities apart, and the mention flags the guards read;
- ``state``: the per-document working set (``DocState``).

docs/resolution.md describes the method; CHANGELOG.md the measured figures.

Example::

    resolver = default_resolver(settings)
    resolution = resolver.resolve(document, mentions, store)
    resolution.entity_ids          # one id per mention, same order
"""

from __future__ import annotations

from schema.text import normalize_name

from .base import ExactNameResolver, Resolution, Resolver, entity_id_for
from .keys import blocking_keys, search_keys
from .resolver import CrossLingualResolver, default_resolver

__all__ = [
    "CrossLingualResolver",
    "ExactNameResolver",
    "Resolution",
    "Resolver",
    "blocking_keys",
    "default_resolver",
    "entity_id_for",
    "normalize_name",
    "search_keys",
]
