"""coding_sample (discourse/validation/design.py): known inclusion probabilities, strata by group
and detector level, likely positives oversampled, reproducible draws, located errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.errors import InputError
from discourse.validation.design import LEVELS, allocate, population, sample_plan

POSITIVE = "We defend traditional values and the family."
PLAIN = [
    "The committee met on Tuesday.",
    "Trade between the two states grew by four per cent.",
    "The harvest was late this year.",
    "Our delegation thanks the President of the Assembly.",
    "Schools opened in the north.",
]


def corpus(n_docs: int = 12) -> pd.DataFrame:
    """Documents in two regions, each with one frame sentence and five plain ones."""
    texts = [" ".join([POSITIVE if d % 3 == 0 else PLAIN[0], *PLAIN]) for d in range(n_docs)]
    return pd.DataFrame(
        {
            "doc_id": [f"d{d:02d}" for d in range(n_docs)],
            "text": texts,
            "region": ["north" if d % 2 else "south" for d in range(n_docs)],
        }
    )


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return corpus()


def test_inclusion_probabilities_are_units_over_stratum_sizes(table: pd.DataFrame) -> None:
    sample = dc.coding_sample(
        table, 20, by="region", frames=["traditional_values"], method="codebook", seed=3
    )
    assert len(sample) == 20
    sizes = sample.attrs["population_sizes"]
    assert sum(sizes.values()) == 72  # 12 documents x 6 sentences
    for stratum, part in sample.groupby("stratum"):
        assert np.allclose(part["inclusion_prob"], len(part) / sizes[stratum])
    # two groups, equal shares
    assert sample["region"].value_counts().to_dict() == {"north": 10, "south": 10}


def test_likely_positives_are_oversampled(table: pd.DataFrame) -> None:
    sample = dc.coding_sample(table, 20, frames=["traditional_values"], method="codebook")
    positives = sample["stratum"].str.endswith("/ positive")
    population_share = 4 / 72  # four documents carry the frame sentence
    assert positives.mean() > 3 * population_share
    assert (sample.loc[positives, "text"] == POSITIVE).all()


def test_units_are_sentence_table_rows_with_checksums(table: pd.DataFrame) -> None:
    sample = dc.coding_sample(table, 10, frames=["traditional_values"], method="codebook")
    sentences = dc.segment(table, progress=False)
    keys = set(zip(sentences["doc_id"], sentences["start"], sentences["end"], strict=True))
    texts = dict(zip(table["doc_id"], table["text"], strict=True))
    for row in sample.itertuples():
        assert (row.doc_id, row.start, row.end) in keys
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert sample["unit_id"].is_unique
    assert sample["span_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_context_is_the_same_documents_neighbours(table: pd.DataFrame) -> None:
    sample = dc.coding_sample(table, 30, frames=["traditional_values"], method="codebook")
    sentences = dc.segment(table, progress=False).reset_index(drop=True)
    for row in sample.itertuples():
        i = int(
            sentences.index[
                (sentences["doc_id"] == row.doc_id) & (sentences["start"] == row.start)
            ][0]
        )
        same = sentences["doc_id"] == row.doc_id
        before = sentences["text"][i - 1] if i > 0 and same[i - 1] else ""
        after = sentences["text"][i + 1] if i + 1 < len(sentences) and same[i + 1] else ""
        assert (row.before, row.after) == (before, after)


def test_same_seed_same_draw_other_seed_other_draw(table: pd.DataFrame) -> None:
    kwargs = {"frames": ["traditional_values"], "method": "codebook", "by": "region"}
    a = dc.coding_sample(table, 15, seed=1, **kwargs)
    b = dc.coding_sample(table, 15, seed=1, **kwargs)
    c = dc.coding_sample(table, 15, seed=2, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["unit_id"]) != set(c["unit_id"])


def test_a_missing_by_value_is_its_own_group(table: pd.DataFrame) -> None:
    with_missing = table.assign(region=table["region"].where(table.index % 4 != 1, None))
    sample = dc.coding_sample(with_missing, 18, by="region", method="codebook")
    assert sample["stratum"].str.startswith("NA / ").sum() == 6
    assert sample["region"].isna().sum() == 6


def test_no_detector_output_beyond_the_stratum(table: pd.DataFrame) -> None:
    sample = dc.coding_sample(table, 10, method="codebook")
    assert not {"traditional_values", "anti_western", "probability"} & set(sample.columns)


def test_allocation_caps_small_strata_and_sums_to_n() -> None:
    sizes = {
        "a": {"positive": 2, "candidate": 0, "other": 50},
        "b": {"positive": 30, "candidate": 30, "other": 500},
        "c": {"positive": 0, "candidate": 0, "other": 3},
    }
    plan = allocate(sizes, 60)
    assert sum(sum(v.values()) for v in plan.values()) == 60
    assert plan["a"]["positive"] == 2 and plan["c"]["other"] == 3
    for group, levels in plan.items():
        for level in LEVELS:
            assert levels[level] <= sizes[group][level]


def test_errors_are_located(table: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="positive integer"):
        dc.coding_sample(table, 0, method="codebook")
    with pytest.raises(InputError, match="more than the 72 sentences"):
        dc.coding_sample(table, 100, method="codebook")
    with pytest.raises(InputError, match="by='country'"):
        dc.coding_sample(table, 5, by="country", method="codebook")
    with pytest.raises(InputError, match="not in the codebook"):
        dc.coding_sample(table, 5, frames=["no_such_frame"], method="codebook")


def test_plan_members_partition_the_population(table: pd.DataFrame) -> None:
    pop = population(table, by=["region"], method="codebook")
    plan = sample_plan(pop, 12, ["region"])
    rows = np.concatenate([s.members for s in plan])
    assert sorted(rows.tolist()) == list(range(len(pop.sentences)))
