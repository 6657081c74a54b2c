"""Corpus sources, one module each: the seed, the UN General Debate, the State of the Union, the
Kremlin transcripts and a user's folder. Each gives ``meta()`` (its documents' metadata,
nothing read) and ``read(meta, *, errors, progress)`` (their corpus table); see
:mod:`.common`. :func:`discourse.load_corpus` dispatches to them and filters.
"""
