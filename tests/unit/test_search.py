"""kg.search.NameIndex: names match every way, search keys only exactly or by prefix."""

from __future__ import annotations

from kg.search import KEY_FACTOR, NameIndex, index_grams, ngrams


def _index() -> NameIndex:
    index = NameIndex()
    index.add("ent:us", ["United States", "미국"], keys=["미합중국", "美", "USA"])
    index.add("ent:cn", ["China", "중국"], keys=["中"])
    index.add("ent:samsung", ["Samsung Electronics", "삼성전자"], keys=["SEC"])
    return index


def test_short_queries_reach_long_names() -> None:
    assert ngrams("sung") <= index_grams("samsung electronics")
    assert _index().search("sung") == [("ent:samsung", 0.621)]


def test_keys_match_whole_or_by_prefix_only() -> None:
    index = _index()
    assert index.search("usa") == [("ent:us", KEY_FACTOR)]
    assert index.search("미합") == [("ent:us", round(KEY_FACTOR * (0.8 + 0.1 * 2 / 4), 3))]
    assert [eid for eid, _ in index.search("중국")] == ["ent:cn"]  # not 미합중국's substring
    assert index.search("국") == []  # one syllable: no substring match


def test_a_form_that_is_one_entitys_name_and_anothers_key() -> None:
    index = _index()
    index.add("ent:usa-band", ["USA"])
    assert index.search("usa") == [("ent:usa-band", 1.0), ("ent:us", KEY_FACTOR)]
    index.remove("ent:usa-band")
    assert index.search("usa") == [("ent:us", KEY_FACTOR)]


def test_remove_forgets_names_and_keys() -> None:
    index = _index()
    index.search("chi")  # builds the sorted prefix list, which remove must keep in step
    index.remove("ent:cn")
    assert index.search("china") == [] and index.search("中") == [] and index.search("hin") == []
    assert len(index) == 2
    index.add("ent:cn", ["China"])
    assert index.search("chi")[0][0] == "ent:cn" and index.search("中") == []
