"""The Korean NER model: a character-level CRF over PS/OG/LC with Kiwi morphemes as features
(``features.py``), scored in numpy (``scores.py``, compiled kernels in ``kernels.py``) and decoded
by :class:`CrfNerTagger` (``tagger.py``); the model is in ``extractors/ko/models/ner``."""

from extractors.ko.ner.features import (
    CLUSTERS_FILE,
    FEATURE_SET,
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
    spans_to_bio,
)
from extractors.ko.ner.scores import KnownFeatures
from extractors.ko.ner.tagger import CrfNerTagger

__all__ = [
    "CLUSTERS_FILE",
    "FEATURE_SET",
    "GAZETTEER_FILE",
    "LABELS",
    "META_FILE",
    "MODEL_FILE",
    "CrfNerTagger",
    "Gazetteer",
    "KiwiToken",
    "KnownFeatures",
    "bio_to_spans",
    "domain_features",
    "load_clusters",
    "sentence_features",
    "spans_to_bio",
]
