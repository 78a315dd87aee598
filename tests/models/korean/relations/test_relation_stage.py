"""The Korean relation stage (extractors/ko/relations): the KLUE-RE pair model, its calibration,
and the rules on top of the pattern reader (apposition, place chains, a country before a name)."""

from __future__ import annotations

import json

import pytest

from extractors.ko import KoreanExtractor
from extractors.ko.paths import LEXICON_DIR
from extractors.ko.relations.features import Arg, load_cues, pair_features
from extractors.ko.relations.model import CLASSES, MODEL_DIR, RelationModel
from schema.types import Extraction
from tests.models.korean.conftest import relations_of

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def model() -> RelationModel:
    return RelationModel.load(MODEL_DIR)


def _rule_of(result: Extraction, triple: tuple[str, str, str]) -> str:
    for r in result.relations:
        if (result.mentions[r.source].text, r.type.value, result.mentions[r.target].text) == triple:
            return r.rule
    raise AssertionError(f"{triple} not in {relations_of(result)}")


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        # a person, a country or organisation and a title, written next to each other
        ("앙겔라 메르켈 독일 총리는 회의에 불참했다.", ("앙겔라 메르켈", "LEADER_OF", "독일"), "apposition"),
        (
            "라도슬라프 시코르스키 폴란드 외무장관과 회담을 가졌다.",
            ("라도슬라프 시코르스키", "WORKS_FOR", "폴란드"),
            "apposition",
        ),
        ("손 마사요시 소프트뱅크 사장은 행사에서 강조했다.", ("손 마사요시", "CEO_OF", "소프트뱅크"), ""),
        (
            "캐서린 마키스 뉴욕타임즈 대변인은 경위를 조사하고 있다고 밝혔다.",
            ("캐서린 마키스", "WORKS_FOR", "뉴욕타임즈"),
            "",
        ),
        # an age or a note in brackets after the name; "기업 X와 Y 대표" reads Y as X's 대표
        ("윤씨의 남편 류원기(67) 영남제분 회장도 항소했다.", ("류원기", "CHAIR_OF", "영남제분"), "apposition"),
        (
            "국세청이 기업 더본코리아와 백종원(49) 대표를 대상으로 세무조사를 진행한다.",
            ("백종원", "CEO_OF", "더본코리아"),
            "apposition",
        ),
        # place links: 의, 에 위치한, 에 있는
        (
            "서 수마트라에 위치한 부키팅기의 한 커피전문점을 목표로 했다.",
            ("부키팅기", "LOCATED_IN", "서 수마트라"),
            "place-link",
        ),
        ("영국의 인디펜던트 인터넷판이 보도했다.", ("인디펜던트", "HEADQUARTERED_IN", "영국"), "place-link"),
        ("베트남 북부에 위치한 하노이는 수도이다.", ("하노이", "LOCATED_IN", "베트남"), "place-link"),
        ("기자회견은 독일 수도 베를린에서 열렸다.", ("베를린", "LOCATED_IN", "독일"), "place-link"),
        ("미국 공화당의 대선후보인 존 매케인 상원의원이 참석했다.", ("존 매케인", "MEMBER_OF", "공화당"), "apposition"),
        # a lawmaker is a member of the party, a party's 대표 leads it
        ("이상일 새누리당 의원은 자료를 공개했다.", ("이상일", "MEMBER_OF", "새누리당"), ""),
        ("김무성 새누리당 대표가 봉하마을을 찾는다.", ("김무성", "LEADER_OF", "새누리당"), ""),
        # units: 산하기관, 자회사, "A, B 등 P 계열사"
        ("교육부 산하기관인 한국교육개발원은 보고서를 냈다.", ("한국교육개발원", "SUBSIDIARY_OF", "교육부"), "unit"),
        ("롯데쇼핑과 롯데칠성음료 등 롯데그룹 계열사가 참여했다.", ("롯데쇼핑", "SUBSIDIARY_OF", "롯데그룹"), "unit"),
        (
            "롯데쇼핑과 롯데칠성음료 등 롯데그룹 계열사가 참여했다.",
            ("롯데칠성음료", "SUBSIDIARY_OF", "롯데그룹"),
            "unit",
        ),
        (
            "애플 아일랜드법인은 비축한 자금을 애플의 지시로 관리해 온 것으로 조사됐다.",
            ("애플 아일랜드법인", "SUBSIDIARY_OF", "애플"),
            "unit",
        ),
        # appositions past a bracketed alias, a government body, a duty word; a bare 대변인; 에
        (
            "단체인 브리티시뮤직라이츠(British Music Rights)의 대표인 피어걸 샤키는 말했다.",
            ("피어걸 샤키", "CEO_OF", "브리티시뮤직라이츠"),
            "apposition",
        ),
        (
            "대피한 사람 중에는 노르웨이 외무부 장관인 요나스 스토레도 있었다.",
            ("요나스 스토레", "WORKS_FOR", "노르웨이"),
            "",
        ),
        (
            "알리 알-다바그 이라크 정부 대변인 등 대표단은 요청할 계획이다.",
            ("알리 알-다바그", "WORKS_FOR", "이라크"),
            "",
        ),
        ("안 의원은 JTBC 손석희 보도담당 사장의 방송에 출연했다.", ("손석희", "CEO_OF", "JTBC"), "apposition"),
        (
            "보도에 따르면 더본코리아와 백 대표에 대한 세무조사가 진행됐다.",
            ("백", "CEO_OF", "더본코리아"),
            "apposition",
        ),
        (
            "23일 박혜자 새정치민주연합 의원실은 개정안을 발의했다고 밝혔다.",
            ("박혜자", "MEMBER_OF", "새정치민주연합"),
            "",
        ),
        # a unit's title written as one word: WORKS_FOR the organisation or place
        ("김철수 삼성전자 반도체부문장은 말했다.", ("김철수", "WORKS_FOR", "삼성전자"), "apposition"),
        (
            "박환주 전라남도 노인복지과장은 “일자리를 지원하겠다”고 말했다.",
            ("박환주", "WORKS_FOR", "전라남도"),
            "apposition",
        ),
        # a head of state after a country and 의 ("초대" before the title)
        (
            "이 운동은 인도네시아의 초대 대통령 수카르노, 이집트의 대통령 가말 압델 나세르의 창안에서 나왔다.",
            ("수카르노", "LEADER_OF", "인도네시아"),
            "apposition",
        ),
        # units: a listed name kg did not find, a second unit after a comma, a list after the child
        (
            "조 전 부사장은 인하대 이사직과 함께 칼호텔네트워크, 한진관광 등 대한항공 계열사 대표이사 자리를 내놓았다.",
            ("칼호텔네트워크", "SUBSIDIARY_OF", "대한항공"),
            "unit",
        ),
        (
            "교육부 소속기관인 국사편찬위원회, 산하단체인 동북아역사재단과 한국학중앙연구원 등이 참여한다.",
            ("동북아역사재단", "SUBSIDIARY_OF", "교육부"),
            "unit",
        ),
        (
            "교육부 소속기관인 국사편찬위원회, 산하단체인 동북아역사재단과 한국학중앙연구원 등이 참여한다.",
            ("한국학중앙연구원", "SUBSIDIARY_OF", "교육부"),
            "unit",
        ),
        ("애플의 투자 자회사인 브래번 캐피털을 통해 관리했다.", ("브래번 캐피털", "SUBSIDIARY_OF", "애플"), "unit"),
        # place links; a place chain cut by a bracketed original
        (
            "미국 마이애미에 위치하고 있는 농무부는 캔디 회사로부터 받은 자금을 이용할 계획이다.",
            ("농무부", "HEADQUARTERED_IN", "미국 마이애미"),
            "place-link",
        ),
        (
            "이날 베이징(北京) 톈안먼(天安門)광장에서 열병식이 열렸다.",
            ("톈안먼", "LOCATED_IN", "베이징"),
            "place-chain",
        ),
        # a place chain: adjacent links only
        ("그는 미국 플로리다 팜비치에서 숨졌다.", ("플로리다", "LOCATED_IN", "미국"), "place-chain"),
        ("그는 미국 플로리다 팜비치에서 숨졌다.", ("미국 플로리다 팜비치", "LOCATED_IN", "플로리다"), "place-chain"),
        ("터키 이스탄불에서 장례식이 열렸다.", ("터키 이스탄불", "LOCATED_IN", "터키"), "place-chain"),
        # a country before a company or a party
        ("호주 콴타스 항공은 새 CEO를 임명했다고 밝혔다.", ("콴타스 항공", "HEADQUARTERED_IN", "호주"), "country-org"),
        ("미국 민주당의 대선후보가 유세를 시작했다.", ("민주당", "HEADQUARTERED_IN", "미국"), "country-org"),
    ],
)
def test_relation_stage(korean: KoreanExtractor, text: str, expected: tuple[str, str, str], rule: str) -> None:
    result = korean.extract(text)
    found = _rule_of(result, expected)
    assert rule in found
    rel = next(r for r in result.relations if r.rule == found)
    assert 0.0 < rel.confidence <= 1.0
    src, tgt = result.mentions[rel.source], result.mentions[rel.target]
    assert rel.start <= min(src.start, tgt.start) and max(src.end, tgt.end) <= rel.end


def test_place_chain_gives_adjacent_links_only(korean: KoreanExtractor) -> None:
    found = relations_of(korean.extract("그는 미국 플로리다 팜비치에서 숨졌다."))
    assert ("미국 플로리다 팜비치", "LOCATED_IN", "미국") not in found


def test_former_role_by_apposition(korean: KoreanExtractor) -> None:
    result = korean.extract("박정호 전 SK텔레콤 사장은 출장을 준비하고 있다.")
    rels = [r for r in result.relations if r.type.value == "CEO_OF"]
    assert rels and rels[0].attributes.get("former") is True


@pytest.mark.parametrize(
    "text",
    [
        # companies listed together are not partners
        "삼성전자, LG전자, SK하이닉스, 현대자동차가 나란히 실적을 발표했다.",
        # talks, plans, review, failure and denial state no relation
        "삼성전자는 LG전자와 인수 협상을 벌이고 있다.",
        "카카오는 네이버와 제휴를 추진하고 있다.",
        "롯데그룹은 쿠팡 지분 인수를 검토하고 있다.",
        "현대차는 테슬라와 합작할 계획이다.",
        "SK텔레콤은 아마존과의 합병에 실패했다.",
        "알리바바는 인천에 투자한다는 보도를 부인했다.",
        # a government body's tie to its own country is not annotated
        "영국 경찰은 수색 작업을 벌였다.",
        "미국의 국무부는 성명을 발표했다.",
        # a place is where someone works, not for whom; a country before a noun is a modifier
        "런던의 애널리스트인 데이비드 뷰익 씨는 말했다.",
        "폭동의 불똥이 페샤와르에 있는 한국 운송회사에까지 튀었다.",
        "이란 대표단은 명확한 입장을 보이지 않았다.",
        # "X와 P title": a title glued to a place of its own is no role at X
        "개관식에는 홍성열 증평군수와 이시종 충북도지사, 경대수 국회의원등이 참석했다.",
        # two places with a bracket between them that holds Hangul are no chain
        "서울(한국)과 도쿄(일본)에서 행사가 열렸다.",
    ],
)
def test_no_relation(korean: KoreanExtractor, text: str) -> None:
    result = korean.extract(text)
    assert len(result.mentions) >= 2
    assert relations_of(result) == set()


def test_unit_title_is_no_leadership(korean: KoreanExtractor) -> None:
    # the head of a unit ("신성철 야놀자 사업개발실장") works for the company, does not lead it
    found = relations_of(korean.extract("신성철 야놀자 사업개발실장은 말했다."))
    assert ("신성철", "WORKS_FOR", "야놀자") in found
    assert not any(r[0] == "신성철" and r[1] in ("CEO_OF", "LEADER_OF", "CHAIR_OF") for r in found)


def test_unit_list_needs_deung(korean: KoreanExtractor) -> None:
    # a unit's child followed by another name without 등 is no list of units
    found = relations_of(korean.extract("삼성전자 자회사인 삼성디스플레이와 LG디스플레이가 경쟁하고 있다."))
    assert ("삼성디스플레이", "SUBSIDIARY_OF", "삼성전자") in found
    assert ("LG디스플레이", "SUBSIDIARY_OF", "삼성전자") not in found


def test_photo_credit_is_no_party(korean: KoreanExtractor) -> None:
    result = korean.extract("김철수 삼성전자 사장이 발표하고 있다. (사진=연합뉴스)")
    credit = {i for i, m in enumerate(result.mentions) if m.text == "연합뉴스"}
    assert all(r.source not in credit and r.target not in credit for r in result.relations)


def test_shipped_model_loads_and_gives_a_probability(korean: KoreanExtractor, model: RelationModel) -> None:
    text = "박정호 SK텔레콤 사장은 출장을 준비하고 있다."
    tokens = next(korean.kiwi.tokenize([text]))
    feats = pair_features(text, tokens, Arg(0, 3, "P"), Arg(4, 9, "O"), load_cues(LEXICON_DIR))
    probs = model.probabilities(feats, "P>O")
    assert set(probs) == {"none", "employ", "founder"}
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    assert model.predict(feats, "P>O")[0] == "employ"
    assert 0.0 < model.threshold < 1.0 and model.temperature > 0.0
    meta = json.loads((MODEL_DIR / "weights.json").read_text(encoding="utf-8"))
    assert meta["classes"] == list(CLASSES)
    assert (MODEL_DIR / "LICENSE").exists() and "KLUE" in (MODEL_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")


# a fixed table: in each row the first sentence states the employment more clearly than the second
_CLEARER = [
    (("박정호 SK텔레콤 사장은 출장을 준비했다.", "박정호", "SK텔레콤")),
    (("김철수는 어제 SK텔레콤 주식을 샀다.", "김철수", "SK텔레콤")),
    (("삼성전자 이재용 부회장은 기자들과 만났다.", "이재용", "삼성전자")),
    (("삼성전자 앞에서 이재용을 비판하는 시위가 열렸다.", "이재용", "삼성전자")),
]


def test_confidence_ordering(korean: KoreanExtractor, model: RelationModel) -> None:
    cues = load_cues(LEXICON_DIR)

    def employ(text: str, person: str, org: str) -> float:
        tokens = next(korean.kiwi.tokenize([text]))
        p, o = text.index(person), text.index(org)
        a, b = Arg(p, p + len(person), "P"), Arg(o, o + len(org), "O")
        x, y = (a, b) if p < o else (b, a)
        return model.probabilities(pair_features(text, tokens, x, y, cues), f"{x.type}>{y.type}")["employ"]

    scores = [employ(*row) for row in _CLEARER]
    assert scores[0] > scores[1]
    assert scores[2] > scores[3]


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        ("삼성전자는 엔비디아와 손잡았다.", "엔비디아", ("삼성전자", "PARTNERS_WITH", "엔비디아")),
        ("네이버는 포시마크를 인수했다.", "포시마크", ("네이버", "ACQUIRED", "포시마크")),
        ("카카오는 그랩과 업무협약을 맺었다.", "그랩", ("카카오", "PARTNERS_WITH", "그랩")),
    ],
)
def test_unfamiliar_deal_partner_is_a_company(
    korean: KoreanExtractor, text: str, partner: str, expected: tuple[str, str, str]
) -> None:
    result = korean.extract(text)
    assert (partner, "Company") in {(m.text, m.type.value) for m in result.mentions}
    assert expected in relations_of(result)


def test_a_person_is_no_deal_partner(korean: KoreanExtractor) -> None:
    result = korean.extract("삼성전자는 김철수와 계약을 맺었다.")
    assert ("김철수", "Person") in {(m.text, m.type.value) for m in result.mentions}
