"""The resolver's per-document state: the union of key blocks equals the blocks key by key,
and name-level results shared across documents are immutable."""

from __future__ import annotations

from kg.resolve.keys import blocking_keys, family_name_keys, m_keys
from kg.resolve.scoring import MentionForms
from kg.resolve.state import DocState
from kg.store.networkx import NetworkXGraphStore
from schema.types import Document, EntityType


def test_ids_for_any_is_the_union_of_ids_for(nx_store: NetworkXGraphStore) -> None:
    found = {"O|n|a": ["e1", "e2"], "O|s|B": ["e3"], "O|s|C": []}
    state = DocState(Document(id="doc:test", language="en"), nx_store, [], [], [], [], {}, found)
    state.local = {"O|s|B": {"e4"}, "O|s|D": {"e5", "e1"}}
    state.dropped = {"e2"}
    keys = ["O|n|a", "O|s|B", "O|s|C", "O|s|D", "O|s|E"]
    for subset in (keys, keys[:1], keys[2:3], keys[4:], []):
        assert state.ids_for_any(subset) == {e for k in subset for e in state.ids_for(k)}
    assert state.ids_for("O|s|E") == []


def test_remembered_name_results_are_not_shared_mutably() -> None:
    keys = blocking_keys("Amazon", EntityType.COMPANY)
    keys.append("changed")
    assert "changed" not in blocking_keys("Amazon", EntityType.COMPANY)
    family = family_name_keys("메르켈", whole=True)
    family.clear()
    assert family_name_keys("메르켈", whole=True)
    model = m_keys(blocking_keys("Amazon", EntityType.COMPANY))
    model.clear()
    assert m_keys(blocking_keys("Amazon", EntityType.COMPANY))
    forms = MentionForms.of("아마존", EntityType.COMPANY)
    assert isinstance(forms.renderings, tuple) and isinstance(forms.spelled, frozenset)
    assert MentionForms.of("아마존", EntityType.COMPANY) == forms
