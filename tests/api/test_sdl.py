"""schema/schema.graphql is the exported SDL of the code-first schema (api/graphql/) and must stay current."""

from __future__ import annotations

import subprocess
import sys

from api.graphql.build import SDL_PATH, export_sdl


def test_sdl_file_is_current() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == export_sdl(), "run `python -m api.graphql`"


def test_sdl_check_command() -> None:
    result = subprocess.run([sys.executable, "-m", "api.graphql", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_sdl_covers_the_issue() -> None:
    sdl = export_sdl()
    for needle in (
        "searchEntities(query: String!, types: [EntityType!] = null, lang: Lang = null, first: Int = null, "
        "after: String = null): SearchConnection!",
        "entity(id: ID!): Entity",
        "path(from: ID!, to: ID!, maxHops: Int! = 4, first: Int = null): [Path!]!",
        "neighbors(depth: Int! = 1",
        'ingestDocument(text: String!, lang: Lang = null, title: String! = "", source: String! = ""): IngestResult!',
        "mergeEntities(keepId: ID!, otherId: ID!): Entity!",
        "splitEntity(entityId: ID!, alias: String!, type: EntityType = null): SplitResult!",
        "deleteDocument(id: ID!): DeleteResult!",
        "stats: Stats!",
    ):
        assert needle in sdl, needle
