"""The English extractor's passes over one parsed ``Doc``, named and in order (spaCy's component
list is the model: each pass is one small unit with a name, run alone in the tests through
:meth:`extractors.en.EnglishExtractor.state`). The spaCy pipeline itself is the model's
components plus the gazetteer ``span_ruler`` (``kg_gazetteer``); everything after it is
:data:`PASSES`.

Example::

    >>> [p.name for p in PASSES][:4]
    ['ner_spans', 'gazetteer_spans', 'rule_spans', 'choose_rule_spans']
"""

from __future__ import annotations

from extractors.en.passes.choose import (
    choose_gazetteer,
    choose_ner,
    choose_rule_spans,
    choose_speakers,
    gazetteer_spans,
    titles,
)
from extractors.en.passes.document import propagate, short_forms, type_vote
from extractors.en.passes.found import rule_spans
from extractors.en.passes.output import (
    administration,
    candidate_words,
    mentions,
    nested,
    relation_patterns,
    relation_rules,
    retype,
)
from extractors.en.passes.spans import ner_spans
from extractors.en.passes.state import DocState, Pass

__all__ = ["PASSES", "DocState", "Pass", "pass_names", "run_passes"]

PASSES: tuple[Pass, ...] = (
    # proposals
    Pass("ner_spans", ner_spans),
    Pass("gazetteer_spans", gazetteer_spans),
    Pass("rule_spans", rule_spans),
    # choices, in order of trust
    Pass("choose_rule_spans", choose_rule_spans),
    Pass("choose_gazetteer", choose_gazetteer),
    Pass("choose_speakers", choose_speakers),
    Pass("choose_ner", choose_ner),
    Pass("titles", titles),
    # document-level consistency
    Pass("short_forms", short_forms),
    Pass("type_vote", type_vote),
    Pass("propagate", propagate),
    Pass("administration", administration),
    # output
    Pass("retype", retype),
    Pass("mentions", mentions),
    Pass("relation_rules", relation_rules),
    Pass("relation_patterns", relation_patterns),
    Pass("nested", nested),
    Pass("candidate_words", candidate_words),
)


def pass_names() -> list[str]:
    """The names of :data:`PASSES`, in order."""
    return [p.name for p in PASSES]


def run_passes(state: DocState, until: str | None = None) -> DocState:
    """Run the passes in order on ``state``, up to and including the one named ``until`` (all
    when None); an unknown name is an error."""
    if until is not None and until not in pass_names():
        raise ValueError(f"no pass named {until!r}; the passes are {', '.join(pass_names())}")
    for p in PASSES:
        p.run(state)
        if p.name == until:
            break
    return state
