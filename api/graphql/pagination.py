"""Relay-style pagination: opaque cursors, ``PageInfo``, ``Edge`` and ``Connection``, and the
window (offset, size) a ``first``/``after`` pair asks for.

Cursors are base64 offsets tagged with the list they came from, so a cursor from `relations`
cannot be replayed against `neighbors`.

Example::

    >>> cursor = encode_cursor("search", 19)
    >>> page_window(20, cursor, "search", cap=100)
    (20, 20)
    >>> page_window(None, None, "search", cap=100)
    (0, 20)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry

from schema.errors import InputError

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Connection",
    "Edge",
    "PageInfo",
    "connection",
    "decode_cursor",
    "encode_cursor",
    "page_info",
    "page_window",
]

NodeT = TypeVar("NodeT")

DEFAULT_PAGE_SIZE = 20  # page size when `first` is omitted (capped by settings.max_page_size)


def encode_cursor(kind: str, index: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{index}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> int:
    """The index a cursor points at; InputError for a cursor of another list or none at all."""
    try:
        got_kind, _, index = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        value = int(index)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InputError(f"invalid cursor {cursor!r}") from None
    if got_kind != kind or value < 0:
        raise InputError(f"cursor {cursor!r} does not belong to this list")
    return value


def page_window(first: int | None, after: str | None, kind: str, cap: int) -> tuple[int, int]:
    """(offset, size) of the requested page; ``first`` must be within 0..``cap``."""
    size = min(DEFAULT_PAGE_SIZE, cap) if first is None else first
    if not 0 <= size <= cap:
        raise InputError(f"`first` must be between 0 and {cap}, got {size}")
    offset = 0 if after is None else decode_cursor(after, kind) + 1
    return offset, size


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a connection with its opaque cursor.")
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str


@strawberry.type(description="A Relay-style page of items.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="Size of the whole list when known without extra work, else null."
    )


def page_info(kind: str, offset: int, count: int, has_next: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=offset > 0,
        start_cursor=encode_cursor(kind, offset) if count else None,
        end_cursor=encode_cursor(kind, offset + count - 1) if count else None,
    )


def connection(kind: str, nodes: Sequence[NodeT], offset: int, has_next: bool, total: int | None) -> Connection[NodeT]:
    return Connection(
        edges=[Edge(node=node, cursor=encode_cursor(kind, offset + i)) for i, node in enumerate(nodes)],
        page_info=page_info(kind, offset, len(nodes), has_next),
        total_count=total,
    )
