"""The blocking-key grammar: the strings under which the resolver indexes an entity
(``Entity.keys``) and looks a mention up (``GraphStore.find_by_keys``).

A key is ``<group>|<kind>|<value>``, where the group is the entity's type group
(``schema.types.TYPE_GROUP``: ``O`` organisations, ``P`` people, ``L`` places) and the kind
says what the value is (``KeyKind``). Two groups carry no kind: ``d|<dictionary entry id>``
(the entity a dictionary entry made) and ``<EntityType value>|<normalised name>`` (the keys of
``ExactNameResolver``). A key whose entity's type only a statistical model gave is also
written with an ``M|`` in front (``model=True``), under which mentions of other groups find it.

Stores keep keys as plain strings; these are the strings every data directory holds, so
``str(BlockingKey.parse(s)) == s`` for every key written today.

Example::

    >>> key = BlockingKey("P", KeyKind.NAME, "merkel")
    >>> str(key)
    'P|n|merkel'
    >>> BlockingKey.parse("M|O|s|MJN")
    BlockingKey(group='O', kind=<KeyKind.SKELETON: 's'>, value='MJN', model=True)
    >>> str(BlockingKey.parse("P|k|박|2|JNH"))
    'P|k|박|2|JNH'
    >>> str(BlockingKey.dictionary("country:KR"))
    'd|country:KR'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from schema.types import EntityType

__all__ = ["DICTIONARY_GROUP", "KEYED_GROUPS", "MODEL_PREFIX", "BlockingKey", "KeyKind"]


class KeyKind(StrEnum):
    """What the value of a key is. ``f`` has two readings that share the letter (a family
    name in the ``P`` group, the sound of a short name in any group): the strings in stored
    data say ``f`` for both, so ``FAMILY_NAME`` is an alias of ``SHORT_FORM``."""

    NAME = "n"  # the exact name (``dictionary_key``), or an organisation's name without its descriptive word
    SKELETON = "s"  # the phonetic skeleton of one Latin rendering (``schema.translit.skeleton``)
    LETTERS = "r"  # a rendering letter for letter, for names too short for a skeleton (WINIA)
    SHORT_FORM = "f"  # the sound of a short name with its vowels (Yahoo = 야후: "aHo")
    FAMILY_NAME = "f"  # P only: a family name's exact form ("Merkel" of Angela Merkel)
    FAMILY_SKELETON = "F"  # P only: a family name's phonetic skeleton
    KOREAN_NAME = "k"  # P only: Hangul surname|syllables|given-name skeleton (``person_keys``)
    WORDS = "w"  # P only: skeleton per word of a foreign name, one word possibly left open ("*")
    COMPOSITE = "c"  # L only: compass word or mission + dictionary place (``east|country:DE``)
    GOVERNMENT = "g"  # O only: the person key of the leader a government is named after


# the groups whose keys carry a kind (schema.types.TYPE_GROUP's values)
KEYED_GROUPS = frozenset({"O", "P", "L"})
DICTIONARY_GROUP = "d"
MODEL_PREFIX = "M|"
_KINDLESS_GROUPS = frozenset({DICTIONARY_GROUP, *(t.value for t in EntityType)})


@dataclass(frozen=True, slots=True)
class BlockingKey:
    """One key: ``group`` (``O``/``P``/``L``, ``d`` or an ``EntityType`` value), ``kind``
    (``None`` for the kindless groups), ``value`` (may itself contain ``|``: the person and
    composite keys do) and ``model`` (the ``M|`` form)."""

    group: str
    kind: KeyKind | None
    value: str
    model: bool = False

    def __post_init__(self) -> None:
        if self.group in KEYED_GROUPS:
            if self.kind is None:
                raise ValueError(f"a key of group {self.group!r} needs a kind")
        elif self.group in _KINDLESS_GROUPS:
            if self.kind is not None:
                raise ValueError(f"a key of group {self.group!r} has no kind")
        else:
            raise ValueError(f"unknown key group {self.group!r}")

    @classmethod
    def dictionary(cls, entry_id: str) -> BlockingKey:
        """The key of the entity a dictionary entry made: ``d|<entry id>``."""
        return cls(DICTIONARY_GROUP, None, entry_id)

    @classmethod
    def parse(cls, text: str) -> BlockingKey:
        """The key a string spells; ``ValueError`` for anything the grammar does not make."""
        model = text.startswith(MODEL_PREFIX)
        rest = text[len(MODEL_PREFIX) :] if model else text
        group, sep, tail = rest.partition("|")
        if not sep:
            raise ValueError(f"not a blocking key: {text!r}")
        if group not in KEYED_GROUPS:
            return cls(group, None, tail, model)
        kind, sep, value = tail.partition("|")
        if not sep:
            raise ValueError(f"not a blocking key: {text!r}")
        try:
            return cls(group, KeyKind(kind), value, model)
        except ValueError:
            raise ValueError(f"unknown key kind {kind!r} in {text!r}") from None

    def as_model(self) -> BlockingKey:
        """The ``M|`` form of this key."""
        return BlockingKey(self.group, self.kind, self.value, model=True)

    @staticmethod
    def format(group: str, kind: KeyKind, value: str) -> str:
        """The string of the key ``<group>|<kind>|<value>`` without building a key (the
        resolver writes thousands per document; no validation, as ``__str__`` after
        ``__post_init__``).

        >>> BlockingKey.format("O", KeyKind.SKELETON, "MJN")
        'O|s|MJN'
        """
        return f"{group}|{kind.value}|{value}"

    def __str__(self) -> str:
        head = MODEL_PREFIX if self.model else ""
        if self.kind is None:
            return f"{head}{self.group}|{self.value}"
        return head + self.format(self.group, self.kind, self.value)
