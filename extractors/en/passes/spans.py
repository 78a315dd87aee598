"""The pass ``ner_spans``: the model's entities as candidates. ORG, PERSON, GPE, LOC and FAC
spans are normalised (split at an inner possessive; determiners, possessives, amounts, trailing
function words and, for people, leading titles stripped); NORP spans give nationality adjectives
("Korean firms": the country), parties ("a leading Democrat") and peoples ("Americans").

Example::

    state = extractor.state("Samsung's Lee Jae-yong met Korean officials.", until="ner_spans")
    [(state.doc[c.start : c.end].text, c.label) for c in state.ner]
    # [('Samsung', 'ORG'), ('Lee Jae-yong', 'PERSON'), ('Korean', 'NORP')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.en.candidate import DETERMINERS, NER_TYPES, POSSESSIVES, W_RULE, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.passes.state import DocState
from extractors.en.words import ends_with, is_trailing_punct, title_attrs, title_head, trailing_common_noun
from schema.types import AttrValue, EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["ner_spans", "normalise"]

# "Moon Jae-in" continues a name; "Jack Ma-led" does not
_HYPHEN_MODIFIERS = {"based", "led", "owned", "backed", "run", "controlled", "style", "era", "like", "born", "linked"}
_AMOUNT_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "won", "dollars", "percent"}
_LANGUAGE_VERBS = frozenset({"speak", "write", "teach", "learn", "use", "understand", "read", "translate"})


def ner_spans(state: DocState) -> None:
    """NER entities as candidates: names normalised, nationality words, parties and peoples."""
    doc, lex = state.doc, state.lex
    ner: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ in NER_TYPES:
            ner.extend(normalise(doc, lex, ent.start, ent.end, ent.label_))
        elif ent.label_ == "NORP":
            ner.extend(_norp(doc, lex, ent, state.demonyms))
    state.ner = ner


def _norp(doc: Doc, lex: EnglishLexicon, ent: Span, demonyms: bool) -> list[Cand]:
    """The candidates of one NORP span (nationality, party or people), if any."""
    if demonyms and ent.text in lex.demonyms and _adjective_use(ent):
        # only as an adjective before a noun ("Korean firms"); a noun use is a language
        # or a people ("written in Spanish", "from Greek", "the French")
        body = _demonym_body(doc, lex, ent)
        if body is not None:
            # "The British Library", "the British Museum": NER missed a body's name that
            # starts with the nationality word; the name is the body, not the country
            return normalise(doc, lex, ent.start, body, "ORG")
        country = lex.demonyms[ent.text]
        attrs: dict[str, AttrValue] = {"demonym_of": country, "full_name": country}
        return [Cand(ent.start, ent.end, "NORP", "ner", EntityType.PLACE, W_RULE, attrs)]
    if demonyms and (part := _demonym_part(ent, lex.demonyms)):
        # "Gay Iraqi victims", "Tibetan Buddhist monks": the nationality word of a longer
        # NORP span used as an adjective
        start, end = part
        country = lex.demonyms[doc[start:end].text]
        attrs = {"demonym_of": country, "full_name": country}
        return [Cand(start, end, "NORP", "ner", EntityType.PLACE, W_RULE, attrs)]
    if ent.text in lex.party_words:
        # "a leading Democrat", "the Democratic bid", "these two Republicans": the party
        party = lex.party_words[ent.text]
        party_attrs: dict[str, AttrValue] = {"party_of": party, "full_name": party}
        return [Cand(ent.start, ent.end, "NORP", "ner", EntityType.ORGANIZATION, W_RULE, party_attrs)]
    if demonyms and (word := _people_word(ent, lex.demonyms)):
        # "Americans", "North Koreans", "the French": the people of a country, filed
        # under it as the Korean "미국인", "일본인" are
        country = lex.demonyms[word]
        people: dict[str, AttrValue] = {"demonym_of": country, "full_name": country, "people": True}
        return [Cand(ent.start, ent.end, "NORP", "ner", EntityType.PLACE, W_RULE, people)]
    return []


def _demonym_body(doc: Doc, lex: EnglishLexicon, ent: Span) -> int | None:
    """The end of a capitalised name after a nationality word that ends in an organisation
    word ("British Library", "Korean Broadcasting Commission"), or None."""
    end = ent.end
    while end < len(doc) and doc[end].is_title and doc[end].is_alpha and not doc[end].ent_type_:
        end += 1
    if end == ent.end or not lex.org_keyword_re.search(doc[end - 1].text):
        return None
    # "Turkish Prime Minister Tayyip Erdogan": a title, not a body
    if any(doc[i:end].text.lower() in lex.titles for i in range(ent.end, end)):
        return None
    return end


def normalise(doc: Doc, lex: EnglishLexicon, start: int, end: int, label: str) -> list[Cand]:
    """Split at an inner possessive and strip determiners, possessives, punctuation and
    (for people) leading titles."""
    parts: list[tuple[int, int]] = []
    s = start
    for i in range(start, end - 1):
        # "Google’s Chrome" splits after a known name; "People's Republic of China" stays.
        if doc[i].text in POSSESSIVES and i > s and doc[s:i].text in lex.exact:
            parts.append((s, i))
            s = i + 1
    parts.append((s, end))
    out: list[Cand] = []
    for n, (s, e) in enumerate(parts):
        cand, end = _part(doc, lex, s, e, end, label)
        if cand is None:
            continue
        # After "Google’s", "Chrome" is a product; keep a possessed name only when the
        # gazetteer or a suffix says what it is.
        if n > 0 and cand.end - cand.start < 2 and not ends_with(doc, cand.end, lex.corporate_suffixes):
            continue
        out.append(cand)
    return out


def _part(doc: Doc, lex: EnglishLexicon, s: int, e: int, end: int, label: str) -> tuple[Cand | None, int]:
    """One part of a NER span cleaned up, and the span's end (a hyphenated part or an
    administrative suffix after it may move it)."""
    while s < e and (
        doc[s].lower_ in DETERMINERS
        or doc[s].text in POSSESSIVES
        or doc[s].is_punct
        or doc[s].is_space
        or not any(ch.isalnum() for ch in doc[s].text)  # "¡±", "°": quotes garbled by a wrong decoding
    ):
        s += 1
    e, end = _extend(doc, lex, e, end, label)
    e = _trim_amount(doc, s, e)
    # "Terje Halleland (Progress Party": an unclosed bracket ends the name
    for k in range(s, e):
        if doc[k].text == "(" and not any(doc[x].text == ")" for x in range(k, e)):
            e = k
            break
    # "Circuit Court of", "National Council for Peace and": a name does not end in a
    # preposition, conjunction or determiner
    while e > s and (
        doc[e - 1].text in POSSESSIVES
        or is_trailing_punct(doc[e - 1])
        or doc[e - 1].is_space
        or (doc[e - 1].is_lower and doc[e - 1].pos_ in ("ADP", "CCONJ", "DET"))
        or trailing_common_noun(doc, s, e, lex)
    ):
        e -= 1
    attrs: dict[str, AttrValue] = {}
    title_start = -1
    if label != "PERSON":
        s = _after_title_of(doc, lex, s, e)
    else:
        s, title_start, attrs = _person_title(doc, lex, s, e)
    if s >= e:
        return None, end
    return Cand(s, e, label, "ner", attrs=attrs, title_start=title_start), end


def _extend(doc: Doc, lex: EnglishLexicon, e: int, end: int, label: str) -> tuple[int, int]:
    """A name's end moved past a hyphenated part NER cut off ("Moon Jae-in" when NER stopped at
    "Jae") or an administrative suffix ("Gyeongsangnam-do", "Nowon-gu")."""
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
    # a romanised administrative suffix after a hyphen belongs to the place name (NER often
    # stops before it)
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
    return e, end


def _trim_amount(doc: Doc, s: int, e: int) -> int:
    """ "Shinhan Bank 5 billion": an amount is not part of a name ("Park Ji-won" keeps its
    "won": only an amount word after a number goes)."""
    while (
        e - s > 2 and doc[e - 1].lower_ in _AMOUNT_WORDS and (doc[e - 2].like_num or doc[e - 2].lower_ in _AMOUNT_WORDS)
    ):
        e -= 1
        while e - s > 1 and doc[e - 1].like_num:
            e -= 1
    return e


def _after_title_of(doc: Doc, lex: EnglishLexicon, s: int, e: int) -> int:
    """ "Co-Chief Executive Officer of Power Corporation", "Emperor of Japan": the start of an
    organisation or place name after a title and "of"."""
    k = s
    while k < e and (doc[k].text in lex.honorifics or doc[k].lower_ in lex.title_words or doc[k].text == "-"):
        k += 1
    if s < k < e - 1 and doc[k].lower_ == "of" and title_head(doc[s:k].text.lower(), lex) is not None:
        return k + 1
    return s


def _person_title(doc: Doc, lex: EnglishLexicon, s: int, e: int) -> tuple[int, int, dict[str, AttrValue]]:
    """A person's name without the leading title with an honorific NER kept in it: (name start,
    title start or -1, the ``title`` attributes)."""
    t = s
    while t < e - 1 and (doc[t].text in lex.honorifics or doc[t].lower_ in lex.title_words):
        t += 1
    if t > s and any(doc[k].text in lex.honorifics for k in range(s, t)):
        return t, s, title_attrs(doc, s, t, lex)
    return s, -1, {}


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
