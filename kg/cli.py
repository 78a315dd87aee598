"""The ``kg`` command line: ingest, extract, export, serve, stats (and, mounted from their own
modules, aliases, entities, neo4j, migrate and reindex)."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import typer
from rich.console import Console
from rich.table import Table

from kg.cli_common import BackendOpt, DataDirOpt, cli_store, err_console, fail, make_settings
from schema.errors import InputError, KGError
from schema.types import Language

__all__ = ["app", "main", "make_settings"]

app = typer.Typer(help="kg: a bilingual (English/Korean) entity knowledge graph.", no_args_is_help=True)
console = err_console

_DOCS_PER_WORKER = 10
LangOpt = Annotated[str, typer.Option("--lang", help="en, ko or auto (per paragraph and sentence)")]


def _lang(value: str) -> Language | None:
    if value == "auto":
        return None
    if value not in ("en", "ko"):
        raise typer.BadParameter(f"unknown language {value!r}: use en, ko or auto", param_hint="--lang")
    return cast(Language, value)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of .txt, .md, .html")],
    lang: LangOpt = "auto",
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
    errors: ErrorsOpt = "strict",
    encoding: EncodingOpt = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="extraction processes (default: $KG_INGEST_WORKERS, else one per core and 10 documents)",
        ),
    ] = None,
) -> None:
    """Extract, resolve and store documents; prints a summary. Progress goes to stderr: a bar
    on a terminal, else a line `progress documents=D/N rate=R/s eta=Ss` every few documents."""
    from kg.ingest import collect_files

    errors_mode = _errors(errors)
    settings = make_settings(data_dir, backend)
    language = _lang(lang)
    total = len(collect_files(paths)[0])
    # by default one extraction process per core, but no more than one per _DOCS_PER_WORKER
    # documents: each process loads the models once, which a small input does not repay
    default = min(os.cpu_count() or 1, max(1, total // _DOCS_PER_WORKER))
    n_workers = min(workers or settings.ingest_workers or default, max(total, 1))
    if n_workers > 1:
        from kg.workers import start_fork_server

        start_fork_server()  # its imports overlap this process's own (pipeline, store)
    from kg.pipeline import IngestReport, Pipeline
    from kg.resolve import search_keys
    from kg.store import open_store

    try:
        store = open_store(settings, query_keys=search_keys)
    except KGError as exc:
        raise fail(exc) from None
    try:
        with _progress(total) as advance:
            previous: list[Path] = []  # the parts of one file count once

            def on_file(path: Path, outcome: IngestReport | KGError) -> None:
                if previous != [path]:
                    advance()
                    previous[:] = [path]
                if isinstance(outcome, KGError):
                    console.print(f"[yellow]skipped[/yellow] {outcome}")

            def on_event(message: str) -> None:
                console.print(f"[red]worker[/red] {message}")

            summary = Pipeline(settings, store).ingest_paths(
                paths, lang=language, errors=errors_mode, encoding=encoding, workers=n_workers,
                on_file=on_file, on_event=on_event,
            )  # fmt: skip
    except KGError as exc:
        raise fail(exc) from None
    finally:
        store.close()
    for _path, message in summary.skipped:
        console.print(f"[yellow]skipped[/yellow] {message}")
    table = Table(title="kg ingest", show_header=False)
    for label, value in [
        ("documents ingested", summary.documents),
        ("documents unchanged", summary.unchanged),
        ("documents failed", len(summary.failed)),
        ("files skipped", len(summary.skipped)),
        ("mentions", summary.mentions),
        ("new entities", summary.entities),
        ("new relations", summary.relations),
        ("merges", summary.merges),
        ("workers", n_workers),
    ]:
        table.add_row(label, str(value))
    if summary.split:  # files over KG_MAX_DOCUMENT_CHARS, ingested as documents "<source>#part-N"
        parts = sum(n for _, n in summary.split)
        table.add_row(
            "files in parts", f"{len(summary.split)} ({parts} parts of at most {settings.max_document_chars} chars)"
        )
    for name, peak in sorted(summary.workers.peak_rss_mib.items()):
        table.add_row(f"{name} memory", f"{peak:.0f} MiB peak, {summary.workers.documents.get(name, 0)} documents")
    Console().print(table)
    if summary.documents + summary.unchanged == 0:
        raise typer.Exit(code=1)


ErrorsOpt = Annotated[
    str, typer.Option("--errors", help="strict, or replace bytes invalid in the encoding with U+FFFD")
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="the input's encoding, e.g. cp949, euc-kr, latin-1 (default: detected)"),
]


def _errors(value: str) -> Literal["strict", "replace"]:
    if value not in ("strict", "replace"):
        raise typer.BadParameter("use strict or replace", param_hint="--errors")
    return cast(Literal["strict", "replace"], value)


@contextmanager
def _progress(total: int, every: int = 10) -> Iterator[Callable[[], None]]:
    """A function to call per document: a rich bar with documents/s and ETA on a terminal; on a
    pipe, a parseable line every ``every`` documents and at the end."""
    if console.is_terminal:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = (
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TimeRemainingColumn(), TimeElapsedColumn(),
        )  # fmt: skip
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("ingesting", total=total, rate="-")

            def advance() -> None:
                progress.advance(task)
                speed = progress.tasks[0].speed
                progress.update(task, rate=f"{speed:.1f}" if speed else "-")

            yield advance
        return
    start, done = time.monotonic(), 0

    def line() -> None:
        elapsed = max(time.monotonic() - start, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        print(f"progress documents={done}/{total} rate={rate:.2f}/s eta={eta:.0f}s", file=sys.stderr, flush=True)

    def advance_line() -> None:
        nonlocal done
        done += 1
        if done % every == 0 or done == total:
            line()

    yield advance_line


def _read_jsonl(stream: Any) -> Iterator[tuple[str, str, Language | None]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"stdin line {number}: not a JSON object with a string 'text' ({exc})") from None
        lang = item.get("lang")
        yield str(item.get("id", number)), text, _lang(lang) if lang else None


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="a file, or - for stdin")] = "-",
    lang: LangOpt = "auto",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='read {"id","text","lang"?} lines on stdin, write JSON lines')
    ] = False,
    errors: ErrorsOpt = "strict",
    encoding: EncodingOpt = None,
) -> None:
    """Show what would be extracted, without storing anything. Text on stdin that is an HTML
    page is read as HTML (visible text only), as an .html file is."""
    from kg.pipeline import Pipeline, iter_jsonl_extractions

    pipeline = Pipeline(make_settings())  # extraction only: no store
    language = _lang(lang)
    try:
        if jsonl:
            stdin = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
            for line in iter_jsonl_extractions(pipeline, _read_jsonl(stdin)):
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            return
        from kg.ingest import read_source, source_from_bytes

        if file == "-":
            src = source_from_bytes(sys.stdin.buffer.read(), "stdin", _errors(errors), encoding)
        else:
            src = read_source(Path(file), _errors(errors), encoding)
        result = pipeline.extract(src.lines(), "", language)
    except KGError as exc:
        raise fail(exc) from None
    out = Console()
    table = Table(title="entities")
    for column in ("#", "text", "type", "offsets", "lang", "confidence"):
        table.add_column(column)
    for i, m in enumerate(result.mentions):
        table.add_row(str(i), m.text, m.type.value, f"{m.start}-{m.end}", m.language, f"{m.confidence:.2f}")
    out.print(table)
    rels = Table(title="relations")
    for column in ("source", "type", "target", "confidence", "rule", "evidence"):
        rels.add_column(column)
    for s, t, rel, ev in result.relations:
        rels.add_row(
            result.mentions[s].text, rel.type.value, result.mentions[t].text, f"{rel.confidence:.2f}", rel.rule,
            ev.sentence[:120],
        )  # fmt: skip
    out.print(rels)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="graphml")] = "graphml",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file (default: stdout)")] = None,
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Stream the graph as GraphML."""
    from kg.export import write_graphml

    if format != "graphml":
        raise typer.BadParameter(f"unknown format {format!r}: use graphml", param_hint="--format")
    with cli_store(make_settings(data_dir, backend)) as store:
        if output is None:
            write_graphml(store, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            tmp = output.with_name(output.name + ".partial")
            with tmp.open("wb") as fh:
                write_graphml(store, fh)
            tmp.replace(output)
            console.print(f"wrote {output}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
    preload_models: Annotated[
        bool | None,
        typer.Option(
            "--preload-models/--lazy-models",
            help="load spaCy and Kiwi at start (default: $KG_PRELOAD_MODELS, else at the first ingestDocument; "
            "reads never need them)",
        ),
    ] = None,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, the explorer at /, /healthz, /export.graphml)."""
    import uvicorn

    settings = make_settings(data_dir, backend)
    console.print(
        f"serving {settings.backend} graph from {settings.data_dir}: explorer http://{host}:{port}/, "
        f"GraphQL http://{host}:{port}/graphql"
    )
    # The app is built by its factory (api.app:create_app) from the KG_* environment: the
    # options given here travel as the environment variables they override, so kg/ never
    # imports api/.
    if data_dir is not None:
        os.environ["KG_DATA_DIR"] = str(settings.data_dir)
    if backend is not None:
        os.environ["KG_BACKEND"] = settings.backend
    if preload_models is not None:
        os.environ["KG_PRELOAD_MODELS"] = "true" if preload_models else "false"
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


@app.command()
def stats(data_dir: DataDirOpt = None, backend: BackendOpt = None) -> None:
    """Counts of documents, entities and relations by type and language."""
    settings = make_settings(data_dir, backend)
    with cli_store(settings) as store:
        result = store.stats()
    table = Table(title=f"kg stats ({settings.backend})", show_header=False)
    table.add_row("documents", str(result.documents))
    for lang, n in sorted(result.documents_by_language.items()):
        table.add_row(f"  {lang}", str(n))
    table.add_row("entities", str(result.entities))
    for kind, n in sorted(result.entities_by_type.items()):
        table.add_row(f"  {kind}", str(n))
    table.add_row("relations", str(result.relations))
    for kind, n in sorted(result.relations_by_type.items()):
        table.add_row(f"  {kind}", str(n))
    table.add_row("mentions", str(result.mentions))
    Console().print(table)


def _mount() -> None:
    """Sub-commands that live in their own modules (imported here, after ``app`` exists)."""
    from kg.cli_entities import aliases_app, entities_app
    from kg.cli_neo4j import neo4j_app
    from kg.cli_store import migrate, reindex

    app.command()(migrate)
    app.command()(reindex)
    app.add_typer(aliases_app, name="aliases")
    app.add_typer(entities_app, name="entities")
    app.add_typer(neo4j_app, name="neo4j")


_mount()


def main() -> None:
    """The ``kg`` command (run by ``kg.__main__.main``: the ``kg`` script and ``python -m kg``).

    Once the command is done, the objects alive are frozen (``gc.freeze``) so that the
    interpreter's last collection at exit does not walk the loaded models' heaps: after an
    ingest of 300 documents that walk took 0.7 s, longer than the whole exit of a script that
    runs the raw models. Everything is committed, closed and flushed by then; objects are still
    released by reference count, and only garbage cycles left at exit stay to the OS."""
    try:
        app()
    finally:
        gc.freeze()
