"""End to end with the real models and the real NetworkX store: the seeds, idempotent
re-ingestion, replacement of a changed source, bad input through the CLI, SIGKILL mid-ingest,
the GraphML contract and the ``kg extract --jsonl`` contract."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.config import Settings
from kg.pipeline import Pipeline
from kg.store.networkx import NetworkXGraphStore
from schema.types import EntityType, RelationType

pytestmark = pytest.mark.models
ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]


def run_kg(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [*KG, *args, *extra], cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=300,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested once through the CLI; returns the data directory."""
    data_dir = tmp_path_factory.mktemp("seeded")
    result = run_kg("ingest", "seeds/", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "documents ingested  │ 3" in result.stdout
    return data_dir


def test_seed_graphml_contract(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.graphml"
    result = run_kg("export", "--format", "graphml", "-o", str(out), data_dir=seeded)
    assert result.returncode == 0, result.stderr
    G = nx.read_graphml(out)
    assert G.number_of_nodes() > 10
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert {"Company", "Person", "Place"} <= types <= {t.value for t in EntityType}
    for _, data in G.nodes(data=True):
        assert set(data) >= {"name", "type", "name_en", "name_ko", "aliases", "mention_count"}
        assert isinstance(data["mention_count"], int) and data["mention_count"] >= 1
        assert data["name"] in data["aliases"].split(" | ")
    # named in both languages: at least Amazon / 아마존 is one node
    both = [d for _, d in G.nodes(data=True) if d["name_en"] and d["name_ko"]]
    assert any(d["name_en"] == "Amazon" and d["name_ko"] == "아마존" for d in both), both
    assert G.number_of_edges() > 0
    for _, _, data in G.edges(data=True):
        assert data["type"] in {t.value for t in RelationType}
        assert 0 < data["confidence"] <= 1
        assert data["evidence"] and data["evidence_count"] >= 1
        assert all(doc.startswith("doc:") for doc in data["documents"].split(" | "))


def test_stdout_export_streams_the_same_graph(seeded: Path, tmp_path: Path) -> None:
    result = subprocess.run([*KG, "export", "--data-dir", str(seeded)], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 0
    path = tmp_path / "stdout.graphml"
    path.write_bytes(result.stdout)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == NetworkXGraphStore(seeded).stats().entities


def test_reingest_adds_nothing(seeded: Path) -> None:
    before = NetworkXGraphStore(seeded).stats()
    result = run_kg("ingest", "seeds/", data_dir=seeded)
    assert result.returncode == 0, result.stderr
    assert "documents unchanged │ 3" in result.stdout
    assert NetworkXGraphStore(seeded).stats() == before


def test_changed_source_replaces_its_old_version(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    store = NetworkXGraphStore(settings.data_dir)
    pipeline = Pipeline(settings, store)
    article = tmp_path / "article.txt"
    article.write_text("Samsung Electronics opened a factory in Vietnam. Jeff Bezos visited Seoul.\n")
    first = pipeline.ingest_paths([article])
    assert first.documents == 1
    assert store.find_by_name("Jeff Bezos")
    article.write_text("Samsung Electronics opened a factory in Vietnam.\n")
    second = pipeline.ingest_paths([article])
    assert second.documents == 1 and second.reports[0].replaced == first.reports[0].document_id
    stats = store.stats()
    assert stats.documents == 1
    assert not store.find_by_name("Jeff Bezos")  # only in the old version
    samsung = store.get_entity(store.find_by_name("Samsung Electronics")[0])
    assert samsung is not None and samsung.mention_count == 1


def test_delete_document_removes_only_its_contribution(tmp_path: Path) -> None:
    store = NetworkXGraphStore(tmp_path / "data")
    pipeline = Pipeline(Settings(data_dir=tmp_path / "data"), store)
    a = pipeline.ingest_text("Samsung Electronics opened a factory in Vietnam.", source="a")
    b = pipeline.ingest_text("Samsung Electronics hired Jeff Bezos in Seoul.", source="b")
    samsung_id = store.find_by_name("Samsung Electronics")[0]
    assert store.get_entity(samsung_id).mention_count == 2  # type: ignore[union-attr]
    assert store.delete_document(b.document_id)
    assert store.get_entity(samsung_id).mention_count == 1  # type: ignore[union-attr]
    assert not store.find_by_name("Jeff Bezos")
    assert store.get_document(a.document_id) is not None


def test_bad_files_are_named_and_do_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Amazon opened an office in Seoul.\n")
    (folder / "empty.txt").write_text("  \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "latin1.txt").write_bytes("Caf\xe9 Amazon".encode("latin-1"))
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04")
    result = run_kg("ingest", str(folder), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    assert "documents ingested  │ 2" in result.stdout  # good.txt, and latin1.txt read as Latin-1
    assert "empty.txt" in out and "binary" in out and "latin1.txt" not in out
    assert "table.xlsx" in out
    # a named encoding that does not fit is named with the byte; --errors replace proceeds
    strict = run_kg("ingest", str(folder / "latin1.txt"), "--encoding", "utf-8", data_dir=tmp_path / "data3")
    assert strict.returncode != 0 and "latin1.txt: invalid UTF-8 at byte 3" in strict.stdout + strict.stderr
    ok = run_kg(
        "ingest", str(folder / "latin1.txt"), "--encoding", "utf-8", "--errors", "replace", data_dir=tmp_path / "data4"
    )
    assert ok.returncode == 0 and "documents ingested  │ 1" in ok.stdout
    # nothing ingestible at all: non-zero exit
    (folder / "good.txt").unlink()
    (folder / "latin1.txt").unlink()
    bad = run_kg("ingest", str(folder), data_dir=tmp_path / "data2")
    assert bad.returncode != 0


def test_sigkill_mid_ingest_keeps_the_last_commit_and_resumes_without_duplicates(
    tmp_path: Path, seeds_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(15):  # distinct documents: a numbered line changes each one's hash
        for seed in seeds_dir.iterdir():
            text = seed.read_text(encoding="utf-8")
            (corpus / f"{i:02d}-{seed.name}").write_text(f"Report {i}.\n{text}", encoding="utf-8")
    data_dir = tmp_path / "data"
    env = {**os.environ, "KG_COMMIT_EVERY": "1"}
    proc = subprocess.Popen([*KG, "ingest", str(corpus), "--data-dir", str(data_dir)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 240
    while not _committed(data_dir) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(0.5)
    if proc.poll() is not None:
        pytest.fail("ingest finished before it could be killed; make the corpus larger")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = NetworkXGraphStore(data_dir).stats()  # loadable after the kill
    assert 1 <= partial.documents < 45
    result = run_kg("ingest", str(corpus), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    resumed = NetworkXGraphStore(data_dir).stats()
    # the same corpus ingested in one go into a fresh directory gives the same graph
    fresh_dir = tmp_path / "fresh"
    assert run_kg("ingest", str(corpus), data_dir=fresh_dir).returncode == 0
    fresh = NetworkXGraphStore(fresh_dir).stats()
    assert resumed.documents == fresh.documents == 45
    assert resumed.mentions == fresh.mentions
    assert resumed.entities == fresh.entities and resumed.relations == fresh.relations


def _committed(data_dir: Path) -> int:
    """Documents committed to the data directory's database so far (read-only)."""
    path = data_dir / "graph.sqlite"
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:  # tables not created yet
            return 0


def test_extract_jsonl_contract() -> None:
    items = [
        {"id": "a", "text": "Amazon Korea partnered with SK Telecom in Seoul, said Jeff Bezos."},
        {"id": "b", "text": "11번가와 아마존이 협력한다고 SK텔레콤이 밝혔다.", "lang": "ko"},
        {"id": "c", "text": "   "},
    ]
    stdin = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    result = run_kg("extract", "--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert lines[0]["lang"] == "en" and lines[1]["lang"] == "ko"
    assert lines[2]["entities"] == [] and lines[2]["relations"] == []
    for item, line in zip(items, lines, strict=True):
        for ent in line["entities"]:
            assert item["text"][ent["start"] : ent["end"]] == ent["text"]
            assert ent["type"] in {t.value for t in EntityType}
        for rel in line["relations"]:
            assert 0 <= rel["source"] < len(line["entities"]) and 0 <= rel["target"] < len(line["entities"])
            assert rel["type"] in {t.value for t in RelationType}
            ev = rel["evidence"]
            assert item["text"][ev["start"] : ev["end"]] == ev["text"]
    names = {e["text"] for e in lines[0]["entities"]}
    assert {"SK Telecom", "Jeff Bezos", "Seoul"} <= names


def test_extract_jsonl_handles_thousands_of_lines_in_one_process() -> None:
    n = 2000
    stdin = "".join(
        json.dumps({"id": i, "text": f"Samsung Electronics hired engineer {i} in Busan."}) + "\n" for i in range(n)
    )
    result = run_kg("extract", "--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == n
    assert json.loads(lines[-1])["id"] == str(n - 1)


def test_extract_jsonl_rejects_malformed_lines_clearly() -> None:
    result = run_kg("extract", "--jsonl", stdin='{"id": 1, "text": "Amazon"}\nnot json\n')
    assert result.returncode == 2
    assert "stdin line 2" in result.stderr


def test_alias_links_point_at_the_right_mention_across_paragraphs() -> None:
    """A parenthesised alias in a later paragraph must point at its own name, not at a
    mention of an earlier paragraph (regression: extraction-local indexes were kept)."""
    text = "11번가와 아마존이 손을 잡았다.\n신세계그룹(이마트)이 이베이코리아를 인수했다.\n"
    result = Pipeline(Settings()).extract_text(text)
    links = [(m.text, m.attributes["alias_of"]) for m in result.mentions if "alias_of" in m.attributes]
    assert links, [m.text for m in result.mentions]
    for alias, target in links:
        assert isinstance(target, int)
        assert result.mentions[target].text == "신세계그룹", (alias, result.mentions[target].text)


def test_english_short_forms_are_linked_across_paragraphs() -> None:
    """The extractor reads a document's paragraphs together: "Choi" two paragraphs after
    "Finance Minister Choi Kyung-hwan" is the same person, never a company."""
    text = (
        "Finance Minister Choi Kyung-hwan visited Hangzhou on Wednesday.\n\n"
        "Officials said the visit was short.\n\n"
        "Choi said cooperation with Chinese companies makes sense.\n"
    )
    result = Pipeline(Settings()).extract_text(text, lang="en")
    choi = [m for m in result.mentions if m.text == "Choi"]
    assert choi and all(m.type == EntityType.PERSON for m in choi)
    assert choi[0].attributes.get("full_name") == "Choi Kyung-hwan"


def test_mixed_language_mentions_come_in_document_order() -> None:
    text = "SK텔레콤은 아마존과 협력을 약속했다. Kim Tae-bong, chief executive officer of KTB Solution, said so."
    result = Pipeline(Settings()).extract_text(text)
    starts = [m.start for m in result.mentions]
    assert starts == sorted(starts) and {m.language for m in result.mentions} == {"en", "ko"}
    for s, t, rel, _ in result.relations:  # indexes still point at the right mentions
        assert (result.mentions[s].text, rel.type.value, result.mentions[t].text) in {
            ("SK텔레콤", "PARTNERS_WITH", "아마존"),
            ("Kim Tae-bong", "CEO_OF", "KTB Solution"),
        }
    assert len(result.relations) == 2


def test_nationality_adjectives_land_on_the_country_node(settings: Settings, nx_store: NetworkXGraphStore) -> None:
    """A nationality adjective ("Korean firms") names its country: the adjective is a mention of the country node (and
    one of its aliases), never a node of its own, and never a party to a relation."""
    pipeline = Pipeline(settings, store=nx_store)
    pipeline.ingest_text(
        "South Korea wants more exports. Korean firms and Chinese rivals met in Seoul, "
        "and the African-based Redeemed Christian Church sent observers.",
        source="demonyms.txt",
        lang="en",
    )
    names = {e.name: e for e in nx_store.iter_entities()}
    assert "Korean" not in names and "Chinese" not in names and "African" not in names, sorted(names)
    korea = names["South Korea"]
    assert korea.type == EntityType.PLACE and "Korean" in korea.aliases
    assert "China" in names and "Chinese" in names["China"].aliases
    assert len(nx_store.mentions_of(korea.id)) == 2
    assert not [r for r in nx_store.iter_relations() if r.type == RelationType.HEADQUARTERED_IN]


def test_a_word_no_model_typed_names_an_entity_the_graph_knows(
    settings: Settings, nx_store: NetworkXGraphStore
) -> None:
    """Candidate words ("Clemens" read by spaCy as a common noun, "매케인" untagged by the CRF)
    become mentions, typed by the entity they name, only where the graph already has it;
    other candidates leave no trace."""
    pipeline = Pipeline(settings, store=nx_store)
    pipeline.ingest_text("Roger Clemens testified before Congress.", source="a.txt", lang="en")
    pipeline.ingest_text("존 매케인 상원의원은 말했다.", source="b.txt", lang="ko")
    entities_before = {e.id for e in nx_store.iter_entities()}
    report = pipeline.ingest_text("Clemens denied it.", source="c.txt", lang="en")
    (clemens,) = [e for e in nx_store.iter_entities() if e.name == "Roger Clemens"]
    (mention,) = [m for m in nx_store.mentions_of(clemens.id) if m.document_id == report.document_id]
    assert (mention.text, mention.type, mention.attributes["source"]) == ("Clemens", EntityType.PERSON, "graph")
    ko = pipeline.ingest_text(
        "오바마에 대한 지지율은 80%인 반면 매케인에 대한 지지율은 30%였다.", source="d.txt", lang="ko"
    )
    (mccain,) = [e for e in nx_store.iter_entities() if e.name == "존 매케인"]
    assert [m.text for m in nx_store.mentions_of(mccain.id) if m.document_id == ko.document_id] == ["매케인"]
    # a candidate that names nothing stored is dropped: no new entity for "Huckabee"
    pipeline.ingest_text("Huckabee won in Iowa on Tuesday.", source="e.txt", lang="en")
    new = {e.name for e in nx_store.iter_entities() if e.id not in entities_before}
    assert "Huckabee" not in new and "Clemens" not in new and "매케인" not in new, new


def test_extract_jsonl_leaves_candidate_words_out_of_entities() -> None:
    """Candidate words (capitalised words and Korean proper nouns no model or rule typed) are
    not mentions: without a stored entity to name they are no entity of the output."""
    items = [
        {"id": "en", "text": "Clemens denied it.", "lang": "en"},
        {"id": "en2", "text": "Huckabee won in Iowa on Tuesday.", "lang": "en"},
    ]
    stdin = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    # the extractors do produce candidates for these texts ...
    pipeline = Pipeline(Settings())
    produced = [pipeline.extract_text(i["text"], i["lang"]).mentions for i in items]  # type: ignore[arg-type]
    assert any(m.attributes.get("candidate") for ms in produced for m in ms)
    # ... and the jsonl contract leaves them out, with every relation index still valid
    result = run_kg("extract", "--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr
    for line in map(json.loads, result.stdout.splitlines()):
        assert not any(e.get("attributes", {}).get("candidate") for e in line["entities"]), line
        assert not {"Clemens", "Huckabee"} & {e["text"] for e in line["entities"]}, line
        for rel in line["relations"]:
            assert 0 <= rel["source"] < len(line["entities"]) and 0 <= rel["target"] < len(line["entities"])


@pytest.mark.parametrize("floor", ["0.0", "0.99"])
def test_relation_min_confidence_is_applied_to_extraction(floor: str) -> None:
    text = "Jeff Bezos, chief executive of Amazon, said Amazon partnered with SK Telecom."
    stdin = json.dumps({"id": "a", "text": text, "lang": "en"}) + "\n"
    result = run_kg("extract", "--jsonl", stdin=stdin, env={"KG_RELATION_MIN_CONFIDENCE": floor})
    assert result.returncode == 0, result.stderr
    (line,) = map(json.loads, result.stdout.splitlines())
    confidences = [r["confidence"] for r in line["relations"]]
    assert all(c >= float(floor) for c in confidences)
    if floor == "0.0":
        assert confidences, line  # the same text does state relations
    else:
        assert not confidences


def test_extract_reads_html_and_legacy_encodings_on_stdin() -> None:
    html = "<html><body><nav>Home &gt; Business</nav><p>Hanwha Aerospace opened an office in Seoul.</p></body></html>"
    result = subprocess.run(
        [*KG, "extract", "-"], cwd=ROOT, capture_output=True, input=html.encode(), timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "Hanwha Aerospace" in out and "Business" not in out and "</nav>" not in out
    korean = "삼성전자는 서울에서 신제품을 공개했다.".encode("euc-kr")
    result = subprocess.run(
        [*KG, "extract", "-"], cwd=ROOT, capture_output=True, input=korean, timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 0 and "삼성전자" in result.stdout.decode(), result.stderr
    bad = subprocess.run(
        [*KG, "extract", "-", "--encoding", "utf-8"], cwd=ROOT, capture_output=True, input=b"caf\xe9 Seoul",
        timeout=300, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert bad.returncode != 0 and "invalid utf-8 at byte 3" in bad.stderr.decode()
    replaced = subprocess.run(
        [*KG, "extract", "-", "--encoding", "utf-8", "--errors", "replace"], cwd=ROOT, capture_output=True,
        input=b"caf\xe9 in Seoul", timeout=300, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert replaced.returncode == 0 and "Seoul" in replaced.stdout.decode()


def test_serve_answers_reads_without_loading_models(seeded: Path) -> None:
    """kg serve loads no NLP model until a mutation needs one: reads answer at once and the
    process stays small (about 1 GB with spaCy and Kiwi loaded)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [*KG, "serve", "--port", str(port), "--data-dir", str(seeded)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        ready: dict[str, object] = {}
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:
                    ready = json.loads(resp.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert ready.get("status") == "ready" and ready.get("models") == "lazy", ready
        query = json.dumps({"query": '{ searchEntities(query: "아마존") { edges { node { name nameEn } } } }'})
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql", data=query.encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as resp:
            body = json.loads(resp.read())
        assert "Amazon" in {e["node"]["nameEn"] for e in body["data"]["searchEntities"]["edges"]}
        rss_kib = next(
            int(line.split()[1]) for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
            if line.startswith("VmRSS:")
        )  # fmt: skip
        assert rss_kib < 500 * 1024, f"kg serve holds {rss_kib // 1024} MiB before any mutation"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# Every relation the three seed articles state that kg finds, read by hand (issue 17): the 17 of
# the earlier releases and four more. Claimed, denied, negotiated and merely listed ones stay out.
SEED_RELATIONS = {
    ("GS Retail", "ACQUIRED", "GS홈쇼핑"),  # "GS리테일의 경우 GS홈쇼핑 흡수통합 작업에 마침표를 찍고"
    ("Shinsegae", "ACQUIRED", "eBay Korea"),  # "신세계그룹(이마트)이 이베이코리아를 인수하면서"
    ("Kim Tae-bong", "CEO_OF", "KTB Solution"),
    ("Park Jung-ho", "CEO_OF", "SK Telecom"),  # "박정호 SK텔레콤 사장은"
    ("Yum Dong-joon", "CEO_OF", "Google Korea"),  # "the former CEO of Google Korea" (former)
    ("Alibaba", "HEADQUARTERED_IN", "Hangzhou"),
    ("KTB Solution", "HEADQUARTERED_IN", "Seoul"),  # "a Seoul-based online security company"
    ("Jack Ma", "LEADER_OF", "Alibaba"),  # "asked its leader Jack Ma"
    ("임혜숙", "LEADER_OF", "Ministry of Science and ICT"),  # "임혜숙 과학기술정보통신부장관"
    ("OC&C Strategy Consultants", "LOCATED_IN", "London"),  # "OC&C Strategy Consultants in London"
    ("Yangzhou", "LOCATED_IN", "China"),  # "the eastern Chinese city of Yangzhou"
    ("서울 정부청사", "LOCATED_IN", "Seoul"),  # "서울 정부청사에서 열린"
    ("11st", "OPERATED_BY", "SK Telecom"),  # "11번가 운영사 SK텔레콤은"
    ("SSG.com", "OPERATED_BY", "Shinsegae"),  # "SSG닷컴을 운영하는 신세계그룹"
    ("Amazon", "PARTNERS_WITH", "11st"),  # "11번가와 아마존 연대의 합작 전자 상거래서비스"
    ("Amazon", "PARTNERS_WITH", "SK Telecom"),  # "SK텔레콤은 … 아마존과 … 협력을 약속했다"
    ("Naver", "PARTNERS_WITH", "CJ Group"),  # "네이버와 CJ그룹 역시 … 전략적 제휴 관계를 맺었다"
    ("Angela Lee", "WORKS_FOR", "Microsoft"),  # "a spokeswoman at Microsoft's Korean unit"
    ("Lee Eun-cheol", "WORKS_FOR", "Korea Chamber of Commerce and Industry"),
    ("Yum Dong-joon", "WORKS_FOR", "Amazon Korea"),  # "with Yum Dong-joon … supervising its domestic business"
    ("이민주", "WORKS_FOR", "더팩트"),  # the byline "[더팩트|이민주 기자]"
}


def test_the_seeds_give_exactly_the_relations_they_state(seeded: Path) -> None:
    store = NetworkXGraphStore(seeded)
    names = {e.id: e.name for e in store.iter_entities()}
    found = {(names[r.source], r.type.value, names[r.target]) for r in store.iter_relations()}
    assert found == SEED_RELATIONS, (found - SEED_RELATIONS, SEED_RELATIONS - found)
    for r in store.iter_relations():
        for ev in r.evidence:  # every edge is backed by a sentence naming both ends
            assert ev.source_span and ev.target_span and ev.sentence
            assert ev.sentence_start <= min(ev.source_span[0], ev.target_span[0])
    # stated as claims, denials, negotiations or lists, not as facts: no edge
    pairs = {frozenset((s, t)) for s, _, t in found}
    for a, b in [
        ("Alibaba", "Incheon"),  # investment Alibaba denied; "engaged in negotiations with Alibaba"
        ("Jack Ma", "Korea"),  # only asked to invest
        ("Gmarket", "eBay"),  # companies merely listed
        ("Naver", "Coupang"),  # market shares listed side by side
    ]:
        assert frozenset((a, b)) not in pairs
    assert not any(t in ("INVESTED_IN",) for _, t, _ in found)
