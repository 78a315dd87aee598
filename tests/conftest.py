"""Shared fixtures. Models load once per session (extractors.registry caches them); tests that
read ../shared skip cleanly when it is absent, as it is for users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import Settings
from kg.resolve import search_keys
from kg.store.networkx import NetworkXGraphStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (third-party eval and training data); skips when it is not there."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is absent (third-party evaluation data is not distributed)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def nx_store(settings: Settings) -> Iterator[NetworkXGraphStore]:
    store = NetworkXGraphStore(settings.data_dir, query_keys=search_keys)
    yield store
    store.close()
