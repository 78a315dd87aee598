"""Korean relations read from particles and word order around cue words, not co-occurrence."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from tests.models.korean.conftest import relations_of

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # partnership: 협력, 제휴, 연대, 손잡다, 업무협약
        ("11번가와 아마존 연대가 내놓을 서비스에 관심이 쏠린다.", ("11번가", "PARTNERS_WITH", "아마존")),
        (
            "SK텔레콤은 지난해 11월 아마존과 국내 이커머스 사업 혁신을 위한 협력을 약속했다.",
            ("SK텔레콤", "PARTNERS_WITH", "아마존"),
        ),
        (
            "네이버와 CJ그룹 역시 지난해 문화 콘텐츠와 물류 분야를 포괄하는 전략적 제휴 관계를 맺었다.",
            ("네이버", "PARTNERS_WITH", "CJ그룹"),
        ),
        ("카카오는 네이버와 손잡고 새 서비스를 내놓았다.", ("카카오", "PARTNERS_WITH", "네이버")),
        # the organisation speaks through its title holder
        ("박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.", ("SK텔레콤", "PARTNERS_WITH", "아마존")),
        ("삼성전자와 LG전자가 업무협약을 맺었다.", ("삼성전자", "PARTNERS_WITH", "LG전자")),
        # acquisition / merger
        (
            "지난달 SSG닷컴을 운영하는 신세계그룹(이마트)이 이베이코리아를 인수하면서 업계의 지각 변동을 예고했다.",
            ("신세계그룹", "ACQUIRED", "이베이코리아"),
        ),
        (
            "GS리테일의 경우 GS홈쇼핑 흡수통합 작업에 마침표를 찍고, 전환을 공언했다.",
            ("GS리테일", "ACQUIRED", "GS홈쇼핑"),
        ),
        ("이베이코리아는 신세계그룹에 인수됐다.", ("신세계그룹", "ACQUIRED", "이베이코리아")),
        ("하나은행과 외환은행이 지난해 합병했다.", ("하나은행", "MERGED_WITH", "외환은행")),
        # ownership / operation
        ("11번가 운영사 SK텔레콤은 지난해 11월 아마존과 협력을 약속했다.", ("11번가", "OPERATED_BY", "SK텔레콤")),
        (
            "지난달 SSG닷컴을 운영하는 신세계그룹(이마트)이 이베이코리아를 인수했다.",
            ("SSG닷컴", "OPERATED_BY", "신세계그룹"),
        ),
        ("SK텔레콤 자회사 11번가는 상장을 준비하고 있다.", ("11번가", "SUBSIDIARY_OF", "SK텔레콤")),
        # roles
        ("6일 업계에 따르면 박정호 SK텔레콤 사장은 이달 미국 출장을 준비하고 있다.", ("박정호", "CEO_OF", "SK텔레콤")),
        ("간담회에는 임혜숙 과학기술정보통신부장관이 참석했다.", ("임혜숙", "LEADER_OF", "과학기술정보통신부")),
        # a county (a place) led by its head, written in brackets
        ("진도군(군수 이동진)이 안전 교육을 실시했다.", ("이동진", "LEADER_OF", "진도군")),
        ("최태원 SK그룹 회장은 이날 기자들과 만났다.", ("최태원", "CHAIR_OF", "SK그룹")),
        # titles of party leaders, education offices and departments
        ("1971년 5월 6일, 신민당 당수 유진산이 갑자기 지역구를 포기했다.", ("유진산", "LEADER_OF", "신민당")),
        ("광주서부교육지원청(교육장 이영주)이 이웃사랑을 실천했다.", ("이영주", "LEADER_OF", "광주서부교육지원청")),
        ("[더팩트|이민주 기자] 11번가와 아마존 연대의 합작 서비스가 나온다.", ("이민주", "WORKS_FOR", "더팩트")),
        # investment, headquarters
        ("네이버가 쿠팡에 1조원을 투자했다.", ("네이버", "INVESTED_IN", "쿠팡")),
        ("서울에 본사를 둔 쿠팡은 미국 증시에 상장했다.", ("쿠팡", "HEADQUARTERED_IN", "서울")),
    ],
)
def test_relation(korean: KoreanExtractor, text: str, expected: tuple[str, str, str]) -> None:
    result = korean.extract(text)
    found = relations_of(result)
    assert expected in found, f"{expected} not in {found}"
    rel = next(r for r in result.relations if relations_of_one(result, r) == expected)
    assert rel.rule and 0.0 < rel.confidence <= 1.0
    # evidence is the sentence, and covers both mentions
    src, tgt = result.mentions[rel.source], result.mentions[rel.target]
    assert rel.start <= min(src.start, tgt.start) and max(src.end, tgt.end) <= rel.end


def relations_of_one(result, rel) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    return (result.mentions[rel.source].text, rel.type.value, result.mentions[rel.target].text)


@pytest.mark.parametrize(
    ("text", "rel_type", "attributes"),
    [
        ("박정호 SK텔레콤 사장은 출장을 준비하고 있다.", "CEO_OF", {"title": "사장"}),
        ("박정호 전 SK텔레콤 사장은 출장을 준비하고 있다.", "CEO_OF", {"title": "사장", "former": True}),
        ("임혜숙 과학기술정보통신부장관이 참석했다.", "LEADER_OF", {"title": "장관"}),
        ("GS리테일의 경우 GS홈쇼핑 흡수통합 작업을 마쳤다.", "ACQUIRED", {"merger": True}),
    ],
)
def test_relation_attributes(korean: KoreanExtractor, text: str, rel_type: str, attributes: dict[str, object]) -> None:
    rels = [r for r in korean.extract(text).relations if r.type.value == rel_type]
    assert rels, f"no {rel_type}"
    assert attributes.items() <= rels[0].attributes.items()


def test_current_role_is_not_former(korean: KoreanExtractor) -> None:
    rels = korean.extract("박정호 SK텔레콤 사장은 출장을 준비하고 있다.").relations
    assert rels and "former" not in rels[0].attributes


@pytest.mark.parametrize(
    "text",
    [
        # companies listed together with market shares are not partners of one another
        "지난해 이커머스 거래액 기준 점유율은 네이버쇼핑(17%), 쿠팡(13%), 이베이코리아(12%), "
        "11번가(6%), 롯데온(5%), SSG닷컴(3%) 순이다.",
        # co-occurrence without a cue word is no relation
        "네이버와 카카오가 각각 실적을 발표했다.",
        # the cue belongs to another subject ("업계는")
        "삼성전자와 LG전자가 실적을 발표한 가운데 업계는 협력을 강조했다.",
        '11번가 관계자는 "아직 구체적으로 정해진 것은 없지만, 아마존과 논의는 진행하고 있다"라며 설명했다.',
        "SK텔레콤의 실적 공시에 따르면 11번가의 지난해 영업손실은 98억 원이다.",
    ],
)
def test_no_relation(korean: KoreanExtractor, text: str) -> None:
    result = korean.extract(text)
    assert len(result.mentions) >= 2
    assert relations_of(result) == set()


def test_photo_credit_is_no_party(korean: KoreanExtractor) -> None:
    text = "11번가와 아마존 연대가 내놓을 '아마존 글로벌 스토어' 서비스에 관심이 쏠린다. /11번가 제공, 뉴시스 |"
    result = korean.extract(text)
    newsis = {i for i, m in enumerate(result.mentions) if m.text == "뉴시스"}
    assert newsis
    assert all(r.source not in newsis and r.target not in newsis for r in result.relations)
    assert relations_of(result) == {("11번가", "PARTNERS_WITH", "아마존")}


@pytest.mark.parametrize(
    ("text", "expected", "rule", "former"),
    [
        # a person subject and "ORG TITLE" with the copula
        (
            "박근혜는 한나라당 전 대표였고 많은 지지를 받고 있다.",
            ("박근혜", "LEADER_OF", "한나라당"),
            "title이다",
            True,
        ),
        ("김철수는 삼성전자 사장이다.", ("김철수", "CEO_OF", "삼성전자"), "title이다", False),
        # serving as, appointed to, held
        ("김철수 씨는 삼성전자 대표로 재직하고 있다.", ("김철수", "CEO_OF", "삼성전자"), "title로-재직", False),
        ("김철수는 삼성전자 사장을 지냈다.", ("김철수", "CEO_OF", "삼성전자"), "title을-지내", True),
        ("삼성전자는 김철수를 새 사장으로 임명했다.", ("김철수", "CEO_OF", "삼성전자"), "title로-임명", False),
        (
            "호주 콴타스 항공은 28일 계열사인 저가항공 제트스타 최고경영자(CEO)인 앨런 조이스를 "
            "새 CEO로 임명했다고 밝혔다.",
            ("앨런 조이스", "CEO_OF", "콴타스 항공"),
            "title로-임명",
            False,
        ),
        # founders: "P가 O를 설립", "P가 설립한 O", "O를 설립한 P"; a quoted name keeps its particle
        ("이건희가 설립한 삼성전자는 성장했다.", ("이건희", "FOUNDER_OF", "삼성전자"), "설립한", False),
        ("삼성전자를 설립한 이병철은 유명하다.", ("이병철", "FOUNDER_OF", "삼성전자"), "설립한", False),
        (
            "본 하겐은 결국 지난 1993년 독일 하이델베르크에 "
            "‘인스티튜트 포 플라스티네이션(Institute for Plastination)’을 설립, 바디월드를 실시하기 시작했다.",
            ("본 하겐", "FOUNDER_OF", "인스티튜트 포 플라스티네이션"),
            "O를-설립",
            False,
        ),
        (
            "본 하겐은 결국 지난 1993년 독일 하이델베르크에 "
            "‘인스티튜트 포 플라스티네이션(Institute for Plastination)’을 설립, 바디월드를 실시하기 시작했다.",
            ("인스티튜트 포 플라스티네이션", "HEADQUARTERED_IN", "독일 하이델베르크"),
            "L에-O를-설립",
            False,
        ),
        # nouns between the organisation and the title; the first of two career titles
        (
            "김철수 씨는 연세대학교 법학 교수로 재직하고 있다.",
            ("김철수", "WORKS_FOR", "연세대학교"),
            "title로-재직",
            False,
        ),
        (
            "김효석 전 의원은 중앙대 교수와 경영대학장을 거쳐 국회의원을 지냈다.",
            ("김효석", "WORKS_FOR", "중앙대"),
            "title을-거치",
            True,
        ),
        # 출신: once worked for an organisation, a member of a party
        ("삼성전자 출신 김철수 대표가 말했다.", ("김철수", "WORKS_FOR", "삼성전자"), "출신", True),
        (
            "민주당 출신인 김효석 전 의원은 3선 의원이다.",
            ("김효석", "MEMBER_OF", "민주당"),
            "출신",
            True,
        ),
        # 소속 with a lawmaker's title: a member of the committee
        (
            "국회 교육문화체육관광위원회 소속 새누리당 이상일 의원에게 자료를 제출했다.",
            ("이상일", "MEMBER_OF", "교육문화체육관광위원회"),
            "소속",
            False,
        ),
    ],
)
def test_predicative_roles_and_founders(
    korean: KoreanExtractor, text: str, expected: tuple[str, str, str], rule: str, former: bool
) -> None:
    result = korean.extract(text)
    rels = [r for r in result.relations if relations_of_one(result, r) == expected]
    assert rels, f"{expected} not in {relations_of(result)}"
    assert rule in rels[0].rule and 0.0 < rels[0].confidence <= 1.0
    assert bool(rels[0].attributes.get("former")) is former


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # meeting a title holder is no role of the subject
        ("김철수 대표는 삼성전자 사장을 만났다.", ("김철수", "CEO_OF", "삼성전자")),
        # "사장인 X": the title names the person after it, not the subject
        ("김철수는 삼성전자 사장인 이영희와 만났다.", ("김철수", "CEO_OF", "삼성전자")),
        # a planned appointment or founding is no fact yet
        ("삼성전자는 김철수를 새 사장으로 임명할 계획이다.", ("김철수", "CEO_OF", "삼성전자")),
        ("이건희는 삼성전자를 설립할 계획이다.", ("이건희", "FOUNDER_OF", "삼성전자")),
        # the appointed person is the object, not a person elsewhere
        ("김철수는 삼성전자를 떠났고 LG전자는 이영희를 새 사장으로 임명했다.", ("김철수", "CEO_OF", "LG전자")),
        # a school's 출신 is a graduate
        ("서울대 출신인 김철수 대표가 말했다.", ("김철수", "WORKS_FOR", "서울대")),
        # a company founding a company is no founder relation
        ("삼성전자가 설립한 삼성리서치는 연구를 한다.", ("삼성전자", "FOUNDER_OF", "삼성리서치")),
    ],
)
def test_no_predicative_role(korean: KoreanExtractor, text: str, absent: tuple[str, str, str]) -> None:
    found = relations_of(korean.extract(text))
    assert absent not in found
    assert not any(r[0] == absent[0] and r[1] == absent[1] and r[2] == absent[2] for r in found)
