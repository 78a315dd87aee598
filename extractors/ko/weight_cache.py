"""The Korean models' weights as numpy arrays in a cache, so a process reads them in
milliseconds instead of parsing the shipped files.

Two kinds of model file are cached: the CRF's crfsuite file (``extractors.ko.ner.weights``) and
the sparse weight tables of the span typer, the country-role model and the relation model
(``weights.json``: ``{"weights": {feature: [weight per class]}, ...}``; parsing it and building
its lists cost about 0.6 s for the span typer alone). An entry is an ``.npz`` file (no pickle:
strings are stored as UTF-8 bytes or numpy unicode arrays) in kg's cache directory
(:mod:`schema.cache`: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``),
named after the
SHA-256 of the model file, so a retrained model is never read from a stale entry. When the
cache cannot be read or written the model file is read as before: the weights are the same
floats either way.

Example::

    fields, weights = load_sparse_weights(Path("extractors/ko/models/types/weights.json"))
    fields["labels"], weights["bias"]     # (['PS', 'OG', 'LC'], [-0.41, 0.93, -0.52])
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

from schema.cache import cache_path, write_npz

__all__ = ["load_sparse_weights", "read_sparse_weights"]

_SPARSE_FORMAT = "1"  # bump when the layout of a cached sparse table changes
_SEP = "\n"  # between feature names in the cached name blob (never inside a name)


def load_sparse_weights(model_file: Path) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """A sparse model file's other fields and its weights ``{feature: [weight per class]}``:
    from the cache when it holds them, else parsed (and cached)."""
    path = cache_path(model_file, "sparse", _SPARSE_FORMAT)
    try:
        return _read_sparse(path)
    except (OSError, ValueError, KeyError):
        pass
    fields, weights = read_sparse_weights(model_file)
    width = {len(row) for row in weights.values()}
    if len(width) == 1 and not any(_SEP in name for name in weights):
        import numpy as np

        write_npz(
            path,
            {
                "fields": np.frombuffer(json.dumps(fields).encode(), dtype=np.uint8),
                "names": np.frombuffer(_SEP.join(weights).encode(), dtype=np.uint8),
                "weights": np.array(list(weights.values()), dtype=np.float64),
            },
        )
    return fields, weights


def read_sparse_weights(model_file: Path) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The model file parsed (slow): its fields other than "weights", and the weights as floats."""
    data = json.loads(model_file.read_text(encoding="utf-8"))
    weights = {k: [float(x) for x in v] for k, v in data.pop("weights").items()}
    return data, weights


def _read_sparse(path: Path) -> tuple[dict[str, Any], dict[str, list[float]]]:
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        fields = json.loads(data["fields"].tobytes().decode())
        names = data["names"].tobytes().decode().split(_SEP)
        table = data["weights"]
    # a hundred thousand new lists would set off the cyclic garbage collector many times over
    # (none of them can be garbage)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return fields, dict(zip(names, table.tolist(), strict=True))  # a damaged entry: ValueError
    finally:
        if collecting:
            gc.enable()
