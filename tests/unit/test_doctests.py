"""Every runnable example in the docstrings of kg, extractors, schema and api runs, as
networkx doctests its public API. A module whose examples load the spaCy or Kiwi models is
marked ``models`` (they load once per session through the registry)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("schema", "extractors", "kg", "api")


def _modules_with_examples() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>>" in path.read_text(encoding="utf-8"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _param(name: str) -> object:
    marks = [pytest.mark.models] if name.startswith("extractors.") else []
    return pytest.param(name, marks=marks, id=name)


MODULES = _modules_with_examples()


def test_examples_are_found() -> None:
    assert "schema.text" in MODULES and "kg.resolve.keys" in MODULES


@pytest.mark.parametrize("name", [_param(n) for n in MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0, f"no example found in {name}"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
