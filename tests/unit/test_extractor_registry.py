"""The extractor registry (extractors/registry.py): a decorator, the ``kg.extractors`` entry
points and the built-in module strings; an unknown language is a clear error; one extractor per
language and model settings."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from extractors.base import ExtractorSettings
from extractors.registry import (
    BUILTIN,
    ENTRY_POINT_GROUP,
    UnknownLanguageError,
    get_extractor,
    register_extractor,
    registered_languages,
    unregister_extractor,
)
from kg.config import Settings
from schema.errors import InputError
from schema.types import Extraction, Language

ROOT = Path(__file__).resolve().parents[2]


class EchoExtractor:
    """A test extractor: no model, one empty result per text."""

    name = "echo"
    language: Language = "en"

    def __init__(self, settings: ExtractorSettings) -> None:
        self.model = settings.spacy_model

    def extract(self, text: str) -> Extraction:
        return Extraction(language="en", extractor=self.name)

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        for text in texts:
            yield self.extract(text)


@pytest.fixture
def echo() -> Iterator[str]:
    register_extractor("xx-echo")(EchoExtractor)
    yield "xx-echo"
    unregister_extractor("xx-echo")


def test_an_unknown_language_names_the_registered_ones() -> None:
    with pytest.raises(UnknownLanguageError) as info:
        get_extractor("fr", Settings())  # type: ignore[arg-type]
    message = str(info.value)
    assert "'fr'" in message and "en" in message and "ko" in message
    assert isinstance(info.value, InputError)


def test_a_registered_extractor_is_built_once_per_settings(echo: str) -> None:
    assert echo in registered_languages()
    first = get_extractor(echo, Settings())  # type: ignore[arg-type]
    assert isinstance(first, EchoExtractor)
    assert get_extractor(echo, Settings()) is first  # type: ignore[arg-type]
    other = get_extractor(echo, Settings(spacy_model="another_model"))  # type: ignore[arg-type]
    assert other is not first and isinstance(other, EchoExtractor) and other.model == "another_model"


def test_a_second_class_for_one_language_is_an_error(echo: str) -> None:
    register_extractor(echo)(EchoExtractor)  # the same class again: fine

    class Other(EchoExtractor):
        pass

    with pytest.raises(ValueError, match="already registered for 'xx-echo'"):
        register_extractor(echo)(Other)


def test_an_entry_point_adds_a_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package with one ``kg.extractors`` entry point, installed as a dist-info on sys.path."""
    (tmp_path / "kg_echo_lang.py").write_text(
        "from extractors.registry import register_extractor\n"
        "class EchoLang:\n"
        "    name = 'echo-lang'\n"
        "    language = 'en'\n"
        "    def __init__(self, settings):\n"
        "        self.settings = settings\n",
        encoding="utf-8",
    )
    info = tmp_path / "kg_echo_lang-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-echo-lang\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nxx-ep = kg_echo_lang:EchoLang\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert "xx-ep" in registered_languages()
        extractor = get_extractor("xx-ep", Settings())  # type: ignore[arg-type]
        assert type(extractor).__name__ == "EchoLang"
    finally:
        unregister_extractor("xx-ep")
        sys.modules.pop("kg_echo_lang", None)


def test_the_entry_points_of_pyproject_are_the_built_in_ones() -> None:
    """``BUILTIN`` resolves a checkout whose installed metadata predates the entry points; both
    must name the same classes."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"][ENTRY_POINT_GROUP] == BUILTIN


def test_the_english_extractor_registers_itself() -> None:
    from extractors.en import EnglishExtractor

    # building it loads nothing yet: the model loads on first use
    assert isinstance(get_extractor("en", Settings()), EnglishExtractor)


def test_module_doctest() -> None:
    import doctest

    import extractors.registry

    failures, tried = doctest.testmod(extractors.registry)
    assert tried >= 1 and failures == 0
