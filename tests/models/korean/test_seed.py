"""The seed article, every relation checked by hand (see docs/korean-extraction.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.ko import KoreanExtractor
from tests.models.korean.conftest import relations_of

pytestmark = pytest.mark.models

SEED = "ko-11st-amazon-global-store-2021.txt"

# verified by reading the article: each is stated in the sentence given as evidence
VERIFIED = {
    ("11번가", "PARTNERS_WITH", "아마존"),  # "11번가와 아마존 연대", twice
    ("이민주", "WORKS_FOR", "더팩트"),  # byline "[더팩트|이민주 기자]"
    ("박정호", "CEO_OF", "SK텔레콤"),  # "박정호 SK텔레콤 사장"
    ("임혜숙", "LEADER_OF", "과학기술정보통신부"),  # "임혜숙 과학기술정보통신부장관"
    ("11번가", "OPERATED_BY", "SK텔레콤"),  # "11번가 운영사 SK텔레콤"
    ("SK텔레콤", "PARTNERS_WITH", "아마존"),  # "SK텔레콤은 … 아마존과 … 협력을 약속했다"
    ("SSG닷컴", "OPERATED_BY", "신세계그룹"),  # "SSG닷컴을 운영하는 신세계그룹(이마트)"
    ("신세계그룹", "ACQUIRED", "이베이코리아"),  # "신세계그룹(이마트)이 이베이코리아를 인수하면서"
    ("GS리테일", "ACQUIRED", "GS홈쇼핑"),  # "GS리테일의 경우 GS홈쇼핑 흡수통합"
    ("네이버", "PARTNERS_WITH", "CJ그룹"),  # "네이버와 CJ그룹 역시 … 전략적 제휴"
    # the relation stage's place chain: the government complex's site, "서울 정부청사에서"
    ("서울 정부청사", "LOCATED_IN", "서울"),
}


@pytest.fixture(scope="module")
def seed_text(seeds_dir: Path) -> str:
    return (seeds_dir / SEED).read_text(encoding="utf-8")


def test_seed_relations_are_exactly_the_verified_ones(korean: KoreanExtractor, seed_text: str) -> None:
    result = korean.extract(seed_text)
    assert relations_of(result) == VERIFIED


def test_seed_evidence_and_offsets(korean: KoreanExtractor, seed_text: str) -> None:
    result = korean.extract(seed_text)
    for m in result.mentions:
        assert seed_text[m.start : m.end] == m.text
    for r in result.relations:
        sentence = seed_text[r.start : r.end]
        src, tgt = result.mentions[r.source], result.mentions[r.target]
        assert (src.sentence_start, src.sentence_end) == (r.start, r.end)
        assert src.text in sentence and tgt.text in sentence
        assert r.rule.startswith("ko:")


def test_seed_credit_and_places(korean: KoreanExtractor, seed_text: str) -> None:
    result = korean.extract(seed_text)
    types = {(m.text, m.type.value) for m in result.mentions}
    assert {
        ("뉴시스", "Company"),
        ("한국", "Place"),
        ("미국", "Place"),
        ("과학기술정보통신부", "Organization"),
    } <= types
    newsis = {i for i, m in enumerate(result.mentions) if m.text == "뉴시스"}
    assert all(r.source not in newsis and r.target not in newsis for r in result.relations)
    alias = [m for m in result.mentions if m.text == "이마트"]
    assert alias and result.mentions[int(alias[0].attributes["alias_of"])].text == "신세계그룹"


def test_extract_many_matches_extract(korean: KoreanExtractor, seed_text: str) -> None:
    single = korean.extract(seed_text)
    batch = list(korean.extract_many([seed_text, "네이버가 발표했다.", seed_text]))
    assert batch[0] == single and batch[2] == single
