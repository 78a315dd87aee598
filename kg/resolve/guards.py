"""Guards against wrong merges and the mention flags they read: whether only a statistical
model typed a mention, which groups such a mention may join, mistyped places, family names,
credible ``alias_of`` links, one name per script, and the affiliations of people.

Each guard is a small function of plain values (the person context takes the document state),
so it is tested by a table of cases (tests/unit/resolve/test_guards.py).

Example::

    >>> may_be_family_name("Merkel", EntityType.PERSON), may_be_family_name("Lee", EntityType.PERSON)
    (True, False)
    >>> maybe_place("노원구", EntityType.PERSON)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from schema.aliases import dictionary_key
from schema.text import has_hangul
from schema.translit import is_romanised_korean_surname, split_korean_name
from schema.types import TYPE_GROUP, EntityType, Mention

from .base import entity_names
from .places import same_place_stem
from .spelling import (
    ACRONYM,
    abbreviates,
    hangul_spelling_variants,
    latin_spelling_variants,
    letters,
    same_but_initials,
)

if TYPE_CHECKING:
    from .state import DocState

__all__ = [
    "CANDIDATE_TYPES",
    "OTHER_GROUP_TYPES",
    "PLACE_SECTIONS",
    "alias_target",
    "city_override_ok",
    "competing_name",
    "may_be_family_name",
    "maybe_place",
    "person_context",
    "place_override_ok",
    "type_uncertain",
]

# a mention whose type only a statistical model gave may join a name of another group (see
# CrossLingualResolver._other_group); one type per group stands for it
OTHER_GROUP_TYPES: dict[str, tuple[EntityType, ...]] = {
    "P": (EntityType.COMPANY, EntityType.PLACE),
    "O": (EntityType.PERSON, EntityType.PLACE),
    "L": (EntityType.PERSON, EntityType.COMPANY),
}
# a candidate mention (a word no model typed) is looked up in one type per group and taken only
# by an exact name, a transliteration at least this sure, or a family name
CANDIDATE_TYPES = (EntityType.PERSON, EntityType.COMPANY, EntityType.PLACE)
# what a Korean mention's typed_by may say for its type to count as the model's alone
_MODEL_TYPED = ("", "span_typer")
# the English extractor's confidence for a type spaCy's NER gave with no rule behind it
_EN_MODEL_CONFIDENCE = 0.75
_ADMIN_ENDINGS = ("시", "군", "구", "도")
# dictionary sections whose places may retype a mention the extractor typed otherwise
PLACE_SECTIONS = {"countries", "places"}


def type_uncertain(m: Mention) -> bool:
    """True when only a statistical model typed this mention: spaCy's NER with no rule,
    gazetteer or cue behind it (English ``source`` "ner" at the plain confidence), or the
    Korean CRF / span typer with no dictionary, title or suffix behind it."""
    if m.attributes.get("within") or m.attributes.get("role"):
        return False
    if m.language == "en":
        return m.attributes.get("source") == "ner" and m.confidence <= _EN_MODEL_CONFIDENCE
    return (
        m.attributes.get("source") == "model"
        and str(m.attributes.get("typed_by", "")) in _MODEL_TYPED
        and not m.attributes.get("full_name")
    )


def maybe_place(text: str, type: EntityType) -> bool:
    """A Hangul organisation or person name of three or more syllables ending in 시/군/구/도:
    possibly a place the extractor mistyped (노원구, 달성군, 계룡시)."""
    compact = text.replace(" ", "")
    if type is EntityType.PLACE or len(compact) < 3:
        return False
    return has_hangul(compact) and compact.endswith(_ADMIN_ENDINGS)


def place_override_ok(text: str, type: EntityType) -> bool:
    """A Latin-script "person" named like a country is more often a person (Jordan, Georgia,
    Chad) than a mistyped country; Hangul country names (요르단, 헝가리) as persons are the
    extractor's slip. Organisation-typed mentions are retyped in either script."""
    if type is EntityType.PERSON:
        return has_hangul(text) and len(text.replace(" ", "")) >= 2
    return True


def city_override_ok(text: str, type: EntityType) -> bool:
    """Whether a mention whose type only a model gave may be the world city the dictionary
    names so: an "organisation" (세인트루이스, Columbus read as companies) or a Latin
    "person" of several words (New Orleans); not a one-word person, since cities are named
    after people (Lincoln = 링컨, Washington, Jackson)."""
    return type is not EntityType.PERSON or (not has_hangul(text) and " " in text.strip())


def may_be_family_name(text: str, type: EntityType) -> bool:
    """A person named by one word that may be a family name alone ("Merkel", "메르켈"): not
    a Korean name (a Hangul word of three syllables or more that starts with a Korean
    surname, a one-syllable word, a romanised Korean surname such as Lee or Kim, whose
    bearers are too many), not an acronym."""
    if type is not EntityType.PERSON or len(text.split()) != 1 or ACRONYM.match(text):
        return False
    if has_hangul(text):
        return len(text) >= 2 and not (len(text) >= 3 and split_korean_name(text) is not None)
    return len(letters(text)) >= 3 and not is_romanised_korean_surname(text)


def alias_target(mentions: Sequence[Mention], index: int) -> int | None:
    """The mention that ``alias_of`` points at, when the link is credible: same type group,
    same sentence, written before the alias ("신세계그룹(이마트)"). Anything else is ignored
    rather than trusted, since a wrong link merges two entities."""
    m = mentions[index]
    target = m.attributes.get("alias_of")
    if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target < len(mentions) or target == index:
        return None
    t = mentions[target]
    if TYPE_GROUP[t.type] != TYPE_GROUP[m.type] or t.sentence_start != m.sentence_start or t.start >= m.start:
        return None
    return target


@lru_cache(maxsize=131072)  # a pure function of the names, asked again for every document naming them
def competing_name(name: str, text: str, type: EntityType, text_key: str | None = None) -> bool:
    """One name per script: whether ``name``, a name an entity already has in the script of
    the mention ``text``, is another name than ``text`` (an entity that is already 금천구 is
    not 금정구, however alike they sound), and not merely another form of it: an acronym of
    it, an acronym at all (NYMEX is no competing spelling), or for people a Hangul or Latin
    spelling variant or the name without its middle initials, for places the name with or
    without its administrative suffix. ``text_key``: ``dictionary_key(text)``, when known."""
    if has_hangul(name) != has_hangul(text):
        return False
    if dictionary_key(name) == (dictionary_key(text) if text_key is None else text_key):
        return False
    if abbreviates(name, text) or ACRONYM.match(name):
        return False
    if type is EntityType.PERSON and (
        hangul_spelling_variants(name, text) or latin_spelling_variants(name, text) or same_but_initials(name, text)
    ):
        return False
    return not (type is EntityType.PLACE and same_place_stem(name, text))


def person_context(state: DocState, entity_id: str, affiliations: set[str], hangul: bool) -> bool | None:
    """True when the candidate person is affiliated with an organisation named in the same
    sentence, False when both sides name affiliations and they are disjoint, else None.
    Disjoint counts only when some known affiliation has a name in the mention's script
    (an acronym such as FRB does not count):
    an organisation known only in the other language may simply have failed to merge with
    the one named here (FRB / Federal Reserve), which says nothing about the person."""
    if not affiliations:
        return None
    known = state.affiliations(entity_id)
    if not known:
        return None
    if known & affiliations:
        return True
    comparable = any(
        any(has_hangul(n) == hangul and not ACRONYM.match(n) for n in entity_names(e))
        for e in (state.entity(a) or state.store.get_entity(a) for a in sorted(known))
        if e is not None
    )
    return False if comparable else None
