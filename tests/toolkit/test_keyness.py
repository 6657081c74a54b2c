from __future__ import annotations

import importlib
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.errors import InputError
from discourse.toolkit.keyness import KEYNESS_COLUMNS, ZERO_CORRECTION, keyness


def test_hand_computed_values() -> None:
    target = ["values " * 10 + "other " * 90]  # 10 of 100
    reference = ["values " * 10 + "other " * 190]  # 10 of 200
    k = keyness(target, reference, min_freq=1).set_index("term")
    a, b, c, d = 10, 10, 100, 200
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert k.loc["values", "g2"] == pytest.approx(g2)
    assert k.loc["values", "log_ratio"] == pytest.approx(1.0)
    n = c + d
    chi2 = n * (a * (d - b) - b * (c - a)) ** 2 / ((a + b) * (n - a - b) * c * d)
    assert k.loc["values", "chi2"] == pytest.approx(chi2)
    assert k.loc["other", "g2"] < 0  # relatively more frequent in the reference
    from scipy.stats import chi2 as chi2_dist

    assert k.loc["values", "p_value"] == pytest.approx(chi2_dist.sf(g2, 1))


def test_zero_frequency_correction_and_order() -> None:
    k = keyness(["family family family values"], ["trade trade values growth"], min_freq=1)
    assert list(k.columns) == KEYNESS_COLUMNS
    fam = k.set_index("term").loc["family"]
    assert fam["freq_reference"] == 0
    assert fam["log_ratio"] == pytest.approx(math.log2((3 / 4) / (ZERO_CORRECTION / 4)))
    assert k["g2"].is_monotonic_decreasing
    assert k.iloc[0]["term"] == "family" and k.iloc[-1]["term"] == "trade"
    assert k.attrs["tokens_target"] == 4


def test_min_freq_and_tables() -> None:
    t = pd.DataFrame({"doc_id": ["a"], "text": ["a a a b"]})
    r = pd.DataFrame({"doc_id": ["b"], "text": ["a b b b c"]})
    k = keyness(t, r, min_freq=2)
    assert set(k["term"]) == {"a", "b"}


def test_no_overlap_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="share no term"):
        keyness(["alpha beta"], ["gamma delta"])


@pytest.mark.parametrize("bad", [[""], "   ", [None], 5])
def test_bad_inputs(bad: object) -> None:
    with pytest.raises(InputError):
        keyness(bad, ["some words"])


def test_bad_min_freq() -> None:
    with pytest.raises(InputError, match="min_freq"):
        keyness(["a"], ["a"], min_freq=0)


def test_aliyev_quotes_against_western_un_speeches() -> None:
    """Vocabulary statistics only: the UN texts never enter the repository."""
    try:
        from discourse.corpus.load import load_corpus
        from discourse.errors import CorpusUnavailableError
    except ImportError:
        pytest.skip("discourse.corpus (load_corpus) is not available in this checkout")
    try:
        un = load_corpus(
            "ungdc",
            countries=["AZE", "USA", "GBR", "FRA", "DEU", "ITA", "CAN", "SWE"],
            years=(2000, 2024),
            progress=False,
        )
    except CorpusUnavailableError as exc:
        pytest.skip(f"UN General Debate corpus unavailable: {exc}")
    western = un[un["iso3"].isin(["USA", "GBR", "FRA", "DEU", "ITA", "CAN", "SWE"])]
    aze = un[un["iso3"] == "AZE"]
    k = keyness(aze, western, min_freq=20)
    assert len(k) > 100
    top = set(k.head(30)["term"])
    assert {"azerbaijan", "armenia"} & top


def test_plot_keyness_diverging_bars() -> None:
    import matplotlib.pyplot as plt

    from discourse.report.plot import plot_keyness

    k = keyness(["values family values nation"], ["trade growth trade values"], min_freq=1)
    ax = plot_keyness(k, n=2)
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 4 and min(widths) < 0 < max(widths)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == k.iloc[0]["term"]
    plt.close(ax.figure)
    with pytest.raises(InputError):
        plot_keyness(pd.DataFrame({"x": [1]}))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from("abcdef"), min_size=1, max_size=60),
    st.lists(st.sampled_from("abcdeg"), min_size=1, max_size=60),
)
def test_swapping_target_and_reference_flips_the_signs(t: list[str], r: list[str]) -> None:
    if not set(t) & set(r):
        return
    ab = keyness([" ".join(t)], [" ".join(r)], min_freq=1).set_index("term")
    ba = keyness([" ".join(r)], [" ".join(t)], min_freq=1).set_index("term").loc[ab.index]
    assert ab["g2"].to_numpy() == pytest.approx(-ba["g2"].to_numpy(), abs=1e-9)
    assert ab["log_ratio"].to_numpy() == pytest.approx(-ba["log_ratio"].to_numpy())
    assert (ab["g2"].abs() >= 0).all() and (ab["p_value"].between(0, 1)).all()


def test_reference_frequencies_are_cached_by_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    kmod = importlib.import_module("discourse.toolkit.keyness")

    kmod._CACHE.clear()
    calls: list[str] = []
    real = kmod.token_forms

    def counting(text: str, **kw: object) -> list[str]:
        calls.append(text)
        return real(text, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(kmod, "token_forms", counting)
    reference = pd.DataFrame(
        {"doc_id": ["r1", "r2"], "text": ["trade trade values growth", "growth and trade"]}
    )
    first = keyness(["values values family"], reference, min_freq=1)
    assert len(calls) == 3  # one target text, two reference texts
    second = keyness(["family growth"], reference.copy(), min_freq=1)
    assert len(calls) == 4  # only the new target was counted
    assert second.attrs["tokens_reference"] == first.attrs["tokens_reference"] == 7
    changed = reference.assign(text=["trade values", "growth and trade"])
    third = keyness(["family growth"], changed, min_freq=1)
    assert len(calls) == 7 and third.attrs["tokens_reference"] == 5
    keyness(["family growth"], reference, min_freq=1, case_insensitive=False)
    assert len(calls) == 10  # another case setting is another entry
    assert len(kmod._CACHE) <= kmod.CACHE_SIZE
