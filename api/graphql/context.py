"""The per-request GraphQL context: the store and settings, fresh DataLoaders, whether the
caller presented the API key, and the serialised writes and ingest of the shared ``Services``.

Every store call goes through ``read``/``write`` (or a loader), which run it in a worker
thread: the store, spaCy and Kiwi block, and the event loop must keep serving. Entity, relation
and document lookups go through per-request DataLoaders so a list costs one batched lookup, not
one per row.

Example::

    ctx = ApiContext(Services(settings, store), presented_key=None)
    await ctx.entities.load("ent:...")      # batched with every other load this tick
    await ctx.batched(ctx.store.relations_of, "ent:...", "both", None)
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import anyio.to_thread
import strawberry
from fastapi import Request
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.errors import MutationsDisabledError, UnauthenticatedError
from api.graphql.pagination import page_window
from api.services import Services
from schema import types as domain

if TYPE_CHECKING:
    from kg.pipeline import IngestReport

__all__ = ["ApiContext", "Info", "make_context_getter", "presented_api_key"]

P = ParamSpec("P")
R = TypeVar("R")


class ApiContext(BaseContext):
    """One per request: fresh DataLoaders (so nothing is cached across requests), whether the
    caller presented the API key, and the shared services (store, lazily built pipeline)."""

    def __init__(self, services: Services, presented_key: str | None) -> None:
        super().__init__()
        self.services = services
        self.presented_key = presented_key
        self.store = services.store
        self.settings = services.settings
        # How many batched store calls each loader made; tests assert on it.
        self.batch_calls: dict[str, int] = {"entities": 0, "relations": 0, "documents": 0, "store": 0}
        self.entities: DataLoader[str, domain.Entity | None] = DataLoader(load_fn=self._load_entities)
        self.relations: DataLoader[str, domain.Relation | None] = DataLoader(load_fn=self._load_relations)
        self.documents: DataLoader[str, domain.Document | None] = DataLoader(load_fn=self._load_documents)
        # Other store reads (relations_of, neighbors, ...) keyed by (method name, args): the
        # calls made by the rows of one list share a single worker-thread hop, and their
        # results arrive in the same tick, so the entity lookups they trigger batch as well.
        self.calls: DataLoader[tuple[str, tuple[Hashable, ...]], Any] = DataLoader(load_fn=self._load_calls)

    # -- reads -------------------------------------------------------------------------------
    async def read(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a blocking read (a store call) in a worker thread. If the request is cancelled
        (timeout, client gone) the caller stops waiting; the thread finishes on its own."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), abandon_on_cancel=True)

    async def batched(self, fn: Callable[..., R], *args: Hashable) -> R:
        """Call the store read method ``fn`` (e.g. ``store.relations_of``) with ``args``,
        batched with the other calls of this tick and cached for the request."""
        return cast(R, await self.calls.load((fn.__name__, args)))

    def clear_caches(self) -> None:
        """Forget what this request read so far (after a write)."""
        for loader in (self.entities, self.relations, self.documents, self.calls):
            loader.clear_all()

    def page(self, first: int | None, after: str | None, kind: str) -> tuple[int, int]:
        """(offset, size) of the requested page; ``first`` is capped by settings.max_page_size."""
        return page_window(first, after, kind, self.settings.max_page_size)

    async def _load_calls(self, keys: list[tuple[str, tuple[Hashable, ...]]]) -> list[Any]:
        self.batch_calls["store"] += 1

        def run() -> list[Any]:
            results: list[Any] = []
            for name, args in keys:
                try:
                    results.append(getattr(self.store, name)(*args))
                except Exception as exc:  # handed to the one caller it belongs to
                    results.append(exc)
            return results

        return await self.read(run)

    async def _load_entities(self, keys: list[str]) -> list[domain.Entity | None]:
        self.batch_calls["entities"] += 1
        return await self.read(self.store.get_entities, keys)

    async def _load_relations(self, keys: list[str]) -> list[domain.Relation | None]:
        self.batch_calls["relations"] += 1
        return await self.read(self.store.get_relations, keys)

    async def _load_documents(self, keys: list[str]) -> list[domain.Document | None]:
        self.batch_calls["documents"] += 1
        return await self.read(lambda: [self.store.get_document(k) for k in keys])

    # -- writes ------------------------------------------------------------------------------
    def authorize_mutation(self) -> None:
        """Raise unless this request may change the graph."""
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
        """Run a blocking write in a worker thread and commit it. Writes are serialised so
        that a commit snapshot never interleaves with another write."""
        async with self.services.write_lock:
            return await anyio.to_thread.run_sync(
                functools.partial(self.services.write_and_commit, functools.partial(fn, *args, **kwargs))
            )

    async def ingest(self, text: str, lang: str | None, title: str, source: str) -> IngestReport:
        async with self.services.write_lock:
            return await anyio.to_thread.run_sync(
                functools.partial(self.services.ingest_text, text, lang=lang, title=title, source=source)
            )


Info = strawberry.Info[ApiContext, None]


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
