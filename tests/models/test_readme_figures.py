"""The README's seed figures are the output of a real ingest, not copied by hand:
``scripts/readme_figures.py --check`` ingests seeds/ afresh and compares."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.models
ROOT = Path(__file__).resolve().parents[2]


def test_readme_seed_figures_match_a_fresh_ingest() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/readme_figures.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date: 3 documents ingested" in result.stdout
