"""Pure logic of the Korean NER tagger: BIO conversion, gazetteer matching, features."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from extractors.ko.ner import Gazetteer, bio_to_spans, sentence_features, spans_to_bio
from extractors.ko.ner.features import char_class
from extractors.ko.ner.scores import _CLASSES, bmp_classes


@dataclass
class Tok:
    form: str
    tag: str
    start: int
    len: int


@pytest.mark.parametrize(
    ("tags", "text", "spans"),
    [
        (["B-PS", "I-PS", "I-PS", "O"], "박정호는", [(0, 3, "PS")]),
        (["B-OG", "I-OG", "B-OG", "I-OG"], "가나다라", [(0, 2, "OG"), (2, 4, "OG")]),
        # an I- after a different label opens a new span
        (["B-LC", "I-OG", "I-OG"], "서울시", [(0, 1, "LC"), (1, 3, "OG")]),
        # surrounding spaces are trimmed
        (["B-LC", "I-LC", "I-LC", "O"], "서울 가", [(0, 2, "LC")]),
        (["O", "O"], "가나", []),
        # BIOES: E-/S- close a span, so a following I- opens the next one
        (["S-PS", "B-OG", "E-OG", "I-OG", "O"], "박서울시가", [(0, 1, "PS"), (1, 3, "OG"), (3, 4, "OG")]),
        (["B-LC", "I-LC", "E-LC", "S-LC"], "서울시구", [(0, 3, "LC"), (3, 4, "LC")]),
    ],
)
def test_bio_to_spans(tags: list[str], text: str, spans: list[tuple[int, int, str]]) -> None:
    assert bio_to_spans(tags, text) == spans


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_spans_to_bio_round_trip(scheme: str) -> None:
    text = "박정호 SK텔레콤 사장 김"
    spans = [(0, 3, "PS"), (4, 9, "OG"), (13, 14, "PS")]
    assert bio_to_spans(spans_to_bio(len(text), spans, scheme), text) == spans
    assert spans_to_bio(len(text), spans, "bioes")[2:5] == ["E-PS", "O", "B-OG"]
    assert spans_to_bio(len(text), spans, "bioes")[13] == "S-PS"


def test_gazetteer_longest_match_from_token_starts() -> None:
    gaz = Gazetteer({"SK": "OG", "SK텔레콤": "OG", "박정호": "PS"})
    assert gaz.match("박정호 SK텔레콤 사장", starts=[0, 4, 10]) == {0: (3, "PS"), 4: (9, "OG")}
    # only token starts are tried
    assert gaz.match("박정호 SK텔레콤 사장", starts=[1]) == {}


def test_features_one_list_per_character_with_morpheme_and_gazetteer() -> None:
    text = "박정호 사장"
    tokens = [Tok("박정호", "NNP", 0, 3), Tok("사장", "NNG", 4, 2)]
    feats = sentence_features(text, tokens, Gazetteer({"박정호": "PS"}), feature_set=2)
    assert len(feats) == len(text)
    assert "tp=NNPB" in feats[0] and "g=B-PS" in feats[0] and "nm=사장" in feats[0]
    assert "t=_" in feats[3]  # the space belongs to no morpheme
    assert "w=사장" in feats[4] and "wp=B" in feats[4]
    # feature set 1 (older models) has no word features
    assert not any(f.startswith("w=") for f in sentence_features(text, tokens, None, feature_set=1)[0])


def test_feature_set_4_adds_morpheme_clusters() -> None:
    text = "박정호 사장"
    tokens = [Tok("박정호", "NNP", 0, 3), Tok("사장", "NNG", 4, 2)]
    clusters = {"사장": ("3", "17", "220"), "박정호": ("5", "9", "40")}
    feats = sentence_features(text, tokens, None, feature_set=4, clusters=clusters)
    assert {"q1=5", "q2=9", "q3=40", "nq=17"} <= set(feats[0])
    assert not any(f.startswith("pq=") for f in feats[0])  # nothing before the first morpheme
    assert {"q1=3", "q2=17", "q3=220", "pq=9"} <= set(feats[4])
    # a morpheme outside the table has no cluster features; set 2 ignores the table
    assert not any(f.startswith("q") for f in sentence_features(text, tokens, None, 4, {"사장": ("1", "2", "3")})[0])
    assert not any(f.startswith(("q", "pq", "nq")) for f in sentence_features(text, tokens, None, 2, clusters)[4])


def test_the_class_table_is_char_class_for_every_bmp_code_point() -> None:
    table = bmp_classes().tolist()
    assert [_CLASSES[k] for k in table] == [char_class(chr(c)) for c in range(0x10000)]


def test_a_gazetteer_file_is_read_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.tsv"
    path.write_text("박정호\tB-PS\n", encoding="utf-8")
    first = Gazetteer.load(path)
    assert Gazetteer.load(path) is first and first.names == {"박정호": "B-PS"}
    path.write_text("박정호\tB-PS\nSK텔레콤\tB-OG\n", encoding="utf-8")
    assert Gazetteer.load(path).names == {"박정호": "B-PS", "SK텔레콤": "B-OG"}
    assert Gazetteer.load(tmp_path / "none.tsv").names == {}
