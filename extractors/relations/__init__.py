"""Relation extraction as its own stage, per language (``extractors/relations/ko``: Korean)."""
