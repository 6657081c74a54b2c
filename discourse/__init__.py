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
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "load_corpus": "corpus",
    "segment": "segment",
    "quotes": "attribution",
    "turns": "attribution",
    "load_codebook": "codebook",
    "Codebook": "codebook",
    "find_frames": "detect",
    "detect_frames": "detect",
    "score_frames": "score",
    "FrameVectorizer": "vectorizer",
    "evaluate": "validation",
    "agreement": "validation",
    "baseline": "validation",
    "kwic": "kwic",
    "rewindow": "kwic",
    "collocations": "collocations",
    "keyness": "keyness",
    "actor_stance": "stance",
    "alignment": "stance",
    "us_them": "us_them",
    "polarisation": "us_them",
    "normalise": "normalise",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .attribution import quotes as quotes
    from .attribution import turns as turns
    from .codebook import Codebook as Codebook
    from .codebook import load_codebook as load_codebook
    from .collocations import collocations as collocations
    from .corpus import load_corpus as load_corpus
    from .detect import detect_frames as detect_frames
    from .detect import find_frames as find_frames
    from .keyness import keyness as keyness
    from .kwic import kwic as kwic
    from .kwic import rewindow as rewindow
    from .normalise import normalise as normalise
    from .score import score_frames as score_frames
    from .segment import segment as segment
    from .stance import actor_stance as actor_stance
    from .stance import alignment as alignment
    from .us_them import polarisation as polarisation
    from .us_them import us_them as us_them
    from .validation import agreement as agreement
    from .validation import baseline as baseline
    from .validation import evaluate as evaluate
    from .vectorizer import FrameVectorizer as FrameVectorizer


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'discourse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    if name != module:  # a same-named function is served by the property below
        globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)


class _Package(types.ModuleType):
    """The package's module type: keeps ``discourse.segment`` the function, not the module.

    Importing a submodule binds it as an attribute of its package, so ``discourse.segment``
    (and ``kwic``, ``keyness``, ...) would turn into the module the moment anything imports
    ``discourse.segment``. A property per such name serves the function instead, whatever
    was imported first; the submodules stay reachable through ``sys.modules``.

    The package still pickles as a plain module does, by reference (its name), so a function
    that uses ``dc`` runs under joblib, multiprocessing and Dask (cloudpickle only knows the
    exact module type; ``__reduce__`` and ``__dask_tokenize__`` say how). Once no submodule
    shares a public function's name, this class can go.
    """

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return importlib.import_module, (self.__name__,)

    def __dask_tokenize__(self) -> str:
        return f"module:{self.__name__}"


def _function_property(name: str) -> property:
    def get(package: types.ModuleType) -> Any:
        return getattr(importlib.import_module(f".{name}", __name__), name)

    def ignore_submodule_binding(package: types.ModuleType, value: Any) -> None:
        return None

    return property(get, ignore_submodule_binding, doc=f"discourse.{name} (the function)")


for _name, _module in _EXPORTS.items():
    if _name == _module:
        setattr(_Package, _name, _function_property(_name))
sys.modules[__name__].__class__ = _Package
