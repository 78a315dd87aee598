"""Cross-lingual entity resolution against the real NetworkX store, with mentions placed by hand
(the extractors are tested elsewhere; tests/models/resolution runs the whole pipeline)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from kg.config import Settings
from kg.resolve import (
    CrossLingualResolver,
    ExactNameResolver,
    Resolver,
    blocking_keys,
    default_resolver,
    entity_id_for,
    search_keys,
)
from kg.resolve.places import innermost_place
from kg.store.base import DocumentBatch
from kg.store.networkx import NetworkXGraphStore
from schema.aliases import import_user_file, load_dictionary
from schema.types import (
    AttrValue,
    Document,
    EntityType,
    Evidence,
    Mention,
    Relation,
    RelationType,
    document_id_for,
)

C, P, L, ORG = EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION
Span = tuple[str, EntityType] | tuple[str, EntityType, dict[str, AttrValue]]


@pytest.fixture(scope="module")
def resolver() -> CrossLingualResolver:
    return CrossLingualResolver(load_dictionary())


@pytest.fixture(scope="module")
def no_companies() -> CrossLingualResolver:
    """Without the company part of the dictionary: transliteration has to do the work."""
    return CrossLingualResolver(load_dictionary(exclude=["companies"]))


def ingest(
    store: NetworkXGraphStore,
    resolver: Resolver,
    text: str,
    spans: Sequence[Span],
    relations: Sequence[tuple[int, int, RelationType]] = (),
    confidences: dict[str, float] | None = None,
) -> list[str]:
    """Resolve and store one document whose mentions are ``spans`` (found in ``text`` in
    order; ``confidences`` the extractor's by name, else 1.0); returns the entity id of each."""
    lang = "ko" if any("\uac00" <= ch <= "\ud7a3" for ch in text) else "en"
    doc = Document(id=document_id_for(hashlib.sha256(text.encode()).hexdigest()), language=lang, char_count=len(text))
    mentions: list[Mention] = []
    pos = 0
    for span in spans:
        name, type = span[0], span[1]
        attrs = span[2] if len(span) > 2 else {}
        confidence = (confidences or {}).get(name, 1.0)
        start = text.index(name, pos)
        pos = start + len(name)
        mentions.append(
            Mention(
                document_id=doc.id,
                start=start,
                end=pos,
                text=name,
                type=type,
                sentence=text,
                sentence_start=0,
                sentence_end=len(text),
                language=lang,
                extractor="test",
                confidence=confidence,
                attributes=attrs,
            )
        )
    res = resolver.resolve(doc, mentions, store)
    assert len(res.entity_ids) == len(mentions)
    rels = []
    for s, t, rtype in relations:
        ev = Evidence(
            document_id=doc.id,
            sentence=text,
            sentence_start=0,
            sentence_end=len(text),
            start=0,
            end=len(text),
            language=lang,
            extractor="test",
            rule="test",
            confidence=0.9,
        )
        src, tgt = res.entity_ids[s], res.entity_ids[t]
        rels.append(
            Relation(
                id=Relation.make_id(src, tgt, rtype), source=src, target=tgt, type=rtype, confidence=0.9, evidence=[ev]
            )
        )
    store.write_document(
        DocumentBatch(
            document=doc,
            entities=res.entities,
            # as the pipeline does: a candidate takes its entity's type, or is dropped
            mentions=[
                (eid, m.model_copy(update={"type": res.types[i]}) if i in res.types else m)
                for i, (eid, m) in enumerate(zip(res.entity_ids, mentions, strict=True))
                if eid
            ],
            relations=rels,
            merges=res.merges,
        )
    )
    return res.entity_ids


# -- the seeds of the issue ---------------------------------------------------------------------


def test_seed_pairs_merge_across_languages(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    en = ingest(
        nx_store,
        resolver,
        "Amazon opened an office in Seoul, Korea, the United States firm and the U.S. embassy said.",
        [("Amazon", C), ("Seoul", L), ("Korea", L), ("United States", L), ("U.S.", L)],
    )
    ko = ingest(
        nx_store,
        resolver,
        "아마존은 한국 서울에 사무소를 열었다고 미국 측이 밝혔다.",
        [("아마존", C), ("한국", L), ("서울", L), ("미국", L)],
    )
    amazon, seoul, korea, us, us2 = en
    assert us == us2
    assert ko == [amazon, korea, seoul, us]
    entity = nx_store.get_entity(amazon)
    assert entity is not None
    assert (entity.name_en, entity.name_ko) == ("Amazon", "아마존")
    assert {"Amazon", "아마존"} <= set(entity.aliases)
    us_entity = nx_store.get_entity(us)
    assert us_entity is not None and us_entity.name_ko == "미국"


def test_subsidiaries_stay_apart_from_their_parents(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    ids = ingest(
        nx_store,
        resolver,
        "Amazon and Amazon Korea, eBay and eBay Korea.",
        [("Amazon", C), ("Amazon Korea", C), ("eBay", C), ("eBay Korea", C)],
    )
    assert len(set(ids)) == 4
    ko = ingest(
        nx_store,
        resolver,
        "이베이코리아와 이베이, 아마존코리아",
        [("이베이코리아", C), ("이베이", C), ("아마존코리아", C)],
    )
    assert ko == [ids[3], ids[2], ids[1]]


def test_subsidiary_stays_apart_without_dictionary(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    amazon, amazon_korea = ingest(
        nx_store, no_companies, "Amazon and Amazon Korea.", [("Amazon", C), ("Amazon Korea", C)]
    )
    ko = ingest(nx_store, no_companies, "아마존코리아와 아마존", [("아마존코리아", C), ("아마존", C)])
    assert ko == [amazon_korea, amazon]
    assert amazon != amazon_korea


def test_dictionary_ids_do_not_depend_on_which_language_comes_first(
    tmp_path: Path, resolver: CrossLingualResolver
) -> None:
    first = NetworkXGraphStore(tmp_path / "a")
    second = NetworkXGraphStore(tmp_path / "b")
    a = ingest(first, resolver, "아마존 발표", [("아마존", C)])
    b = ingest(second, resolver, "Amazon said", [("Amazon", C)])
    assert a == b == [entity_id_for(C, "amazon")]


def test_acronym_from_dictionary_and_from_text(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver, resolver: CrossLingualResolver
) -> None:
    skt = ingest(nx_store, resolver, "SK Telecom (SKT) and SK텔레콤", [("SK Telecom", C), ("SKT", C), ("SK텔레콤", C)])
    assert len(set(skt)) == 1
    # not in any dictionary: the same document supports the acronym
    ids = ingest(
        nx_store, no_companies, "Hanbit Ocean Systems said HOS would expand.", [("Hanbit Ocean Systems", C), ("HOS", C)]
    )
    assert ids[0] == ids[1]
    records = {r.alias: r.reason for r in nx_store.merges_of(ids[0])}
    assert records["HOS"] == "acronym"
    # an unrelated acronym stays its own entity
    other = ingest(nx_store, no_companies, "Hanbit Ocean Systems and KDB", [("Hanbit Ocean Systems", C), ("KDB", C)])
    assert other[0] == ids[0] and other[1] != ids[0]


# -- transliteration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Interflex", "인터플렉스"),
        ("Coupang", "쿠팡"),
        ("Alibaba", "알리바바"),
        ("Amazon", "아마존"),
        ("Samsung Electronics", "삼성전자"),
        ("WINIA", "위니아"),  # too few consonants for a phonetic key: the same romanisation
    ],
)
def test_transliteration_without_dictionary(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver, english: str, korean: str
) -> None:
    (en,) = ingest(nx_store, no_companies, f"{english} said on Monday.", [(english, C)])
    (ko,) = ingest(nx_store, no_companies, f"{korean} 관계자가 밝혔다.", [(korean, C)])
    assert en == ko
    (record,) = [r for r in nx_store.merges_of(en) if r.alias == korean]
    assert record.reason == "transliteration" and 0.8 <= record.score <= 1.0


def test_person_transliteration_and_romanisation_variants(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    (a,) = ingest(nx_store, resolver, "Kim Min-jae said.", [("Kim Min-jae", P)])
    (b,) = ingest(nx_store, resolver, "김민재가 말했다.", [("김민재", P)])
    (c,) = ingest(nx_store, resolver, "Min-jae Kim said.", [("Min-jae Kim", P)])
    assert a == b
    assert c == a  # name order and hyphenation: the person key (surname, given-name sound) agrees
    (foreign,) = ingest(nx_store, resolver, "Megan Fox said.", [("Megan Fox", P)])
    (foreign_ko,) = ingest(nx_store, resolver, "메간 폭스가 말했다.", [("메간 폭스", P)])
    assert foreign == foreign_ko


def test_foreign_names_in_hangul_meet_word_by_word(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # vowels differ most between the scripts (Amy = 에이미, Winehouse = 와인하우스); the
    # consonants of every word agree
    (en,) = ingest(nx_store, no_companies, "Amy Winehouse said.", [("Amy Winehouse", P)])
    (ko,) = ingest(nx_store, no_companies, "에이미 와인하우스가 말했다.", [("에이미 와인하우스", P)])
    assert en == ko
    (mc,) = ingest(nx_store, no_companies, "McCain said.", [("McCain", P)])
    (mc_ko,) = ingest(nx_store, no_companies, "매케인은 말했다.", [("매케인", P)])
    assert mc == mc_ko
    # a second Hangul spelling of the same foreign name joins too (맥케인 / 매케인) ...
    (mc_variant,) = ingest(nx_store, no_companies, "맥케인은 말했다.", [("맥케인", P)])
    assert mc_variant == mc
    # ... but never a second Korean name (김민서 is not 김민수)
    (kim,) = ingest(nx_store, no_companies, "Kim Min-su said.", [("Kim Min-su", P)])
    (kim_ko,) = ingest(nx_store, no_companies, "김민수가 말했다.", [("김민수", P)])
    (kim_other,) = ingest(nx_store, no_companies, "김민서가 말했다.", [("김민서", P)])
    assert kim_ko == kim and kim_other != kim
    (bush,) = ingest(nx_store, no_companies, "Bush said.", [("Bush", P)])
    (bush_ko,) = ingest(nx_store, no_companies, "부시가 말했다.", [("부시", P)])
    assert bush == bush_ko
    # the words must agree one by one: another first name is another person
    (other,) = ingest(nx_store, no_companies, "에디 와인하우스가 말했다.", [("에디 와인하우스", P)])
    assert other != en
    # one word may differ by a consonant class when the rest agrees (Greek ch of Michael = 마이클)
    (mb,) = ingest(nx_store, no_companies, "Michael Bloomberg said.", [("Michael Bloomberg", P)])
    (mb_ko,) = ingest(nx_store, no_companies, "마이클 블룸버그가 말했다.", [("마이클 블룸버그", P)])
    assert mb == mb_ko
    # ... but not in short words, where one class is all a name has (Brad Pitt is no Brett Favre)
    (favre,) = ingest(nx_store, no_companies, "Brett Favre said.", [("Brett Favre", P)])
    (pitt,) = ingest(nx_store, no_companies, "브래드 피트가 말했다.", [("브래드 피트", P)])
    (paul,) = ingest(nx_store, no_companies, "Jenny Bale said.", [("Jenny Bale", P)])
    (john_paul,) = ingest(nx_store, no_companies, "존 폴이 말했다.", [("존 폴", P)])
    assert pitt != favre and john_paul != paul


def test_acronym_name_does_not_block_the_full_name(nx_store: NetworkXGraphStore) -> None:
    # without a dictionary entry: the Korean entity got "IOC" from the same sentence, and
    # "International Olympic Committee" is still its only full Latin name
    bare = CrossLingualResolver(load_dictionary(exclude=["government", "companies"]))
    ko = ingest(
        nx_store,
        bare,
        "국제올림픽위원회(IOC) 본부를 찾았다.",
        [("국제올림픽위원회", ORG), ("IOC", ORG, {"alias_of": 0})],
    )
    assert ko[0] == ko[1]
    (en,) = ingest(
        nx_store, bare, "They met the International Olympic Committee.", [("International Olympic Committee", ORG)]
    )
    assert en == ko[0]
    # once it has its full English name, a further English name stays out (sound-alike or not)
    (other,) = ingest(
        nx_store, bare, "They met the International Olympic Commission.", [("International Olympic Commission", ORG)]
    )
    assert other != ko[0]


def test_descriptive_words_and_hanja_of_older_news(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (qantas,) = ingest(nx_store, no_companies, "A Qantas jet landed.", [("Qantas", C)])
    (ko,) = ingest(nx_store, no_companies, "콴타스항공 여객기가 착륙했다.", [("콴타스항공", C)])
    assert ko == qantas
    us, doe = ingest(
        nx_store, no_companies, "The U.S. Department of Energy said.", [("U.S.", L), ("Department of Energy", ORG)]
    )
    hanja_us, hanja_doe = ingest(nx_store, no_companies, "美 에너지省은 밝혔다.", [("美", L), ("에너지省", ORG)])
    (syllable_us,) = ingest(nx_store, no_companies, "미 전역에서 조사했다.", [("미", L)])
    assert (hanja_us, hanja_doe) == (us, doe) and syllable_us == us
    # a one-syllable abbreviation is never a person's name
    (person,) = ingest(nx_store, no_companies, "미가 말했다.", [("미", P)])
    assert person != us


def test_world_places_and_state_suffixes(nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver) -> None:
    arizona, europe, australia, istanbul = ingest(
        nx_store,
        no_companies,
        "Arizona, Europe, Australia, Istanbul",
        [("Arizona", L), ("Europe", L), ("Australia", L), ("Istanbul", L)],
    )
    ko = ingest(
        nx_store,
        no_companies,
        "애리조나주, 유럽, 호주, 이스탄불",
        [("애리조나주", L), ("유럽", L), ("호주", L), ("이스탄불", P)],  # the city read as a person
    )
    assert ko == [arizona, europe, australia, istanbul]
    (jeju,) = ingest(nx_store, no_companies, "제주에서 열렸다.", [("제주", L)])
    assert jeju not in ko


def test_guard_lee_eun_cheol_is_not_angela_lee(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    (angela,) = ingest(nx_store, resolver, "Angela Lee said.", [("Angela Lee", P)])
    (lee,) = ingest(nx_store, resolver, "이은철이 말했다.", [("이은철", P)])
    (lee_en,) = ingest(nx_store, resolver, "Lee Eun-cheol said.", [("Lee Eun-cheol", P)])
    assert lee != angela
    assert lee_en == lee


def test_a_person_never_merges_with_a_company(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    company, person = ingest(nx_store, resolver, "Amazon hired Amazon.", [("Amazon", C), ("Amazon", P)])
    assert company != person
    (ko_person,) = ingest(nx_store, resolver, "아마존이 말했다.", [("아마존", P)])
    assert ko_person != company


def test_company_and_organization_meet_through_the_dictionary(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    (en,) = ingest(nx_store, resolver, "The Korea Fair Trade Commission said.", [("Korea Fair Trade Commission", ORG)])
    (ko,) = ingest(nx_store, resolver, "공정위는 밝혔다.", [("공정위", C)])  # Korean rules called it a company
    assert en == ko
    entity = nx_store.get_entity(en)
    assert entity is not None and entity.type is ORG


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("Grand National Party", "한나라당"),
        ("Seoul National University", "서울대"),
        ("Group of Eight", "G-8"),
        ("Transportation Security Administration", "교통보안청"),
        ("Organization for Security and Cooperation in Europe", "유럽안보협력기구"),
    ],
)
def test_parties_universities_and_international_bodies_are_in_the_dictionary(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver, en: str, ko: str
) -> None:
    (a,) = ingest(nx_store, resolver, f"The {en} said.", [(en, ORG)])
    (b,) = ingest(nx_store, resolver, f"{ko}는 밝혔다.", [(ko, ORG)])
    assert a == b


def test_a_government_named_after_its_leader_meets_across_languages(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """ "노무현 정부" = "the Roh Moo-hyun government" through the leader's Korean-name keys
    (attribute ``government_of``); "부시 행정부" = "the Bush administration" by sound and the
    translated 행정부; another leader's government stays apart."""
    (ko,) = ingest(nx_store, no_companies, "노무현 정부는 밝혔다.", [("노무현 정부", ORG, {"government_of": "노무현"})])
    (en,) = ingest(
        nx_store,
        no_companies,
        "The Roh Moo-hyun government said.",
        [("Roh Moo-hyun government", ORG, {"government_of": "Roh Moo-hyun"})],
    )
    assert ko == en
    (other,) = ingest(
        nx_store,
        no_companies,
        "The Lee Myung-bak government said.",
        [("Lee Myung-bak government", ORG, {"government_of": "Lee Myung-bak"})],
    )
    assert other != ko
    (bush_ko,) = ingest(
        nx_store, no_companies, "부시 행정부는 밝혔다.", [("부시 행정부", ORG, {"government_of": "부시"})]
    )
    (bush_en,) = ingest(
        nx_store,
        no_companies,
        "The Bush administration said.",
        [("Bush administration", ORG, {"government_of": "Bush"})],
    )
    assert bush_ko == bush_en != ko


def test_a_party_word_meets_the_korean_party(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    """The English extractor files "Democrat" under its ``full_name`` "Democratic Party"."""
    party: dict[str, AttrValue] = {"party_of": "Democratic Party", "full_name": "Democratic Party"}
    (en,) = ingest(nx_store, resolver, "A leading Democrat said.", [("Democrat", ORG, party)])
    (ko,) = ingest(nx_store, resolver, "민주당은 밝혔다.", [("민주당", ORG)])
    assert en == ko


def test_same_name_people_at_different_companies_stay_apart(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    first = ingest(
        nx_store,
        resolver,
        "Hanul Tech CEO Kim Do-yun said.",
        [("Hanul Tech", C), ("Kim Do-yun", P)],
        [(1, 0, RelationType.CEO_OF)],
    )
    other = ingest(
        nx_store,
        resolver,
        "Daon Foods CEO Kim Do-yun said.",
        [("Daon Foods", C), ("Kim Do-yun", P)],
        [(1, 0, RelationType.CEO_OF)],
    )
    assert other[1] != first[1]
    again = ingest(nx_store, resolver, "한울테크 김도윤 대표가 말했다.", [("한울테크", C), ("김도윤", P)])
    assert again == first
    reasons = {r.reason for r in nx_store.merges_of(first[1])}
    assert "context" in reasons
    # no organisation in the sentence: nothing contradicts, the name decides
    (plain,) = ingest(nx_store, resolver, "Kim Do-yun spoke.", [("Kim Do-yun", P)])
    assert plain in (first[1], other[1])


def test_a_country_a_person_serves_does_not_split_them_from_a_sentence_naming_a_body(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    """Issue 17: with relations found, a minister is known to work for a country (a place); the
    sentence side of the guard holds only organisations, so the two never meet and the place
    must not count as a contradicting affiliation."""
    first = ingest(
        nx_store,
        resolver,
        "Zorbian Foreign Minister Tavi Olenko said.",
        [("Zorbia", L), ("Tavi Olenko", P)],
        [(1, 0, RelationType.WORKS_FOR)],
    )
    later = ingest(
        nx_store,
        resolver,
        "Tavi Olenko met the head of Hanul Tech.",
        [("Tavi Olenko", P), ("Hanul Tech", C)],
    )
    assert later[0] == first[1]


def test_affiliations_known_only_in_the_other_language_do_not_split(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # the organisations did not merge (nothing links Zorblax and 한빛산업), which says nothing
    # about the person: only an affiliation named in the mention's own script can contradict
    en = ingest(
        nx_store,
        no_companies,
        "Zorblax CEO Megan Fox said.",
        [("Zorblax", C), ("Megan Fox", P)],
        [(1, 0, RelationType.CEO_OF)],
    )
    ko = ingest(
        nx_store,
        no_companies,
        "한빛산업 메간 폭스 대표가 말했다.",
        [("한빛산업", C), ("메간 폭스", P)],
        [(1, 0, RelationType.CEO_OF)],
    )
    assert ko[0] != en[0] and ko[1] == en[1]


def test_within_document_links_from_the_extractor(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    ids = ingest(
        nx_store,
        no_companies,
        "Hanbit Marine Logistics (HML) said. Hanbit said too.",
        [
            ("Hanbit Marine Logistics", C),
            ("HML", C, {"alias_of": 0}),
            ("Hanbit", C, {"full_name": "Hanbit Marine Logistics"}),
        ],
    )
    assert len(set(ids)) == 1


def test_places_resolve_with_and_without_administrative_suffixes(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    a = ingest(
        nx_store,
        resolver,
        "Busan and Gyeonggi-do and Geumcheon-gu",
        [("Busan", L), ("Gyeonggi-do", L), ("Geumcheon-gu", L)],
    )
    b = ingest(
        nx_store,
        resolver,
        "부산광역시와 경기도와 금천구와 금정구",
        [("부산광역시", L), ("경기도", L), ("금천구", L), ("금정구", L)],
    )
    assert b[:3] == a
    assert b[3] not in a  # Geumjeong-gu sounds like Geumcheon-gu but is another district


def test_mistyped_country_joins_the_dictionary_place(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # "포르투갈 관계자는 ..." read as a person, "Portugal" in an English sentence as a place
    (en,) = ingest(nx_store, no_companies, "An official in Portugal said so.", [("Portugal", L)])
    (ko_person,) = ingest(nx_store, no_companies, "포르투갈 관계자는 밝혔다.", [("포르투갈", P)])
    (ko_company,) = ingest(nx_store, no_companies, "포르투갈은 밝혔다.", [("포르투갈", C)])
    assert ko_person == en and ko_company == en
    entity = nx_store.get_entity(en)
    assert entity is not None and entity.type is L
    # a Latin "person" named like a country stays a person (Jordan, Georgia)
    (country,) = ingest(nx_store, no_companies, "칠레는 밝혔다.", [("칠레", L)])
    (person,) = ingest(nx_store, no_companies, "Chile said so.", [("Chile", P)])
    assert person != country
    # a company whose name merely contains a country name is not retyped
    (firm,) = ingest(nx_store, no_companies, "포르투갈무역은 밝혔다.", [("포르투갈무역", C)])
    assert firm != en


def test_mistyped_district_joins_the_stored_place(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (en,) = ingest(nx_store, no_companies, "An official at Seocho-gu said so.", [("Seocho-gu", L)])
    (ko,) = ingest(nx_store, no_companies, "서초구 관계자는 밝혔다.", [("서초구", P)])
    assert ko == en
    # no stored place to join: the mention keeps its own type
    (other,) = ingest(nx_store, no_companies, "김영구는 밝혔다.", [("김영구", P)])
    entity = nx_store.get_entity(other)
    assert other != en and entity is not None and entity.type is P


def test_korean_place_with_its_container_meets_the_place(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # "캐나다 토론토" (Toronto, Canada) and "콜로라도 주 볼더" (Boulder, Colorado) are the city
    toronto, boulder = ingest(nx_store, no_companies, "Toronto and Boulder", [("Toronto", L), ("Boulder", L)])
    (ko_toronto,) = ingest(nx_store, no_companies, "캐나다 토론토에서 열렸다.", [("캐나다 토론토", L)])
    (ko_boulder,) = ingest(nx_store, no_companies, "콜로라도 주 볼더에서 열렸다.", [("콜로라도 주 볼더", L)])
    assert (ko_toronto, ko_boulder) == (toronto, boulder)
    # a name whose last word is generic keeps all its words
    assert innermost_place(no_companies.dictionary, "남아프리카 공화국") == "남아프리카 공화국"
    assert innermost_place(no_companies.dictionary, "인도 서부 아흐메다바드") == "아흐메다바드"
    # Korean 흐 before a consonant writes an h English does not sound
    (ahmedabad,) = ingest(nx_store, no_companies, "Blasts hit Ahmedabad.", [("Ahmedabad", L)])
    (ko_ahmedabad,) = ingest(nx_store, no_companies, "인도 서부 아흐메다바드에서", [("인도 서부 아흐메다바드", L)])
    assert ko_ahmedabad == ahmedabad


def test_name_parts_translate_public_institutions(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # 대영 (大英) British, 도서관 Library, 박물관 Museum (name_parts.tsv)
    library, museum = ingest(
        nx_store,
        no_companies,
        "The British Library and the British Museum",
        [("British Library", ORG), ("British Museum", ORG)],
    )
    ko_library, ko_museum = ingest(
        nx_store, no_companies, "대영도서관과 대영박물관", [("대영도서관", C), ("대영박물관", ORG)]
    )
    assert (ko_library, ko_museum) == (library, museum)
    # 상업 Mercantile, 거래소 Exchange
    (nymex,) = ingest(nx_store, no_companies, "New York Mercantile Exchange", [("New York Mercantile Exchange", C)])
    (ko_nymex,) = ingest(nx_store, no_companies, "뉴욕상업거래소는", [("뉴욕상업거래소", C)])
    assert ko_nymex == nymex


def test_world_cities_from_geonames(nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver) -> None:
    # GeoNames' Korean names (places_geonames.tsv): the city under any of its spellings
    (en,) = ingest(nx_store, no_companies, "Blasts rocked Bangalore.", [("Bangalore", L)])
    (ko,) = ingest(nx_store, no_companies, "방갈로르에서 폭발이 일어났다.", [("방갈로르", L)])
    (other,) = ingest(nx_store, no_companies, "벵갈루루에서", [("벵갈루루", L)])
    assert en == ko == other
    entity = nx_store.get_entity(en)
    assert entity is not None and (entity.name_en, entity.name_ko) == ("Bengaluru", "벵갈루루")
    # a company named like a city stays the company, in either script: the section never
    # retypes a mention
    (nokia_en,) = ingest(nx_store, no_companies, "Nokia said so.", [("Nokia", C)])
    (nokia_ko,) = ingest(nx_store, no_companies, "노키아는 밝혔다.", [("노키아", C)])
    for eid in (nokia_en, nokia_ko):
        firm = nx_store.get_entity(eid)
        assert firm is not None and firm.type is C


@pytest.mark.parametrize(
    ("english", "korean", "type"),
    [
        ("Hideo Nomo", "노모 히데오", P),  # Japanese names: family name first in Korean
        ("Shoji Nakajima", "나카지마 쇼지", P),
        ("Joel Schumacher", "조엘 슈마허", P),  # German ch after a vowel is ㅎ
        ("Frank-Walter Steinmeier", "프랑크 발터 슈타인마이어", P),  # ... and w is ㅂ
        ("Michel Suleiman", "미셸 술레이만", P),  # French ch is ㅅ
        ("Chuck Hagel", "척 하겔", P),  # a Korean name read word by word: no k-h of 척하
        ("Bashren", "바쉬렌", P),  # 쉬 before a consonant is sh
        ("Benazir Bhutto", "베나지르 부토", P),  # h after a word-initial b is silent
        ("New York Times", "뉴욕타임즈", C),  # a final voiced s written 즈
        ("Liz Rosenberg", "리즈 로젠버그", P),  # an s between vowels is ㅈ
        ("Michael Mann", "마이클 만", P),  # Greek ch is k
        ("Rajasthan", "라자스탄주", L),  # th inside a word is t; 주 (state) is left off
        ("Gotham", "고담", L),
        ("Valdez Island", "발데즈 섬", L),  # a final -ez written 즈; 섬 = Island
        ("Oregon", "오레곤州", L),  # the administrative suffix in Hanja
        ("Benedict XVI", "베네딕토 16세", P),  # regnal numbers
        ("John Paul II", "존 폴 2세", P),
    ],
)
def test_foreign_readings_of_latin_names(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver, english: str, korean: str, type: EntityType
) -> None:
    (en,) = ingest(nx_store, no_companies, f"{english} was there.", [(english, type)])
    (ko,) = ingest(nx_store, no_companies, f"{korean}에 있었다.", [(korean, type)])
    assert en == ko
    (record,) = [r for r in nx_store.merges_of(en) if r.alias == korean]
    assert record.reason == "transliteration"


def test_other_orders_and_readings_stay_guarded(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # the reversed order is a person's reading only: a place "Nomo Hideo" is no Hideo Nomo
    (place,) = ingest(nx_store, no_companies, "Hideo Nomo was there.", [("Hideo Nomo", L)])
    (person,) = ingest(nx_store, no_companies, "노모 히데오가 있었다.", [("노모 히데오", P)])
    assert place != person
    # English ch stays 치 for companies (Fitch = 피치), not 히
    (fitch,) = ingest(nx_store, no_companies, "Fitch said.", [("Fitch", C)])
    (fitch_ko,) = ingest(nx_store, no_companies, "피치는 밝혔다.", [("피치", C)])
    assert fitch == fitch_ko


@pytest.mark.parametrize(
    ("english", "korean", "type"),
    [
        ("Fukuda", "후쿠다", P),  # Japanese fu is 후
        ("Uwe Kozelnik", "우베 코젤니크", P),  # German w between vowels is ㅂ
        ("Yahoo", "야후", C),  # one consonant: the vowels decide (yahoo / yahu)
        ("Laura", "로라", P),
        ("St. Kilda", "세인트킬다", L),  # St. = Saint, as Korean writes it
        ("Juan Pablo", "후안 파블로", P),  # Spanish j is ㅎ
        ("Robert Gates", "로버트 게이츠", P),  # a final ts is 츠
        ("Bob Hawke", "밥 호크", P),  # aw is ㅗ
        ("Disney", "디즈니", C),  # s before n is ㅈ
    ],
)
def test_more_readings(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver, english: str, korean: str, type: EntityType
) -> None:
    (en,) = ingest(nx_store, no_companies, f"{english} was there.", [(english, type)])
    (ko,) = ingest(nx_store, no_companies, f"{korean}에 있었다.", [(korean, type)])
    assert en == ko


def test_an_acronym_is_no_competing_name(nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver) -> None:
    """뉴욕상업거래소(NYMEX) gives the entity a Latin acronym; the English name by
    transliteration still joins it (an acronym is no other spelling of the name)."""
    ko = ingest(
        nx_store,
        no_companies,
        "뉴욕상업거래소(NYMEX)에서 거래됐다.",
        [("뉴욕상업거래소", C), ("NYMEX", C, {"alias_of": 0})],
    )
    assert ko[0] == ko[1]
    (en,) = ingest(
        nx_store, no_companies, "It fell on the New York Mercantile Exchange.", [("New York Mercantile Exchange", C)]
    )
    assert en == ko[0]


def test_one_consonant_names_need_their_vowels(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (yahoo,) = ingest(nx_store, no_companies, "Yahoo said.", [("Yahoo", C)])
    (other,) = ingest(nx_store, no_companies, "야히는 밝혔다.", [("야히", C)])  # yahi: another vowel
    assert yahoo != other


MODEL_EN: dict[str, AttrValue] = {"source": "ner"}
MODEL_KO: dict[str, AttrValue] = {"source": "model"}
TITLED_KO: dict[str, AttrValue] = {"typed_by": "title"}
LEXICON_KO: dict[str, AttrValue] = {"source": "lexicon"}
GAZETTEER_EN: dict[str, AttrValue] = {"source": "gazetteer"}


def test_a_type_only_a_model_gave_yields_to_the_other_language(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """spaCy reads the one-word surname "Federer" as an organisation; the Korean side says
    페더러 is a person (a title, the CRF): the English mention joins the person."""
    (ko,) = ingest(nx_store, no_companies, "페더러 선수는 말했다.", [("페더러", P, TITLED_KO)])
    (en,) = ingest(nx_store, no_companies, "Federer won.", [("Federer", C, MODEL_EN)], confidences={"Federer": 0.75})
    assert en == ko
    person = nx_store.get_entity(ko)
    assert person is not None and person.type is P
    (record,) = [r for r in nx_store.merges_of(ko) if r.alias == "Federer"]
    assert record.reason == "transliteration"
    # and the other way round: the Korean CRF's person 페니매 is the company Fannie Mae
    (firm,) = ingest(nx_store, no_companies, "Fannie Mae said.", [("Fannie Mae", C, GAZETTEER_EN)])
    (ko_firm,) = ingest(nx_store, no_companies, "페니매는 밝혔다.", [("페니매", P, MODEL_KO)])
    assert firm == ko_firm


def test_a_type_with_evidence_behind_it_is_kept(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (person,) = ingest(nx_store, no_companies, "닐슨 씨는 말했다.", [("닐슨", P, TITLED_KO)])
    # a gazetteer or rule typed it: no retyping
    (firm,) = ingest(nx_store, no_companies, "Nielsen said.", [("Nielsen", C, GAZETTEER_EN)])
    assert firm != person
    # within one script a person and a company of one name stay apart, however typed
    (ford,) = ingest(nx_store, no_companies, "Ford said.", [("Ford", P, TITLED_KO)])
    (ford_co,) = ingest(nx_store, no_companies, "Ford rose.", [("Ford", C, MODEL_EN)], confidences={"Ford": 0.75})
    assert ford != ford_co


def test_an_entity_typed_by_a_model_alone_takes_the_other_languages_name(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """The other way round: "Federer" came first, read by spaCy alone as an organisation;
    페더러 with a title joins it and corrects its type. An entity a gazetteer typed, or whose
    type a later mention confirmed, takes no such name."""
    (en,) = ingest(nx_store, no_companies, "Federer won.", [("Federer", C, MODEL_EN)], confidences={"Federer": 0.75})
    entity = nx_store.get_entity(en)
    assert entity is not None and entity.attributes.get("type_from_model") is True
    (ko,) = ingest(nx_store, no_companies, "페더러 선수는 말했다.", [("페더러", P, TITLED_KO)])
    assert ko == en
    # the title settles the type: the entity is a person now, under the id it had
    entity = nx_store.get_entity(en)
    assert entity is not None and entity.type is P
    assert (entity.attributes["type_from_model"], entity.attributes["retyped_from"]) == (False, "Company")
    (again,) = ingest(nx_store, no_companies, "Federer lost.", [("Federer", P)])
    assert again == en
    # typed with evidence: 닐슨 stays a person apart from the company Nielsen
    (firm,) = ingest(nx_store, no_companies, "Nielsen said.", [("Nielsen", C, GAZETTEER_EN)])
    (person,) = ingest(nx_store, no_companies, "닐슨 씨는 말했다.", [("닐슨", P, TITLED_KO)])
    assert firm != person
    # a model's type, confirmed by a gazetteer's mention of the same name, is no longer open
    (mars,) = ingest(nx_store, no_companies, "Marsden fell.", [("Marsden", C, MODEL_EN)], confidences={"Marsden": 0.75})
    (mars_again,) = ingest(nx_store, no_companies, "Marsden rose.", [("Marsden", C, GAZETTEER_EN)])
    assert mars_again == mars
    confirmed = nx_store.get_entity(mars)
    assert confirmed is not None and confirmed.attributes.get("type_from_model") is False
    (ko_mars,) = ingest(nx_store, no_companies, "마스덴 씨는 말했다.", [("마스덴", P, TITLED_KO)])
    assert ko_mars != mars


def test_a_model_typed_mention_takes_a_name_both_languages_gave(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """Within one script a model-typed "Federer" joins the person only when the person is
    named in both languages (Federer = 페더러); a person known by one Latin name (Ford) keeps
    a company of that name apart."""
    (ko,) = ingest(nx_store, no_companies, "페더러 선수는 말했다.", [("페더러", P, TITLED_KO)])
    (en,) = ingest(nx_store, no_companies, "Roger Federer said.", [("Federer", P)])
    assert en == ko
    (firm,) = ingest(nx_store, no_companies, "Federer won.", [("Federer", C, MODEL_EN)], confidences={"Federer": 0.75})
    assert firm == ko


def test_a_model_typed_family_name_is_the_one_person_who_bears_it(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (trump,) = ingest(nx_store, no_companies, "Donald Trump said.", [("Donald Trump", P)])
    (en,) = ingest(nx_store, no_companies, "Trump fixed it up.", [("Trump", C, MODEL_EN)], confidences={"Trump": 0.75})
    assert en == trump
    (record,) = [r for r in nx_store.merges_of(trump) if r.alias == "Trump"]
    assert record.reason == "family_name"
    # with a gazetteer behind it, the company keeps its own node
    (firm,) = ingest(nx_store, no_companies, "Trump rose.", [("Trump", C, GAZETTEER_EN)])
    assert firm != trump


CANDIDATE: dict[str, AttrValue] = {"candidate": True, "source": "candidate"}


def test_a_candidate_word_names_only_an_entity_the_graph_has(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """A candidate (a word no model typed; its type a placeholder) is the stored entity it
    names exactly, by a sure transliteration or as the family name of the one person who
    bears it in its own script, and takes that entity's type; otherwise it is dropped and
    no entity is made. A word that only sounds like a family name of the other script is no
    family name ("Rays" and 라이스 of 콘돌리자 라이스)."""
    (clemens,) = ingest(nx_store, no_companies, "Roger Clemens said.", [("Roger Clemens", P)])
    (seoul,) = ingest(nx_store, no_companies, "서울에서 열렸다.", [("서울", L)])
    (rice,) = ingest(nx_store, no_companies, "콘돌리자 라이스 장관은 말했다.", [("콘돌리자 라이스", P)])
    before = nx_store.stats().entities
    ids = ingest(
        nx_store,
        no_companies,
        "Clemens met fans in Seoul; Rays fans and Huckabee came.",
        [("Clemens", P, CANDIDATE), ("Seoul", P, CANDIDATE), ("Rays", P, CANDIDATE), ("Huckabee", P, CANDIDATE)],
    )
    assert ids == [clemens, seoul, "", ""]
    assert nx_store.stats().entities == before
    seoul_mentions = [m for m in nx_store.mentions_of(seoul) if m.text == "Seoul"]
    assert [m.type for m in seoul_mentions] == [L]
    assert rice not in ids
    (record,) = [r for r in nx_store.merges_of(clemens) if r.alias == "Clemens"]
    assert record.reason == "family_name"


def test_a_model_typed_name_of_a_world_city_is_the_city(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """The dictionary's world cities take a mention whose type only a model gave: 세인트루이스
    read as a company, "New Orleans" read as a person; not a one-word person (링컨 is
    Lincoln the president before Lincoln, Nebraska) and not a type with evidence behind it."""
    (city,) = ingest(nx_store, no_companies, "St. Louis was hot.", [("St. Louis", L, GAZETTEER_EN)])
    (ko,) = ingest(nx_store, no_companies, "세인트루이스는 밝혔다.", [("세인트루이스", C, MODEL_KO)])
    assert ko == city
    (orleans,) = ingest(
        nx_store, no_companies, "New Orleans said.", [("New Orleans", P, MODEL_EN)], confidences={"New Orleans": 0.75}
    )
    orleans_entity = nx_store.get_entity(orleans)
    assert orleans_entity is not None and orleans_entity.type is L
    (lincoln,) = ingest(nx_store, no_companies, "링컨은 말했다.", [("링컨", P, MODEL_KO)])
    lincoln_entity = nx_store.get_entity(lincoln)
    assert lincoln_entity is not None and lincoln_entity.type is P
    (firm,) = ingest(nx_store, no_companies, "콜럼버스는 밝혔다.", [("콜럼버스", C, LEXICON_KO)])
    firm_entity = nx_store.get_entity(firm)
    assert firm_entity is not None and firm_entity.type is C


def test_a_model_typed_place_the_dictionary_knows_as_a_body_is_the_body(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    (house,) = ingest(
        nx_store, resolver, "The White House said.", [("White House", L, MODEL_EN)], confidences={"White House": 0.75}
    )
    (ko,) = ingest(nx_store, resolver, "백악관은 밝혔다.", [("백악관", ORG)])
    assert house == ko
    entity = nx_store.get_entity(house)
    assert entity is not None and entity.type is ORG
    # with a rule or gazetteer behind it, a place stays a place
    (place,) = ingest(nx_store, resolver, "We met at the White House.", [("White House", L, GAZETTEER_EN)])
    assert place != house


def test_latin_spellings_of_one_foreign_name_meet(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    """The one-name-per-script guard lets a Latin spelling variant through (Dmitry / Dimitry
    Medvedev: one letter, the same sound); Danielle is not Daniel."""
    (ko,) = ingest(nx_store, no_companies, "드미트리 메드베데프 대통령은 말했다.", [("드미트리 메드베데프", P)])
    (first,) = ingest(nx_store, no_companies, "Dimitry Medvedev said.", [("Dimitry Medvedev", P)])
    (second,) = ingest(nx_store, no_companies, "Dmitry Medvedev said.", [("Dmitry Medvedev", P)])
    assert ko == first == second
    (daniel,) = ingest(nx_store, no_companies, "다니엘 오르테가 대통령은 말했다.", [("다니엘 오르테가", P)])
    (en,) = ingest(nx_store, no_companies, "Daniel Ortega said.", [("Daniel Ortega", P)])
    (other,) = ingest(nx_store, no_companies, "Danielle Ortega said.", [("Danielle Ortega", P)])
    assert daniel == en != other


def test_a_middle_initial_is_no_other_name(nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver) -> None:
    (w,) = ingest(nx_store, no_companies, "George W. Bush said.", [("George W. Bush", P)])
    (ko,) = ingest(nx_store, no_companies, "조지 부시 대통령은 말했다.", [("조지 부시", P)])
    (ko_w,) = ingest(nx_store, no_companies, "조지 W. 부시 대통령은 말했다.", [("조지 W. 부시", P)])
    (plain,) = ingest(nx_store, no_companies, "George Bush said.", [("George Bush", P)])
    assert w == ko == ko_w == plain
    # another given name is another person
    (laura,) = ingest(nx_store, no_companies, "Laura Bush said.", [("Laura Bush", P)])
    assert laura != w


def test_older_names_of_countries(nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver) -> None:
    (ko,) = ingest(nx_store, no_companies, "그루지야 군이 공격했다.", [("그루지야", L)])
    (en,) = ingest(nx_store, no_companies, "Georgia said.", [("Georgia", L)])
    assert ko == en == entity_id_for(L, "country:GE")


def test_a_family_name_alone_is_the_one_person_who_bears_it(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    (angela,) = ingest(nx_store, no_companies, "Angela Merkel arrived.", [("Angela Merkel", P)])
    (merkel,) = ingest(nx_store, no_companies, "Merkel said.", [("Merkel", P)])
    (ko,) = ingest(nx_store, no_companies, "메르켈은 말했다.", [("메르켈", P)])
    assert angela == merkel == ko
    (record,) = [r for r in nx_store.merges_of(angela) if r.alias == "Merkel"]
    assert record.reason == "family_name"
    # two people bear it: neither
    ingest(nx_store, no_companies, "Bill Clinton arrived.", [("Bill Clinton", P)])
    ingest(nx_store, no_companies, "Hillary Clinton arrived.", [("Hillary Clinton", P)])
    (clinton,) = ingest(nx_store, no_companies, "Clinton said.", [("Clinton", P)])
    assert clinton not in (entity_id_for(P, "bill clinton"), entity_id_for(P, "hillary clinton"))
    assert nx_store.get_entity(clinton) is not None
    assert [e.name for e in nx_store.iter_entities() if "Clinton" in e.name].count("Clinton") == 1
    # a Korean surname alone is no family name to join by: too many bear it
    (lee_full,) = ingest(nx_store, no_companies, "Angela Lee arrived.", [("Angela Lee", P)])
    (lee,) = ingest(nx_store, no_companies, "Lee said.", [("Lee", P)])
    assert lee != lee_full


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("South Pacific", "남태평양"),
        ("East Germany", "동독"),
        ("West Africa", "서아프리카"),
        ("German Embassy", "독일 대사관"),
        ("Embassy of Japan", "일본대사관"),
        ("U.S. Embassy", "주한 미국 대사관"),
        ("British consulate", "영국 영사관"),
    ],
)
def test_compass_words_and_missions_translate_word_by_word(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver, english: str, korean: str
) -> None:
    """A compass word or a country's mission before a place the dictionary knows: the same
    key in both languages (``south|region-pacific``, ``embassy|country:DE``)."""
    (en,) = ingest(nx_store, no_companies, f"{english} was there.", [(english, L)])
    (ko,) = ingest(nx_store, no_companies, f"{korean}에 있었다.", [(korean, L)])
    assert en == ko
    (record,) = [r for r in nx_store.merges_of(en) if r.alias == korean]
    assert record.reason == "translation"
    # never the place itself, nor another direction or another country's mission
    (pacific,) = ingest(nx_store, no_companies, "태평양", [("태평양", L)])
    (north,) = ingest(nx_store, no_companies, "North Pacific", [("North Pacific", L)])
    (french,) = ingest(nx_store, no_companies, "French Embassy", [("French Embassy", L)])
    assert en not in (pacific, north, french)
    assert pacific != north


def test_one_syllable_country_names_meet_only_themselves(
    nx_store: NetworkXGraphStore, no_companies: CrossLingualResolver
) -> None:
    # 남 and 한 (남북, 한미) are South Korea, 북 North Korea; a district whose stem is that
    # syllable (남구, Nam-gu) is not the country, whichever comes first
    (nam_gu,) = ingest(nx_store, no_companies, "An official at Nam-gu said so.", [("Nam-gu", L)])
    nam, north = ingest(nx_store, no_companies, "남북 정상회담", [("남", L), ("북", L)])
    (korea,) = ingest(nx_store, no_companies, "한국은 밝혔다.", [("한국", L)])
    (han,) = ingest(nx_store, no_companies, "한미 동맹", [("한", L)])
    (ko_nam_gu,) = ingest(nx_store, no_companies, "남구 관계자는 밝혔다.", [("남구", L)])
    assert nam == korea == han
    assert north != korea
    assert nam_gu not in (korea, north) and ko_nam_gu not in (korea, north)


def test_merges_are_recorded_with_reason_and_score(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    (a,) = ingest(nx_store, resolver, "Naver said.", [("Naver", C)])
    ingest(nx_store, resolver, "네이버가 밝혔다.", [("네이버", C)])
    records = nx_store.merges_of(a)
    assert [(r.alias, r.reason) for r in records] == [("Naver", "dictionary"), ("네이버", "dictionary")]
    assert all(r.score == 1.0 and r.document_id for r in records)
    # the same surface again adds no new record
    ingest(nx_store, resolver, "네이버는 또 밝혔다.", [("네이버", C)])
    assert len(nx_store.merges_of(a)) == 2


# -- search and cost ------------------------------------------------------------------------------


def test_search_finds_entities_in_either_script(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    (park,) = ingest(nx_store, resolver, "Park Jung-ho said.", [("Park Jung-ho", P)])
    (seoul,) = ingest(nx_store, resolver, "서울에서", [("서울", L)])
    (kim,) = ingest(nx_store, resolver, "Kim Ha-neul said.", [("Kim Ha-neul", P)])  # not in any dictionary
    assert nx_store.search_entities("박정호")[0][0] == park
    assert nx_store.search_entities("Park Jung-ho")[0][0] == park
    assert nx_store.search_entities("Seoul")[0][0] == seoul
    assert nx_store.search_entities("서울")[0][0] == seoul
    assert nx_store.search_entities("김하늘")[0][0] == kim


def test_search_keys() -> None:
    keys = search_keys("박정호")
    assert "Park Jung-ho" in keys and "park jeong-ho" in keys
    assert "United States" in search_keys("미국")
    assert "seoul" in search_keys("서울")
    assert search_keys("  ") == []


class CountingStore(NetworkXGraphStore):
    """The real store, counting candidate lookups."""

    calls = 0
    keys_asked = 0

    def find_by_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        CountingStore.calls += 1
        CountingStore.keys_asked += len(keys)
        return super().find_by_keys(keys)


def test_one_blocking_lookup_per_document(tmp_path: Path, resolver: CrossLingualResolver) -> None:
    store = CountingStore(tmp_path)
    CountingStore.calls = 0
    spans: list[Span] = [("Amazon", C), ("Coupang", C), ("Seoul", L), ("Park Jung-ho", P), ("Hanul Tech", C)]
    ingest(store, resolver, "Amazon, Coupang, Seoul, Park Jung-ho and Hanul Tech.", spans)
    assert CountingStore.calls == 1
    assert CountingStore.keys_asked < 200


def test_blocking_keys_are_typed_by_group() -> None:
    assert all(k.startswith("O|") for k in blocking_keys("Amazon", C))
    assert all(k.startswith(("P|",)) for k in blocking_keys("박정호", P))
    assert "P|k|박|2|JNGH" in blocking_keys("박정호", P)


def test_user_dictionary_is_used(tmp_path: Path) -> None:
    csv_file = tmp_path / "register.csv"
    csv_file.write_text("ko,en,type\n한빛해양,Hanvit Maritime,Company\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    assert import_user_file(csv_file, settings.data_dir) == 1
    assert import_user_file(csv_file, settings.data_dir) == 0  # idempotent
    resolver = default_resolver(settings)
    store = NetworkXGraphStore(settings.data_dir)
    (a,) = ingest(store, resolver, "Hanvit Maritime said.", [("Hanvit Maritime", C)])
    (b,) = ingest(store, resolver, "한빛해양이 밝혔다.", [("한빛해양", C)])
    assert a == b
    assert nx_merges(store, a) == ["dictionary", "dictionary"]


def nx_merges(store: NetworkXGraphStore, entity_id: str) -> list[str]:
    return [r.reason for r in store.merges_of(entity_id)]


def test_exact_name_resolver_still_works(nx_store: NetworkXGraphStore) -> None:
    ids = ingest(nx_store, ExactNameResolver(), "Amazon and Amazon", [("Amazon", C), ("Amazon", C)])
    assert ids[0] == ids[1]


def test_names_official_from_dictionary_else_most_frequent(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    (a,) = ingest(nx_store, resolver, "미국 발표", [("미국", L)])
    entity = nx_store.get_entity(a)
    assert entity is not None and (entity.name, entity.name_en, entity.name_ko) == (
        "United States",
        "United States",
        "미국",
    )
    for i, form in enumerate(["Min-jae Kim", "Kim Min-jae", "Kim Min-jae", "김민재"]):
        (b,) = ingest(nx_store, resolver, f"{form} said ({i}).", [(form, P)])
    person = nx_store.get_entity(b)
    assert person is not None
    assert (person.name_en, person.name_ko) == ("Kim Min-jae", "김민재")  # the most frequent English form


def test_legal_form_fragments_never_gather(nx_store: NetworkXGraphStore, resolver: CrossLingualResolver) -> None:
    # an extractor split "KENERTEC CO., LTD" into "KENERTEC CO" and "LTD"
    a = ingest(nx_store, resolver, "KENERTEC CO., LTD said.", [("KENERTEC CO", C), ("LTD", C)])
    b = ingest(nx_store, resolver, "NEPRO IT CO., LTD said.", [("NEPRO IT", C), ("LTD", C)])
    assert a[1] != b[1] and a[0] != b[0]
    assert a[0] == ingest(nx_store, resolver, "Kenertec Co. grew.", [("Kenertec Co.", C)])[0]


def test_a_company_named_after_a_place_stays_a_company(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    """A mistyped "Nowon-gu" is taken as the district the dictionary knows, but a name with a
    corporate form ("SeoSan Co., Ltd.") is a company named after the city of 서산, not the city."""
    (company,) = ingest(nx_store, resolver, "SeoSan Co., Ltd. said so.", [("SeoSan Co., Ltd.", C)])
    (city,) = ingest(nx_store, resolver, "It rained in Seosan.", [("Seosan", L)])
    assert company != city
    entity = nx_store.get_entity(company)
    assert entity is not None and entity.type is C


def test_romanised_places_meet_letter_for_letter_only(
    nx_store: NetworkXGraphStore, resolver: CrossLingualResolver
) -> None:
    """곡성군 (Gokseong-gun) is in the dictionary, 고성군 (Goseong-gun, a name two counties share)
    is not: "Goseong-gun" sounds like Gokseong but is spelt otherwise, so it is a place of its own
    and meets 고성군 letter for letter."""
    (gokseong,) = ingest(nx_store, resolver, "곡성군 관계자는 밝혔다.", [("곡성군", L)])
    (goseong_en,) = ingest(nx_store, resolver, "An official at Goseong-gun said.", [("Goseong-gun", L)])
    (goseong_ko,) = ingest(nx_store, resolver, "고성군 관계자는 밝혔다.", [("고성군", L)])
    assert goseong_en != gokseong
    assert goseong_en == goseong_ko
