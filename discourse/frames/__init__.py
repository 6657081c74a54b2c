"""Layer 2, the frames: sentence table in, match and score tables out.

The codebook (``codebook``), the matching engine and audit trail (``detect``), scores
(``score``), the scikit-learn transformer (``vectorizer``) and validation against blind coding:
the coded sample (``sampling``), inter-coder agreement (``agreement``) and the detector's scores
with the supervised baseline (``evaluation``). Imports only the corpus layer and ``errors``.
"""
