"""Small hand-built document batches for the contract suite: real offsets into real sentences,
so every mention and piece of evidence is traceable as the pipeline's would be."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.store.base import DocumentBatch
from schema.types import Document, Entity, EntityType, Evidence, Language, Mention, MergeRecord, Relation, RelationType

__all__ = ["DocBuilder", "eid"]


def eid(name: str) -> str:
    return f"ent:{name.lower().replace(' ', '-')}"


@dataclass
class DocBuilder:
    """Sentences are added one at a time; mentions and relations refer to names in the last
    sentence added.

    Example::

        b = DocBuilder("doc:1", source="a.txt")
        b.sentence("Amazon partners with Coupang.")
        b.mention("Amazon", EntityType.COMPANY).mention("Coupang", EntityType.COMPANY)
        b.relation("Amazon", RelationType.PARTNERS_WITH, "Coupang", 0.8)
        batch = b.build()
    """

    doc_id: str
    source: str = ""
    language: Language = "en"
    title: str = ""
    text: str = ""
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    merges: list[MergeRecord] = field(default_factory=list)
    _sent: tuple[int, int] = (0, 0)
    _spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def sentence(self, sentence: str) -> DocBuilder:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += sentence
        self._sent = (start, len(self.text))
        self._spans = {}
        return self

    def mention(self, surface: str, etype: EntityType, entity_id: str | None = None, **entity: str) -> DocBuilder:
        s0, s1 = self._sent
        start = self.text.index(surface, s0, s1)
        entity_id = entity_id or eid(entity.get("name", surface))
        if entity_id not in self.entities:
            self.entities[entity_id] = Entity(
                id=entity_id,
                type=etype,
                name=entity.get("name", ""),
                name_en=entity.get("name_en", ""),
                name_ko=entity.get("name_ko", ""),
                keys=[f"{etype.value}|{surface.lower()}"],
            )
        mention = Mention(
            document_id=self.doc_id,
            start=start,
            end=start + len(surface),
            text=surface,
            type=etype,
            sentence=self.text[s0:s1],
            sentence_start=s0,
            sentence_end=s1,
            language=self.language,
            extractor="test",
            confidence=0.9,
        )
        self.mentions.append((entity_id, mention))
        self._spans[surface] = (mention.start, mention.end)
        self.merges.append(
            MergeRecord(entity_id=entity_id, alias=surface, reason="exact", score=1.0, document_id=self.doc_id)
        )
        return self

    def relation(
        self, source: str, rtype: RelationType, target: str, confidence: float, rule: str = "test"
    ) -> DocBuilder:
        """``source``/``target`` are surfaces mentioned in the current sentence."""
        s0, s1 = self._sent
        src_span, tgt_span = self._spans[source], self._spans[target]
        src_id = next(e for e, m in self.mentions if (m.start, m.end) == src_span)
        tgt_id = next(e for e, m in self.mentions if (m.start, m.end) == tgt_span)
        evidence = Evidence(
            document_id=self.doc_id,
            sentence=self.text[s0:s1],
            sentence_start=s0,
            sentence_end=s1,
            start=min(src_span[0], tgt_span[0]),
            end=max(src_span[1], tgt_span[1]),
            language=self.language,
            extractor="test",
            rule=rule,
            confidence=confidence,
            source_span=src_span,
            target_span=tgt_span,
        )
        if rtype.symmetric and tgt_id < src_id:
            src_id, tgt_id = tgt_id, src_id
            evidence = evidence.model_copy(update={"source_span": tgt_span, "target_span": src_span})
        self.relations.append(
            Relation(
                id=Relation.make_id(src_id, tgt_id, rtype),
                source=src_id,
                target=tgt_id,
                type=rtype,
                confidence=confidence,
                evidence=[evidence],
            )
        )
        return self

    def build(self) -> DocumentBatch:
        doc = Document(
            id=self.doc_id,
            title=self.title or self.doc_id,
            source=self.source,
            language=self.language,
            char_count=len(self.text),
        )
        return DocumentBatch(
            document=doc,
            entities=list(self.entities.values()),
            mentions=list(self.mentions),
            relations=list(self.relations),
            merges=list(self.merges),
        )
