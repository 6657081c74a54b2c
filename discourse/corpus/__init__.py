"""Layer 1, the corpus: documents in, sentence and quote tables out.

Where files live (``paths``), bytes to normalised text (``normalise``), download and cache
(``fetch``), the registry of external corpora (``registry``), corpus tables (``load``), reading a
corpus a chunk at a time (``documents``), the Kremlin page extractor (``kremlin_html``),
sentences (``segment``) and who speaks (``attribution``). Imports only ``discourse.errors``.
"""
