"""Korean extraction: Kiwi morphemes, a character CRF, then named passes over the mentions.

``KoreanExtractor`` (``extractor.py``) loads the models and runs the passes of ``passes/`` in
the order of its ``PASSES`` list; ``ner/`` is the CRF tagger, ``relations/`` the relation
readers, ``lexicons/`` and ``models/`` the data they read (see docs/korean-extraction.md).
"""

from extractors.ko.extractor import KoreanExtractor

__all__ = ["KoreanExtractor"]
