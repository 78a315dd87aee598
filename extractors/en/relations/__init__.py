"""English relations: the reader's constructions (:mod:`.reader`, :mod:`.roles`, :mod:`.cues`,
confidences in ``reader.yaml``, cue words in ``extractors/en/lexicons/relation_cues.yaml``) and the
pattern stage (:mod:`.stage`: ``patterns.yaml`` (the rules), ``country_titles.tsv``,
``containers.txt`` and ``modality.yaml`` (their word lists))."""

from extractors.en.relations.stage import EnglishRelationStage

__all__ = ["EnglishRelationStage"]
