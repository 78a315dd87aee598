"""The examples in the docstrings of the resolver's modules and of schema.keys run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "schema.keys",
    "kg.resolve.base",
    "kg.resolve.keys",
    "kg.resolve.spelling",
    "kg.resolve.places",
    "kg.resolve.scoring",
    "kg.resolve.guards",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failures == 0
