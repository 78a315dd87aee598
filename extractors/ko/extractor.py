"""Korean extraction: Kiwi morphemes, a trained character-level NER model, then rules.

Flow per text: split into lines and Kiwi sentences (Kiwi's multi-threaded batch analysis), tag
each sentence with the CRF model in ``extractors/ko/models/ner`` (PS/OG/LC, see
``extractors/ko/ner``), correct and extend its spans with the lexicons in
``extractors/ko/lexicons`` (known names, corporate forms, particles, titles), type them (OG ->
Company or Organization by suffix and lexicon), link parenthesised aliases, and read relations
from particles (조사) and word order around cue words. Photo credits ("/11번가 제공, 뉴시스")
give mentions but never relation parties.

Kiwi tags used here: NNP proper noun, NNG common noun, SL foreign letters, SN number, JKS subject
particle (이/가), JX topic/auxiliary particle (은/는/도), JKO object particle (을/를), JKB adverbial
particle (에/와/과/에서...), JC conjunctive particle (와/과), JKG genitive (의), XSV verb-deriving
suffix (하/되), VCP copula (이다), ETM adnominal ending (-ㄴ/-는), EF sentence-final ending.

The sentence passes run in the order of :data:`PASSES`, the document passes in the order of
:data:`DOCUMENT_PASSES` (``extractors/ko/passes``, ``extractors/ko/document.py``).
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from extractors.base import ExtractorSettings
from extractors.ko.assemble import emit
from extractors.ko.context import Context
from extractors.ko.document import CANDIDATES, FAMILY_NAMES, DocumentPass, DocumentState
from extractors.ko.lexicon import Lexicons
from extractors.ko.passes import (
    ALIASES,
    BYLINES,
    CORPORATE_FORMS,
    COUNTRY_PAIRS,
    CREDITS,
    DEAL_PARTNERS,
    DEMONYMS,
    FACILITIES,
    FOREIGN_NAMES,
    HANJA_PLACES,
    KNOWN_NAMES,
    LATIN_NAMES,
    MODEL_SPANS,
    NATIONAL_FORCES,
    NUCLEAR_NORTH,
    ORG_CUES,
    ORIGINALS,
    PERSON_GOVERNMENTS,
    PERSON_PLACE_SPLIT,
    PLACE_CHAINS,
    PLACE_ROLES,
    REGNAL_NUMBERS,
    SPEAKERS,
    TITLED_NAMES,
    MentionState,
    ModelSpan,
    Pass,
)
from extractors.ko.paths import LEXICON_DIR, NER_MODEL_DIR, ROLES_DIR, TYPER_DIR
from extractors.ko.reading import Sentence, read_ahead
from extractors.ko.reading import sentences as read_sentences
from extractors.ko.relations.coref import Antecedents
from extractors.ko.relations.reader import KoreanRelationReader
from extractors.ko.spans import Tok
from schema.types import Extraction, Language

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

    from extractors.ko.ner import CrfNerTagger
    from extractors.ko.span_typer import SpanTyper

__all__ = ["DEFAULT_MODEL_DIR", "DOCUMENT_PASSES", "LEXICON_DIR", "PASSES", "KoreanExtractor"]

DEFAULT_MODEL_DIR = NER_MODEL_DIR
_BATCH = 64  # texts whose sentences the NER model scores at once
# the first batch is smaller, and each next one twice as large up to _BATCH: this thread starts
# tagging as soon as a few texts are analysed instead of idling until 64 are (a call of 64
# texts or fewer, as ``kg ingest`` makes, would otherwise analyse them all before it tags one)
_FIRST_BATCH = 4

# The sentence passes, in order: each takes the sentence's mention state and returns it.
PASSES: tuple[Pass, ...] = (
    MODEL_SPANS,  # the CRF's spans, cleaned and typed
    KNOWN_NAMES,  # known names, suffixed companies, names beside titles
    ORG_CUES,  # a name before 관계자/측/대변인 is an organisation
    FOREIGN_NAMES,  # a foreign name's halves joined, an Arabic article kept
    PERSON_PLACE_SPLIT,  # "피터 킹 뉴욕 주": the person, then the place
    PLACE_CHAINS,  # "경남 함양군": one place with its larger places inside
    COUNTRY_PAIRS,  # "한일": two countries
    PLACE_ROLES,  # a country that acts: a Place with the role Organization
    ORIGINALS,  # "시라즈 와하즈 (Siraj Wahhaj)": the name and its Latin alias
    NATIONAL_FORCES,  # "미군": an organisation with the country inside
    FACILITIES,  # "마닐라 국제공항": one place with 마닐라 inside
    SPEAKERS,  # a foreign one-word name that 말하다 is a person
    TITLED_NAMES,  # untagged names before a person's title
    PERSON_GOVERNMENTS,  # "부시 행정부": the government with its leader inside
    HANJA_PLACES,  # "오레곤州": a place with a Hanja suffix
    DEMONYMS,  # "일본인": the people's country
    NUCLEAR_NORTH,  # 북 of "북핵"
    REGNAL_NUMBERS,  # "베네딕토 16세": the number is part of the name
    LATIN_NAMES,  # "Los Angeles에": a dictionary name in Latin letters
    DEAL_PARTNERS,  # the unnamed partner of a deal
    BYLINES,  # "[더팩트|이민주 기자]"
    CORPORATE_FORMS,  # "(주)", "주식회사" kept as an attribute
    CREDITS,  # mentions inside a photo credit
    ALIASES,  # "신세계그룹(이마트)": the bracketed alias
)
# The document passes, in order, once every sentence of a text is read.
DOCUMENT_PASSES: tuple[DocumentPass, ...] = (FAMILY_NAMES, CANDIDATES)


def _lines(texts: Iterable[str], fed: deque[tuple[int, int, str]], line_counts: list[int]) -> Iterator[str]:
    """The non-empty lines of ``texts``, noting each one's (text index, start, line) in ``fed``
    as it is pulled and each text's count of them in ``line_counts``."""
    for t_idx, text in enumerate(texts):
        count = pos = 0
        for line in text.split("\n"):
            if line.strip():
                fed.append((t_idx, pos, line))
                count += 1
                yield line
            pos += len(line) + 1
        line_counts.append(count)


class KoreanExtractor:
    """Korean news -> typed mentions and relations, on Kiwi plus a trained CRF NER model.

    Example::

        extractor = KoreanExtractor(Settings())
        result = extractor.extract("박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.")
        [(m.text, m.type.value) for m in result.mentions]
        # [('박정호', 'Person'), ('SK텔레콤', 'Company'), ('아마존', 'Company')]
        [(r.type.value, r.attributes) for r in result.relations]
        # [('CEO_OF', {'title': '사장'}), ('PARTNERS_WITH', {})]"""

    language: Language = "ko"

    def __init__(self, settings: ExtractorSettings) -> None:
        self._model_dir = settings.ko_ner_model or DEFAULT_MODEL_DIR
        meta_path = self._model_dir / "meta.json"
        version = "missing"
        if meta_path.exists():
            version = str(json.loads(meta_path.read_text(encoding="utf-8")).get("version", "0"))
        self.name = f"kiwi-ner:{version}"
        self._lock = threading.Lock()
        self._kiwi_threads = settings.kiwi_threads or min(4, os.cpu_count() or 1)
        self._kiwi: Kiwi | None = None
        self._tagger: CrfNerTagger | None = None
        self._typer: SpanTyper | None = None
        self._roles: SpanTyper | None = None
        self._lex: Lexicons | None = None
        self._relations: KoreanRelationReader | None = None
        # the relation stage (extractors/ko/relations) after the pattern reader; off only to
        # measure its cost (bench/bench_korean.py)
        self.relation_stage = True
        self._unknown_ids: frozenset[int] = frozenset()
        self._context: Context | None = None

    # -- lazily loaded parts -------------------------------------------------------------
    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    kiwi = Kiwi(num_workers=self._kiwi_threads)
                    # the placeholder morphemes Kiwi gives words its dictionary lacks (form "",
                    # tag NNG or NNP): "가다피", "스베타" are unknown nouns, "깁스" a known one
                    self._unknown_ids = frozenset(
                        i for i in range(32) if kiwi.morpheme(i).form == "" and kiwi.morpheme(i).tag in ("NNG", "NNP")
                    )
                    self._kiwi = kiwi
        return self._kiwi

    @property
    def tagger(self) -> CrfNerTagger:
        if self._tagger is None:
            with self._lock:
                if self._tagger is None:
                    from extractors.ko.ner import CrfNerTagger

                    self._tagger = CrfNerTagger(self._model_dir)
        return self._tagger

    @property
    def typer(self) -> SpanTyper | None:
        """The span typer (``extractors.ko.span_typer``) if its weights are shipped, else None."""
        if self._typer is None and (TYPER_DIR / "weights.json").exists():
            with self._lock:
                if self._typer is None:
                    from extractors.ko.span_typer import SpanTyper

                    self._typer = SpanTyper.load(TYPER_DIR)
        return self._typer

    @property
    def roles(self) -> SpanTyper | None:
        """The country-role model (``ko_roles``, a span typer trained on country spans) if
        shipped, else None."""
        if self._roles is None and (ROLES_DIR / "weights.json").exists():
            with self._lock:
                if self._roles is None:
                    from extractors.ko.span_typer import SpanTyper

                    self._roles = SpanTyper.load(ROLES_DIR)
        return self._roles

    @property
    def relations(self) -> KoreanRelationReader:
        """The relation stage (``extractors/ko/relations``): the pair model and its rules on
        top of the pattern reader's relations."""
        if self._relations is None:
            with self._lock:
                if self._relations is None:
                    self._relations = KoreanRelationReader(LEXICON_DIR, self.lex.countries)
        return self._relations

    @property
    def lex(self) -> Lexicons:
        if self._lex is None:
            self._lex = Lexicons(LEXICON_DIR)
        return self._lex

    @property
    def context(self) -> Context:
        """What the passes read: lexicons, typers, the gazetteer, the deal words. (Two threads
        that race here build equal contexts from the same loaded parts: no lock needed.)"""
        if self._context is None:
            self._context = Context(
                lex=self.lex,
                typer=self.typer,
                roles=self.roles,
                gazetteer=self.tagger.gazetteer.names,
                deal_words=self.relations.deal_words,
            )
        return self._context

    # -- public API ----------------------------------------------------------------------
    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        """Each text on its own. Kiwi starts analysing at this call, in threads of its own, so a
        caller can start the Korean texts, run other work (English with spaCy) and then take
        the results, which come as they are iterated."""
        # One Kiwi call over every line of every text (lines first: headlines, captions and
        # bylines end without punctuation). Kiwi's threads pull lines ahead and analyse them
        # while this thread tags and reads the texts already analysed, a batch at a time.
        fed: deque[tuple[int, int, str]] = deque()  # (text index, line start, line) as Kiwi pulls them
        line_counts: list[int] = []  # non-empty lines per text, known once Kiwi pulled past it
        # no sub-sentences: building them is per-token Python work in kiwipiepy that nothing reads
        analysed = read_ahead(
            self.kiwi.split_into_sents(_lines(texts, fed, line_counts), return_tokens=True, return_sub_sents=False)
        )
        return self._read_analysed(analysed, fed, line_counts)

    # -- internals -----------------------------------------------------------------------
    def _read_analysed(
        self, analysed: Iterator[Any], fed: deque[tuple[int, int, str]], line_counts: list[int]
    ) -> Iterator[Extraction]:
        """The texts' results from Kiwi's analysis of their lines (``fed``: each line's text
        index, start and text, in the order Kiwi pulled them; ``line_counts``: lines per text)."""
        done: dict[int, int] = {}  # analysed lines per text
        sentences: list[Sentence] = []
        first = ready = 0  # texts [first, ready) are fully analysed and not yet returned
        batch = _FIRST_BATCH
        for sents in analysed:
            t_idx, line_start, line = fed.popleft()
            done[t_idx] = done.get(t_idx, 0) + 1
            sentences.extend(read_sentences(self._unknown_ids, t_idx, line_start, line, sents))
            while ready < len(line_counts) and done.get(ready, 0) == line_counts[ready]:
                done.pop(ready, None)
                ready += 1
            if ready - first >= batch:
                cut = next((i for i, sent in enumerate(sentences) if sent[0] >= ready), len(sentences))
                yield from self._extract_texts(first, ready, sentences[:cut])
                first, sentences = ready, sentences[cut:]
                batch = min(2 * batch, _BATCH)
        # Kiwi has consumed every line, so every text's line count is known
        yield from self._extract_texts(first, len(line_counts), sentences)

    def _extract_texts(self, first: int, last: int, sentences: list[Sentence]) -> Iterator[Extraction]:
        """Results for texts ``first`` to ``last - 1``: the NER model scores and decodes all
        their sentences at once (numpy over the batch), then each sentence is read in order."""
        results = [Extraction(language="ko", extractor=self.name) for _ in range(first, last)]
        tagged = self.tagger.tag_many([(s[2], s[3]) for s in sentences]) if sentences else []
        ctx = self.context
        relations = self.relations if self.relation_stage else None
        antecedents: dict[int, Antecedents] = {}  # per text: the names of its sentences so far
        for (t_idx, offset, text, tokens, sent_credits), model_spans in zip(sentences, tagged, strict=True):
            state = self.read_sentence(text, tokens, model_spans, sent_credits)
            memory = antecedents.setdefault(t_idx, Antecedents()) if relations is not None else None
            emit(ctx, state, offset, results[t_idx - first], relations, memory)
        by_text: dict[int, list[Sentence]] = {}
        for sent in sentences:
            by_text.setdefault(sent[0], []).append(sent)
        for t_idx, result in enumerate(results, start=first):
            doc = DocumentState(result, by_text.get(t_idx, []))
            for step in DOCUMENT_PASSES:
                doc = step(ctx, doc)
        yield from results

    def sentences(self, text: str) -> list[Sentence]:
        """Kiwi's sentences of ``text``, line by line, with their tokens and photo credits (as
        :meth:`extract` reads them; text index 0)."""
        sentences: list[Sentence] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                (sents,) = self.kiwi.split_into_sents([line], return_tokens=True, return_sub_sents=False)
                sentences.extend(read_sentences(self._unknown_ids, 0, pos, line, sents))
            pos += len(line) + 1
        return sentences

    def states(self, text: str, passes: Iterable[Pass] = PASSES) -> list[MentionState]:
        """The mention state of each sentence of ``text`` after ``passes`` (all of :data:`PASSES`
        by default): what :meth:`extract` writes out, for running or testing passes alone.

        Example::

            (state,) = extractor.states("북핵 문제", PASSES[: PASSES.index(NUCLEAR_NORTH)])
            state = NUCLEAR_NORTH(extractor.context, state)
        """
        passes = tuple(passes)
        sentences = self.sentences(text)
        tagged = self.tagger.tag_many([(s[2], s[3]) for s in sentences]) if sentences else []
        return [
            self.read_sentence(sent_text, tokens, model_spans, credits, passes)
            for (_, _, sent_text, tokens, credits), model_spans in zip(sentences, tagged, strict=True)
        ]

    def read_sentence(
        self,
        text: str,
        tokens: list[Tok],
        model_spans: list[ModelSpan],
        credits: list[tuple[int, int]] | None = None,
        passes: Iterable[Pass] = PASSES,
    ) -> MentionState:
        """The mention state of one sentence after ``passes`` (all of :data:`PASSES` by default)."""
        state = MentionState(text, tokens, model_spans, credits=list(credits or []))
        ctx = self.context
        for step in passes:
            state = step(ctx, state)
        return state
