"""The English relation stage: the rows of ``patterns.yaml`` as spaCy ``Matcher`` and
``DependencyMatcher`` patterns over a parsed doc whose mentions are decided, the named checks
the rows ask for, safe coreference for a relation's ends, and the modality filter.

The English extractor calls :meth:`EnglishRelationStage.retype` on its mention candidates
before it builds mentions (an unknown name bought or partnered by a company is a company) and
:meth:`EnglishRelationStage.read` after its own relation rules; ``read`` adds what the patterns
find and drops what the modality filter refuses.

Example::

    stage = EnglishRelationStage(load_lexicon())
    found = stage.read(doc, cands, relations)    # relations: the reader's ExtractedRelations
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.en.relations.depmatch import CompiledPattern, DocIndex, compile_pattern, match
from extractors.en.relations.marks import MarkMatcher
from extractors.en.relations.modality import ModalityCues, blocked
from extractors.en.relations.topics import USER_KEY as DEFINITIONS_KEY
from extractors.en.relations.topics import copula_subject, defined_as
from extractors.rules import COREF_SUFFIX, TITLE, Found, MentionLike, PatternRow, load_rows, through_coreference
from schema.types import AttrValue, EntityType, ExtractedRelation, RelationType

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from extractors.en.lexicon import EnglishLexicon

__all__ = ["DATA_DIR", "EnglishRelationStage"]

DATA_DIR = Path(__file__).resolve().parent
_USER_KEY = "kg_relation_marks"
_ORGS = frozenset({EntityType.COMPANY, EntityType.ORGANIZATION})
_ROLE_TYPES = frozenset(
    {
        RelationType.CEO_OF,
        RelationType.CHAIR_OF,
        RelationType.FOUNDER_OF,
        RelationType.LEADER_OF,
        RelationType.WORKS_FOR,
    }
)
_FAMILY = {t: "role" for t in _ROLE_TYPES} | {RelationType.ACQUIRED: "stake", RelationType.INVESTED_IN: "stake"}
_RELATIVE = {"which", "that", "who"}
_POSSESSIVE_PRONOUNS = {"its", "their"}
# "the company", "the firm": a relation party read as the last company named before
_COREF_NOUNS = {
    "company": _ORGS,
    "firm": _ORGS,
    "group": _ORGS,
    "conglomerate": _ORGS,
    "carmaker": _ORGS,
    "automaker": _ORGS,
    "retailer": _ORGS,
    "airline": _ORGS,
    "organization": _ORGS,
    "organisation": _ORGS,
}
_TITLE_JOINERS = {"of", "-", "and", "for"}
# subject pronouns read by coreference, and the types they may stand for
_SUBJECT_PRONOUNS = {
    "he": frozenset({EntityType.PERSON}),
    "she": frozenset({EntityType.PERSON}),
    "it": _ORGS,
}
# how many sentences back a subject pronoun looks for the name it stands for
_PRONOUN_REACH = 4
# the relations for which "it" is read by coreference
_IT_TYPES = frozenset(
    {RelationType.FOUNDER_OF, RelationType.SUBSIDIARY_OF, RelationType.ACQUIRED, RelationType.HEADQUARTERED_IN}
)
# a relation whose end was read by coreference keeps this share of its rule's confidence
# verbs whose object, bought or partnered by a company, is a company itself ("Coupang acquired
# Farfetch"); lemmas
_DEAL_VERBS = {
    "acquire",
    "sell",
    "buy",
    "purchase",
    "partner",
    "team",
    "merge",
    "invest",
    "take",
    "complete",
    "sign",
    "strike",
    "announce",
    "form",
    "seal",
    "ink",
}
# nouns through which a name is a deal's object ("took a stake in X", "a deal with X")
_DEAL_NOUNS = {
    "stake",
    "share",
    "acquisition",
    "takeover",
    "purchase",
    "deal",
    "agreement",
    "mou",
    "partnership",
    "venture",
    "investment",
    "contract",
    "alliance",
    "merger",
}

_extensions_lock = threading.Lock()
_extensions_set = False


def _marks(tok: Token) -> dict[str, Any] | None:
    marks: list[dict[str, Any] | None] | None = tok.doc.user_data.get(_USER_KEY)
    return marks[tok.i] if marks is not None else None


def _getter(key: str) -> Callable[[Token], Any]:
    def get(tok: Token) -> Any:
        m = _marks(tok)
        # the matchers compare strings: "" stands for no mark
        return (m.get(key) or "") if m is not None else ""

    return get


def _set_extensions() -> None:
    """Token extensions the patterns read (``_.kg_type`` ...), set once per process."""
    global _extensions_set
    with _extensions_lock:
        if _extensions_set:
            return
        from spacy.tokens import Token

        for key in ("kg_type", "kg_start", "kg_end", "kg_title"):
            Token.set_extension(key, getter=_getter(key), force=True)
        _extensions_set = True


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            rows.append([x.strip() for x in line.split("\t")])
    return rows


class EnglishRelationStage:
    """Pattern rows, checks, coreference and modality for English; built once per extractor."""

    def __init__(self, lexicon: EnglishLexicon, data_dir: Path = DATA_DIR) -> None:
        self.lex = lexicon
        self.rows = load_rows(data_dir / "patterns.yaml")
        self.by_rule = {r.rule: r for r in self.rows}
        self.modality = ModalityCues.load(data_dir / "modality.yaml")
        self.country_titles: dict[str, tuple[RelationType, bool]] = {}
        for cols in _read_tsv(data_dir / "country_titles.tsv"):
            self.country_titles[cols[0].lower()] = (RelationType(cols[1]), len(cols) > 2 and cols[2] == "any")
        self.containers = frozenset(cols[0].lower() for cols in _read_tsv(data_dir / "containers.txt"))
        self.countries = frozenset(c.lower() for c in lexicon.countries)
        self.title_words = (
            frozenset(lexicon.title_words)
            | frozenset(w for t in self.country_titles for w in t.split())
            | frozenset(w.lower() for w in lexicon.honorifics)
            | frozenset(x[0] for x in _read_tsv(data_dir / "party_titles.txt"))
        )
        self.party_titles = {
            x[0]: RelationType(x[1]) if len(x) > 1 else RelationType.MEMBER_OF
            for x in _read_tsv(data_dir / "party_titles.txt")
        }
        self._matchers: dict[int, tuple[MarkMatcher, list[tuple[PatternRow, int, CompiledPattern]]]] = {}
        self._reference: dict[int, DependencyMatcher] = {}
        self._needed: dict[tuple[str, int], list[frozenset[str]]] = {}
        self._lock = threading.Lock()
        self._checks: dict[str, Callable[[Doc, Sequence[MentionLike], int, int, tuple[int, int]], bool]] = {
            "container_is_country_or_state": self._container,
            "inner_is_no_country": self._inner_no_country,
            "target_is_no_chain_container": self._no_chain_container,
            "in_follows_source": lambda doc, ms, s, t, span: ms[s].end < len(doc) and doc[ms[s].end].lower_ == "in",
            "not_a_list": self._not_a_list,
            "target_is_demonym": lambda doc, ms, s, t, span: "demonym_of" in ms[t].attrs,
            "target_is_party": self._target_is_party,
            "its_is_unambiguous": self._its_unambiguous,
            "target_is_no_party": lambda doc, ms, s, t, span: not self._target_is_party(doc, ms, s, t, span),
            "title_place_fits": lambda doc, ms, s, t, span: True,  # decided with the type
            "title_ends_phrase": self._title_ends_phrase,
            "title_after_source": lambda doc, ms, s, t, span: isinstance(ms[s].attrs.get("title"), str),
            "title_between": lambda doc, ms, s, t, span: True,
        }
        for pattern_row in self.rows:
            unknown = set(pattern_row.checks) - set(self._checks)
            if unknown:
                raise ValueError(f"rule {pattern_row.rule!r} names unknown checks {sorted(unknown)}")

    # ------------------------------------------------------------------ matchers

    def _matchers_for(self, vocab: Vocab) -> tuple[MarkMatcher, list[tuple[PatternRow, int, CompiledPattern]]]:
        """The token matcher (all token rows) and the compiled dependency alternatives
        (:mod:`.depmatch`); the dependency patterns are validated once by spaCy's own
        ``DependencyMatcher``, which :meth:`spacy_dependency_matches` keeps for comparison."""
        with self._lock:
            key = id(vocab)
            if key not in self._matchers:
                from spacy.matcher import DependencyMatcher

                _set_extensions()
                tokens = MarkMatcher(vocab, [(row.rule, row.tokens) for row in self.rows if row.tokens])
                reference = DependencyMatcher(vocab, validate=True)
                compiled: list[tuple[PatternRow, int, CompiledPattern]] = []
                for row in self.rows:
                    for k, pattern in enumerate(row.dependency):
                        reference.add(f"{row.rule}#{k}", [pattern])
                        self._needed[(row.rule, k)] = _needed_words(pattern)
                        compiled.append((row, k, compile_pattern(pattern)))
                self._matchers[key] = (tokens, compiled)
                self._reference[key] = reference
            return self._matchers[key]

    def spacy_dependency_matches(self, doc: Doc, mentions: Sequence[MentionLike]) -> set[tuple[str, tuple[int, ...]]]:
        """(rule#alternative, token ids) found by spaCy's ``DependencyMatcher`` (for tests)."""
        self._matchers_for(doc.vocab)
        self._mark(doc, mentions)
        try:
            return {(doc.vocab.strings[mid], tuple(ids)) for mid, ids in self._reference[id(doc.vocab)](doc)}
        finally:
            doc.user_data.pop(_USER_KEY, None)
        doc.user_data.pop(DEFINITIONS_KEY, None)

    def dependency_matches(self, doc: Doc, mentions: Sequence[MentionLike]) -> set[tuple[str, tuple[int, ...]]]:
        """(rule#alternative, token ids) found by :mod:`.depmatch`, ungated (for tests)."""
        _, compiled = self._matchers_for(doc.vocab)
        self._mark(doc, mentions)
        try:
            marks = doc.user_data[_USER_KEY]
            index = DocIndex.build(doc)
            return {
                (f"{row.rule}#{k}", tuple(ids)) for row, k, pat in compiled for ids in match(pat, doc, index, marks)
            }
        finally:
            doc.user_data.pop(_USER_KEY, None)
        doc.user_data.pop(DEFINITIONS_KEY, None)

    def _mark(self, doc: Doc, mentions: Sequence[MentionLike], lower: Sequence[str] | None = None) -> list[int]:
        """Per-token marks for the patterns; returns the owner mention of every token.
        ``lower``: each token's ``lower_``, when the caller has read them."""
        owner = [-1] * len(doc)
        marks: list[dict[str, Any] | None] = [None] * len(doc)
        for idx, m in enumerate(mentions):
            if m.type is None:
                continue
            for i in range(m.start, m.end):
                owner[i] = idx
                marks[i] = {"kg_type": m.type.value}
            first, last = marks[m.start], marks[m.end - 1]
            assert first is not None and last is not None
            first["kg_start"] = m.type.value
            last["kg_end"] = m.type.value
        for i, word in enumerate(lower if lower is not None else [tok.lower_ for tok in doc]):
            if marks[i] is None and (word in self.title_words or word in _TITLE_JOINERS):
                marks[i] = {"kg_title": "title"}
        doc.user_data[_USER_KEY] = marks
        return owner

    # ------------------------------------------------------------------ public

    def retype(self, doc: Doc, mentions: Sequence[MentionLike]) -> None:
        """An unknown one-word name that NER typed Person or Place and that a company acquires,
        buys, invests in, takes a stake in or partners with is a company ("Coupang acquired
        Farfetch", "Kakao took a stake in Grab"); every mention of the same name in the doc
        follows. Gazetteer names, known places, titled names and linked short forms keep
        their type."""
        owner = [-1] * len(doc)
        for idx, m in enumerate(mentions):
            for i in range(m.start, m.end):
                owner[i] = idx
        known_places = self.lex.world_cities
        retyped: set[str] = set()
        for m in mentions:
            if (
                m.type not in (EntityType.PERSON, EntityType.PLACE)
                or m.end - m.start != 1
                or getattr(m, "source", "ner") != "ner"
                or m.attrs.keys() & {"title", "full_name", "demonym_of", "party_of"}
                or doc[m.start].text in known_places
                or doc[m.start].text.lower() in self.countries
            ):
                continue
            tok = doc[m.start]
            verb = self._deal_verb(tok)
            if verb is None:
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(owner[s.i] >= 0 and mentions[owner[s.i]].type is EntityType.COMPANY for s in subjects):
                retyped.add(tok.text)
        if retyped:
            for m in mentions:
                if m.type in (EntityType.PERSON, EntityType.PLACE) and doc[m.start : m.end].text in retyped:
                    m.type = EntityType.COMPANY

    def _deal_verb(self, tok: Token) -> Token | None:
        """The deal verb a name is the object of: "acquired X", "partnered with X", "a stake in
        X", "its acquisition of X", "a deal with X"; None otherwise."""
        while tok.dep_ == "conj":
            tok = tok.head
        if tok.dep_ == "dobj":
            verb = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_ == "sell":
            verb = tok.head.head  # "Enasa was sold to Iveco"
        elif tok.dep_ == "pobj" and tok.head.lower_ in ("with", "in", "of"):
            head = tok.head.head
            if head.pos_ == "VERB":
                verb = head
            elif head.lemma_.lower() in _DEAL_NOUNS and head.head.pos_ == "VERB":
                verb = head.head
            else:
                return None
        else:
            return None
        return verb if verb.lemma_.lower() in _DEAL_VERBS else None

    def read(
        self,
        doc: Doc,
        mentions: Sequence[MentionLike],
        base: Sequence[ExtractedRelation],
        index: DocIndex | None = None,
    ) -> list[ExtractedRelation]:
        """The reader's relations (``base``) and the patterns' ones, without those the
        modality filter refuses; one relation per (source, target, type), the most confident.
        ``index``: the doc's :class:`DocIndex`, when the caller has built it."""
        index = index if index is not None else DocIndex.build(doc)
        owner = self._mark(doc, mentions, index.columns["LOWER"])
        heads: dict[int, Token] = {}  # mention -> its head token, found as the modality filter asks
        found: dict[tuple[int, int, RelationType], Found] = {}
        tokens, deps = self._matchers_for(doc.vocab)
        for match_id, start, end in tokens(doc, _USER_KEY):
            row = self.by_rule[doc.vocab.strings[match_id]]
            self._token_match(doc, mentions, owner, row, start, end, found)
        words = index.words()
        marks = doc.user_data[_USER_KEY]
        for row, k, pattern in deps:
            if any(map(words.isdisjoint, self._needed[(row.rule, k)])):
                continue  # a word the alternative needs is not in the doc
            for ids in match(pattern, doc, index, marks):
                self._dep_match(doc, mentions, owner, row, row.dependency[k], ids, found)
        doc.user_data.pop(_USER_KEY, None)
        doc.user_data.pop(DEFINITIONS_KEY, None)

        out: dict[tuple[int, int, RelationType], ExtractedRelation] = {}
        # one type per fact: a pattern's reading of a pair (a country title, a stake taken)
        # replaces the reader's reading of the same pair in the same family of types
        replaced = {(f.source, f.target, _FAMILY.get(f.type)) for f in found.values()}
        for rel in base:
            family = _FAMILY.get(rel.type)
            if family is not None and (rel.source, rel.target, family) in replaced:
                continue
            if self._title_word_org(doc, mentions, rel):
                continue
            out[(rel.source, rel.target, rel.type)] = rel
        for f in found.values():
            key = (f.source, f.target, f.type)
            old = out.get(key)
            if old is not None and old.confidence >= f.confidence:
                continue
            lo = min(mentions[f.source].start, mentions[f.target].start)
            hi = max(mentions[f.source].end, mentions[f.target].end) - 1
            start = doc[lo].sent.start_char
            end = doc[hi].sent.end_char
            out[key] = ExtractedRelation(
                source=f.source,
                target=f.target,
                type=f.type,
                confidence=f.confidence,
                rule=f.rule,
                start=start,
                end=end,
                attributes=f.attrs,
            )
        anchors = {k: f.anchors for k, f in found.items() if f.anchors is not None}

        def ends(r: ExtractedRelation) -> tuple[Token, Token]:
            via = anchors.get((r.source, r.target, r.type))
            if via is not None and out[(r.source, r.target, r.type)].rule.endswith(COREF_SUFFIX):
                return doc[via[0]], doc[via[1]]
            for m in (r.source, r.target):
                if m not in heads:
                    heads[m] = doc[mentions[m].start : mentions[m].end].root
            return heads[r.source], heads[r.target]

        kept = [r for r in out.values() if not blocked(*ends(r), self.modality)]
        kept.sort(key=lambda r: (r.start, r.source, r.target))
        return kept

    # ------------------------------------------------------------------ matching

    def _token_match(
        self,
        doc: Doc,
        mentions: Sequence[MentionLike],
        owner: list[int],
        row: PatternRow,
        start: int,
        end: int,
        found: dict[tuple[int, int, RelationType], Found],
    ) -> None:
        coref: set[int] = set()

        def at(where: str | int) -> int:
            if where == "first":
                m = owner[start]
                if m < 0 and doc[start].lower_ in _POSSESSIVE_PRONOUNS:  # "its leader Jack Ma"
                    m = self._its(doc, mentions, owner, doc[start], owner[end - 1])
                    if m >= 0 and doc[start].sent != doc[mentions[m].start].sent:
                        coref.add(m)
                return m
            if where == "last":
                return owner[end - 1]
            if where == "second":  # the second mention in the match
                seen = [owner[i] for i in range(start, end) if owner[i] >= 0]
                distinct = list(dict.fromkeys(seen))
                return distinct[1] if len(distinct) > 1 else -1
            return owner[start + int(where)]

        s, t = at(row.source), at(row.target)
        title = self._title_words(doc, owner, start, end)
        anchors = (_anchor(row.source, start, end, mentions, s), _anchor(row.target, start, end, mentions, t))
        self._consider(doc, mentions, row, [s], [t], title, (start, end), found, coref=coref, anchors=anchors)

    def _dep_match(
        self,
        doc: Doc,
        mentions: Sequence[MentionLike],
        owner: list[int],
        row: PatternRow,
        pattern: list[dict[str, Any]],
        ids: list[int],
        found: dict[tuple[int, int, RelationType], Found],
    ) -> None:
        node = dict(zip((n["RIGHT_ID"] for n in pattern), ids, strict=True))
        src_tok, tgt_tok = doc[node[str(row.source)]], doc[node[str(row.target)]]
        coref: set[int] = set()
        # "it" stands for the organisation an earlier sentence is about only in statements
        # about the organisation itself ("It was founded in 1994 by ..."); "it is run by"
        # may be an office, a unit or a product
        it = row.type in _IT_TYPES
        sources = self._resolve(doc, mentions, owner, src_tok, row.source_types, coref, it=it)
        other = sources[0] if sources else -1
        targets = self._resolve(doc, mentions, owner, tgt_tok, row.target_types, coref, exclude=other, it=it)
        lo, hi = min(ids), max(ids) + 1
        title = ""
        if "title" in node:  # the title noun and the title words before it ("vice president")
            head = doc[node["title"]]
            words = [t for t in head.lefts if t.dep_ in ("compound", "amod") and owner[t.i] < 0]
            title = " ".join(t.text for t in [*words, head])
        anchors = (src_tok.i, tgt_tok.i)
        self._consider(doc, mentions, row, sources, targets, title, (lo, hi), found, coref=coref, anchors=anchors)

    def _consider(
        self,
        doc: Doc,
        mentions: Sequence[MentionLike],
        row: PatternRow,
        sources: list[int],
        targets: list[int],
        title: str,
        span: tuple[int, int],
        found: dict[tuple[int, int, RelationType], Found],
        coref: set[int] | None = None,
        anchors: tuple[int, int] | None = None,
    ) -> None:
        for s in sources:
            for t in targets:
                if s < 0 or t < 0 or s == t:
                    continue
                ms, mt = mentions[s], mentions[t]
                if ms.type not in row.source_types or mt.type not in row.target_types:
                    continue
                if any(not self._checks[c](doc, mentions, s, t, span) for c in row.checks):
                    continue
                attrs: dict[str, AttrValue] = {}
                if row.type == TITLE:
                    rtype, attrs = self._title_type(doc, mentions, s, t, title)
                    if rtype is None:
                        continue
                else:
                    assert isinstance(row.type, RelationType)
                    rtype = row.type
                conf, rule = row.confidence, row.rule
                if coref and (s in coref or t in coref):
                    rule, conf = through_coreference(rule, conf)
                    conf = round(conf, 3)
                a, b = (t, s) if rtype.symmetric and t < s else (s, t)
                key = (a, b, rtype)
                old = found.get(key)
                if old is None or old.confidence < conf:
                    # anchors only where an end was read by coreference: elsewhere the mention
                    # heads are the ends (and conjoined names have their own heads)
                    via = anchors if coref and (s in coref or t in coref) else None
                    if via is not None and (a, b) != (s, t):
                        via = (via[1], via[0])
                    found[key] = Found(a, b, rtype, conf, rule, attrs, via)

    def _resolve(
        self,
        doc: Doc,
        mentions: Sequence[MentionLike],
        owner: list[int],
        tok: Token,
        types: frozenset[EntityType],
        coref: set[int],
        exclude: int = -1,
        it: bool = False,
    ) -> list[int]:
        """The mentions a pattern node names: its own mention, a relative pronoun's antecedent,
        an appositive name ("by its founder, Kim"), "its" read from the clause's subject, and by
        coreference "the company" (the last company named in this or the previous sentence),
        "he"/"she" (the person who is the subject of an earlier sentence) and "it" (the
        organisation that is); conjoined names too ("Samsung and SK signed"). Mentions reached by
        coreference are added to ``coref``."""
        out: list[int] = []
        for t in self._conjuncts(tok):
            m = owner[t.i]
            by_coref = False
            if m < 0 and t.lower_ in _RELATIVE and t.head.dep_ == "relcl":
                m = owner[t.head.head.i]
                if m < 0:  # "Weng was an American journalist who served as ...": the copula's subject
                    m = copula_subject(owner, t.head.head)
            elif m < 0 and t.lower_ in _POSSESSIVE_PRONOUNS:
                m = self._its(doc, mentions, owner, t, exclude)
            elif m < 0 and t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                # "the company": the last company named; "the band": the band the text defined
                lemma = t.lemma_.lower()
                m = (
                    self._last_named(doc, mentions, owner, t, _COREF_NOUNS[lemma] & types)
                    if lemma in _COREF_NOUNS
                    else -1
                )
                if m < 0:
                    m = defined_as(doc, mentions, owner, t, types)
                by_coref = True
            elif (
                m < 0
                and t.lower_ in _SUBJECT_PRONOUNS
                and t.dep_ in ("nsubj", "nsubjpass")
                and (it or t.lower_ != "it")
            ):
                wanted = _SUBJECT_PRONOUNS[t.lower_] & types
                m = self._earlier_subject(doc, mentions, owner, t, wanted) if wanted else -1
                by_coref = True
            elif m < 0:
                names = [owner[c.i] for c in t.children if c.dep_ == "appos" and owner[c.i] >= 0]
                m = names[0] if names else -1
            if m >= 0 and m not in out:
                out.append(m)
                if by_coref:
                    coref.add(m)
        return out

    def _earlier_subject(
        self, doc: Doc, mentions: Sequence[MentionLike], owner: list[int], tok: Token, types: frozenset[EntityType]
    ) -> int:
        """ "He joined Samsung": the person (or, for "it", the organisation) that is the
        subject of one of the sentences before (at most ``_PRONOUN_REACH``), skipping sentences
        whose subject is a pronoun and sentences that name nobody of that type ("A 2004 survey
        named him ..." between "Chubais is a Russian politician" and "he is the head of X");
        -1 when a sentence between names someone of that type who is not its subject."""
        sent = tok.sent
        for _ in range(_PRONOUN_REACH):
            if sent.start == 0:
                return -1
            sent = doc[sent.start - 1].sent
            subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
            for subj in subjects:
                m = owner[subj.i]
                if m >= 0 and mentions[m].type in types:
                    return m
            if any(t.lower_ in _SUBJECT_PRONOUNS for t in subjects):
                continue
            if any(m.type in types and sent.start <= m.start < sent.end for m in mentions):
                return -1
        return -1

    def _conjuncts(self, tok: Token) -> list[Token]:
        out = [tok]
        for c in tok.children:
            if c.dep_ == "conj":
                out.extend(self._conjuncts(c))
        return out

    def _its(self, doc: Doc, mentions: Sequence[MentionLike], owner: list[int], tok: Token, exclude: int) -> int:
        """ "its": the subject of the nearest clause above it that has an organisation for
        subject, else the nearest organisation named before it in the sentence."""
        for anc in tok.ancestors:
            for c in anc.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i:
                    m = owner[c.i]
                    if m >= 0 and m != exclude and mentions[m].type in _ORGS and "demonym_of" not in mentions[m].attrs:
                        return m
        sent_start = tok.sent.start
        for i in range(tok.i - 1, sent_start - 1, -1):
            m = owner[i]
            if m >= 0 and m != exclude and mentions[m].type in _ORGS and "demonym_of" not in mentions[m].attrs:
                return m
        # no organisation in the sentence: the one an earlier sentence is about
        m = self._earlier_subject(doc, mentions, owner, tok, _ORGS)
        return m if m != exclude else -1

    def _last_named(
        self, doc: Doc, mentions: Sequence[MentionLike], owner: list[int], tok: Token, types: frozenset[EntityType]
    ) -> int:
        """The last mention of one of ``types`` before ``tok`` in its sentence or the one before."""
        sent = tok.sent
        floor = doc[sent.start - 1].sent.start if sent.start > 0 else 0
        for i in range(tok.i - 1, floor - 1, -1):
            m = owner[i]
            if m >= 0 and mentions[m].type in types and not mentions[m].attrs.keys() & {"demonym_of", "party_of"}:
                return m
        return -1

    # ------------------------------------------------------------------ titles

    def _title_words(self, doc: Doc, owner: list[int], start: int, end: int) -> str:
        """The run of title words inside a token match (outside every mention)."""
        words: list[str] = []
        for i in range(start, end):
            if owner[i] < 0 and (doc[i].lower_ in self.title_words or doc[i].lower_ in _TITLE_JOINERS):
                words.append(doc[i].text)
            elif words:
                break
        return " ".join(words)

    def _title_type(
        self, doc: Doc, mentions: Sequence[MentionLike], s: int, t: int, title: str
    ) -> tuple[RelationType | None, dict[str, AttrValue]]:
        """The relation a title states between a person and a place or an organisation."""
        target = mentions[t]
        former = bool(mentions[s].attrs.get("former", False))
        words = _title_core(title)
        if not words:
            title = str(mentions[s].attrs.get("title", ""))  # a title before the person's name
            words = _title_core(title)
        if not words:
            return None, {}
        rtype = self._title_relation(doc, target, words)
        if rtype is None:
            return None, {}
        shown = title.split()
        while shown and shown[0].lower() in ("the", "a", "an", "of", "and", "for"):
            shown = shown[1:]
        while shown and shown[-1].lower() in _TITLE_JOINERS:
            shown = shown[:-1]
        attrs: dict[str, AttrValue] = {"title": " ".join(shown)}
        if former:
            attrs["former"] = True
        return rtype, attrs

    def _title_relation(self, doc: Doc, target: MentionLike, words: list[str]) -> RelationType | None:
        """The relation type the title's words give toward a party, a place or an organisation."""
        rtype: RelationType | None = None
        if "party_of" in target.attrs:
            # a party's member, or its leader whatever the title
            rtype = RelationType.MEMBER_OF
            for w in words:
                if self.party_titles.get(w, RelationType.MEMBER_OF) is not RelationType.MEMBER_OF:
                    rtype = self.party_titles[w]
        elif target.type is EntityType.PLACE:
            place = doc[target.start : target.end].text.lower()
            is_country = place in self.countries or "demonym_of" in target.attrs
            for k in range(len(words)):
                entry = self.country_titles.get(" ".join(words[k:]))
                if entry is not None:
                    if is_country or entry[1]:
                        rtype = entry[0]
                    break
        else:
            for k in range(len(words)):
                rtype = self.lex.titles.get(" ".join(words[k:]))
                if rtype is not None:
                    break
        return rtype

    def _title_word_org(self, doc: Doc, mentions: Sequence[MentionLike], rel: ExtractedRelation) -> bool:
        """ "Interior Minister Besir Atalay": a one-word 'organisation' that, with the title after
        it, is itself a government title names no organisation."""
        if rel.type not in _ROLE_TYPES:
            return False
        org = mentions[rel.target]
        title = mentions[rel.source].attrs.get("title")
        if org.end - org.start != 1 or not isinstance(title, str):
            return False
        return f"{doc[org.start].lower_} {title.lower()}" in self.country_titles

    # ------------------------------------------------------------------ checks

    def _container(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        text = doc[ms[t].start : ms[t].end].text.lower()
        return text in self.countries or text in self.containers

    def _inner_no_country(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        m = ms[s]
        return "demonym_of" not in m.attrs and doc[m.start : m.end].text.lower() not in self.countries

    def _no_chain_container(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        """ "in Heidelberg, Germany": the thing is in Heidelberg; Germany holds Heidelberg."""
        before = ms[t].start - 1
        return not (before >= 1 and doc[before].text == "," and _mark_type(doc[before - 1]) == EntityType.PLACE.value)

    def _not_a_list(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        """ "Texas, Florida and California" is a list, not a place in a state."""
        after = ms[t].end
        if after + 1 < len(doc) and doc[after].lower_ in (",", "and", "or"):
            nxt = doc[after + 1]
            if nxt.ent_type_ in ("GPE", "LOC") or _mark_type(nxt) == EntityType.PLACE.value:
                return False
        before = ms[s].start - 1
        if before - 1 >= 0 and doc[before].lower_ in (",", "and", "or"):
            prev = doc[before - 1]
            if _mark_type(prev) == EntityType.PLACE.value and not _dateline_start(doc, before - 1):
                return False
        return True

    def _its_unambiguous(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        """ "its" in the match has at most one organisation named before it in its sentence."""
        its = next((i for i in range(span[0], span[1]) if doc[i].lower_ in _POSSESSIVE_PRONOUNS), None)
        if its is None:
            return True
        before = {
            k
            for k, m in enumerate(ms)
            if m.type in _ORGS and doc[its].sent.start <= m.start < its and "demonym_of" not in m.attrs
        }
        return len(before) <= 1

    def _target_is_party(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        m = ms[t]
        return "party_of" in m.attrs or doc[m.end - 1].lower_ == "party"

    def _title_ends_phrase(self, doc: Doc, ms: Sequence[MentionLike], s: int, t: int, span: tuple[int, int]) -> bool:
        end = span[1]
        return end >= len(doc) or not doc[end].is_alpha or doc[end].pos_ in ("VERB", "AUX", "CCONJ", "ADP", "ADV")


def _needed_words(pattern: list[dict[str, Any]]) -> list[frozenset[str]]:
    """For each node of a dependency pattern that names its words (LEMMA or LOWER, one word or
    an IN list), the words one of which a doc must hold for the pattern to match."""
    out: list[frozenset[str]] = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS", {})
        for key in ("LEMMA", "LOWER"):
            value = attrs.get(key)
            if isinstance(value, str):
                out.append(frozenset({value}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                out.append(frozenset(str(v) for v in value["IN"]))
    return out


def _anchor(where: str | int, start: int, end: int, mentions: Sequence[MentionLike], m: int) -> int:
    """The token a token pattern matched for one end."""
    if where == "first":
        return start
    if where == "last":
        return end - 1
    if where == "second":
        return mentions[m].start if m >= 0 else start
    return start + int(where)


def _title_core(title: str) -> list[str]:
    """A title's words, lower case, without leading articles and trailing joiners."""
    words = title.lower().replace(" - ", "-").split()
    while words and words[0] in ("the", "a", "an", "of", "and", "for"):
        words = words[1:]
    while words and words[-1] in _TITLE_JOINERS:
        words = words[:-1]
    return words


def _mark_type(tok: Token) -> Any:
    m = _marks(tok)
    return m.get("kg_type") if m is not None else None


def _dateline_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` lies in an upper-case dateline at the start of a sentence."""
    sent: Span = doc[i].sent
    return doc[i].is_upper and i - sent.start < 4
