"""The extractor registry: which extractor reads which language, like spaCy's ``registry``.

A language's extractor is found, in this order, among

1. classes registered in this process with :func:`register_extractor` (``@register_extractor("en")``
   on the class: importing its module registers it);
2. the entry points of the group ``kg.extractors`` (``en = "extractors.en:EnglishExtractor"`` in
   ``pyproject.toml``; read once per ``sys.path``): a new language is a package plus one entry
   point;
3. :data:`BUILTIN`, the same ``module:Class`` strings, for a checkout whose installed metadata
   predates them.

Each is resolved lazily (the module is imported only when its language is first asked for), and
:func:`get_extractor` builds one extractor per language and model settings per process (models
load on first use). An unknown language is an :class:`UnknownLanguageError` naming the
registered ones.

Example::

    >>> from extractors.registry import registered_languages
    >>> {"en", "ko"} <= set(registered_languages())
    True
"""

from __future__ import annotations

import functools
import importlib
import sys
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Protocol, TypeVar

from extractors.base import Extractor, ExtractorSettings
from schema.errors import InputError
from schema.types import Language

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "ExtractorFactory",
    "UnknownLanguageError",
    "get_extractor",
    "register_extractor",
    "registered_languages",
    "unregister_extractor",
]

ENTRY_POINT_GROUP = "kg.extractors"
# The entry points of pyproject.toml, for when the installed metadata does not have them yet.
BUILTIN: dict[str, str] = {
    "en": "extractors.en:EnglishExtractor",
    "ko": "extractors.ko:KoreanExtractor",
}


class ExtractorFactory(Protocol):
    """What the registry holds: a class (or callable) building an extractor from settings."""

    def __call__(self, settings: ExtractorSettings) -> Extractor: ...


F = TypeVar("F", bound=Callable[..., object])


class UnknownLanguageError(InputError):
    """No extractor is registered for a language; the message names the registered ones."""


_lock = threading.RLock()
_registered: dict[str, ExtractorFactory] = {}
_cache: dict[tuple[str, str, str, bool, int | None], Extractor] = {}


def register_extractor(lang: str) -> Callable[[F], F]:
    """Class decorator: ``@register_extractor("en")`` makes the class the extractor of ``lang``
    (built as ``cls(settings)``). Registering a second, different class for a language is an
    error."""

    def register(factory: F) -> F:
        with _lock:
            old = _registered.get(lang)
            if old is not None and old is not factory:
                raise ValueError(f"an extractor is already registered for {lang!r}: {old!r}")
            _registered[lang] = factory  # type: ignore[assignment]
        return factory

    return register


def unregister_extractor(lang: str) -> None:
    """Forget the class registered for ``lang`` and the extractors built from it (for tests)."""
    with _lock:
        _registered.pop(lang, None)
        for key in [k for k in _cache if k[0] == lang]:
            del _cache[key]


def _entry_point_targets() -> dict[str, str]:
    return _entry_point_targets_on(tuple(sys.path))


@functools.lru_cache(maxsize=4)
def _entry_point_targets_on(path: tuple[str, ...]) -> dict[str, str]:
    """The ``kg.extractors`` entry points installed on ``path`` (``sys.path``), read once: reading
    them opens every installed distribution's metadata (about 10 ms)."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def registered_languages() -> list[str]:
    """Every language an extractor is registered for, by decorator, entry point or built in."""
    with _lock:
        return sorted(set(_registered) | set(_entry_point_targets()) | set(BUILTIN))


def _load(target: str) -> ExtractorFactory:
    """The object a ``module:attribute`` string names (importing the module registers it)."""
    module, _, attr = target.partition(":")
    obj: ExtractorFactory = getattr(importlib.import_module(module), attr)
    return obj


def _factory(lang: str) -> ExtractorFactory:
    with _lock:
        if lang in _registered:
            return _registered[lang]
        target = _entry_point_targets().get(lang) or BUILTIN.get(lang)
        if target is None:
            known = ", ".join(registered_languages())
            raise UnknownLanguageError(f"no extractor is registered for language {lang!r}; registered: {known}")
        factory = _load(target)
        return _registered.setdefault(lang, factory)


def get_extractor(lang: Language, settings: ExtractorSettings) -> Extractor:
    """The extractor for ``lang``, shared by every caller with the same model settings."""
    key = (
        str(lang),
        settings.spacy_model,
        str(settings.ko_ner_model),
        settings.english_demonyms,
        settings.kiwi_threads,
    )
    with _lock:
        if key not in _cache:
            _cache[key] = _factory(lang)(settings)
        return _cache[key]
