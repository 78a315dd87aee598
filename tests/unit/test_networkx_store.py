"""The embedded store: persistence across processes, commits that survive SIGKILL, one writer
per data directory."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.store.base import DocumentBatch
from kg.store.networkx import NetworkXGraphStore
from schema.errors import StoreError
from schema.types import Document, Entity, EntityType, Evidence, Mention, Relation, RelationType

ROOT = Path(__file__).resolve().parents[2]


def batch(doc_id: str, names: list[str], source: str = "") -> DocumentBatch:
    """A document mentioning companies ``names`` in one sentence, each partnering the next."""
    sentence = " and ".join(names) + " partnered."
    entities, mentions, relations = [], [], []
    pos = 0
    for name in names:
        start = sentence.index(name, pos)
        pos = start + len(name)
        eid = f"ent:{name.lower()}"
        entities.append(Entity(id=eid, type=EntityType.COMPANY, name=name, keys=[f"Company|{name.lower()}"]))
        mentions.append(
            (eid, Mention(document_id=doc_id, start=start, end=pos, text=name, type=EntityType.COMPANY,
                          sentence=sentence, sentence_start=0, sentence_end=len(sentence), language="en",
                          extractor="test"))
        )  # fmt: skip
    for (a, ma), (b, mb) in itertools.pairwise(mentions):
        ev = Evidence(document_id=doc_id, sentence=sentence, sentence_start=0, sentence_end=len(sentence),
                      start=0, end=len(sentence), language="en", extractor="test", rule="test", confidence=0.7,
                      source_span=(ma.start, ma.end), target_span=(mb.start, mb.end))  # fmt: skip
        relations.append(Relation(id=Relation.make_id(a, b, RelationType.PARTNERS_WITH), source=a, target=b,
                                  type=RelationType.PARTNERS_WITH, confidence=0.7, evidence=[ev]))  # fmt: skip
    doc = Document(id=doc_id, title=doc_id, source=source, char_count=len(sentence))
    return DocumentBatch(document=doc, entities=entities, mentions=mentions, relations=relations)


def test_graph_persists_across_processes(tmp_path: Path) -> None:
    store = NetworkXGraphStore(tmp_path)
    store.write_document(batch("doc:1", ["Amazon", "Naver"]))
    store.commit()
    store.close()
    code = textwrap.dedent(
        f"""
        from kg.store.networkx import NetworkXGraphStore
        s = NetworkXGraphStore({str(tmp_path)!r})
        st = s.stats()
        print(st.documents, st.entities, st.relations, s.get_entity("ent:amazon").name)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "2", "1", "Amazon"]


def test_uncommitted_writes_are_not_on_disk(tmp_path: Path) -> None:
    store = NetworkXGraphStore(tmp_path)
    store.write_document(batch("doc:1", ["Amazon", "Naver"]))
    assert NetworkXGraphStore(tmp_path).stats().documents == 0
    store.commit()
    assert NetworkXGraphStore(tmp_path).stats().documents == 1


def test_refresh_sees_another_writers_commit(tmp_path: Path) -> None:
    reader = NetworkXGraphStore(tmp_path)
    writer = NetworkXGraphStore(tmp_path)
    writer.write_document(batch("doc:1", ["Amazon", "Naver"]))
    writer.commit()
    assert reader.get_entity("ent:amazon") is None
    assert reader.refresh()
    assert reader.get_entity("ent:amazon") is not None


def test_two_writers_on_one_directory_are_refused(tmp_path: Path) -> None:
    first = NetworkXGraphStore(tmp_path)
    first.write_document(batch("doc:1", ["Amazon", "Naver"]))
    first.commit()
    code = textwrap.dedent(
        f"""
        from kg.store.networkx import NetworkXGraphStore
        from schema.errors import StoreError
        from tests.unit.test_networkx_store import batch
        s = NetworkXGraphStore({str(tmp_path)!r})
        try:
            s.write_document(batch("doc:2", ["Kakao", "Naver"]))  # the first write takes the lock
        except StoreError as exc:
            print("refused", exc)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.startswith("refused") and "another kg process" in out.stdout
    first.close()


def test_damaged_snapshot_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "graph.pickle").write_bytes(b"not a pickle")
    with pytest.raises(StoreError, match=r"cannot read graph snapshot"):
        NetworkXGraphStore(tmp_path)


def test_damaged_database_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "graph.sqlite").write_bytes(b"not a database, not at all" * 100)
    with pytest.raises(StoreError, match=r"cannot open the graph database"):
        NetworkXGraphStore(tmp_path)


def test_sigkill_during_commits_leaves_a_loadable_graph(tmp_path: Path) -> None:
    """A writer commits ever larger graphs in a loop; killed with SIGKILL at an arbitrary
    moment, the database holds whole documents only (the last committed batch)."""
    code = textwrap.dedent(
        f"""
        import sys
        from tests.unit.test_networkx_store import batch
        from kg.store.networkx import NetworkXGraphStore
        s = NetworkXGraphStore({str(tmp_path)!r})
        for i in range(100000):
            names = [f"C{{i}}x{{j}}" for j in range(200)]
            s.write_document(batch(f"doc:{{i}}", names))
            s.commit()
            print(i, flush=True)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.8, 1.7):
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # at least one commit happened
        assert first.strip().isdigit()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = NetworkXGraphStore(tmp_path)
        stats = store.stats()
        assert stats.documents >= 1
        assert stats.entities == 200 * stats.documents  # whole documents only, never a torn one
        assert stats.relations == 199 * stats.documents
        store.close()
    store = NetworkXGraphStore(tmp_path)
    store.write_document(batch("doc:after", ["Zeta", "Eta"]))
    store.commit()  # the killed writer's lock went with it
    store.close()


def test_write_is_rejected_whole_when_it_points_at_unknown_entities(tmp_path: Path) -> None:
    store = NetworkXGraphStore(tmp_path)
    bad = batch("doc:1", ["Amazon", "Naver"])
    bad.entities.pop()
    with pytest.raises(StoreError, match="unknown entity"):
        store.write_document(bad)
    assert store.stats().entities == 0 and store.stats().documents == 0


def test_a_write_that_fails_half_way_leaves_the_batch_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault inside a write (here: the disk refusing the document row, after the entities,
    mentions and relations went in) undoes that document only; the batch goes on."""
    from kg.store.embedded import tables
    from tests.store.helpers import dump

    store, expected = NetworkXGraphStore(tmp_path / "a"), NetworkXGraphStore(tmp_path / "b")
    for s in (store, expected):
        s.write_document(batch("doc:1", ["Amazon", "Naver"]))
    original = tables.put_document

    def failing(conn: object, doc: Document) -> None:
        if doc.id == "doc:2":
            raise StoreError("disk full")
        original(conn, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "put_document", failing)
    with pytest.raises(StoreError, match="disk full"):
        store.write_document(batch("doc:2", ["Naver", "Kakao", "Amazon"]))
    assert dump(store) == dump(expected)
    for s in (store, expected):
        s.write_document(batch("doc:3", ["Kakao", "Toss"]))
        s.commit()
    assert dump(NetworkXGraphStore(tmp_path / "a")) == dump(NetworkXGraphStore(tmp_path / "b"))


def test_entity_key_rows_follow_every_upsert(tmp_path: Path) -> None:
    """The key rows of a new entity, of an update that changes its keys and of one that
    changes other fields only (``tables.put_entity`` rewrites them only when they change)."""
    store = NetworkXGraphStore(tmp_path)
    store.write_document(batch("doc:1", ["Amazon", "Naver"]))
    assert store.find_by_keys(["Company|amazon", "Company|naver"]) == {
        "Company|amazon": ["ent:amazon"],
        "Company|naver": ["ent:naver"],
    }
    amazon = store.get_entity("ent:amazon")
    assert amazon is not None
    store.upsert_entities([amazon.model_copy(update={"keys": ["Company|amazon", "Company|amazon.com"]})])
    store.upsert_entities([amazon.model_copy(update={"keys": ["Company|amazon.com"], "name_ko": "아마존"})])
    store.commit()
    store.close()
    reopened = NetworkXGraphStore(tmp_path)
    assert reopened.find_by_keys(["Company|amazon", "Company|amazon.com"]) == {
        "Company|amazon": ["ent:amazon"],
        "Company|amazon.com": ["ent:amazon"],
    }
    entity = reopened.get_entity("ent:amazon")
    assert entity is not None and entity.name_ko == "아마존"
    assert sorted(entity.keys) == ["Company|amazon", "Company|amazon.com"]
