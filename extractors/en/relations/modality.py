"""Modality: a relation that a sentence denies, plans, negotiates, supposes or reports as failed is
no fact ("in talks to acquire", "plans to invest", "failed to buy", "denied investing", "did not
acquire"). Cue words live in ``modality.yaml`` beside this module.

The test reads the dependency path between the two mentions: the words from each mention's head
up to their lowest common ancestor, and the clauses that ancestor is a complement of ("expects
Samsung to buy"). A blocking lemma, a negation or a modal auxiliary on that path blocks it.

Example::

    cues = ModalityCues.load()
    blocked(doc[0], doc[4], cues)     # "Samsung plans to acquire Harman" -> True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ModalityCues", "blocked", "path_tokens"]

DATA = Path(__file__).resolve().parent / "modality.yaml"
# dependency labels through which a clause hangs from one that may make it unreal
_COMPLEMENTS = {"xcomp", "ccomp", "acl", "advcl", "pcomp", "prep"}


@dataclass(frozen=True)
class ModalityCues:
    blocking: frozenset[str]
    modals: frozenset[str]
    conditionals: frozenset[str]
    negations: frozenset[str]

    @classmethod
    def load(cls, path: Path = DATA) -> ModalityCues:
        with path.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: the same data, faster
        return cls(
            blocking=frozenset(raw["blocking_lemmas"]),
            modals=frozenset(raw["modal_auxiliaries"]),
            conditionals=frozenset(raw["conditional_marks"]),
            negations=frozenset(raw["negations"]),
        )


def path_tokens(a: Token, b: Token) -> tuple[list[Token], list[Token]]:
    """The tokens from ``a`` and ``b`` up to their lowest common ancestor (included), and the
    ancestors the common one hangs from as a complement; ([], []) when they share no root."""
    up_a = [a, *a.ancestors]
    seen = {t.i for t in up_a}
    path_b: list[Token] = []
    lca = None
    for t in [b, *b.ancestors]:
        if t.i in seen:
            lca = t
            break
        path_b.append(t)
    if lca is None:
        return [], []
    path = [t for t in up_a[: [t.i for t in up_a].index(lca.i) + 1]] + path_b
    above: list[Token] = []
    node = lca
    while node.dep_ in _COMPLEMENTS and node.head.i != node.i:
        node = node.head
        above.append(node)
    return path, above


def blocked(a: Token, b: Token, cues: ModalityCues) -> bool:
    """Whether the path between two mention heads says the relation is not a fact."""
    path, above = path_tokens(a, b)
    if any(t.lemma_.lower() in cues.blocking for t in above):
        return True
    for t in path:
        if t.lemma_.lower() in cues.blocking or t.lower_ in cues.blocking:
            return True
        if t.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            for c in t.children:
                if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                    return True
                if c.dep_ == "aux" and c.lower_ in cues.modals:
                    return True
                if c.dep_ == "mark" and c.lower_ in cues.conditionals:
                    return True
    return False
