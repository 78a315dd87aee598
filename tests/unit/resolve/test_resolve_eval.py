"""The parallel-news gold sample and its scoring (scripts/eval_resolution.py parallel --gold)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))

import eval_resolution as ev  # noqa: E402

GOLD = ROOT / "research" / "data" / "parallel_gold_sample.tsv"


def test_gold_sample_parses() -> None:
    gold = ev.read_gold(GOLD)
    assert len(gold) == 120
    entities = [e for es in gold.values() for e in es]
    assert len(entities) == 165
    assert {t for t, _, _ in entities} == {"ORG", "PER", "LOC"}
    assert all(ko and en for _, ko, en in entities)


@pytest.mark.parametrize(
    ("name", "n_entities", "n_pairs"),
    [
        ("parallel_gold_heldout2.tsv", 157, 100),
        ("parallel_gold_heldout3.tsv", 142, 100),
        ("parallel_gold_heldout4.tsv", 133, 100),
        ("parallel_gold_heldout5.tsv", 136, 100),
        ("parallel_gold_heldout6.tsv", 114, 100),
        ("parallel_gold_heldout7.tsv", 135, 100),
        ("parallel_gold_heldout8.tsv", 130, 100),
        ("parallel_gold_heldout9.tsv", 141, 100),
        ("parallel_gold_heldout10.tsv", 145, 100),
        ("parallel_gold_heldout11.tsv", 142, 100),
        ("parallel_gold_heldout12.tsv", 178, 100),
        ("parallel_gold_heldout13.tsv", 175, 100),
        ("parallel_gold_heldout14.tsv", 111, 90),
    ],
)
def test_held_out_samples_parse(name: str, n_entities: int, n_pairs: int) -> None:
    gold = ev.read_gold(GOLD.with_name(name))
    assert len(gold) == n_pairs  # the last sample holds the file's last 90 pairs
    entities = [e for es in gold.values() for e in es]
    assert len(entities) == n_entities and all(ko and en for _, ko, en in entities)
    assert {t for t, _, _ in entities} == {"ORG", "PER", "LOC"}


@pytest.mark.parametrize(
    "name",
    [
        "parallel_gold_sample.tsv",
        "parallel_gold_heldout.tsv",
        "parallel_gold_heldout2.tsv",
        "parallel_gold_heldout3.tsv",
        "parallel_gold_heldout4.tsv",
        "parallel_gold_heldout5.tsv",
        "parallel_gold_heldout6.tsv",
        "parallel_gold_heldout7.tsv",
        "parallel_gold_heldout8.tsv",
        "parallel_gold_heldout9.tsv",
        "parallel_gold_heldout10.tsv",
        "parallel_gold_heldout11.tsv",
        "parallel_gold_heldout12.tsv",
        "parallel_gold_heldout13.tsv",
        "parallel_gold_heldout14.tsv",
    ],
)
def test_gold_names_occur_in_their_sentences(shared_dir: Path, name: str) -> None:
    with (shared_dir / "eval" / "parallel_news_dev.tsv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    for pair, entities in ev.read_gold(GOLD.with_name(name)).items():
        assert pair in rows
        for _, ko, en in entities:
            assert ko in rows[pair]["ko"] and en in rows[pair]["en"], (pair, ko, en)


def test_outcomes_put_extraction_before_resolution() -> None:
    text = "콜로라도 주 볼더에서"
    # the only mention covering 콜로라도 is the longer span "콜로라도 주 볼더"
    ko = ev._found(text, "콜로라도", [(0, 9, "콜로라도 주 볼더", "Place", "ent:b")])
    en = ev._found("Boulder, Colorado", "Colorado", [(9, 17, "Colorado", "Place", "ent:c")])
    assert ev._outcome(ko, en) == "extractor span differs"
    assert ev._outcome([], en) == "extractor missed a side"
    person = ev._found("Colorado said", "Colorado", [(0, 8, "Colorado", "Person", "ent:p")])
    place = ev._found("Colorado is", "Colorado", [(0, 8, "Colorado", "Place", "ent:q")])
    assert ev._outcome(person, place) == "types disagree"
    other = ev._found("Colorado is", "Colorado", [(0, 8, "Colorado", "Place", "ent:r")])
    assert ev._outcome(other, place) == "resolver failed"
    same = ev._found("Colorado is", "Colorado", [(0, 8, "Colorado", "Place", "ent:q")])
    assert ev._outcome(same, place) == "one node"
    with pytest.raises(ValueError, match="not in"):
        ev._found("Boulder", "Colorado", [])


def test_a_gold_name_is_scored_by_its_own_mention_inside_a_longer_one() -> None:
    """ "뉴욕" nested in the place chain "미국 뉴욕 요크타운 하이츠" is a mention (and node) of its own:
    on equal overlap the exact span wins, then the shorter one."""
    text = "미국 뉴욕 요크타운 하이츠에 있다."
    chain = "미국 뉴욕 요크타운 하이츠"
    spans = [(0, len(chain), chain, "Place", "chain"), (3, 5, "뉴욕", "Place", "new-york")]
    assert ev._found(text, "뉴욕", spans) == [("new-york", "Place", True, "뉴욕")]
    assert ev._found(text, "요크타운", spans) == [("chain", "Place", False, chain)]
