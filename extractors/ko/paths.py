"""Where the Korean extractor's data lives: lexicons and models beside the code that reads them.

Example:

>>> from extractors.ko.paths import LEXICON_DIR, NER_MODEL_DIR
>>> (LEXICON_DIR / "names.tsv").exists(), NER_MODEL_DIR.name
(True, 'ner')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["EN_LEXICON_DIR", "LEXICON_DIR", "NER_MODEL_DIR", "RELATION_MODEL_DIR", "ROLES_DIR", "TYPER_DIR"]

_HERE = Path(__file__).resolve().parent
LEXICON_DIR = _HERE / "lexicons"
NER_MODEL_DIR = _HERE / "models" / "ner"  # the character CRF (``extractors.ko.ner``)
TYPER_DIR = _HERE / "models" / "types"  # the span typer (``extractors.ko.span_typer``)
ROLES_DIR = _HERE / "models" / "roles"  # the country-role model (a span typer on country spans)
RELATION_MODEL_DIR = _HERE / "models" / "rel"  # the KLUE-RE pair model (``extractors.ko.relations``)
# the English extractor's lexicons, read for English words that type a name written in Latin
# letters after its Korean form ("젯 톤 영화사 (Jet Tone Films)")
EN_LEXICON_DIR = _HERE.parent / "en" / "lexicons"
