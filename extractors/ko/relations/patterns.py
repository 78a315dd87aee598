"""The pattern reader: relations read from particles (조사) and word order around cue words.

A sentence becomes a row of items, each a mention (with the particle after it) or a token;
:class:`PatternReader` walks the row and, at each title, cue word (``relation_cues.tsv``: a cue
and its construction kind) and 소속, applies the construction's rule from
:mod:`extractors.ko.relations.constructions`. One reading per ordered pair: the likelier wins."""

from __future__ import annotations

from extractors.ko.lexicon import Cue, Lexicons
from extractors.ko.relations import constructions
from extractors.ko.relations.constructions import CUE_RULES, Item, item_form
from extractors.ko.relations.reader import Rel
from extractors.ko.spans import ORG_TYPES, Span, Tok
from schema.types import EntityType, RelationType

__all__ = ["PatternReader", "may_relate"]

_SUBJECT_PARTICLES = {"JKS", "JX"}
_CUE_BLOCKERS = {"업체", "사", "자", "처"}
_SUBJECT_FORMS = {"은", "는", "이", "가"}
_QUOTES = {"‘": "’", "“": "”", "'": "'", '"': '"', "「": "」", "『": "』"}


def may_relate(lex: Lexicons, tokens: list[Tok], spans: list[Span]) -> bool:
    """Whether the relation reader can find anything: two mentions that are not aliases and
    a cue, a title or 소속 among the tokens (most sentences have none of these)."""
    if sum(1 for sp in spans if sp.alias_of is None) < 2:
        return False
    return not lex.relation_words.isdisjoint([t.form for t in tokens])


class PatternReader:
    """Reads relations from one sentence: mentions and the tokens between them, in order."""

    def __init__(self, text: str, tokens: list[Tok], spans: list[Span], lex: Lexicons) -> None:
        self.text = text
        self.spans = spans
        self.lex = lex
        self.items: list[Item] = []
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
                last = items[-1] if items else None
                if (
                    last is not None
                    and last.tok is not None
                    and last.end == sp.start
                    and text[end : end + 1] == _QUOTES.get(last.tok.form)
                ):
                    # a quoted name reads as the name with the particle after the quote:
                    # "‘인스티튜트 포 플라스티네이션’을 설립"
                    items.pop()
                    end += 1
                item = Item(sp.start, end, order[k])
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
                        tok = Tok(glued, "NNG", tok.start, tok.len + nxt.len)
                        tok_end = tok.start + tok.len
                        ti += 1
                items.append(Item(tok.start, tok_end, -1, tok))
                ti += 1
            else:
                k += 1

    # -- helpers -------------------------------------------------------------------------
    def span(self, item: Item) -> Span:
        return self.spans[item.m]

    def is_org(self, item: Item) -> bool:
        return item.m >= 0 and self.span(item).type in ORG_TYPES and not self.credit(item)

    def is_person(self, item: Item) -> bool:
        return item.m >= 0 and self.span(item).type is EntityType.PERSON and not self.credit(item)

    def is_place(self, item: Item) -> bool:
        return item.m >= 0 and self.span(item).type is EntityType.PLACE and not self.credit(item)

    def credit(self, item: Item) -> bool:
        return bool(self.span(item).attributes.get("credit"))

    def conf(self, base: float, *items: Item) -> float:
        worst = min(self.span(it).confidence for it in items)
        return base * (0.6 + 0.4 * worst)

    def clause_break(self, item: Item) -> bool:
        """Ends the stretch a subject governs: a final ending, a quote, or a full stop."""
        tok = item.tok
        if tok is None:
            return False
        return tok.tag in ("EF", "SF") or tok.form in ('"', "“", "”", "'", "‘", "’", "「", "」")

    def subject_before(self, k: int, limit: int = 14) -> int | None:
        """The nearest mention marked as subject/topic (이/가/은/는/도, "…의 경우") before item k
        in the same clause."""
        j = k - 1
        steps = 0
        while j >= 0 and steps < limit:
            it = self.items[j]
            if self.other_subject(it) and j >= 2 and self.is_org(self.items[j - 2]):
                # "박정호 SK텔레콤 사장은 …": the organisation speaks through its title holder
                title = self.items[j - 1].tok
                if title is not None and self.lex.title_of(title.form) is not None:
                    return j - 2
            if self.clause_break(it) or self.other_subject(it):
                return None
            if it.m >= 0 and (it.ptag in _SUBJECT_PARTICLES or self.genitive_case(j)):
                return j
            j -= 1
            steps += 1
        return None

    def person_subject(self, k: int, limit: int = 14) -> int | None:
        """The person marked as subject/topic before item k in the same clause: "박근혜는",
        or a person with a title or 씨 before the particle ("김효석 전 의원은", "이서현 씨는")."""
        j, steps = k - 1, 0
        while j >= 0 and steps < limit:
            it = self.items[j]
            if self.clause_break(it):
                return None
            if it.m >= 0 and it.ptag in _SUBJECT_PARTICLES:
                return j if self.is_person(it) else None
            if self.other_subject(it):
                i = j - 1
                while i > j - 4 and i >= 0 and self._person_word(self.items[i]):
                    i -= 1
                person = i >= 0 and i < j - 1 and self.is_person(self.items[i]) and not self.items[i].particle
                return i if person else None
            j -= 1
            steps += 1
        return None

    def _person_word(self, item: Item) -> bool:
        """A title, a former mark or 씨 written between a person and their particle."""
        form = item_form(item)
        return item.tok is not None and (
            self.lex.title_of(form) is not None or form in self.lex.former_marks or form in ("씨", "군", "양")
        )

    def other_subject(self, item: Item) -> bool:
        """A subject/topic particle on a word that is no mention ("업계는", "정부가"): the cue
        after it belongs to that other subject."""
        tok = item.tok
        return tok is not None and tok.form in _SUBJECT_FORMS and tok.tag in _SUBJECT_PARTICLES

    def genitive_case(self, j: int) -> bool:
        # "GS리테일의 경우" works as a topic
        it = self.items[j]
        nxt = self.items[j + 1] if j + 1 < len(self.items) else None
        return it.particle == "의" and nxt is not None and nxt.tok is not None and nxt.tok.form == "경우"

    def cue_at(self, k: int) -> list[Cue]:
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

    def next_form(self, k: int) -> str:
        return item_form(self.items[k + 1]) if k + 1 < len(self.items) else ""

    def former(self, lo: int, hi: int) -> bool:
        return any(
            it.tok is not None and it.tok.form in self.lex.former_marks and it.tok.tag in ("NNG", "NNP", "XPN", "MM")
            for it in self.items[lo:hi]
        )

    def after_copula(self, k: int) -> int:
        """Skip "-인"/"-이며" after a noun (VCP + ETM/EC) to the next item."""
        n = k + 1
        while n < len(self.items) and self.items[n].tok is not None and self.items[n].tok.tag in ("VCP", "ETM"):  # type: ignore[union-attr]
            n += 1
        return n

    # -- reading -------------------------------------------------------------------------
    def read(self) -> list[Rel]:
        """The relations of the sentence: at each title (``constructions.roles``), cue word
        (the rule of its kind in ``CUE_RULES``) and 소속 (``constructions.membership``); one
        reading per ordered pair (per pair for symmetric types), the likeliest."""
        rels: list[Rel] = []
        for k, item in enumerate(self.items):
            tok = item.tok
            if tok is None:
                continue
            title_rel = self.lex.title_of(tok.form)
            if title_rel is not None and tok.tag in ("NNG", "NNP", "SL"):
                rels.extend(constructions.roles(self, k, tok.form, title_rel))
            for cue in self.cue_at(k):
                rels.extend(CUE_RULES[cue.kind](self, k, cue))
            if tok.form == "소속" and tok.tag == "NNG":
                rels.extend(constructions.membership(self, k))
        seen: set[tuple[int, int, RelationType]] = set()
        out: list[Rel] = []
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
