"""Names read off the text by rules rather than NER: company names filed with a legal form
("HYUNDAI DSF CO.,LTD", "Coupang, Inc."), romanised Korean places with an administrative suffix
("Seocho-gu"), news datelines ("NAIROBI, Kenya (CNN) --") and the pass ``rule_spans`` that
proposes them; and untagged speakers ("Berlusconi said"), which the pass ``choose_speakers``
takes.

Example::

    state = extractor.state("He works at HYUNDAI DSF CO.,LTD in Seocho-gu.", until="rule_spans")
    [state.doc[c.start : c.end].text for c in state.rule_spans]
    # ['HYUNDAI DSF CO.,LTD', 'Seocho-gu']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractors.en.candidate import POSSESSIVES, W_RULE, Cand
from extractors.en.lexicon import EnglishLexicon
from extractors.en.passes.state import DocState
from extractors.en.words import is_capitalised_word, speaker_word
from schema.types import EntityType

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["admin_places", "datelines", "filed_names", "rule_spans", "untagged_speakers"]

# words that may lead into a filed company name but are not part of it ("at", "Shares of")
_NAME_LEAD_WORDS = {"the", "a", "an", "at", "in", "on", "of", "for", "and", "by", "with", "from", "to", "as", "no"}
_DATELINE_DASHES = frozenset({"—", "–", "-", "--"})


def rule_spans(state: DocState) -> None:
    """Filed company names, romanised Korean places and datelines, found by rules."""
    doc, lex = state.doc, state.lex
    words = state.words
    filed = filed_names(doc, lex, state.offsets.text)
    state.rule_spans = filed + admin_places(doc, lex, words) + datelines(doc, words)


def untagged_speakers(doc: Doc, lex: EnglishLexicon, tags: Sequence[str]) -> list[Cand]:
    """A one-word proper noun that NER left untagged and that is the subject of a speech
    verb ("Berlusconi said", "Trump told", "Yadav said before he was declared"): a person,
    as with the one-word "organisations" that speak in ``_classify``. Not an acronym, a
    known name, a title word, or a word inside a longer run of proper nouns. ``tags``: each
    token's ``tag_``."""
    out: list[Cand] = []
    for i, tag in enumerate(tags):
        if tag != "NNP":
            continue
        tok = doc[i]
        if not (tok.ent_iob_ == "O" and speaker_word(doc, tok, lex)):
            continue
        if tok.i > 0 and doc[tok.i - 1].tag_ in ("NNP", "NNPS"):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("NNP", "NNPS"):
            continue
        text = tok.text
        if text in lex.demonyms or text.lower() in lex.title_words or text in lex.not_entities:
            continue
        out.append(Cand(tok.i, tok.i + 1, "PERSON", "ner", EntityType.PERSON, W_RULE, {"typed_by": "speaker"}))
    return out


def filed_names(doc: Doc, lex: EnglishLexicon, text: str) -> list[Cand]:
    """Company names ending in a legal form (``filed_forms.tsv``), read off the text rather
    than NER, whose spans of filed names break at "CO., LTD" or keep only a generic word:
    the form and the capitalised or all-capital words before it (with "&", hyphens,
    numbers, "No. 3" between them) make one Company mention, the form kept inside. ``text``:
    ``doc.text``."""
    found: list[tuple[int, int]] = []
    for m in lex.filed_form_re.finditer(text):
        form = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if form is None or not len(form):
            continue
        first = form.start
        sent = doc[first].sent
        strong = m.group("strong") is not None
        if not strong and not m.group("weak").endswith(".") and is_capitalised_word(doc, form.end):
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
                if text in POSSESSIVES:
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
    out: list[Cand] = []
    taken: set[int] = set()
    for s, e in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            out.append(Cand(s, e, "ORG", "ner", EntityType.COMPANY, W_RULE))
    return out


def admin_places(doc: Doc, lex: EnglishLexicon, words: Sequence[str]) -> list[Cand]:
    """Romanised Korean places written with a hyphenated administrative suffix ("Seocho-gu",
    "Gyeongsangbuk-do", "Gimhae-si"), which NER often misses or cuts before the suffix. Not
    after another capitalised word: "Jang Dong-gun" is a person. ``words``: each token's text."""
    out: list[Cand] = []
    for i in range(1, len(doc) - 1):
        if not (words[i] == "-" and words[i + 1] in lex.admin_suffixes):
            continue
        stem = doc[i - 1]
        if stem.whitespace_ or doc[i].whitespace_ or not (stem.is_alpha and stem.is_title):
            continue
        after = doc[i + 2] if i + 2 < len(doc) else None
        if after is not None and after.text == "-" and not doc[i + 1].whitespace_:
            continue  # "Gu-si-do-..." compounds
        if i >= 2 and is_capitalised_word(doc, i - 2) and not doc[i - 2].is_sent_start:
            continue
        out.append(Cand(i - 1, i + 2, "GPE", "ner", EntityType.PLACE, W_RULE))
    return out


def datelines(doc: Doc, words: Sequence[str]) -> list[Cand]:
    """A news dateline: the place in capitals that opens a story or a paragraph ("NAIROBI,
    Kenya (CNN) —", "LAS VEGAS, Nevada (AP) --", "ST. LOUIS, MISSOURI (CNN)"), which NER reads as
    an organisation or a person or misses. The place after the comma is one too when it is
    also in capitals. ``words``: each token's text."""
    out: list[Cand] = []
    # the first token and every token after a line break (a token's trailing whitespace is
    # " " or "": a line break is a token of its own or inside one)
    for start in [0] + [i + 1 for i, word in enumerate(words[:-1]) if "\n" in word]:
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
                out.append(Cand(end + 1, second, "GPE", "ner", EntityType.PLACE, W_RULE))
        elif not _dateline_end(doc, end):
            continue
        out.append(Cand(start, end, "GPE", "ner", EntityType.PLACE, W_RULE))
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
