"""Layer 3, the discourse toolkit: corpus or sentence tables in, analysis tables out.

Keywords in context (``kwic``), collocations (``collocations``), keyness (``keyness``), actor
stance (``stance``) and us-versus-them (``us_them``). Imports only the layers below.
"""
