"""Korean relations of one sentence: the trained pair model plus two high-precision rules.

``KoreanRelationReader.read`` takes the sentence, Kiwi's morphemes, the sentence's mentions (the
extractor's spans and the places nested in them) and the relations the extractor's own pattern
reader found, and returns them merged with:

- ``ko:model``: every pair of a person, an organisation or company, and a place, scored by the
  KLUE-RE model (``model.py``); a pair above the model's threshold becomes a typed relation. A
  role takes its type from the title next to the person (``titles.tsv``: 사장 -> CEO_OF, 회장 ->
  CHAIR_OF ...); a member from its group (a league -> MEMBER_OF, else SUBSIDIARY_OF). A pair the
  pattern reader related keeps its relation, named ``ko:model+<rule>`` when the model agrees.
- ``ko:place-chain``: "미국 플로리다 팜비치" -> 팜비치 LOCATED_IN 플로리다, 플로리다 LOCATED_IN 미국
  (adjacent links only).
- ``ko:country-org``: a country written right before a company or a non-government body ("호주
  콴타스 항공", "미국 민주당") -> HEADQUARTERED_IN the country.

Example::

    reader = KoreanRelationReader(LEXICON_DIR, countries)
    reader.read(text, tokens, mentions, rule_relations)
    # [(2, 1, RelationType.CEO_OF, "ko:model", 0.93, {"title": "사장"}), ...]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.ko.relations.features import Arg, Token, load_cues, pair_features
from extractors.ko.relations.model import MODEL_DIR, MODEL_FILE, RelationModel
from schema.text import has_hangul
from schema.types import AttrValue, EntityType, RelationType

__all__ = ["KoreanRelationReader", "Mention", "Rel"]

Rel = tuple[int, int, RelationType, str, float, dict[str, AttrValue]]

_COARSE = {
    EntityType.PERSON: "P",
    EntityType.COMPANY: "O",
    EntityType.ORGANIZATION: "O",
    EntityType.PLACE: "L",
}
_KIND = {
    RelationType.PARTNERS_WITH: "partnership",
    RelationType.MERGED_WITH: "partnership",
    RelationType.ACQUIRED: "ownership",
    RelationType.INVESTED_IN: "ownership",
    RelationType.SUBSIDIARY_OF: "ownership",
    RelationType.OPERATED_BY: "ownership",
    RelationType.CEO_OF: "role",
    RelationType.CHAIR_OF: "role",
    RelationType.FOUNDER_OF: "role",
    RelationType.LEADER_OF: "role",
    RelationType.WORKS_FOR: "role",
    RelationType.MEMBER_OF: "member",
    RelationType.HEADQUARTERED_IN: "located",
    RelationType.LOCATED_IN: "located",
}
_AGE = re.compile(r"\([0-9]{1,3}[^()]{0,12}\)")  # "(67)", "(59·구속)" after a name
# the pattern rules that read an event (a founding, an appointment) a modal word undoes too
_EVENT_RULES = ("ko:P-O-title", "ko:P가-O를-설립", "ko:P가-설립한-O", "ko:O를-설립한-P", "ko:L에-O를-설립")
_ORIGIN_RULE = "ko:O-출신-P"  # constructions.origin
_MAX_GAP = 4  # morphemes between two mentions the model still scores on its own


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of the sentence (offsets relative to it); ``within``: the index of the mention
    it is nested in (a place chain's leading area, a country before a name)."""

    start: int
    end: int
    type: EntityType
    within: int | None = None
    alias: bool = False  # another name of a mention written next to it: "신세계그룹(이마트)"
    credit: bool = False  # inside a photo credit or byline


def _rows(path: Path, strip: bool = True) -> list[list[str]]:
    """TSV rows (``strip=False`` keeps the spaces a first column starts or ends with)."""
    return [
        [c.strip() for c in line.split("\t")] if strip else line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


class KoreanRelationReader:
    """Reads the relations of one sentence (see the module docstring); built once per extractor."""

    def __init__(
        self, lexicon_dir: Path, countries: Collection[str], model_dir: Path = MODEL_DIR, model_alone: bool = False
    ) -> None:
        # model_alone: also keep the model's pairs that no pattern found (off: on kg's own
        # mentions in news they are right less than half the time, see docs/korean-extraction.md)
        self.model_alone = model_alone
        self.cues = load_cues(lexicon_dir)
        self.countries = frozenset(countries)
        words: dict[str, set[str]] = {}
        for row in _rows(lexicon_dir / "relation_rules.tsv"):
            words.setdefault(row[1], set()).add(row[0])
        self.place_leaders = frozenset(words.get("place_leader", ()))
        self.party_endings = tuple(words.get("party", ()))
        self.member_titles = frozenset(words.get("member", ()))
        self.based_endings = tuple(words.get("based", ()))
        self.league_endings = tuple(words.get("league", ()))
        self.deal_words = frozenset(words.get("deal", ()))
        self.place_links = tuple(
            sorted(
                (r[0] for r in _rows(lexicon_dir / "relation_rules.tsv", strip=False) if r[1] == "place_link"), key=len
            )
        )[::-1]
        self.unit_words = tuple(sorted(words.get("unit", ()), key=len, reverse=True))
        self.not_based = tuple(words.get("not_based", ()))
        self.generic = frozenset(words.get("generic", ()))
        self.not_places = tuple(words.get("not_place", ()))
        self.particles = tuple(sorted(words.get("particle", ()), key=len, reverse=True))
        self.bodies = frozenset(words.get("body", ()))
        self.school_endings = tuple(words.get("school", ()))
        self.former_marks = frozenset(r[0] for r in _rows(lexicon_dir / "former_marks.txt"))
        self.qualifiers = frozenset(r[0] for r in _rows(lexicon_dir / "place_qualifiers.txt"))
        self.model = RelationModel.load(model_dir) if (model_dir / MODEL_FILE).exists() else None

    # -- the sentence --------------------------------------------------------------------
    def read(self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], rules: Sequence[Rel]) -> list[Rel]:
        out = [
            self._retyped(text, mentions, r)
            for r in rules
            if not self._modal(tokens, mentions, r) and not self._school(text, mentions, r)
        ]
        related = {frozenset((r[0], r[1])) for r in out}

        def add(rel: Rel) -> None:
            key = frozenset((rel[0], rel[1]))
            if key not in related and rel[0] != rel[1]:
                related.add(key)
                out.append(rel)

        for rel in self._appositions(text, mentions):
            add(rel)
        for rel in self._place_chains(text, mentions):
            add(rel)
        for rel in self._units(text, mentions):
            add(rel)
        for rel in self._place_links(text, mentions):
            add(rel)
        for rel in self._bracket_chains(text, mentions):
            add(rel)
        for rel in self._country_orgs(text, mentions):
            add(rel)
        only = None if self.model_alone else {frozenset((r[0], r[1])) for r in out}
        for rel in self._model(text, tokens, mentions, only) if only is None or only else ():
            key = frozenset((rel[0], rel[1]))
            agree = [i for i, r in enumerate(out) if frozenset((r[0], r[1])) == key and _KIND[r[2]] == _KIND[rel[2]]]
            for i in agree:
                src, tgt, rtype, rule, conf, attrs = out[i]
                if not rule.startswith("ko:model"):
                    out[i] = (src, tgt, rtype, f"ko:model+{rule.removeprefix('ko:')}", max(conf, rel[4]), attrs)
            if not agree and self.model_alone:
                add(rel)
        return out

    def _modal(self, tokens: Sequence[Token], mentions: Sequence[Mention], rel: Rel) -> bool:
        """A deal (partnership, merger, acquisition, investment) only under talks, planned,
        reviewed, failed or denied: a modal word (``relation_feature_cues.tsv``, group modal:
        협상, 추진, 검토, 계획, 실패, 부인 ...) after the first of its two mentions."""
        event = rel[3].startswith(_EVENT_RULES)
        if not event and (_KIND[rel[2]] not in ("partnership", "ownership") or rel[2] is RelationType.SUBSIDIARY_OF):
            return False
        if not (0 <= rel[0] < len(mentions) and 0 <= rel[1] < len(mentions)):
            return False
        first = min(mentions[rel[0]].start, mentions[rel[1]].start)
        return any(t.start > first and self.cues.words.get(t.form) == "modal" for t in tokens)

    def _school(self, text: str, mentions: Sequence[Mention], rel: Rel) -> bool:
        """A school's 출신 is its graduate, not its staff ("서울대 출신"; ``school`` in
        ``relation_rules.tsv``)."""
        if rel[3] != _ORIGIN_RULE or not 0 <= rel[1] < len(mentions):
            return False
        return text[mentions[rel[1]].start : mentions[rel[1]].end].endswith(self.school_endings)

    def _retyped(self, text: str, mentions: Sequence[Mention], rel: Rel) -> Rel:
        """A pattern reader's role retyped by its title and organisation as the model's roles are
        (a lawmaker is a member of their party, a party's 대표 leads it)."""
        src, tgt, rtype, rule, conf, attrs = rel
        if rule == _ORIGIN_RULE and 0 <= tgt < len(mentions):
            # a party's 출신 was its member
            party = text[mentions[tgt].start : mentions[tgt].end].endswith(self.party_endings)
            return (src, tgt, RelationType.MEMBER_OF, rule, conf, attrs) if party else rel
        title = attrs.get("title")
        if _KIND[rtype] != "role" or not isinstance(title, str) or title not in self.cues.titles:
            return rel
        if rtype is RelationType.FOUNDER_OF or not 0 <= tgt < len(mentions):
            return rel
        return (src, tgt, self._role_type(text, mentions[tgt], title), rule, conf, attrs)

    # -- rules ---------------------------------------------------------------------------
    def _place_chains(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """Adjacent links of a place chain: the whole mention lies in its last leading area,
        each area in the one before it."""
        out: list[Rel] = []
        for w, whole in enumerate(mentions):
            if whole.type is not EntityType.PLACE or whole.within is not None:
                continue
            words = text[whole.start : whole.end].split(" ")
            last = words[-1]
            if last in self.not_places or last.endswith(tuple(w for w in self.not_places if len(w) > 1)):
                continue  # "아시아 증시", "텍사스 주", "미 연방하원": the chain ends in no place
            if len(words) > 1 and last == words[-2]:
                continue  # "북한 북한": a repeated word
            parts = sorted(
                (i for i, m in enumerate(mentions) if m.within == w and m.type is EntityType.PLACE),
                key=lambda i: mentions[i].start,
            )
            chain = [*parts, w]
            for inner, outer in zip(chain[1:], chain[:-1], strict=True):
                out.append((inner, outer, RelationType.LOCATED_IN, "ko:place-chain", 0.9, {}))
        return out

    def _units(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """ "P[의] [one word] UNIT[인] C" and "C1, C2 등 P UNIT": C SUBSIDIARY_OF P (UNIT: 계열사,
        자회사, 산하, 소속기관 ...)."""
        orgs = {
            i: m
            for i, m in enumerate(mentions)
            if m.within is None and not m.alias and m.type in (EntityType.COMPANY, EntityType.ORGANIZATION)
        }
        at_end = {m.end: i for i, m in orgs.items()}
        at_start = {m.start: i for i, m in orgs.items()}
        out = _local_entities(text, orgs)
        parent_of: dict[int, int] = {}  # the end of a unit's child -> its parent
        units = self.unit_words
        if not any(u in text for u in units):
            return out  # most sentences have no unit word: no word to walk
        for word in re.finditer(r"\S+", text):
            if not word.group().startswith(units):  # most words: no unit word
                continue
            unit = next(u for u in units if word.group().startswith(u))  # the longest
            if any(m.start <= word.start() < m.end for m in orgs.values()):
                continue
            rest = word.group()[len(unit) :]
            if len(rest) > 3:  # a particle at most ("계열사인", "계열사들이")
                continue
            parent = _unit_parent(text, word.start(), at_end)
            if parent is None and text[: word.start()].endswith(", "):
                # "교육부 소속기관인 A, 산하단체인 B": the parent of the unit listed before
                parent = parent_of.get(word.start() - 2)
            if parent is None:
                continue
            children: list[int] = []
            child = at_start.get(word.end() + 1)
            if child is not None and rest in ("인", ""):
                children += [child, *_listed_after(text, orgs, child)]
                parent_of[mentions[child].end] = parent
            children += _listed_before(text, orgs, mentions[parent].start)
            for c in children:
                if c != parent:
                    out.append((c, parent, RelationType.SUBSIDIARY_OF, "ko:unit", 0.8, {"cue": unit}))
        return out

    def _place_links(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """A place joined to the name right after it by 의, 에 있는, 에 위치한, 소재 ... (data:
        ``place_link``): the name is LOCATED_IN the place, an organisation HEADQUARTERED_IN it."""
        out: list[Rel] = []
        ends: dict[int, int] = {}
        for i, m in enumerate(mentions):
            if m.type is EntityType.PLACE and not m.alias:
                ends.setdefault(m.end, i)
        for y, my in enumerate(mentions):
            if my.within is not None or my.alias or my.credit or my.type is EntityType.PERSON:
                continue
            # the text before the name (and before a quote that opens it), not copied
            stop = my.start - 1 if text.endswith(("'", '"', "‘", "“"), 0, my.start) else my.start
            if not text.endswith(self.place_links, 0, stop):  # most names: one test of them all
                continue
            link = next(w for w in self.place_links if text.endswith(w, 0, stop))
            at = stop - len(link)
            x = ends.get(at)
            if x is None:  # "베트남 북부에 위치한 하노이": a qualifier after the place
                word = text[:at].rsplit(" ", 1)
                x = ends.get(len(word[0])) if len(word) == 2 and word[1] in self.qualifiers else None
            if x is None or x == y:
                continue
            name = text[my.start : my.end]
            if name in self.countries or (my.type is not EntityType.PLACE and text.startswith("의 ", my.end)):
                continue  # "페샤와르에 있는 한국 운송회사", "네바다주의 애플의 자회사": a modifier
            if my.type is EntityType.PLACE:
                out.append((y, x, RelationType.LOCATED_IN, "ko:place-link", 0.8, {"link": link.strip()}))
            elif link.strip() == "의" and (name.endswith(self.not_based) or name in self.generic):
                continue  # "미국의 국무부": a government body's own country
            else:
                out.append((y, x, RelationType.HEADQUARTERED_IN, "ko:place-link", 0.8, {"link": link.strip()}))
        return out

    def _bracket_chains(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """A place, its bracketed original and a place right after: "베이징(北京) 톈안먼(天安門)
        광장" -> 톈안먼 LOCATED_IN 베이징 (a place chain the bracket cut in two)."""
        out: list[Rel] = []
        places = {m.end: i for i, m in enumerate(mentions) if m.type is EntityType.PLACE and not m.alias}
        for y, my in enumerate(mentions):
            if my.type is not EntityType.PLACE or my.alias or my.within is not None or my.credit:
                continue
            if not text[: my.start].endswith(") "):
                continue
            open_at = text.rfind("(", 0, my.start - 2)
            if open_at < 0 or has_hangul(text[open_at : my.start]):
                continue  # the bracket holds the name in Hanja or Latin letters
            x = places.get(open_at)
            if x is not None and x != y and text[my.start : my.end] not in self.countries:
                out.append((y, x, RelationType.LOCATED_IN, "ko:place-chain", 0.8, {}))
        return out

    def _country_orgs(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """A country written right before a company or a non-government body, nested in its
        mention or a mention of its own: HEADQUARTERED_IN the country."""
        out: list[Rel] = []
        for c, country in enumerate(mentions):
            if country.type is not EntityType.PLACE or text[country.start : country.end] not in self.countries:
                continue
            if country.within is not None:
                org_at: int | None = country.within
            else:
                org_at = next(
                    (
                        i
                        for i, m in enumerate(mentions)
                        if m.within is None and m.start == country.end + 1 and text[country.end] == " "
                    ),
                    None,
                )
            if org_at is None:
                continue
            org = mentions[org_at]
            name = text[org.start : org.end]
            if name.endswith(self.not_based):
                continue
            if org.type is EntityType.COMPANY or (
                org.type is EntityType.ORGANIZATION and name.endswith((*self.based_endings, *self.party_endings))
            ):
                out.append((org_at, c, RelationType.HEADQUARTERED_IN, "ko:country-org", 0.85, {}))
        return out

    def _title_word(self, text: str, at: int, particles: tuple[str, ...] | None = None) -> tuple[str, int]:
        """The title written as the word starting at ``at`` ("외무장관은" -> 장관, "수석대표인"
        -> 대표; at most three syllables before it), and where the word ends; ("", at) if none.
        ``particles``: the particles the word may end with (default: any of the lexicon's)."""
        end = at
        while end < len(text) and not text[end].isspace() and text[end] not in ",.·()[]\"'“”‘’":
            end += 1
        word = text[at:end]
        if word in self.cues.titles:  # "대변인" is no "대변" + 인
            return word, end
        for particle in self.particles:
            if word.endswith(particle) and len(word) > len(particle) + 1:
                if particles is not None and particle not in particles and word not in self.cues.titles:
                    return "", at
                word = word[: -len(particle)]
                break
        if word.endswith("실") and word[:-1] in self.cues.titles:
            word = word[:-1]  # "박혜자 새정치민주연합 의원실": the office of a 의원
        for cut in range(min(3, len(word) - 1) + 1):
            if word[cut:] in self.cues.titles:
                return word[cut:], end
        return "", at

    def _unit_title(self, text: str, at: int) -> str:
        """A title after a unit's name written as one word ("부산지역본부장", "스마트농업연구팀장",
        "노인복지과장"): the title, longest first, of at least two syllables after at least four."""
        word = re.match(r"[^\s,.·()\[\]\"'“”‘’]*", text[at:])
        form = word.group() if word else ""
        for particle in self.particles:
            if form.endswith(particle) and len(form) > len(particle) + 1:
                form = form[: -len(particle)]
                break
        return next((form[cut:] for cut in range(4, len(form) - 1) if form[cut:] in self.cues.titles), "")

    def _appositions(self, text: str, mentions: Sequence[Mention]) -> list[Rel]:
        """A person and an organisation or place written next to each other with a title:
        "앙겔라 메르켈 독일 총리", "박정호 전 SK텔레콤 사장" (person, other, title), "루비
        프로덕션의 가도와치 루이치 사장" (other, person, title), "미국 수석대표인 크리스토퍼힐"
        (other, title, person). A government body's country nested in it ("노르웨이 외무부
        장관") gets WORKS_FOR as well."""
        out: list[Rel] = []
        free = [i for i, m in enumerate(mentions) if m.within is None and not m.alias and not m.credit]
        at_start = {mentions[i].start: i for i in free}
        for p in free:
            mp = mentions[p]
            if mp.type is not EntityType.PERSON:
                continue
            after = mp.end
            if (bracket := _AGE.match(text, after)) is not None:
                after = bracket.end()
            found = [
                *self._person_other_title(text, mentions, at_start, after),
                *self._other_person_title(text, mentions, free, p, after),
                *self._other_title_person(text, mentions, free, mp),
            ]
            for o, title, was, unit in found[:1]:
                out += self._apposition(text, mentions, p, o, title, was, unit)
        return out

    def _person_other_title(
        self, text: str, mentions: Sequence[Mention], at_start: dict[int, int], after: int
    ) -> list[tuple[int, str, bool, bool]]:
        """person[(age)] [전] other title: "류원기(67) 영남제분 회장" -> (other, title, former)."""
        pos, former = after + 1, False
        if text.startswith("전 ", pos):
            pos, former = pos + 2, True
        o = at_start.get(pos) if text[after : after + 1] == " " else None
        if o is None or mentions[o].type is EntityType.PERSON:
            return []
        end = mentions[o].end
        at = end if not text.startswith(" ", end) else end + 1
        if mentions[o].type is EntityType.PLACE:
            at = self._after_body(text, at)  # "알리 알-다바그 이라크 정부 대변인"
        was = text.startswith("전 ", at)  # "안철수 새정치민주연합 전 공동대표"
        at = _after_duty(text, at + 2 if was else at)
        title, _ = self._title_word(text, at)
        unit = ""
        if not title and mentions[o].type is not EntityType.PERSON:
            unit = self._unit_title(text, at)  # "문영기 캠코 부산지역본부장"
        if (title or unit) and not text.startswith(("의", "와", "과"), end):
            return [(o, title or unit, former or was, bool(unit))]
        return []

    def _other_person_title(
        self, text: str, mentions: Sequence[Mention], free: list[int], p: int, after: int
    ) -> list[tuple[int, str, bool, bool]]:
        """other[의|와] person[(age)] title: "기업 더본코리아와 백종원(49) 대표" is its 대표."""
        found: list[tuple[int, str, bool, bool]] = []
        start = mentions[p].start
        before = [i for i in free if mentions[i].end in (start - 1, start - 2) and i != p]
        for o in before:
            gap = text[mentions[o].end : start]
            if gap in (" ", "의 ", "와 ", "과 ") and mentions[o].type is not EntityType.PERSON:
                if gap in ("와 ", "과 ") and mentions[o].type is EntityType.PLACE:
                    continue
                at = _after_duty(text, after + 1 if text.startswith(" ", after) else after)  # "보도담당 사장"
                title, _ = self._title_word(text, at)
                if gap in ("와 ", "과 ") and not text.startswith(title, at):
                    continue  # "홍성열 증평군수와 이시종 충북도지사": the title names its own place
                unit = self._unit_title(text, at) if not title and gap in (" ", "의 ") else ""
                if title or unit:  # "전남농업기술원 김희곤 스마트농업연구팀장"
                    found.append((o, title or unit, False, bool(unit)))
        return found

    def _other_title_person(
        self, text: str, mentions: Sequence[Mention], free: list[int], mp: Mention
    ) -> list[tuple[int, str, bool, bool]]:
        """other[의] title[인] person: the title word carries no other particle."""
        found: list[tuple[int, str, bool, bool]] = []
        for o in free:
            mo = mentions[o]
            if mo.type is EntityType.PERSON or mo.end >= mp.start or mp.start - mo.end > 40:
                continue
            after = _after_alias(text, mentions, o)  # "브리티시뮤직라이츠(British Music Rights)의 대표인"
            at = after + 2 if text.startswith("의 ", after) else after + 1 if text.startswith(" ", after) else after
            if mo.type is EntityType.PLACE:
                at = self._after_body(text, at)  # "노르웨이 외무부 장관인 조나스 가 스토어"
            if text.startswith("초대 ", at):
                at += 3  # "인도네시아의 초대 대통령 수카르노"
            title, end = self._title_word(text, at, ("인", "직무대행"))
            if mo.type is EntityType.PLACE and text.startswith("의 ", mo.end) and title not in self.place_leaders:
                continue  # "런던의 애널리스트인 데이비드 뷰익": where they work, not for whom
            if title and end < mp.start and text[end : mp.start] == " ":
                found.append((o, title, False, False))
        return found

    def _after_body(self, text: str, at: int) -> int:
        """Past a government body word at ``at`` ("정부 ", "외무부 ": ``body`` in
        ``relation_rules.tsv``), else ``at``."""
        end = text.find(" ", at)
        return end + 1 if end > at and text[at:end] in self.bodies else at

    def _apposition(
        self, text: str, mentions: Sequence[Mention], p: int, o: int, title: str, was: bool, unit: bool = False
    ) -> list[Rel]:
        """The role of person ``p`` at ``o`` by ``title``, and WORKS_FOR the country nested in a
        government body; a unit's title (``unit``: "부산지역본부장") is WORKS_FOR ``o``."""
        rel = RelationType.WORKS_FOR if unit else self._role_type(text, mentions[o], title)
        attrs: dict[str, AttrValue] = {"title": title}
        if was:
            attrs["former"] = True
        out: list[Rel] = [(p, o, rel, "ko:apposition", 0.85, attrs)]
        if mentions[o].type is EntityType.ORGANIZATION:
            for c, mc in enumerate(mentions):
                if mc.within == o and text[mc.start : mc.end] in self.countries:
                    out.append((p, c, RelationType.WORKS_FOR, "ko:apposition", 0.8, dict(attrs)))
        return out

    def _role_type(self, text: str, other: Mention, title: str) -> RelationType:
        """The role a title gives a person in an organisation or a place."""
        rel = RelationType(self.cues.titles[title]) if title else RelationType.WORKS_FOR
        name = text[other.start : other.end]
        if other.type is EntityType.PLACE:
            return RelationType.LEADER_OF if title in self.place_leaders else RelationType.WORKS_FOR
        if other.type is EntityType.ORGANIZATION and name.endswith(self.party_endings):
            leads = rel in (RelationType.LEADER_OF, RelationType.CEO_OF, RelationType.CHAIR_OF)
            return RelationType.LEADER_OF if leads else RelationType.MEMBER_OF
        if title in self.member_titles and other.type is EntityType.ORGANIZATION:
            return RelationType.MEMBER_OF
        if other.type is EntityType.ORGANIZATION and rel is RelationType.CEO_OF:
            return RelationType.LEADER_OF  # the 대표 of a party, a civic group or an institute
        return rel

    # -- the model -----------------------------------------------------------------------
    def _model(
        self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], only: set[frozenset[int]] | None
    ) -> list[Rel]:
        """The model's relations above its threshold: of every near pair, or of the pairs in
        ``only`` (those the patterns related: the model confirms them)."""
        model = self.model
        if model is None:
            return []
        order = sorted(
            (
                i
                for i, m in enumerate(mentions)
                if m.within is None
                and not m.alias
                and not m.credit
                and m.type in _COARSE
                and text[m.start : m.end] not in self.generic
                and not (m.type is EntityType.PERSON and m.end - m.start < 2)  # a surname alone
            ),
            key=lambda i: mentions[i].start,
        )
        if len(order) < 2:
            return []
        starts = [t.start for t in tokens]
        from bisect import bisect_left

        out: list[Rel] = []
        for a, i in enumerate(order):
            mi = mentions[i]
            ti = bisect_left(starts, mi.end)
            for j in order[a + 1 :]:
                mj = mentions[j]
                if mj.start < mi.end or (only is not None and frozenset((i, j)) not in only):
                    continue
                if only is None and bisect_left(starts, mj.start) - ti > _MAX_GAP:
                    break  # a pair this far apart is left to the patterns
                x, y = Arg(mi.start, mi.end, _COARSE[mi.type]), Arg(mj.start, mj.end, _COARSE[mj.type])
                types = f"{x.type}>{y.type}"
                if types not in ("P>O", "O>P", "P>L", "L>P", "O>L", "L>O", "O>O"):
                    continue
                between = [
                    _COARSE[mentions[k].type]
                    for k in order
                    if mi.end <= mentions[k].start and mentions[k].end <= mj.start
                ]
                if only is None and (x.type in between or y.type in between):
                    continue  # a nearer mention of the same type stands between: its pair, if any
                cls, p = model.predict(pair_features(text, tokens, x, y, self.cues, between), types)
                if cls == "none" or p < model.threshold:
                    continue
                rel = self._typed(text, tokens, mentions, i, j, cls, p)
                if rel is not None:
                    out.append(rel)
        return out

    def _typed(
        self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], i: int, j: int, cls: str, p: float
    ) -> Rel | None:
        """The kg relation of a model class for the pair (i before j)."""
        mi = mentions[i]
        if cls in ("employ", "founder"):
            person, other = (i, j) if mi.type is EntityType.PERSON else (j, i)
            if cls == "founder":
                return (person, other, RelationType.FOUNDER_OF, "ko:model", p, {})
            return self._role(text, tokens, mentions, person, other, p)
        if cls == "hq":
            org, place = (i, j) if mi.type is not EntityType.PLACE else (j, i)
            if text[mentions[org].start : mentions[org].end].endswith(self.not_based):
                return None  # a government body's tie to a place is its seat, not stated here
            return (org, place, RelationType.HEADQUARTERED_IN, "ko:model", p, {})
        member, group = (i, j) if cls == "member>" else (j, i)
        name = text[mentions[group].start : mentions[group].end]
        rtype = RelationType.MEMBER_OF if name.endswith(self.league_endings) else RelationType.SUBSIDIARY_OF
        return (member, group, rtype, "ko:model", p, {})

    def _role(
        self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], person: int, other: int, p: float
    ) -> Rel:
        mp, mo = mentions[person], mentions[other]
        title, former = self._title(tokens, mp, mo)
        rel = self._role_type(text, mo, title)
        attrs: dict[str, AttrValue] = {}
        if title:
            attrs["title"] = title
        if former:
            attrs["former"] = True
        return (person, other, rel, "ko:model", p if title else p * 0.9, attrs)

    def _title(self, tokens: Sequence[Token], person: Mention, other: Mention) -> tuple[str, bool]:
        """The title written next to the person (the side facing the other mention first) and
        whether a former mark (전) precedes it."""
        starts = [t.start for t in tokens]
        from bisect import bisect_left

        first, last = bisect_left(starts, person.start), bisect_left(starts, person.end) - 1
        found: list[tuple[bool, str, bool]] = []  # (faces the other mention, title, former)
        for k in (first - 1, first - 2):
            if 0 <= k < len(tokens) and tokens[k].form in self.cues.titles:
                former = k > 0 and tokens[k - 1].form in self.former_marks
                former = former or (first > 0 and tokens[first - 1].form in self.former_marks)
                found.append((other.start < person.start, tokens[k].form, former))
                break
        k, glued = last + 1, ""
        while k < len(tokens) and k <= last + 3:
            tok = tokens[k]
            joined = glued + tok.form if glued and tok.start == tokens[k - 1].start + tokens[k - 1].len else ""
            form = joined if joined in self.cues.titles else tok.form
            if form in self.cues.titles:
                former = any(t.form in self.former_marks for t in tokens[last + 1 : k])
                found.append((other.start > person.start, form, former))
                break
            if tok.form in self.former_marks or tok.tag.startswith("NN"):
                glued = glued + tok.form if joined else tok.form
                k += 1
                continue
            break
        if not found:
            return "", False
        found.sort(key=lambda f: not f[0])
        return found[0][1], found[0][2]


def _local_entities(text: str, orgs: dict[int, Mention]) -> list[Rel]:
    """ "애플 아일랜드법인 ... 애플": a company's local entity, its parent named on its own too."""
    out: list[Rel] = []
    names = {text[m.start : m.end]: i for i, m in orgs.items()}
    for i, m in orgs.items():
        name = text[m.start : m.end]
        head, _, tail = name.partition(" ")
        if tail.endswith("법인") and head in names and names[head] != i:
            out.append((i, names[head], RelationType.SUBSIDIARY_OF, "ko:unit", 0.8, {"cue": "법인"}))
    return out


def _after_duty(text: str, at: int) -> int:
    """Past a word naming a duty ("보도담당 ", "영업담당 ") at ``at``, else ``at``."""
    end = text.find(" ", at)
    return end + 1 if end > at + 2 and text[at:end].endswith("담당") else at


def _after_alias(text: str, mentions: Sequence[Mention], o: int) -> int:
    """Where mention ``o`` ends, past the bracketed alias written right after it."""
    end = mentions[o].end
    if text.startswith("(", end):
        alias = next((m for m in mentions if m.alias and m.start == end + 1), None)
        if alias is not None and text.startswith(")", alias.end):
            return alias.end + 1
    return end


def _unit_parent(text: str, start: int, at_end: dict[int, int]) -> int | None:
    """The parent of the unit word at ``start``: the organisation right before it, after 의, or
    one word before."""
    for gap in (" ", "의 "):
        parent = at_end.get(start - len(gap)) if text[:start].endswith(gap) else None
        if parent is not None:
            return parent
    prev = re.search(r"(\S+) \S+ $", text[:start])
    if prev is None:
        return None
    end = prev.end(1)
    if end in at_end:
        return at_end.get(end)
    return at_end.get(end - 1) if prev.group(1).endswith("의") else None


def _listed_before(text: str, orgs: dict[int, Mention], parent_start: int) -> list[int]:
    """ "C1, C2 등 P 계열사": the organisations listed before 등 ahead of the parent, nearest first."""
    children: list[int] = []
    head = text[:parent_start]
    if not head.endswith("등 "):
        return children
    pos = len(head) - 3  # the end of the name before " 등 "
    for _ in range(8):
        prev_at = next((i for i, m in orgs.items() if m.end == pos), None)
        if prev_at is not None:
            children.append(prev_at)
            start = orgs[prev_at].start
        else:  # a listed name kg did not find: "칼호텔네트워크, 한진관광 등 대한항공 계열사"
            word = re.search(r"[^\s,·]+$", text[:pos])
            if word is None or word.start() == 0:
                break
            start = word.start()
        sep = re.search(r"(, |·|와 |과 )$", text[:start])
        if sep is None:
            break
        pos = sep.start()
    return children


def _listed_after(text: str, orgs: dict[int, Mention], first: int) -> list[int]:
    """ "P 산하단체인 C1과 C2 등": the organisations listed after the unit's first child, when
    the list ends in 등."""
    listed: list[int] = []
    at_start = {m.start: i for i, m in orgs.items()}
    end = orgs[first].end
    while (sep := re.match(r"(, |·|와 |과 )", text[end:])) is not None:
        nxt = at_start.get(end + sep.end())
        if nxt is None:
            return []
        listed.append(nxt)
        end = orgs[nxt].end
    return listed if listed and text.startswith(" 등", end) else []
