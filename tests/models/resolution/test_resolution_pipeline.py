"""Cross-lingual resolution end to end: the real extractors, the pipeline, the NetworkX store and
the ``kg entities`` / ``kg aliases`` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import Pipeline
from kg.resolve import CrossLingualResolver
from kg.store.networkx import NetworkXGraphStore
from schema.aliases import load_dictionary
from schema.types import Entity, EntityType

pytestmark = pytest.mark.models
ROOT = Path(__file__).resolve().parents[3]
KG = [sys.executable, "-m", "kg"]


def run_kg(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KG, *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def one(store: NetworkXGraphStore, name: str, type: EntityType | None = None) -> Entity:
    """The entity carrying ``name``; fails when there is none or several."""
    found = [e for e in store.get_entities(store.find_by_name(name)) if e is not None]
    if type is not None:
        found = [e for e in found if e.type is type]
    assert len(found) == 1, f"{name!r}: {[(e.id, e.type.value, e.name) for e in found]}"
    return found[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Settings, NetworkXGraphStore]:
    data_dir = tmp_path_factory.mktemp("resolution")
    settings = Settings(data_dir=data_dir)
    store = NetworkXGraphStore(data_dir)
    pipeline = Pipeline(settings, store)
    summary = pipeline.ingest_paths(sorted(seeds_dir.glob("*.txt")))
    assert summary.documents == 3 and not summary.failed
    store.commit()
    return settings, store


def test_pipeline_uses_the_cross_lingual_resolver(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    settings, store = seeded
    assert isinstance(Pipeline(settings, store).resolver, CrossLingualResolver)


@pytest.mark.parametrize(
    ("english", "korean"),
    [("Amazon", "아마존"), ("United States", "미국"), ("Korea", "한국")],
)
def test_seed_entities_are_one_node_in_both_languages(
    seeded: tuple[Settings, NetworkXGraphStore], english: str, korean: str
) -> None:
    _, store = seeded
    a = store.find_by_name(english)
    b = store.find_by_name(korean)
    assert a and set(a) == set(b)
    entity = store.get_entity(a[0])
    assert entity is not None and entity.name_en and entity.name_ko
    # both languages actually mention it: the merge joined English and Korean text
    languages = {m.language for m in store.mentions_of(entity.id)}
    assert languages == {"en", "ko"}, (english, languages)


def test_korea_is_one_node(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    _, store = seeded
    ids = {eid for name in ("Korea", "South Korea", "한국", "대한민국") for eid in store.find_by_name(name)}
    assert len(ids) == 1


def test_subsidiary_mentions_never_land_on_the_parent(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    _, store = seeded
    for parent, subsidiary in (("Google", "Google Korea"), ("Amazon", "Amazon Korea"), ("Amazon", "이마트")):
        texts = {m.text for m in store.mentions_of(one(store, parent).id)}
        assert subsidiary not in texts


def test_subsidiaries_are_their_own_nodes(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    _, store = seeded
    amazon = one(store, "Amazon")
    for subsidiary in ("Amazon Korea", "이베이코리아"):
        ids = store.find_by_name(subsidiary)
        assert amazon.id not in ids
    ebay_ids = set(store.find_by_name("eBay"))
    assert not ebay_ids & set(store.find_by_name("이베이코리아"))


def test_search_in_either_script(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    _, store = seeded
    for a, b in (("박정호", "Park Jung-ho"), ("서울", "Seoul"), ("아마존", "Amazon")):
        assert store.search_entities(a)[0][0] == store.search_entities(b)[0][0]


def test_merges_carry_reasons(seeded: tuple[Settings, NetworkXGraphStore]) -> None:
    _, store = seeded
    amazon = one(store, "Amazon")
    reasons = {r.alias: r.reason for r in store.merges_of(amazon.id)}
    assert reasons.get("아마존") == "dictionary"


def test_cli_show_merge_split(tmp_path: Path, seeds_dir: Path) -> None:
    data_dir = tmp_path / "data"
    ingest = run_kg("ingest", str(seeds_dir), data_dir=data_dir)
    assert ingest.returncode == 0, ingest.stderr
    shown = run_kg("entities", "show", "아마존", "--json", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    amazon = json.loads(shown.stdout)
    assert amazon["name_en"] == "Amazon" and amazon["name_ko"] == "아마존"
    assert any(m["reason"] == "dictionary" for m in amazon["merges"])

    # merge Amazon Korea into Amazon by hand, then undo it with split
    korea = json.loads(run_kg("entities", "show", "Amazon Korea", "--json", data_dir=data_dir).stdout)
    merged = run_kg("entities", "merge", amazon["id"], korea["id"], data_dir=data_dir)
    assert merged.returncode == 0, merged.stderr
    after = json.loads(run_kg("entities", "show", amazon["id"], "--json", data_dir=data_dir).stdout)
    assert "Amazon Korea" in after["aliases"]
    assert after["merges"][-1]["reason"] == "manual" and after["merges"][-1]["other_entity_id"] == korea["id"]
    assert after["mention_count"] == amazon["mention_count"] + korea["mention_count"]

    split = run_kg("entities", "split", amazon["id"], "Amazon Korea", data_dir=data_dir)
    assert split.returncode == 0, split.stderr
    restored = json.loads(run_kg("entities", "show", amazon["id"], "--json", data_dir=data_dir).stdout)
    assert restored["mention_count"] == amazon["mention_count"]
    assert "Amazon Korea" not in restored["aliases"]
    again = json.loads(run_kg("entities", "show", "Amazon Korea", "--json", data_dir=data_dir).stdout)
    assert again["id"] != amazon["id"] and again["mention_count"] == korea["mention_count"]

    missing = run_kg("entities", "show", "Nonexistent Corp", data_dir=data_dir)
    assert missing.returncode == 2 and "KG300" in missing.stderr


def test_cli_aliases_import_then_ingest(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    register = tmp_path / "register.tsv"
    register.write_text("ko\ten\ttype\n가온누리로보틱스\tGaonnuri Robotics\tCompany\n", encoding="utf-8")
    imported = run_kg("aliases", "import", str(register), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(run_kg("aliases", "list", "--section", "user", "--json", data_dir=data_dir).stdout)
    assert [e["en"] for e in listed["entries"]] == ["Gaonnuri Robotics"]

    settings = Settings(data_dir=data_dir)
    store = NetworkXGraphStore(data_dir)
    pipeline = Pipeline(settings, store)
    pipeline.ingest_text("Gaonnuri Robotics signed a deal with Samsung Electronics on Monday.", lang="en")
    pipeline.ingest_text("가온누리로보틱스는 삼성전자와 계약을 맺었다고 월요일 밝혔다.", lang="ko")
    (gaon,) = store.find_by_name("Gaonnuri Robotics")
    entity = store.get_entity(gaon)
    assert entity is not None and entity.name_ko == "가온누리로보틱스"  # the imported entry named it
    assert str(entity.attributes["dictionary_id"]).startswith("user:")
    # the Korean side: whatever the Korean extractor made of it, no second organisation appears
    # (it currently types "X는 ... 밝혔다" as a Person, which the type guard keeps apart)
    orgs = [
        e
        for e in store.get_entities(store.find_by_name("가온누리로보틱스"))
        if e is not None and e.type in (EntityType.COMPANY, EntityType.ORGANIZATION)
    ]
    assert [e.id for e in orgs] == [gaon]
    assert store.search_entities("가온누리로보틱스")[0][0] in {gaon, *store.find_by_name("가온누리로보틱스")}
    samsung = set(store.find_by_name("Samsung Electronics"))
    assert samsung and samsung == set(store.find_by_name("삼성전자"))

    bad = tmp_path / "bad.csv"
    bad.write_text("onlyonecolumn\n", encoding="utf-8")
    failed = run_kg("aliases", "import", str(bad), data_dir=data_dir)
    assert failed.returncode == 2 and "KG100" in failed.stderr


def test_filed_names_and_mistyped_places_through_the_extractors(tmp_path: Path) -> None:
    """Through the real extractors: a filed English company name is one node (no "LTD"
    fragment), and a Korean country name meets its English name whatever type the Korean
    extractor gives it in "<X> 관계자는 ..."."""
    settings = Settings(data_dir=tmp_path)
    store = NetworkXGraphStore(tmp_path)
    pipeline = Pipeline(settings, store)
    en = pipeline.ingest_text(
        "Officials at SEOWON PRECISION CO., LTD. and in Portugal said on Monday that the plan would go ahead.",
        lang="en",
        commit=False,
    )
    ko = pipeline.ingest_text("포르투갈 관계자는 월요일 이같이 밝혔다.", lang="ko", commit=False)
    names = {e.name for e in store.get_entities(en.entity_ids) if e is not None}
    assert "SEOWON PRECISION CO., LTD" in names
    assert not names & {"LTD", "CO", "SEOWON PRECISION CO"}
    portugal = one(store, "Portugal", EntityType.PLACE)
    assert portugal.id in set(ko.entity_ids)


def test_sound_alike_romanised_districts_each_find_their_own(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """고창군 / Gochang-gun and 거창군 / Geochang-gun sound alike; letter for letter each has
    one match, so they do not tie (a tie merges neither) and do not cross."""
    texts = [
        "An official at Gochang-gun said on Monday that the plan would go ahead.",
        "An official at Geochang-gun said on Monday that the plan would go ahead.",
        "고창군 관계자는 이날 계획대로 진행한다고 밝혔다.",
        "거창군 관계자는 이날 계획대로 진행한다고 밝혔다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts, without=("places",))
    assert groups == [["Geochang-gun", "거창군"], ["Gochang-gun", "고창군"]]


def _alias_sets_after(
    settings: Settings, store: NetworkXGraphStore, texts: list[str], without: tuple[str, ...] = ()
) -> list[list[str]]:
    """Every entity's aliases, sorted, after ingesting ``texts`` one document each (``without``:
    dictionary sections to leave out, to exercise transliteration on names the dictionary has)."""
    resolver = CrossLingualResolver(load_dictionary(exclude=without)) if without else None
    pipeline = Pipeline(settings, store=store, resolver=resolver)
    for i, text in enumerate(texts):
        pipeline.ingest_text(text, source=f"text-{i}.txt")
    return sorted(sorted(e.aliases) for e in store.iter_entities())


def test_a_place_with_and_without_its_suffix_is_one_node(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """진도 and 진도군 are one place written with and without 군: the node that already holds
    진도 (and Jindo-gun) takes 진도군 too, while 금천구 and 금정구 (two districts) stay apart."""
    texts = [
        "An official at Jindo-gun said on Monday that the plan would go ahead.",
        "진도 관계자는 월요일 이같이 밝혔다.",
        "진도군 관계자는 월요일 이같이 밝혔다.",
        "금천구 관계자는 월요일 이같이 밝혔다.",
        "금정구 관계자는 월요일 이같이 밝혔다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts, without=("places",))
    assert groups == [["Jindo-gun", "진도", "진도군"], ["금정구"], ["금천구"]]


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("Isle of Man", "맨 섬"),
        ("Réunion", "리유니온"),
        ("Jung-gu", "중구"),
        # Japan's prefectures and China's provinces, Sino-Korean readings too
        ("Miyagi Prefecture", "미야기현"),
        ("Guangdong", "광동성"),
        ("Xinjiang", "신장위구르자치구"),
    ],
)
def test_place_names_news_writes_meet_their_english_names(
    settings: Settings, nx_store: NetworkXGraphStore, en: str, ko: str
) -> None:
    """Korean spellings CLDR's current release lacks (맨 섬, 리유니온), the two-syllable
    districts (중구) and the dictionary's prefectures and provinces reach their English names
    through the Korean extractor."""
    pipeline = Pipeline(settings, store=nx_store)
    e = pipeline.ingest_text(f"An official at {en} said on Monday.", lang="en", commit=False)
    k = pipeline.ingest_text(f"{ko} 관계자는 월요일 이같이 밝혔다.", lang="ko", commit=False)
    assert set(e.entity_ids) & set(k.entity_ids), (e.entity_ids, k.entity_ids)


def test_korean_agencies_meet_their_english_names_and_foreign_namesakes_stay_apart(
    settings: Settings, nx_store: NetworkXGraphStore
) -> None:
    """특허청 and the Korean Intellectual Property Office are one node through the dictionary's
    government section; Britain's "Ministry of Justice" is not Korea's 법무부 (the dictionary
    keeps shared English names out of its aliases)."""
    texts = [
        "The Korean Intellectual Property Office said on Monday that it would review the patent.",
        "특허청은 월요일 특허를 다시 심사하겠다고 밝혔다.",
        "Britain's Ministry of Justice said on Monday that the plan would go ahead.",
        "법무부는 월요일 계획대로 진행한다고 밝혔다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts)
    assert any({"Korean Intellectual Property Office", "특허청"} <= set(g) for g in groups), groups
    assert not any("법무부" in g and "Ministry of Justice" in g for g in groups), groups


@pytest.mark.parametrize("english_first", [True, False])
def test_a_korean_name_meets_the_english_one_through_the_original_the_text_gives(
    settings: Settings, nx_store: NetworkXGraphStore, english_first: bool
) -> None:
    """ "젯 톤 영화사 (Jet Tone Films)": the Korean article writes the original beside the name,
    so the company is one node whichever article came first (no dictionary entry, and
    영화사 / Films sound nothing alike)."""
    texts = [
        "Jet Tone Films released photos of the wedding on Monday.",
        "왕가위의 젯 톤 영화사 (Jet Tone Films)는 결혼 사진을 공개했다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts if english_first else texts[::-1])
    assert ["Jet Tone Films", "젯 톤 영화사"] in groups, groups
    assert not any(g == ["Jet Tone Films"] for g in groups), groups


def test_a_compass_part_of_a_country_is_filed_under_the_country(
    settings: Settings, nx_store: NetworkXGraphStore
) -> None:
    """ "레바논 북동부" (northeastern Lebanon) is one Place mention as written; the resolver
    files it under Lebanon, never under the compass word alone."""
    texts = [
        "Israeli jets struck targets in Lebanon on Monday.",
        "이스라엘군이 레바논 북동부 지역의 근거지를 공격했다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts)
    lebanon = [g for g in groups if "Lebanon" in g]
    assert len(lebanon) == 1 and "레바논 북동부" in lebanon[0], groups
    assert not any(g == ["북동부"] or g == ["레바논 북동부"] for g in groups), groups


def test_slavic_surnames_meet_their_korean_reading(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """Karadzic is 카라지치 and Mladic 믈라디치: dz is ㅈ and a final -ic is 치, an extra reading
    of personal names only."""
    texts = [
        "Radovan Karadzic was arrested on Monday.",
        "라도반 카라지치가 체포됐다.",
        "Ratko Mladic was sentenced on Monday.",
        "라트코 믈라디치가 선고를 받았다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts)
    assert ["Radovan Karadzic", "라도반 카라지치"] in groups, groups
    assert ["Ratko Mladic", "라트코 믈라디치"] in groups, groups


def test_airports_are_their_own_places_and_their_cities_keep_theirs(
    settings: Settings, nx_store: NetworkXGraphStore
) -> None:
    """ "마닐라 국제공항" and "칠레 산티아고 국제공항" are two airports, never one node called
    국제공항; the city each is named after is the city's node (Manila, Santiago)."""
    texts = [
        "The flight returned to Manila on Monday.",
        "항공기는 마닐라 국제공항으로 회항했다.",
        "그는 칠레 산티아고 국제공항에 도착했다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts)
    assert ["마닐라 국제공항"] in groups and ["칠레 산티아고 국제공항"] in groups, groups
    assert any("Manila" in g and "마닐라" in g for g in groups), groups


def test_a_dictionary_body_after_a_place_is_the_body(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """ "서울 외교통상부" is the foreign ministry (in Seoul), which the dictionary knows under its
    former name too: one node with "Ministry of Foreign Affairs and Trade"."""
    texts = [
        "The Ministry of Foreign Affairs and Trade said on Monday that talks would resume.",
        "서울 외교통상부는 이날 회담이 재개된다고 밝혔다.",
    ]
    groups = _alias_sets_after(settings, nx_store, texts)
    assert any({"Ministry of Foreign Affairs and Trade", "서울 외교통상부"} <= set(g) for g in groups), groups


def test_another_countrys_ministry_is_not_koreas(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """ "미 국방부" is the U.S. Department of Defense: a body written after a foreign country is
    not the Korean body of the same name that the dictionary has (국방부)."""
    texts = ["국방부는 이날 훈련 일정을 발표했다.", "미 국방부는 이날 훈련 일정을 발표했다."]
    groups = _alias_sets_after(settings, nx_store, texts)
    assert not any("국방부" in g and "미 국방부" in g for g in groups), groups
