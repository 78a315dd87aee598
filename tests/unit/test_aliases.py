"""The alias dictionary's readers (schema.aliases)."""

from __future__ import annotations

from schema.aliases import SECTIONS, load_dictionary, shipped_names


def test_shipped_names_are_the_names_of_the_dictionary_entries_by_section() -> None:
    """shipped_names reads the files without building the index; it gives every name the
    loaded dictionary's entries of each section carry (merged entries included)."""
    sections = [s for s in SECTIONS if s != "user"]
    names = shipped_names(sections)
    d = load_dictionary()
    for section in sections:
        assert names[section] == {n for e in d if e.section == section for n in e.names}, section
    assert "Aachen" in shipped_names(["world_cities"])["world_cities"]
