"""Unfamiliar company names that a deal makes plain: "삼성전자는 엔비디아와 손잡았다", "네이버는
포시마크를 인수했다". A proper noun Kiwi does not take for a common word, written as a word of its
own, followed by 와/과 or 를/을 and a deal word (``relation_rules.tsv``, use ``deal``) within a few
morphemes, in a sentence where a company or organisation is the other party (written before it
with a topic or subject particle), is a company: no person signs "엔비디아와 손잡았다" in business
news, and a relation needs both of its ends.

Example::

    deal_partners(text, tokens, [(0, 4, True)], deal_words, person_like)   # [(6, 10)]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from extractors.ko.relations.features import Token

__all__ = ["deal_partners"]

_PARTNER_PARTICLES = ("와", "과", "를", "을")
_SUBJECT_PARTICLES = ("는", "은", "이", "가")
_REACH = 5  # morphemes after the particle in which the deal word must come


def deal_partners(
    text: str,
    tokens: Sequence[Token],
    parties: Sequence[tuple[int, int, bool]],
    deal_words: Collection[str],
    person_like: Callable[[str], bool],
) -> list[tuple[int, int]]:
    """Spans (start, end) of the unfamiliar partners of a deal. ``parties``: the sentence's
    mentions as (start, end, is an organisation or company)."""
    if not any(t.form in deal_words for t in tokens):
        return []
    # where an organisation written with a topic or subject particle ends its particle
    subjects = []
    for _start, end, is_org in parties:
        if is_org:
            for t in tokens:
                if t.start == end and t.form in _SUBJECT_PARTICLES:
                    subjects.append(end)
    if not subjects:
        return []
    out: list[tuple[int, int]] = []
    taken = [(s, e) for s, e, _ in parties]
    for k, tok in enumerate(tokens):
        if tok.tag not in ("NNP", "SL") or k + 1 >= len(tokens) or len(tok.form) < 2:
            continue
        nxt = tokens[k + 1]
        if nxt.start != tok.start + tok.len or nxt.form not in _PARTNER_PARTICLES:
            continue
        if tok.start > 0 and not (text[tok.start - 1].isspace() or text[tok.start - 1] in "'\"‘“("):
            continue  # part of a longer word
        if not any(end < tok.start for end in subjects):
            continue
        if not any(t.form in deal_words for t in tokens[k + 2 : k + 2 + _REACH]):
            continue
        start, end = tok.start, tok.start + tok.len
        if person_like(text[start:end]) or any(s < end and start < e for s, e in taken):
            continue
        out.append((start, end))
    return out
