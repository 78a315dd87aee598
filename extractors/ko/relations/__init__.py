"""The Korean relation stage: pair features, the KLUE-RE pair model, the rules on top of the
pattern reader (``reader.py``) and unfamiliar deal partners (``partners.py``). See the
"Relations" section of docs/korean-extraction.md."""
