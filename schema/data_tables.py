"""The reviewable data tables in ``schema/aliases/data/`` (TSV), read row by row.

Example::

    >>> rows = read_tsv("corporate_forms.tsv")
    >>> all(isinstance(cell, str) for row in rows for cell in row)
    True
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["DATA_DIR", "read_tsv"]

DATA_DIR = Path(__file__).resolve().parent / "aliases" / "data"


def read_tsv(name: str) -> list[list[str]]:
    """The rows of the table ``name``, cells stripped; blank rows and ``#`` comments skipped."""
    rows: list[list[str]] = []
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            rows.append([c.strip() for c in row])
    return rows
