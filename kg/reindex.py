"""``kg reindex``: after the resolver's key rules change, recompute every stored entity's
blocking keys from its names with the resolver's own functions (``kg.resolve.blocking_keys``),
in place, so later documents find the entities the new rules would have found.

An entity's keys are of two kinds: keys its names give (recomputed here) and keys that record
something else — a dictionary entry (``d|<id>``) or the leader a government is named after
(``O|g|...``) — which are kept. An entity that carries no name keys (a fragment the resolver
keeps out of the index) stays without them.

Example::

    >>> from schema.types import Entity, EntityType
    >>> e = Entity(id="ent:1", type=EntityType.COMPANY, name="Amazon", aliases=["Amazon"], keys=["d|amazon"])
    >>> entity_keys(e)
    ['d|amazon']
"""

from __future__ import annotations

from kg import resolve
from kg.resolve.keys import model_typed_keys
from schema.types import TYPE_FROM_MODEL, Entity

__all__ = ["KEPT_PREFIXES", "entity_keys"]

KEPT_PREFIXES = ("d|", "O|g|")


def entity_keys(entity: Entity) -> list[str]:
    """The keys ``entity`` carries under the current rules, in a stable order: the kept ones
    first as they were, then those of each name and alias (as ``CrossLingualResolver`` indexes
    a name)."""
    kept = [k for k in entity.keys if k.startswith(KEPT_PREFIXES)]
    if len(kept) == len(entity.keys):
        return list(entity.keys)  # no name keys: not indexed by name, and stays so
    keys = dict.fromkeys(kept)
    model_typed = entity.attributes.get(TYPE_FROM_MODEL) is True
    for name in dict.fromkeys(n for n in (*entity.aliases, entity.name, entity.name_en, entity.name_ko) if n):
        keys.update(dict.fromkeys(resolve.blocking_keys(name, entity.type)))
        if model_typed:
            # the resolver's one rule for the M| keys of a model-typed entity (``_add_name``)
            keys.update(dict.fromkeys(model_typed_keys(name, entity.type)))
    return list(keys)
