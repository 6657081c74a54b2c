"""discourse: framing analysis of political discourse.

Traditional-values rhetoric and anti-Western framing in leaders' speeches, interviews and the
news that reports them: a corpus layer with provenance, exact segmentation and speaker
attribution; a codebook-driven frame detector with a match-by-match audit trail; validation
against human coding; and discourse-analysis tools (KWIC, collocations, keyness, actor stance,
us-versus-them).

The public API is imported lazily, so ``import discourse`` is fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "load_corpus": "corpus",
    "segment": "segment",
    "quotes": "attribution",
    "load_codebook": "codebook",
    "Codebook": "codebook",
    "find_frames": "detect",
    "detect_frames": "detect",
    "score_frames": "score",
    "FrameVectorizer": "vectorizer",
    "evaluate": "validation",
    "kwic": "kwic",
    "collocations": "collocations",
    "keyness": "keyness",
    "actor_stance": "stance",
    "alignment": "stance",
    "us_them": "us_them",
    "normalise": "normalise",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .attribution import quotes as quotes
    from .codebook import Codebook as Codebook
    from .codebook import load_codebook as load_codebook
    from .collocations import collocations as collocations
    from .corpus import load_corpus as load_corpus
    from .detect import detect_frames as detect_frames
    from .detect import find_frames as find_frames
    from .keyness import keyness as keyness
    from .kwic import kwic as kwic
    from .normalise import normalise as normalise
    from .score import score_frames as score_frames
    from .segment import segment as segment
    from .stance import actor_stance as actor_stance
    from .stance import alignment as alignment
    from .us_them import us_them as us_them
    from .validation import evaluate as evaluate
    from .vectorizer import FrameVectorizer as FrameVectorizer


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'discourse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
