"""Manual corrections to resolved entities, written once for every caller: ``kg entities``
(kg/cli_entities.py) and the GraphQL mutations ``mergeEntities`` and ``splitEntity`` (api/).

* ``find``: an entity by id, exact name or alias, or a sure search hit, in either script;
* ``merge``: fold one entity into another, recorded as a manual merge;
* ``split``: move the mentions written as one alias (and the evidence read off them) to a new
  entity, optionally of another type (a retype of what the alias names).

A split-off entity gets a deterministic id, the blocking keys of its name that the names left
on the original do not also give, and, when the alias is another entry of the alias dictionary,
that entry's key and names. The store takes those keys off the original, so the resolver sends
later mentions of the alias to the new entity and the rest still to the original. The caller
commits (the CLI at once, the API under its write lock).

Example::

    ops = EntityOps(store, settings.data_dir)
    amazon = ops.find("Amazon").entity
    ops.split(amazon.id, "Amazon Korea").created.id      # 'ent:...'
    store.commit()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.resolve import blocking_keys, entity_id_for
from kg.store.base import GraphStore
from schema.aliases import AliasDictionary, dictionary_key, load_dictionary
from schema.errors import InputError, NotFoundError
from schema.keys import BlockingKey
from schema.text import has_hangul
from schema.types import AttrValue, Entity, EntityType, MergeRecord

__all__ = ["EntityOps", "Found", "SplitOutcome", "split_off"]

# a search hit counts as naming the entity only when at least this sure
_SURE_SEARCH_SCORE = 0.9


@dataclass(frozen=True)
class Found:
    """The entity a reference names and, when it names several, all of them (most mentioned
    first, ``entity`` among them)."""

    entity: Entity
    candidates: list[Entity] = field(default_factory=list)


@dataclass(frozen=True)
class SplitOutcome:
    """The entity an alias was split off (as it is after the split) and the one it now names."""

    original: Entity
    created: Entity


class EntityOps:
    """Find, merge and split entities of ``store``; ``data_dir`` holds the user part of the
    alias dictionary (with the shipped part, it tells which entry a split-off alias is)."""

    def __init__(self, store: GraphStore, data_dir: Path | None = None) -> None:
        self.store = store
        self.data_dir = data_dir

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; NotFoundError when there is none."""
        entity = self.store.get_entity(entity_id)
        if entity is None:
            raise NotFoundError(f"entity {entity_id!r} not found")
        return entity

    def find(self, ref: str) -> Found:
        """The entity ``ref`` names: by id, exact name or alias, else the best search hit of
        score 0.9 or more (in either script). Of several, the most mentioned."""
        entity = self.store.get_entity(ref)
        if entity is not None:
            return Found(entity, [entity])
        ids = self.store.find_by_name(ref)
        if not ids:
            hits = [eid for eid, score in self.store.search_entities(ref, limit=5) if score >= _SURE_SEARCH_SCORE]
            ids = hits[:1]
        found = [e for e in self.store.get_entities(ids) if e is not None]
        if not found:
            raise NotFoundError(f"no entity named {ref!r}")
        found.sort(key=lambda e: -e.mention_count)
        return Found(found[0], found)

    def merge(self, keep_id: str, other_id: str) -> Entity:
        """Fold ``other_id`` into ``keep_id`` (mentions, names, keys, relations), recorded as a
        manual merge; ``split`` undoes it."""
        keep, other = self.get(keep_id), self.get(other_id)
        if keep.id == other.id:
            raise InputError(f"{keep.id} ({keep.name}) cannot be merged into itself: already one entity")
        record = MergeRecord(entity_id=keep.id, alias=other.name, reason="manual", score=1.0, other_entity_id=other.id)
        return self.store.merge_entities(keep.id, other.id, record)

    def split(self, entity_id: str, alias: str, type: EntityType | None = None) -> SplitOutcome:
        """Move the mentions of ``entity_id`` written ``alias`` (and the evidence read off them)
        to a new entity (of ``type``, default the original's); see ``split_off``."""
        base = self.get(entity_id)
        new_entity = split_off(base, alias, load_dictionary(self.data_dir), type)
        created = self.store.split_entity(base.id, alias, new_entity)
        return SplitOutcome(original=self.get(base.id), created=created)


def split_off(
    base: Entity, alias: str, dictionary: AliasDictionary | None = None, type: EntityType | None = None
) -> Entity:
    """The entity that takes ``alias`` away from ``base``, of ``type`` (default ``base.type``):
    a deterministic id; the alias's own blocking keys (those the remaining names do not also
    produce), under the new type and under the original's (so the store takes the latter off
    ``base`` even when the type changes group); and, when the alias is a dictionary entry other
    than ``base``'s own, that entry's key and names. Later mentions of the alias find the new
    entity and the rest still find ``base``.

    >>> from schema.types import Entity, EntityType
    >>> base = Entity(id="ent:a", type=EntityType.COMPANY, name="Amazon", aliases=["Amazon", "Amazon Korea"])
    >>> new = split_off(base, "Amazon Korea")
    >>> (new.name, new.type.value, new.attributes["split_from"])
    ('Amazon Korea', 'Company', 'ent:a')
    >>> "O|n|amazon" in new.keys     # Amazon's own key stays with Amazon
    False
    """
    new_type = base.type if type is None else type
    wanted = dictionary_key(alias)
    remaining = [n for n in {base.name, base.name_en, base.name_ko, *base.aliases} if n and dictionary_key(n) != wanted]
    keep_keys = {k for n in remaining for k in blocking_keys(n, base.type)}
    own = [*blocking_keys(alias, new_type), *blocking_keys(alias, base.type)]
    keys = [k for k in dict.fromkeys(own) if k not in keep_keys]
    name_en, name_ko = ("", alias) if has_hangul(alias) else (alias, "")
    attributes: dict[str, AttrValue] = {"split_from": base.id}
    base_entry = base.attributes.get("dictionary_id")
    for entry in dictionary.lookup(alias) if dictionary is not None else []:
        entry_key = str(BlockingKey.dictionary(entry.id))
        if entry.id != base_entry and entry_key in base.keys:
            keys.append(entry_key)
            name_en, name_ko = entry.en or name_en, entry.ko or name_ko
            attributes["dictionary_id"] = entry.id
            break
    return Entity(
        id=entity_id_for(new_type, f"{wanted}#split-from:{base.id}"),
        type=new_type,
        name=name_en or name_ko,
        name_en=name_en,
        name_ko=name_ko,
        aliases=[alias],
        keys=keys,
        attributes=attributes,
    )
