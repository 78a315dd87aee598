"""The Korean relation stage (``extractors.relations.ko``). What the pattern stages share lives in
:mod:`extractors.rules`; the English stage is :mod:`extractors.en.relations`."""
