"""kg's one cache directory: derived data (model weights as arrays, the alias dictionary's
index) kept on disk so that a process reads it in milliseconds instead of rebuilding it from
the shipped files.

The directory is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``. An
entry is named after the SHA-256 of the files it is derived from and a salt (its layout's
version and whatever else it depends on), so a changed source is never read from a stale
entry. Entries are written atomically and never unpickled (``.npz`` read with
``allow_pickle=False``, JSON or msgpack); a cache that cannot be read or written is no error:
the caller builds the data from its sources as before.

Example::

    >>> import tempfile
    >>> source = Path(tempfile.mkdtemp()) / "table.tsv"
    >>> _ = source.write_text("a\\tb\\n", encoding="utf-8")
    >>> entry = cache_path(source, "table", "1", suffix=".json")
    >>> entry.parent == cache_dir(), entry.name.startswith("table-"), entry.suffix
    (True, True, '.json')
    >>> target = source.with_name("entry.json")
    >>> write_atomic(target, lambda fh: fh.write(b"[1]"))
    >>> target.read_bytes()
    b'[1]'
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["cache_dir", "cache_path", "write_atomic", "write_npz"]


def cache_dir() -> Path:
    """Where cached data lives (``$KG_CACHE_DIR``, ``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``)."""
    if env := os.environ.get("KG_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def cache_path(source: Path | Sequence[Path], kind: str, salt: str, suffix: str = ".npz") -> Path:
    """The cache entry derived from ``source`` (a file, or several files in a fixed order);
    ``kind``: the file name's prefix; ``salt``: whatever else the cached data depends on, such
    as its layout's version. Reading a source may raise ``OSError``."""
    if isinstance(source, Path):
        digest = hashlib.sha256(source.read_bytes())
    else:
        digest = hashlib.sha256("\0".join(hashlib.sha256(s.read_bytes()).hexdigest() for s in source).encode())
    digest.update(f"\0{salt}".encode())
    return cache_dir() / f"{kind}-{digest.hexdigest()[:32]}{suffix}"


def write_atomic(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Write a cache entry atomically (``write`` fills the open file); a cache that cannot be
    written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=f"{path.suffix}.tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def write_npz(path: Path, arrays: dict[str, Any]) -> None:
    """Write numpy ``arrays`` as an ``.npz`` cache entry (atomically; no error when the cache
    cannot be written)."""
    import numpy as np

    write_atomic(path, lambda fh: np.savez(fh, **arrays))
