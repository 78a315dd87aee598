"""A synthetic news corpus for storage benchmarks: many short documents, in English and
Korean, naming invented companies, people and places (so every run of the store sees new
entities, not the same few famous ones), in sentences the real extractors recognise.

Names are built from syllables with a seeded generator, so a corpus is reproducible; each
name recurs in a few documents (pools are sized to the corpus), as in real news.

Example::

    python bench/synth_corpus.py --docs 1000 --out /tmp/corpus       # 1000 .txt files
    python bench/synth_corpus.py --docs 1000 --start 20000 --out /tmp/more   # different names
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

__all__ = ["Names", "document", "write_corpus"]

_EN_SYLLABLES = (
    "bar", "cor", "dal", "ven", "mir", "tal", "sor", "quin", "zel", "nor", "vex", "lum", "dra", "kel", "ost",
    "pra", "rin", "sel", "tor", "gal", "fen", "hal", "jor", "mar", "nav", "ber", "cal", "dor", "el", "fal",
)  # fmt: skip
_EN_SUFFIXES = ("Technologies", "Systems", "Holdings", "Pharmaceuticals", "Motors", "Robotics", "Energy", "Capital")
_EN_FIRST = (
    "James", "Sarah", "Michael", "Laura", "David", "Emily", "Robert", "Anna", "Daniel", "Maria", "Thomas",
    "Julia", "Peter", "Helen", "Mark", "Karen", "Paul", "Susan", "Andrew", "Linda",
)  # fmt: skip
_KO_SYLLABLES = tuple("한결다온새빛누리가람미르솔바로하늘별찬들보람아름이음나래온누한빛고운슬기라온")
_KO_SUFFIXES = ("전자", "바이오", "제약", "건설", "모빌리티", "에너지", "반도체", "화학")
_KO_SURNAMES = tuple("김이박최정강조윤장임한오서신권황안송류홍")
_KO_GIVEN = tuple("민서준현지우도윤하은수아예진성호영재태희경선미정혜")
_EN_PLACES_TAIL = ("ville", "ton", "burg", "field", "port", "mouth")
_KO_PLACES_TAIL = ("시", "군")


class Names:
    """Seeded name pools: companies, people and places in either language."""

    def __init__(self, seed: int, size: int) -> None:
        self.rng = random.Random(seed)
        self.size = size
        self._seen: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            if name not in self._seen:
                self._seen.add(name)
                return name

    def en_company(self) -> str:
        def make() -> str:
            stem = "".join(self.rng.choice(_EN_SYLLABLES) for _ in range(self.rng.randint(2, 3)))
            return f"{stem.capitalize()} {self.rng.choice(_EN_SUFFIXES)}"

        return self._unique(make)

    def en_person(self) -> str:
        def make() -> str:
            surname = "".join(self.rng.choice(_EN_SYLLABLES) for _ in range(2)).capitalize()
            return f"{self.rng.choice(_EN_FIRST)} {surname}"

        return self._unique(make)

    def en_place(self) -> str:
        def make() -> str:
            stem = "".join(self.rng.choice(_EN_SYLLABLES) for _ in range(self.rng.randint(1, 2)))
            return f"{stem.capitalize()}{self.rng.choice(_EN_PLACES_TAIL)}"

        return self._unique(make)

    def ko_company(self) -> str:
        def make() -> str:
            stem = "".join(self.rng.choice(_KO_SYLLABLES) for _ in range(self.rng.randint(2, 3)))
            return f"{stem}{self.rng.choice(_KO_SUFFIXES)}"

        return self._unique(make)

    def ko_person(self) -> str:
        return self._unique(
            lambda: self.rng.choice(_KO_SURNAMES) + "".join(self.rng.choice(_KO_GIVEN) for _ in range(2))
        )

    def ko_place(self) -> str:
        return self._unique(
            lambda: (
                "".join(self.rng.choice(_KO_SYLLABLES) for _ in range(self.rng.randint(2, 3)))
                + self.rng.choice(_KO_PLACES_TAIL)
            )
        )


_EN_TEMPLATES = (
    "{c1} said on Monday that it had agreed to acquire {c2} for an undisclosed sum. "
    "{p1}, chief executive of {c1}, said the deal would help the company grow. "
    "{c2} is headquartered in {l1}.",
    "{c1} and {c2} announced a partnership to develop batteries. "
    "{p1}, the chairman of {c2}, said the two firms would open a joint plant in {l1}.",
    "{c1} invested $20 million in {c2}, the companies said on Tuesday. "
    "{p1}, who founded {c2} in 2015, will stay on as chief executive.",
)
_KO_TEMPLATES = (
    "{c1}가 {c2}를 인수한다고 밝혔다. {c1} {p1} 대표는 이번 인수로 경쟁력이 높아질 것이라고 말했다. "
    "{c2}는 {l1}에 본사를 두고 있다.",
    "{c1}와 {c2}가 업무 협약을 맺었다. {c2} {p1} 회장은 {l1}에 공동 공장을 세울 계획이라고 밝혔다.",
    "{c1}는 {c2}에 200억원을 투자했다고 밝혔다. {c2}를 창업한 {p1} 대표가 회사를 계속 이끈다.",
)


def document(names: Names, pools: dict[str, list[str]], index: int) -> str:
    """One short news item; even indexes English, odd ones Korean."""
    rng = names.rng
    lang = "en" if index % 2 == 0 else "ko"
    companies = rng.sample(pools[f"{lang}_company"], 2)
    values = {
        "c1": companies[0],
        "c2": companies[1],
        "p1": rng.choice(pools[f"{lang}_person"]),
        "l1": rng.choice(pools[f"{lang}_place"]),
    }
    template = rng.choice(_EN_TEMPLATES if lang == "en" else _KO_TEMPLATES)
    body = _korean_particles(template.format(**values)) if lang == "ko" else template.format(**values)
    title = f"Report {index}" if lang == "en" else f"보도 {index}"
    return f"{title}\n\n{body}\n"


def _has_final(syllable: str) -> bool:
    code = ord(syllable) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


_PARTICLES = {"가": ("이", "가"), "를": ("을", "를"), "와": ("과", "와"), "는": ("은", "는")}


def _korean_particles(text: str) -> str:
    """Pick each particle by the syllable before it (가 after a vowel, 이 after a consonant)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in _PARTICLES and out and nxt in " .," and "가" <= out[-1] <= "힣":
            with_final, without = _PARTICLES[ch]
            out.append(with_final if _has_final(out[-1]) else without)
        else:
            out.append(ch)
    return "".join(out)


def write_corpus(out: Path, docs: int, start: int = 0, seed: int = 7) -> int:
    """Write ``docs`` documents numbered from ``start`` into ``out``; the number written."""
    out.mkdir(parents=True, exist_ok=True)
    names = Names(seed + start, docs)
    per = max(docs // 2, 10)  # each name recurs in a few documents
    pools = {
        "en_company": [names.en_company() for _ in range(per)],
        "en_person": [names.en_person() for _ in range(per // 2)],
        "en_place": [names.en_place() for _ in range(max(per // 10, 5))],
        "ko_company": [names.ko_company() for _ in range(per)],
        "ko_person": [names.ko_person() for _ in range(per // 2)],
        "ko_place": [names.ko_place() for _ in range(max(per // 10, 5))],
    }
    for i in range(start, start + docs):
        (out / f"doc-{i:07d}.txt").write_text(document(names, pools, i), encoding="utf-8")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0, help="first document number (different names per start)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_corpus(args.out, args.docs, args.start, args.seed)
    print(f"wrote {args.docs} documents to {args.out}")


if __name__ == "__main__":
    main()
