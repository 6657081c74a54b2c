"""Shared fixtures: the seed, small slices of the external corpora, and a skip helper.

External corpora are read through the package's own fetch path (``DISCOURSE_MIRROR`` or the
``DISCOURSE_DATA`` cache); where neither holds them the tests that need them are skipped with
the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from discourse.corpus.load import load_corpus
from discourse.errors import CorpusUnavailableError


def _load_or_skip(name: str, **filters: Any) -> pd.DataFrame:
    try:
        return load_corpus(name, progress=False, **filters)
    except CorpusUnavailableError as exc:
        pytest.skip(f"corpus {name!r} unavailable (set DISCOURSE_MIRROR or DISCOURSE_DATA): {exc}")


@pytest.fixture(scope="session")
def corpus_or_skip() -> Callable[..., pd.DataFrame]:
    """``corpus_or_skip(name, **filters)``: ``load_corpus`` or skip the test with the reason."""
    return _load_or_skip


@pytest.fixture(scope="session")
def seed() -> pd.DataFrame:
    """The seed corpus table (one row: the bne IntelliNews article)."""
    return load_corpus(progress=False)


@pytest.fixture(scope="session")
def ungdc_subset() -> pd.DataFrame:
    """UN General Debate speeches of Azerbaijan and Russia, 2018-2024 (14 rows), or skip."""
    return _load_or_skip("ungdc", countries=["AZE", "RUS"], years=(2018, 2024))


@pytest.fixture(scope="session")
def kremlin_subset() -> pd.DataFrame:
    """Kremlin items dated 2019 (496 rows), or skip."""
    return _load_or_skip("kremlin", years=2019)


def _least_time(fn: Callable[[], Any], repeat: int) -> float:
    import time

    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def growth(make: Callable[[int], Callable[[], Any]], n: int, *, repeat: int = 3) -> float:
    """Time at ``2n`` over time at ``n`` (least of ``repeat`` runs each): about 2 when linear,
    4 when quadratic. ``make(n)`` builds the input of size ``n`` and returns the call to time.
    A ratio over 2.5 is measured once more (the machine is shared) and the lower one kept."""
    small, large = make(n), make(2 * n)
    small()  # warm-up: imports, compiled patterns, caches
    ratio = _least_time(large, repeat) / max(_least_time(small, repeat), 1e-6)
    if ratio > 2.5:
        ratio = min(ratio, _least_time(large, repeat) / max(_least_time(small, repeat), 1e-6))
    return ratio


@pytest.fixture(scope="session")
def growth_ratio() -> Callable[..., float]:
    """``growth_ratio(make, n)``: see :func:`growth` (issue 20's linear-growth checks)."""
    return growth


# The fixture builder needs the `onnx` package (the `train` extra), never the test environment.
collect_ignore = ["fixtures/make_tiny_encoder.py"]
