"""Layer 2, the frames: sentence table in, match and score tables out.

The codebook (``codebook``), the matching engine and audit trail (``detect``), scores
(``score``), the scikit-learn transformer (``vectorizer``), the learned layer (``classifier``,
``model``). Validation against blind coding (sessions of an AI model working from the written
rules) is the layer above (``discourse.validation``).
Imports only the corpus layer and the base modules.
"""
