"""Reading input: files and folders of .txt/.md/.html, decoding with exact error positions,
HTML to text, scraped-news boilerplate masked out, language detection, and segmentation into
paragraphs with their character offsets.

Offsets everywhere refer to the document's *text*: the decoded file for .txt/.md, the
extracted text for .html. Boilerplate is masked with spaces rather than cut, so offsets into
the cleaned text are offsets into the original too.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from schema.errors import BinaryFileError, DecodeError, EmptyDocumentError, InputError, UnsupportedFileTypeError
from schema.types import Language

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "Segment",
    "SourceText",
    "collect_files",
    "detect_encoding",
    "detect_language",
    "html_to_text",
    "looks_like_html",
    "mask_boilerplate",
    "masked_lines",
    "read_source",
    "segments",
    "sniff_encoding",
    "source_from_bytes",
    "source_from_text",
    "source_parts",
    "split_parts",
]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_SEGMENT_CHARS = 20_000  # a paragraph longer than this is cut at a sentence end
_CHUNK = 1 << 20
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b")
ErrorsMode = Literal["strict", "replace"]


@dataclass(frozen=True)
class SourceText:
    """A decoded input. Files are not held in memory: ``lines()`` streams them again, so a
    very large file costs one paragraph of memory at a time. Offsets refer to its text."""

    source: str
    title: str
    sha256: str
    char_count: int
    language: str  # "en", "ko" or "mixed"
    path: Path | None = None
    text: str | None = None
    errors: ErrorsMode = "strict"
    encoding: str = "utf-8"  # the file's encoding, as given or detected (``detect_encoding``)

    def lines(self) -> Iterator[tuple[int, str]]:
        """(offset, line) with boilerplate masked; line endings kept."""
        if self.text is None and self.path:
            for offset, line in _iter_file_lines(self.path, self.errors, encoding=self.encoding):
                yield offset, mask_boilerplate(line)
        else:
            yield from masked_lines(self.text or "")


@dataclass(frozen=True)
class Segment:
    start: int
    text: str
    language: Language


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, InputError]]]:
    """Expand folders (recursively, sorted). Files of unknown type, hidden files and folders
    inside a given folder (names starting with '.') and broken symbolic links are reported,
    not read; a file named explicitly is read even when hidden."""
    files: list[Path] = []
    problems: list[tuple[Path, InputError]] = []

    def take(path: Path) -> None:
        if path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
            files.append(path)
        else:
            message = f"{path}: unsupported file type {path.suffix!r} (use .txt, .md or .html)"
            problems.append((path, UnsupportedFileTypeError(message)))

    def walk(folder: Path) -> None:
        for child in sorted(folder.iterdir()):
            if child.name.startswith("."):
                kind = "folder" if child.is_dir() else "file"
                problems.append((child, InputError(f"{child}: hidden {kind}, not read (name it to ingest it)")))
            elif child.is_symlink() and not child.exists():
                problems.append((child, InputError(f"{child}: broken symbolic link to {child.readlink()}")))
            elif child.is_dir():
                walk(child)
            elif child.is_file():
                take(child)

    for path in paths:
        if path.is_dir():
            walk(path)
        elif path.is_file():
            take(path)
        elif path.is_symlink():
            problems.append((path, InputError(f"{path}: broken symbolic link to {path.readlink()}")))
        else:
            problems.append((path, InputError(f"{path}: no such file or directory")))
    return files, problems


def masked_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of text held in memory, boilerplate masked."""
    pos = 0
    for line in text.split("\n"):
        yield pos, mask_boilerplate(line + "\n")
        pos += len(line) + 1


_SNIFF_BYTES = 1 << 18  # how much of a file the encoding is guessed from
# the legacy encodings English and Korean news files come in; guessing among all encodings
# reads a short Latin-1 text as Urdu (cp1006)
_LEGACY_ENCODINGS = ("cp949", "euc_kr", "cp1252", "latin_1", "iso8859_15")


def detect_encoding(path: Path) -> str:
    """The encoding of a text file, guessed from its first bytes (``sniff_encoding``)."""
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF_BYTES)
    return sniff_encoding(sample, complete=len(sample) < _SNIFF_BYTES)


def sniff_encoding(sample: bytes, complete: bool = True) -> str:
    """UTF-8 when ``sample`` decodes as UTF-8 (or carries a BOM), else what
    ``charset-normalizer`` finds (Korean news is often CP949/EUC-KR, older European files
    Latin-1 or Windows-1252); "utf-8" when nothing fits, so that decoding names the byte that
    fails. ``complete``: the sample is the whole input (else a character cut at its end is no
    error). Binary input is left to the decoder to reject."""
    if sample.startswith(_BINARY_MAGIC) or b"\x00" in sample:
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 text with a few damaged bytes stays UTF-8, so that decoding names the bad byte
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    if sum(1 for ch in decoded if ord(ch) > 127) - bad > bad:
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:_SNIFF_BYTES], cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        return "utf-8"
    # EUC-KR is a subset of CP949; reading every EUC-KR file as CP949 loses nothing
    return "cp949" if best.encoding in ("euc_kr", "cp949", "johab") else str(best.encoding)


def _iter_file_lines(
    path: Path, errors: ErrorsMode, digest: Any = None, encoding: str = "utf-8"
) -> Iterator[tuple[int, str]]:
    """Decode a file chunk by chunk into lines with character offsets, naming the byte
    offset of the first sequence invalid in ``encoding``."""
    codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    consumed = 0
    pos = 0
    carry = ""
    with path.open("rb") as fh:
        chunk = fh.read(8192)
        if chunk.startswith(_BINARY_MAGIC) or b"\x00" in chunk:
            raise BinaryFileError(f"{path}: looks like a binary file, not text")
        while True:
            if digest is not None:
                digest.update(chunk)
            pending = len(decoder.getstate()[0])
            try:
                decoded = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                offset = consumed - pending + exc.start
                name = "UTF-8" if codec == "utf-8-sig" else encoding
                raise DecodeError(
                    f"{path}: invalid {name} at byte {offset} (name the file's encoding with --encoding, "
                    "or use --errors replace to substitute U+FFFD)",
                    byte_offset=offset,
                ) from None
            if b"\x00" in chunk:
                at = consumed + chunk.index(b"\x00")
                raise BinaryFileError(f"{path}: contains NUL bytes at byte {at}; not text")
            pieces = (carry + decoded).split("\n")
            carry = pieces.pop()
            for piece in pieces:
                yield pos, piece + "\n"
                pos += len(piece) + 1
            if not chunk:
                break
            consumed += len(chunk)
            chunk = fh.read(_CHUNK)
    if carry:
        yield pos, carry


def read_source(path: Path, errors: ErrorsMode = "strict", encoding: str | None = None) -> SourceText:
    """Check and describe one file (one streaming pass). ``encoding`` None detects it
    (``detect_encoding``). Raises an ``InputError`` subclass naming the file for empty, binary,
    undecodable or unsupported input."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise UnsupportedFileTypeError(f"{path}: unsupported file type {suffix!r} (use .txt, .md or .html)")
    if encoding is None:
        encoding = detect_encoding(path)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    if suffix in HTML_SUFFIXES:
        html = "".join(line for _, line in _iter_file_lines(path, errors, encoding=encoding))
        text, title = html_to_text(html)
        return source_from_text(text, source=str(path.resolve()), title=title, what=str(path))
    digest = hashlib.sha256()
    title = ""
    hangul = latin = chars = 0
    raw_content = content = False
    for _, line in _iter_file_lines(path, errors, digest, encoding):
        chars += len(line)
        raw_content = raw_content or bool(line.strip())
        masked = mask_boilerplate(line)
        if masked.strip():
            content = True
            title = title or masked.strip()[:200]
            h, lat = _script_counts(masked)
            hangul, latin = hangul + h, latin + lat
    if not content:
        what = "only boilerplate" if raw_content else "empty"
        raise EmptyDocumentError(f"{path}: the document is {what}; nothing to extract")
    return SourceText(
        source=str(path.resolve()),
        title=title or path.stem,
        sha256=digest.hexdigest(),
        char_count=chars,
        language=_language_of_counts(hangul, latin),
        path=path,
        errors=errors,
        encoding=encoding,
    )


def source_from_text(text: str, source: str = "", title: str = "", what: str = "text") -> SourceText:
    """A SourceText for text already in memory (API input, stdin, extracted HTML)."""
    if "\x00" in text:
        raise BinaryFileError(f"{what}: contains NUL characters; not text")
    masked = mask_boilerplate(text)
    if not masked.strip():
        raise EmptyDocumentError(
            f"{what}: the document is {'only boilerplate' if text.strip() else 'empty'}; nothing to extract"
        )
    hangul, latin = _script_counts(masked)
    first = next((line.strip() for line in masked.splitlines() if line.strip()), "")
    return SourceText(
        source=source,
        title=title or first[:200],
        sha256=hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        char_count=len(text),
        language=_language_of_counts(hangul, latin),
        text=text,
    )


def source_from_bytes(
    raw: bytes, what: str = "input", errors: ErrorsMode = "strict", encoding: str | None = None
) -> SourceText:
    """A SourceText for bytes with no file name (stdin): the encoding given or detected
    (``sniff_encoding``), and an HTML page read as HTML (``looks_like_html``), as ``read_source``
    reads an .html file. Raises an ``InputError`` naming ``what`` and the byte that fails."""
    encoding = encoding or sniff_encoding(raw)
    try:
        text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what}: invalid {encoding} at byte {exc.start} (name the encoding with --encoding, "
            "or use --errors replace)"
        ) from None
    except LookupError:
        raise InputError(f"{what}: unknown encoding {encoding!r}") from None
    if looks_like_html(text):
        text = html_to_text(text)[0]
    return source_from_text(text, what=what)


# -- HTML -----------------------------------------------------------------------------------
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "section", "article", "blockquote", "pre", "figcaption", "figure", "dd", "dt", "main", "hr",
}  # fmt: skip


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip:
            self.parts.append(data)


_HTML_TAG = re.compile(
    r"</?(?:!doctype html|html|head|body|p|div|span|nav|article|section|br|a|li|h[1-6])\b[^>]*>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Whether text given without a file name (stdin, the API) is an HTML page: a doctype or
    <html> at the start, or several block tags."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(_HTML_TAG.findall(text, 0, 100_000)) >= 3


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML page, one block per paragraph, and its <title>."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n\n".join(line for line in lines if line)
    return text, " ".join("".join(parser.title_parts).split())


# -- boilerplate ----------------------------------------------------------------------------
def _load_patterns() -> list[re.Pattern[str]]:
    data = resources.files("kg").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    patterns = []
    for line in data.splitlines():
        if line.strip() and not line.startswith("#"):
            patterns.append(re.compile(line, re.MULTILINE | re.IGNORECASE))
    return patterns


_PATTERNS: list[re.Pattern[str]] | None = None


def mask_boilerplate(text: str) -> str:
    """Blank out (with spaces, keeping offsets) lines and fragments that scraped news pages
    carry but that are not the story: breadcrumbs, share/print widgets, comment boxes, photo
    credits, image placeholders, e-mail bylines. The patterns live in kg/data/boilerplate.txt."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _load_patterns()
    chars = list(text)
    changed = False
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            for i in range(match.start(), match.end()):
                if chars[i] not in "\r\n":
                    chars[i] = " "
                    changed = True
    return "".join(chars) if changed else text


# -- language -------------------------------------------------------------------------------
def _script_counts(text: str) -> tuple[int, int]:
    hangul = latin = 0
    for ch in text:
        if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e":
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    return hangul, latin


def detect_language(text: str, default: Language = "en") -> Language:
    """Hangul vs Latin letters. A Hangul syllable carries about as much as three Latin letters,
    so Korean sentences full of English company names still count as Korean."""
    hangul, latin = _script_counts(text)
    if hangul == 0 and latin == 0:
        return default
    return "ko" if hangul * 3 >= latin else "en"


def _language_of_counts(hangul: int, latin: int) -> str:
    if hangul and latin and min(hangul * 3, latin) / max(hangul * 3, latin) > 0.25:
        return "mixed"
    return "ko" if hangul * 3 >= latin and hangul else "en"


_SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)\]]*\s+|(?<=다\.)\s*")


def _cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` (longer than ``limit``): after its last sentence end within
    ``limit`` characters, unless that leaves less than a quarter; else after its last space;
    else at ``limit``."""
    window = text[:limit]
    cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
    if cut < limit // 4:
        cut = window.rfind(" ") + 1 or limit
    return cut


def _split_long(start: int, text: str) -> Iterator[tuple[int, str]]:
    while len(text) > MAX_SEGMENT_CHARS:
        cut = _cut_point(text, MAX_SEGMENT_CHARS)
        yield start, text[:cut]
        start, text = start + cut, text[cut:]
    if text:
        yield start, text


def _sentences(start: int, text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > pos:
            yield start + pos, text[pos : match.end()]
            pos = match.end()
    if pos < len(text):
        yield start + pos, text[pos:]


def segments(lines: Iterable[tuple[int, str]], lang: Language | None = None) -> Iterator[Segment]:
    """Paragraphs (lines) with their offsets and language. With ``lang`` None, a paragraph
    that mixes Hangul and Latin sentences is cut into runs of sentences of one language."""
    for start, line in lines:
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            continue
        lead = len(body) - len(body.lstrip())
        for seg_start, seg_text in _split_long(start + lead, stripped):
            if lang is not None:
                yield Segment(seg_start, seg_text, lang)
                continue
            hangul, latin = _script_counts(seg_text)
            if not (hangul and latin):
                yield Segment(seg_start, seg_text, detect_language(seg_text))
                continue
            yield from _language_runs(seg_start, seg_text)


def _language_runs(seg_start: int, seg_text: str) -> Iterator[Segment]:
    run_start, run_end, run_lang = -1, -1, None
    for s_start, s_text in _sentences(seg_start, seg_text):
        s_lang = detect_language(s_text, default=run_lang or "en")
        if run_lang is None or s_lang == run_lang:
            run_start = s_start if run_lang is None else run_start
            run_end, run_lang = s_start + len(s_text), s_lang
            continue
        yield Segment(run_start, seg_text[run_start - seg_start : run_end - seg_start].rstrip(), run_lang)
        run_start, run_end, run_lang = s_start, s_start + len(s_text), s_lang
    if run_lang is not None:
        yield Segment(run_start, seg_text[run_start - seg_start : run_end - seg_start].rstrip(), run_lang)


# -- parts of very large inputs -------------------------------------------------------------
def split_parts(lines: Iterable[tuple[int, str]], max_chars: int) -> Iterator[tuple[int, str]]:
    r"""Cut a text, given as its (offset, line) lines with their line ends, into consecutive
    (offset, text) parts of at most ``max_chars`` characters, which put together give the text
    back. A part ends at its last paragraph end (after a blank line) when that keeps at least
    half of it, else at a line end; a line longer than a part is cut at a sentence end, else at
    a space (``_cut_point``). Only one part is held at a time.

    >>> text = "One. Two.\n\nThree four five.\nSix.\n"
    >>> list(split_parts(_exact_lines(text), 20))
    [(0, 'One. Two.\n\n'), (11, 'Three four five.\n'), (28, 'Six.\n')]
    >>> [t for _, t in split_parts(_exact_lines("Aa bb. Cc dd. Ee ff."), 8)]
    ['Aa bb. ', 'Cc dd. ', 'Ee ff.']
    """
    buf: list[str] = []
    size = start = 0
    para = para_size = 0  # lines and characters of ``buf`` up to its last paragraph end
    for offset, line in lines:
        while size + len(line) > max_chars:
            if buf:
                cut = para if para_size >= max_chars // 2 else len(buf)
                text = "".join(buf[:cut])
                yield start, text
                start, size, buf = start + len(text), size - len(text), buf[cut:]
                para = para_size = 0  # no blank line is left after the last one
                continue
            cut = _cut_point(line, max_chars)  # one line longer than a part
            yield offset, line[:cut]
            offset, line = offset + cut, line[cut:]
        if not buf:
            start = offset
        buf.append(line)
        size += len(line)
        if not line.strip():
            para, para_size = len(buf), size
    if buf:
        yield start, "".join(buf)


def _exact_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of text in memory, line ends kept, nothing added or masked."""
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line
        pos += len(line)


def source_parts(src: SourceText, max_chars: int) -> Iterator[SourceText]:
    """``src`` itself when it holds at most ``max_chars`` characters; else its parts
    (``split_parts``), each a document of its own with the source ``<source>#part-N`` (N from
    1), the title ``<title> (part N)`` and its text in memory (at most ``max_chars``), read
    one at a time. Parts with nothing to extract (blank, boilerplate) are left out and not
    numbered, so the same file always gives the same parts."""
    if src.char_count <= max_chars:
        yield src
        return
    lines = _exact_lines(src.text or "") if src.text is not None or src.path is None else None
    if lines is None:
        assert src.path is not None
        lines = _iter_file_lines(src.path, src.errors, encoding=src.encoding)
    n = 0
    for _, text in split_parts(lines, max_chars):
        what = f"{src.source}#part-{n + 1}"
        try:
            part = source_from_text(text, source=what, title=f"{src.title} (part {n + 1})", what=what)
        except EmptyDocumentError:
            continue
        n += 1
        yield part
