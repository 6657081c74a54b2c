"""Layer 4, reporting: analysis tables in, figures, tables and pages on disk out.

Figures (``plot``), deterministic saving with provenance (``save``), the standalone HTML view
(``html``), shared statistics (``stats``) and the notebook pipeline behind ``make figures``
(``pipeline``). Imports only the layers below.
"""
