"""Builds each language's extractor once per process (models load on first use)."""

from __future__ import annotations

import threading

from extractors.base import Extractor, ExtractorSettings
from schema.types import Language

__all__ = ["get_extractor"]

_lock = threading.Lock()
_cache: dict[tuple[Language, str, str, bool, int | None], Extractor] = {}


def get_extractor(lang: Language, settings: ExtractorSettings) -> Extractor:
    """The extractor for ``lang``, shared by every caller with the same model settings."""
    key = (lang, settings.spacy_model, str(settings.ko_ner_model), settings.english_demonyms, settings.kiwi_threads)
    with _lock:
        if key not in _cache:
            if lang == "en":
                from extractors.en.extractor import EnglishExtractor

                _cache[key] = EnglishExtractor(settings)
            else:
                from extractors.korean import KoreanExtractor

                _cache[key] = KoreanExtractor(settings)
        return _cache[key]
