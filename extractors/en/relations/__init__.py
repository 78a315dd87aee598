"""English relation patterns: ``patterns.yaml`` (the rules), ``country_titles.tsv``,
``containers.txt`` and ``modality.yaml`` (their word lists), read by :mod:`.stage`."""

from extractors.en.relations.stage import EnglishRelationStage

__all__ = ["EnglishRelationStage"]
