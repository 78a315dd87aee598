"""What the sentence says a name is, read by the pass ``type_vote``: a work or an event
(:func:`is_work`), the type its words give it (:func:`context_type`: "X is a city", "X, a
security company", "the city of X", "born in X", "X said", "Edmonton, Alberta") and the type of
the names it is listed with (:func:`conjunct_type`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.en.candidate import PLACE_LABELS, POSSESSIVES, SPEECH_VERBS, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.words import outside, speaker_word
from schema.types import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["conjunct_type", "context_type", "is_work"]

_OPEN_QUOTES = {'"', "“", "‘", "'", "``"}
_CLOSE_QUOTES = {'"', "”", "’", "'", "''"}


def is_work(doc: Doc, lex: EnglishLexicon, cand: Cand) -> bool:
    """An event or law ("Meiji Restoration"), a title in quotes, or a name a work noun
    describes ("the film X", "X is a video game", "X, an album by ...")."""
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


def context_type(doc: Doc, lex: EnglishLexicon, cand: Cand) -> EntityType | None:
    """What the sentence says the name is: "X is a city", "X, a security company", "the
    city of X", "born in X" (for names NER calls people), "X, Alberta"."""
    described = _described(doc, lex, cand)
    if described is not None:
        return described
    return _by_role(doc, lex, cand)


def _described(doc: Doc, lex: EnglishLexicon, cand: Cand) -> EntityType | None:
    """The type a noun describing the name gives ("X is a city", "automaker Kia")."""
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
    if root.dep_ == "appos" and outside(root.head, cand):
        nouns.append(root.head)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        nouns.append(root.head.head)  # "the city of Incheon"
    for noun in nouns:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in lex.type_nouns:
            return lex.type_nouns[noun.lemma_.lower()]
    before = doc[cand.start - 1] if cand.start > 0 else None
    if before is not None and before.is_lower and before.pos_ == "NOUN" and before.lemma_ in lex.type_nouns:
        return lex.type_nouns[before.lemma_]  # "fertilizer billionaire Dmitry Rybolovlev", "automaker Kia"
    return None


def _by_role(doc: Doc, lex: EnglishLexicon, cand: Cand) -> EntityType | None:
    """The type the name's role in the sentence gives ("Trump's wife", "Nakajima said", "born in
    X", "Edmonton, Alberta")."""
    root = doc[cand.start : cand.end].root
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
    if cand.label == "ORG" and cand.source == "ner" and cand.end - cand.start == 1 and speaker_word(doc, root, lex):
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
        and not (root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS | lex.person_verbs)
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
            and (after is None or after.text not in POSSESSIVES)
        ):
            return EntityType.PLACE  # "Edmonton, Alberta"
    return None


def conjunct_type(doc: Doc, cand: Cand, by_token: dict[int, Cand]) -> EntityType | None:
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
        if other.type == EntityType.PLACE and (other.source == "gazetteer" or other.label in PLACE_LABELS):
            found.add(EntityType.PLACE)
        elif other.type == EntityType.PERSON and other.label == "PERSON" and cand.label != "PERSON":
            found.add(EntityType.PERSON)
        else:
            return None
    return found.pop() if len(found) == 1 else None
