"""Write the README's seed figures from a real run instead of by hand.

Runs ``kg ingest seeds/`` into a fresh temporary data directory, reads the summary table it
prints, and rewrites the sentence between the ``<!-- figures:seeds -->`` and
``<!-- /figures -->`` markers in README.md. ``--check`` only compares and exits 1 when the
README is stale (the test suite runs it).

    python scripts/readme_figures.py            # rewrite README.md
    python scripts/readme_figures.py --check    # exit 1 when README.md is stale
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- figures:seeds -->)(.*?)(<!-- /figures -->)", re.S)
ROW = re.compile(r"^\W*([a-z][a-z ]+?)\s*[│|]\s*(\d+)\s*[│|]?\s*$")
# the rows of the summary table the README quotes, in the README's words
QUOTED = (
    ("documents ingested", "documents ingested"),
    ("mentions", "mentions"),
    ("new entities", "new entities"),
    ("new relations", "new relations"),
    ("merges", "merges"),
)


def summary_rows(table: str) -> dict[str, int]:
    """The name -> number rows of ``kg ingest``'s summary table.

    >>> summary_rows("│ documents ingested  │ 3   │\\n│ merges │ 46 │")
    {'documents ingested': 3, 'merges': 46}
    """
    rows: dict[str, int] = {}
    for line in table.splitlines():
        match = ROW.match(line.strip())
        if match:
            rows[match.group(1).strip()] = int(match.group(2))
    return rows


def sentence(rows: dict[str, int]) -> str:
    """The README's words for the figures.

    >>> sentence({"documents ingested": 3, "mentions": 143, "new entities": 58, "new relations": 21, "merges": 46})
    '3 documents ingested, 143 mentions, 58 new entities, 21 new relations, 46 merges'
    """
    return ", ".join(f"{rows[key]} {words}" for key, words in QUOTED)


def ingest_seeds() -> dict[str, int]:
    """Ingest seeds/ into a temporary data directory with the project's own CLI."""
    with tempfile.TemporaryDirectory(prefix="kg-readme-") as data_dir:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "ingest", "seeds/", "--data-dir", data_dir],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"kg ingest failed ({result.returncode}):\n{result.stderr}")
    rows = summary_rows(result.stdout)
    missing = [key for key, _ in QUOTED if key not in rows]
    if missing:
        raise SystemExit(f"kg ingest printed no {', '.join(missing)} row:\n{result.stdout}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale, change nothing")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    if not BLOCK.search(text):
        raise SystemExit("README.md has no <!-- figures:seeds --> ... <!-- /figures --> block")
    fresh = sentence(ingest_seeds())
    updated = BLOCK.sub(lambda m: f"{m.group(1)}{fresh}{m.group(3)}", text, count=1)
    if updated == text:
        print(f"README.md is up to date: {fresh}")
        return 0
    if args.check:
        print(f"README.md is stale; `python scripts/readme_figures.py` writes: {fresh}")
        return 1
    README.write_text(updated, encoding="utf-8")
    print(f"README.md updated: {fresh}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
