"""Corporate forms (schema.corporate_forms): removed from names, told apart from names."""

from __future__ import annotations

import pytest

from schema.corporate_forms import is_corporate_form, strip_corporate_form


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("(주)SK텔레콤", "SK텔레콤"),
        ("SK텔레콤(주)", "SK텔레콤"),
        ("주식회사 카카오", "카카오"),
        ("㈜네이버", "네이버"),
        ("Samsung Electronics Co., Ltd.", "Samsung Electronics"),
        ("UTX CO.,LTD.", "UTX"),
        ("Coupang, Inc.", "Coupang"),
        ("JS Company Limited", "JS"),
        ("CDNetworksCo.,Ltd.", "CDNetworks"),
        ("Coupang", "Coupang"),  # the "Co" of Coupang is part of the name
        ("Inc.", "Inc."),  # nothing would remain: unchanged
    ],
)
def test_corporate_forms_are_removed(name: str, stripped: str) -> None:
    assert strip_corporate_form(name) == stripped


def test_names_without_a_form_take_the_fast_path_to_the_same_result() -> None:
    """strip_corporate_form skips its rules for names with no legal-form word; on every name
    of the shipped dictionary and on names built to sit at the edges of the forms (glued,
    trailing dots and commas, Unicode case-folding, Hangul forms) the rules agree with it."""
    import itertools
    import unicodedata

    from schema.aliases import load_dictionary
    from schema.corporate_forms import _strip_forms

    names = {n for e in load_dictionary() for n in e.names}
    words = ["Acme", "CounaCo", "LTD", "Co.", ", Ltd", "Inc.", " inc", "ınc", "K.K", "S.A", "Corp.,", "(주)", "㈜"]
    words += ["주식회사", "컴퍼니", "삼성", " ", ".", ",", "Ltd.", "GmbH ", "sa", "LLC", "L.L.C"]
    names |= {"".join(p) for p in itertools.product(words, repeat=2)}
    names |= {"".join(p) for p in itertools.product(["Foo ", "FooCo.,", "푸 "], words, ["", ".", " ,", "Ltd"])}
    for name in names:
        assert strip_corporate_form(name) == _strip_forms(unicodedata.normalize("NFKC", name).strip()), name


@pytest.mark.parametrize(
    ("text", "bare"),
    [("LTD", True), ("Co.", True), ("주식회사", True), ("(주)", True), ("Coupang", False), ("", False)],
)
def test_a_bare_form_is_told_from_a_name(text: str, bare: bool) -> None:
    assert is_corporate_form(text) is bare
