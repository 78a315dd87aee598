"""The Korean extractor, built once per test session through the registry, and helpers that run
one named pass alone on a sentence read by the passes before it."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.extractor import PASSES
from extractors.ko.passes import MentionState, Pass
from extractors.ko.spans import Span
from extractors.registry import get_extractor
from kg.config import Settings
from schema.types import Extraction


@pytest.fixture(scope="session")
def korean() -> KoreanExtractor:
    extractor = get_extractor("ko", Settings())
    assert isinstance(extractor, KoreanExtractor)
    return extractor


def mentions_of(result: Extraction) -> set[tuple[str, str]]:
    return {(m.text, m.type.value) for m in result.mentions}


def relations_of(result: Extraction) -> set[tuple[str, str, str]]:
    return {(result.mentions[r.source].text, r.type.value, result.mentions[r.target].text) for r in result.relations}


def span_view(state: MentionState, sp: Span) -> str:
    """A span as a table test writes it: ``text/Type``, then ``[part, …]`` for places nested in
    it, ``{key=value, …}`` for its attributes (not ``typed_by``) and ``=>name`` when it is an
    alias of another span: "이마트/Company=>신세계그룹", "경남 함양군/Place[경남]"."""
    text = state.text
    out = f"{text[sp.start : sp.end]}/{sp.type.value}"
    if sp.parts:
        out += "[" + ", ".join(text[a:b] for a, b in sp.parts) + "]"
    if sp.person_part is not None:
        out += "<" + text[sp.person_part[0] : sp.person_part[1]] + ">"
    attrs = {k: v for k, v in sp.attributes.items() if k != "typed_by"}
    if attrs:
        out += "{" + ", ".join(f"{k}={attrs[k]}" for k in sorted(attrs)) + "}"
    if sp.alias_of is not None:
        out += "=>" + text[sp.alias_of.start : sp.alias_of.end]
    return out


def views(state: MentionState) -> set[str]:
    return {span_view(state, sp) for sp in state.spans}


def before(korean: KoreanExtractor, text: str, step: Pass) -> MentionState:
    """The state of ``text`` (one sentence) after the passes that run before ``step``."""
    (state,) = korean.states(text, PASSES[: PASSES.index(step)])
    return state


def pass_diff(korean: KoreanExtractor, text: str, step: Pass) -> tuple[set[str], set[str]]:
    """``step`` run alone on ``text``'s state as the passes before it leave it: the spans it
    adds (or changes, as they are after) and the spans it removes (or changes, as they were)."""
    state = before(korean, text, step)
    old = views(state)
    new = views(step(korean.context, state))
    return new - old, old - new
