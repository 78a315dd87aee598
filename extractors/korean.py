"""Korean extraction on kiwipiepy (first version: Kiwi proper nouns joined into names)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.config import Settings
from schema.types import EntityType, ExtractedMention, Extraction, Language

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["KoreanExtractor"]

# NNP = proper noun, SL = foreign letters, SN = number: joined when they touch.
_NAME_TAGS = {"NNP", "SL", "SN"}


class KoreanExtractor:
    """Kiwi-based Korean extractor."""

    language: Language = "ko"
    name = "kiwi"

    def __init__(self, settings: Settings) -> None:
        self._kiwi: Kiwi | None = None

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi()
        return self._kiwi

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        for text in texts:
            yield self._extract_one(text)

    def _extract_one(self, text: str) -> Extraction:
        mentions: list[ExtractedMention] = []
        for sent in self.kiwi.split_into_sents(text, return_tokens=True):
            tokens: list[Any] = list(sent.tokens or [])
            i = 0
            while i < len(tokens):
                if tokens[i].tag != "NNP":
                    i += 1
                    continue
                j = i
                while j + 1 < len(tokens) and tokens[j + 1].tag in _NAME_TAGS and tokens[j + 1].start == tokens[j].start + tokens[j].len:
                    j += 1
                start, end = tokens[i].start, tokens[j].start + tokens[j].len
                mentions.append(
                    ExtractedMention(
                        start=start,
                        end=end,
                        text=text[start:end],
                        type=EntityType.COMPANY,
                        confidence=0.3,
                        sentence_start=sent.start,
                        sentence_end=sent.end,
                    )
                )
                i = j + 1
        return Extraction(language="ko", extractor=self.name, mentions=mentions)
