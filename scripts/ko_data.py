"""Readers for the KLUE-NER, MultiCoNER and KLUE-RE files in ../shared (training and evaluation).

Each reader returns plain ``(text, [(start, end, label)])`` pairs with character offsets and the
labels of :data:`extractors.ko.ner.tagger.LABELS` (PS, OG, LC); other labels are dropped.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "build_gazetteer",
    "re_gazetteer",
    "re_gold_spans",
    "read_klue_ner",
    "read_klue_re",
    "read_multiconer",
]

Span = tuple[int, int, str]
_KEEP = {"PS", "OG", "LC"}
_MULTICONER = {"PER": "PS", "LOC": "LC", "GRP": "OG", "CORP": "OG"}
_RE_TYPES = {"PER": "PS", "ORG": "OG", "LOC": "LC"}


def read_klue_ner(
    path: Path, keep: frozenset[str] = frozenset(_KEEP), news_only: bool = False
) -> Iterator[tuple[str, list[Span]]]:
    """KLUE-NER character-level BIO: ``## id\\tmarked`` then ``char\\tTAG`` lines."""
    chars: list[str] = []
    tags: list[str] = []
    skip = False

    def flush() -> tuple[str, list[Span]] | None:
        if not chars:
            return None
        text = "".join(chars)
        spans: list[Span] = []
        start, label = -1, ""
        for i, tag in enumerate([*tags, "O"]):
            kind, _, lab = tag.partition("-")
            if kind in ("B", "O") or lab != label:
                if start >= 0 and label in keep:
                    spans.append((start, i, label))
                start, label = (i, lab) if kind in ("B", "I") else (-1, "")
        return text, spans

    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("## klue-ner"):
                # sentence ids end in their source: _wikitree (news) or _nsmc (movie reviews)
                skip = news_only and not line.split("\t", 1)[0].endswith("wikitree")
                continue
            if line.startswith("##"):
                continue
            if not line:
                item = flush()
                if item and not skip:
                    yield item
                chars, tags = [], []
                continue
            ch, _, tag = line.rpartition("\t")
            chars.append(ch if ch else " ")
            tags.append(tag or "O")
    item = flush()
    if item and not skip:
        yield item


def read_multiconer(path: Path, kiwi: Any) -> Iterator[tuple[str, list[Span]]]:
    """MultiCoNER word-level BIO; words are joined by spaces and entity spans lose trailing
    particles (Kiwi ``J*`` tags, copula and endings), since MultiCoNER tags whole eojeols."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("# id"):
                continue
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
                continue
            parts = line.split(" ")
            cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    for sent in sents:
        offsets: list[int] = []
        pos = 0
        for word, _ in sent:
            offsets.append(pos)
            pos += len(word) + 1
        text = " ".join(w for w, _ in sent)
        spans: list[Span] = []
        i = 0
        while i < len(sent):
            kind, _, lab = sent[i][1].partition("-")
            if kind != "B":
                i += 1
                continue
            j = i + 1
            while j < len(sent) and sent[j][1] == "I-" + lab:
                j += 1
            if lab in _MULTICONER:
                start = offsets[i]
                end = offsets[j - 1] + len(sent[j - 1][0])
                last = sent[j - 1][0]
                cut = _particle_cut(kiwi, last)
                end -= len(last) - cut
                if end > start:
                    spans.append((start, end, _MULTICONER[lab]))
            i = j
        yield text, spans


def _particle_cut(kiwi: Any, word: str) -> int:
    tokens = kiwi.tokenize(word)
    cut = len(word)
    for tok in reversed(tokens):
        if tok.start > 0 and (tok.tag.startswith(("J", "E")) or tok.tag in ("VCP", "SF", "SP")):
            cut = tok.start
        else:
            break
    return cut


def read_klue_re(path: Path) -> list[dict[str, Any]]:
    """KLUE-RE rows, from JSON lines or a JSON array."""
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("["):
        rows: list[dict[str, Any]] = json.loads(raw)
        return rows
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def re_gazetteer(path: Path, min_len: int = 2) -> dict[str, str]:
    """Entity names from KLUE-RE subjects/objects with their majority type."""
    return {word: c.most_common(1)[0][0] for word, c in _type_counts(path, min_len).items()}


_ENTITY_TYPES = {"Company": "OG", "Organization": "OG", "Place": "LC", "Person": "PS"}
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")


def _type_counts(path: Path, min_len: int = 2) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in read_klue_re(path):
        for key in ("subject_entity", "object_entity"):
            ent = row[key]
            label = _RE_TYPES.get(ent["type"])
            word = ent["word"].strip()
            if label and len(word) >= min_len and "\t" not in word and "\n" not in word:
                counts[word][label] += 1
    return counts


def _cldr_territories() -> dict[str, str]:
    """Korean names of ISO countries and regions from CLDR (Babel), typed LC."""
    try:
        from babel import Locale
    except ImportError:  # Babel is a dependency of kg; without it the gazetteer is smaller
        return {}
    # ISO countries and regions, not the UN M.49 continents
    return {name: "LC" for code, name in Locale("ko").territories.items() if code.isalpha()}


def _dictionary_names(alias_dir: Path | None) -> dict[str, str]:
    """The Korean names of the resolver's dictionaries (companies, government bodies, Korean
    places, people), typed."""
    curated: dict[str, str] = {}
    if alias_dir is None:
        return curated
    for fname in ("companies.tsv", "government.tsv", "places_kr.tsv", "people.tsv"):
        path = alias_dir / fname
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) < 4 or parts[1] not in _ENTITY_TYPES:
                continue
            for name in [parts[3], *(parts[4].split("|") if len(parts) > 4 else [])]:
                name = name.strip()
                if len(name) >= 2 and _HANGUL_RE.search(name):
                    curated[name] = _ENTITY_TYPES[parts[1]]
    return curated


def build_gazetteer(
    train_dir: Path,
    alias_dir: Path | None,
    kiwi: Any = None,
    ambiguous: float = 0.0,
    curated_weight: int = 3,
) -> dict[str, str]:
    """Typed names for the NER model's gazetteer feature: KLUE-RE train subjects/objects,
    MultiCoNER train entities (when ``kiwi`` is given, to cut their particles), Korean country
    and region names from CLDR (Babel), and the Korean names of the resolver's dictionaries in
    ``alias_dir`` (companies, government bodies, Korean places, people). A name keeps its
    majority type; with ``ambiguous`` > 0 a name whose second type has at least that share is
    labelled with both ("LC|OG"), so the model can learn that such a match decides nothing."""
    counts = _type_counts(train_dir / "klue_re_train.jsonl")
    if kiwi is not None:
        for text, spans in read_multiconer(train_dir / "multiconer_ko_train.conll", kiwi):
            for s, e, label in spans:
                word = text[s:e]
                if len(word) >= 2:
                    counts[word][label] += 1
    curated = {**_cldr_territories(), **_dictionary_names(alias_dir)}
    for name, label in curated.items():
        counts[name][label] += curated_weight
    out: dict[str, str] = {}
    for word, c in counts.items():
        (top, n1), *rest = c.most_common(2)
        if ambiguous > 0 and rest and rest[0][1] >= ambiguous * (n1 + rest[0][1]):
            out[word] = "|".join(sorted((top, rest[0][0])))
        else:
            out[word] = top
    return out


def re_gold_spans(path: Path, sources: frozenset[str] | None = None) -> dict[str, set[Span]]:
    """KLUE-RE sentences (deduplicated) with every subject/object span they carry, typed;
    ``sources`` keeps only rows from those sources (wikitree, wikipedia, policy_briefing)."""
    out: dict[str, set[Span]] = defaultdict(set)
    for row in read_klue_re(path):
        if sources is not None and row.get("source") not in sources:
            continue
        for key in ("subject_entity", "object_entity"):
            ent = row[key]
            label = _RE_TYPES.get(ent["type"])
            if label:
                out[row["sentence"]].add((ent["start_idx"], ent["end_idx"] + 1, label))
    return out
