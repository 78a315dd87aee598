"""The browser side, served by kg itself with no request leaving the machine: the explorer
single-page app at ``/`` (deep links ``/?q=<text>``, ``/entity/<id>``, ``/path?from=&to=``
reload into the same page), its assets and the vendored libraries under ``/static/``
(gzip-compressed), and GraphiQL's page (see ``graphiql_html``), all from ``api/static/``.

Example::

    app.include_router(ui.router)
    app.mount("/static", ui.static_app(), name="static")
"""

from __future__ import annotations

import functools
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

__all__ = ["STATIC_DIR", "graphiql_html", "router", "static_app"]

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
_INDEX = STATIC_DIR / "explorer" / "index.html"
# The page itself is small and must pick up new asset versions at once.
_NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["explorer"], include_in_schema=False)


@router.get("/")
@router.get("/path")
@router.get("/entity/{entity_id:path}")
async def explorer() -> FileResponse:
    return FileResponse(_INDEX, media_type="text/html", headers=_NO_CACHE)


@functools.cache
def graphiql_html() -> str:
    """GraphiQL (with the explorer plugin) on the vendored React and GraphiQL builds."""
    return (STATIC_DIR / "graphiql.html").read_text(encoding="utf-8")


def static_app() -> ASGIApp:
    """``api/static`` as files, gzip-compressed for clients that accept it."""
    # level 6: nearly the size of level 9 (Starlette's default) at a third of the CPU
    return GZipMiddleware(StaticFiles(directory=STATIC_DIR), minimum_size=1024, compresslevel=6)
