"""``GET /export.graphml``: the whole graph, or with ``?entity=ID&depth=N`` the N-hop
neighbourhood of one entity, streamed as GraphML (readable by networkx.read_graphml, Gephi,
Cytoscape).
"""

from __future__ import annotations

from collections.abc import Iterator

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.errors import rest_error
from api.graphql.limits import MAX_NEIGHBOR_DEPTH
from kg.export import iter_graphml
from kg.store.base import GraphStore

__all__ = ["router"]

router = APIRouter(tags=["export"])

_CHUNK_BYTES = 64 * 1024


def _chunked(store: GraphStore, entity_id: str | None, depth: int) -> Iterator[bytes]:
    # iter_graphml yields one small chunk per node/edge; Starlette pulls a sync iterator
    # through the threadpool one item at a time, so coalesce into larger chunks.
    buffer: list[bytes] = []
    size = 0
    for chunk in iter_graphml(store, entity_id, depth):
        buffer.append(chunk)
        size += len(chunk)
        if size >= _CHUNK_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


@router.get("/export.graphml", response_class=StreamingResponse)
async def export_graphml(
    request: Request,
    entity: str | None = Query(None, description="Export only this entity's neighbourhood"),
    depth: int = Query(1, ge=1, le=MAX_NEIGHBOR_DEPTH, description="Hops around `entity`"),
) -> Response:
    store: GraphStore = request.app.state.services.store
    if entity is not None and await anyio.to_thread.run_sync(store.get_entity, entity) is None:
        return JSONResponse(rest_error("NOT_FOUND", f"entity {entity!r} not found"), status_code=404)
    filename = "kg.graphml" if entity is None else "kg-subgraph.graphml"
    return StreamingResponse(
        _chunked(store, entity, depth),
        media_type="application/graphml+xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
