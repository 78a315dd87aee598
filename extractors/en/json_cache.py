"""Data the English extractor derives from files at every start, kept as JSON in the cache
directory (:func:`extractors.ko.weight_cache.cache_dir`) so that a process reads it back instead
of deriving it again: the rows of ``relations/patterns.yaml`` as parsed (libyaml takes 30 ms for
them, JSON 1 ms) and the CLDR country names (Babel's locale data loads in 60 ms).

An entry is named after the SHA-256 of every file it is derived from and a format version,
so an edited file is never read from a stale entry; it is written atomically, and is kept only
when its JSON gives back exactly what was derived. A cache that cannot be read or written is
no error: the value is derived as before, and it is the same value either way.

Example::

    rows = cached_json("patterns", [path], "1", lambda: yaml.load(...))   # the parsed file
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from extractors.ko.weight_cache import cache_dir
from extractors.rules import PatternRow, load_rows, read_patterns_file

__all__ = ["cached_json", "pattern_rows"]

_PATTERNS_FORMAT = "1"  # of the cached data of a patterns file


def _entry(kind: str, sources: Sequence[Path], salt: str) -> Path:
    digest = hashlib.sha256()
    for source in sources:
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    digest.update(f"\0{salt}".encode())
    return cache_dir() / f"{kind}-{digest.hexdigest()[:32]}.json"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".json.tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def cached_json(kind: str, sources: Sequence[Path], salt: str, derive: Callable[[], Any]) -> Any:
    """What ``derive()`` gives (JSON data: lists, dicts with string keys, strings, numbers,
    booleans, None), read from the cache entry of ``sources`` when there is one. ``kind``:
    the entry's name prefix; ``salt``: whatever else the value depends on (a format version)."""
    try:
        path: Path | None = _entry(kind, sources, salt)
    except OSError:
        path = None  # a source that cannot be read: derive() says why
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    value = derive()
    if path is not None:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            return value
        if json.loads(text) == value:  # only what JSON gives back unchanged
            _write(path, text)
    return value


def pattern_rows(path: Path) -> list[PatternRow]:
    """``extractors.rules.load_rows`` of a patterns file, its data read from the cache when it
    holds them (the same rows)."""
    return load_rows(path, cached_json("patterns", [path], _PATTERNS_FORMAT, lambda: read_patterns_file(path)))
