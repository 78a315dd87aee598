"""Character-level CRF named-entity tagger for Korean (PS/OG/LC), with Kiwi morphemes as features.

The tagger labels every character of a sentence with BIO tags over three types (``PS`` person,
``OG`` organisation, ``LC`` location), the KLUE-NER scheme, so spans are exact character spans
even where an entity ends inside a Kiwi token ("서울시" -> "서울"). Features per character: the
character and its neighbours (uni/bi/trigrams), the Kiwi tag of the morpheme it belongs to and
its position inside it, neighbouring morphemes' forms and tags, and a gazetteer match. The model
is a python-crfsuite file trained by ``scripts/train_korean_ner.py``. Experiment options the
shipped model does not use are read from its ``meta.json``: feature set 4 (morpheme clusters
from ``clusters.tsv``), BIOES tags, and domain-augmented attributes (their KLUE copy is summed
into the shared weight at load time).

Training (and crfsuite) use :func:`sentence_features`, one string per feature per character.
Inference computes the same scores without building those strings (:mod:`extractors.ko.ner.scores`,
numpy over a batch of sentences, weights read from the model) and decodes in numpy; a change to
feature set 2 must be made in both, and ``tests/models/korean/ner/test_tagger_paths.py``
fails if they disagree with crfsuite.

Example::

    tagger = CrfNerTagger(Path("extractors/ko/models/ner"))
    tokens = kiwi.tokenize("박정호 SK텔레콤 사장")
    tagger.tag("박정호 SK텔레콤 사장", tokens)   # [(0, 3, 'PS'), (4, 9, 'OG')]
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractors.ko.ner.features import (
    CLUSTERS_FILE,
    GAZETTEER_FILE,
    LABELS,
    META_FILE,
    MODEL_FILE,
    Gazetteer,
    KiwiToken,
    bio_to_spans,
    domain_features,
    load_clusters,
    sentence_features,
    trim_spans,
)
from extractors.ko.ner.scores import CharTables, KnownFeatures, cluster_ids, feature_set_2_scores
from extractors.ko.ner.weights import load_weights

__all__ = ["CrfNerTagger"]


class CrfNerTagger:
    """Loads the shipped CRF model directory (``model.crfsuite``, ``gazetteer.tsv``,
    ``meta.json``) and tags sentences.

    The weights are read out of the crfsuite model once and decoding runs in numpy, many
    sentences at a time (Viterbi for the tags, forward-backward for the confidence): handing
    crfsuite one string per feature per character cost more than all the rest of the extractor.
    The result is crfsuite's (``tests/models/korean/ner/test_features.py`` compares them).

    Example::

        tagger = CrfNerTagger(Path("extractors/ko/models/ner"))
        tagger.tag_many([(text, kiwi.tokenize(text))])   # [[(0, 3, 'PS', 0.98), ...]]
    """

    def __init__(self, model_dir: Path) -> None:
        import numpy as np
        import pycrfsuite

        model_path = model_dir / MODEL_FILE
        if not model_path.exists():
            from schema.errors import ModelNotInstalledError

            raise ModelNotInstalledError(f"Korean NER model not found at {model_path}; run scripts/train_korean_ner.py")
        self._crf: Any = pycrfsuite.Tagger()
        self._crf.open(str(model_path))
        self.gazetteer = Gazetteer.load(model_dir / GAZETTEER_FILE)
        self.clusters = load_clusters(model_dir / CLUSTERS_FILE)
        meta_path = model_dir / META_FILE
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.version = str(self.meta.get("version", "0"))
        self.feature_set = int(self.meta.get("features", 1))
        # the weights, read out of the model once and then from a cache (``weights.py``); a
        # model trained with domain-augmented features (scripts/train_korean_ner.py --adapt)
        # knows each attribute three times: shared, KLUE-only ("K|...") and other-data-only;
        # KLUE news is what it tags, so shared + KLUE-only weights are summed into one
        self.domain = str(self.meta.get("domain_prefix", ""))
        weights = load_weights(model_path, self.domain)
        self.labels: list[str] = weights.labels
        self.known = KnownFeatures(weights.attributes)
        self._weights = weights.state
        self._trans = weights.transitions
        self._exp_trans = np.exp(self._trans)
        self._tables = CharTables(self.known)
        self._cluster_ids = cluster_ids(self.clusters, self.known) if self.feature_set == 4 else None
        # labels as (B/I, type) for decoding straight from label indices; any other label
        # scheme goes through bio_to_spans
        self._label_kinds = [tuple(lab.split("-", 1)) if lab != "O" else ("O", "") for lab in self.labels]
        self._bio_labels = "O" in self.labels and all(
            lab == "O" or (lab[:2] in ("B-", "I-", "E-", "S-") and len(lab) > 2) for lab in self.labels
        )
        self._outside = self.labels.index("O") if self._bio_labels else -1

    def crfsuite_features(self, text: str, tokens: Sequence[KiwiToken]) -> list[list[str]]:
        """The attributes crfsuite's own tagger needs for this model (the reference the numpy
        path is tested against): :func:`sentence_features`, plus their KLUE-domain copies for
        a domain-augmented model."""
        feats = sentence_features(text, tokens, self.gazetteer, self.feature_set, self.clusters)
        return domain_features(feats, self.domain) if self.domain else feats

    def tag(self, text: str, tokens: Sequence[KiwiToken]) -> list[tuple[int, int, str, float]]:
        """Entity spans ``(start, end, label, marginal probability of the span's first tag)``."""
        return self.tag_many([(text, tokens)])[0]

    def tag_many(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag` for many sentences, scored and decoded together."""
        texts = [t for t, _ in sentences]
        if self.feature_set in (2, 4) and sentences:
            # the batch's state scores stay one array from scoring to decoding
            states = feature_set_2_scores(
                sentences, self.gazetteer, self.known, self._tables, self._weights, self._cluster_ids
            )
            return self._decode_states(states, texts)
        return self.decode(self.emissions(sentences), texts)

    def emissions(self, sentences: Sequence[tuple[str, Sequence[KiwiToken]]]) -> list[Any]:
        """State scores ``(len(text), labels)`` per sentence: the sum of the weights of each
        character's features (crfsuite's scores)."""
        import numpy as np

        if not sentences:
            return []
        if self.feature_set in (2, 4):
            scores = feature_set_2_scores(
                sentences, self.gazetteer, self.known, self._tables, self._weights, self._cluster_ids
            )
            return np.split(scores, np.cumsum([len(t) for t, _ in sentences[:-1]]))
        out = []
        ids = self.known.ids
        for text, tokens in sentences:
            if not text:
                out.append(np.zeros((0, len(self.labels))))
                continue
            feats = sentence_features(text, tokens, self.gazetteer, self.feature_set, self.clusters)
            rows = [[ids[x] for x in f if x in ids] or [0] for f in feats]
            starts = np.zeros(len(rows), dtype=np.intp)
            np.cumsum([len(r) for r in rows[:-1]], out=starts[1:])
            flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.intp)
            out.append(np.add.reduceat(self._weights[flat], starts, axis=0))
        return out

    def decode(self, emissions: Sequence[Any], texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Viterbi tags and first-tag marginals for each sentence's state scores (compiled:
        :mod:`extractors.ko.ner.kernels`)."""
        import numpy as np

        if not texts:
            return []
        n_labels = len(self.labels)
        states = np.concatenate([np.asarray(e, dtype=np.float64).reshape(-1, n_labels) for e in emissions])
        return self._decode_states(states, texts)

    def _decode_states(self, states: Any, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`decode` of the sentences' state scores stacked in one ``(characters, labels)``
        array, in the order of ``texts``."""
        import numpy as np

        from extractors.ko.ner.kernels import viterbi_marginals

        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in texts], out=offsets[1:])
        outside = self.labels.index("O") if "O" in self.labels else -1
        # marginals where a span can start: wherever the label is not "O"
        paths, probs = viterbi_marginals(np.ascontiguousarray(states), offsets, self._trans, self._exp_trans, outside)
        for i, text in enumerate(texts):
            a, b = int(offsets[i]), int(offsets[i + 1])
            if a == b:
                continue
            path = paths[a:b]
            if self._bio_labels:
                spans = self._path_spans(path, text)
            else:
                spans = bio_to_spans([self.labels[t] for t in path], text)
            for s, e, label in spans:
                if label not in LABELS:  # models trained with --all-labels also know DT/TI/QT
                    continue
                prob = float(probs[a + s]) if path[s] != outside else 0.5
                out[i].append((s, e, label, prob))
        return out

    def _path_spans(self, path: Any, text: str) -> list[tuple[int, int, str]]:
        """:func:`bio_to_spans` of a label-index path, visiting only its non-"O" characters."""
        kinds = self._label_kinds
        spans: list[tuple[int, int, str]] = []
        start, label, prev, closed = -1, "", -2, False
        for i in (path != self._outside).nonzero()[0].tolist():
            if i != prev + 1 and start >= 0:  # an "O" came between: it closed the span
                spans.append((start, prev + 1, label))
                start, label = -1, ""
            kind, lab = kinds[path[i]]
            if kind in ("B", "S") or lab != label or closed:
                if start >= 0:
                    spans.append((start, i, label))
                start, label = i, lab
            closed = kind in ("E", "S")
            prev = i
        if start >= 0:
            spans.append((start, prev + 1, label))
        return trim_spans(spans, text)
