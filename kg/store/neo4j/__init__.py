"""The deployed store: the GraphStore protocol on Neo4j through the official ``neo4j`` driver.

Data model (chosen to read well in the Neo4j Browser):

* ``(:Entity:Company|:Person|:Place|:Organization {id, type, name, name_en, name_ko, aliases,
  mention_count, keys, ...})``. ``name``/``aliases``/``mention_count`` are the reader's view
  (explicit names, else the most frequent surface form); ``base_*`` hold what was written
  explicitly so the view can be recomputed, ``forms``/``grams`` serve name search.
* ``(:Document {id, title, source, language, date, char_count, content_sha256})``
  ``-[:MENTIONS {start, end, text, sentence, sentence_start, sentence_end, ...}]->(:Entity)``.
* ``(:Entity)-[:PARTNERS_WITH|CEO_OF|... {id, confidence, evidence, evidence_json, documents}]->
  (:Entity)``: ``evidence`` lists the sentences (readable in the Browser), ``evidence_json`` the
  full Evidence records.

Labels and relationship types cannot be query parameters, so they are only ever taken from
the ``EntityType``/``RelationType`` enums; everything else is a parameter. Writes are batched
(``UNWIND`` + ``MERGE`` on the stable ids) inside managed transactions, which the driver
retries on transient errors. Every call runs under connection/transaction timeouts plus a
wall-clock guard, and a server that is down, hangs or rejects the credentials surfaces as
``StoreUnavailableError``.

Neo4j-only statements (constraints, the full-text index, ``allShortestPaths``) live in
``NEO4J_ONLY`` (``cypher.py``) and run only when the server is a real Neo4j; other Bolt servers
(FalkorDB in the tests) get portable equivalents.

Modules: ``store`` (the class; each method a one-line hand-over), ``connection`` (driver,
timeouts, retries, the guard, FalkorDB's request limits), ``cypher`` (every statement),
``codec`` (models <-> properties), ``writes`` (the steps of a write transaction), ``edits``
(the writer operations), ``reads``, ``names`` (search), ``traversal`` (neighbours, paths).
The rules (the entity view, relation merging, merges and splits) are ``schema.views``'.

Example::

    store = Neo4jGraphStore(Settings(backend="neo4j", NEO4J_URI="bolt://localhost:7687"))  # connects lazily
    store.init_schema()
    store.write_document(batch)
    store.get_entity("ent:...")
"""

from __future__ import annotations

from kg.store.neo4j.connection import ServerKind
from kg.store.neo4j.cypher import NEO4J_ONLY
from kg.store.neo4j.store import Neo4jGraphStore

__all__ = ["NEO4J_ONLY", "Neo4jGraphStore", "ServerKind"]
