"""The estimation sample: sentences drawn with known inclusion probabilities, for coding.

In: a corpus (anything :func:`~discourse.frames.detect.detect_frames` takes) and the number of
units to code. Out: the sample table (:func:`coding_sample`), one row per unit with its
stand-off address, its stratum and its inclusion probability, and the detector's view of the
population it was drawn from (:func:`population`), which :mod:`discourse.validation.rates`
combines with the coded units.

The design is stratified simple random sampling without replacement. The population is every
body sentence of the corpus (``segment``'s rows with ``kind == "body"``). Sentences are grouped
by the ``by`` columns (a missing value forms its own group) and, inside each group, by what the
detector says about them (the *detector level*):

``positive``
    the detector finds at least one of ``frames`` in the sentence;
``candidate``
    it finds none, but a learned method gives one of ``frames`` a probability of at least
    :data:`CANDIDATE_FRACTION` of that frame's threshold, or (codebook method) a frame's
    indicators matched with less than the threshold's weight;
``other``
    everything else.

A stratum is one group crossed with one level. The ``n`` units are shared equally between the
groups (so each group's rate is estimated with a similar precision; the remainder goes to the
largest groups), and inside a group between the levels in the shares of :data:`LEVEL_SHARES`
(likely positives are oversampled many times over their share of sentences, so rare frames
get coded, while most units still come from the large ``other`` level where the detector's
misses hide). A stratum smaller than its allocation is taken whole (inclusion probability 1)
and its surplus goes to the other levels of the group, then to the other groups. Within a
stratum the units are a simple random sample without replacement, drawn from the stratum's
sentences in ``doc_id``/``start`` order by a random stream seeded with ``seed`` and the
stratum's label, so a stratum's draw does not depend on the others. The inclusion probability
of a unit is ``n_h / N_h`` (units drawn over sentences of its stratum).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from ..corpus.normalise import sha256_text
from ..errors import InputError
from ..frames.codebook import Codebook, resolve_codebook
from ..frames.detect import detect_frames
from ..frames.methods import indicator_matrix
from ..frames.model import FrameModel, load_model
from .detections import detections, with_decisions

__all__ = [
    "CANDIDATE_FRACTION",
    "LEVELS",
    "LEVEL_SHARES",
    "Population",
    "Stratum",
    "allocate",
    "coding_sample",
    "draw_rows",
    "population",
    "sample_plan",
    "unit_ids",
]

#: The detector levels, most likely positive first.
LEVELS: tuple[str, ...] = ("positive", "candidate", "other")
#: The share of a group's units drawn from each detector level.
LEVEL_SHARES: dict[str, float] = {"positive": 0.3, "candidate": 0.2, "other": 0.5}
#: A learned method's probability, as a fraction of the frame's threshold, from which a
#: sentence the detector does not flag counts as a candidate.
CANDIDATE_FRACTION = 0.25
#: The columns of the sample table, before the ``by`` columns.
UNIT_COLUMNS: tuple[str, ...] = ("unit_id", "doc_id", "start", "end", "span_sha256", "text")
#: The design columns after the ``by`` columns.
DESIGN_COLUMNS: tuple[str, ...] = (
    "stratum",
    "inclusion_prob",
    "method",
    "codebook_hash",
    "model_hash",
)
_CORPUS_MARKERS = ("start", "end", "text", "doc_id")
_PROVENANCE = ("method", "codebook_name", "codebook_version", "codebook_hash", "model_hash")


@dataclass
class Population:
    """The sentences a sample is drawn from, with the detector's output on each.

    Attributes
    ----------
    sentences
        The body sentences (``doc_id, start, end, text`` and any ``by`` columns), in corpus
        order, index 0..N-1.
    presence
        Boolean array ``(N, len(frames))``: the detector's decision per sentence and frame.
    level
        The detector level of each sentence (:data:`LEVELS`).
    frames
        The frames, in codebook order.
    provenance
        ``method``, ``codebook_hash``, ``model_hash`` (empty for the codebook method) and the
        codebook's name and version.
    documents
        The corpus table the sentences came from (``None`` when a sentence table was given):
        its metadata give the coders' source lines.
    """

    sentences: pd.DataFrame
    presence: np.ndarray
    level: np.ndarray
    frames: list[str]
    provenance: dict[str, str]
    documents: pd.DataFrame | None = None


def _is_sentence_table(data: Any) -> bool:
    return isinstance(data, pd.DataFrame) and all(c in data.columns for c in _CORPUS_MARKERS)


def _detected(
    data: Any,
    codebook: Codebook | str | None,
    method: str | None,
    model: FrameModel | str | None,
    progress: bool | None,
    cache: bool,
) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, str]]:
    """The body sentences with the detector's columns, the corpus table, the provenance."""
    from .._validation import as_corpus

    if not _is_sentence_table(data):
        documents = as_corpus(data)
        found = detections(
            documents, codebook=codebook, method=method, model=model, cache=cache, progress=progress
        )
        provenance = {k: str(found.attrs.get(k, "")) for k in _PROVENANCE}
        return found.reset_index(drop=True), documents, provenance
    sentences = data
    if "kind" in sentences.columns:
        sentences = sentences[sentences["kind"].astype("string").fillna("body") == "body"]
    sentences = sentences.reset_index(drop=True)
    if "sent_id" not in sentences.columns:
        sentences = sentences.assign(sent_id=np.arange(len(sentences)))
    found = detect_frames(
        sentences[["doc_id", "sent_id", "start", "end", "text"]],
        codebook,
        method=method,
        model=model,
        progress=progress,
    )
    out = with_decisions(sentences, found, codebook)
    provenance = {k: str(found.attrs.get(k, "")) for k in _PROVENANCE}
    return out, None, provenance


def _with_by(
    sentences: pd.DataFrame, documents: pd.DataFrame | None, by: Sequence[str]
) -> pd.DataFrame:
    """Add each ``by`` column to the sentences, from the sentence table or the documents."""
    out = sentences
    for column in by:
        if column in out.columns:
            continue
        if documents is None or column not in documents.columns:
            have = sorted(
                {str(c) for c in sentences.columns}
                | {str(c) for c in (() if documents is None else documents.columns)}
            )
            raise InputError(
                f"by={column!r}: neither the sentences nor the documents have that column "
                f"(columns: {', '.join(map(str, have))}); add it to the corpus table first"
            )
        values = documents.set_index("doc_id")[column]
        out = out.assign(**{column: out["doc_id"].astype(str).map(values).to_numpy()})
    return out


def population(
    data: Any,
    *,
    by: Sequence[str] | str | None = None,
    frames: Sequence[str] | None = None,
    codebook: Codebook | str | None = None,
    method: str | None = None,
    model: FrameModel | str | None = None,
    progress: bool | None = None,
    cache: bool = False,
) -> Population:
    """The body sentences of ``data`` with the detector's decision and level for each.

    Parameters
    ----------
    data
        A corpus table, a sentence table (``segment``'s columns) or anything
        :func:`~discourse.frames.detect.detect_frames` takes.
    by
        Grouping columns, from the sentence table or (for a corpus) the corpus table.
    frames
        The frames (default: those the model learned for a learned method, else every frame
        of the codebook).
    codebook, method, model, progress
        As in :func:`~discourse.frames.detect.detect_frames`.
    cache
        For a corpus table: read and write the detector's output in the Parquet cache
        (:func:`~discourse.validation.detections.detections`).

    Returns
    -------
    Population

    Examples
    --------
    >>> pop = population(["We defend traditional values. The weather is fine."],
    ...                  method="codebook", frames=["traditional_values"])
    >>> pop.level.tolist(), pop.presence[:, 0].tolist()
    (['positive', 'other'], [True, False])
    """
    by_cols = _by_list(by)
    cb = resolve_codebook(codebook)
    sentences, documents, provenance = _detected(data, codebook, method, model, progress, cache)
    sentences = _with_by(sentences, documents, by_cols)
    frame_model: FrameModel | None = None
    if provenance["method"] != "codebook":
        frame_model = model if isinstance(model, FrameModel) else load_model(model)
    chosen_frames = _frames(frames, cb, frame_model)
    presence = sentences[chosen_frames].to_numpy(dtype=bool)
    candidate = np.zeros(len(sentences), dtype=bool)
    if frame_model is not None:
        for frame, cut in zip(frame_model.frames, frame_model.thresholds, strict=True):
            if frame in chosen_frames and f"p_{frame}" in sentences.columns:
                p = sentences[f"p_{frame}"].to_numpy(dtype=np.float64)
                candidate |= p >= CANDIDATE_FRACTION * float(cut)
        codebook_frames = [f for f in chosen_frames if f not in frame_model.frames]
    else:
        codebook_frames = chosen_frames
    if codebook_frames:
        candidate |= _codebook_levels(sentences["text"].astype(str).tolist(), codebook_frames, cb)
    level = np.where(presence.any(axis=1), "positive", np.where(candidate, "candidate", "other"))
    keep = ["doc_id", "sent_id", "start", "end", "text", *by_cols]
    return Population(
        sentences=sentences[[c for c in dict.fromkeys(keep) if c in sentences.columns]],
        presence=presence,
        level=level.astype(object),
        frames=chosen_frames,
        provenance=provenance,
        documents=documents,
    )


def _codebook_levels(texts: list[str], frames: list[str], cb: Codebook) -> np.ndarray:
    """Candidate flags from the codebook: one of the frames' indicators matched at all."""
    counts, _ = indicator_matrix(texts, cb)
    columns = [i for i, ind in enumerate(cb.indicators) if ind.frame in frames]
    if not columns:
        return np.zeros(len(texts), dtype=bool)
    return np.asarray(counts[:, columns].sum(axis=1)).ravel() > 0


def _by_list(by: Sequence[str] | str | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _frames(
    frames: Sequence[str] | None, cb: Codebook, frame_model: FrameModel | None
) -> list[str]:
    if frames is None:
        if frame_model is not None:
            return [f for f in cb.frame_ids if f in frame_model.frames]
        return list(cb.frame_ids)
    chosen = [frames] if isinstance(frames, str) else list(frames)
    unknown = [f for f in chosen if f not in cb.frame_ids]
    if unknown:
        raise InputError(
            f"frames: {', '.join(unknown)} not in the codebook (frames: {', '.join(cb.frame_ids)})"
        )
    return [f for f in cb.frame_ids if f in chosen]


def group_labels(table: pd.DataFrame, by: Sequence[str]) -> pd.Series:
    """One label per row from its ``by`` values (``"NA"`` for a missing one), joined by " / "."""
    if not by:
        return pd.Series("all", index=table.index, dtype=object)
    parts = [table[c].astype("string").fillna("NA").astype(str) for c in by]
    label = parts[0]
    for part in parts[1:]:
        label = label + " / " + part
    return label.astype(object)


def allocate(sizes: dict[str, dict[str, int]], n: int) -> dict[str, dict[str, int]]:
    """Units per stratum: equal per group, :data:`LEVEL_SHARES` inside a group, capped at size.

    Parameters
    ----------
    sizes
        ``{group: {level: number of sentences}}``.
    n
        Units to draw in all (at most the number of sentences).

    Returns
    -------
    dict
        ``{group: {level: units}}``; the counts sum to ``n``.

    Examples
    --------
    >>> plan = allocate({"a": {"positive": 5, "candidate": 10, "other": 100},
    ...                  "b": {"positive": 50, "candidate": 50, "other": 900}}, 40)
    >>> plan["a"], plan["b"]
    ({'positive': 5, 'candidate': 4, 'other': 11}, {'positive': 6, 'candidate': 4, 'other': 10})
    """
    total = sum(sum(levels.values()) for levels in sizes.values())
    if n > total:
        raise InputError(f"n={n} is more than the {total} sentences to draw from")
    groups = sorted(sizes)
    # equal shares per group, the remainder to the largest groups
    quota = dict.fromkeys(groups, n // len(groups)) if groups else {}
    for g in sorted(groups, key=lambda g: (-sum(sizes[g].values()), g))[: n % max(len(groups), 1)]:
        quota[g] += 1
    out = {g: dict.fromkeys(LEVELS, 0) for g in groups}
    spare = 0
    for g in groups:
        spare += _fill_group(out[g], sizes[g], quota[g])
    # a group that could not take its quota passes the surplus to the groups with room
    while spare > 0:
        room = [g for g in groups if sum(sizes[g].values()) > sum(out[g].values())]
        if not room:
            break
        room.sort(key=lambda g: (sum(out[g].values()) / sum(sizes[g].values()), g))
        g = room[0]
        spare = spare - 1 + _fill_group(out[g], sizes[g], 1, start=out[g])
    return out


def _fill_group(
    into: dict[str, int], sizes: dict[str, int], k: int, start: dict[str, int] | None = None
) -> int:
    """Add ``k`` units to a group by level shares, capped by size; return what did not fit."""
    current = dict(start) if start is not None else dict.fromkeys(LEVELS, 0)
    target = sum(current.values()) + k
    capacity = sum(sizes.get(level, 0) for level in LEVELS)
    target = min(target, capacity)
    # largest-remainder shares of the target, then redistribute what exceeds a level's size
    weights = {level: LEVEL_SHARES[level] for level in LEVELS if sizes.get(level, 0) > 0}
    alloc = dict.fromkeys(LEVELS, 0)
    remaining = target
    while remaining > 0 and weights:
        share_sum = sum(weights.values())
        raw = {level: round(remaining * w / share_sum, 9) for level, w in weights.items()}
        base = {level: int(np.floor(v)) for level, v in raw.items()}
        left = remaining - sum(base.values())
        for level in sorted(raw, key=lambda lv: (-(raw[lv] - base[lv]), LEVELS.index(lv)))[:left]:
            base[level] += 1
        remaining = 0
        for level, extra in base.items():
            room = sizes[level] - alloc[level]
            take = min(extra, room)
            alloc[level] += take
            remaining += extra - take
        weights = {lv: w for lv, w in weights.items() if sizes[lv] > alloc[lv]}
    # never fewer than already drawn (a top-up keeps the earlier units)
    for level in LEVELS:
        alloc[level] = max(alloc[level], current.get(level, 0))
    into.update(alloc)
    return k - (sum(alloc.values()) - sum(current.values()))


def _stream(seed: int, label: str) -> np.random.Generator:
    digest = int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:8], "big")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, digest])))


def unit_ids(doc_id: Sequence[str], start: Sequence[int], end: Sequence[int]) -> list[str]:
    """Persistent unit ids: ``u`` and 12 hex digits of sha256 of ``doc_id:start:end``.

    Examples
    --------
    >>> unit_ids(["d"], [0], [5])
    ['uee65f554c499']
    """
    return [
        "u" + hashlib.sha256(f"{d}:{int(s)}:{int(e)}".encode()).hexdigest()[:12]
        for d, s, e in zip(doc_id, start, end, strict=True)
    ]


def source_lines(documents: pd.DataFrame | None, doc_ids: pd.Series) -> pd.Series:
    """A short line per unit saying who speaks, where and when (for coders)."""
    if documents is None:
        return doc_ids.astype(str).map(lambda d: f"document {d}")
    meta = documents.set_index("doc_id")
    lines: dict[str, str] = {}
    for doc in pd.unique(doc_ids.astype(str)):
        row = meta.loc[doc]
        lines[doc] = _source_line(row)
    return doc_ids.astype(str).map(lines)


def _get(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    if value is None or pd.isna(value) or str(value).strip() == "":
        return None
    return str(value)


def _source_line(row: pd.Series) -> str:
    corpus = _get(row, "corpus")
    year = _get(row, "year")
    when = _get(row, "date") or year
    if corpus == "ungdc":
        who = _get(row, "country") or "a member state"
        return f"UN General Debate speech, {who}" + (f", {year}" if year else "")
    if corpus == "kremlin":
        who = _get(row, "speaker") or "the President of Russia"
        return f"Kremlin transcript, {who}" + (f", {when}" if when else "")
    parts = [
        p
        for p in (
            _get(row, "genre"),
            _get(row, "outlet"),
            _get(row, "speaker"),
            _get(row, "country"),
            when,
        )
        if p
    ]
    return ", ".join(parts) if parts else "document " + str(row.name)


@dataclass(frozen=True)
class Stratum:
    """One stratum of a sample plan: its label, its sentences (population rows) and units."""

    label: str
    members: np.ndarray
    k: int

    @property
    def size(self) -> int:
        """``N_h``: the stratum's sentences."""
        return int(self.members.size)


def sample_plan(pop: Population, n: int, by: Sequence[str]) -> list[Stratum]:
    """The strata of ``pop`` and the units each gets (:func:`allocate`), in drawing order.

    A stratum's members are its population rows in ``doc_id``/``start`` order.
    """
    sentences = pop.sentences
    group = group_labels(sentences, list(by)).to_numpy()
    level = pop.level
    sizes_table = pd.DataFrame({"group": group, "level": level}).value_counts().sort_index()
    sizes: dict[str, dict[str, int]] = {}
    for key, count in sizes_table.items():
        g, lv = str(key[0]), str(key[1])  # type: ignore[index]
        sizes.setdefault(g, dict.fromkeys(LEVELS, 0))[lv] = int(count)
    plan = allocate(sizes, n)
    order = np.lexsort((sentences["start"].to_numpy(), sentences["doc_id"].astype(str).to_numpy()))
    group_code, group_names = pd.factorize(group[order].astype(str))
    level_code, level_names = pd.factorize(level[order].astype(str))
    group_index = {str(name): i for i, name in enumerate(group_names)}
    level_index = {str(name): i for i, name in enumerate(level_names)}
    out = []
    for g in sorted(plan):
        for lv in LEVELS:
            mask = (group_code == group_index.get(g, -2)) & (level_code == level_index.get(lv, -2))
            out.append(Stratum(f"{g} / {lv}", order[mask], plan[g][lv]))
    return out


def draw_rows(plan: Sequence[Stratum], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw each stratum's units: ``(rows, inclusion probabilities, stratum labels)``.

    Each stratum draws a simple random sample without replacement from its own stream, seeded
    by ``seed`` and its label.
    """
    rows, prob, labels = [], [], []
    for stratum in plan:
        if stratum.k == 0:
            continue
        rng = _stream(int(seed), stratum.label)
        picked = np.sort(rng.choice(stratum.size, size=stratum.k, replace=False))
        rows.append(stratum.members[picked])
        prob.append(np.full(stratum.k, stratum.k / stratum.size))
        labels.append(np.full(stratum.k, stratum.label, dtype=object))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=object)
    return np.concatenate(rows), np.concatenate(prob), np.concatenate(labels)


def coding_sample(
    data: Any,
    n: int,
    *,
    by: Sequence[str] | str | None = None,
    frames: Sequence[str] | None = None,
    method: str | None = None,
    seed: int = 0,
    codebook: Codebook | str | None = None,
    model: FrameModel | str | None = None,
    progress: bool | None = None,
    cache: bool = False,
    population_: Population | None = None,
) -> pd.DataFrame:
    """Draw ``n`` sentences to code, with known inclusion probabilities.

    Stratified by the ``by`` groups and by the detector's output (see the module docstring):
    likely positives are oversampled, every unit's inclusion probability is recorded, and
    :func:`~discourse.validation.rates.estimate_rates` turns the coded units into rates whose
    intervals hold whatever the detector's errors.

    Parameters
    ----------
    data
        A corpus table (``load_corpus``), a sentence table (``segment``) or anything
        :func:`~discourse.frames.detect.detect_frames` takes. The units are the body sentences.
    n
        The number of units.
    by
        Column(s) to stratify by: sentence-table columns or corpus-table columns (taken over by
        ``doc_id``). A missing value forms its own group.
    frames
        The frames to code (default: those the model learned for a learned method, else every
        frame of the codebook); the detector level looks at these only.
    method, codebook, model, progress
        As in :func:`~discourse.frames.detect.detect_frames`: the detector the sample is
        stratified by (recorded in the table).
    seed
        The random seed.
    cache
        For a corpus table: keep the detector's output in the Parquet cache
        (:func:`~discourse.validation.detections.detections`), so a second call is fast.
    population_
        The population already computed by :func:`population` with the same ``by``, ``frames``
        and detector (to draw several samples without re-running the detector).

    Returns
    -------
    pandas.DataFrame
        ``unit_id, doc_id, start, end, span_sha256, text``, the ``by`` columns, ``stratum``,
        ``inclusion_prob``, ``method``, ``codebook_hash``, ``model_hash``, then the coders'
        context ``source, before, after`` (the previous and next sentence of the same document,
        empty at its edges). Grouped by stratum (groups in order, levels as in :data:`LEVELS`),
        in corpus order inside. ``attrs`` holds the frames, the strata's population sizes and
        the provenance. The stratum names the detector's level: keep it from coders
        (:func:`~discourse.validation.coding.to_coding_sheet` leaves it out).

    Raises
    ------
    InputError
        ``n`` not positive or more than the sentences; an unknown ``by`` column or frame.

    Examples
    --------
    >>> texts = ["We defend traditional values. Our families are strong. It rained.",
    ...          "Trade grew. Traditional values guide us. Schools opened."]
    >>> sample = coding_sample(texts, 4, method="codebook", frames=["traditional_values"])
    >>> sample[["text", "stratum", "inclusion_prob"]].values.tolist()
    [['We defend traditional values.', 'all / positive', 1.0],
     ['Traditional values guide us.', 'all / positive', 1.0],
     ['Trade grew.', 'all / other', 0.5],
     ['Schools opened.', 'all / other', 0.5]]
    """
    if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 1:
        raise InputError(f"n must be a positive integer, not {n!r}")
    by_cols = _by_list(by)
    pop = population_ or population(
        data,
        by=by_cols,
        frames=frames,
        codebook=codebook,
        method=method,
        model=model,
        progress=progress,
        cache=cache,
    )
    sentences = pop.sentences
    plan = sample_plan(pop, int(n), by_cols)
    rows, prob, strata = draw_rows(plan, int(seed))
    population_sizes = {s.label: s.size for s in plan if s.size}
    unit = sentences.iloc[rows].reset_index(drop=True)
    before, after = _context(sentences, rows)
    out = pd.DataFrame(
        {
            "unit_id": unit_ids(
                unit["doc_id"].astype(str).tolist(), unit["start"].tolist(), unit["end"].tolist()
            ),
            "doc_id": unit["doc_id"].astype(str),
            "start": unit["start"].astype("int64"),
            "end": unit["end"].astype("int64"),
            "span_sha256": [sha256_text(t) for t in unit["text"].astype(str)],
            "text": unit["text"].astype(str),
        }
    )
    for column in by_cols:
        out[column] = unit[column].to_numpy()
    out["stratum"] = strata
    out["inclusion_prob"] = prob
    for key in ("method", "codebook_hash", "model_hash"):
        out[key] = pop.provenance[key]
    out["source"] = source_lines(pop.documents, out["doc_id"]).to_numpy()
    out["before"] = before
    out["after"] = after
    out = conform(out)
    out.attrs.update(
        {
            "frames": list(pop.frames),
            "by": by_cols,
            "seed": int(seed),
            "population_sizes": population_sizes,
            **pop.provenance,
        }
    )
    return out


def _context(sentences: pd.DataFrame, rows: np.ndarray) -> tuple[list[str], list[str]]:
    """The previous and next sentence of the same document for each row (empty at the edges)."""
    docs = sentences["doc_id"].astype(str).to_numpy()
    texts = sentences["text"].astype(str).to_numpy()
    n = len(sentences)
    before, after = [], []
    for r in rows:
        before.append(str(texts[r - 1]) if r > 0 and docs[r - 1] == docs[r] else "")
        after.append(str(texts[r + 1]) if r + 1 < n and docs[r + 1] == docs[r] else "")
    return before, after


def design_json(sample: pd.DataFrame) -> str:
    """The sample's design record (frames, by, seed, detector, strata sizes) as canonical JSON."""
    keys = ("frames", "by", "seed", "method", "codebook_name", "codebook_version")
    record = {k: sample.attrs.get(k) for k in keys}
    record["codebook_hash"] = sample.attrs.get("codebook_hash")
    record["model_hash"] = sample.attrs.get("model_hash")
    record["n"] = len(sample)
    record["population_sizes"] = dict(sorted(sample.attrs.get("population_sizes", {}).items()))
    return json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
