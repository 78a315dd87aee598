"""Where kg's errors become GraphQL error codes. Nothing outside ``api/`` knows these codes.

Every error a client sees has ``extensions.code``; errors kg raised on purpose also carry
``extensions.kgCode`` (``KG300`` ...). Unexpected exceptions are masked: the client gets
``INTERNAL_SERVER_ERROR`` and a generic message, the server log gets the traceback.

Example::

    >>> from schema.errors import NotFoundError
    >>> code_for_exception(NotFoundError("no entity 'x'"))
    'NOT_FOUND'
"""

from __future__ import annotations

from graphql import GraphQLError

from schema.errors import (
    InputError,
    KGError,
    ModelNotInstalledError,
    NotFoundError,
    StoreError,
    StoreUnavailableError,
)

__all__ = [
    "INTERNAL_MESSAGE",
    "MutationsDisabledError",
    "RequestTimeoutError",
    "UnauthenticatedError",
    "code_for_error",
    "code_for_exception",
    "code_for_status",
    "format_error",
    "rest_error",
]

INTERNAL_MESSAGE = "Internal server error."


class UnauthenticatedError(KGError):
    """A mutation came without a valid API key."""

    code = "KG501"


class MutationsDisabledError(KGError):
    """The server has no API key configured, so nobody may change the graph."""

    code = "KG502"


class RequestTimeoutError(KGError):
    code = "KG503"


# Most specific first: the first isinstance match wins.
_CODES: tuple[tuple[type[BaseException], str], ...] = (
    (UnauthenticatedError, "UNAUTHENTICATED"),
    (MutationsDisabledError, "MUTATIONS_DISABLED"),
    (RequestTimeoutError, "TIMEOUT"),
    (NotFoundError, "NOT_FOUND"),
    (InputError, "BAD_USER_INPUT"),
    (StoreUnavailableError, "STORE_UNAVAILABLE"),
    (StoreError, "STORE_ERROR"),
    (ModelNotInstalledError, "MODEL_NOT_INSTALLED"),
    (KGError, "KG_ERROR"),
)

# graphql-core and strawberry report limits and syntax problems as bare GraphQLErrors; these
# message fragments are how they can be told apart.
_MESSAGE_CODES: tuple[tuple[str, str], ...] = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("aliases found. Allowed", "TOO_MANY_ALIASES"),
    ("Document contains more than", "QUERY_TOO_LARGE"),
    ("Syntax Error", "GRAPHQL_PARSE_FAILED"),
    ("Variable '$", "BAD_USER_INPUT"),
)


# The plain HTTP routes (/export.graphml, unknown paths, ...) answer errors as
# ``{"error": {"code": ..., "message": ...}}``, with these codes for FastAPI's own errors.
_STATUS_CODES: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    422: "BAD_USER_INPUT",
    503: "STORE_UNAVAILABLE",
}


def code_for_status(status: int) -> str:
    return _STATUS_CODES.get(status, "INTERNAL_SERVER_ERROR" if status >= 500 else f"HTTP_{status}")


def rest_error(code: str, message: str) -> dict[str, dict[str, str]]:
    """The body of every error answer of kg's plain HTTP routes."""
    return {"error": {"code": code, "message": message}}


def code_for_exception(exc: BaseException) -> str:
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return "INTERNAL_SERVER_ERROR"


def code_for_error(error: GraphQLError) -> str:
    given = (error.extensions or {}).get("code")
    if isinstance(given, str):
        return given
    if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
        return code_for_exception(error.original_error)
    for fragment, code in _MESSAGE_CODES:
        if fragment in error.message:
            return code
    # No original exception and no path: the document failed validation before execution.
    return "GRAPHQL_VALIDATION_FAILED" if error.path is None else "INTERNAL_SERVER_ERROR"


def format_error(error: GraphQLError) -> GraphQLError:
    """The client-safe version of ``error``: a code, and no internals for unexpected ones."""
    code = code_for_error(error)
    original = error.original_error
    extensions: dict[str, object] = {**(error.extensions or {}), "code": code}
    if isinstance(original, KGError):
        message = original.message
        extensions["kgCode"] = original.code
    elif code == "INTERNAL_SERVER_ERROR":
        message = INTERNAL_MESSAGE
    else:
        message = error.message
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )
