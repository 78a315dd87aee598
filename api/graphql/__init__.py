"""The GraphQL API (strawberry): ``context`` (per-request DataLoaders, auth, serialised
writes), ``types`` (the object types and their field resolvers), ``query`` and ``mutation``
(the root types), ``pagination`` (cursors and connections), ``limits`` (depth, aliases, tokens,
cost, argument bounds), ``build`` (the served schema and the exported SDL) and ``router`` (the
FastAPI router with the per-request timeout). Import from the submodules.
"""
