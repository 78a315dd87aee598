"""The alias dictionary's entries and index: ``AliasEntry`` (one real-world entity and its
names), ``AliasDictionary`` (entries indexed by every name) and ``dictionary_key`` (how names
are compared). Reading the shipped and user files is :mod:`schema.aliases`.

Example::

    >>> d = AliasDictionary()
    >>> d.add(AliasEntry(id="x", type=EntityType.COMPANY, en="SK Telecom Co., Ltd.", ko="SK텔레콤"))
    ['sktelecom', 'sk텔레콤']
    >>> [e.id for e in d.lookup("S.K. 텔레콤")]
    ['x']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from schema.corporate_forms import strip_corporate_form
from schema.text import has_hangul
from schema.types import EntityType

__all__ = ["AliasDictionary", "AliasEntry", "dictionary_key"]


# Hanja that older Korean news writes inside Hangul names, read as the Hangul word they stand
# for: country abbreviations (美 국무부 = 미 국무부) and 省 for a ministry or department
# (에너지省 = 에너지부, the Department of Energy).
_HANJA = str.maketrans(
    {"美": "미", "日": "일", "中": "중", "北": "북", "韓": "한", "英": "영", "佛": "불", "獨": "독", "露": "러"}
    | {"省": "부", "部": "부", "廳": "청", "院": "원", "局": "국"}
)


# what a key drops: every character but the alphanumeric ones (``str.isalnum``, which is what
# ``\w`` means in a str pattern, less the underscore) and "&", "+"
_NOT_KEPT = re.compile(r"[^\w&+]|_")


@lru_cache(maxsize=131072)  # a pure function of the name, asked again for every mention of it
def dictionary_key(name: str) -> str:
    """How names are compared in the dictionary: NFKC, case-folded, corporate forms removed,
    spaces and dots ignored ("U.S." = "US", "SK 텔레콤" = "SK텔레콤"), the Hanja of older news
    read in Hangul ("美" = "미", "에너지省" = "에너지부")."""
    text = strip_corporate_form(name)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_HANJA)
    return _NOT_KEPT.sub("", text)


@dataclass(frozen=True)
class AliasEntry:
    """One entity of the dictionary."""

    id: str
    type: EntityType
    en: str
    ko: str
    aliases: tuple[str, ...] = ()
    section: str = ""
    parent: str = ""

    @property
    def names(self) -> list[str]:
        return [n for n in dict.fromkeys([self.en, self.ko, *self.aliases]) if n]

    @property
    def names_en(self) -> list[str]:
        return [n for n in self.names if not has_hangul(n)]

    @property
    def names_ko(self) -> list[str]:
        return [n for n in self.names if has_hangul(n)]


@dataclass
class AliasDictionary:
    """Entries indexed by every name (see ``dictionary_key``)."""

    entries: dict[str, AliasEntry] = field(default_factory=dict)
    _by_key: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: AliasEntry) -> list[str]:
        """Index ``entry`` by its names; an entry of an id already present is merged into it.
        Returns the keys of the names of the entry as stored (``dictionary_key`` of each)."""
        old = self.entries.get(entry.id)
        if old is not None:
            # the same id again (e.g. a user file extending a shipped entry): union of names
            entry = AliasEntry(
                id=entry.id,
                type=old.type,
                en=old.en or entry.en,
                ko=old.ko or entry.ko,
                aliases=tuple(dict.fromkeys([*old.aliases, *entry.names])),
                section=old.section,
                parent=old.parent or entry.parent,
            )
        keys = [dictionary_key(name) for name in entry.names]
        self.add_keyed(entry, keys)
        return keys

    def add_keyed(self, entry: AliasEntry, keys: Sequence[str]) -> None:
        """Index an entry of a new id by ``keys``, the keys of its names as ``add`` returns them
        (known already: the copy of a dictionary)."""
        self.entries[entry.id] = entry
        for key in keys:
            if key:
                ids = self._by_key.setdefault(key, [])
                if entry.id not in ids:
                    ids.append(entry.id)

    def lookup(self, name: str) -> list[AliasEntry]:
        """Entries carrying ``name`` (exactly, modulo case, spacing, dots, corporate form)."""
        return [self.entries[i] for i in self._by_key.get(dictionary_key(name), [])]

    def get(self, entry_id: str) -> AliasEntry | None:
        return self.entries.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[AliasEntry]:
        return iter(self.entries.values())

    def by_section(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.entries.values():
            counts[e.section] = counts.get(e.section, 0) + 1
        return counts
