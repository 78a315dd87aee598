"""A document read as one text: its paragraphs joined by a blank line, and the extraction of
the whole split back into one result per paragraph."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from schema.types import ExtractedMention, Extraction

__all__ = ["PARAGRAPH_BREAK", "split_paragraphs"]

# Paragraphs of one document are read as one text joined by a blank line, which spaCy keeps
# as a whitespace token between sentences.
PARAGRAPH_BREAK = "\n\n"


def split_paragraphs(whole: Extraction, texts: Sequence[str], name: str) -> list[Extraction]:
    """The extraction of a document's joined paragraphs, one result per paragraph with offsets
    relative to it; a relation between two paragraphs is left out."""
    starts: list[int] = []
    pos = 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + len(PARAGRAPH_BREAK)
    results = [Extraction(language="en", extractor=name) for _ in texts]

    def paragraph_of(m: ExtractedMention) -> tuple[int, ExtractedMention] | None:
        """The paragraph a mention lies in and the mention with offsets into it; None for
        a name across a paragraph break (a misreading)."""
        k = bisect.bisect_right(starts, m.start) - 1
        lo, hi = starts[k], starts[k] + len(texts[k])
        if m.end > hi:
            return None
        update = {
            "start": m.start - lo,
            "end": m.end - lo,
            "sentence_start": max(m.sentence_start, lo) - lo,
            "sentence_end": min(m.sentence_end, hi) - lo,
        }
        return k, m.model_copy(update=update)

    where: dict[int, tuple[int, int]] = {}  # mention index -> (paragraph, index there)
    for idx, m in enumerate(whole.mentions):
        if (placed := paragraph_of(m)) is not None:
            k, moved = placed
            where[idx] = (k, len(results[k].mentions))
            results[k].mentions.append(moved)
    for m in whole.candidates:
        if (placed := paragraph_of(m)) is not None:
            results[placed[0]].candidates.append(placed[1])
    for rel in whole.relations:
        if rel.source not in where or rel.target not in where:
            continue
        (k, source), (k2, target) = where[rel.source], where[rel.target]
        if k != k2:
            continue
        lo, hi = starts[k], starts[k] + len(texts[k])
        results[k].relations.append(
            rel.model_copy(
                update={
                    "source": source,
                    "target": target,
                    "start": max(rel.start, lo) - lo,
                    "end": min(rel.end, hi) - lo,
                }
            )
        )
    return results
