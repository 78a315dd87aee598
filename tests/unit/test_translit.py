"""Hangul romanisation, phonetic keys, and name parts (schema.translit)."""

from __future__ import annotations

import pytest

from schema.translit import (
    fine_form,
    latin_renderings,
    org_stem,
    person_keys,
    phonetic_form,
    place_stem,
    romanize,
    romanize_name,
    skeleton,
    spelled_renderings,
    split_korean_name,
    surname_variants,
)


@pytest.mark.parametrize(
    ("hangul", "rr"),
    [
        ("서울", "seoul"),
        ("부산", "busan"),
        ("박정호", "bakjeongho"),
        ("종로", "jongno"),  # nasalisation of ㄹ after ㅇ
        ("강릉", "gangneung"),
        ("신라", "silla"),  # ㄴ+ㄹ -> ll
        ("백마", "baengma"),  # ㄱ before ㅁ -> ng
        ("한국어", "hangugeo"),  # liaison
        ("동대문구", "dongdaemungu"),
        ("울릉", "ulleung"),
        ("대구", "daegu"),
        ("SK텔레콤", "sktellekom"),
    ],
)
def test_revised_romanisation(hangul: str, rr: str) -> None:
    assert romanize(hangul) == rr


def test_romanisation_without_sound_changes_keeps_each_syllable() -> None:
    assert romanize("종로", assimilate=False) == "jongro"
    assert romanize("신라", assimilate=False) == "sinra"


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("아마존", "Amazon"),
        ("알리바바", "Alibaba"),
        ("쿠팡", "Coupang"),
        ("이베이", "eBay"),
        ("인터플렉스", "Interflex"),
        ("메간 폭스", "Megan Fox"),
        ("구글", "Google"),
        ("현대", "Hyundai"),
        ("삼성", "Samsung"),
        ("지니", "Genie"),
        ("그린", "Green"),
        ("엔리케 산체스", "Enrique Sanchez"),  # Spanish final -ez is 스
        ("디아스", "Diaz"),
        ("아흐메다바드", "Ahmedabad"),  # 흐 before a consonant: an unsounded h
        ("아흐마드", "Ahmad"),
        ("저장", "Zhejiang"),  # pinyin zh is ㅈ
        ("비즈", "Biz"),  # English final z stays ㅈ
        ("크리스마스", "Christmas"),  # the silent t of -stm-
        ("뉴캐슬", "Newcastle"),  # ... and of a final -stle
    ],
)
def test_loanwords_share_a_phonetic_skeleton(korean: str, english: str) -> None:
    ko = {skeleton(r) for r in latin_renderings(korean)}
    en = {skeleton(r) for r in latin_renderings(english)}
    assert ko & en


@pytest.mark.parametrize(
    ("a", "b"),
    [("Amazon", "Alibaba"), ("eBay", "Coupang"), ("Samsung", "Hyundai"), ("Interflex", "Intel")],
)
def test_different_names_have_different_skeletons(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_vowel_forms_separate_what_the_skeleton_merges() -> None:
    # same consonants, different vowels: the skeleton cannot tell, the fine form can
    assert skeleton("samga") == skeleton("samgo")
    assert fine_form("samga") != fine_form("samgo")
    assert phonetic_form("amajon") == phonetic_form("amazon")


def test_english_final_er_is_korean_eo() -> None:
    # Korean writes English final -er as 어: 밀러 Miller, 키퍼 Kiefer, 파워 Power
    for korean, english in (("milleo", "Miller"), ("kipeo", "Kiefer"), ("pawo", "Power")):
        assert fine_form(korean) == fine_form(english)
    assert fine_form("miller") != fine_form("millie")  # only a final r turns the vowel


def test_r_before_silent_e_and_camel_case() -> None:
    # Korean drops the r of -re (소프트웨어 software, 시큐어 secure) and sounds camel-case
    # words apart (SecureSoft = 시큐어소프트)
    assert skeleton(latin_renderings("SecureSoft")[0]) == skeleton(latin_renderings("시큐어소프트")[0])
    assert skeleton("software") == skeleton("sopeuteuweeo")
    assert skeleton("Sero") != skeleton("Seo")  # an r between sounded vowels stays


def test_numbers_stay_in_keys() -> None:
    # numbered SPACs and funds differ only in their number
    assert skeleton("Kyobo 5 SPAC") != skeleton("Kyobo 6 SPAC")


def test_name_parts_are_translated() -> None:
    assert "samseong electronics" in latin_renderings("삼성전자")
    assert any("information technolog" in r for r in latin_renderings("동서정보기술"))
    assert any("securities" in r for r in latin_renderings("미래에셋증권"))
    # a part alone is a name, not a translation
    assert latin_renderings("전자") == ["jeonja"]
    # parts of legislatures' committees and associations
    assert "senate armed services committee" in latin_renderings("상원 군사위원회")
    assert "television critics association" in latin_renderings("텔레비전 평론가협회")
    assert "republican national committee" in latin_renderings("공화당 전국위원회")


def test_read_out_initialisms_meet_their_letters() -> None:
    assert "ts" in latin_renderings("티에스")
    assert "keiemeichi" in latin_renderings("KMH")
    assert "keiemeichi" in spelled_renderings("KMH")
    assert "kmh" not in spelled_renderings("KMH")
    assert {skeleton(r) for r in latin_renderings("엠앤씨생명과학")} & {
        skeleton(r) for r in latin_renderings("M&C Life Science Co., Ltd.")
    }


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("부산광역시", "부산"),
        ("경기도", "경기"),
        ("Gyeonggi-do", "Gyeonggi"),
        ("Jung District", "Jung"),
        ("서울", "서울"),
        ("애리조나주", "애리조나"),  # a US state: 주 goes when two or more syllables remain
        ("제주", "제주"),  # ... and stays on Korean names that end in it
        ("경주시", "경주"),
        ("푸젠성", "푸젠"),
        ("화성", "화성"),
        ("Fujian Province", "Fujian"),
        ("로도스섬", "로도스"),
        ("Valdez Island", "Valdez"),  # 섬 = Island
        ("Rhode Island", "Rhode"),
        ("퀘벡주", "퀘벡"),
    ],
)
def test_place_stems(name: str, stem: str) -> None:
    assert place_stem(name) == stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("콴타스항공", "콴타스"),
        ("콴타스 항공", "콴타스"),
        ("애플사", "애플"),
        ("Qantas Airways", "Qantas"),
        ("Xinhua news service", "Xinhua"),
        ("회사", "회사"),  # too little would remain
        ("Korean Air", "Korean Air"),  # "Air" alone is part of names
        ("삼성그룹", "삼성그룹"),  # a group is not its flagship company
    ],
)
def test_org_stems(name: str, stem: str) -> None:
    assert org_stem(name) == stem


def test_mc_rh_and_dh_as_korean_hears_them() -> None:
    assert fine_form("mccain") == fine_form("maekein")  # 매케인
    assert fine_form(latin_renderings("McCain")[0]) == fine_form("maekein")
    assert skeleton("mcdonald") == skeleton("maekdonaldeu")  # 맥도날드
    assert skeleton("Rhodes") == skeleton("rodoseu")  # 로도스
    assert skeleton("Dhabi") == skeleton("dabi")  # 아부다비
    assert skeleton("Hahn") == skeleton("han")  # h elsewhere unchanged
    assert not fine_form("mcintosh").startswith("Mi")  # Mc before a vowel: no vowel added


@pytest.mark.parametrize(
    ("english", "korean"),
    [("Bush", "busi"), ("George", "joji"), ("Fitch", "pichi"), ("Bridge", "beuriji"), ("Dixon", "dikseun")],
)
def test_final_sounds_korean_adds_a_vowel_to_or_drops(english: str, korean: str) -> None:
    # final sh/ch/ge is 시/치/지 (부시, 피치, 조지); the o of final -son/-xon is silent (딕슨)
    assert fine_form(english) == fine_form(korean)


def test_rr_hyphen_between_vowels_is_no_pause() -> None:
    # 라이스 is romanised ra-iseu: the a-i is one English vowel (Rice), as in 마이크로 (micro)
    assert fine_form("ra-iseu") == fine_form("Rice")
    assert fine_form("ma-ikeuro") == fine_form("micro")
    assert fine_form("Jung-ho") == fine_form("jungho")  # between consonants nothing changes
    assert fine_form("ru-iseu") != fine_form("Rice")  # 루이스 (Lewis) keeps its two vowels


def test_final_vowel_rules_keep_other_names_apart() -> None:
    assert fine_form("Bush") != fine_form("bus")
    assert fine_form("Dixon") != fine_form("dikseon")  # 딕선 is not Dixon


def test_korean_personal_names() -> None:
    assert split_korean_name("박정호") == ("박", "정호")
    assert split_korean_name("남궁민수") == ("남궁", "민수")
    assert split_korean_name("아마존") is None  # 아 is no surname
    assert split_korean_name("Park") is None
    assert romanize_name("박정호") == "Park Jeong-ho"
    assert surname_variants("이")[:3] == ["lee", "yi", "rhee"]


@pytest.mark.parametrize(
    "english",
    ["Park Jung-ho", "Jung-ho Park", "Bak Jeong-ho", "Park Jungho", "Pak Jeongho", "Park Jung Ho"],
)
def test_person_keys_meet_across_romanisation_variants(english: str) -> None:
    assert set(person_keys("박정호")) & set(person_keys(english))


@pytest.mark.parametrize(
    ("korean", "english"),
    [("이은철", "Angela Lee"), ("박정호", "Park Jung-min"), ("김철수", "Lee Chul-soo")],
)
def test_person_keys_keep_different_people_apart(korean: str, english: str) -> None:
    assert not set(person_keys(korean)) & set(person_keys(english))


def test_variants_lee_choi_kim() -> None:
    assert set(person_keys("이은철")) & set(person_keys("Rhee Eun-cheol"))
    assert set(person_keys("최태원")) & set(person_keys("Choe Tae-won"))
    assert set(person_keys("김범수")) & set(person_keys("Gim Beom-su"))
