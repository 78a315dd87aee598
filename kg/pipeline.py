"""The only place the stages are wired together: text -> extract -> resolve -> store.

Example::

    settings = Settings(data_dir=Path("data"))
    store = open_store(settings)
    pipeline = Pipeline(settings, store)
    summary = pipeline.ingest_paths([Path("seeds")])
    store.close()
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from extractors.base import Extractor
from extractors.registry import get_extractor
from kg.calibration import RelationCalibration
from kg.config import Settings
from kg.ingest import (
    ErrorsMode,
    Segment,
    SourceText,
    collect_files,
    masked_lines,
    read_source,
    segments,
    source_from_text,
    source_parts,
)
from kg.resolve import Resolution, Resolver, default_resolver
from kg.store.base import DocumentBatch, GraphStore
from kg.workers import ExtractJob, WorkerStats, extract_in_workers
from schema.errors import InputError, KGError
from schema.types import (
    Document,
    Evidence,
    ExtractedMention,
    ExtractedRelation,
    Extraction,
    Language,
    Mention,
    Relation,
    document_id_for,
)

__all__ = ["DocumentExtraction", "IngestReport", "IngestSummary", "Pipeline", "part_languages", "unchanged_report"]

_BATCH_SEGMENTS = 64  # paragraphs handed to an extractor at once (bounded memory)
# documents of one ingest extracted in one batch (spaCy and Kiwi batch across them), and their
# characters at most: fewer, larger batches keep Kiwi's threads busy (each batch starts its analysis
# afresh, with the main thread waiting for its first lines) and give spaCy full batches
_DOCS_TOGETHER = 64
_CHARS_TOGETHER = 512_000
_LANGUAGES: tuple[Language, ...] = ("en", "ko")  # the order in which a document's languages are extracted


class IngestReport(BaseModel):
    """What ingesting one document did."""

    document_id: str
    source: str = ""
    title: str = ""
    language: str = ""
    written: bool = False  # False: already stored, nothing added
    replaced: str | None = None
    mentions: int = 0
    entities: int = 0
    new_entities: int = 0
    relations: int = 0
    new_relations: int = 0
    merges: int = 0
    entity_ids: list[str] = Field(default_factory=list)
    relation_ids: list[str] = Field(default_factory=list)


class IngestSummary(BaseModel):
    documents: int = 0  # newly written
    unchanged: int = 0  # already stored
    failed: list[tuple[str, str]] = Field(default_factory=list)  # (path, message)
    skipped: list[tuple[str, str]] = Field(default_factory=list)  # unsupported types
    entities: int = 0
    relations: int = 0
    mentions: int = 0
    merges: int = 0
    reports: list[IngestReport] = Field(default_factory=list)
    workers: WorkerStats = Field(default_factory=WorkerStats)  # with --workers > 1
    split: list[tuple[str, int]] = Field(default_factory=list)  # (path, parts): files ingested in parts


# a document to extract, or what ingesting it came to without extraction
_Outcome = SourceText | IngestReport | KGError


@dataclass
class DocumentExtraction:
    """Every mention and relation of one text, with offsets into that text."""

    mentions: list[Mention] = field(default_factory=list)
    # (source mention index, target mention index, relation as extracted, evidence)
    relations: list[tuple[int, int, ExtractedRelation, Evidence]] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)


class Pipeline:
    """Runs documents through extraction, resolution and the store."""

    def __init__(
        self,
        settings: Settings,
        store: GraphStore | None = None,
        resolver: Resolver | None = None,
        extractors: dict[Language, Extractor] | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._resolver = resolver
        self._extractors = dict(extractors or {})
        self._calibration: RelationCalibration | None = None

    # -- components (built on first use) ---------------------------------------------------
    @property
    def store(self) -> GraphStore:
        if self._store is None:
            raise KGError("this pipeline was built for extraction only; it has no store")
        return self._store

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = default_resolver(self.settings)
        return self._resolver

    @property
    def calibration(self) -> RelationCalibration:
        if self._calibration is None:
            self._calibration = RelationCalibration.load(self.settings.relation_calibration)
        return self._calibration

    def extractor(self, lang: Language) -> Extractor:
        if lang not in self._extractors:
            self._extractors[lang] = get_extractor(lang, self.settings)
        return self._extractors[lang]

    # -- extraction ------------------------------------------------------------------------
    def extract(
        self,
        lines: Iterable[tuple[int, str]],
        document_id: str = "",
        lang: Language | None = None,
        languages: Sequence[Language] = _LANGUAGES,
    ) -> DocumentExtraction:
        """Extract from a document's lines; offsets in the result are document offsets. With
        ``languages`` one language, only that language's paragraphs: a part of the document,
        unfinished (``join_parts`` joins the parts)."""
        result = DocumentExtraction()
        segs = segments(lines, lang)
        while batch := list(itertools.islice(segs, _BATCH_SEGMENTS)):
            for language in languages:
                group = [s for s in batch if s.language == language]
                if not group:
                    continue
                result.languages.add(language)
                extractor = self.extractor(language)
                texts = [s.text for s in group]
                # Extractors that keep names consistent across a document read its paragraphs
                # together (a batch at a time, so memory stays bounded on huge files).
                read_together = getattr(extractor, "extract_documents", None)
                extractions = read_together([texts])[0] if read_together else extractor.extract_many(texts)
                for seg, extraction in zip(group, extractions, strict=True):
                    self._place(result, seg, extraction, document_id)
        return self._finish(result) if tuple(languages) == _LANGUAGES else result

    def extract_sources(
        self, items: Sequence[tuple[SourceText, str, Language | None]], languages: Sequence[Language] = _LANGUAGES
    ) -> list[DocumentExtraction]:
        """``extract`` of several documents (source, document id, language) at once: one
        extractor call per language for all of them, so spaCy and Kiwi batch across small
        documents; the results are those ``extract`` gives each (with ``languages``, parts).
        A document of more than one batch of paragraphs is extracted on its own (its
        paragraphs are not all held)."""
        segs = [list(itertools.islice(segments(src.lines(), lang), _BATCH_SEGMENTS + 1)) for src, _, lang in items]
        results = [DocumentExtraction() for _ in items]
        alone = {i for i, s in enumerate(segs) if len(s) > _BATCH_SEGMENTS}
        groups = {
            language: [(i, g) for i, doc in enumerate(segs) if i not in alone if (g := _of(doc, language))]
            for language in languages
        }
        # documents read together (English: one nlp.pipe batch), else apart
        together = {
            lang: getattr(self.extractor(lang), "extract_documents", None) for lang, todo in groups.items() if todo
        }
        # extractors that read documents apart (Korean: Kiwi's analysis starts at the call and
        # runs in its own threads) start first, so that their work overlaps the others'
        started = {lang: self._extract_apart(lang, groups[lang]) for lang, read in together.items() if read is None}
        for language, read_together in together.items():
            todo = groups[language]
            if read_together is None:
                per_doc = started[language]
            else:
                per_doc = iter(read_together([[s.text for s in group] for _, group in todo]))
            for (i, group), extractions in zip(todo, per_doc, strict=True):
                results[i].languages.add(language)
                for seg, extraction in zip(group, extractions, strict=True):
                    self._place(results[i], seg, extraction, items[i][1])
        whole = tuple(languages) == _LANGUAGES
        for i, (src, doc_id, lang) in enumerate(items):
            if i in alone:
                results[i] = self.extract(src.lines(), doc_id, lang, languages)
            elif whole:
                results[i] = self._finish(results[i])
        return results

    def _extract_apart(self, language: Language, todo: list[tuple[int, list[Segment]]]) -> Iterator[list[Extraction]]:
        """Each document's extractions in ``language`` by one ``extract_many`` of all their
        paragraphs, called now (Korean: Kiwi starts analysing), regrouped per document as
        they are taken."""
        flat = iter(self.extractor(language).extract_many([s.text for _, group in todo for s in group]))
        return (list(itertools.islice(flat, len(group))) for _, group in todo)

    def join_parts(self, parts: Sequence[DocumentExtraction]) -> DocumentExtraction:
        """A document of one batch of paragraphs (``part_languages``) extracted in parts, one
        per language (``extract_sources(..., languages=(lang,))``, in the order of
        ``_LANGUAGES``), joined: the extraction ``extract`` gives the whole document."""
        result = DocumentExtraction()
        for part in parts:
            base = len(result.mentions)
            for m in part.mentions:
                alias_of = m.attributes.get("alias_of")
                if isinstance(alias_of, int) and not isinstance(alias_of, bool) and base:
                    m = m.model_copy(update={"attributes": {**m.attributes, "alias_of": base + alias_of}})
                result.mentions.append(m)
            result.relations.extend((base + s, base + t, rel, ev) for s, t, rel, ev in part.relations)
            result.languages |= part.languages
        return self._finish(result)

    def _finish(self, result: DocumentExtraction) -> DocumentExtraction:
        """Mentions in document order; relations below the threshold dropped."""
        _in_document_order(result)
        floor = self.settings.relation_min_confidence
        result.relations = [r for r in result.relations if r[2].confidence >= floor]
        return result

    def _place(self, result: DocumentExtraction, seg: Segment, extraction: Extraction, document_id: str) -> None:
        off = seg.start
        base = len(result.mentions)
        for m in extraction.mentions:
            result.mentions.append(_mention(m, seg, extraction, document_id, base))
        for m in extraction.candidates:  # after the relations' mentions; never in a relation
            candidate = m.model_copy(update={"attributes": {**m.attributes, "candidate": True}})
            result.mentions.append(_mention(candidate, seg, extraction, document_id, base))
        calibration = self.calibration
        for raw in extraction.relations:
            r = calibration.apply(extraction.language, raw)
            src, tgt = extraction.mentions[r.source], extraction.mentions[r.target]
            # the evidence sentence covers both mentions' sentences
            s_start = min(src.sentence_start, tgt.sentence_start) if src.sentence_end else 0
            s_end = max(src.sentence_end, tgt.sentence_end) if src.sentence_end else len(seg.text)
            evidence = Evidence(
                document_id=document_id,
                sentence=seg.text[s_start:s_end],
                sentence_start=off + s_start,
                sentence_end=off + s_end,
                start=off + r.start,
                end=off + r.end,
                language=extraction.language,
                extractor=extraction.extractor,
                rule=r.rule,
                confidence=r.confidence,
                source_span=(off + src.start, off + src.end),
                target_span=(off + tgt.start, off + tgt.end),
            )
            result.relations.append((base + r.source, base + r.target, r, evidence))

    # -- ingestion -------------------------------------------------------------------------
    def ingest_source(self, src: SourceText, lang: Language | None = None) -> IngestReport:
        """Extract, resolve and store one document (not yet committed)."""
        doc_id = document_id_for(src.sha256)
        if self.store.get_document(doc_id) is not None:
            return unchanged_report(src)
        return self.store_extraction(src, self.extract(src.lines(), doc_id, lang), lang)

    def store_extraction(
        self, src: SourceText, extraction: DocumentExtraction, lang: Language | None = None
    ) -> IngestReport:
        """Resolve and store a document extracted already (here or in a worker process); not
        yet committed. A document stored meanwhile (the same text under another name earlier
        in the run) adds nothing."""
        doc_id = document_id_for(src.sha256)
        if self.store.get_document(doc_id) is not None:
            return unchanged_report(src)
        document = Document(
            id=doc_id,
            title=src.title,
            source=src.source,
            language=lang or src.language,
            char_count=src.char_count,
            content_sha256=src.sha256,
        )
        # A changed version of a known source replaces the old one. Remove the old version
        # first so resolution never links to entities that only the old version supported.
        previous = self.store.document_by_source(src.source) if src.source else None
        replaced = None
        if previous is not None and previous.id != doc_id:
            self.store.delete_document(previous.id)
            replaced = previous.id
        resolution = self.resolver.resolve(document, extraction.mentions, self.store)
        _keep_resolved_candidates(extraction, resolution)
        ids = resolution.entity_ids
        relations: dict[str, Relation] = {}
        for s, t, rel, evidence in extraction.relations:
            source, target = ids[s], ids[t]
            if source == target:
                continue
            rid = Relation.make_id(source, target, rel.type)
            if rel.type.symmetric and target < source:
                source, target = target, source
                evidence = evidence.model_copy(
                    update={"source_span": evidence.target_span, "target_span": evidence.source_span}
                )
            if rid in relations:
                known = relations[rid]
                relations[rid] = known.model_copy(
                    update={
                        "evidence": [*known.evidence, evidence],
                        "attributes": {**known.attributes, **rel.attributes},
                        "confidence": max(known.confidence, rel.confidence),
                    }
                )
            else:
                relations[rid] = Relation(
                    id=rid,
                    source=source,
                    target=target,
                    type=rel.type,
                    confidence=rel.confidence,
                    attributes=dict(rel.attributes),
                    evidence=[evidence],
                )
        batch = DocumentBatch(
            document=document,
            entities=resolution.entities,
            mentions=list(zip(ids, extraction.mentions, strict=True)),
            relations=list(relations.values()),
            merges=resolution.merges,
        )
        result = self.store.write_document(batch)
        return IngestReport(
            document_id=doc_id,
            source=src.source,
            title=src.title,
            language=document.language,
            written=result.written,
            replaced=replaced or result.replaced,
            mentions=len(extraction.mentions),
            entities=len(set(ids)),
            new_entities=result.new_entities,
            relations=len(relations),
            new_relations=result.new_relations,
            merges=sum(1 for m in resolution.merges if m.reason not in ("new", "exact")),
            entity_ids=sorted(set(ids)),
            relation_ids=sorted(relations),
        )

    def ingest_text(
        self, text: str, *, lang: Language | None = None, title: str = "", source: str = "", commit: bool = True
    ) -> IngestReport:
        """Ingest text held in memory (API, stdin) and commit it."""
        report = self.ingest_source(source_from_text(text, source=source, title=title), lang)
        if commit and report.written:
            self.store.commit()
        return report

    def ingest_paths(
        self,
        paths: Sequence[Path],
        *,
        lang: Language | None = None,
        errors: ErrorsMode = "strict",
        encoding: str | None = None,
        workers: int = 1,
        on_file: Callable[[Path, IngestReport | KGError], None] | None = None,
        on_event: Callable[[str], None] | None = None,
    ) -> IngestSummary:
        """Ingest files and folders; one bad file never stops the others. Commits every
        ``settings.commit_every`` documents and at the end, so a crash loses at most the
        documents since the last commit and never corrupts the graph.

        With ``workers`` > 1, extraction runs in that many processes (``kg.workers``) while
        this process resolves and stores the documents in input order: the graph is the same
        as with one. ``on_event`` hears of workers that died."""
        files, problems = collect_files(paths)
        summary = IngestSummary(skipped=[(str(p), str(e)) for p, e in problems])
        pending = 0

        def done(path: Path, outcome: IngestReport | KGError) -> None:
            nonlocal pending
            if isinstance(outcome, KGError):
                summary.failed.append((str(path), str(outcome)))
            else:
                summary.reports.append(outcome)
                if outcome.written:
                    summary.documents += 1
                    summary.entities += outcome.new_entities
                    summary.relations += outcome.new_relations
                    summary.mentions += outcome.mentions
                    summary.merges += outcome.merges
                    pending += 1
                else:
                    summary.unchanged += 1
            if on_file:
                on_file(path, outcome)
            if pending >= self.settings.commit_every:
                self.store.commit()
                pending = 0

        docs = self._documents(files, errors, encoding, summary)
        if workers <= 1:
            for batch in _batches(docs, _DOCS_TOGETHER, _CHARS_TOGETHER):
                self._ingest_together(batch, lang, done)
        else:
            self._ingest_in_workers(docs, lang, workers, summary, done, on_event)
        self.store.commit()
        return summary

    def _ingest_together(
        self,
        items: Sequence[tuple[Path, _Outcome]],
        lang: Language | None,
        done: Callable[[Path, IngestReport | KGError], None],
    ) -> None:
        """A few documents extracted together (``extract_sources``), then resolved and stored
        one by one in their order: the graph is the one of ingesting them one at a time."""
        todo = [(i, o) for i, (_, o) in enumerate(items) if isinstance(o, SourceText)]
        extracted = self.extract_sources([(src, document_id_for(src.sha256), lang) for _, src in todo])
        by_index = {i: extraction for (i, _), extraction in zip(todo, extracted, strict=True)}
        for i, (path, outcome) in enumerate(items):
            if isinstance(outcome, SourceText):
                outcome = self.store_extraction(outcome, by_index[i], lang)
            done(path, outcome)

    def _documents(
        self, files: Sequence[Path], errors: ErrorsMode, encoding: str | None, summary: IngestSummary
    ) -> Iterator[tuple[Path, _Outcome]]:
        """Each file's documents, in order: a SourceText to extract, or what ingesting it comes
        to without extraction (the error that names the file, the report of a document stored
        already). A file of more than ``settings.max_document_chars`` characters gives one
        document per part (``kg.ingest.source_parts``, noted in ``summary.split``); what an
        earlier version of a file left that this one does not replace goes (its whole
        document, when it is now in parts; its parts past the last, when it has fewer now)."""
        limit = self.settings.max_document_chars
        for path in files:
            try:
                src = read_source(path, errors, encoding)
            except InputError as exc:
                yield path, exc
                continue
            parts = 0
            if src.char_count > limit and (whole := self.store.document_by_source(src.source)) is not None:
                self.store.delete_document(whole.id)
            for doc in source_parts(src, limit):
                parts += doc is not src
                stored = self.store.get_document(document_id_for(doc.sha256)) is not None
                yield path, unchanged_report(doc) if stored else doc
            if parts:
                summary.split.append((str(path), parts))
            self._drop_parts_after(src.source, parts)

    def _drop_parts_after(self, source: str, parts: int) -> None:
        """Delete the documents ``<source>#part-K`` for K > ``parts`` (an earlier, longer version)."""
        k = parts + 1
        while source and (stale := self.store.document_by_source(f"{source}#part-{k}")) is not None:
            self.store.delete_document(stale.id)
            k += 1

    def _ingest_in_workers(
        self,
        docs: Iterator[tuple[Path, _Outcome]],
        lang: Language | None,
        workers: int,
        summary: IngestSummary,
        done: Callable[[Path, IngestReport | KGError], None],
        on_event: Callable[[str], None] | None,
    ) -> None:
        """Documents are read and checked here, in order; those stored already are reported
        without extraction; the rest go to the workers and come back in order."""
        paths: dict[int, Path] = {}
        early: dict[int, IngestReport | KGError] = {}  # outcomes known without extraction

        def jobs() -> Iterator[ExtractJob]:
            for i, (path, outcome) in enumerate(docs):
                paths[i] = path
                if isinstance(outcome, SourceText):
                    yield ExtractJob(i, outcome, lang, document_id_for(outcome.sha256))
                else:
                    early[i] = outcome

        next_index = 0

        def flush_early(upto: int) -> None:
            nonlocal next_index
            while next_index < upto:
                if next_index in early:
                    done(paths[next_index], early.pop(next_index))
                next_index += 1

        extracted = extract_in_workers(
            jobs(), self.settings, workers, summary.workers, on_event, lambda: self.resolver, self.join_parts
        )  # the resolver loads here while the workers load their models
        for job, outcome in extracted:
            flush_early(job.index)
            if isinstance(outcome, KGError):
                done(paths[job.index], outcome)
            else:
                done(paths[job.index], self.store_extraction(job.source, outcome, lang))
            next_index = job.index + 1
        flush_early(len(paths))

    def extract_text(self, text: str, lang: Language | None = None) -> DocumentExtraction:
        """What would be extracted from ``text``, without storing (offsets into ``text``)."""
        src = source_from_text(text)
        return self.extract(src.lines(), "", lang)


def _of(segments: list[Segment], language: Language) -> list[Segment]:
    return [s for s in segments if s.language == language]


def _batches(
    docs: Iterator[tuple[Path, _Outcome]], max_docs: int, max_chars: int
) -> Iterator[list[tuple[Path, _Outcome]]]:
    """``docs`` in batches of at most ``max_docs`` documents, cut early once their texts hold
    ``max_chars`` characters (outcomes known without extraction count for nothing)."""
    batch: list[tuple[Path, _Outcome]] = []
    chars = 0
    for item in docs:
        batch.append(item)
        if isinstance(item[1], SourceText):
            chars += item[1].char_count
        if len(batch) >= max_docs or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def part_languages(src: SourceText) -> tuple[Language, ...] | None:
    """The languages of ``src``'s paragraphs, in extraction order, when it has at most one
    batch of paragraphs: its language parts can then be extracted apart and joined
    (``Pipeline.join_parts``); None for a longer document."""
    found: set[Language] = set()
    for n, seg in enumerate(segments(src.lines(), None)):
        if n >= _BATCH_SEGMENTS:
            return None
        found.add(seg.language)
    return tuple(lang for lang in _LANGUAGES if lang in found)


def unchanged_report(src: SourceText) -> IngestReport:
    """The report of a document stored already: nothing written."""
    return IngestReport(
        document_id=document_id_for(src.sha256), source=src.source, title=src.title, language=src.language
    )


def _keep_resolved_candidates(extraction: DocumentExtraction, resolution: Resolution) -> None:
    """Candidate mentions (words no model typed, attribute ``candidate``) stay only where the
    resolver found the stored entity they name, with that entity's type; the others leave the
    document's mentions (no relation points at a candidate)."""
    if not resolution.types and all(resolution.entity_ids):
        return
    for i, type in resolution.types.items():
        mention = extraction.mentions[i]
        attributes = {k: v for k, v in mention.attributes.items() if k != "candidate"}
        extraction.mentions[i] = mention.model_copy(
            update={"type": type, "attributes": {**attributes, "source": "graph"}}
        )
    keep = [i for i, eid in enumerate(resolution.entity_ids) if eid]
    _select_mentions(extraction, keep)
    resolution.entity_ids = [resolution.entity_ids[i] for i in keep]
    resolution.types = {}


def _in_document_order(result: DocumentExtraction) -> None:
    """Mentions sorted by offset (languages are extracted in separate groups)."""
    order = sorted(range(len(result.mentions)), key=lambda i: (result.mentions[i].start, result.mentions[i].end))
    if order != list(range(len(order))):
        _select_mentions(result, order)


def _select_mentions(result: DocumentExtraction, order: list[int]) -> None:
    """Keep the mentions at ``order`` (old indexes), in that order, with every index that
    points at a mention remapped: ``alias_of`` (dropped when its target is not kept) and the
    relations (a relation loses nothing: none points at a mention left out)."""
    new_index = {old: new for new, old in enumerate(order)}
    mentions = []
    for i in order:
        mention = result.mentions[i]
        alias_of = mention.attributes.get("alias_of")
        if isinstance(alias_of, int) and not isinstance(alias_of, bool):
            attributes = {k: v for k, v in mention.attributes.items() if k != "alias_of"}
            if alias_of in new_index:
                attributes["alias_of"] = new_index[alias_of]
            mention = mention.model_copy(update={"attributes": attributes})
        mentions.append(mention)
    result.mentions = mentions
    result.relations = [
        (new_index[s], new_index[t], rel, ev) for s, t, rel, ev in result.relations if s in new_index and t in new_index
    ]


def _mention(m: ExtractedMention, seg: Segment, extraction: Extraction, document_id: str, base: int) -> Mention:
    off = seg.start
    attributes = dict(m.attributes)
    alias_of = attributes.get("alias_of")
    if isinstance(alias_of, int) and not isinstance(alias_of, bool):
        attributes["alias_of"] = base + alias_of  # extraction-local index -> document-level index
    s_start, s_end = (m.sentence_start, m.sentence_end) if m.sentence_end else (0, len(seg.text))
    return Mention(
        document_id=document_id,
        start=off + m.start,
        end=off + m.end,
        text=m.text,
        type=m.type,
        sentence=seg.text[s_start:s_end],
        sentence_start=off + s_start,
        sentence_end=off + s_end,
        language=extraction.language,
        extractor=extraction.extractor,
        confidence=m.confidence,
        attributes=attributes,
    )


def iter_jsonl_extractions(
    pipeline: Pipeline, items: Iterator[tuple[str, str, Language | None]]
) -> Iterator[dict[str, object]]:
    """For ``kg extract --jsonl``: one result dict per (id, text, lang) input."""
    for item_id, text, lang in items:
        result = pipeline.extract(masked_lines(text), "", lang)
        # candidate words are no mentions: only the resolver can make one of them a mention,
        # against a stored entity, and extraction has none to ask
        keep = [i for i, m in enumerate(result.mentions) if not m.attributes.get("candidate")]
        if len(keep) < len(result.mentions):
            _select_mentions(result, keep)
        yield {
            "id": item_id,
            "lang": lang or _lang_of(result),
            "entities": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "type": m.type.value,
                    "confidence": m.confidence,
                    "sentence_start": m.sentence_start,
                    "sentence_end": m.sentence_end,
                    "language": m.language,
                    "extractor": m.extractor,
                    **({"attributes": m.attributes} if m.attributes else {}),
                }
                for m in result.mentions
            ],
            "relations": [
                {
                    "source": s,
                    "target": t,
                    "type": rel.type.value,
                    "confidence": rel.confidence,
                    "rule": rel.rule,
                    **({"attributes": rel.attributes} if rel.attributes else {}),
                    "evidence": {"start": ev.start, "end": ev.end, "text": text[ev.start : ev.end]},
                }
                for s, t, rel, ev in result.relations
            ],
        }


def _lang_of(result: DocumentExtraction) -> str:
    if len(result.languages) == 1:
        return next(iter(result.languages))
    return "mixed" if result.languages else "en"
