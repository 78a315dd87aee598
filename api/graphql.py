"""The served GraphQL schema: limits, error codes, per-request context with DataLoaders, and a
router that enforces the per-request timeout.

Limits, all checked before anything runs:

* depth: ``settings.max_query_depth`` (strawberry's query depth limiter);
* aliases: ``MAX_ALIASES``; document size: ``MAX_TOKENS``;
* cost: ``MAX_QUERY_COST``, an upper bound of the number of fields the query can resolve,
  where every field taking ``first`` multiplies what is below it by ``first`` (the default
  page size when omitted, ``settings.max_page_size`` when given by a variable);
* page size: ``first`` above ``settings.max_page_size`` is refused (``BAD_USER_INPUT``).

Example::

    schema = build_schema(settings)
    router = KGGraphQLRouter(schema, settings, context_getter=make_context_getter(services))
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import anyio.to_thread
import strawberry
from fastapi import Request
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
from strawberry.fastapi import BaseContext, GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionContext, ExecutionResult

from api.errors import (
    MutationsDisabledError,
    RequestTimeoutError,
    UnauthenticatedError,
    code_for_error,
    format_error,
)
from kg.config import Settings
from schema.graphql import DEFAULT_PAGE_SIZE, GraphContext, Mutation, Query

if TYPE_CHECKING:
    from api.app import Services
    from kg.pipeline import IngestReport

__all__ = [
    "MAX_ALIASES",
    "MAX_QUERY_COST",
    "MAX_TOKENS",
    "ApiContext",
    "KGGraphQLRouter",
    "build_schema",
    "make_context_getter",
]

P = ParamSpec("P")
R = TypeVar("R")

MAX_ALIASES = 30
MAX_TOKENS = 2_000
MAX_QUERY_COST = 50_000
DOCUMENT_CACHE_SIZE = 256  # parsed and validated query texts kept (bounded: clients choose the texts)

logger = logging.getLogger("kg.api")


# -- context ---------------------------------------------------------------------------------


class ApiContext(GraphContext, BaseContext):
    """One per request: fresh DataLoaders (so nothing is cached across requests), whether the
    caller presented the API key, and the shared services (store, lazily built pipeline)."""

    def __init__(self, services: Services, presented_key: str | None) -> None:
        GraphContext.__init__(self, services.store, services.settings)
        BaseContext.__init__(self)
        self.services = services
        self.presented_key = presented_key

    def authorize_mutation(self) -> None:
        expected = self.settings.api_key
        if expected is None or not expected.get_secret_value():
            raise MutationsDisabledError("mutations are disabled: the server has no API key (set KG_API_KEY)")
        if self.presented_key is None:
            raise UnauthenticatedError(
                "this mutation needs the API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`"
            )
        if not hmac.compare_digest(self.presented_key.encode(), expected.get_secret_value().encode()):
            raise UnauthenticatedError("invalid API key")

    async def write(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        # Writes are serialised so that a commit snapshot never interleaves with another write.
        async with self.services.write_lock:
            return await anyio.to_thread.run_sync(
                functools.partial(self.services.write_and_commit, functools.partial(fn, *args, **kwargs))
            )

    async def ingest(self, text: str, lang: str | None, title: str, source: str) -> IngestReport:
        async with self.services.write_lock:
            return await anyio.to_thread.run_sync(
                functools.partial(self.services.ingest_text, text, lang=lang, title=title, source=source)
            )


def presented_api_key(request: Request) -> str | None:
    """The key from ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``, if any."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def make_context_getter(services: Services) -> Callable[[Request], ApiContext]:
    def get_context(request: Request) -> ApiContext:
        return ApiContext(services, presented_api_key(request))

    return get_context


# -- limits and error codes ------------------------------------------------------------------


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


class ErrorCodes(SchemaExtension):
    """Give every error a code and strip internals from unexpected ones (see api/errors.py)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [format_error(e) for e in result.errors]


class KGSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (bad input, auth, limits) are the client's business: one line each.
        # Only unexpected ones get a traceback in the server log.
        for error in errors:
            if code_for_error(error) == "INTERNAL_SERVER_ERROR":
                logger.error("unexpected error in GraphQL operation", exc_info=error.original_error or error)
            else:
                logger.info("GraphQL error %s: %s", code_for_error(error), error.message)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with the limits configured by ``settings``.

    The validation rule classes are made once here (not per request) so that strawberry's
    ValidationCache, keyed by document and rules, hits for repeated queries: frontends send
    the same few query texts with different variables, and parsing plus validating them costs
    more than executing a small query."""
    rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_query_depth, should_ignore=None),
        alias_validator(MAX_ALIASES),
        _cost_rule(MAX_QUERY_COST, settings.max_page_size),
    ]
    return KGSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            functools.partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
            functools.partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
            functools.partial(AddValidationRules, rules),
            functools.partial(ValidationCache, maxsize=DOCUMENT_CACHE_SIZE),
            ErrorCodes,
        ],
    )


# -- router ----------------------------------------------------------------------------------


class KGGraphQLRouter(GraphQLRouter[ApiContext, None]):
    """strawberry's FastAPI router plus the per-request timeout (``settings.request_timeout_s``).

    A timed-out request gets a ``TIMEOUT`` error at once. Work already running in a worker
    thread cannot be interrupted and finishes in the background; for a write that means it is
    still applied and committed, and the next write waits for it."""

    def __init__(self, schema: strawberry.Schema, settings: Settings, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.timeout_s = settings.request_timeout_s

    @property
    def graphql_ide_html(self) -> str:
        # strawberry's own page loads React and GraphiQL from a CDN; this one from /static.
        from api.routes.ui import graphiql_html

        return graphiql_html()

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # Errors raised before the operation hooks complete (a syntax error from the parser
        # cache, say) skip the ErrorCodes extension; every response passes here.
        if result.errors:
            result.errors = [format_error(e) for e in result.errors]
        return await super().process_result(request, result)

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.wait_for(super().execute_operation(*args, **kwargs), timeout=self.timeout_s)
        except TimeoutError:
            message = (
                f"the request took longer than {self.timeout_s:g} s and was stopped "
                "(a mutation already under way still completes: check before retrying)"
            )
            error = GraphQLError(
                message,
                original_error=None,
                extensions={"code": "TIMEOUT", "kgCode": RequestTimeoutError.code},
            )
            logger.warning(message)
            return ExecutionResult(data=None, errors=[error])
