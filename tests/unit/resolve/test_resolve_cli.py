"""``kg aliases`` and ``kg entities`` through the real CLI app and the real NetworkX store (the
graph is built with the resolver from hand-placed mentions; tests/models/resolution does the
same after a real ingest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.resolve import CrossLingualResolver
from kg.store.networkx import NetworkXGraphStore
from schema.types import EntityType
from tests.unit.resolve.test_resolver import ingest

runner = CliRunner()
C = EntityType.COMPANY


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    store = NetworkXGraphStore(data_dir)
    resolver = CrossLingualResolver()
    ingest(store, resolver, "Amazon and Coupang said.", [("Amazon", C), ("Coupang", C)])
    ingest(store, resolver, "아마존과 쿠팡이 밝혔다.", [("아마존", C), ("쿠팡", C)])
    ingest(store, resolver, "Amazon Korea said.", [("Amazon Korea", C)])
    store.commit()
    store.close()
    return data_dir


def kg(*args: str, data_dir: Path) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.output


def test_show_in_either_script(graph: Path) -> None:
    code, out = kg("entities", "show", "쿠팡", "--json", data_dir=graph)
    assert code == 0, out
    coupang = json.loads(out)
    assert (coupang["name_en"], coupang["name_ko"]) == ("Coupang", "쿠팡")
    assert [m["reason"] for m in coupang["merges"]] == ["dictionary", "dictionary"]
    code, out = kg("entities", "show", "Coupang", data_dir=graph)
    assert code == 0 and "쿠팡" in out and "dictionary" in out


def test_merge_then_split_restores_both(graph: Path) -> None:
    amazon = json.loads(kg("entities", "show", "Amazon", "--json", data_dir=graph)[1])
    korea = json.loads(kg("entities", "show", "Amazon Korea", "--json", data_dir=graph)[1])
    assert amazon["id"] != korea["id"]

    code, out = kg("entities", "merge", "Amazon", "Amazon Korea", data_dir=graph)
    assert code == 0, out
    merged = json.loads(kg("entities", "show", amazon["id"], "--json", data_dir=graph)[1])
    assert merged["mention_count"] == 3 and "Amazon Korea" in merged["aliases"]
    assert merged["merges"][-1]["reason"] == "manual"
    assert kg("entities", "show", korea["id"], data_dir=graph)[0] == 2  # merged away

    code, out = kg("entities", "split", "Amazon", "Amazon Korea", data_dir=graph)
    assert code == 0, out
    after = json.loads(kg("entities", "show", amazon["id"], "--json", data_dir=graph)[1])
    assert after["mention_count"] == 2 and "Amazon Korea" not in after["aliases"]
    split = json.loads(kg("entities", "show", "Amazon Korea", "--json", data_dir=graph)[1])
    assert split["mention_count"] == 1 and split["attributes"]["split_from"] == amazon["id"]

    # the next "Amazon Korea" finds the split-off entity, not Amazon
    store = NetworkXGraphStore(graph)
    (again,) = ingest(store, CrossLingualResolver(), "Amazon Korea grew.", [("Amazon Korea", C)])
    assert again == split["id"]


def test_merge_refuses_nonsense(graph: Path) -> None:
    code, out = kg("entities", "merge", "Amazon", "아마존", data_dir=graph)
    assert code == 2 and "already one entity" in out
    code, out = kg("entities", "merge", "Amazon", "Nobody Inc", data_dir=graph)
    assert code == 2 and "KG300" in out


def test_aliases_import_and_list(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    register = tmp_path / "register.csv"
    register.write_text("ko,en,type\n한빛해양,Hanvit Maritime,Company\n다온식품,Daon Foods\n", encoding="utf-8")
    code, out = kg("aliases", "import", str(register), data_dir=data_dir)
    assert code == 0 and "imported 2 entries" in out
    code, out = kg("aliases", "import", str(register), data_dir=data_dir)
    assert code == 0 and "imported 0 entries" in out
    code, out = kg("aliases", "list", "--search", "한빛", "--json", data_dir=data_dir)
    listed = json.loads(out)
    assert [(e["ko"], e["en"], e["section"]) for e in listed["entries"]] == [("한빛해양", "Hanvit Maritime", "user")]
    assert listed["sections"]["user"] == 2 and listed["sections"]["countries"] > 240
    code, out = kg("aliases", "list", "--section", "nope", data_dir=data_dir)
    assert code == 2

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00bad")
    code, out = kg("aliases", "import", str(bad), data_dir=data_dir)
    assert code == 2 and "KG100" in out
