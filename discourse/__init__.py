"""discourse: framing analysis of political discourse.

Traditional-values rhetoric and anti-Western framing in leaders' speeches, interviews and the
news that reports them: a corpus layer with provenance, exact segmentation and speaker
attribution; a codebook-driven frame detector with a match-by-match audit trail and a learned
layer; validation against blind coding from written rules; and discourse-analysis tools (KWIC,
collocations, keyness, actor stance, us-versus-them).

The public API is imported lazily, so ``import discourse`` is fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "load_corpus": "corpus.load",
    "segment": "corpus.segment",
    "quotes": "corpus.attribution",
    "turns": "corpus.attribution",
    "load_codebook": "frames.codebook",
    "Codebook": "frames.codebook",
    "find_frames": "frames.detect",
    "detect_frames": "frames.detect",
    "score_frames": "frames.score",
    "FrameVectorizer": "frames.vectorizer",
    "FrameClassifier": "frames.classifier",
    "FrameModel": "frames.model",
    "FrameEncoder": "frames.encoder",
    "load_encoder": "frames.encoder",
    "explain_frames": "frames.encoder",
    "load_model": "frames.model",
    "evaluate": "validation.evaluate",
    "agreement": "validation.agreement",
    "baseline": "validation.baseline",
    "coding_sample": "validation.design",
    "to_coding_sheet": "validation.coding",
    "read_codes": "validation.coding",
    "code_units": "validation.widget",
    "estimate_rates": "validation.rates",
    "kwic": "toolkit.kwic",
    "rewindow": "toolkit.kwic",
    "collocations": "toolkit.collocations",
    "keyness": "toolkit.keyness",
    "actor_stance": "toolkit.stance",
    "alignment": "toolkit.stance",
    "us_them": "toolkit.us_them",
    "polarisation": "toolkit.us_them",
    "normalise": "corpus.normalise",
    # the exceptions (documented as public in ARCHITECTURE.md): dc.InputError, ...
    "DiscourseError": "errors",
    "InputError": "errors",
    "DecodeError": "errors",
    "CorpusUnavailableError": "errors",
    "ChecksumError": "errors",
    "CodebookError": "errors",
    "ClusterError": "errors",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .corpus.attribution import quotes as quotes
    from .corpus.attribution import turns as turns
    from .corpus.load import load_corpus as load_corpus
    from .corpus.normalise import normalise as normalise
    from .corpus.segment import segment as segment
    from .errors import ChecksumError as ChecksumError
    from .errors import ClusterError as ClusterError
    from .errors import CodebookError as CodebookError
    from .errors import CorpusUnavailableError as CorpusUnavailableError
    from .errors import DecodeError as DecodeError
    from .errors import DiscourseError as DiscourseError
    from .errors import InputError as InputError
    from .frames.classifier import FrameClassifier as FrameClassifier
    from .frames.codebook import Codebook as Codebook
    from .frames.codebook import load_codebook as load_codebook
    from .frames.detect import detect_frames as detect_frames
    from .frames.detect import find_frames as find_frames
    from .frames.encoder import FrameEncoder as FrameEncoder
    from .frames.encoder import explain_frames as explain_frames
    from .frames.encoder import load_encoder as load_encoder
    from .frames.model import FrameModel as FrameModel
    from .frames.model import load_model as load_model
    from .frames.score import score_frames as score_frames
    from .frames.vectorizer import FrameVectorizer as FrameVectorizer
    from .toolkit.collocations import collocations as collocations
    from .toolkit.keyness import keyness as keyness
    from .toolkit.kwic import kwic as kwic
    from .toolkit.kwic import rewindow as rewindow
    from .toolkit.stance import actor_stance as actor_stance
    from .toolkit.stance import alignment as alignment
    from .toolkit.us_them import polarisation as polarisation
    from .toolkit.us_them import us_them as us_them
    from .validation.agreement import agreement as agreement
    from .validation.baseline import baseline as baseline
    from .validation.coding import read_codes as read_codes
    from .validation.coding import to_coding_sheet as to_coding_sheet
    from .validation.design import coding_sample as coding_sample
    from .validation.evaluate import evaluate as evaluate
    from .validation.rates import estimate_rates as estimate_rates
    from .validation.widget import code_units as code_units


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'discourse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
