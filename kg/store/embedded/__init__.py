"""The embedded store's parts: the SQLite layer that makes the graph durable
(``schema``: tables, indexes and migrations; ``tables``: rows in and out), the in-memory
networkx graph rebuilt from it (``memory``), the one-time import of old ``graph.pickle``
directories (``legacy``) and ``kg reindex`` (``reindex``). The store itself is
``kg.store.networkx.NetworkXGraphStore``; docs/storage.md describes the model."""
