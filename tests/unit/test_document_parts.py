"""Huge inputs become parts (kg.ingest.split_parts, source_parts): where they are cut, what
each part is called, and that a file and the same text in memory give the same parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.ingest import read_source, source_from_text, source_parts, split_parts


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


PARA = "Alpha Corp hired Bo Kim.\n"  # 25 characters
CASES = [
    # (what, text, max_chars, expected parts)
    ("fits: one part", "One. Two.\n", 20, ["One. Two.\n"]),
    (
        "at the paragraph end when it keeps half",
        PARA + "\n" + PARA + PARA,
        52,
        [PARA + "\n", PARA + PARA],
    ),
    (
        "at a line end when the paragraph end is early",
        "Hi.\n\n" + PARA + PARA + PARA,
        60,
        ["Hi.\n\n" + PARA + PARA, PARA],
    ),
    (
        "a line longer than a part: at sentence ends",
        "First one here. Second one here. Third.",
        20,
        ["First one here. ", "Second one here. ", "Third."],
    ),
    (
        "no sentence end in reach: at a space",
        "aaaa bbbb cccc dddd eeee",
        12,
        ["aaaa bbbb ", "cccc dddd ", "eeee"],
    ),
    ("no space either: hard cut", "x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    (
        "Korean sentence ends",
        "삼성전자는 투자했다. 네이버는 협력했다. 카카오는 인수했다.",
        14,
        ["삼성전자는 투자했다. ", "네이버는 협력했다. ", "카카오는 인수했다."],
    ),
    ("a long line after short ones", "a b\n" + "c" * 12, 8, ["a b\n", "c" * 8, "c" * 4]),
]


@pytest.mark.parametrize(("what", "text", "limit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split_parts(what: str, text: str, limit: int, expected: list[str]) -> None:
    parts = list(split_parts(_lines(text), limit))
    assert [t for _, t in parts] == expected
    assert "".join(t for _, t in parts) == text  # nothing lost, nothing added
    assert all(len(t) <= limit for _, t in parts)
    assert [start for start, _ in parts] == [text.index(t, start) for start, t in parts]  # offsets into the text


def _story(n: int, extra: str = "") -> str:
    return "".join(f"Company {k} hired person {k} in city {k}.{extra}\n\n" for k in range(n))


def test_source_parts_ids_titles_and_small_sources(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(_story(200), encoding="utf-8")
    src = read_source(path)
    assert list(source_parts(src, src.char_count)) == [src]  # at the limit: the document itself
    parts = list(source_parts(src, 1000))
    assert len(parts) >= src.char_count // 1000 + 1
    assert [p.source for p in parts] == [f"{src.source}#part-{n}" for n in range(1, len(parts) + 1)]
    assert [p.title for p in parts] == [f"{src.title} (part {n})" for n in range(1, len(parts) + 1)]
    assert all(p.char_count <= 1000 and p.text is not None for p in parts)
    assert "".join(p.text or "" for p in parts) == path.read_text(encoding="utf-8")
    # the same text in memory gives the same parts (same content, so the same document ids)
    in_memory = source_from_text(path.read_text(encoding="utf-8"), source=src.source, title=src.title)
    assert [p.sha256 for p in source_parts(in_memory, 1000)] == [p.sha256 for p in parts]
    # reading again gives the same parts: re-ingesting is idempotent
    assert [p.sha256 for p in source_parts(read_source(path), 1000)] == [p.sha256 for p in parts]


def test_blank_parts_are_left_out_and_not_numbered(tmp_path: Path) -> None:
    path = tmp_path / "gappy.txt"
    path.write_text("Alpha hired Bo.\n" + "\n" * 1500 + "Gamma hired Di.\n", encoding="utf-8")
    parts = list(source_parts(read_source(path), 1000))
    assert [p.text.strip() for p in parts if p.text] == ["Alpha hired Bo.", "Gamma hired Di."]
    assert [p.source.rsplit("#", 1)[1] for p in parts] == ["part-1", "part-2"]


def test_the_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().max_document_chars == 1_000_000
    monkeypatch.setenv("KG_MAX_DOCUMENT_CHARS", "5000")
    assert Settings().max_document_chars == 5000
