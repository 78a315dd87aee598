"""Reading input: bad files get clear errors naming the file; boilerplate is masked without
moving offsets; languages are told apart per paragraph and per sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import (
    collect_files,
    detect_encoding,
    detect_language,
    html_to_text,
    looks_like_html,
    mask_boilerplate,
    read_source,
    segments,
    sniff_encoding,
    source_from_text,
)
from schema.errors import BinaryFileError, DecodeError, EmptyDocumentError, InputError, UnsupportedFileTypeError


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  "])
def test_empty_or_whitespace_file_is_rejected_by_name(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(EmptyDocumentError, match=r"empty\.txt.*empty"):
        read_source(path)


def test_boilerplate_only_file_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "chrome.txt", b"Home > Business > Industry\n\nprint dictionary print\n")
    with pytest.raises(EmptyDocumentError, match="only boilerplate"):
        read_source(path)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)), b"hello\x00world" * 10])
def test_binary_file_is_rejected(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "photo.txt", data)
    with pytest.raises(BinaryFileError, match=r"photo\.txt"):
        read_source(path)


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    data = "Samsung Electronics 발표. ".encode() * 3 + b"\xff\xfe bad" + b" tail"
    path = _write(tmp_path, "broken.txt", data)
    offset = data.index(b"\xff")
    with pytest.raises(DecodeError, match=rf"broken\.txt: invalid UTF-8 at byte {offset}") as info:
        read_source(path)
    assert info.value.byte_offset == offset


def test_invalid_utf8_across_a_chunk_boundary(tmp_path: Path) -> None:
    # a truncated 3-byte Hangul sequence right where the first 8 KiB read ends
    good = "가".encode()
    data = b"a" * (8192 - 2) + good[:2] + b"x" + b"b" * 100
    path = _write(tmp_path, "edge.txt", data)
    with pytest.raises(DecodeError) as info:
        read_source(path, encoding="utf-8")  # named: undetected, the bytes would read as CP949
    assert info.value.byte_offset == 8192 - 2


def test_replace_mode_proceeds(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.txt", "Amazon opened an office in 서울 ".encode() + b"\xff and Seoul.\n")
    src = read_source(path, errors="replace")
    text = "".join(line for _, line in src.lines())
    assert "\ufffd" in text and "Seoul" in text


def test_unknown_file_type(tmp_path: Path) -> None:
    path = _write(tmp_path, "sheet.xlsx", b"PK\x03\x04")
    with pytest.raises(UnsupportedFileTypeError, match=r"sheet\.xlsx"):
        read_source(path)
    files, problems = collect_files([tmp_path])
    assert files == [] and problems[0][0] == path


def test_folder_walk_keeps_good_files_and_reports_bad(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"Amazon")
    _write(tmp_path, "b.md", b"# Naver")
    _write(tmp_path, "c.html", b"<p>Kakao</p>")
    _write(tmp_path, "d.pdf", b"%PDF-1.4")
    files, problems = collect_files([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.md", "c.html"]
    assert [p.name for p, _ in problems] == ["d.pdf"]


def test_boilerplate_is_masked_in_place() -> None:
    text = "Home > Business > Industry\nAmazon opened an office.\nprint dictionary print\n"
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    assert masked.index("Amazon") == text.index("Amazon")
    assert "Home" not in masked and "print" not in masked


def test_photo_credit_is_masked_but_caption_kept() -> None:
    line = "11번가와 아마존 연대가 관심이 쏠린다. /11번가 제공, 뉴시스 |"
    masked = mask_boilerplate(line)
    assert masked.startswith("11번가와 아마존 연대가 관심이 쏠린다.")
    assert "뉴시스" not in masked and len(masked) == len(line)


def test_seed_boilerplate_is_dropped(seeds_dir: Path) -> None:
    src = read_source(seeds_dir / "en-korea-ecommerce-exports-2014.txt")
    kept = " ".join(seg.text for seg in segments(src.lines()))
    for chrome in ("Home > Business", "print dictionary print", "Log in to Twitter", "lock icon", "Popular Now"):
        assert chrome not in kept
    assert "Lee Eun-cheol" in kept


def test_html_to_text_drops_scripts_and_navigation() -> None:
    html = (
        "<html><head><title>Amazon in Korea</title><script>var x = 'Evil Corp';</script></head>"
        "<body><nav>Home | News</nav><article><p>Amazon partnered with <b>SK Telecom</b>.</p>"
        "<p>Second &amp; last.</p></article><footer>Copyright</footer></body></html>"
    )
    text, title = html_to_text(html)
    assert title == "Amazon in Korea"
    assert text == "Amazon partnered with SK Telecom.\n\nSecond & last."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Amazon partnered with SK Telecom.", "en"),
        ("SK텔레콤은 아마존과 협력했다.", "ko"),
        ("SK Telecom은 Amazon과 협력했다.", "ko"),
        ("12,345", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_mixed_paragraph_is_split_by_sentence_language() -> None:
    text = "Amazon opened an office in Seoul. 아마존은 서울에 사무실을 열었다. It hired engineers."
    src = source_from_text(text)
    segs = list(segments(src.lines()))
    assert [s.language for s in segs] == ["en", "ko", "en"]
    for seg in segs:
        assert text[seg.start : seg.start + len(seg.text)] == seg.text
    assert src.language == "mixed"


def test_huge_line_is_cut_into_bounded_segments(tmp_path: Path) -> None:
    sentence = "Amazon opened an office in Seoul. "
    path = _write(tmp_path, "huge.txt", (sentence * 20_000).encode())  # one 680k-char line
    src = read_source(path)
    segs = list(segments(src.lines()))
    assert len(segs) > 20
    assert max(len(s.text) for s in segs) <= 20_000
    assert all(s.text.startswith("Amazon") for s in segs)


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        ("Société Générale opened an office in Paris.\n", "latin-1", "cp1252"),
        ("Café Amazon\n", "cp1252", "cp1252"),
        ("삼성전자는 서울에서 신제품을 공개했다. 이재용 회장이 설명했다.\n", "cp949", "cp949"),
        ("현대자동차는 울산 공장의 생산을 늘렸다고 밝혔다.\n", "euc-kr", "cp949"),
        ("Amazon and 아마존 are one node.\n", "utf-8", "utf-8"),
        ("Amazon and 아마존 are one node.\n", "utf-8-sig", "utf-8"),
    ],
)
def test_legacy_encodings_are_detected(tmp_path: Path, text: str, encoding: str, detected: str) -> None:
    """Korean news files often come in CP949/EUC-KR, old European ones in Latin-1: read as such,
    not as UTF-8 with replacement characters ("Société Générale" once became the place Sochi)."""
    path = _write(tmp_path, "news.txt", text.encode(encoding))
    assert detect_encoding(path) == detected
    src = read_source(path)
    assert src.encoding == detected
    assert "".join(line for _, line in src.lines()) == text


def test_utf8_with_a_damaged_byte_is_still_utf8(tmp_path: Path) -> None:
    assert sniff_encoding("삼성전자 발표 ".encode() * 5 + b"\xff tail") == "utf-8"


def test_a_named_encoding_is_used_and_an_unknown_one_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "news.txt", "삼성전자는 서울에 있다.\n".encode("cp949"))
    assert "".join(line for _, line in read_source(path, encoding="cp949").lines()) == "삼성전자는 서울에 있다.\n"
    with pytest.raises(DecodeError, match=r"invalid UTF-8 at byte 0.*--encoding"):
        read_source(path, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_source(path, encoding="klingon")


def test_hidden_files_and_broken_links_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"Amazon")
    _write(tmp_path, ".draft.txt", b"Naver")
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git", "HEAD.txt", b"ref")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    files, problems = collect_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    messages = {p.name: str(e) for p, e in problems}
    assert set(messages) == {".draft.txt", ".git", "gone.txt"}
    assert "hidden file" in messages[".draft.txt"] and "hidden folder" in messages[".git"]
    assert "broken symbolic link" in messages["gone.txt"]
    # a hidden file named on its own is read; a broken link named on its own is reported
    files, problems = collect_files([tmp_path / ".draft.txt", tmp_path / "gone.txt"])
    assert [f.name for f in files] == [".draft.txt"]
    assert "broken symbolic link" in str(problems[0][1])


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html><html><body><p>Hanwha</p></body></html>", True),
        ("<nav>Home</nav><p>Hanwha signed a deal.</p><div>Share</div>", True),
        ("Business</nav><p>Hanwha signed</p><p>a deal</p>", True),
        ("Samsung said x < y and a <b> tag is fine.", False),
        ("삼성전자는 서울에서 신제품을 공개했다.", False),
    ],
)
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html
