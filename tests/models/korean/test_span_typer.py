"""The span typer: trained weights ship with the code, it types spans from their form and the
particles around them, and the extractor uses it only for names the lexicon does not know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.paths import TYPER_DIR
from extractors.ko.span_typer import LABELS, SpanTyper, span_features

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def typer() -> SpanTyper:
    return SpanTyper.load(TYPER_DIR)


def test_shipped_weights_carry_their_provenance() -> None:
    data = json.loads((TYPER_DIR / "weights.json").read_text(encoding="utf-8"))
    assert data["labels"] == list(LABELS)
    assert "KLUE" in data["meta"]["trained_on"]
    assert "CC BY-SA 4.0" in (TYPER_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("푸젠성과 광둥성에서는 이번 조치가 시행된다.", "광둥성", "LC"),
        ("라가디아 공항은 사고가 일어난 밤 폐쇄됐다.", "라가디아 공항", "LC"),
        ("을지대병원 60명이 격리됐다.", "을지대병원", "OG"),
        ("김민수 씨는 이날 기자회견을 열었다.", "김민수", "PS"),
        ("동북아역사재단과 한국학중앙연구원 등이 참여했다.", "동북아역사재단", "OG"),
    ],
)
def test_typer_reads_the_span_and_its_context(
    korean: KoreanExtractor, typer: SpanTyper, text: str, name: str, label: str
) -> None:
    tokens = korean.kiwi.tokenize(text)
    start = text.index(name)
    got, p = typer.predict(text, tokens, start, start + len(name))
    assert got == label and 0.0 < p <= 1.0


def test_features_see_the_particle_after_the_span(korean: KoreanExtractor) -> None:
    text = "삼성전자와 협력했다."
    feats = span_features(text, korean.kiwi.tokenize(text), 0, 4)
    assert "w=삼성전자" in feats and any(f.startswith("nx=와/") for f in feats)


def test_known_names_keep_their_lexicon_type(korean: KoreanExtractor) -> None:
    # 미국 is a Place in names.tsv: the typer never turns a known name into an organisation,
    # even where KLUE would tag a country acting as a team or government OG
    result = korean.extract("홍명보호가 평가전에서 미국에 완패를 당했다.")
    assert [(m.text, m.type.value) for m in result.mentions if m.text == "미국"] == [("미국", "Place")]


def test_a_country_the_typer_would_call_an_organisation_stays_a_place(
    korean: KoreanExtractor, typer: SpanTyper
) -> None:
    text = "이스라엘은 이날 공습을 재개했다고 밝혔다."
    label, _ = typer.predict(text, korean.kiwi.tokenize(text), 0, 4)
    mentions = [(m.text, m.type.value) for m in korean.extract(text).mentions]
    assert ("이스라엘", "Place") in mentions, (label, mentions)


def test_weights_file_is_optional(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SpanTyper.load(tmp_path)
