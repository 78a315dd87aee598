"""The served GraphQL schema: the root types with the limits (``limits.py``) and error codes
(``api/errors.py``), and the SDL exported from it.

The SDL in ``schema/schema.graphql`` (the API's contract, what clients read) is generated here::

    python -m api.graphql            # rewrites schema/schema.graphql
    python -m api.graphql --check    # exit 1 when it is stale

Example::

    >>> from api.graphql.build import build_base_schema
    >>> "searchEntities" in build_base_schema().as_str()
    True
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from api.errors import code_for_error, format_error
from api.graphql.limits import limit_extensions
from api.graphql.mutation import Mutation
from api.graphql.query import Query
from kg.config import Settings

__all__ = ["SDL_PATH", "build_base_schema", "build_schema", "export_sdl"]

SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"

logger = logging.getLogger("kg.api")


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
    """The served schema: the limits configured by ``settings``, then error codes."""
    return KGSchema(query=Query, mutation=Mutation, extensions=[*limit_extensions(settings), ErrorCodes])


def build_base_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    """The schema without serving concerns (what the SDL shows)."""
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=list(extensions))


def export_sdl() -> str:
    return build_base_schema().as_str() + "\n"


def main(argv: Sequence[str]) -> int:
    """Rewrite ``SDL_PATH``; with ``--check``, only say (exit 1) whether it is stale."""
    sdl = export_sdl()
    if "--check" in argv:
        current = SDL_PATH.read_text(encoding="utf-8") if SDL_PATH.exists() else ""
        if current != sdl:
            print(f"{SDL_PATH} is stale: run `python -m api.graphql`", file=sys.stderr)
            return 1
        return 0
    SDL_PATH.write_text(sdl, encoding="utf-8")
    print(f"wrote {SDL_PATH}")
    return 0
