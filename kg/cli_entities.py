"""``kg aliases ...`` (the bilingual dictionary) and ``kg entities ...`` (inspect, merge and
split resolved entities). Mounted by ``kg.cli``.

The entity operations themselves are ``kg.entity_ops.EntityOps``, shared with the API.

Example::

    kg aliases import companies.csv          # ko,en[,type] rows -> <data-dir>/aliases/user.tsv
    kg aliases list --search 아마존
    kg entities show 아마존
    kg entities merge "Amazon" "아마존닷컴"    # keep the first, fold the second into it
    kg entities split "Amazon" "Amazon Korea" # move that surface form to its own entity
    kg entities split "삼성" "삼성 라이온즈" --type Organization  # ... as another type
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg.cli_common import BackendOpt, DataDirOpt, cli_store, fail, make_settings
from kg.store.base import GraphStore
from schema.aliases import (
    SECTIONS,
    dictionary_key,
    import_user_file,
    load_dictionary,
    user_dictionary_path,
)
from schema.errors import InputError, KGError
from schema.types import Entity, EntityType

if TYPE_CHECKING:
    from kg.entity_ops import EntityOps

__all__ = ["aliases_app", "entities_app"]

aliases_app = typer.Typer(help="The bilingual alias dictionary (shipped + your own).", no_args_is_help=True)
entities_app = typer.Typer(help="Inspect, merge and split resolved entities.", no_args_is_help=True)
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


# -- aliases -----------------------------------------------------------------------------------


@aliases_app.command("import")
def aliases_import(
    file: Annotated[Path, typer.Argument(help="CSV or TSV with columns ko, en[, type]", exists=True, dir_okay=False)],
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Add a CSV/TSV of Korean-English names (e.g. a company register) to the user dictionary
    used from the next ingest on. Importing the same file again changes nothing."""
    settings = make_settings(data_dir, backend)
    try:
        added = import_user_file(file, settings.data_dir)
    except KGError as exc:
        raise fail(exc) from None
    total = len(_user_entries(settings.data_dir))
    typer.echo(
        f"imported {added} entries from {file} into {user_dictionary_path(settings.data_dir)} ({total} in total)"
    )


def _user_entries(data_dir: Path) -> list[str]:
    d = load_dictionary(data_dir)
    return [e.id for e in d.entries.values() if e.section == "user"]


@aliases_app.command("list")
def aliases_list(
    section: Annotated[str | None, typer.Option("--section", help=f"one of {', '.join(SECTIONS)}")] = None,
    search: Annotated[str | None, typer.Option("--search", help="only entries with this name (either script)")] = None,
    limit: Annotated[int, typer.Option("--limit", help="at most this many rows")] = 50,
    as_json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Show what the dictionary holds: counts per section, then entries."""
    settings = make_settings(data_dir, backend)
    if section is not None and section not in SECTIONS:
        raise fail(InputError(f"unknown section {section!r}; known: {', '.join(SECTIONS)}"))
    d = load_dictionary(settings.data_dir)
    entries = list(d.entries.values())
    if section:
        entries = [e for e in entries if e.section == section]
    if search:
        wanted = dictionary_key(search)
        entries = [e for e in entries if any(wanted in dictionary_key(n) for n in e.names)]
    shown = entries[:limit]
    if as_json:
        rows = [
            {"id": e.id, "type": e.type.value, "en": e.en, "ko": e.ko, "aliases": list(e.aliases), "section": e.section}
            for e in shown
        ]
        typer.echo(
            json.dumps({"sections": d.by_section(), "entries": rows, "matched": len(entries)}, ensure_ascii=False)
        )
        return
    summary = ", ".join(f"{k} {v}" for k, v in sorted(d.by_section().items()))
    typer.echo(f"{len(d)} entries ({summary})")
    table = Table("id", "type", "en", "ko", "aliases", "section")
    for e in shown:
        table.add_row(e.id, e.type.value, e.en, e.ko, " | ".join(e.aliases), e.section)
    Console().print(table)
    if len(entries) > len(shown):
        typer.echo(f"... {len(entries) - len(shown)} more (use --limit)")


# -- entities ----------------------------------------------------------------------------------


def _ops(store: GraphStore, data_dir: Path | None = None) -> EntityOps:
    """``kg.entity_ops.EntityOps`` (imported here: it brings the resolver's modules, which
    ``kg ingest`` and ``kg extract`` do not need at start-up)."""
    from kg.entity_ops import EntityOps

    return EntityOps(store, data_dir)


def _find(store: GraphStore, ref: str) -> Entity:
    """``EntityOps.find``, warning when the reference names several entities."""
    found = _ops(store).find(ref)
    if len(found.candidates) > 1:
        names = ", ".join(f"{e.id} ({e.type.value} {e.name!r})" for e in found.candidates[:5])
        err.print(
            f"[yellow]{ref!r} names {len(found.candidates)} entities; using the most mentioned. All: {names}[/yellow]"
        )
    return found.entity


def _entity_dict(store: GraphStore, entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": entity.type.value,
        "name": entity.name,
        "name_en": entity.name_en,
        "name_ko": entity.name_ko,
        "aliases": entity.aliases,
        "mention_count": entity.mention_count,
        "attributes": entity.attributes,
        "merges": [r.model_dump() for r in store.merges_of(entity.id)],
    }


@entities_app.command("show")
def entities_show(
    name: Annotated[str, typer.Argument(help="entity id or a name in either script")],
    as_json: JsonOpt = False,
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Names, aliases and the merge history (reason, score, document) of one entity."""
    settings = make_settings(data_dir, backend)
    with cli_store(settings) as store:
        entity = _find(store, name)
        data = _entity_dict(store, entity)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, default=str))
        return
    typer.echo(f"{entity.id}  {entity.type.value}  {entity.name}")
    typer.echo(f"  en: {entity.name_en or '-'}   ko: {entity.name_ko or '-'}   mentions: {entity.mention_count}")
    typer.echo(f"  aliases: {' | '.join(entity.aliases) or '-'}")
    table = Table("alias", "reason", "score", "document", "merged away")
    for r in data["merges"]:
        table.add_row(r["alias"], r["reason"], f"{r['score']:.2f}", r["document_id"], r["other_entity_id"])
    Console().print(table)


@entities_app.command("merge")
def entities_merge(
    keep: Annotated[str, typer.Argument(help="entity (id or name) that remains")],
    other: Annotated[str, typer.Argument(help="entity (id or name) folded into it")],
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Merge OTHER into KEEP (mentions, names, relations), recorded as a manual merge; undo with split."""
    settings = make_settings(data_dir, backend)
    with cli_store(settings) as store:
        a, b = _find(store, keep), _find(store, other)
        merged = _ops(store, settings.data_dir).merge(a.id, b.id)
        store.commit()
    typer.echo(f"merged {b.id} ({b.name}) into {merged.id} ({merged.name}); aliases: {' | '.join(merged.aliases)}")


@entities_app.command("split")
def entities_split(
    entity: Annotated[str, typer.Argument(help="entity (id or name) to split")],
    alias: Annotated[str, typer.Argument(help="the surface form that is really another entity")],
    type: Annotated[
        EntityType | None, typer.Option("--type", help="the new entity's type (default: the original's)")
    ] = None,
    data_dir: DataDirOpt = None,
    backend: BackendOpt = None,
) -> None:
    """Move the mentions written ALIAS (and the evidence read off them) to a new entity."""
    settings = make_settings(data_dir, backend)
    with cli_store(settings) as store:
        base = _find(store, entity)
        result = _ops(store, settings.data_dir).split(base.id, alias, type).created
        store.commit()
    typer.echo(f"split {alias!r} off {base.id} ({base.name}) into {result.id} ({result.name})")
