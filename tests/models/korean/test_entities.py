"""Korean mentions: names joined from Kiwi morphemes, particles stripped, types, aliases."""

from __future__ import annotations

import pytest

from extractors.ko import KoreanExtractor
from tests.models.korean.conftest import mentions_of

pytestmark = pytest.mark.models


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed sentences (ko-11st-amazon-global-store-2021)
        (
            "11번가와 아마존 연대가 내놓을 '아마존 글로벌 스토어' 서비스에 관심이 쏠린다.",
            {("11번가", "Company"), ("아마존", "Company")},
        ),
        (
            "6일 업계에 따르면 박정호 SK텔레콤 사장은 이달 미국 출장을 준비하고 있는 것으로 알려졌다.",
            {("박정호", "Person"), ("SK텔레콤", "Company"), ("미국", "Place")},
        ),
        (
            "박 사장은 지난달 28일 서울 정부청사에서 열린 임혜숙 과학기술정보통신부장관과 "
            "통신 3사 최고경영자(CEO) 간 간담회에서 말했다.",
            {("임혜숙", "Person"), ("과학기술정보통신부", "Organization")},
        ),
        (
            "지난달 SSG닷컴을 운영하는 신세계그룹(이마트)이 이베이코리아를 인수하면서 업계의 지각 변동을 예고했다.",
            {("SSG닷컴", "Company"), ("신세계그룹", "Company"), ("이마트", "Company"), ("이베이코리아", "Company")},
        ),
        ("이를 바탕으로 OTT 플랫폼 티빙, CJ대한통운과 협력하고 있다.", {("CJ대한통운", "Company")}),
        (
            "GS리테일의 경우 GS홈쇼핑 흡수통합 작업에 마침표를 찍었다.",
            {("GS리테일", "Company"), ("GS홈쇼핑", "Company")},
        ),
        # 한국 is a place, not a company
        (
            "아마존과 우리 한국 이커머스 시장에 어떻게 이바지할 수 있을지를 고민하고 있다.",
            {("아마존", "Company"), ("한국", "Place")},
        ),
        # particles stripped: 은/는/이/가/을/를/와/과/의/에서/으로
        (
            "삼성전자는 LG전자와 함께 부산에서 행사를 열었다.",
            {("삼성전자", "Company"), ("LG전자", "Company"), ("부산", "Place")},
        ),
        # ministries, agencies and central bank are organisations
        (
            "공정거래위원회는 한국은행과 기획재정부에 의견을 전달했다.",
            {("공정거래위원회", "Organization"), ("한국은행", "Organization"), ("기획재정부", "Organization")},
        ),
        # a place glued to 행 (bound for), 발 (from), 산 (made in) stays a name of its own
        (
            # the country and the city are one place chain, with the country inside it
            "호주 멜버른행 콴타스 항공기가 아들레이드 공항으로 되돌아갔다.",
            {("호주", "Place"), ("호주 멜버른", "Place"), ("아들레이드", "Place")},
        ),
        ("뉴욕발 인천행 항공편이 취소됐다.", {("뉴욕", "Place"), ("인천", "Place")}),
        # the same when Kiwi keeps the word as one noun
        ("일본행 비행기와 독일제 자동차가 있다.", {("일본", "Place"), ("독일", "Place")}),
    ],
)
def test_mentions(korean: KoreanExtractor, text: str, expected: set[tuple[str, str]]) -> None:
    found = mentions_of(korean.extract(text))
    assert expected <= found, f"missing {expected - found}; found {found}"


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("11번가와 아마존 연대가 커진다.", {"11번가와", "아마존 연대"}),
        ("GS리테일의 경우 GS홈쇼핑 흡수통합 작업에 마침표를 찍었다.", {"GS리테일의", "GS홈쇼핑 흡수통합"}),
        ("지난해 11월 양사 협력 소식이 전해졌다.", {"양사"}),
    ],
)
def test_no_particles_or_cue_words_in_names(korean: KoreanExtractor, text: str, not_expected: set[str]) -> None:
    texts = {m.text for m in korean.extract(text).mentions}
    assert not (texts & not_expected)


def test_offsets_and_sentence_spans(korean: KoreanExtractor) -> None:
    text = "첫 문장이다. 박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.\n둘째 줄에는 네이버가 나온다."
    result = korean.extract(text)
    assert result.language == "ko" and result.extractor == korean.name
    assert {m.text for m in result.mentions} >= {"박정호", "SK텔레콤", "아마존", "네이버"}
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert "\n" not in text[m.sentence_start : m.sentence_end]
        assert 0.0 < m.confidence <= 1.0


def test_parenthesised_alias_points_at_its_name(korean: KoreanExtractor) -> None:
    result = korean.extract("신세계그룹(이마트)이 이베이코리아를 인수했다.")
    by_text = {m.text: i for i, m in enumerate(result.mentions)}
    assert result.mentions[by_text["이마트"]].attributes["alias_of"] == by_text["신세계그룹"]


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        ("(주)아성다이소는 행복박스를 전달했다.", "아성다이소", "(주)"),
        ("㈜CJ대한통운이 물류센터를 열었다.", "CJ대한통운", "㈜"),
        ("주식회사 카카오는 실적을 발표했다.", "카카오", "주식회사"),
    ],
)
def test_corporate_forms_are_normalised(korean: KoreanExtractor, text: str, name: str, form: str) -> None:
    mentions = {m.text: m for m in korean.extract(text).mentions}
    assert name in mentions, mentions
    assert mentions[name].attributes.get("corporate_form") == form


def test_photo_credit_is_a_company_mention(korean: KoreanExtractor) -> None:
    result = korean.extract("11번가와 아마존 연대가 내놓을 서비스에 관심이 쏠린다. /11번가 제공, 뉴시스 |")
    newsis = [m for m in result.mentions if m.text == "뉴시스"]
    assert newsis and newsis[0].type.value == "Company" and newsis[0].attributes.get("credit") is True


def test_extract_many_keeps_order_and_empty_texts(korean: KoreanExtractor) -> None:
    texts = ["네이버가 발표했다.", "", "   ", "쿠팡이 발표했다."]
    results = list(korean.extract_many(texts))
    assert len(results) == 4
    assert [m.text for m in results[0].mentions] == ["네이버"]
    assert results[1].mentions == [] and results[2].mentions == []
    assert [m.text for m in results[3].mentions] == ["쿠팡"]


@pytest.mark.parametrize(
    ("text", "expected", "forbidden"),
    [
        # a foreign name the model ran into the place after it is the person, then the place
        (
            "피터 킹 뉴욕 주 공화당 의원은 말했다.",
            {("피터 킹", "Person"), ("뉴욕 주", "Place")},
            {("피터 킹 뉴욕 주", "Place")},
        ),
        (
            "첸 지우롱 상하이 관할 공안 보안국 부국장의 말을 인용했다.",
            {("첸 지우롱", "Person"), ("상하이", "Place")},
            {("첸 지우롱 상하이", "Place")},
        ),
        # a person whose surname is also a place stays whole
        ("조지 워싱턴 전 대통령은 말했다.", {("조지 워싱턴", "Person")}, {("조지", "Person")}),
        # 전 glued to a country is "the match against": the country is the name
        (
            "16일 미얀마전과 17일 라오스전이 남았다.",
            {("미얀마", "Place"), ("라오스", "Place")},
            {("미얀마전", "Place")},
        ),
        # a chain of places the model read as an organisation is a place
        (
            "영국 잉글랜드 남부 본머스 인근에 사는 그의 어머니는 말했다.",
            {("영국 잉글랜드 남부 본머스", "Place")},
            {("영국 잉글랜드 남부 본머스", "Company")},
        ),
        # a person span that ends in a country is the person, then the country
        ("레젭 타입 에르도간 터키 총리는 장례식에 참석했다.", {("터키", "Place")}, {("에르도간 터키", "Person")}),
        # a particle Kiwi left glued to a place; a country glued to a common noun
        ("뉴욕서 추도식 열려", {("뉴욕", "Place")}, {("뉴욕서", "Place")}),
        ("네팔이 공화국을 선포한지 2개월 만이다.", {("네팔", "Place")}, {("네팔이", "Company"), ("네팔이", "Place")}),
        ("오바마가 기고한 이라크정책에 대한 주장을 반박했다.", {("이라크", "Place")}, {("이라크정책", "Place")}),
        # Arabic names keep their article and given name; -stan names a land
        (
            "버락 오바마 상원의원이 누리 알-말리키 이라크 총리와 만났다.",
            {("누리 알-말리키", "Person"), ("이라크", "Place")},
            {("말리키", "Person")},
        ),
        ("알리 알-다바그 이라크 총리실 대변인은 말했다.", {("알리 알-다바그", "Person")}, {("알리 알", "Person")}),
        ("발로치스탄에서 폭탄이 터졌다.", {("발로치스탄", "Place")}, {("발로치스탄", "Person")}),
        # a country's armed forces are an organisation, the country nested inside
        (
            "미군이 2010년까지는 이라크를 떠나게 될 것이다.",
            {("미군", "Organization"), ("미", "Place")},
            {("미군", "Company")},
        ),
        # a person run into the country after it, whose surname ends like a city (부시)
        (
            "조지 부시 미국 대통령은 말했다.",
            {("조지 부시", "Person"), ("미국", "Place")},
            {("조지 부시 미국", "Place")},
        ),
        ("이라크합의전선의 타레크 알 하시미가 말했다.", {("타레크 알 하시미", "Person")}, {("알 하시미", "Person")}),
        # countries written together by their one-syllable names
        ("한중일 3국 정상이 모였다.", {("한", "Place"), ("중", "Place"), ("일", "Place")}, {("한중일", "Person")}),
        # a facility named after its place is one place, the place nested inside
        ("항공기는 마닐라 국제공항으로 회항했다.", {("마닐라 국제공항", "Place"), ("마닐라", "Place")}, set()),
        ("프랑크푸르트공항에서 출발했다.", {("프랑크푸르트공항", "Place"), ("프랑크푸르트", "Place")}, set()),
        # an occupation before a name is no part of it
        ("래퍼 블랙넛이 공연했다.", {("블랙넛", "Person")}, {("래퍼 블랙넛", "Person")}),
        ("이날 주포 앤서니 리조가 홈런을 쳤다.", {("앤서니 리조", "Person")}, {("주포 앤서니 리조", "Person")}),
        # a one-word foreign name that 말하다 is a person; a known company that does stays one
        (
            "보스트롬은 “인간에게 최고의 가치가 무엇인지 연구하고 있다”고 말했다.",
            {("보스트롬", "Person")},
            {("보스트롬", "Company")},
        ),
        ("구글은 “검색 시장이 커졌다”고 말했다.", {("구글", "Company")}, {("구글", "Person")}),
        # proper nouns the model left untagged before a person's title are the person; a
        # governor's or mayor's title may follow a place, so those titles do not count
        ("한편 슈타인마이어 외무장관은 협상을 거부했다.", {("슈타인마이어", "Person")}, set()),
        (
            "프랑크 발터 슈타인마이어 독일 외무장관은 기자회견을 열었다.",
            {("프랑크 발터 슈타인마이어", "Person"), ("독일", "Place")},
            set(),
        ),
        ("역대 콜리마 주지사의 수난이 잇따랐다.", set(), {("콜리마", "Person")}),
        # ... also when Kiwi does not know the word (an unknown noun, not a proper noun)
        ("무바라크, 파드 왕 및 무샤라프 장군이 대표자일 수는 없다.", {("무샤라프", "Person")}, set()),
        # an administrative suffix in Hanja, as older news writes it
        ("오레곤州 포틀랜드 중심가에 모였다.", {("오레곤州", "Place"), ("포틀랜드", "Place")}, set()),
        ("광조우市에 있는 시설을 대체한다.", {("광조우市", "Place")}, {("광조우", "Person")}),
        # a regnal number is part of the name; the title before it is not
        ("교황 베네딕토 16세는 성명을 발표했다.", {("베네딕토 16세", "Person")}, {("교황 베네딕토 16세", "Person")}),
        ("교황 존 폴 2세의 교황청은 이를 기적이라 선언했다.", {("존 폴 2세", "Person")}, {("존 폴", "Person")}),
        # a word Kiwi does not know, beside half a foreign name, is the other half
        ("스베타 부자시치 변호사는 또한 말했다.", {("스베타 부자시치", "Person")}, {("부자시치", "Person")}),
        # a foreign name run into its country before a title, whatever type the model gave
        (
            "남바린 엥흐바야르 몽골 대통령이 국가 비상사태를 선포했다.",
            {("남바린 엥흐바야르", "Person"), ("몽골", "Place")},
            {("남바린 엥흐바야르 몽골", "Place")},
        ),
        (
            "마무드 아바스 팔레스타인 자치 정부 수반과 회담했다.",
            {("마무드 아바스", "Person")},
            {("마무드 아바스 팔레스타인", "Company")},
        ),
        # a middle initial inside a foreign name
        ("루이스 L. 스탠턴 뉴욕 연방지법 판사는 명령했다.", {("루이스 L. 스탠턴", "Person")}, {("루이스", "Person")}),
        ("수잔 E. 굿맨과 엘리우드 스미스의 입문서", {("수잔 E. 굿맨", "Person")}, {("수잔", "Person")}),
        # a country's people: the country, as a mention of its own, also where the model read
        # the people's word as a name; not 일본 of 일본인터넷
        ("노르웨이인 3명이 탑승했다.", {("노르웨이", "Place")}, {("노르웨이인", "Company"), ("노르웨이인", "Person")}),
        ("북한의 일본인 납치 문제를 언급했다.", {("일본", "Place")}, {("일본인", "Place")}),
        # a government named after its leader is one organisation, the leader inside it
        (
            "미국 부시 행정부의 대북 정책은 실패했다.",
            {("부시 행정부", "Organization"), ("부시", "Person")},
            {("행정부", "Organization")},
        ),
        ("아베 정권이 출범했다.", {("아베 정권", "Organization"), ("아베", "Person")}, {("아베 정권", "Company")}),
        ("이라크 정부군이 공격했다.", set(), {("이라크 정부군", "Organization")}),
        # a known place before a common noun that only places it; North Korea in 북핵
        ("경찰은 월초 두바이 해안에서 단속을 시작했다.", {("두바이", "Place")}, set()),
        ("외무장관회의는 북핵 문제에 대한 일치점을 찾지 못했다.", {("북", "Place")}, {("북핵", "Place")}),
        # a city an organisation's name starts with is a place of its own, inside it
        ("런던 경찰청은 밝혔다.", {("런던 경찰청", "Organization"), ("런던", "Place")}, set()),
        # a name the dictionary knows, written in Latin letters in the Korean sentence
        ("Los Angeles에 사는 가정 주부는 말했다.", {("Los Angeles", "Place")}, set()),
        # a known name Kiwi kept in one noun with its particle
        ("그는 “밀라노의 팬들에게 즐거움을 선사하고 싶다”고 말했다.", {("밀라노", "Place")}, {("밀라노의", "Place")}),
    ],
)
def test_name_edges_the_model_misplaces(
    korean: KoreanExtractor, text: str, expected: set[tuple[str, str]], forbidden: set[tuple[str, str]]
) -> None:
    found = mentions_of(korean.extract(text))
    assert expected <= found and not (forbidden & found), found


@pytest.mark.parametrize(
    ("text", "name", "etype", "original"),
    [
        # a name followed by its original in Latin letters: the words that sound like it
        (
            "이 광고의 후원자는 브룩클린 이슬람 사원의 시라즈 와하즈 (Siraj Wahhaj) 지도자이다.",
            "시라즈 와하즈",
            "Person",
            "Siraj Wahhaj",
        ),
        ("왕가위의 젯 톤 영화사 (Jet Tone Films)는 결혼 사진을 공개했다.", "젯 톤 영화사", "Company", "Jet Tone Films"),
        (
            "사우스 차이나 모닝 포스트(The South China Morning Post)는 이같이 보도했다.",
            "사우스 차이나 모닝 포스트",
            "Company",
            "South China Morning Post",
        ),
        (
            "인권 감시기구인 ‘휴먼 라이트 워치(Human Rights Watch)’는 비판했다.",
            "휴먼 라이트 워치",
            "Organization",
            "Human Rights Watch",
        ),
        # an English company word overrules the model's type of a name it found
        ("미국 식품회사 마르스(Mars Inc.)는 밝혔다.", "마르스", "Company", "Mars Inc."),
        # an acronym after a word with an organisation ending
        ("구본길은 국제펜싱연맹(FIE) 랭킹 1위다.", "국제펜싱연맹", "Organization", "FIE"),
    ],
)
def test_a_name_and_its_latin_original_are_one_alias_pair(
    korean: KoreanExtractor, text: str, name: str, etype: str, original: str
) -> None:
    mentions = korean.extract(text).mentions
    by_text = {m.text: i for i, m in enumerate(mentions)}
    assert name in by_text and original in by_text, [m.text for m in mentions]
    assert mentions[by_text[name]].type.value == etype
    assert mentions[by_text[original]].type.value == etype
    assert mentions[by_text[original]].attributes["alias_of"] == by_text[name]


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        # a quoted title, an event, a common noun's acronym, a one-word name of unknown type
        ("영화 ‘다크 나이트’(Dark Knight) 시사회가 끝났다.", {"다크 나이트", "Dark Knight"}),
        (
            "한 남성이 제 6회 어반 뮤직 어워드(Urban Music Awards)에서 체포됐다.",
            {"어반 뮤직 어워드", "Urban Music Awards"},
        ),
        ("한미 자유무역협정(FTA)이 발효됐다.", {"자유무역협정", "한미 자유무역협정"}),
        ("오스트리아 빈의 링슈트라세(Ringstrasse)에 설치됐다.", {"링슈트라세", "Ringstrasse"}),
    ],
)
def test_latin_originals_that_name_no_entity_add_none(korean: KoreanExtractor, text: str, forbidden: set[str]) -> None:
    assert not forbidden & {m.text for m in korean.extract(text).mentions}


def test_a_peoples_country_carries_the_word(korean: KoreanExtractor) -> None:
    result = korean.extract("미국인들은 그 결정을 반겼다.")
    (country,) = [m for m in result.mentions if m.text == "미국"]
    assert country.type.value == "Place" and country.attributes["demonym"] == "미국인들"
    assert not [m for m in korean.extract("일본인터넷 주가가 올랐다.").mentions if m.attributes.get("demonym")]


def test_a_family_name_alone_is_the_person_named_in_full(korean: KoreanExtractor) -> None:
    """Within one text a foreign person named in full and later by the family name: the lone
    word is a Person mention carrying the full name; not a longer word that starts alike, and
    not a family name two people of the text bear."""
    text = (
        "영화배우 크리스찬 베일이 체포됐다. 베일은 영화에서 배트맨 역을 맡았다. "
        "베일의 홍보담당자는 밝히지 않았다. 베일리는 왔다."
    )
    alone = [m for m in korean.extract(text).mentions if m.text == "베일"]
    assert [(m.type.value, m.attributes["full_name"], m.attributes["source"]) for m in alone] == [
        ("Person", "크리스찬 베일", "document")
    ] * 2
    assert [text[m.start : m.end] for m in alone] == ["베일", "베일"]
    two = korean.extract("빌 클린턴 전 대통령과 힐러리 클린턴 의원이 왔다. 클린턴은 말했다.").mentions
    assert not [m for m in two if m.attributes.get("source") == "document"]


def test_proper_nouns_no_model_typed_are_candidates(korean: KoreanExtractor) -> None:
    result = korean.extract("MDC 당직자들은 창기라이가 가장 많은 표를 얻었다고 말했다.")
    assert "창기라이" in [m.text for m in result.candidates]
    assert "창기라이" not in {m.text for m in result.mentions}
    assert not korean.extract("삼성전자가 서울에서 발표했다.").candidates
