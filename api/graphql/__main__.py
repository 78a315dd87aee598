"""``python -m api.graphql [--check]``: write (or check) schema/schema.graphql."""

from __future__ import annotations

import sys

from api.graphql.build import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
