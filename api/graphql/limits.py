"""Every limit the GraphQL API enforces, checked before anything runs (except the per-field
argument bounds, checked by the resolvers):

* depth: ``settings.max_query_depth`` (strawberry's query depth limiter);
* aliases: ``MAX_ALIASES``; document size: ``MAX_TOKENS``;
* cost: ``MAX_QUERY_COST``, an upper bound of the number of fields the query can resolve,
  where every field taking ``first`` multiplies what is below it by ``first`` (the default
  page size when omitted, ``settings.max_page_size`` when given by a variable);
* page size: ``first`` above ``settings.max_page_size`` is refused (``BAD_USER_INPUT``, see
  ``pagination.page_window``);
* arguments: ``MAX_NEIGHBOR_DEPTH``, ``MAX_HOPS``, ``MAX_QUERY_CHARS``, ``MAX_INGEST_CHARS``.

Example::

    schema = strawberry.Schema(query=Query, extensions=limit_extensions(settings))
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from api.graphql.pagination import DEFAULT_PAGE_SIZE
from kg.config import Settings

__all__ = [
    "DOCUMENT_CACHE_SIZE",
    "MAX_ALIASES",
    "MAX_HOPS",
    "MAX_INGEST_CHARS",
    "MAX_NEIGHBOR_DEPTH",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_COST",
    "MAX_TOKENS",
    "limit_extensions",
    "query_cost",
]

MAX_ALIASES = 30
MAX_TOKENS = 2_000
MAX_QUERY_COST = 50_000
DOCUMENT_CACHE_SIZE = 256  # parsed and validated query texts kept (bounded: clients choose the texts)
MAX_NEIGHBOR_DEPTH = 3
MAX_HOPS = 6  # upper bound of path(maxHops); all-shortest-paths grows fast beyond that
MAX_QUERY_CHARS = 200
MAX_INGEST_CHARS = 1_000_000


def _first_argument(node: FieldNode, cap: int) -> int:
    for arg in node.arguments or ():
        if arg.name.value == "first":
            if isinstance(arg.value, IntValueNode):
                return max(0, int(arg.value.value))
            return cap  # a variable: assume the worst it may be
    return min(DEFAULT_PAGE_SIZE, cap)


def _selection_cost(
    schema: GraphQLSchema,
    parent: GraphQLObjectType | None,
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    cap: int,
    seen: frozenset[str] = frozenset(),
) -> int:
    if selection_set is None or parent is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            field = parent.fields.get(sel.name.value)
            if field is None:
                continue  # unknown fields are reported by the standard rules
            child = get_named_type(field.type)
            child_type = child if isinstance(child, GraphQLObjectType) else None
            fan_out = _first_argument(sel, cap) if "first" in field.args else 1
            total += 1 + fan_out * _selection_cost(schema, child_type, sel.selection_set, fragments, cap, seen)
        elif isinstance(sel, InlineFragmentNode):
            target: GraphQLObjectType | None = parent
            if sel.type_condition is not None:
                named = schema.get_type(sel.type_condition.name.value)
                target = named if isinstance(named, GraphQLObjectType) else None
            total += _selection_cost(schema, target, sel.selection_set, fragments, cap, seen)
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            frag = fragments.get(name)
            if frag is None or name in seen:
                continue  # unknown or cyclic fragments are reported by the standard rules
            named = schema.get_type(frag.type_condition.name.value)
            target = named if isinstance(named, GraphQLObjectType) else None
            total += _selection_cost(schema, target, frag.selection_set, fragments, cap, seen | {name})
    return total


def query_cost(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode], cap: int
) -> int:
    """Upper bound of the fields ``operation`` can resolve (see the module docstring)."""
    root = schema.mutation_type if operation.operation == OperationType.MUTATION else schema.query_type
    return _selection_cost(schema, root, operation.selection_set, fragments, cap)


def _cost_rule(max_cost: int, cap: int) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    cost = query_cost(context.schema, definition, fragments, cap)
                    if cost > max_cost:
                        context.report_error(
                            GraphQLError(
                                f"query cost {cost} exceeds the limit of {max_cost}; ask for smaller pages",
                                definition,
                                extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "maxCost": max_cost},
                            )
                        )

    return QueryCostRule


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The extensions that enforce the limits configured by ``settings``, in order.

    The validation rule classes are made once here (not per request) so that strawberry's
    ValidationCache, keyed by document and rules, hits for repeated queries: frontends send
    the same few query texts with different variables, and parsing plus validating them costs
    more than executing a small query."""
    rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_query_depth, should_ignore=None),
        alias_validator(MAX_ALIASES),
        _cost_rule(MAX_QUERY_COST, settings.max_page_size),
    ]
    return [
        functools.partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        functools.partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
        functools.partial(AddValidationRules, rules),
        functools.partial(ValidationCache, maxsize=DOCUMENT_CACHE_SIZE),
    ]
