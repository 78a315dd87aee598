"""English extraction on spaCy (:class:`EnglishExtractor`): lexicons in ``lexicons/``, named passes
over the parsed ``Doc`` in :mod:`extractors.en.passes`, relation rules in ``relations/``."""

from extractors.en.extractor import EnglishExtractor

__all__ = ["EnglishExtractor"]
