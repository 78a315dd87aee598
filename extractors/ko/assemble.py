"""A sentence's final spans written out: mentions (with the places and leaders nested in them)
and relations (the pattern reader's, then the relation stage's, and the bylines')."""

from __future__ import annotations

from extractors.ko.context import Context
from extractors.ko.passes.base import MentionState
from extractors.ko.passes.finishing import byline_relations
from extractors.ko.relations.coref import Antecedents
from extractors.ko.relations.patterns import PatternReader, may_relate
from extractors.ko.relations.reader import KoreanRelationReader
from extractors.ko.relations.reader import Mention as RelMention
from extractors.ko.spans import Span
from extractors.rules import through_coreference
from schema.types import AttrValue, EntityType, ExtractedMention, ExtractedRelation, Extraction, RelationType

__all__ = ["emit"]


def emit(
    ctx: Context,
    state: MentionState,
    offset: int,
    out: Extraction,
    relations: KoreanRelationReader | None,
    antecedents: Antecedents | None = None,
) -> None:
    """Append the sentence's mentions and relations to ``out`` (offsets shifted by ``offset``,
    the sentence's start in the text); ``relations``: the relation stage, None to skip it;
    ``antecedents``: the names of the text's earlier sentences, for coreference
    (:mod:`extractors.ko.relations.coref`), None to read the sentence alone."""
    text, tokens, spans = state.text, state.tokens, state.spans
    base = len(out.mentions)
    position = {id(sp): i for i, sp in enumerate(spans)}
    for sp in spans:
        attributes = dict(sp.attributes)
        attributes.setdefault("source", "model" if sp.source.startswith("model") else sp.source)
        if sp.alias_of is not None and id(sp.alias_of) in position:
            attributes["alias_of"] = base + position[id(sp.alias_of)]
        out.mentions.append(_mention(text, offset, sp.start, sp.end, sp.type, sp.confidence, attributes))
    stand_ins = antecedents.stand_ins(tokens, spans) if antecedents is not None else []
    # the spans the readers see: the sentence's own and the stand-ins, in text order
    read = sorted([*spans, *(s.span for s in stand_ins)], key=lambda sp: sp.start) if stand_ins else spans
    stood = {id(s.span): s for s in stand_ins}
    # where each span the readers see, and each nested mention, is in ``out.mentions``
    where = [stood[id(sp)].antecedent if id(sp) in stood else base + position[id(sp)] for sp in read]
    read_index = {id(sp): i for i, sp in enumerate(read)}
    rels = PatternReader(text, tokens, read, ctx.lex).read() if may_relate(ctx.lex, tokens, read) else []
    rel_mentions = [
        RelMention(sp.start, sp.end, sp.type, alias=sp.alias_of is not None, credit=bool(sp.attributes.get("credit")))
        for sp in read
    ]
    for sp in spans:
        for a, b, etype, attributes in _nested(ctx, text, sp):
            rel_mentions.append(RelMention(a, b, etype, within=read_index[id(sp)]))
            where.append(len(out.mentions))
            out.mentions.append(_mention(text, offset, a, b, etype, sp.confidence, attributes))
    if relations is not None:
        rels = relations.read(text, tokens, rel_mentions, rels)
    sentence = (offset, offset + len(text))
    for src, tgt, rtype, rule, conf, attrs in byline_relations(state.bylines, spans):
        out.relations.append(_relation(base + src, base + tgt, rtype, rule, conf, sentence, attrs))
    for src, tgt, rtype, rule, conf, attrs in rels:
        through = [stood[id(read[i])] for i in (src, tgt) if i < len(read) and id(read[i]) in stood]
        evidence = sentence
        if through:
            if where[src] == where[tgt]:
                continue  # the name and the word standing for it
            rule, conf = through_coreference(rule, conf)
            evidence = (min(s.sentence_start for s in through), sentence[1])
        out.relations.append(_relation(where[src], where[tgt], rtype, rule, conf, evidence, attrs))
    if antecedents is not None:
        antecedents.remember(text, tokens, spans, base, offset)


def _relation(
    src: int,
    tgt: int,
    rtype: RelationType,
    rule: str,
    conf: float,
    sentence: tuple[int, int],
    attributes: dict[str, AttrValue],
) -> ExtractedRelation:
    return ExtractedRelation(
        source=src,
        target=tgt,
        type=rtype,
        confidence=round(conf, 3),
        rule=rule,
        start=sentence[0],
        end=sentence[1],
        attributes=attributes,
    )


def _mention(
    text: str, offset: int, a: int, b: int, etype: EntityType, confidence: float, attributes: dict[str, AttrValue]
) -> ExtractedMention:
    return ExtractedMention(
        start=offset + a,
        end=offset + b,
        text=text[a:b],
        type=etype,
        confidence=round(confidence, 3),
        sentence_start=offset,
        sentence_end=offset + len(text),
        attributes=attributes,
    )


def _nested(ctx: Context, text: str, sp: Span) -> list[tuple[int, int, EntityType, dict[str, AttrValue]]]:
    """The mentions inside ``sp``: "필리핀 마닐라", "경남 함양군", "그리스 경찰" are one mention
    as written (a place chain is filed under its innermost place), and the areas or the country
    it starts with are mentions of their own, inside it, so that their nodes are not lost; the
    leader of "부시 행정부" too."""
    parts = sp.parts or (ctx.leading_areas(text, sp) if sp.type is EntityType.PLACE else ())
    if not parts and sp.type is not EntityType.PERSON:
        country = ctx.leading_country(text[sp.start : sp.end])
        parts = ((sp.start, sp.start + len(country)),) if country else ()
    whole = text[sp.start : sp.end]
    nested: list[tuple[int, int, EntityType, dict[str, AttrValue]]] = [
        (a, b, EntityType.PLACE, {"within": whole}) for a, b in parts
    ]
    if sp.person_part is not None:  # the leader of "부시 행정부"
        nested.append((*sp.person_part, EntityType.PERSON, {"within": whole, "source": "nested"}))
    return nested
