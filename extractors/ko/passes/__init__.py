"""The named sentence passes of the Korean extractor (one module per family of passes).

Each pass is a :class:`Pass`: a name and a function ``(context, state) -> state``. The
extractor runs them in the order of ``extractors.ko.extractor.PASSES``.
"""

from extractors.ko.passes.base import Byline, MentionState, ModelSpan, Pass
from extractors.ko.passes.countries import DEMONYMS, NUCLEAR_NORTH
from extractors.ko.passes.finishing import ALIASES, BYLINES, CORPORATE_FORMS, CREDITS, DEAL_PARTNERS
from extractors.ko.passes.foreign_names import FOREIGN_NAMES
from extractors.ko.passes.known_names import KNOWN_NAMES
from extractors.ko.passes.latin_names import LATIN_NAMES
from extractors.ko.passes.model import MODEL_SPANS
from extractors.ko.passes.org_cues import ORG_CUES
from extractors.ko.passes.organisations import NATIONAL_FORCES, PERSON_GOVERNMENTS
from extractors.ko.passes.originals import ORIGINALS
from extractors.ko.passes.people import REGNAL_NUMBERS, SPEAKERS, TITLED_NAMES
from extractors.ko.passes.places import (
    COUNTRY_PAIRS,
    FACILITIES,
    HANJA_PLACES,
    PERSON_PLACE_SPLIT,
    PLACE_CHAINS,
    PLACE_ROLES,
)

__all__ = [
    "ALIASES",
    "BYLINES",
    "CORPORATE_FORMS",
    "COUNTRY_PAIRS",
    "CREDITS",
    "DEAL_PARTNERS",
    "DEMONYMS",
    "FACILITIES",
    "FOREIGN_NAMES",
    "HANJA_PLACES",
    "KNOWN_NAMES",
    "LATIN_NAMES",
    "MODEL_SPANS",
    "NATIONAL_FORCES",
    "NUCLEAR_NORTH",
    "ORG_CUES",
    "ORIGINALS",
    "PERSON_GOVERNMENTS",
    "PERSON_PLACE_SPLIT",
    "PLACE_CHAINS",
    "PLACE_ROLES",
    "REGNAL_NUMBERS",
    "SPEAKERS",
    "TITLED_NAMES",
    "Byline",
    "MentionState",
    "ModelSpan",
    "Pass",
]
