"""Korean extraction: Kiwi morphemes, a trained character-level NER model, then rules.

Flow per text: split into lines and Kiwi sentences (Kiwi's multi-threaded batch analysis), tag
each sentence with the CRF model in ``extractors/models/ko_ner`` (PS/OG/LC, see
``extractors/korean_ner.py``), correct and extend its spans with the lexicons in
``extractors/lexicons/ko`` (known names, corporate forms, particles, titles), type them (OG ->
Company or Organization by suffix and lexicon), link parenthesised aliases, and read relations
from particles (조사) and word order around cue words. Photo credits ("/11번가 제공, 뉴시스")
give mentions but never relation parties.

Kiwi tags used here: NNP proper noun, NNG common noun, SL foreign letters, SN number, JKS subject
particle (이/가), JX topic/auxiliary particle (은/는/도), JKO object particle (을/를), JKB adverbial
particle (에/와/과/에서...), JC conjunctive particle (와/과), JKG genitive (의), XSV verb-deriving
suffix (하/되), VCP copula (이다), ETM adnominal ending (-ㄴ/-는), EF sentence-final ending.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.base import ExtractorSettings
from extractors.relations.ko.partners import deal_partners
from extractors.relations.ko.reader import KoreanRelationReader
from extractors.relations.ko.reader import Mention as RelMention
from schema.translit import FACILITY_ENDINGS, HANJA_ADMIN_SUFFIXES, romanize, similarity, skeleton
from schema.types import (
    TYPE_GROUP,
    AttrValue,
    EntityType,
    ExtractedMention,
    ExtractedRelation,
    Extraction,
    Language,
    RelationType,
)

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

    from extractors.korean_ner import CrfNerTagger
    from extractors.korean_types import SpanTyper

__all__ = ["DEFAULT_MODEL_DIR", "LEXICON_DIR", "KoreanExtractor"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "ko_ner"
TYPER_DIR = Path(__file__).resolve().parent / "models" / "ko_types"
ROLES_DIR = Path(__file__).resolve().parent / "models" / "ko_roles"
# The country-role model reads a country as acting (role Organization) from this probability
# (KLUE-NER dev country spans: 0.6 gives 48 right / 21 wrong, 0.7 43 / 15, 0.8 36 / 12)
_ROLE_MIN = 0.7
# The span typer overrides the CRF's type only when it is this sure (tuned on KLUE-NER dev:
# 0.7-0.9 give the same F1 within 0.003; below, it overrides too often).
_TYPER_MIN = 0.8
LEXICON_DIR = Path(__file__).resolve().parent / "lexicons" / "ko"

_ORG_TYPES = (EntityType.COMPANY, EntityType.ORGANIZATION)
# a Hangul place name with its administrative suffix in Hanja (州 state, 市 city, 省 province,
# 縣 prefecture, 郡 county), not inside a longer Hangul or Hanja word
# a regnal number after a name, not an age ("76세 이상", "2세 때")
_AGE_WORDS = "이상|미만|이하|때|까지|부터|남성|여성|남자|여자|소년|소녀|아들|딸|아이|어린이|된|인"
_REGNAL = re.compile(rf" [1-9][0-9]?세(?![0-9])(?!\s*(?:{_AGE_WORDS}))")
# a run of Latin-letter words inside Korean text, not glued to Hangul before it
_LATIN_RUN = re.compile(r"(?<![A-Za-z0-9&.'\-])[A-Z][A-Za-z0-9&.'\-]*(?: [A-Za-z][A-Za-z0-9&.'\-]*)*")
_HANJA_SUFFIXED = re.compile(rf"(?<![가-힣一-龥])([가-힣]{{2,8}})[{''.join(HANJA_ADMIN_SUFFIXES)}](?![一-龥])")
# titles after which untagged proper nouns are a person's name (``_titled_names``): the title
# lexicon's people, and titles of heads of state, clergy and soldiers news gives foreigners
_PERSON_TITLES = frozenset(
    {
        "장관", "차관", "대통령", "총리", "부총리", "의원", "대변인", "감독", "코치", "선수", "교수",
        "회장", "사장", "부사장", "부회장", "총재", "총장", "사무총장", "위원장", "대사", "장군",
        "국왕", "여왕", "왕자", "교황", "대주교", "주교", "목사", "총통", "주석", "수상", "박사",
        "여사", "기자", "특파원", "판사", "검사",
    }
)  # fmt: skip
# not 시장/주지사/도지사: "콜리마 주지사" is the governor of Colima as often as a governor's name
_PERSON_TITLE_RE = re.compile("|".join(sorted(_PERSON_TITLES, key=len, reverse=True)))
# endings of an administrative area that can head a place chain ("경남 함양군"), and of roads
_AREA_ENDINGS = ("도", "시", "군", "구", "읍", "면", "동", "주", "성", "현")
_ROAD_ENDINGS = ("고속도로", "도로", "대로", "국도")
_SUBJECT_PARTICLES = {"JKS", "JX"}
_CUE_BLOCKERS = {"업체", "사", "자", "처"}
_SUBJECT_FORMS = {"은", "는", "이", "가"}
_WITH_FORMS = {"와", "과", "하고", "랑", "이랑"}
_BATCH = 64
# a photo credit or caption tail: "/11번가 제공, 뉴시스 |", "/사진공동취재단 |"
_CREDIT_RE = re.compile(r"(?:^|(?<=\s))/[^/\n]{1,40}?(?:\||$)")
# a fund's or SPAC's number at the end of its name ("…기업인수목적제4호", "…스팩30호")
_FUND_NUMBER = re.compile(r"제?\d+호$")
_CREDIT_WORDS = ("제공", "사진", "캡처", "출처", "자료", "DB", "뉴시스", "뉴스1", "연합뉴스")
# bylines: "[더팩트|이민주 기자]", "(서울=뉴스1) 홍길동 기자"
_BYLINE_RES = (
    re.compile(r"\[(?P<org>[^\[\]|=]{1,20})\s*[|=]\s*(?P<person>[가-힣]{2,4})\s*(?P<title>기자|특파원)\]"),
    re.compile(
        r"\((?P<place>[^()=]{1,10})=(?P<org>[^()=]{1,20})\)\s*(?P<person>[가-힣]{2,4})\s*(?P<title>기자|특파원)"
    ),
)


_READ_AHEAD = 256  # analysed lines a background thread keeps ready (see _read_ahead)


def _read_ahead(items: Iterator[Any], size: int = _READ_AHEAD) -> Generator[Any, None, None]:
    """``items`` in order, pulled by a background thread up to ``size`` ahead of the consumer.

    Kiwi's batch analysis works only a few lines ahead of whoever iterates it, so while this
    thread tags and reads a batch of sentences Kiwi's workers would idle; pulled from a thread
    of its own, Kiwi keeps analysing (its C++ work runs outside the GIL). An exception in Kiwi
    or in the input reaches the consumer; a consumer that stops early stops the thread."""
    import queue

    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        try:
            for item in items:
                if not put((False, item)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((True, exc))
            return
        put((True, None))

    thread = threading.Thread(target=feed, name="kiwi-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            done, value = box.get()
            if done:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()


@dataclass(slots=True)
class _Tok:
    """A Kiwi token with offsets relative to its sentence."""

    form: str
    tag: str
    start: int
    len: int
    unknown: bool = False  # a noun Kiwi's dictionary lacks (a foreign name, most often)

    @property
    def end(self) -> int:
        return self.start + self.len


@dataclass(slots=True, eq=False)  # identity: spans are compared as objects, never by value
class _Span:
    start: int
    end: int
    type: EntityType
    confidence: float
    source: str
    attributes: dict[str, AttrValue] = field(default_factory=dict)
    alias_of: _Span | None = None  # resolved to a mention index once the spans are final
    # a place chain's larger places ("경남" of "경남 함양군"): mentions of their own inside it
    parts: tuple[tuple[int, int], ...] = ()
    # the person of a government named after its leader ("부시" of "부시 행정부"), inside it
    person_part: tuple[int, int] | None = None


_MIDDLE_INITIAL = re.compile(r" [A-Z]\. ")


@dataclass(slots=True)
class _Cue:
    relation: RelationType
    kind: str


def _dictionary_names() -> list[tuple[str, EntityType, str, str]]:
    """Hangul names of the alias dictionary's country, place and government sections, with
    their types, dictionary ids and sections. A country's "(중국 특별행정구)" qualifier is
    dropped ("홍콩"); other names with brackets or letters are left out."""
    from schema.aliases import load_dictionary

    out = []
    for entry in load_dictionary(exclude=("companies", "people", "user")).entries.values():
        for name in entry.names:
            if entry.section == "countries":
                name = name.split("(")[0].strip()
            if name and all("가" <= ch <= "힣" or ch == " " for ch in name):
                out.append((name, entry.type, entry.id, entry.section))
    return sorted(out)


@cache
def latin_dictionary_names() -> dict[str, EntityType]:
    """Latin-letter names of the alias dictionary (countries, places, public bodies, companies)
    by exact spelling, for names a Korean sentence writes in Latin letters ("Los Angeles에",
    "EADS와"). One-word names need three letters and a capital; the company register's
    names count here because Latin letters in Korean text are a name far more often than not."""
    from schema.aliases import load_dictionary

    out: dict[str, EntityType] = {}
    # the whole shipped dictionary, the one the resolver loads too (one cached load for both)
    for entry in load_dictionary().entries.values():
        if entry.section in ("people", "user"):
            continue
        for name in entry.names:
            if not name.isascii() or not name[:1].isupper():
                continue
            short = len(name) < 3 or (name.isupper() and len(name) < 4 and entry.section == "companies")
            if " " not in name and short:
                continue  # "LG", "SKC": the model's business, and short acronyms collide
            out.setdefault(name, entry.type)
    return out


def _gazetteer_names() -> dict[str, str]:
    """The shipped NER model's gazetteer (KLUE names): name -> PS, OG or LC."""
    from extractors.korean_ner import GAZETTEER_FILE, Gazetteer

    return {name: label[-2:] for name, label in Gazetteer.load(DEFAULT_MODEL_DIR / GAZETTEER_FILE).names.items()}


class _Lexicons:
    """The data files under ``extractors/lexicons/ko``, loaded once."""

    def __init__(self, root: Path) -> None:
        self.names: dict[str, EntityType] = {
            name: EntityType(label) for name, label in self._tsv(root / "names.tsv", 2)
        }
        self.company_suffixes = tuple(self._list(root / "company_suffixes.txt"))
        self.org_suffixes = tuple(self._list(root / "org_suffixes.txt"))
        self.body_suffixes = tuple(x for x in self.org_suffixes if len(x) >= 2)
        self._org_name_suffixes = (*self.company_suffixes, *self.body_suffixes)
        self.place_suffixes = tuple(self._list(root / "place_suffixes.txt"))
        self.titles: dict[str, RelationType] = {t: RelationType(r) for t, r in self._tsv(root / "titles.tsv", 2)}
        self.cues: dict[str, list[_Cue]] = {}
        for cue, rel, kind in self._tsv(root / "relation_cues.tsv", 3):
            self.cues.setdefault(cue, []).append(_Cue(RelationType(rel), kind))
        # the words the relation reader starts from: a cue, a title or 소속 ("membership")
        self.relation_words = frozenset([*self.cues, *self.titles, "소속"])
        self.corporate_forms = sorted(self._list(root / "corporate_forms.txt"), key=len, reverse=True)
        self.former_marks = set(self._list(root / "former_marks.txt"))
        self.surnames = set(self._list(root / "surnames.txt"))
        self.not_names = set(self._list(root / "not_names.txt"))
        self.trailing_words = set(self._list(root / "trailing_words.txt"))
        self.occupations = frozenset(self._list(root / "occupations.txt"))
        self.org_cues = {cue: mode for cue, mode in self._tsv(root / "org_cues.tsv", 2)}
        cue_words = self._list(root / "cue_company_words.txt")
        # the company suffixes count too
        self.cue_company_endings = (*self.company_suffixes, *(w for w in cue_words if not w.startswith("-")))
        self.cue_generic_heads = tuple(w[1:] for w in cue_words if w.startswith("-"))
        # countries come from the alias dictionary: CLDR's Korean names (without its
        # non-country codes) and the names news uses besides them (터키, 호주, 미, 중)
        dictionary = _dictionary_names()
        self.countries = {name for name, _, _, section in dictionary if section == "countries"}
        self.place_qualifiers = set(self._list(root / "place_qualifiers.txt"))
        self.place_followers = frozenset(self._list(root / "place_followers.txt"))
        # "일본인", "미국인들은": a country's people (see KoreanExtractor._demonym_countries)
        demonym_countries = sorted((c for c in self.countries if len(c) >= 2), key=len, reverse=True)
        self.demonym_re = re.compile(
            r"(?<![가-힣])(?P<word>(?P<country>"
            + "|".join(map(re.escape, demonym_countries))
            + r")인(?:들)?)(?:[은는이가을를의에도와과만]|에게|에서|으로|로)?(?![가-힣])"
        )
        # Every country is a known place name ("쿡 제도", "적도 기니"), except those that are
        # also common words (수단 "means", 인도 "sidewalk"): the model decides those.
        ambiguous = set(self._list(root / "countries_ambiguous.txt"))
        self.ambiguous_countries = frozenset(ambiguous)
        for country in sorted(self.countries):
            if len(country) >= 2 and country not in ambiguous:
                self.names.setdefault(country, EntityType.PLACE)
        # The Korean names of the shipped bilingual dictionary's places and public bodies
        # (세계무역기구, 멜버른, 유럽축구연맹) are known names too; its company and people
        # sections are not (a company register is no evidence that a word is a name here).
        # every Hangul name of a country or place in the dictionary, short ones too (경남, 강원):
        # what may head a place chain ("경남 함양군")
        self.area_names = frozenset(
            name for name, etype, _, section in dictionary if etype is EntityType.PLACE and section != "world_cities"
        ) | frozenset(self.countries)
        # the world's cities (GeoNames) are known names unless KLUE's annotated names know the
        # word as a person or an organisation (노키아 is Nokia, the company, before the city)
        gazetteer = _gazetteer_names()
        taken = frozenset(name for name, label in gazetteer.items() if label in ("PS", "OG"))
        # people's names that end like an area ("부시" Bush, "레이시"): never an area
        self.area_exclusions = frozenset(
            name for name, label in gazetteer.items() if label == "PS" and name.endswith(_AREA_ENDINGS)
        )
        # what a multi-word organisation or place may start with and keep as a place of its
        # own ("런던 경찰청", "서울 외교통상부"): any dictionary place, short ones too
        self.leading_places = set(self.area_names)
        for name, etype, _, section in dictionary:
            if (
                section == "world_cities"
                and len(name) >= 2
                and name not in taken
                and name not in ambiguous
                and name not in self.not_names
            ):
                self.leading_places.add(name)
            # two-syllable names are too often common words (경기 "game", 파리 "fly")
            if section == "countries" or len(name) < 3 or name in ambiguous or name in self.not_names:
                continue
            if section == "world_cities" and name in taken:
                continue
            self.names.setdefault(name, etype)
        # English words that type a name written in Latin letters after its Korean form
        # ("젯 톤 영화사 (Jet Tone Films)"): the English extractor's lexicons
        en = root.parent.parent / "en" / "lexicons"  # extractors/en/lexicons
        self.en_company_words = frozenset(
            w.rstrip(".") for f in ("corporate_suffixes.txt", "newspaper_words.txt") for w in self._list(en / f)
        )
        # and words that name bodies only in such a pair ("Human Rights Watch"): too loose for
        # the English extractor's own list ("Apple Watch", "the Manhattan Project")
        self.en_org_words = frozenset(self._list(en / "organization_keywords.txt")) | {
            "Watch",
            "Project",
            "Forum",
            "League",
        }
        self.en_place_words = frozenset(self._list(en / "place_suffixes.txt"))
        self.en_event_words = frozenset(self._list(en / "event_suffixes.txt"))
        self.latin_names = latin_dictionary_names()
        self.max_name_len = max((len(n) for n in self.names), default=1)
        # candidate name lengths by first character, longest first (most tokens start none)
        lengths: dict[str, set[int]] = {}
        for n in self.names:
            lengths.setdefault(n[0], set()).add(len(n))
        self.name_lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}

    @staticmethod
    def _lines(path: Path) -> Iterator[str]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                yield line.rstrip()

    def _list(self, path: Path) -> list[str]:
        return [line.strip() for line in self._lines(path)]

    def _tsv(self, path: Path, width: int) -> list[tuple[str, ...]]:
        rows = []
        for line in self._lines(path):
            parts = line.split("\t")
            if len(parts) >= width:
                rows.append(tuple(p.strip() for p in parts[:width]))
        return rows

    def org_type(self, name: str) -> EntityType:
        """Company or Organization for an organisation name (lexicon, then suffixes)."""
        known = self.names.get(name)
        if known is not None and known in _ORG_TYPES:
            return known
        if name.endswith(self.company_suffixes):
            return EntityType.COMPANY
        if name.endswith(self.org_suffixes) or name.endswith("정부"):
            return EntityType.ORGANIZATION
        return EntityType.COMPANY

    def cue_type(self, name: str) -> EntityType:
        """The type of a name that speaks through 관계자/측/대변인: known names keep their type,
        administrative divisions are places (their officials speak for the county or city),
        anything else is an organisation."""
        known = self.names.get(name)
        if known is not None:
            return known
        if (
            len(name) >= 3
            and all("\uac00" <= ch <= "\ud7a3" for ch in name)
            and name.endswith(self.place_suffixes)
            and not name.endswith((*self.company_suffixes, *self.org_suffixes))
        ):
            return EntityType.PLACE
        return self.org_type(name)

    def cue_company_word(self, name: str, tokens: Sequence[_Tok]) -> bool:
        """A compound word before 관계자 that names a company by its ending (``cue_company_words.txt``):
        two or more morphemes, Hangul with digits at most, not a generic compound ("시중은행")."""
        if len(tokens) < 2 or not all("가" <= ch <= "힣" or ch.isdigit() for ch in name):
            return False
        core = _FUND_NUMBER.sub("", name)
        if core.startswith(self.cue_generic_heads):
            return False
        return any(core.endswith(x) and len(core) >= len(x) + 2 for x in self.cue_company_endings)

    def has_org_suffix(self, name: str) -> bool:
        """Ends in a company suffix or a multi-character organisation suffix (one-syllable
        endings like 부/청 are too common in person names to count here)."""
        # name[1:].endswith(x): name ends in x and is longer than x
        return bool(name) and name[1:].endswith(self._org_name_suffixes)

    def person_shaped(self, name: str) -> bool:
        """Looks like a personal name: a surname alone ("유 대변인"), two or three syllables
        starting with a surname ("최자", "이재명"), or a spaced Hangul name ("로리 스콧")."""
        if name in self.names or self.has_org_suffix(name):
            return False
        words = name.split(" ")
        if not all(w and all("가" <= ch <= "힣" for ch in w) for w in words):
            return False
        if len(words) > 1:
            return len(words) <= 3 and all(len(w) <= 4 for w in words)
        return len(name) <= 3 and name[0] in self.surnames

    def title_of(self, form: str) -> RelationType | None:
        return self.titles.get(form)


class KoreanExtractor:
    """Korean news -> typed mentions and relations, on Kiwi plus a trained CRF NER model.

    Example::

        extractor = KoreanExtractor(Settings())
        result = extractor.extract("박정호 SK텔레콤 사장은 아마존과 협력을 약속했다.")
        [(m.text, m.type.value) for m in result.mentions]
        # [('박정호', 'Person'), ('SK텔레콤', 'Company'), ('아마존', 'Company')]
        [(r.type.value, r.attributes) for r in result.relations]
        # [('CEO_OF', {'title': '사장'}), ('PARTNERS_WITH', {})]
    """

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
        self._lex: _Lexicons | None = None
        self._relations: KoreanRelationReader | None = None
        # the relation stage (extractors/relations/ko) after the pattern reader; off only to
        # measure its cost (bench/bench_korean.py)
        self.relation_stage = True
        self._unknown_ids: frozenset[int] = frozenset()

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
                    from extractors.korean_ner import CrfNerTagger

                    self._tagger = CrfNerTagger(self._model_dir)
        return self._tagger

    @property
    def typer(self) -> SpanTyper | None:
        """The span typer (``korean_types``) if its weights are shipped, else None."""
        if self._typer is None and (TYPER_DIR / "weights.json").exists():
            with self._lock:
                if self._typer is None:
                    from extractors.korean_types import SpanTyper

                    self._typer = SpanTyper.load(TYPER_DIR)
        return self._typer

    @property
    def roles(self) -> SpanTyper | None:
        """The country-role model (``ko_roles``, a span typer trained on country spans) if
        shipped, else None."""
        if self._roles is None and (ROLES_DIR / "weights.json").exists():
            with self._lock:
                if self._roles is None:
                    from extractors.korean_types import SpanTyper

                    self._roles = SpanTyper.load(ROLES_DIR)
        return self._roles

    @property
    def relations(self) -> KoreanRelationReader:
        """The relation stage (``extractors/relations/ko``): the pair model and its rules on
        top of the pattern reader's relations."""
        if self._relations is None:
            with self._lock:
                if self._relations is None:
                    self._relations = KoreanRelationReader(LEXICON_DIR, self.lex.countries)
        return self._relations

    @property
    def lex(self) -> _Lexicons:
        if self._lex is None:
            self._lex = _Lexicons(LEXICON_DIR)
        return self._lex

    # -- public API ----------------------------------------------------------------------
    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        # One Kiwi call over every line of every text (lines first: headlines, captions and
        # bylines end without punctuation). Kiwi's threads pull lines ahead and analyse them
        # while this thread tags and reads the texts already analysed, a batch at a time.
        fed: deque[tuple[int, int, str]] = deque()  # (text index, line start, line) as Kiwi pulls them
        line_counts: list[int] = []  # non-empty lines per text, known once Kiwi pulled past it

        def lines() -> Iterator[str]:
            for t_idx, text in enumerate(texts):
                count = pos = 0
                for line in text.split("\n"):
                    if line.strip():
                        fed.append((t_idx, pos, line))
                        count += 1
                        yield line
                    pos += len(line) + 1
                line_counts.append(count)

        # no sub-sentences: building them is per-token Python work in kiwipiepy that nothing reads
        analysed = _read_ahead(self.kiwi.split_into_sents(lines(), return_tokens=True, return_sub_sents=False))
        done: dict[int, int] = {}  # analysed lines per text
        sentences: list[_Sentence] = []
        first = ready = 0  # texts [first, ready) are fully analysed and not yet returned
        for sents in analysed:
            t_idx, line_start, line = fed.popleft()
            done[t_idx] = done.get(t_idx, 0) + 1
            sentences.extend(self._sentences(t_idx, line_start, line, sents))
            while ready < len(line_counts) and done.get(ready, 0) == line_counts[ready]:
                done.pop(ready, None)
                ready += 1
            if ready - first >= _BATCH:
                cut = next((i for i, sent in enumerate(sentences) if sent[0] >= ready), len(sentences))
                yield from self._extract_texts(first, ready, sentences[:cut])
                first, sentences = ready, sentences[cut:]
        # Kiwi has consumed every line, so every text's line count is known
        yield from self._extract_texts(first, len(line_counts), sentences)

    # -- internals -----------------------------------------------------------------------
    def _sentences(self, t_idx: int, line_start: int, line: str, sents: Iterable[Any]) -> Iterator[_Sentence]:
        """Kiwi's sentences of one line, with tokens and photo credits relative to each."""
        credits = [
            (m.start(), m.end())
            for m in _CREDIT_RE.finditer(line)
            if m.group().rstrip().endswith("|") or any(w in m.group() for w in _CREDIT_WORDS)
        ]
        unknown = self._unknown_ids
        for sent in sents:
            s0, s1 = sent.start, sent.end
            tokens = []
            for t in sent.tokens or ():
                start, length = t.start, t.len  # each attribute read builds a Python object
                if start >= s0 and start + length <= s1:
                    tag = t.tag
                    tokens.append(_Tok(t.form, tag, start - s0, length, tag == "NNG" and t.id in unknown))
            if tokens:
                sent_credits = [(s - s0, e - s0) for s, e in credits if s < s1 and e > s0]
                yield (t_idx, line_start + s0, line[s0:s1], tokens, sent_credits)

    def _extract_texts(self, first: int, last: int, sentences: list[_Sentence]) -> Iterator[Extraction]:
        """Results for texts ``first`` to ``last - 1``: the NER model scores and decodes all
        their sentences at once (numpy over the batch), then each sentence is read in order."""
        results = [Extraction(language="ko", extractor=self.name) for _ in range(first, last)]
        tagged = self.tagger.tag_many([(s[2], s[3]) for s in sentences]) if sentences else []
        for (t_idx, offset, text, tokens, sent_credits), model_spans in zip(sentences, tagged, strict=True):
            self._extract_sentence(text, tokens, offset, sent_credits, results[t_idx - first], model_spans)
        by_text: dict[int, list[_Sentence]] = {}
        for sent in sentences:
            by_text.setdefault(sent[0], []).append(sent)
        for t_idx, result in enumerate(results, start=first):
            self._family_names_again(result, by_text.get(t_idx, []))
            self._candidate_words(result, by_text.get(t_idx, []))
        yield from results

    def _candidate_words(self, out: Extraction, sentences: list[_Sentence]) -> None:
        """Proper nouns (NNP, or nouns Kiwi does not know) standing as a word of their own that
        no mention covers ("창기라이가
        …", "매케인에 대한"): candidates, kept only if they name an entity the graph already has
        (``Extraction.candidates``). Hangul, two syllables or more, followed by a particle or
        nothing; not a known name, a title or a word of the no-name list."""
        lex = self.lex
        taken = [(m.start, m.end) for m in out.mentions]
        for _, offset, text, tokens, _ in sentences:
            k = 0
            while k < len(tokens):
                tok = tokens[k]
                if tok.tag != "NNP" and not tok.unknown:  # the cheap test first: most tokens
                    k += 1
                    continue
                j = k
                while j + 1 < len(tokens) and _name_like(tokens[j + 1]) and tokens[j + 1].start == tokens[j].end:
                    j += 1
                a, b = tok.start, tokens[j].end
                k = j + 1
                if a > 0 and not (text[a - 1].isspace() or text[a - 1] in _CANDIDATE_BEFORE):
                    continue
                if k < len(tokens) and tokens[k].start == b and not tokens[k].tag.startswith("J"):
                    continue  # glued to a noun, a suffix or an ending: part of another word
                word = text[a:b]
                if (
                    len(word) < 2
                    or not all(_is_hangul_char(ch) for ch in word)
                    or word in lex.names
                    or word in lex.not_names
                    or lex.title_of(word) is not None
                    or any(s < offset + b and offset + a < e for s, e in taken)
                ):
                    continue
                out.candidates.append(
                    ExtractedMention(
                        start=offset + a,
                        end=offset + b,
                        text=word,
                        type=EntityType.PERSON,  # a placeholder: the entity it names decides
                        confidence=0.5,
                        sentence_start=offset,
                        sentence_end=offset + len(text),
                        attributes={"source": "candidate"},
                    )
                )

    def _family_names_again(self, out: Extraction, sentences: list[_Sentence]) -> None:
        """A foreign person named in full in the text ("크리스찬 베일이 …") and elsewhere in it by
        the family name alone ("베일은 …", "베일의 홍보담당자"), which the model seldom tags on
        its own: the lone word is a Person mention of that person (attribute ``full_name``,
        source "document"), as the English extractor finds "Bale" after "Christian Bale". Not
        when two people of the text bear the name, before the full name is written, nor for
        a word that is a known name, a title or a common word glued to a following noun."""
        lex = self.lex
        bearers: dict[str, set[str]] = {}
        first_at: dict[str, int] = {}  # where the full name is first written
        for m in out.mentions:
            words = m.text.split()
            if m.type is not EntityType.PERSON or len(words) < 2 or m.attributes.get("credit"):
                continue
            family = words[-1]
            if len(family) >= 2 and all(_is_hangul_char(ch) for ch in family):
                bearers.setdefault(family, set()).add(m.text)
                first_at[family] = min(first_at.get(family, m.start), m.start)
        names = {
            family: next(iter(full))
            for family, full in bearers.items()
            if len(full) == 1
            and family not in lex.names
            and family not in lex.not_names
            and lex.title_of(family) is None
        }
        if not names:
            return
        taken = sorted((m.start, m.end) for m in out.mentions)
        for _, offset, text, tokens, _ in sentences:
            starts = {t.start: k for k, t in enumerate(tokens)}
            ends = {t.end: k for k, t in enumerate(tokens)}
            for family, full in names.items():
                for found in re.finditer(re.escape(family), text):
                    a, b = found.start(), found.end()
                    if a not in starts or b not in ends or (a > 0 and _is_hangul_char(text[a - 1])):
                        continue
                    k = ends[b] + 1
                    if k < len(tokens) and tokens[k].start == b and not tokens[k].tag.startswith("J"):
                        continue  # glued to a noun or an ending: another word
                    if offset + a < first_at[family] or any(s < offset + b and offset + a < e for s, e in taken):
                        continue  # news names a person in full first ("뷰티 신" before "설리 뷰티")
                    out.mentions.append(
                        ExtractedMention(
                            start=offset + a,
                            end=offset + b,
                            text=family,
                            type=EntityType.PERSON,
                            confidence=0.6,
                            sentence_start=offset,
                            sentence_end=offset + len(text),
                            attributes={"full_name": full, "source": "document"},
                        )
                    )
                    taken.append((offset + a, offset + b))

    def _extract_sentence(
        self,
        text: str,
        tokens: list[_Tok],
        offset: int,
        credits: list[tuple[int, int]],
        out: Extraction,
        model_spans: list[tuple[int, int, str, float]],
    ) -> None:
        if not tokens:
            return
        spans = self._find_mentions(text, tokens, model_spans)
        spans += [
            _Span(a, b, EntityType.COMPANY, 0.7, "deal-partner")
            for a, b in deal_partners(
                text,
                tokens,
                [(sp.start, sp.end, sp.type in _ORG_TYPES) for sp in spans],
                self.relations.deal_words,
                self.lex.person_shaped,
            )
        ]
        byline_rel = self._bylines(text, spans)
        spans.sort(key=lambda s: s.start)
        for sp in spans:
            if sp.type in _ORG_TYPES and "corporate_form" not in sp.attributes:
                # "(주)아성다이소", "주식회사 카카오", "경안레저산업(주)": the form stays outside the name
                before = text[: sp.start].rstrip()
                for form in self.lex.corporate_forms:
                    if before.endswith(form) or text.startswith(form, sp.end):
                        sp.attributes["corporate_form"] = form
                        break
        for sp in spans:
            if any(cs <= sp.start and sp.end <= ce for cs, ce in credits):
                sp.attributes["credit"] = True
        self._link_aliases(text, tokens, spans)
        base = len(out.mentions)
        sent_start, sent_end = offset, offset + len(text)
        position = {id(sp): i for i, sp in enumerate(spans)}
        for sp in spans:
            attributes = dict(sp.attributes)
            attributes.setdefault("source", "model" if sp.source.startswith("model") else sp.source)
            if sp.alias_of is not None and id(sp.alias_of) in position:
                attributes["alias_of"] = base + position[id(sp.alias_of)]
            out.mentions.append(
                ExtractedMention(
                    start=offset + sp.start,
                    end=offset + sp.end,
                    text=text[sp.start : sp.end],
                    type=sp.type,
                    confidence=round(sp.confidence, 3),
                    sentence_start=sent_start,
                    sentence_end=sent_end,
                    attributes=attributes,
                )
            )
        rels = _RelationReader(text, tokens, spans, self.lex).read() if self._may_relate(tokens, spans) else []
        rel_mentions = [
            RelMention(
                sp.start, sp.end, sp.type, alias=sp.alias_of is not None, credit=bool(sp.attributes.get("credit"))
            )
            for sp in spans
        ]
        for owner, sp in enumerate(spans):
            # "필리핀 마닐라", "경남 함양군", "그리스 경찰": one mention as written (a place
            # chain is filed under its innermost place), and the areas or the country it starts
            # with as mentions of their own, inside it, so that their nodes are not lost
            parts = sp.parts or (self._leading_areas(text, sp) if sp.type is EntityType.PLACE else ())
            if not parts and sp.type is not EntityType.PERSON:
                country = self._leading_country(text[sp.start : sp.end])
                parts = ((sp.start, sp.start + len(country)),) if country else ()
            whole = text[sp.start : sp.end]
            nested: list[tuple[int, int, EntityType, dict[str, AttrValue]]] = [
                (a, b, EntityType.PLACE, {"within": whole}) for a, b in parts
            ]
            if sp.person_part is not None:  # the leader of "부시 행정부"
                nested.append((*sp.person_part, EntityType.PERSON, {"within": whole, "source": "nested"}))
            for a, b, etype, attributes in nested:
                rel_mentions.append(RelMention(a, b, etype, within=owner))
                out.mentions.append(
                    ExtractedMention(
                        start=offset + a,
                        end=offset + b,
                        text=text[a:b],
                        type=etype,
                        confidence=round(sp.confidence, 3),
                        sentence_start=sent_start,
                        sentence_end=sent_end,
                        attributes=attributes,
                    )
                )
        if self.relation_stage:
            rels = self.relations.read(text, tokens, rel_mentions, rels)
        for src, tgt, rtype, rule, conf, attrs in [*byline_rel(spans), *rels]:
            out.relations.append(
                ExtractedRelation(
                    source=base + src,
                    target=base + tgt,
                    type=rtype,
                    confidence=round(conf, 3),
                    rule=rule,
                    start=sent_start,
                    end=sent_end,
                    attributes=attrs,
                )
            )

    def _may_relate(self, tokens: list[_Tok], spans: list[_Span]) -> bool:
        """Whether the relation reader can find anything: two mentions that are not aliases and
        a cue, a title or 소속 among the tokens (most sentences have none of these)."""
        if sum(1 for sp in spans if sp.alias_of is None) < 2:
            return False
        return not self.lex.relation_words.isdisjoint([t.form for t in tokens])

    # -- mentions ------------------------------------------------------------------------
    def _find_mentions(
        self, text: str, tokens: list[_Tok], model_spans: list[tuple[int, int, str, float]]
    ) -> list[_Span]:
        lex = self.lex
        typer = self.typer
        model: list[_Span] = []
        starts = [t.start for t in tokens]
        for s, e, label, prob in model_spans:
            s, e, attrs = self._clean(text, tokens, starts, s, e)
            if e - s < 1 or text[s:e] in lex.not_names:
                continue
            etype = _LABEL_TYPES[label]
            name = text[s:e]
            known = lex.names.get(name)
            if known is None and typer is not None:
                # a second opinion on the type from the whole span and its particles
                label2, p = typer.predict(text, tokens, s, e, starts)
                # a country stays a place: KLUE tags a country that acts (a team, a
                # government) OG, and the typer learnt that; the graph wants one country node
                if p >= _TYPER_MIN and label2 != label and not (label2 == "OG" and name in lex.countries):
                    etype = _LABEL_TYPES[label2]
                    attrs = {**attrs, "typed_by": "span_typer"}
            if known is not None:
                etype = known
            elif etype is EntityType.COMPANY:
                etype = lex.org_type(name)
            elif etype is EntityType.PERSON and lex.has_org_suffix(name):
                # "외환은행" tagged PS: a name ending in 은행/그룹/위원회… is no person
                etype = lex.org_type(name)
            if known is None and etype is not EntityType.PLACE and len(name) >= 4 and name.endswith("스탄"):
                etype = EntityType.PLACE  # "발로치스탄", "쿠르디스탄": -stan names a land
            if etype in _ORG_TYPES and " " in name:
                words = name.split(" ")
                if words[0] in lex.area_names and lex.names.get(words[-1]) is EntityType.PLACE:
                    # "영국 잉글랜드 남부 본머스": a chain of places, whatever the model said
                    etype = EntityType.PLACE
            if etype in _ORG_TYPES and " " in name:
                person = self._leading_person(text, tokens, s, e)
                if person is not None:
                    # "임혜숙 과학기술정보통신부" before a title: a person, then the organisation
                    model.append(_Span(s, person, EntityType.PERSON, prob, "model-split"))
                    s = person + 1
                    name = text[s:e]
                    etype = lex.org_type(name)
            if etype is EntityType.PERSON:
                # "래퍼 블랙넛", "벨라루스 작가 스베틀라나 알렉세예비치": the occupation the model
                # ran into the front of a name is no part of it
                first, _, rest = name.partition(" ")
                while rest and first in lex.occupations:
                    s += len(first) + 1
                    name = rest
                    first, _, rest = name.partition(" ")
            if etype is EntityType.PLACE:
                e = self._country_before_noun(text, tokens, starts, s, e)
            model.append(_Span(s, e, etype, prob, "model", attrs))
        extra = self._lexicon_spans(text, tokens) + self._suffix_spans(text, tokens) + self._title_spans(text, tokens)
        spans = list(model)
        placed = _SpanIndex(spans)
        for cand in extra:
            overlapping = placed.overlapping(cand.start, cand.end)
            if not overlapping:
                spans.append(cand)
                placed.add(cand)
                continue
            if cand.source == "lexicon" and all(self._known_name_wins(text, tokens, sp, cand) for sp in overlapping):
                # the model ran a known name into a cue word ("GS홈쇼핑 흡수통합"): the name wins
                for sp in overlapping:
                    spans.remove(sp)
                    placed.remove(sp)
                spans.append(cand)
                placed.add(cand)
        self._org_cue_types(text, tokens, spans)
        self._join_foreign_names(text, tokens, spans)
        self._split_person_place(text, spans)
        self._join_place_chains(text, spans)
        self._country_pairs(text, spans)
        self._place_roles(text, tokens, spans)
        self._originals(text, tokens, spans)
        self._national_forces(text, tokens, spans)
        self._facilities(text, tokens, spans)
        self._speakers(text, tokens, spans)
        self._titled_names(text, tokens, spans)
        self._person_governments(text, tokens, spans)
        self._hanja_suffixed_places(text, spans)
        self._demonym_countries(text, spans)
        self._nuclear_north(text, spans)
        self._regnal_numbers(text, spans)
        self._latin_known_names(text, spans)
        return spans

    def _latin_known_names(self, text: str, spans: list[_Span]) -> None:
        """A name written in Latin letters inside a Korean sentence that the dictionary knows
        ("Los Angeles에 사는", "보잉이 아닌 EADS와") and no mention covers: a mention of the
        dictionary's type, the longest known run of words first."""
        if not _LATIN_RUN.search(text):
            return
        known = self.lex.latin_names
        index = _SpanIndex(spans)
        for m in _LATIN_RUN.finditer(text):
            words = list(re.finditer(r"\S+", m.group()))
            i = 0
            while i < len(words):
                for j in range(len(words), i, -1):
                    start, end = m.start() + words[i].start(), m.start() + words[j - 1].end()
                    etype = known.get(text[start:end])
                    if etype is not None and not index.overlapping(start, end):
                        sp = _Span(start, end, etype, 0.8, "lexicon", {"typed_by": "dictionary"})
                        spans.append(sp)
                        index.add(sp)
                        i = j
                        break
                else:
                    i += 1
        spans.sort(key=lambda sp: (sp.start, sp.end))

    def _regnal_numbers(self, text: str, spans: list[_Span]) -> None:
        """A foreign ruler's or pope's number is part of the name ("존 폴 2세", "베네딕토 16세",
        "엘리자베스 2세 여왕"); a Korean name before an age is not ("김철수 76세")."""
        if "세" not in text:
            return
        for sp in spans:
            if sp.type is not EntityType.PERSON:
                continue
            name = text[sp.start : sp.end]
            m = _REGNAL.match(text, sp.end)
            if m and (" " in name or not self.lex.person_shaped(name)):
                sp.end = m.end()

    def _demonym_countries(self, text: str, spans: list[_Span]) -> None:
        """The country of a word for its people ("일본인", "미국인들은", "독일인의"), which no
        mention covers: a Place mention of the country with the attribute ``demonym`` (the
        word), as the English extractor reads "Japanese"; the graph links the people's country.
        KLUE's annotation leaves such words out ("한국인" is not LC), and so does its scorer."""
        if "인" not in text:
            return
        index = _SpanIndex(spans)
        for m in self.lex.demonym_re.finditer(text):
            start, end = m.start("country"), m.end("country")
            overlapping = index.overlapping(start, m.end())
            if any(sp.source != "model" or (sp.start, sp.end) != (start, m.end("word")) for sp in overlapping):
                continue
            for sp in overlapping:  # the model's "노르웨이인" as a name: the people's word
                spans.remove(sp)
                index.remove(sp)
            spans.append(_Span(start, end, EntityType.PLACE, 0.8, "rule", {"demonym": text[start : m.end("word")]}))
        spans.sort(key=lambda sp: (sp.start, sp.end))

    def _person_governments(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A government named after its leader ("부시 행정부", "아베 정권", "김대중 정부"): one
        Organization mention as KLUE annotates it (the model gives the person and 행정부 apart,
        and 행정부 alone would gather every government into one node), with the person as a
        mention inside it, as the English extractor reads "the Bush administration"."""
        if not any(w in text for w in _GOVERNMENT_WORDS):
            return
        lex = self.lex
        by_start = {t.start: t for t in tokens}
        for sp in sorted(spans, key=lambda x: x.start):
            if sp.type in _ORG_TYPES and sp.person_part is None and text.count(" ", sp.start, sp.end) == 1:
                # the model's whole "클린턴 행정부": the person inside it, unless a place
                first, _, gov = text[sp.start : sp.end].partition(" ")
                if (
                    gov in _GOVERNMENT_WORDS
                    and len(first) >= 2
                    and first not in lex.names
                    and first not in lex.area_names
                ):
                    sp.person_part = (sp.start, sp.start + len(first))
                    sp.type = EntityType.ORGANIZATION  # "아베 정권" read as a company
                    sp.attributes = {**sp.attributes, "government_of": first}
                continue
            if sp.type is not EntityType.PERSON or text[sp.end : sp.end + 1] != " " or sp.end + 1 not in by_start:
                continue
            begin = sp.end + 1
            gov = next((w for w in _GOVERNMENT_WORDS if text.startswith(w, begin)), "")
            end = begin + len(gov)
            after = by_start.get(end)
            if not gov or (after is not None and not after.tag.startswith("J")):
                continue  # "정부청사", "정부군": another word
            inside = [o for o in spans if o is not sp and o.start < end and begin < o.end]
            if any((o.start, o.end) != (begin, end) for o in inside):
                continue
            for o in [*inside, sp]:
                spans.remove(o)
            gov_span = _Span(
                sp.start,
                end,
                EntityType.ORGANIZATION,
                sp.confidence,
                "rule",
                {"typed_by": "government", "government_of": text[sp.start : sp.end]},
            )
            gov_span.person_part = (sp.start, sp.end)
            spans.append(gov_span)
        spans.sort(key=lambda x: (x.start, x.end))

    @staticmethod
    def _nuclear_north(text: str, spans: list[_Span]) -> None:
        """North Korea named by its one-syllable name in "북핵" (its nuclear programme): a Place
        mention of 북 with the attribute ``compound`` (the word), which the resolver
        files under North Korea. KLUE tags it once and leaves it twice in the sentences it
        has, so its scorer leaves such mentions out as it does a people's word."""
        if "북핵" not in text:
            return
        index = _SpanIndex(spans)
        for m in _NUCLEAR_NORTH.finditer(text):
            if index.overlapping(m.start(), m.end()):
                continue
            spans.append(_Span(m.start(), m.start() + 1, EntityType.PLACE, 0.8, "rule", {"compound": m.group(0)}))
        spans.sort(key=lambda sp: (sp.start, sp.end))

    @staticmethod
    def _hanja_suffixed_places(text: str, spans: list[_Span]) -> None:
        """A place with its administrative suffix in Hanja, as older news writes it ("오레곤州
        포틀랜드", "광조우市에"): one Place mention, whatever the model made of the Hangul part."""
        if not _HANJA_SUFFIXED.search(text):
            return
        for m in _HANJA_SUFFIXED.finditer(text):
            start, end = m.start(1), m.end()
            inside = [sp for sp in spans if start < sp.end and sp.start < end]
            if any(sp.start < start or sp.end > end for sp in inside):
                continue  # part of a longer name
            for sp in inside:
                spans.remove(sp)
            spans.append(_Span(start, end, EntityType.PLACE, 0.8, "rule", {"typed_by": "hanja_suffix"}))
        spans.sort(key=lambda sp: (sp.start, sp.end))

    def _titled_names(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """Proper nouns right before a person's title that the model left untagged ("슈타인마이어
        외무장관", "무샤라프 장군", "프랑크 발터 슈타인마이어 독일 외무장관"): a person, up to
        three words, with one known place or organisation allowed between name and title."""
        lex = self.lex
        if not _PERSON_TITLE_RE.search(text):
            return
        bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        if len(bounds) < 2:
            return
        by_word: list[list[_Tok]] = [[] for _ in bounds]
        w = 0
        for tok in tokens:
            while w < len(bounds) and tok.start >= bounds[w][1]:
                w += 1
            if w < len(bounds) and tok.start >= bounds[w][0]:
                by_word[w].append(tok)
        index = _SpanIndex(spans)
        for k in range(1, len(bounds)):
            nouns = [t for t in by_word[k] if t.tag.startswith("NN")]
            if not nouns or nouns[-1].form not in _PERSON_TITLES or any(t.tag == "NNP" for t in nouns):
                continue
            if by_word[k][0].start != bounds[k][0] or not by_word[k][0].tag.startswith("NN"):
                continue
            j = k - 1
            if j > 0 and lex.names.get(text[bounds[j][0] : bounds[j][1]]) is not None:
                j -= 1  # "슈타인마이어 독일 외무장관": a known place or body between name and title
            last = j
            while j >= 0 and last - j < 3 and self._untagged_name_word(text, bounds[j], by_word[j]):
                j -= 1
            if j == last:
                continue
            start, end = bounds[j + 1][0], bounds[last][1]
            if index.overlapping(start, end):
                continue
            sp = _Span(start, end, EntityType.PERSON, 0.6, "rule", {"typed_by": "title"})
            spans.append(sp)
            index.add(sp)
        spans.sort(key=lambda sp: (sp.start, sp.end))

    def _untagged_name_word(self, text: str, bounds: tuple[int, int], toks: list[_Tok]) -> bool:
        """A whole word of Hangul proper nouns (or nouns Kiwi does not know) that no lexicon
        knows and no suffix types."""
        ws, we = bounds
        word = text[ws:we]
        lex = self.lex
        return (
            bool(toks)
            and all(t.tag == "NNP" or (t.tag == "NNG" and t.unknown) for t in toks)
            and toks[0].start == ws
            and toks[-1].end == we
            and all("가" <= ch <= "힣" for ch in word)
            and lex.names.get(word) is None
            and not lex.has_org_suffix(word)
            and not word.endswith(lex.place_suffixes)
        )

    def _speakers(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A one-word foreign name the model typed as a company or organisation that is the
        subject of 말하다 ("보스트롬은 “…”고 말했다") is a person: organisations 밝히다 through
        their 관계자 or 대변인, people 말하다. Known names and names with an organisation's
        ending keep their type."""
        if "말" not in text:
            return
        lex = self.lex
        says = [
            t.start
            for k, t in enumerate(tokens)
            if (t.form == "말하" and t.tag == "VV")
            or (t.form == "말" and k + 1 < len(tokens) and tokens[k + 1].tag == "XSV" and tokens[k + 1].form == "하")
        ]
        if not says:
            return
        by_start = {t.start: t for t in tokens}
        for sp in spans:
            if sp.type not in _ORG_TYPES or sp.parts or any(k != "typed_by" for k in sp.attributes):
                continue
            name = text[sp.start : sp.end]
            particle = by_start.get(sp.end)
            if (
                particle is None
                or particle.tag not in ("JX", "JKS")
                or particle.form not in ("은", "는", "이", "가")
                or not 2 <= len(name) <= 6
                or not all("가" <= ch <= "힣" for ch in name)
                or name in lex.names
                or lex.has_org_suffix(name)
                or name.endswith((*lex.org_suffixes, *lex.company_suffixes))
                or not any(s > sp.end for s in says)
            ):
                continue
            verb = min(s for s in says if s > sp.end)
            if any(o.type is EntityType.PERSON and sp.end <= o.start < verb for o in spans):
                continue  # "보스트롬은 … 박 교수가 말했다": someone else speaks
            sp.type = EntityType.PERSON
            sp.attributes["typed_by"] = "speaker"

    def _facilities(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """An airport, square, park or bridge named after its place ("마닐라 국제공항", "타흐리르
        광장", "프랑크푸르트공항") is one Place mention, as KLUE annotates it, and the place it
        is named after a mention nested inside it, so that 마닐라 keeps its node."""
        lex = self.lex
        if not any(sp.type is EntityType.PLACE for sp in spans):
            return
        index = _SpanIndex(spans)
        for sp in spans:
            if sp.type is not EntityType.PLACE:
                continue
            name = text[sp.start : sp.end]
            glued = next((w for w in FACILITY_ENDINGS if name.endswith(w) and len(name) > len(w)), "")
            if glued and lex.names.get(name[: -len(glued)]) is EntityType.PLACE and not sp.parts:
                sp.parts = ((sp.start, sp.end - len(glued)),)  # "프랑크푸르트공항"
                continue
            if sp.end >= len(text) or text[sp.end] != " ":
                continue
            word_end = _noun_end(tokens, sp.end + 1)
            word = text[sp.end + 1 : word_end]
            if not word.endswith(FACILITY_ENDINGS) or index.overlapping(sp.end + 1, word_end):
                continue
            inner = sp.parts or self._leading_areas(text, sp) or ()
            last = name.rsplit(" ", 1)[-1]
            place = (sp.start, sp.end) if lex.names.get(name) is EntityType.PLACE else None
            if place is None and lex.names.get(last) is EntityType.PLACE:
                place = (sp.end - len(last), sp.end)  # "칠레 산티아고 국제공항": 산티아고
            if place is not None and place not in inner:
                inner = (*inner, place)  # the place it is named after, if known
            sp.parts = inner
            sp.end = word_end

    def _national_forces(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A country's armed forces written as one word ("미군", "북한군", "이스라엘군") are an
        organisation, as KLUE tags them, with the country as a mention nested inside it (the
        U.S. of "U.S. troops"); found also where the model left the word out."""
        lex = self.lex

        def country_of(word: str) -> str:
            stem = word[:-1]
            if word.endswith("군") and (stem in lex.countries and (len(stem) >= 2 or stem in "미중북")):
                return stem
            return ""

        if "군" not in text:
            return
        covered = _SpanIndex(spans)
        for sp in spans:
            country = country_of(text[sp.start : sp.end])
            if country and sp.type is not EntityType.PERSON:
                sp.type = EntityType.ORGANIZATION
                sp.parts = ((sp.start, sp.start + len(country)),)
        for k, tok in enumerate(tokens):
            end = tok.end
            word = tok.form
            if k + 1 < len(tokens) and tokens[k + 1].start == end and tokens[k + 1].form == "군":
                end, word = tokens[k + 1].end, word + "군"
            country = country_of(word) if text[tok.start : end] == word else ""
            if not country or covered.overlapping(tok.start, end):
                continue
            if tok.start > 0 and (text[tok.start - 1].isalnum()):
                continue  # inside a longer word
            sp = _Span(
                tok.start, end, EntityType.ORGANIZATION, 0.6, "forces", parts=((tok.start, tok.start + len(country)),)
            )
            spans.append(sp)
            covered.add(sp)
        spans.sort(key=lambda x: x.start)

    def _country_before_noun(self, text: str, tokens: list[_Tok], starts: list[int], s: int, e: int) -> int:
        """The end of a place span that is a country glued to one common noun ("이라크정책", Iraq
        policy): the country's; a qualifier ("울산지역", "아시아지역") or an organisation
        ending stays in the span."""
        inside = tokens[bisect_left(starts, s) : bisect_left(starts, e)]
        if (
            len(inside) != 2
            or inside[0].start != s
            or inside[0].form not in self.lex.countries
            or text[s:e] in self.lex.names
            or " " in text[s:e]
            or inside[1].tag != "NNG"
        ):
            return e  # (one common noun only: "이라크합의전선" is the Iraqi Accord Front)
        rest = text[inside[0].end : e]
        if rest in self.lex.place_qualifiers or self.lex.has_org_suffix(rest) or rest.endswith(_AREA_ENDINGS):
            return e
        return inside[0].end

    def _originals(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A name followed by its original in Latin letters: "시라즈 와하즈 (Siraj Wahhaj)",
        "사우스 차이나 모닝 포스트(The South China Morning Post)", "국제펜싱연맹(FIE)". The
        Korean words the Latin name transliterates (the first word must sound alike, or the
        whole) become one mention, and the Latin name a mention linked to it as an alias, so
        the entity carries both names on the text's own evidence. An acronym counts only after
        a word with an organisation ending. A new mention needs a type from a known name, the
        English words (Films, Post, Ministry, River…), an organisation ending or a person's
        shape; otherwise ("링슈트라세 (Ringstrasse)", a quoted title "‘다크 나이트’(Dark
        Knight)", an event "…어워드 (… Awards)") only a mention already there gets the alias."""
        if "(" not in text:
            return
        lex = self.lex
        for m in _ORIGINAL_RE.finditer(text):
            latin_start = m.start(1) + (4 if m.group(1).startswith(("The ", "the ")) else 0)
            latin_end = m.end(1)
            latin = text[latin_start:latin_end]
            end = m.start()  # the Korean name ends here ("(" or the space before it)
            if end == 0 or not _is_hangul_char(text[end - 1]):
                continue
            words = _words_before(text, tokens, end)
            if not words:
                continue
            if _ACRONYM_RE.fullmatch(latin):
                ws, _ = words[-1]
                name = text[ws:end]
                if len(name) < 3 or not name[1:].endswith(lex.body_suffixes):
                    continue  # "국제펜싱연맹(FIE)", not "자유무역협정(FTA)" or "초단파무선통신(VHF)"
                found: tuple[int, EntityType | None, bool] | None = (ws, lex.org_type(name), True)
            else:
                found = self._transliterated(text, tokens, words, latin)
            if found is not None:
                self._add_original(spans, found[0], end, found[1], found[2], latin_start, latin_end)

    def _transliterated(
        self, text: str, tokens: list[_Tok], words: list[tuple[int, int]], latin: str
    ) -> tuple[int, EntityType | None, bool] | None:
        """Where the Korean name before ``latin`` starts: the leftmost of its last n+1 words
        (n: the Latin name's words) that sounds like the Latin name's first word, else the
        words that together sound like all of it; with the name's type (None: do not add a
        mention) and whether that type is certain enough to overrule the model's."""
        lex = self.lex
        parts = [w for w in latin.split() if w.lower() not in _LATIN_STOPWORDS]
        if not parts or parts[-1] in lex.en_event_words:
            return None
        window = words[-(len(parts) + 1) :]
        first = skeleton(parts[0])
        start = next((ws for ws, we in window if len(first) >= 2 and skeleton(romanize(text[ws:we])) == first), None)
        if start is None:
            whole = skeleton("".join(parts))
            end = window[-1][1]
            start = next(
                (
                    ws
                    for ws, _ in (window if len(parts) > 1 else window[-1:])
                    if similarity(skeleton(romanize(text[ws:end].replace(" ", ""))), whole) >= 0.75
                ),
                None,
            )
            if start is None:
                return None
        name = text[start : window[-1][1]]
        known = lex.names.get(name)
        if known is not None:
            return start, known, True
        last = parts[-1].rstrip(".")
        if last in lex.en_company_words:
            return start, EntityType.COMPANY, True
        if any(p in lex.en_org_words for p in parts):
            return start, EntityType.ORGANIZATION, True
        if last in lex.en_place_words:
            return start, EntityType.PLACE, True
        if lex.has_org_suffix(name.replace(" ", "")):
            return start, lex.org_type(name), True
        quoted = start > 0 and text[start - 1] in _OPEN_QUOTES
        if not quoted and len(parts) in (2, 3) and name.count(" ") + 1 == len(parts) and lex.person_shaped(name):
            return start, EntityType.PERSON, False  # "시라즈 와하즈 (Siraj Wahhaj)"
        return start, None, False

    @staticmethod
    def _add_original(
        spans: list[_Span],
        start: int,
        end: int,
        etype: EntityType | None,
        certain: bool,
        latin_start: int,
        latin_end: int,
    ) -> None:
        """The Korean name as one mention (replacing fragments of it; a mention that runs past
        either edge wins) and its Latin original as an alias of it."""
        inside = [sp for sp in spans if start < sp.end and sp.start < end]
        if any(sp.start < start or sp.end > end for sp in inside):
            return
        name = next((sp for sp in inside if sp.start == start and sp.end == end), None)
        if name is None:
            if etype is None:
                return
            for sp in inside:
                spans.remove(sp)
            name = _Span(start, end, etype, 0.7, "original")
            spans.append(name)
        elif certain and etype is not None and TYPE_GROUP[name.type] != TYPE_GROUP[etype]:
            name.type = etype  # "마르스 (Mars Inc.)": a company, whatever the model said
        latin = [sp for sp in spans if latin_start < sp.end and sp.start < latin_end]
        if not latin:
            spans.append(_Span(latin_start, latin_end, name.type, 0.7, "original", alias_of=name))
        elif len(latin) == 1 and (latin[0].start, latin[0].end) == (latin_start, latin_end):
            latin[0].alias_of = name
            latin[0].type = name.type
        spans.sort(key=lambda sp: sp.start)

    def _split_person_place(self, text: str, spans: list[_Span]) -> None:
        """A foreign name run into the place that follows it ("첸 지우롱 상하이 …국장", "피터 킹
        뉴욕 주 …의원", "자오징 베이징 시정부 대변인"): the model's place or person span is the
        person, then the place (or the body named after it, "베이징 시정부"). Only spans whose
        first words are Hangul, no place and shaped like a name, and only before a place the
        dictionary knows."""
        lex = self.lex
        out: list[_Span] = []
        for sp in spans:
            out.append(sp)
            if sp.source != "model":
                continue
            words = text[sp.start : sp.end].split(" ")
            k = next((j for j, w in enumerate(words) if j > 0 and w in lex.area_names), 0)
            # "마무드 아바스 팔레스타인 (자치 정부 수반)", "남바린 엥흐바야르 몽골 대통령": a name,
            # then only its country, whatever type the model gave the whole
            country_last = k == len(words) - 1 and words[-1] in lex.countries
            if sp.type not in (EntityType.PLACE, EntityType.PERSON) and not country_last:
                continue
            lead = " ".join(words[:k])
            plain = lead.replace("-", "")  # "누리 알-말리키 이라크": the hyphen of an Arabic article
            titled = country_last and 2 <= k <= 3 and self._title_follows(text, sp.end)
            if (
                not k
                or any(self._area(w) for w in words[:k])
                or not all(all("가" <= ch <= "힣" for ch in w) for w in plain.split(" "))
                or not (
                    lex.person_shaped(plain)
                    or titled
                    # one short word before a place: only where the model said person or place
                    or (k == 1 and 2 <= len(plain) <= 4 and sp.type in (EntityType.PLACE, EntityType.PERSON))
                )
                or lex.names.get(lead) not in (None, EntityType.PERSON)
            ):
                continue
            cut = sp.start + len(lead)
            rest = text[cut + 1 : sp.end]
            if (
                sp.type is EntityType.PERSON
                and " " not in rest
                and not lex.has_org_suffix(rest)
                and rest not in lex.countries
            ):
                continue  # "조지 워싱턴" is a person whose surname is also a place ("에르도간 터키" is not)
            rest_type = lex.org_type(rest) if lex.has_org_suffix(rest) else EntityType.PLACE
            out[-1:] = [
                _Span(sp.start, cut, EntityType.PERSON, sp.confidence, "model-split"),
                _Span(cut + 1, sp.end, rest_type, sp.confidence, "model-split"),
            ]
        spans[:] = out

    def _title_follows(self, text: str, end: int) -> bool:
        """A person's title (with its particle) is the word right after ``end``."""
        word = text[end:].lstrip(" ").split(" ", 1)[0]
        return any(self.lex.title_of(word[:n]) is not None for n in range(len(word), 0, -1))

    def _join_place_chains(self, text: str, spans: list[_Span]) -> None:
        """Places written from the larger to the smaller, one space apart ("경남 함양군", "수영구
        광안동", "전남 진도군 조도면 병풍도") are one mention as written, as KLUE annotates them;
        the resolver files the chain under its innermost place, and each larger place is a
        mention of its own inside it (``parts``). A chain starts with an administrative area
        (:meth:`_area`); a road is no part of one ("서초구 경부고속도로")."""

        def container(sp: _Span) -> bool:
            return self._area(text[sp.start : sp.end])

        def links(a: _Span, b: _Span) -> bool:
            return (
                a.type is EntityType.PLACE
                and b.type is EntityType.PLACE
                and b.start == a.end + 1
                and text[a.end] == " "
                and a.alias_of is None
                and b.alias_of is None
                and not text[b.start : b.end].endswith(_ROAD_ENDINGS)
                and container(a)
            )

        spans.sort(key=lambda x: x.start)
        k = 0
        while k + 1 < len(spans):
            j = k
            while j + 1 < len(spans) and links(spans[j], spans[j + 1]):
                j += 1
            if j > k:
                chain = spans[k : j + 1]
                joined = _Span(
                    chain[0].start,
                    chain[-1].end,
                    EntityType.PLACE,
                    min(sp.confidence for sp in chain),
                    "place-chain",
                    {**chain[-1].attributes},
                    parts=tuple((sp.start, sp.end) for sp in chain[:-1]) + self._leading_areas(text, chain[-1]),
                )
                spans[k : j + 1] = [joined]
            k += 1

    def _country_pairs(self, text: str, spans: list[_Span]) -> None:
        """Countries written together by their one-syllable names ("한일" Korea–Japan, "남북한",
        "한중일") are each a Place mention, as KLUE tags them; a name the dictionary knows
        whole (북미 is also North America) is left alone."""
        lex = self.lex
        out: list[_Span] = []
        for sp in spans:
            name = text[sp.start : sp.end]
            pieces = (
                _country_pieces(name, lex.countries)
                if 2 <= len(name) <= 4 and name not in lex.area_names and name not in lex.names
                else None
            )
            if pieces is None or len(pieces) < 2:
                out.append(sp)
                continue
            at = sp.start
            for piece in pieces:
                out.append(_Span(at, at + len(piece), EntityType.PLACE, sp.confidence, "countries"))
                at += len(piece)
        spans[:] = out

    def _place_roles(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A country that acts ("미국이 … 제안했다", "한국은 일본을 2-0으로 꺾었다") is read as
        its government, team or people: the mention is a Place (one node per country) with the
        role Organization, as ACE gives a GPE mention a role; KLUE-NER tags such countries OG.
        The country-role model decides (``scripts/train_korean_types.py --countries``); a
        country the CRF tagged as an organisation ("남북" 북, "한미" 미) is such a Place too,
        except a name that is also a common word or brand (가나, 조지아), unless the role model
        agrees."""
        roles = self.roles
        countries = self.lex.countries
        starts: list[int] | None = None
        for sp in spans:
            name = text[sp.start : sp.end]
            if name not in countries or sp.type not in (EntityType.PLACE, *_ORG_TYPES):
                continue
            p = 0.0  # the role model's probability that the country acts (KLUE's OG)
            if roles is not None:
                if starts is None:
                    starts = [t.start for t in tokens]
                p = roles.probability("OG", text, tokens, sp.start, sp.end, starts)
            if sp.type is EntityType.PLACE:
                if p >= _ROLE_MIN:
                    sp.attributes = {**sp.attributes, "role": EntityType.ORGANIZATION.value}
            elif name not in self.lex.ambiguous_countries or p >= 0.5:
                sp.type = EntityType.PLACE
                sp.attributes = {**sp.attributes, "role": EntityType.ORGANIZATION.value}

    def _join_foreign_names(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A foreign personal name the model cut in two or kept only half of: two person
        spans one space apart ("앨런" "조이스"), or a person span with an uncovered proper-noun
        word right before or after it ("가도와치 루이치", "트레시 밀러"), are one name. Korean
        names are left alone: "안정환 송종국" lists two people."""
        lex = self.lex

        def hangul_word(a: int, b: int) -> bool:
            return b > a and all("가" <= ch <= "힣" for ch in text[a:b])

        def foreign(sp: _Span) -> bool:
            return not lex.person_shaped(text[sp.start : sp.end]) or " " in text[sp.start : sp.end]

        spans.sort(key=lambda x: x.start)
        self._arabic_article(text, tokens, spans)
        spans.sort(key=lambda x: x.start)
        k = 0
        while k + 1 < len(spans):
            a, b = spans[k], spans[k + 1]
            if (
                a.type is EntityType.PERSON
                and b.type is EntityType.PERSON
                and b.start == a.end + 1
                and text[a.end] == "-"
            ):
                a.end = b.end  # "알리 알" "-" "다바그": one name written with a hyphen
                spans.pop(k + 1)
                continue
            if (
                a.type is EntityType.PERSON
                and b.type is EntityType.PERSON
                and _MIDDLE_INITIAL.fullmatch(text, a.end, b.start)
                and hangul_word(a.start, a.end)
            ):
                a.end = b.end  # "루이스 L. 스탠턴": a middle initial between the two halves
                spans.pop(k + 1)
                continue
            if (
                a.type is EntityType.PERSON
                and b.type is EntityType.PERSON
                and b.start == a.end + 1
                and text[a.end] == " "
                and hangul_word(a.start, a.end)
                and hangul_word(b.start, b.end)
                and (foreign(a) or foreign(b))
            ):
                a.end = b.end
                spans.pop(k + 1)
                continue
            k += 1
        covered = {i for sp in spans for i in range(sp.start, sp.end)}
        for sp in spans:
            if sp.type is not EntityType.PERSON or not foreign(sp) or not hangul_word(sp.start, sp.end):
                continue
            initial = _MIDDLE_INITIAL.match(text, sp.end)
            gap = initial.end() - sp.end if initial else 1  # "수잔 E. 굿맨과"
            after = [t for t in tokens if t.start == sp.end + gap]
            if (
                after
                and (initial is not None or text[sp.end : sp.end + 1] == " ")
                and (after[0].tag == "NNP" or (after[0].tag == "NNG" and after[0].unknown))
                and hangul_word(after[0].start, after[0].end)
                and after[0].start not in covered
                and after[0].form not in lex.names
            ):
                sp.end = after[0].end
            before = [t for t in tokens if t.end == sp.start - 1]
            if (
                before
                and text[sp.start - 1 : sp.start] == " "
                and (before[0].tag == "NNP" or (before[0].tag == "NNG" and before[0].unknown))
                and hangul_word(before[0].start, before[0].end)
                and before[0].start not in covered
                and before[0].form not in lex.names
                and before[0].form not in lex.occupations
                and (before[0].start == 0 or not text[before[0].start - 1].isalnum())
            ):
                sp.start = before[0].start

    def _arabic_article(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """Arabic names keep their article: "알-말리키" (al-Maliki), "알-카에다"; a person's given
        name written before it joins too ("누리 알-말리키", "타레크 알 하시미") when it is one
        Hangul word of at most four syllables that no other mention holds."""
        if "알" not in text:
            return
        starts = {t.start: t for t in tokens}
        ends = {t.end: t for t in tokens}
        taken = {(sp.start, sp.end) for sp in spans}
        ends_at = {sp.end for sp in spans}
        for sp in spans:
            if sp.start >= 2 and text[sp.start - 2 : sp.start] == "알-" and sp.start - 1 not in ends_at:
                sp.start -= 2  # (a mention that ends on the hyphen is joined to this one instead)
            if not text.startswith(("알-", "알 "), sp.start) or sp.end - sp.start < 4:
                continue  # "알 하시미" too: the article written apart
            if sp.type is not EntityType.PERSON or sp.start < 2 or text[sp.start - 1] != " ":
                continue
            ws = text.rfind(" ", 0, sp.start - 1) + 1
            word = text[ws : sp.start - 1]
            tok = starts.get(ws)
            if (
                tok is not None
                and ends.get(sp.start - 1) is tok
                and tok.tag in ("NNP", "NNG")
                and 1 <= len(word) <= 4
                and all("가" <= ch <= "힣" for ch in word)
                and not any(a < sp.start - 1 and ws < b for a, b in taken)
                and word not in self.lex.occupations
                and self.lex.title_of(word) is None
            ):
                sp.start = ws

    def _org_cue_types(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """A name right before 관계자/측/대변인 (``org_cues.tsv``) is an organisation: "11번가
        관계자는" speaks for 11번가. Person spans there are retyped, and a bare run of proper
        nouns there ("SK 측은") becomes an organisation mention."""
        lex = self.lex
        cue_at: dict[int, str] = {}  # where a cue token starts -> its mode
        for tok in tokens:
            mode = lex.org_cues.get(tok.form)
            if mode is not None and tok.tag.startswith(("NN", "SL")):
                cue_at[tok.start] = mode

        def cue_after(end: int) -> str | None:
            if end in cue_at:
                return cue_at[end]
            return cue_at.get(end + 1) if text[end : end + 1] == " " else None

        if not cue_at:
            return
        cue_end = {t.start: t.end for t in tokens if t.start in cue_at}
        for sp in spans:
            # the model ran the name into the cue ("이스라엘 관계자"): the cue is never part of it
            inner = [c for c in cue_at if sp.start < c and cue_end[c] <= sp.end]
            if inner:
                sp.end = min(inner)
                while sp.end > sp.start and text[sp.end - 1].isspace():
                    sp.end -= 1
                sp.type = lex.cue_type(text[sp.start : sp.end])
        spans[:] = [sp for sp in spans if sp.end > sp.start]
        for sp in spans:
            if sp.type is not EntityType.PERSON:
                continue
            mode = cue_after(sp.end)
            name = text[sp.start : sp.end]
            if mode is None or lex.names.get(name) is EntityType.PERSON:
                continue
            if mode == "unless_person_name" and self._person_name(name):
                continue
            sp.type = lex.cue_type(name)
        for k, tok in enumerate(tokens):
            if tok.tag not in ("NNP", "SL", "SN"):
                continue
            # a run of touching proper nouns ending right before a cue, that no span covers
            j = k
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].start == tokens[j].end
                and tokens[j + 1].tag in ("NNP", "SL", "SN")
            ):
                j += 1
            if k > 0 and tokens[k - 1].end == tok.start and tokens[k - 1].tag in ("NNP", "SL", "SN"):
                continue  # not the start of the run
            s, e = tok.start, tokens[j].end
            name = text[s:e]
            mode = cue_after(e)
            if (
                mode is None
                or name in lex.not_names
                or (mode == "unless_person_name" and self._person_name(name))
                or any(sp.start < e and s < sp.end for sp in spans)
                or (s > 0 and not text[s - 1].isspace() and text[s - 1] not in "\"'“‘([")
            ):
                continue
            spans.append(_Span(s, e, lex.cue_type(name), 0.6, "org-cue"))
        self._org_cue_whole_words(text, tokens, spans, cue_at)

    def _org_cue_whole_words(self, text: str, tokens: list[_Tok], spans: list[_Span], cue_at: dict[int, str]) -> None:
        """The whole word (어절) before an "always" cue is the organisation's name: the model
        often keeps only a fragment of a long compound name ("아시아" of
        "아시아퍼시픽10호선박투자회사 관계자는", "메리츠" of "메리츠종합금융 관계자는"). Only a word
        that holds a proper noun, foreign letters or a found name counts, so "업계 관계자는"
        and "회사 관계자는" stay nameless; a word ending in a particle ("…의 관계자") is left
        alone."""
        for cue_start, mode in cue_at.items():
            if mode != "always" or cue_start < 2 or text[cue_start - 1] != " ":
                continue
            end = cue_start - 1
            start = end
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while start < end and text[start] in "\"'“‘([<《〈":
                start += 1
            if end - start < 2 or not all(ch.isalnum() or ch in "&.-·" for ch in text[start:end]):
                continue
            inside = [t for t in tokens if start <= t.start and t.end <= end]
            if not inside or inside[-1].tag.startswith(("J", "E", "X")):
                continue  # a particle or ending closes the word: not a bare name
            found = [sp for sp in spans if start <= sp.start and sp.end <= end]
            if (
                not found
                and not any(t.tag in ("NNP", "SL") for t in inside)
                and not self.lex.cue_company_word(text[start:end], inside)
            ):
                continue
            if any(sp.start < start < sp.end or sp.start < end < sp.end for sp in spans):
                continue  # a span crosses the word boundary: leave the model's reading
            name = text[start:end]
            whole = len(found) == 1 and (found[0].start, found[0].end) == (start, end)
            if whole and found[0].type is not EntityType.PERSON:
                # already the whole word, typed as an organisation or place; only an
                # administrative division the model called an organisation becomes a place
                if found[0].type in _ORG_TYPES and self.lex.cue_type(name) is EntityType.PLACE:
                    found[0].type = EntityType.PLACE
                continue
            for sp in found:
                spans.remove(sp)
            spans.append(_Span(start, end, self.lex.cue_type(name), 0.6, "org-cue-word"))

    def _area(self, name: str) -> bool:
        """An administrative area that can contain the place written after it: a country, a
        place the dictionary knows, or a name ending in 도/시/군/구/읍/면/동/주/성/현."""
        lex = self.lex
        return (
            name in lex.area_names
            or lex.names.get(name) is EntityType.PLACE
            or (
                len(name) >= 2
                and name.endswith(_AREA_ENDINGS)
                and name not in lex.place_qualifiers
                and name not in lex.area_exclusions
            )
        )

    def _leading_areas(self, text: str, sp: _Span) -> tuple[tuple[int, int], ...]:
        """The areas a multi-word place span starts with ("부산 수영구" of "부산 수영구 광안동"),
        as (start, end); none when the rest only qualifies them ("미국 동부 지역")."""
        words: list[tuple[int, int]] = []
        pos = sp.start
        for w in text[sp.start : sp.end].split(" "):
            if w:
                words.append((pos, pos + len(w)))
            pos += len(w) + 1
        if len(words) < 2 or all(text[a:b] in self.lex.place_qualifiers for a, b in words[1:]):
            return ()
        out = []
        for a, b in words[:-1]:
            if not self._area(text[a:b]):
                break
            out.append((a, b))
        return tuple(out)

    def _leading_country(self, name: str) -> str:
        """The first word of a multi-word name when it is a country or a place the dictionary
        knows and more follows ("필리핀 마닐라", "대만 북부 기륭" -> the country; "런던 경찰청",
        "서울 외교통상부" -> the city), not only words that qualify it ("미국 동부 지역"); else
        ""."""
        first, _, rest = name.partition(" ")
        if not rest or all(w in self.lex.place_qualifiers for w in rest.split(" ")):
            return ""
        if first in self.lex.leading_places:  # countries and foreign places included
            return first
        return ""

    def _person_name(self, name: str) -> bool:
        """A personal name by the NER gazetteer (KLUE-RE names), else by its shape."""
        known = self.tagger.gazetteer.names.get(name)
        return known == "PS" or (known != "OG" and self.lex.person_shaped(name))

    def _known_name_wins(self, text: str, tokens: list[_Tok], sp: _Span, name: _Span) -> bool:
        if name.start <= sp.start and sp.end <= name.end:
            return True  # the known name covers the model span ("11번" inside "11번가")
        if not (sp.start <= name.start and name.end <= sp.end):
            return False
        inside = [
            t for t in tokens if sp.start <= t.start and t.end <= sp.end and not (name.start <= t.start < name.end)
        ]
        return any(t.form in self.lex.cues or t.form in self.lex.titles for t in inside) or any(
            a.form + b.form in self.lex.cues for a, b in itertools.pairwise(inside)
        )

    def _leading_person(self, text: str, tokens: list[_Tok], s: int, e: int) -> int | None:
        """End of a surname-shaped first word of an organisation span that a title follows."""
        lex = self.lex
        first = text[s:e].split(" ", 1)[0]
        after = [t for t in tokens if t.start >= e][:1]
        if not after or lex.title_of(after[0].form) is None:
            return None
        if (
            2 <= len(first) <= 4
            and first[0] in lex.surnames
            and all("가" <= ch <= "힣" for ch in first)
            and first not in lex.names
            and first not in lex.not_names
            and not lex.has_org_suffix(first)
        ):
            return s + len(first)
        return None

    def _clean(
        self, text: str, tokens: list[_Tok], starts: list[int], s: int, e: int
    ) -> tuple[int, int, dict[str, AttrValue]]:
        """Trim quotes, corporate forms and trailing particles off a span (``starts``: the
        tokens' start offsets, in order)."""
        attrs: dict[str, AttrValue] = {}
        for form in self.lex.corporate_forms:
            if text.startswith(form, s) and e - s > len(form):
                attrs["corporate_form"] = form
                s += len(form)
                break
            if text.endswith(form, s, e) and e - s > len(form):
                attrs["corporate_form"] = form
                e -= len(form)
                break
        for tok in reversed(tokens[bisect_right(starts, s) : bisect_left(starts, e)]):
            # cut only a particle that runs past the span's end; one the span ends exactly on is
            # left to the model, which learnt KLUE's particle-free spans ("국민회의" is a name)
            if s < tok.start < e and tok.end > e and tok.tag.startswith("J"):
                e = tok.start
        while s < e and not (text[s].isalnum()):
            s += 1
        while e > s and not (text[e - 1].isalnum() or text[e - 1] in ")+"):
            e -= 1
        while e > s and text[e - 1] == ")" and "(" not in text[s:e]:
            e -= 1
        if "(" in text[s:e] and text.index("(", s, e) - s >= 2:
            # "유럽연합(EU", "유럽연합(EU)": the name ends before the bracket; a bracketed alias
            # is a mention of its own, linked to the name (_link_aliases)
            e = text.index("(", s, e)
            while e > s and text[e - 1].isspace():
                e -= 1
        if e - s > 1 and text[e - 1] in _COUNTRY_AFFIXES and text[s : e - 1] in self.lex.countries:
            e -= 1  # "멕시코산 고추" (made in Mexico), "러시아전" (the match against Russia)
        elif (
            e - s > 2
            and text[e - 1] in _GLUED_PARTICLES
            and text[s:e] not in self.lex.names
            and self.lex.names.get(text[s : e - 1]) is EntityType.PLACE
            and (text[e - 1] not in "이가" or text[s : e - 1] in self.lex.countries)
        ):
            # "뉴욕서" (in New York), "네팔이": a particle Kiwi did not split off; 이/가 only
            # after a country (아이치이 is iQiyi, not Aichi)
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        head, _, last = text[s:e].rpartition(" ")
        if head and last in self.lex.trailing_words:
            e = s + len(head.rstrip())
        return s, e, attrs

    def _lexicon_spans(self, text: str, tokens: list[_Tok]) -> list[_Span]:
        """Known names, matched longest-first at token starts and ending on a token end; a
        known name glued to a following noun ("정부청사") is not that name, unless the noun is
        a title ("과학기술정보통신부장관")."""
        lex = self.lex
        ends = {t.end: i for i, t in enumerate(tokens)}
        out: list[_Span] = []
        covered = -1
        for tok in tokens:
            s = tok.start
            if s < covered:
                continue
            form = tok.form
            if (
                len(form) >= 3
                and form[-1] in _PLACE_AFFIXES
                and tok.tag.startswith("NN")
                and form not in lex.names
                and lex.names.get(form[:-1]) is EntityType.PLACE
                and text.startswith(form, s)
            ):
                # Kiwi keeps "일본행", "서울발", "독일제" as one noun: the place is the name
                out.append(_Span(s, s + len(form) - 1, EntityType.PLACE, 0.9, "lexicon"))
                covered = tok.end
                continue
            particle = (
                _glued_particle(form) if form[-1] in _GLUED_LAST and len(form) >= 3 and tok.tag.startswith("NN") else ""
            )
            if (
                particle
                and form not in lex.names
                and lex.names.get(form[: -len(particle)]) is not None
                and len(form) - len(particle) >= 2
                and text.startswith(form, s)
            ):
                # Kiwi sometimes keeps a known name and its particle as one noun ("밀라노의")
                bare = form[: -len(particle)]
                out.append(_Span(s, s + len(bare), lex.names[bare], 0.9, "lexicon"))
                covered = tok.end
                continue
            for length in lex.name_lengths.get(text[s], ()):
                if s + length not in ends:  # a name ends where a morpheme does
                    continue
                name = text[s : s + length]
                etype = lex.names.get(name)
                if etype is None:
                    continue
                k = ends[s + length]
                nxt = k + 1
                glued = nxt < len(tokens) and tokens[nxt].start == s + length
                # "멜버른행", "뉴욕발": a place stays a name before these
                affixed = glued and etype is EntityType.PLACE and tokens[nxt].form in _PLACE_AFFIXES
                if (
                    glued
                    and tokens[nxt].tag in ("NNG", "NNP", "SL")
                    and lex.title_of(tokens[nxt].form) is None
                    and not affixed
                ):
                    continue
                if s > 0 and (text[s - 1].isalnum()) and not tokens_start_word(tokens, s, text):
                    continue
                cue_next = nxt < len(tokens) and (
                    tokens[nxt].form in lex.org_cues or lex.title_of(tokens[nxt].form) is not None
                )
                # "두바이 해안에서", "뉴욕 증시": a common noun that only places a name
                placed = etype is EntityType.PLACE and nxt < len(tokens) and tokens[nxt].form in lex.place_followers
                if (
                    etype is not EntityType.COMPANY
                    and not _stands_alone(tokens, k)
                    and not cue_next
                    and not affixed
                    and not placed
                ):
                    # "서울 강남구 …", "미국 CNN": part of a longer name the model did not see
                    # (a following 관계자/측 or title is no part of it: "쿡 제도 관계자는")
                    continue
                out.append(_Span(s, s + length, etype, 0.9, "lexicon"))
                covered = s + length
                break
        return out

    def _suffix_spans(self, text: str, tokens: list[_Tok]) -> list[_Span]:
        """Runs of touching NNP/SL/SN tokens ending in a company suffix ("CJ그룹", "SK텔레콤")."""
        lex = self.lex
        out: list[_Span] = []
        i = 0
        while i < len(tokens):
            if tokens[i].tag not in ("NNP", "SL"):
                i += 1
                continue
            j = i
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].start == tokens[j].end
                and (tokens[j + 1].tag in ("NNP", "SL", "SN") or tokens[j + 1].form in lex.company_suffixes)
            ):
                j += 1
            s, e = tokens[i].start, tokens[j].end
            name = text[s:e]
            if j > i and any(name.endswith(suf) and len(name) > len(suf) for suf in lex.company_suffixes):
                out.append(_Span(s, e, lex.org_type(name), 0.6, "suffix"))
            i = j + 1
        return out

    def _title_spans(self, text: str, tokens: list[_Tok]) -> list[_Span]:
        """Names beside titles: an organisation glued to a title ("과학기술정보통신부장관") and
        a surname-shaped word before "[organisation] title" ("임혜숙 과학기술정보통신부장관")."""
        lex = self.lex
        out: list[_Span] = []
        titles = lex.titles
        for k, tok in enumerate(tokens):
            if tok.form not in titles:
                continue
            # glued organisation: tokens of the same word before the title
            w0 = k
            while w0 > 0 and tokens[w0 - 1].end == tokens[w0].start and tokens[w0 - 1].tag in ("NNG", "NNP", "SL"):
                w0 -= 1
            org_start = tokens[w0].start if w0 < k else tok.start
            if w0 < k:
                name = text[org_start : tok.start]
                if len(name) >= 2 and (
                    lex.names.get(name) in _ORG_TYPES
                    or any(name.endswith(s) for s in lex.org_suffixes)
                    or any(name.endswith(s) for s in lex.company_suffixes)
                ):
                    out.append(_Span(org_start, tok.start, lex.org_type(name), 0.6, "title"))
                else:
                    org_start = tok.start
            # person: the word before the organisation (or before the title)
            p = w0 - 1
            glued_org = org_start < tok.start
            # a common noun (NNG) passes only in "NAME ORG+TITLE", where Kiwi often misses the
            # name; before a bare title it is too often 유가족, 정부, 소속 …
            if (
                p >= 0
                and (tokens[p].tag == "NNP" or (glued_org and tokens[p].tag == "NNG"))
                and tokens[p].end < org_start
            ):
                form = tokens[p].form
                p_start = tokens[p].start
                word_start = p_start == 0 or text[p_start - 1].isspace()
                word_end = text[tokens[p].end : tokens[p].end + 1].isspace()
                if (
                    word_start
                    and word_end
                    and not lex.has_org_suffix(form)
                    and 2 <= len(form) <= 4
                    and form[0] in lex.surnames
                    and all("가" <= ch <= "힣" for ch in form)
                    and form not in lex.not_names
                    and lex.title_of(form) is None
                    and form not in lex.names
                ):
                    out.append(_Span(p_start, tokens[p].end, EntityType.PERSON, 0.55, "title"))
        return out

    def _bylines(self, text: str, spans: list[_Span]) -> Any:
        """Byline mentions ("[더팩트|이민주 기자]"); returns a function that, once the spans are
        final and sorted, gives the WORKS_FOR relations."""
        pairs: list[tuple[_Span, _Span, str]] = []
        for pattern in _BYLINE_RES:
            for m in pattern.finditer(text):
                org = _Span(m.start("org"), m.end("org"), EntityType.COMPANY, 0.85, "byline")
                person = _Span(m.start("person"), m.end("person"), EntityType.PERSON, 0.85, "byline")
                for new in (org, person):
                    for sp in [sp for sp in spans if sp.start < new.end and new.start < sp.end]:
                        spans.remove(sp)
                    spans.append(new)
                pairs.append((person, org, m.group("title")))

        def relations(final: list[_Span]) -> list[_Rel]:
            out: list[_Rel] = []
            for person, org, title in pairs:
                if person in final and org in final:
                    out.append(
                        (
                            final.index(person),
                            final.index(org),
                            RelationType.WORKS_FOR,
                            "ko:byline",
                            0.9,
                            {"title": title},
                        )
                    )
            return out

        return relations

    def _link_aliases(self, text: str, tokens: list[_Tok], spans: list[_Span]) -> None:
        """ "신세계그룹(이마트)": the parenthesised name becomes an alias of the one before it;
        a bare proper noun in the parentheses is added as a mention first."""
        for sp in list(spans):
            if sp.type not in _ORG_TYPES or not text.startswith("(", sp.end):
                continue
            close = text.find(")", sp.end + 1)
            if close < 0 or close - sp.end > 25:
                continue
            inner = [x for x in spans if x.start == sp.end + 1 and x.end == close]
            if inner:
                inner[0].alias_of = sp
                continue
            in_toks = [t for t in tokens if sp.end < t.start and t.end <= close]
            if in_toks and all(t.tag in ("NNP", "SL") for t in in_toks) and in_toks[0].start == sp.end + 1:
                spans.append(_Span(sp.end + 1, close, sp.type, 0.6, "alias", {}, alias_of=sp))
                spans.sort(key=lambda s: s.start)


_ORIGINAL_RE = re.compile(r" ?\(([A-Z][A-Za-z0-9'’.&-]*(?: [A-Za-z0-9'’.&-]+){0,7})\)")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&-]{1,7}")
_LATIN_STOPWORDS = frozenset({"of", "and", "the", "for", "de", "la", "le", "du", "des", "&", "in", "on", "at"})
_OPEN_QUOTES = "‘“'\"「『<《〈"


_COUNTRY_SYLLABLES = frozenset("남독러미북불영일중한")
# what may stand right before a candidate word besides a space: an opening quote or bracket
_CANDIDATE_BEFORE = frozenset("“‘\"'(「『<《〈[")
# words after a leader's name that make it the name of a government ("부시 행정부", "아베 정권")
_GOVERNMENT_WORDS = ("행정부", "정부", "정권", "내각")
# "북핵", "북핵문제", "反북핵": North Korea's nuclear programme (not "남북핵" … handled as 남 + 북)
_NUCLEAR_NORTH = re.compile(r"(?<![가-힣])북핵")


def _country_pieces(name: str, countries: Iterable[str]) -> list[str] | None:
    """``name`` cut into country names, the one-syllable ones among 남독러미북불영일중한 ("남북한"
    -> 남, 북한), or None."""
    if not name:
        return []
    for k in range(len(name), 0, -1):
        head = name[:k]
        if head in countries and (k > 1 or head in _COUNTRY_SYLLABLES):
            rest = _country_pieces(name[k:], countries)
            if rest is not None:
                return [head, *rest]
    return None


def _noun_end(tokens: Sequence[_Tok], start: int) -> int:
    """The end of the nouns of the word that starts at ``start`` (before its particle)."""
    end = start
    for t in tokens[bisect_left(tokens, start, key=lambda t: t.start) :]:
        if t.start != end or not t.tag.startswith(("NN", "SL", "SN", "XSN", "XR")) or t.tag == "NNB":
            break
        end = t.end
    return end


def _is_hangul_char(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _words_before(text: str, tokens: Sequence[_Tok], end: int, limit: int = 8) -> list[tuple[int, int]]:
    """The space-separated Hangul words that end at ``end``, nearest last, up to ``limit``;
    the walk stops at a word that ends in a particle or ending ("사원의", "후원자는"), at
    anything but Hangul and digits, and after a word that opens a quotation."""
    ends = {t.end: t for t in tokens}
    out: list[tuple[int, int]] = []
    pos = end
    while len(out) < limit and pos > 0:
        ws = text.rfind(" ", 0, pos) + 1
        quoted = False
        while ws < pos and text[ws] in _OPEN_QUOTES:
            ws += 1
            quoted = True
        word = text[ws:pos]
        last = ends.get(pos)
        if (
            not word
            or not all(_is_hangul_char(ch) or ch.isdigit() for ch in word)
            or last is None
            or last.tag.startswith(("J", "E", "V", "XSV", "XSA"))
        ):
            break
        out.append((ws, pos))
        if quoted or ws == 0 or text[ws - 1] != " ":
            break
        pos = ws - 1
    out.reverse()
    return out


def tokens_start_word(tokens: Sequence[_Tok], pos: int, text: str) -> bool:
    """Whether ``pos`` begins a Kiwi token that follows a non-name token (a particle or
    punctuation), so a known name may start there even without a space."""
    for k, t in enumerate(tokens):
        if t.start == pos:
            return k > 0 and not tokens[k - 1].tag.startswith(("NN", "SL", "SN", "XR"))
    return False


def _form(item: _Item) -> str:
    return item.tok.form if item.tok is not None else ""


class _SpanIndex:
    """Spans by start offset, for finding those that overlap a range without scanning all of
    them (a sentence of tens of thousands of characters has thousands of spans)."""

    def __init__(self, spans: Iterable[_Span]) -> None:
        self._starts: list[int] = []
        self._spans: list[_Span] = []
        self._longest = 0
        for sp in spans:
            self.add(sp)

    def add(self, sp: _Span) -> None:
        at = bisect_right(self._starts, sp.start)
        self._starts.insert(at, sp.start)
        self._spans.insert(at, sp)
        self._longest = max(self._longest, sp.end - sp.start)

    def remove(self, sp: _Span) -> None:
        at = bisect_left(self._starts, sp.start)
        while self._spans[at] is not sp:
            at += 1
        del self._starts[at], self._spans[at]

    def overlapping(self, start: int, end: int) -> list[_Span]:
        """The spans that overlap [start, end), in start order."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [sp for sp in self._spans[lo:hi] if sp.end > start]


# particles Kiwi may leave inside one noun token with a known name before them; not 이/가/도,
# which end names themselves (아이치이, 울릉도)
_NOUN_GLUED_PARTICLES = ("에서", "으로", "의", "에", "은", "는", "을", "를", "와", "과", "로")


def _glued_particle(form: str) -> str:
    """The particle a noun token ends in, if any (callers first check ``form[-1] in _GLUED_LAST``)."""
    return next((p for p in _NOUN_GLUED_PARTICLES if form.endswith(p)), "")


_GLUED_LAST = frozenset(p[-1] for p in _NOUN_GLUED_PARTICLES)


def _name_like(tok: _Tok) -> bool:
    """A proper noun, or a noun Kiwi's dictionary lacks (a foreign name, most often)."""
    return tok.tag == "NNP" or (tok.tag == "NNG" and tok.unknown)


def _stands_alone(tokens: Sequence[_Tok], k: int) -> bool:
    """Whether token k ends a name: followed by a particle, ending, punctuation or nothing,
    not by another noun."""
    if k + 1 >= len(tokens):
        return True
    nxt = tokens[k + 1]
    return not nxt.tag.startswith(("NN", "SL", "SN", "XR", "XSN"))


# (text index, sentence start in the text, sentence, its tokens, photo credit spans in it)
_Sentence = tuple[int, int, str, list[_Tok], list[tuple[int, int]]]

# one-syllable nouns glued to a place that leave the place a name of its own, as English
# adjectives do ("Melbourne-bound", "Chinese-made"): "멜버른행" (bound for), "뉴욕발" (from),
# "중국산" (made in), "독일제", "한국계" (of descent). Not 인: "미국인" is "Americans", a people,
# which the English extractor does not read as the country either.
_PLACE_AFFIXES = frozenset({"행", "발", "산", "제", "계"})
# what a model span may carry glued after a country: 산 (made in) and 전 (the match against:
# "미얀마전과 라오스전이 남았다"; KLUE annotates the country alone)
_COUNTRY_AFFIXES = frozenset({"산", "전"})
# one-syllable particles Kiwi sometimes leaves glued to a place name (서 for 에서); not 도
# ("울릉도" is an island, not "울릉 too")
_GLUED_PARTICLES = frozenset("서이가은는을를의에와과")

_LABEL_TYPES = {"PS": EntityType.PERSON, "OG": EntityType.COMPANY, "LC": EntityType.PLACE}

_Rel = tuple[int, int, RelationType, str, float, dict[str, AttrValue]]


@dataclass(slots=True)
class _Item:
    """One unit of the sentence for pattern reading: a mention (``m`` >= 0) or a token."""

    start: int
    end: int
    m: int = -1
    tok: _Tok | None = None
    particle: str = ""  # form of the particle right after a mention
    ptag: str = ""


class _RelationReader:
    """Reads relations from one sentence: mentions and the tokens between them, in order."""

    def __init__(self, text: str, tokens: list[_Tok], spans: list[_Span], lex: _Lexicons) -> None:
        self.text = text
        self.spans = spans
        self.lex = lex
        self.items: list[_Item] = []
        items = self.items
        alias = {i for i, sp in enumerate(spans) if sp.alias_of is not None}
        ti = 0
        order = [i for i in range(len(spans)) if i not in alias]
        k = 0
        nt, no = len(tokens), len(order)
        cues, titles = lex.cues, lex.titles
        while ti < nt or k < no:
            tok = tokens[ti] if ti < nt else None
            sp = spans[order[k]] if k < no else None
            if sp is not None and (tok is None or tok.start + tok.len > sp.start):
                end = sp.end
                # swallow the alias parentheses: "신세계그룹(이마트)"
                for a in alias:
                    if spans[a].alias_of is sp and spans[a].start == end + 1:
                        end = spans[a].end + 1
                item = _Item(sp.start, end, order[k])
                items.append(item)
                while ti < nt and tokens[ti].start < end:
                    ti += 1
                k += 1
                # skip alias spans that were swallowed
                while k < no and spans[order[k]].start < end:
                    k += 1
                if ti < nt and tokens[ti].start == end and tokens[ti].tag.startswith("J"):
                    item.particle = tokens[ti].form
                    item.ptag = tokens[ti].tag
                    ti += 1
            elif tok is not None:
                # glued nouns that together form a cue or title: "운영"+"사", "대표"+"이사"
                tok_end = tok.start + tok.len
                if ti + 1 < nt:
                    nxt = tokens[ti + 1]
                    if (
                        nxt.start == tok_end
                        and (sp is None or nxt.start + nxt.len <= sp.start)
                        and ((glued := tok.form + nxt.form) in cues or glued in titles)
                    ):
                        tok = _Tok(glued, "NNG", tok.start, tok.len + nxt.len)
                        tok_end = tok.start + tok.len
                        ti += 1
                items.append(_Item(tok.start, tok_end, -1, tok))
                ti += 1
            else:
                k += 1

    # -- helpers -------------------------------------------------------------------------
    def _span(self, item: _Item) -> _Span:
        return self.spans[item.m]

    def _is_org(self, item: _Item) -> bool:
        return item.m >= 0 and self._span(item).type in _ORG_TYPES and not self._credit(item)

    def _is_person(self, item: _Item) -> bool:
        return item.m >= 0 and self._span(item).type is EntityType.PERSON and not self._credit(item)

    def _is_place(self, item: _Item) -> bool:
        return item.m >= 0 and self._span(item).type is EntityType.PLACE and not self._credit(item)

    def _credit(self, item: _Item) -> bool:
        return bool(self._span(item).attributes.get("credit"))

    def _conf(self, base: float, *items: _Item) -> float:
        worst = min(self._span(it).confidence for it in items)
        return base * (0.6 + 0.4 * worst)

    def _clause_break(self, item: _Item) -> bool:
        """Ends the stretch a subject governs: a final ending, a quote, or a full stop."""
        tok = item.tok
        if tok is None:
            return False
        return tok.tag in ("EF", "SF") or tok.form in ('"', "“", "”", "'", "‘", "’", "「", "」")

    def _subject_before(self, k: int, limit: int = 14) -> int | None:
        """The nearest mention marked as subject/topic (이/가/은/는/도, "…의 경우") before item k
        in the same clause."""
        j = k - 1
        steps = 0
        while j >= 0 and steps < limit:
            it = self.items[j]
            if self._other_subject(it) and j >= 2 and self._is_org(self.items[j - 2]):
                # "박정호 SK텔레콤 사장은 …": the organisation speaks through its title holder
                title = self.items[j - 1].tok
                if title is not None and self.lex.title_of(title.form) is not None:
                    return j - 2
            if self._clause_break(it) or self._other_subject(it):
                return None
            if it.m >= 0 and (it.ptag in _SUBJECT_PARTICLES or self._genitive_case(j)):
                return j
            j -= 1
            steps += 1
        return None

    def _other_subject(self, item: _Item) -> bool:
        """A subject/topic particle on a word that is no mention ("업계는", "정부가"): the cue
        after it belongs to that other subject."""
        tok = item.tok
        return tok is not None and tok.form in _SUBJECT_FORMS and tok.tag in _SUBJECT_PARTICLES

    def _genitive_case(self, j: int) -> bool:
        # "GS리테일의 경우" works as a topic
        it = self.items[j]
        nxt = self.items[j + 1] if j + 1 < len(self.items) else None
        return it.particle == "의" and nxt is not None and nxt.tok is not None and nxt.tok.form == "경우"

    def _cue_at(self, k: int) -> list[_Cue]:
        tok = self.items[k].tok
        if tok is None or tok.form not in self.lex.cues:  # most tokens are no cue
            return []
        # Kiwi marks verb conjugation classes as "VV-R"/"VV-I"
        if tok.tag.split("-")[0] not in ("NNG", "NNP", "SL", "VV", "XR"):
            return []
        nxt = self.items[k + 1] if k + 1 < len(self.items) else None
        if nxt is not None and nxt.tok is not None and nxt.start == tok.end and nxt.tok.form in _CUE_BLOCKERS:
            return []  # "협력업체" is a supplier, "투자자" an investor: no relation cue
        return self.lex.cues.get(tok.form, [])

    def _next_form(self, k: int) -> str:
        return _form(self.items[k + 1]) if k + 1 < len(self.items) else ""

    # -- rules ---------------------------------------------------------------------------
    def read(self) -> list[_Rel]:
        rels: list[_Rel] = []
        for k, item in enumerate(self.items):
            tok = item.tok
            if tok is None:
                continue
            title_rel = self.lex.title_of(tok.form)
            if title_rel is not None and tok.tag in ("NNG", "NNP", "SL"):
                rels.extend(self._roles(k, tok.form, title_rel))
            for cue in self._cue_at(k):
                if cue.kind == "pair":
                    rels.extend(self._pair(k, cue))
                elif cue.kind == "object":
                    rels.extend(self._object(k, cue))
                elif cue.kind == "passive":
                    rels.extend(self._passive(k, cue))
                elif cue.kind == "operator":
                    rels.extend(self._operator(k, cue))
                elif cue.kind == "parent":
                    rels.extend(self._parent(k, cue))
                elif cue.kind == "target":
                    rels.extend(self._target(k, cue))
                elif cue.kind == "place":
                    rels.extend(self._place(k, cue))
            if tok.form == "소속" and tok.tag == "NNG":
                rels.extend(self._membership(k))
        seen: set[tuple[int, int, RelationType]] = set()
        out: list[_Rel] = []
        for rel in sorted(rels, key=lambda r: -r[4]):
            key = (rel[0], rel[1], rel[2])
            if rel[2].symmetric:
                key = (min(rel[0], rel[1]), max(rel[0], rel[1]), rel[2])
            if key in seen or rel[0] == rel[1]:
                continue
            # one reading per ordered pair: acquisition beats partnership/merger on the same pair
            seen.add(key)
            out.append(rel)
        return out

    def _former(self, lo: int, hi: int) -> bool:
        return any(
            it.tok is not None and it.tok.form in self.lex.former_marks and it.tok.tag in ("NNG", "NNP", "XPN", "MM")
            for it in self.items[lo:hi]
        )

    def _roles(self, k: int, title: str, rel: RelationType) -> list[_Rel]:
        items = self.items
        out: list[_Rel] = []
        attrs: dict[str, AttrValue] = {"title": title}
        prev = k - 1
        # "박정호 전 SK텔레콤 사장": skip a former mark before the title or the organisation
        if prev >= 0 and items[prev].tok is not None and items[prev].tok.form in self.lex.former_marks:  # type: ignore[union-attr]
            prev -= 1
        if prev >= 0 and items[prev].m >= 0 and not items[prev].particle:
            a = items[prev]
            b_idx = prev - 1
            if b_idx >= 0 and items[b_idx].tok is not None and items[b_idx].tok.form in self.lex.former_marks:  # type: ignore[union-attr]
                b_idx -= 1
            b = items[b_idx] if b_idx >= 0 else None
            if self._is_org(a) and b is not None and self._is_person(b) and not b.particle:
                # PERSON ORG TITLE
                if self._former(b_idx, k):
                    attrs["former"] = True
                out.append((b.m, a.m, rel, "ko:person-org-title", self._conf(0.9, a, b), attrs))
            elif self._is_person(a) and b is not None and self._is_org(b) and b.particle in ("", "의"):
                # ORG PERSON TITLE
                if self._former(b_idx, k):
                    attrs["former"] = True
                out.append((a.m, b.m, rel, "ko:org-person-title", self._conf(0.85, a, b), attrs))
            elif self._is_org(a) or (self._is_place(a) and rel is RelationType.LEADER_OF):
                # ORG TITLE PERSON ("SK텔레콤 사장 박정호", "아성다이소(대표 박정부)")
                nxt = k + 1
                if nxt < len(items) and self._is_person(items[nxt]):
                    if self._former(prev, k):
                        attrs["former"] = True
                    out.append((items[nxt].m, a.m, rel, "ko:org-title-person", self._conf(0.8, a, items[nxt]), attrs))
        elif (
            prev >= 3
            and _form(items[prev]) == ")"
            and self._is_org(items[prev - 1])
            and _form(items[prev - 2]) == "("
            and self._is_person(items[prev - 3])
        ):
            # PERSON(ORG) TITLE: "손흥민(토트넘 홋스퍼) 선수"
            p_it, o_it = items[prev - 3], items[prev - 1]
            out.append((p_it.m, o_it.m, rel, "ko:person(org)-title", self._conf(0.8, p_it, o_it), attrs))
        elif (
            prev >= 1
            and _form(items[prev]) == "("
            and (self._is_org(items[prev - 1]) or (self._is_place(items[prev - 1]) and rel is RelationType.LEADER_OF))
        ):
            # "조선대학교(총장직무대리 홍성금)", "진도군(군수 이동진)": up to two nouns may extend the
            # title; a place's head (군수, 시장) leads it
            nxt = k + 1
            while nxt < min(k + 3, len(items)) and items[nxt].tok is not None and items[nxt].tok.tag == "NNG":  # type: ignore[union-attr]
                nxt += 1
            if nxt < len(items) and self._is_person(items[nxt]):
                out.append(
                    (items[nxt].m, items[prev - 1].m, rel, "ko:org(title-person)", self._conf(0.8, items[nxt]), attrs)
                )
        return out

    def _pair(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "A와 B (…) cue" and "A는 (…) B와 (…) cue" (symmetric)."""
        items = self.items
        out: list[_Rel] = []
        j = k - 1
        steps = 0
        while j >= 0 and steps < 20:
            it = items[j]
            if self._clause_break(it) or self._other_subject(it):
                break
            if self._is_org(it) and it.particle in _WITH_FORMS:
                # "A와 B": the partner named right after
                nb = j + 1
                if nb < k and self._is_org(items[nb]) and items[nb].particle not in _WITH_FORMS:
                    out.append(
                        (
                            it.m,
                            items[nb].m,
                            cue.relation,
                            "ko:A와B-" + cue.relation.value,
                            self._conf(0.85, it, items[nb]),
                            {},
                        )
                    )
                    return out
                subj = self._subject_before(j)
                if subj is not None and self._is_org(items[subj]):
                    out.append(
                        (
                            items[subj].m,
                            it.m,
                            cue.relation,
                            "ko:A는-B와-" + cue.relation.value,
                            self._conf(0.8, it, items[subj]),
                            {},
                        )
                    )
                return out
            j -= 1
            steps += 1
        return out

    def _object(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "A가 B를 인수", "A의 경우 B 흡수통합" (A -> B); not when the cue is passive."""
        items = self.items
        if self._next_form(k) in ("되", "당하"):
            return []
        j = k - 1
        if j < 0 or not self._is_org(items[j]):
            return []
        b = items[j]
        if b.particle not in ("", "을", "를"):
            return []
        subj = self._subject_before(j)
        if subj is None or not self._is_org(items[subj]):
            return []
        a = items[subj]
        attrs: dict[str, AttrValue] = {}
        tok = items[k].tok
        if tok is not None and tok.form != "인수":
            attrs["merger"] = True
        return [(a.m, b.m, cue.relation, "ko:A가-B를-" + (tok.form if tok else ""), self._conf(0.85, a, b), attrs)]

    def _passive(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "B가 A에 인수됐다" (A -> B)."""
        items = self.items
        if self._next_form(k) not in ("되", "당하"):
            return []
        j = k - 1
        if j < 0 or not self._is_org(items[j]) or items[j].particle not in ("에", "에게"):
            return []
        subj = self._subject_before(j)
        if subj is None or not self._is_org(items[subj]):
            return []
        return [
            (items[j].m, items[subj].m, cue.relation, "ko:B가-A에-인수되", self._conf(0.8, items[j], items[subj]), {})
        ]

    def _after_copula(self, k: int) -> int:
        """Skip "-인"/"-이며" after a noun (VCP + ETM/EC) to the next item."""
        n = k + 1
        while n < len(self.items) and self.items[n].tok is not None and self.items[n].tok.tag in ("VCP", "ETM"):  # type: ignore[union-attr]
            n += 1
        return n

    def _operator(self, k: int, cue: _Cue) -> list[_Rel]:
        items = self.items
        tok = items[k].tok
        out: list[_Rel] = []
        if tok is not None and tok.form in ("운영사", "운영자"):
            # "11번가 운영사 SK텔레콤", "11번가의 운영사인 SK텔레콤"
            j, n = k - 1, self._after_copula(k)
            if (
                j >= 0
                and n < len(items)
                and self._is_org(items[j])
                and self._is_org(items[n])
                and items[j].particle in ("", "의")
            ):
                out.append(
                    (
                        items[j].m,
                        items[n].m,
                        cue.relation,
                        "ko:X-운영사-Y",
                        self._conf(0.85, items[j], items[n]),
                        {},
                    )
                )
            return out
        # "X를 운영하는 Y" / "Y가 운영하는 X"
        if self._next_form(k) != "하" or k + 2 >= len(items) or items[k + 2].tok is None:
            return out
        if items[k + 2].tok.tag != "ETM":  # type: ignore[union-attr]
            return out
        n = k + 3
        j = k - 1
        if n >= len(items) or not self._is_org(items[n]) or j < 0 or not self._is_org(items[j]):
            return out
        if items[j].particle in ("을", "를"):
            out.append(
                (items[j].m, items[n].m, cue.relation, "ko:X를-운영하는-Y", self._conf(0.85, items[j], items[n]), {})
            )
        elif items[j].particle in ("이", "가"):
            out.append(
                (items[n].m, items[j].m, cue.relation, "ko:Y가-운영하는-X", self._conf(0.8, items[j], items[n]), {})
            )
        return out

    def _parent(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "A 자회사 B", "A의 계열사인 B" (B -> A); "B는 A의 자회사다" (B -> A)."""
        items = self.items
        j = k - 1
        if j < 0 or not self._is_org(items[j]) or items[j].particle not in ("", "의"):
            return []
        n = self._after_copula(k)
        if n < len(items) and self._is_org(items[n]):
            return [(items[n].m, items[j].m, cue.relation, "ko:A-자회사-B", self._conf(0.85, items[j], items[n]), {})]
        subj = self._subject_before(j, limit=3)
        if subj is not None and self._is_org(items[subj]):
            return [
                (
                    items[subj].m,
                    items[j].m,
                    cue.relation,
                    "ko:B는-A의-자회사",
                    self._conf(0.8, items[j], items[subj]),
                    {},
                )
            ]
        return []

    def _target(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "A가 B에 (…) 투자" (A -> B)."""
        items = self.items
        j = k - 1
        steps = 0
        while j >= 0 and steps < 6:
            it = items[j]
            if self._clause_break(it):
                return []
            if it.m >= 0:
                if self._is_org(it) and it.particle in ("에", "에게"):
                    subj = self._subject_before(j)
                    if subj is not None and self._is_org(items[subj]):
                        return [
                            (items[subj].m, it.m, cue.relation, "ko:A가-B에-투자", self._conf(0.8, it, items[subj]), {})
                        ]
                return []
            j -= 1
            steps += 1
        return []

    def _place(self, k: int, cue: _Cue) -> list[_Rel]:
        """ "P에 본사를 둔 A", "A는 P에 본사를 두고", "P 소재 A", "A 본사는 P에"."""
        items = self.items
        out: list[_Rel] = []
        j = k - 1
        if j >= 0 and self._is_place(items[j]) and items[j].particle in ("에", ""):
            # organisation after the cue ("…본사를 둔 A", "소재 A") within a few items
            n = k + 1
            while n < len(items) and n <= k + 5:
                if items[n].m >= 0:
                    if self._is_org(items[n]):
                        out.append(
                            (
                                items[n].m,
                                items[j].m,
                                cue.relation,
                                "ko:P에-본사-A",
                                self._conf(0.8, items[n], items[j]),
                                {},
                            )
                        )
                    break
                if self._clause_break(items[n]):
                    break
                n += 1
            if not out:
                subj = self._subject_before(j, limit=4)
                if subj is not None and self._is_org(items[subj]):
                    out.append(
                        (
                            items[subj].m,
                            items[j].m,
                            cue.relation,
                            "ko:A는-P에-본사",
                            self._conf(0.75, items[subj], items[j]),
                            {},
                        )
                    )
        return out

    def _membership(self, k: int) -> list[_Rel]:
        """ "A 소속 B": a person works for A, an organisation is a member of A."""
        items = self.items
        j, n = k - 1, self._after_copula(k)
        if j < 0 or n >= len(items) or not self._is_org(items[j]) or items[j].particle not in ("", "의"):
            return []
        b = items[n]
        if self._is_org(b) and not b.particle and n + 1 < len(items) and self._is_person(items[n + 1]):
            # "국회 교육문화체육관광위원회 소속 새누리당 이상일 의원": the member is the person
            b = items[n + 1]
        if self._is_person(b):
            return [(b.m, items[j].m, RelationType.WORKS_FOR, "ko:A-소속-B", self._conf(0.8, b, items[j]), {})]
        if self._is_org(b):
            return [(b.m, items[j].m, RelationType.MEMBER_OF, "ko:A-소속-B", self._conf(0.75, b, items[j]), {})]
        return []
