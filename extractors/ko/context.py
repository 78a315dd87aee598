"""What the passes read besides the sentence: the lexicons, the span typer and the country-role
model (None when not shipped), the NER gazetteer's names, the relation stage's deal words, and
the place lookups several passes share (an administrative area, the areas a chain starts with).
The extractor builds one once its models are loaded; passes never touch the extractor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from extractors.ko.lexicon import Lexicons
from extractors.ko.span_typer import SpanTyper
from extractors.ko.spans import AREA_ENDINGS, Span
from schema.types import EntityType

__all__ = ["Context"]


@dataclass(frozen=True, slots=True)
class Context:
    """The read-only resources of the passes."""

    lex: Lexicons
    typer: SpanTyper | None  # the span typer (``models/types``), if shipped
    roles: SpanTyper | None  # the country-role model (``models/roles``), if shipped
    gazetteer: Mapping[str, str]  # the NER gazetteer: name -> PS, OG or LC
    deal_words: frozenset[str]  # the relation stage's deal words (partners of a deal)

    def area(self, name: str) -> bool:
        """An administrative area that can contain the place written after it: a country, a
        place the dictionary knows, or a name ending in 도/시/군/구/읍/면/동/주/성/현."""
        lex = self.lex
        return (
            name in lex.area_names
            or lex.names.get(name) is EntityType.PLACE
            or (
                len(name) >= 2
                and name.endswith(AREA_ENDINGS)
                and name not in lex.place_qualifiers
                and name not in lex.area_exclusions
            )
        )

    def leading_areas(self, text: str, sp: Span) -> tuple[tuple[int, int], ...]:
        """The areas a multi-word place span starts with ("부산 수영구" of "부산 수영구 광안동"),
        as (start, end); none when the rest only qualifies them ("미국 동부 지역")."""
        words: list[tuple[int, int]] = []
        pos = sp.start
        for w in text[sp.start : sp.end].split(" "):
            if w:
                words.append((pos, pos + len(w)))
            pos += len(w) + 1
        if len(words) < 2 or all(text[a:b] in self.lex.place_qualifiers for a, b in words[1:]):
            return ()
        out = []
        for a, b in words[:-1]:
            if not self.area(text[a:b]):
                break
            out.append((a, b))
        return tuple(out)

    def leading_country(self, name: str) -> str:
        """The first word of a multi-word name when it is a country or a place the dictionary
        knows and more follows ("필리핀 마닐라", "대만 북부 기륭" -> the country; "런던 경찰청",
        "서울 외교통상부" -> the city), not only words that qualify it ("미국 동부 지역"); else
        ""."""
        first, _, rest = name.partition(" ")
        if not rest or all(w in self.lex.place_qualifiers for w in rest.split(" ")):
            return ""
        if first in self.lex.leading_places:  # countries and foreign places included
            return first
        return ""

    def title_follows(self, text: str, end: int) -> bool:
        """A person's title (with its particle) is the word right after ``end``."""
        word = text[end:].lstrip(" ").split(" ", 1)[0]
        return any(self.lex.title_of(word[:n]) is not None for n in range(len(word), 0, -1))

    def person_name(self, name: str) -> bool:
        """A personal name by the NER gazetteer (KLUE-RE names), else by its shape."""
        known = self.gazetteer.get(name)
        return known == "PS" or (known != "OG" and self.lex.person_shaped(name))
