"""The shipped alias dictionary as built, kept as a JSON file in kg's cache directory
(:mod:`schema.cache`), so that a process reads its entries and index in milliseconds instead of
reading the shipped files and computing every name's ``dictionary_key`` (about 0.25 s).

An entry holds what :mod:`schema.aliases` builds from the shipped files (``ShippedTables``):
the dictionary's entries and index in their order, the keys of each entry's names (to copy the
dictionary under a user dictionary without computing them again) and the names of each
section's rows (``shipped_names``). It is named after the SHA-256 of the files the dictionary
is built from (``schema.aliases``' choice) and ``FORMAT``. The file is four lines: the SHA-256
of the other three, the dictionary (JSON), then the keys and the names (JSON, decoded only when
asked for). Reading it raises ``ValueError`` (or ``OSError``) on anything but an entry this
module wrote, so the parts decoded later cannot be damaged.

Example::

    >>> import tempfile
    >>> from schema.types import EntityType
    >>> d = AliasDictionary()
    >>> keys = [d.add(AliasEntry(id="x", type=EntityType.COMPANY, en="Amazon", ko="아마존"))]
    >>> path = Path(tempfile.mkdtemp()) / "aliases.json"
    >>> write_tables(path, ShippedTables(d, keys, {"companies": ["Amazon", "아마존"]}))
    >>> tables = read_tables(path)
    >>> tables.dictionary == d, tables.keys, tables.names
    (True, [['amazon', '아마존']], {'companies': ['Amazon', '아마존']})
"""

from __future__ import annotations

import gc
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from schema.aliases.model import AliasDictionary, AliasEntry
from schema.cache import write_atomic
from schema.types import EntityType

__all__ = ["FORMAT", "ShippedTables", "read_tables", "write_tables"]

FORMAT = "2"  # bump when the layout below or the way the dictionary is built changes
_TYPES = {t.value: t for t in EntityType}


@dataclass(frozen=True, eq=False)
class ShippedTables:
    """The shipped dictionary and what is derived with it: ``keys`` and ``names``, given as
    such or as their JSON (read from the cache, decoded when first used)."""

    dictionary: AliasDictionary
    keys_data: list[list[str]] | bytes  # per entry (in the dictionary's order): the keys of its names
    names_data: dict[str, list[str]] | bytes  # per section: the names of its rows

    @cached_property
    def keys(self) -> list[list[str]]:
        keys = json.loads(self.keys_data) if isinstance(self.keys_data, bytes) else self.keys_data
        if not isinstance(keys, list) or len(keys) != len(self.dictionary.entries):
            raise ValueError("a damaged alias dictionary cache entry")
        return keys

    @cached_property
    def names(self) -> dict[str, list[str]]:
        names = json.loads(self.names_data) if isinstance(self.names_data, bytes) else self.names_data
        if not isinstance(names, dict):
            raise ValueError("a damaged alias dictionary cache entry")
        return names


def write_tables(path: Path, tables: ShippedTables) -> None:
    """Write the cache entry (atomically; no error when it cannot be written)."""
    entries = list(tables.dictionary.entries.values())
    index = tables.dictionary._by_key
    data = {
        "format": FORMAT,
        "id": [e.id for e in entries],
        "type": [e.type.value for e in entries],
        "en": [e.en for e in entries],
        "ko": [e.ko for e in entries],
        "aliases": [list(e.aliases) for e in entries],
        "section": [e.section for e in entries],
        "parent": [e.parent for e in entries],
        # the index as two columns, an id list of one id as the id alone (nearly all of them)
        "index_keys": list(index),
        "index_ids": [ids[0] if len(ids) == 1 else ids for ids in index.values()],
    }
    # the keys and names on lines of their own: decoded when needed (a user dictionary,
    # ``shipped_names``), not with the rest (JSON holds no raw newline)
    body = b"\n".join(_json(part).encode("utf-8") for part in (data, tables.keys, tables.names))
    blob = hashlib.sha256(body).hexdigest().encode() + b"\n" + body
    write_atomic(path, lambda fh: fh.write(blob))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def read_tables(path: Path) -> ShippedTables:
    """The cache entry at ``path``; ``OSError`` when there is none, ``ValueError`` (or
    ``KeyError``, ``TypeError``) when it is damaged."""
    blob = path.read_bytes()
    digest, _, body = blob.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        raise ValueError("a damaged alias dictionary cache entry")
    # tens of thousands of new lists would set off the cyclic garbage collector many times
    # over (none of them can be garbage)
    collecting = gc.isenabled()
    gc.disable()
    try:
        main, keys, names = body.split(b"\n")  # a damaged entry: ValueError
        return ShippedTables(_decode(json.loads(main)), keys, names)
    finally:
        if collecting:
            gc.enable()


def _decode(data: Any) -> AliasDictionary:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not an alias dictionary cache entry of this format")
    entries = {
        entry_id: AliasEntry(entry_id, _TYPES[type_], en, ko, tuple(aliases), section, parent)
        for entry_id, type_, en, ko, aliases, section, parent in zip(
            data["id"],
            data["type"],
            data["en"],
            data["ko"],
            data["aliases"],
            data["section"],
            data["parent"],
            strict=True,
        )
    }
    if len(entries) != len(data["id"]):
        raise ValueError("a damaged alias dictionary cache entry")
    index = dict(
        zip(
            data["index_keys"],
            [[ids] if isinstance(ids, str) else ids for ids in data["index_ids"]],
            strict=True,
        )
    )
    return AliasDictionary(entries, index)
