"""The weights of a crfsuite model as numpy arrays, read once per model file and kept in a
cache: reading them out of crfsuite (``Tagger.info()`` parses a text dump of the whole model in
Python) cost about 0.8 s of every process that tags Korean.

The cache is an ``.npz`` file (no pickle: strings are stored as numpy unicode arrays) in
:func:`schema.cache.cache_dir`, named after the SHA-256 of the model file and the
domain prefix, so a retrained model is never read from a stale entry.
When the cache cannot be read or written, the weights are read from crfsuite as before: the
arrays are the same either way.

Example::

    weights = load_weights(Path("extractors/ko/models/ner/model.crfsuite"), domain="")
    weights.labels[:2], weights.state.shape      # (['B-LC', 'B-OG'], (81529, 13))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema.cache import cache_path, write_npz

__all__ = ["CrfWeights", "load_weights", "read_crfsuite"]

_FORMAT = "1"  # bump when the layout of the cached arrays changes


@dataclass(frozen=True)
class CrfWeights:
    """``labels`` in crfsuite's order, ``attributes`` (row k + 1 of ``state`` is attribute k;
    row 0 stands for no attribute) and the ``transitions`` between labels."""

    labels: list[str]
    attributes: list[str]
    state: Any  # numpy (len(attributes) + 1, len(labels))
    transitions: Any  # numpy (len(labels), len(labels))


def load_weights(model_path: Path, domain: str = "") -> CrfWeights:
    """The model's weights: from the cache when it holds them, else read from crfsuite (and
    cached). ``domain``: the prefix of a domain-augmented model, whose shared and in-domain
    weights are summed (see :class:`extractors.ko.ner.CrfNerTagger`)."""
    path = cache_path(model_path, "crf", f"{domain}\0{_FORMAT}")
    try:
        return _read(path)
    except (OSError, ValueError, KeyError):
        pass
    weights = read_crfsuite(model_path, domain)
    _write(path, weights)
    return weights


def read_crfsuite(model_path: Path, domain: str = "") -> CrfWeights:
    """The weights as crfsuite's ``Tagger.info()`` gives them (slow: a text dump parsed in Python)."""
    import numpy as np
    import pycrfsuite

    crf: Any = pycrfsuite.Tagger()
    crf.open(str(model_path))
    info = crf.info()
    labels: list[str] = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
    label_id = {lab: i for i, lab in enumerate(labels)}
    # a model trained with domain-augmented features knows each attribute three times: shared,
    # in-domain ("K|...") and other-data-only; shared + in-domain weights are summed into one
    state: dict[tuple[str, str], float] = {}
    for (attr, label), w in info.state_features.items():
        if domain:
            if attr.startswith(domain):
                attr = attr[len(domain) :]
            elif attr[1:2] == "|":
                continue
        state[(attr, label)] = state.get((attr, label), 0.0) + w
    attributes = list(dict.fromkeys(attr for attr, _ in state))
    row = {attr: i for i, attr in enumerate(attributes, start=1)}
    matrix = np.zeros((len(attributes) + 1, len(labels)))
    for (attr, label), w in state.items():
        matrix[row[attr], label_id[label]] = w
    transitions = np.zeros((len(labels), len(labels)))
    for (src, dst), w in info.transitions.items():
        transitions[label_id[src], label_id[dst]] = w
    return CrfWeights(labels, attributes, matrix, transitions)


def _read(path: Path) -> CrfWeights:
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        return CrfWeights(
            labels=[str(x) for x in data["labels"]],
            attributes=[str(x) for x in data["attributes"]],
            state=data["state"],
            transitions=data["transitions"],
        )


def _write(path: Path, weights: CrfWeights) -> None:
    import numpy as np

    write_npz(
        path,
        {
            "labels": np.array(weights.labels, dtype=str),
            "attributes": np.array(weights.attributes, dtype=str),
            "state": weights.state,
            "transitions": weights.transitions,
        },
    )
