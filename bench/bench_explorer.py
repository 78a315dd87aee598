"""Page weight and time to first render of the explorer, in headless Chromium, on the seeds.

Ingests seeds/ into a temporary data directory (or uses ``--data-dir`` as it is), starts a real
``kg serve`` on a free port and opens ``/entity/<id>`` (``--entity``, a name searched over the
API; SK Telecom by default, the seeds' best-connected node) ``--runs`` times:

* ``cold``: a new browser context each time (empty cache): bytes transferred (encoded, i.e.
  after gzip, plus headers) and number of requests;
* ``warm``: reloads in one context (assets revalidated from the cache);

and for each run the time from navigation start to the first contentful paint, to the entity's
heading (the page is usable) and to the drawn graph (Cytoscape laid out). Prints medians (and
min-max) as JSON. ``--screenshots DIR`` also writes a screenshot of every view.

Run on demand (Debian's Chromium, never a downloaded one)::

    .venv/bin/python bench/bench_explorer.py --runs 10
    .venv/bin/python bench/bench_explorer.py --runs 3 --screenshots docs/images
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ingest_seeds(data_dir: Path) -> None:
    from kg.config import Settings
    from kg.pipeline import Pipeline
    from kg.store.networkx import NetworkXGraphStore

    store = NetworkXGraphStore(data_dir)
    try:
        Pipeline(Settings(data_dir=data_dir), store).ingest_paths([ROOT / "seeds"])
    finally:
        store.close()


def serve(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-c", "from kg.cli import app; app()", "serve", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"kg serve did not start: {log.read_text()[-2000:]}")


def wait_ready(base: str) -> None:
    """Until /readyz says the models are loaded: their loading would compete for the CPU."""
    for _ in range(1200):
        try:
            if httpx.get(f"{base}/readyz", timeout=30).status_code == 200:
                return
        except httpx.TransportError:
            pass  # busy loading the models
        time.sleep(0.25)
    raise SystemExit("kg serve never became ready")


def entity_id(base: str, name: str) -> str:
    query = "query($q: String!) { searchEntities(query: $q, first: 1) { edges { node { id } } } }"
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"q": name}}, timeout=30).json()
    found: str = body["data"]["searchEntities"]["edges"][0]["node"]["id"]
    return found


def measure(page: Any, url: str) -> dict[str, float]:
    """Milliseconds from navigation start: first contentful paint, heading, drawn graph."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("main h1")
    heading = page.evaluate("performance.now()")
    page.wait_for_selector("#cy[data-ready=true] canvas")
    graph = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime")
    return {"fcp_ms": fcp, "heading_ms": heading, "graph_ms": graph}


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1), "max": round(max(values), 1)}


def screenshots(browser: Any, base: str, out: Path, ids: dict[str, str]) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    laptop, tall, phone = {"width": 1280, "height": 800}, {"width": 1280, "height": 1000}, {"width": 390, "height": 844}
    ready = "#cy[data-ready=true]"
    views = [
        ("explorer-home.png", "/", None, laptop),
        ("explorer-search.png", "/?q=%EC%95%84%EB%A7%88%EC%A1%B4", "ol.results", laptop),
        ("explorer-entity.png", f"/entity/{ids['entity']}?depth=2", ready, tall),
        ("explorer-entity-ko.png", f"/entity/{ids['amazon']}", ready, tall),
        ("explorer-phone.png", f"/entity/{ids['amazon']}", ready, phone),
        ("explorer-path.png", f"/path?from={ids['from']}&to={ids['amazon']}", "ol.paths", laptop),
        ("explorer-unknown.png", "/entity/ent:does-not-exist", "main h2", laptop),
        ("graphiql.png", "/graphql", ".graphiql-execute-button", laptop),
    ]
    written = []
    for name, path, selector, viewport in views:
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        if name == "explorer-entity-ko.png":
            page.goto(base + "/")
            page.evaluate("localStorage.setItem('kg.lang', 'both')")
        page.goto(base + path)
        page.wait_for_selector(selector or "main h1")
        if name == "graphiql.png":
            page.click(".graphiql-execute-button")
            page.wait_for_selector(".result-window .CodeMirror-line >> text=searchEntities")
            page.click("button[aria-label='Show Documentation Explorer']")
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / name))
        written.append(str(out / name))
        context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--entity", default="SK Telecom")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--chromium", default=os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        if args.data_dir is None:
            ingest_seeds(data_dir)
        proc, base = serve(data_dir, Path(tmp) / "serve.log")
        try:
            wait_ready(base)
            ids = {
                "entity": entity_id(base, args.entity),
                "amazon": entity_id(base, "Amazon"),
                "from": entity_id(base, "Park Jung-ho"),
            }
            url = f"{base}/entity/{ids['entity']}"
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
                cold: list[dict[str, float]] = []
                weights: list[tuple[int, int]] = []
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    sizes: list[int] = []

                    def finished(request: Any, sizes: list[int] = sizes) -> None:
                        sizes.append(_transferred(request))

                    page.on("requestfinished", finished)
                    cold.append(measure(page, url))
                    weights.append((sum(sizes), len(sizes)))
                    context.close()
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                measure(page, url)
                warm = [measure(page, url) for _ in range(args.runs)]
                context.close()
                written = screenshots(browser, base, args.screenshots, ids) if args.screenshots else []
                version = browser.version
                browser.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    report = {
        "page": "/entity/<id> of " + args.entity,
        "chromium": version,
        "runs": args.runs,
        "cold_kb_transferred": summary([w / 1024 for w, _ in weights]),
        "cold_requests": summary([float(n) for _, n in weights]),
        **{f"cold_{k}": summary([r[k] for r in cold]) for k in ("fcp_ms", "heading_ms", "graph_ms")},
        **{f"warm_{k}": summary([r[k] for r in warm]) for k in ("fcp_ms", "heading_ms", "graph_ms")},
        "screenshots": written,
    }
    print(json.dumps(report, indent=2))


def _transferred(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])


if __name__ == "__main__":
    main()
