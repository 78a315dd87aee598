"""Real-browser tests: Debian's Chromium driven by Playwright against a real ``kg serve`` on the
seeds (ingested once per session into a temporary data directory).

Chromium is the system one (``/usr/bin/chromium``, or ``$KG_CHROMIUM``); Playwright's own
browser download is never used. Without a browser or the ``playwright`` package the tests skip,
unless ``KG_REQUIRE_BROWSER=1`` (what ``make test`` sets, after installing Chromium) turns that
into a failure. Every page runs offline: a request for another origin is aborted and recorded,
so a CDN dependency shows up as a failed test, not as a page that happens to work online.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.config import Settings
from kg.store.networkx import NetworkXGraphStore
from tests.api.uvicorn_app import free_port, stop_server, wait_until_ready

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]


def _unavailable(why: str) -> None:
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{why} (KG_REQUIRE_BROWSER=1; `make test` installs Chromium with apt-get)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable(f"no Chromium at {path}: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """seeds/ ingested once, as ``make run`` does (models shared with the rest of the session)."""
    from kg.pipeline import Pipeline

    data_dir = tmp_path_factory.mktemp("browser") / "data"
    store = NetworkXGraphStore(data_dir)
    try:
        summary = Pipeline(Settings(data_dir=data_dir), store).ingest_paths([seeds_dir])
        assert not summary.failed, summary.failed
    finally:
        store.close()
    return data_dir


@pytest.fixture(scope="session")
def kg_server(seeded_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``kg serve`` on a free loopback port; its base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "kg-serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_DATA_DIR": str(seeded_data_dir)}
    command = [sys.executable, "-c", "from kg.cli import app; app()", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(proc, f"{base}/healthz", log_path, 120, what="kg serve")
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield base
    finally:
        stop_server(proc)


def entity_id(base: str, name: str) -> str:
    """The id of the first search hit for ``name`` (over the API, as a client would)."""
    query = "query($q: String!) { searchEntities(query: $q, first: 1) { edges { node { id } } } }"
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"q": name}}, timeout=30).json()
    found: str = body["data"]["searchEntities"]["edges"][0]["node"]["id"]
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    # Playwright starts Chromium with a fresh temporary profile (--user-data-dir) per launch.
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Session:
    """A page on ``base`` with what it asked for: ``requests`` (every URL) and ``offsite``
    (requests for another origin, aborted as an offline machine would)."""

    page: Any
    base: str
    requests: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_session(browser: Any, base: str, **context_args: Any) -> tuple[Any, Session]:
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.set_default_timeout(20_000)
    session = Session(page, base)

    def route(route: Any) -> None:
        url = route.request.url
        session.requests.append(url)
        if url == base or url.startswith(base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            session.offsite.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", route)
    page.on("pageerror", lambda exc: session.errors.append(str(exc)))
    return context, session


@pytest.fixture
def web(browser: Any, kg_server: str) -> Iterator[Session]:
    """A fresh browser context (laptop width) on the seeded server."""
    context, session = open_session(browser, kg_server, viewport={"width": 1280, "height": 900})
    yield session
    context.close()
