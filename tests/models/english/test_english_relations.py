"""English relations: roles, company pairs and locations, with rule and evidence (issue 3)."""

from __future__ import annotations

import pytest

from extractors.en.extractor import EnglishExtractor
from schema.types import Extraction, RelationType

pytestmark = pytest.mark.models

R = RelationType


def triples(result: Extraction) -> set[tuple[str, RelationType, str]]:
    return {(result.mentions[r.source].text, r.type, result.mentions[r.target].text) for r in result.relations}


RELATION_TABLE = [
    # roles
    (
        "Amazon Korea currently has a small office there, with Yum Dong-joon, the former CEO of Google Korea, "
        "supervising its domestic business.",
        # "its": the clause's subject, Amazon Korea (extractors/en/relations, person_oversees_business)
        {("Yum Dong-joon", R.CEO_OF, "Google Korea"), ("Yum Dong-joon", R.WORKS_FOR, "Amazon Korea")},
    ),
    (
        "Most merchants won’t be able to change their systems so quickly, said Kim Tae-bong, chief executive "
        "officer of KTB Solution, a Seoul-based online security company.",
        {("Kim Tae-bong", R.CEO_OF, "KTB Solution"), ("KTB Solution", R.HEADQUARTERED_IN, "Seoul")},
    ),
    (
        "Angela Lee, a spokeswoman at Microsoft’s Korean unit, declined to comment.",
        {("Angela Lee", R.WORKS_FOR, "Microsoft")},
    ),
    (
        "“There is huge money to be spent online,” said Lee Eun-cheol, a retail analyst at the Korea Chamber "
        "of Commerce and Industry.",
        {("Lee Eun-cheol", R.WORKS_FOR, "Korea Chamber of Commerce and Industry")},
    ),
    ("Amazon CEO Andy Jassy said the results were strong.", {("Andy Jassy", R.CEO_OF, "Amazon")}),
    ("Alibaba's founder Jack Ma visited Seoul.", {("Jack Ma", R.FOUNDER_OF, "Alibaba")}),
    ("Lee Kun-hee was the chairman of Samsung Group.", {("Lee Kun-hee", R.CHAIR_OF, "Samsung Group")}),
    ('"We are pleased," said Park Ji-won, a spokesman for Coupang.', {("Park Ji-won", R.WORKS_FOR, "Coupang")}),
    ("Amazon was founded by Jeff Bezos in 1994.", {("Jeff Bezos", R.FOUNDER_OF, "Amazon")}),
    ("Jeff Bezos founded Amazon in 1994.", {("Jeff Bezos", R.FOUNDER_OF, "Amazon")}),
    (
        "Samsung's chief executive, Kim Ki-nam, said the chip market would recover.",
        {("Kim Ki-nam", R.CEO_OF, "Samsung")},
    ),
    ('"It is a good deal," said the CEO of Kakao, Brian Kim, on Monday.', {("Brian Kim", R.CEO_OF, "Kakao")}),
    ("Kim Ki-nam, Samsung's chief executive, said so.", {("Kim Ki-nam", R.CEO_OF, "Samsung")}),
    # company <-> company
    (
        "LG Electronics signed a partnership agreement with Microsoft.",
        {("LG Electronics", R.PARTNERS_WITH, "Microsoft")},
    ),
    ("Hyundai Motor teamed up with Uber to build flying taxis.", {("Hyundai Motor", R.PARTNERS_WITH, "Uber")}),
    ("Daum merged with Kakao in 2014.", {("Daum", R.MERGED_WITH, "Kakao")}),
    ("Kakao's merger with Daum was approved by regulators.", {("Kakao", R.MERGED_WITH, "Daum")}),
    ("SoftBank invested $2 billion in Coupang.", {("SoftBank", R.INVESTED_IN, "Coupang")}),
    ("SK Telecom's takeover of SK Broadband was approved.", {("SK Telecom", R.ACQUIRED, "SK Broadband")}),
    ("Amazon Korea, the Korean arm of Amazon, declined to comment.", {("Amazon Korea", R.SUBSIDIARY_OF, "Amazon")}),
    ("Google's Korean unit, Google Korea, hired 100 engineers.", {("Google Korea", R.SUBSIDIARY_OF, "Google")}),
    (
        "Samsung Electronics acquired Harman International in 2016.",
        {("Samsung Electronics", R.ACQUIRED, "Harman International")},
    ),
    ("Kakao partnered with SK Telecom to develop new services.", {("Kakao", R.PARTNERS_WITH, "SK Telecom")}),
    ("Naver formed a strategic partnership with Mirae Asset on Tuesday.", {("Naver", R.PARTNERS_WITH, "Mirae Asset")}),
    # taking a stake is an acquisition of part of the company (news_relations_conventions.md)
    ("Tencent took a stake in Kakao in 2012.", {("Tencent", R.ACQUIRED, "Kakao")}),
    ("Instagram, a subsidiary of Meta, launched a feature.", {("Instagram", R.SUBSIDIARY_OF, "Meta")}),
    ("Gmarket is operated by eBay Korea.", {("Gmarket", R.OPERATED_BY, "eBay Korea")}),
    (
        "Kakao Corp., the operator of the country's top messenger KakaoTalk, acquired a stake in SM Entertainment.",
        {("KakaoTalk", R.OPERATED_BY, "Kakao Corp."), ("Kakao Corp.", R.ACQUIRED, "SM Entertainment")},
    ),
    (
        "Hyundai Motor Group Chairman Chung Euisun said the group would build a plant in Georgia.",
        {("Chung Euisun", R.CHAIR_OF, "Hyundai Motor Group")},
    ),
    (
        '"We expect strong demand," said Park Sung-hoon, an analyst at Korea Investment & Securities.',
        {("Park Sung-hoon", R.WORKS_FOR, "Korea Investment & Securities")},
    ),
    # organization -> place
    ("Coupang is headquartered in Seoul.", {("Coupang", R.HEADQUARTERED_IN, "Seoul")}),
    ("Naver, headquartered in Seongnam, runs a search portal.", {("Naver", R.HEADQUARTERED_IN, "Seongnam")}),
    (
        "Finance Minister Choi Kyung-hwan visited Alibaba Group's headquarters in Hangzhou, Wednesday.",
        {("Alibaba Group", R.HEADQUARTERED_IN, "Hangzhou")},
    ),
    ("Amazon Web Services opened an office in Seoul.", {("Amazon Web Services", R.LOCATED_IN, "Seoul")}),
    ("Coupang, which is based in Seoul, listed in New York.", {("Coupang", R.HEADQUARTERED_IN, "Seoul")}),
    # a signed deal is a partnership (news_relations_conventions.md; issue 17)
    ("LG signed a supply deal with Apple.", {("LG", R.PARTNERS_WITH, "Apple")}),
    # negatives: names in one sentence are not related
    ("Samsung and LG merged their display units.", set()),
    ("Amazon Korea and Google Korea both hired engineers in Seoul.", set()),
    ("Samsung, LG and SK Telecom attended the fair in Seoul.", set()),
    ("The deal between Samsung and Google was announced in Seoul.", set()),
    (
        "Some insiders see a threat to existing e-commerce service providers such as G-Market and Ebay.",
        set(),
    ),
    ("Amazon Korea also formed a partnership with domestic mobile carriers in September.", set()),
    ("The Korea Times reported that Amazon is expanding in Korea.", set()),
    ("Alibaba will make a 1 trillion won-worth investment in Incheon.", set()),
    (
        "Microsoft’s Internet Explorer is favored by banks, making payments incompatible with Google’s Chrome.",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATION_TABLE)
def test_relation_table(english: EnglishExtractor, text: str, expected: set[tuple[str, RelationType, str]]) -> None:
    assert triples(english.extract(text)) == expected


def test_former_role(english: EnglishExtractor) -> None:
    result = english.extract("The former chairman of Hyundai Motor, Chung Mong-koo, was hospitalized.")
    (rel,) = result.relations
    assert (rel.type, rel.attributes) == (R.CHAIR_OF, {"title": "chairman", "former": True})


def test_role_attributes_and_evidence(english: EnglishExtractor) -> None:
    text = (
        "Amazon Korea has a small office there. It is run by Yum Dong-joon, the former CEO of Google Korea, "
        "who supervises its business."
    )
    result = english.extract(text)
    (rel,) = result.relations
    assert rel.type == R.CEO_OF
    assert rel.attributes == {"title": "CEO", "former": True}
    assert rel.rule == "appos_title_of"
    assert 0.5 <= rel.confidence <= 1
    sentence = text[rel.start : rel.end]
    assert sentence.startswith("It is run by") and sentence.endswith("business.")
    for idx in (rel.source, rel.target):
        m = result.mentions[idx]
        assert rel.start <= m.start and m.end <= rel.end


def test_unit_is_kept_as_attribute(english: EnglishExtractor) -> None:
    result = english.extract("Angela Lee, a spokeswoman at Microsoft’s Korean unit, declined to comment.")
    (rel,) = result.relations
    assert rel.attributes == {"title": "spokeswoman", "unit": "Korean unit"}


def test_symmetric_partnership_is_reported_once(english: EnglishExtractor) -> None:
    result = english.extract("Naver and Mirae Asset formed a joint venture.")
    assert [(r.type, r.source < r.target) for r in result.relations] == [(R.PARTNERS_WITH, True)]


def test_reader_rules_table_is_the_one_source_of_confidences() -> None:
    """Every confidence of the reader's constructions lives in relations/reader.yaml: each rule
    there is named by the code, and no construction writes a confidence inline."""
    import re
    from pathlib import Path

    from extractors.en.relations.reader import reader_rules

    rules = reader_rules()
    here = Path(__file__).resolve().parents[3] / "extractors" / "en" / "relations"
    code = "".join((here / f).read_text(encoding="utf-8") for f in ("reader.py", "roles.py", "cues.py"))
    assert all(f'"{rule}"' in code for rule in rules.confidence), "a rule of reader.yaml no construction names"
    assert not re.search(r"\b0\.[1-9]\d*\b", code), "an inline confidence in the reader"
    assert all(0 < c <= 1 for c in [*rules.confidence.values(), *rules.owners.values()])
