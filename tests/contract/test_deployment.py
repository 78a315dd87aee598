"""The deployment files, checked without a Docker engine: docker-compose.yml parses and wires
Neo4j 5 and the API together as docs/neo4j.md says; the Dockerfile, .env.example and the
Browser style agree with the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.config import Settings
from schema.types import EntityType, RelationType

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _ports(service: dict[str, Any]) -> set[str]:
    return {str(p).split("#")[0].strip() for p in service.get("ports", [])}


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5(\.\d+)*(-community|-enterprise)?", neo4j["image"])
    assert {"7474:7474", "7687:7687"} <= _ports(neo4j)
    # the password comes from the env file, never from the compose file
    auth = _env(neo4j)["NEO4J_AUTH"]
    assert auth.startswith("neo4j/${NEO4J_PASSWORD") and auth.endswith("}")
    # data in a named volume (declared at the top level), not a bind mount
    mounts = {m.split(":")[1]: m.split(":")[0] for m in neo4j["volumes"]}
    assert mounts["/data"] in compose["volumes"]
    health = neo4j["healthcheck"]
    assert "cypher-shell" in " ".join(health["test"]) and health["retries"] >= 5
    # the image turns NEO4J_* variables into settings: the kg .env must not be passed to it
    assert "env_file" not in neo4j


def test_api_service_waits_for_neo4j(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["build"]["context"] == "." and (ROOT / api["build"]["dockerfile"]).is_file()
    assert "8000:8000" in _ports(api)
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env_files = [e["path"] if isinstance(e, dict) else e for e in api["env_file"]]
    assert env_files == [".env"]
    env = _env(api)
    assert env["KG_BACKEND"] == "neo4j" and env["NEO4J_URI"] == "bolt://neo4j:7687"
    settings = Settings(backend="neo4j", NEO4J_URI=env["NEO4J_URI"], NEO4J_USER=env["NEO4J_USER"])
    assert settings.neo4j_uri == "bolt://neo4j:7687"
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    command = " ".join(api["command"])
    assert command.index("kg neo4j init --wait") < command.index("kg ingest") < command.index("kg serve")
    assert "--host 0.0.0.0 --port 8000" in command


def test_commands_in_the_compose_file_exist() -> None:
    from kg.cli import app
    from kg.cli_neo4j import neo4j_app

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert {"ingest", "serve"} <= names
    assert {c.name or (c.callback.__name__ if c.callback else "") for c in neo4j_app.registered_commands} == {
        "init",
        "push",
    }


def test_dockerfile_builds_the_project() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11", text, re.M)
    for path in ("schema", "extractors", "kg", "api", "seeds"):
        assert re.search(rf"^COPY {path} ", text, re.M), path
        assert (ROOT / path).is_dir()
    assert "pip install" in text and "EXPOSE 8000" in text
    assert re.search(r'^CMD \["kg", "serve"', text, re.M)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".env", "data"} <= set(ignored)


def test_env_example_has_no_secret_and_only_known_settings() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    values = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    assert "NEO4J_PASSWORD" in values and values["NEO4J_PASSWORD"].startswith("change-me")
    commented = {line.lstrip("# ").split("=", 1)[0] for line in lines if re.match(r"#\s*[A-Z_]+=", line)}
    known = {f.validation_alias or f"KG_{name.upper()}" for name, f in Settings.model_fields.items()}
    assert (set(values) | commented) <= known, (set(values) | commented) - known
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_browser_style_captions_names_and_colours_labels() -> None:
    text = (ROOT / "neo4j" / "style.grass").read_text(encoding="utf-8")
    selector = r"^(node\.\w+|relationship\.\w+|node|relationship)"
    blocks = dict(re.findall(selector + r"\s*\{((?:[^{}]|\{\w+\})*)\}", text, re.M))
    colours = set()
    for etype in EntityType:
        body = blocks[f"node.{etype.value}"]
        assert "caption: '{name}'" in body
        colours.add(re.search(r"(?<!-)color:\s*(#[0-9A-Fa-f]{6})", body).group(1))  # type: ignore[union-attr]
    assert len(colours) == len(EntityType)  # one colour per label
    for rtype in RelationType:
        assert f"relationship.{rtype.value}" in blocks, rtype
    assert "caption: '{name}'" in blocks["node"]
