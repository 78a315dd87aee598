"""strawberry's FastAPI router with kg's per-request timeout, error formatting and offline
GraphiQL page.

Example::

    router = KGGraphQLRouter(build_schema(settings), settings, context_getter=make_context_getter(services))
    app.include_router(router, prefix="/graphql")
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import strawberry
from fastapi import Request
from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.errors import RequestTimeoutError, format_error
from api.graphql.context import ApiContext
from kg.config import Settings

__all__ = ["KGGraphQLRouter"]

logger = logging.getLogger("kg.api")


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
