"""Validation: how well the codebook agrees with human coding, and with a supervised baseline.

The hand-coded set lives in ``corpus/validation/`` as stand-off annotation files (never text):

``units.csv``
    ``unit_id, doc_id, start, end, span_sha256, corpus, stratum, split`` — a unit is the span
    ``text[start:end]`` of document ``doc_id`` in corpus ``corpus``; ``span_sha256`` is the sha256
    of that span (UTF-8), checked every time the text is resolved; ``split`` is ``dev`` (rules may
    be tuned on it) or ``heldout`` (never looked at while tuning). Other columns are kept: the
    committed set adds ``batch`` (the sampling round; the newest batch is the held-out split).
``coder1.csv``, ``coder2.csv``
    ``unit_id, <frame>..., note`` with 0/1 codes. Coder 1 codes every unit and is the gold
    standard; coder 2 codes a subset independently, for inter-coder agreement.

The closed loop:

- :func:`load_annotations` reads and checks the files and resolves each unit's text through
  :func:`discourse.load_corpus` (verifying the checksum);
- :func:`evaluate` runs the frame detector on the units of one split and scores it against the
  gold codes: precision, recall and F1 per frame with percentile-bootstrap confidence intervals
  (units resampled, fixed seed), the confusion counts, and the precision of every indicator that
  fired (which rules misfire);
- :func:`agreement` measures inter-coder agreement (Krippendorff's alpha, Cohen's kappa);
- :func:`baseline` scores a supervised TF-IDF + logistic-regression classifier beside the
  codebook on the same units — cross-validated over the whole coded set, or trained on dev and
  scored on held-out;
- :func:`plot_scores` draws point estimates with their intervals.

Example (the committed set; needs the corpora)::

    from discourse import validation
    coded = validation.load_annotations()            # units + coder 1 + verified texts
    result = validation.evaluate(coded, split="heldout", by="corpus")
    result.metrics, result.indicators, result.by_group
    validation.agreement()                           # coder 1 vs coder 2
    validation.baseline(coded)                       # codebook vs 5-fold TF-IDF baseline
    validation.baseline(coded, split="heldout", train="dev")

Your own coded set works the same way: pass a DataFrame with ``text`` and one 0/1 column per
frame (plus, optionally, ``unit_id`` and ``split``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from .errors import ChecksumError, InputError
from .normalise import sha256_text
from .paths import corpus_dir

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

FRAMES: tuple[str, ...] = ("traditional_values", "anti_western")
SPLITS: tuple[str, ...] = ("dev", "heldout")
UNIT_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "doc_id",
    "start",
    "end",
    "span_sha256",
    "corpus",
    "stratum",
    "split",
)
METRIC_COLUMNS: tuple[str, ...] = (
    "frame",
    "n",
    "support",
    "predicted",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
    "f1_low",
    "f1_high",
)
INDICATOR_COLUMNS: tuple[str, ...] = (
    "frame",
    "indicator",
    "fires",
    "true_positives",
    "false_positives",
    "precision",
    "false_alarms",
)
AGREEMENT_COLUMNS: tuple[str, ...] = (
    "frame",
    "n",
    "coder1_positive",
    "coder2_positive",
    "percent_agreement",
    "krippendorff_alpha",
    "cohen_kappa",
)
BASELINE_METHOD = "tfidf_logreg"
CODEBOOK_METHOD = "codebook"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FrameDetector(Protocol):
    """What :func:`evaluate` needs from a detector (the default wraps :mod:`discourse.detect`).

    ``detect_frames(texts)`` returns one boolean column per frame id, one row per text in order;
    ``find_frames(texts)`` returns the match table (``doc_id, frame, indicator, negated, ...``)
    whose ``doc_id`` is the position of the text in ``texts``. Results may carry
    ``attrs["codebook_version"]`` and ``attrs["codebook_hash"]``.
    """

    def detect_frames(self, texts: Sequence[str]) -> pd.DataFrame: ...

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame: ...


@dataclass(frozen=True)
class CodebookDetector:
    """The package's detector bound to one codebook (``None``: the default codebook)."""

    codebook: Any = None

    def detect_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """Frame presence per text (see :func:`discourse.detect_frames`)."""
        from .detect import detect_frames

        return detect_frames(list(texts), codebook=self.codebook)

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """The match table of the texts (see :func:`discourse.find_frames`), ``doc_id`` the
        position of each text (find_frames names a list's texts ``doc-0``, ``doc-1``, ...)."""
        from .detect import find_frames

        matches = find_frames(list(texts), codebook=self.codebook)
        position = [int(d.removeprefix("doc-")) for d in matches["doc_id"]]
        return matches.assign(doc_id=pd.array(position, dtype="int64"))


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    metrics
        One row per frame: ``frame, n, support`` (gold positives), ``predicted`` (detector
        positives), the confusion counts ``tp, fp, fn, tn``, and ``precision``, ``recall``,
        ``f1`` each with ``_low`` / ``_high`` bounds of the percentile-bootstrap interval.
        A ratio with a zero denominator is NaN.
    indicators
        One row per indicator that fired (a match not negated) on at least one unit:
        ``frame, indicator, fires`` (units it fired on), ``true_positives`` (of those, units coded
        with its frame), ``false_positives``, ``precision`` and ``false_alarms`` (misfires on
        units the detector flagged: false positives the indicator took part in); sorted by
        frame, then precision ascending (the misfiring rules first).
    predictions
        One row per unit and frame: ``unit_id, split, frame, gold, predicted`` (0/1).
    metadata
        ``split, n, frames, n_boot, seed, ci, codebook_version, codebook_hash`` (and ``by``).
    by_group
        With ``evaluate(..., by=column)``: the ``metrics`` columns for each group of that
        column, which comes first; otherwise ``None``.
    """

    metrics: pd.DataFrame
    indicators: pd.DataFrame
    predictions: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    by_group: pd.DataFrame | None = None


# --------------------------------------------------------------------------- reading the files


def _validation_dir(folder: str | Path | None) -> Path:
    return Path(folder) if folder is not None else corpus_dir() / "validation"


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such annotation file")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.attrs["source"] = str(path)
    return table


def _source(table: pd.DataFrame, default: str) -> str:
    return str(table.attrs.get("source", default))


def _require(table: pd.DataFrame, columns: Sequence[str], source: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)} "
            f"(has: {', '.join(map(str, table.columns))})"
        )


def _line(position: int) -> int:
    """The 1-based line of a CSV row (the header is line 1)."""
    return position + 2


def check_units(units: pd.DataFrame) -> pd.DataFrame:
    """Check a units table and return it with integer offsets.

    Parameters
    ----------
    units
        ``unit_id, doc_id, start, end, span_sha256, corpus, stratum, split`` (as read from
        ``units.csv``; ``attrs["source"]`` names the file in error messages).

    Returns
    -------
    pandas.DataFrame
        The same rows with ``start`` and ``end`` as integers.

    Raises
    ------
    InputError
        A missing column, a duplicate ``unit_id``, bad offsets, a malformed checksum or a split
        other than ``dev`` / ``heldout`` — the message names the file and the line.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["u1"], "doc_id": ["d"], "start": ["0"], "end": ["5"],
    ...     "span_sha256": [sha256_text("Hello")], "corpus": ["user"], "stratum": ["s"],
    ...     "split": ["dev"]})
    >>> check_units(units)["end"].tolist()
    [5]
    """
    source = _source(units, "units")
    _require(units, UNIT_COLUMNS, source)
    out = units.copy()
    out["unit_id"] = out["unit_id"].astype(str).str.strip()
    for i, row in enumerate(out.itertuples(index=False)):
        where = f"{source}, line {_line(i)} (unit {row.unit_id!r})"
        if not row.unit_id:
            raise InputError(f"{where}: empty unit_id")
        try:
            start, end = int(str(row.start)), int(str(row.end))
        except ValueError:
            raise InputError(
                f"{where}: start/end must be integers, got {row.start!r}/{row.end!r}"
            ) from None
        if not 0 <= start < end:
            raise InputError(f"{where}: need 0 <= start < end, got start={start}, end={end}")
        if not _SHA256.match(str(row.span_sha256)):
            raise InputError(f"{where}: span_sha256 must be 64 lower-case hex digits")
        if row.split not in SPLITS:
            raise InputError(f"{where}: split must be 'dev' or 'heldout', got {row.split!r}")
    duplicated = out["unit_id"][out["unit_id"].duplicated()].tolist()
    if duplicated:
        raise InputError(f"{source}: duplicate unit_id(s) {', '.join(duplicated[:10])}")
    out["start"] = out["start"].astype(int)
    out["end"] = out["end"].astype(int)
    out.attrs["source"] = source
    return out


def check_codes(
    codes: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
    unit_ids: Sequence[str] | None = None,
    complete: bool = False,
) -> pd.DataFrame:
    """Check a coder's table and return ``unit_id`` plus one integer 0/1 column per frame.

    Parameters
    ----------
    codes
        ``unit_id`` and one column per frame holding ``0`` or ``1`` (other columns, such as
        ``note``, are dropped). ``attrs["source"]`` names the file in error messages.
    frames
        The frame columns to read.
    unit_ids
        The known units: an id not among them is an error.
    complete
        Require a code for every unit in ``unit_ids`` (the gold coder must code them all).

    Raises
    ------
    InputError
        A missing column, a label other than 0/1, a duplicate or unknown ``unit_id`` or, with
        ``complete``, an uncoded unit.

    Examples
    --------
    >>> codes = pd.DataFrame({"unit_id": ["u1", "u2"], "traditional_values": ["1", "0"],
    ...                       "anti_western": ["0", "0"], "note": ["", ""]})
    >>> check_codes(codes, unit_ids=["u1", "u2"])["traditional_values"].tolist()
    [1, 0]
    """
    source = _source(codes, "codes")
    frames = list(frames)
    _require(codes, ["unit_id", *frames], source)
    out = codes[["unit_id", *frames]].copy()
    out["unit_id"] = out["unit_id"].astype(str).str.strip()
    for frame in frames:
        labels = out[frame].astype(str).str.strip()
        labels = labels.replace({"True": "1", "False": "0", "1.0": "1", "0.0": "0"})
        bad = ~labels.isin(["0", "1"])
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{source}, line {_line(i)} (unit {out['unit_id'].iloc[i]!r}): "
                f"{frame} must be 0 or 1, got {out[frame].iloc[i]!r} "
                f"({int(bad.sum())} bad label(s) in this column)"
            )
        out[frame] = labels.astype(int)
    duplicated = out["unit_id"][out["unit_id"].duplicated()].tolist()
    if duplicated:
        raise InputError(f"{source}: unit(s) coded twice: {', '.join(duplicated[:10])}")
    if unit_ids is not None:
        known = set(unit_ids)
        unknown = [u for u in out["unit_id"] if u not in known]
        if unknown:
            raise InputError(
                f"{source}: unit_id(s) not in units.csv: {', '.join(unknown[:10])}"
                + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            )
        if complete:
            coded = set(out["unit_id"])
            uncoded = [u for u in unit_ids if u not in coded]
            if uncoded:
                raise InputError(
                    f"{source}: {len(uncoded)} unit(s) of units.csv have no code: "
                    f"{', '.join(uncoded[:10])}"
                )
    out.attrs["source"] = source
    return out.reset_index(drop=True)


_UNGDC_ID = re.compile(r"^ungdc-([A-Z]{3})-(\d{4})$")


def _load_documents(name: str, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Load a named corpus, only as much of it as the documents need where the ids allow."""
    from .corpus import load_corpus

    parsed = [_UNGDC_ID.match(doc) for doc in doc_ids]
    if name == "ungdc" and parsed and all(parsed):
        countries = sorted({m.group(1) for m in parsed if m})
        years = sorted({int(m.group(2)) for m in parsed if m})
        return load_corpus(name, countries=countries, years=years)
    return load_corpus(name)


def unit_texts(
    units: pd.DataFrame,
    *,
    corpora: Mapping[str, pd.DataFrame] | None = None,
) -> pd.Series:
    """Resolve each unit's text from its corpus and verify its checksum.

    Parameters
    ----------
    units
        A checked units table (:func:`check_units`).
    corpora
        Corpus tables by name (``doc_id`` and ``text`` columns), e.g. already loaded ones or a
        user's own folder under the name ``"user"``. Corpora not given are loaded with
        :func:`discourse.load_corpus`.

    Returns
    -------
    pandas.Series
        The text of every unit, indexed like ``units``.

    Raises
    ------
    InputError
        A document missing from its corpus, or offsets beyond the document's end.
    ChecksumError
        The span's sha256 differs from ``span_sha256`` (the corpus text changed or the offsets
        are wrong); the message names the unit, the document and the file.
    discourse.errors.CorpusUnavailableError
        A corpus can be neither read from the cache nor fetched.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["Hello world."]})
    >>> units = check_units(pd.DataFrame({"unit_id": ["u1"], "doc_id": ["d"], "start": [0],
    ...     "end": [5], "span_sha256": [sha256_text("Hello")], "corpus": ["user"],
    ...     "stratum": ["s"], "split": ["dev"]}))
    >>> unit_texts(units, corpora={"user": corpus}).tolist()
    ['Hello']
    """
    source = _source(units, "units")
    given = dict(corpora or {})
    texts: list[str] = []
    documents: dict[str, dict[str, str]] = {}
    for i, row in enumerate(units.itertuples(index=False)):
        name = str(row.corpus)
        if name not in documents:
            table = given.get(name)
            if table is None:
                wanted = units.loc[units["corpus"] == name, "doc_id"].astype(str)
                table = _load_documents(name, wanted.tolist())
            documents[name] = dict(zip(table["doc_id"], table["text"], strict=True))
        where = f"{source}, line {_line(i)}: unit {row.unit_id!r}"
        text = documents[name].get(str(row.doc_id))
        if text is None:
            raise InputError(f"{where}: document {row.doc_id!r} is not in corpus {name!r}")
        start, end = int(str(row.start)), int(str(row.end))
        if end > len(text):
            raise InputError(
                f"{where}: end={end} is beyond the end of {row.doc_id!r} ({len(text)} characters)"
            )
        span = text[start:end]
        digest = sha256_text(span)
        if digest != row.span_sha256:
            raise ChecksumError(
                f"{where}: the sha256 of {row.doc_id!r}[{start}:{end}] is {digest}, but the file "
                f"records {row.span_sha256}; the corpus text has changed or the offsets are "
                "wrong — re-derive the unit from the current text"
            )
        texts.append(span)
    return pd.Series(texts, index=units.index, name="text", dtype="str")


def load_annotations(
    folder: str | Path | None = None,
    *,
    coder: str = "coder1",
    frames: Sequence[str] = FRAMES,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    with_text: bool = True,
) -> pd.DataFrame:
    """Read the hand-coded set: units, one coder's codes and (by default) the units' texts.

    Parameters
    ----------
    folder
        The folder holding ``units.csv`` and ``<coder>.csv``; default ``corpus/validation``.
    coder
        Whose codes to read: ``coder1`` (the gold standard, must code every unit) or
        ``coder2`` (a subset: only the units it coded are returned).
    frames
        The frame columns.
    corpora
        Corpus tables by name, passed to :func:`unit_texts`.
    with_text
        Resolve and verify the units' texts (needs the corpora).

    Returns
    -------
    pandas.DataFrame
        The units table's columns, one 0/1 column per frame and, with ``with_text``, ``text``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "units.csv").write_text(
    ...     "unit_id,doc_id,start,end,span_sha256,corpus,stratum,split\\n"
    ...     f"u1,d,0,5,{sha256_text('Hello')},user,s,dev\\n")
    >>> _ = (folder / "coder1.csv").write_text(
    ...     "unit_id,traditional_values,anti_western,note\\nu1,0,1,\\n")
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["Hello world."]})
    >>> coded = load_annotations(folder, corpora={"user": corpus})
    >>> coded[["unit_id", "anti_western", "text"]].to_dict("records")
    [{'unit_id': 'u1', 'anti_western': 1, 'text': 'Hello'}]
    >>> import shutil; shutil.rmtree(folder)
    """
    base = _validation_dir(folder)
    units = check_units(_read_csv(base / "units.csv"))
    codes = check_codes(
        _read_csv(base / f"{coder}.csv"),
        frames=frames,
        unit_ids=units["unit_id"].tolist(),
        complete=coder == "coder1",
    )
    coded = units.merge(codes, on="unit_id", how="inner", validate="one_to_one")
    coded.attrs["source"] = units.attrs["source"]
    if with_text:
        coded["text"] = unit_texts(coded, corpora=corpora)
    return coded


def composition(coded: pd.DataFrame, *, frames: Sequence[str] = FRAMES) -> pd.DataFrame:
    """The make-up of a coded set: units and gold positives per split, corpus and stratum.

    Parameters
    ----------
    coded
        A coded set (:func:`load_annotations`): ``split``, ``corpus``, ``stratum`` (any of them
        may be absent) and one 0/1 column per frame.
    frames
        The frame columns.

    Returns
    -------
    pandas.DataFrame
        The grouping columns present, ``units`` and one ``<frame>`` count of positives each.

    Examples
    --------
    >>> coded = pd.DataFrame({"split": ["dev", "dev", "heldout"], "corpus": ["seed"] * 3,
    ...                       "f": [1, 0, 1]})
    >>> composition(coded, frames=["f"])
         split corpus  units  f
    0      dev   seed      2  1
    1  heldout   seed      1  1
    """
    keys = [c for c in ("split", "corpus", "stratum") if c in coded.columns]
    frames = list(frames)
    counts = coded.assign(units=1)[[*keys, "units", *frames]].astype({f: int for f in frames})
    if not keys:
        return counts.sum().to_frame().T.astype(int)
    return counts.groupby(keys, sort=True).sum().reset_index()


def _coded_set(
    annotations: pd.DataFrame | str | Path | None,
    frames: Sequence[str],
    corpora: Mapping[str, pd.DataFrame] | None,
) -> pd.DataFrame:
    """Normalise the ``annotations`` argument to a table with unit_id, text and 0/1 frames."""
    if annotations is None or isinstance(annotations, str | Path):
        return load_annotations(annotations, frames=frames, corpora=corpora)
    if not isinstance(annotations, pd.DataFrame):
        raise InputError(
            f"annotations must be a folder, a DataFrame or None, not {type(annotations).__name__}"
        )
    table = annotations.copy()
    source = _source(annotations, "the annotations table")
    if "unit_id" not in table.columns:
        table.insert(0, "unit_id", [str(i) for i in table.index])
    table.attrs["source"] = source
    codes = check_codes(table, frames=frames)
    for frame in frames:
        table[frame] = codes[frame].to_numpy()
    if "text" not in table.columns:
        _require(table, UNIT_COLUMNS, source)
        table = check_units(table)
        table["text"] = unit_texts(table, corpora=corpora)
    return table.reset_index(drop=True)


def _select_split(coded: pd.DataFrame, split: str | None) -> pd.DataFrame:
    if split is None:
        return coded
    if "split" not in coded.columns:
        raise InputError(
            f"the annotations have no 'split' column, so split={split!r} cannot be selected; "
            "pass split=None to use every unit"
        )
    chosen = coded[coded["split"] == split].reset_index(drop=True)
    if chosen.empty:
        found = sorted(map(str, coded["split"].unique()))
        raise InputError(f"no unit has split={split!r} (splits present: {', '.join(found)})")
    return chosen


# --------------------------------------------------------------------------- metrics


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _scores(gold: np.ndarray, pred: np.ndarray) -> dict[str, np.ndarray]:
    """Confusion counts and ratios along the last axis (works for bootstrap replicates too)."""
    tp = (gold & pred).sum(axis=-1)
    fp = (~gold & pred).sum(axis=-1)
    fn = (gold & ~pred).sum(axis=-1)
    tn = (~gold & ~pred).sum(axis=-1)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def _bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def _interval(values: np.ndarray, ci: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan"), float("nan")
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def score_table(
    gold: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Precision, recall and F1 per frame, with percentile-bootstrap intervals.

    Units (rows) are resampled with replacement ``n_boot`` times — the same resamples for every
    frame — from ``numpy.random.default_rng(seed)``; a replicate whose ratio is undefined (zero
    denominator) is left out of that ratio's interval.

    Parameters
    ----------
    gold, predicted
        One 0/1 (or boolean) column per frame, rows aligned.
    frames
        The frames to score.
    n_boot
        Bootstrap replicates (0: no intervals, the bounds are NaN).
    seed
        The random seed; the same seed gives the same intervals.
    ci
        The interval's coverage.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`Evaluation.metrics`.

    Examples
    --------
    >>> gold = pd.DataFrame({"f": [1, 1, 0, 0]})
    >>> pred = pd.DataFrame({"f": [1, 0, 1, 0]})
    >>> row = score_table(gold, pred, frames=["f"], n_boot=0).iloc[0]
    >>> int(row.tp), int(row.fp), int(row.fn), int(row.tn), float(row.precision)
    (1, 1, 1, 1, 0.5)
    """
    if len(gold) != len(predicted):
        raise InputError(f"gold has {len(gold)} rows but predicted has {len(predicted)}")
    if not 0 < ci < 1:
        raise InputError(f"ci must be between 0 and 1, got {ci}")
    n = len(gold)
    boot = _bootstrap_indices(n, n_boot, seed) if n_boot > 0 and n > 0 else None
    rows = []
    for frame in frames:
        g = gold[frame].to_numpy().astype(bool)
        p = predicted[frame].to_numpy().astype(bool)
        point = _scores(g, p)
        row: dict[str, Any] = {
            "frame": frame,
            "n": n,
            "support": int(g.sum()),
            "predicted": int(p.sum()),
            **{k: int(point[k]) for k in ("tp", "fp", "fn", "tn")},
        }
        replicates = _scores(g[boot], p[boot]) if boot is not None else None
        for metric in ("precision", "recall", "f1"):
            row[metric] = float(point[metric])
            if replicates is None:
                row[f"{metric}_low"], row[f"{metric}_high"] = float("nan"), float("nan")
            else:
                row[f"{metric}_low"], row[f"{metric}_high"] = _interval(replicates[metric], ci)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def indicator_precision(
    matches: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
    predicted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The precision of every indicator that fired: which rules misfire.

    An indicator *fires* on a unit when it produced a match there that is not negated; it is a
    true positive when the unit is coded with the indicator's frame. Counts are of units, not of
    matches (an indicator matching twice in one unit counts once). A firing does not always make
    the detector flag the frame (a half-weight cue needs a second cue), so ``false_alarms``
    counts the misfires that did end in a false positive.

    Parameters
    ----------
    matches
        A match table (``doc_id, frame, indicator`` and optionally ``negated``) whose
        ``doc_id`` is the row position of the unit in ``gold``.
    gold
        One 0/1 column per frame, one row per unit.
    frames
        The frames to report (matches of other frames are ignored).
    predicted
        The detector's 0/1 frame columns, rows aligned with ``gold``; without it
        ``false_alarms`` is NA.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`Evaluation.indicators`.

    Examples
    --------
    >>> matches = pd.DataFrame({"doc_id": [0, 1, 1], "frame": ["f", "f", "f"],
    ...                         "indicator": ["f.a", "f.a", "f.b"], "negated": [False] * 3})
    >>> gold = pd.DataFrame({"f": [1, 0]})
    >>> indicator_precision(matches, gold, frames=["f"])[["indicator", "fires", "precision"]]
      indicator  fires  precision
    0       f.b      1        0.0
    1       f.a      2        0.5
    """
    _require(matches, ["doc_id", "frame", "indicator"], "the match table")
    fired = matches[matches["frame"].isin(list(frames))]
    if "negated" in fired.columns:
        fired = fired[~fired["negated"].fillna(False).astype(bool)]
    positions = pd.to_numeric(fired["doc_id"], errors="coerce")
    bad = positions.isna() | ~positions.between(0, len(gold) - 1)
    if bad.any():
        raise InputError(
            "the match table's doc_id must be the position of each unit among the texts "
            f"(0..{len(gold) - 1}); got {fired['doc_id'][bad].iloc[0]!r}"
        )
    fired = pd.DataFrame(
        {
            "unit": positions.astype(int).to_numpy(),
            "frame": fired["frame"].astype(str).to_numpy(),
            "indicator": fired["indicator"].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    units = fired["unit"].to_numpy()
    hit = np.zeros(len(fired), dtype=bool)
    alarm = np.zeros(len(fired), dtype=bool)
    for frame in frames:
        rows = (fired["frame"] == frame).to_numpy()
        hit[rows] = gold[frame].to_numpy().astype(bool)[units[rows]]
        if predicted is not None:
            alarm[rows] = predicted[frame].to_numpy().astype(bool)[units[rows]] & ~hit[rows]
    fired["hit"], fired["alarm"] = hit, alarm
    table = (
        fired.groupby(["frame", "indicator"], sort=True)
        .agg(fires=("unit", "size"), true_positives=("hit", "sum"), false_alarms=("alarm", "sum"))
        .reset_index()
    )
    for column in ("fires", "true_positives", "false_alarms"):
        table[column] = table[column].astype("int64")
    table["false_positives"] = table["fires"] - table["true_positives"]
    table["precision"] = table["true_positives"] / table["fires"]
    if predicted is None:
        table["false_alarms"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table = table.sort_values(
        ["frame", "precision", "fires", "indicator"], ascending=[True, True, False, True]
    )
    return table[list(INDICATOR_COLUMNS)].reset_index(drop=True)


def _predict(
    detector: FrameDetector, texts: list[str], frames: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    result = detector.detect_frames(texts)
    missing = [f for f in frames if f not in result.columns]
    if missing:
        raise InputError(
            f"the detector has no frame(s) {', '.join(missing)} "
            f"(its frames: {', '.join(map(str, result.columns))})"
        )
    if len(result) != len(texts):
        raise InputError(f"the detector returned {len(result)} rows for {len(texts)} texts")
    provenance = {
        "codebook_version": result.attrs.get("codebook_version"),
        "codebook_hash": result.attrs.get("codebook_hash"),
    }
    return result[list(frames)].reset_index(drop=True).astype(bool), provenance


# --------------------------------------------------------------------------- public entry points


def evaluate(
    annotations: pd.DataFrame | str | Path | None = None,
    *,
    split: str | None = "heldout",
    codebook: Any = None,
    frames: Sequence[str] = FRAMES,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    by: str | None = None,
) -> Evaluation:
    """Score the frame detector against the gold coding of one split.

    Parameters
    ----------
    annotations
        ``None`` (the committed set in ``corpus/validation``, coder 1 as gold), a folder holding
        ``units.csv`` and ``coder1.csv``, or a DataFrame: the output of
        :func:`load_annotations`, or your own coded set with ``text`` and one 0/1 column per
        frame (``unit_id`` and ``split`` optional).
    split
        ``"heldout"`` (default), ``"dev"``, or ``None`` for every unit.
    codebook
        The codebook for the default detector (``None``: the package's codebook; a path or a
        :class:`discourse.Codebook`).
    frames
        The frames to score.
    n_boot, seed, ci
        Bootstrap replicates, random seed and interval coverage (see :func:`score_table`).
    detector
        Anything with ``detect_frames(texts)`` and ``find_frames(texts)`` (see
        :class:`FrameDetector`); default :class:`CodebookDetector` with ``codebook``.
    corpora
        Corpus tables by name, to resolve unit texts without reloading (see :func:`unit_texts`).
    by
        A column of the annotations (e.g. ``"corpus"`` or ``"stratum"``) to score each of its
        groups apart as well, in :attr:`Evaluation.by_group`.

    Returns
    -------
    Evaluation
        ``metrics``, ``indicators``, ``predictions``, ``metadata`` and, with ``by``,
        ``by_group``.

    Examples
    --------
    A stand-in detector that flags ``"West"``; the evaluation of three coded sentences:

    >>> class Keyword:
    ...     def detect_frames(self, texts):
    ...         return pd.DataFrame({"anti_western": ["West" in t for t in texts]})
    ...     def find_frames(self, texts):
    ...         rows = [(i, "anti_western", "aw.west") for i, t in enumerate(texts) if "West" in t]
    ...         return pd.DataFrame(rows, columns=["doc_id", "frame", "indicator"])
    >>> coded = pd.DataFrame({"text": ["The West meddles.", "The West helps.", "Hands off!"],
    ...                       "anti_western": [1, 0, 1]})
    >>> result = evaluate(coded, split=None, frames=["anti_western"], detector=Keyword())
    >>> result.metrics[["frame", "tp", "fp", "fn", "precision", "recall"]]
              frame  tp  fp  fn  precision  recall
    0  anti_western   1   1   1        0.5     0.5
    >>> result.indicators[["indicator", "fires", "true_positives"]]
      indicator  fires  true_positives
    0   aw.west      2               1
    """
    frames = list(frames)
    coded = _select_split(_coded_set(annotations, frames, corpora), split)
    detector = detector if detector is not None else CodebookDetector(codebook)
    texts = coded["text"].astype(str).tolist()
    gold = coded[frames].reset_index(drop=True)
    predicted, provenance = _predict(detector, texts, frames)
    metrics = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, ci=ci)
    indicators = indicator_precision(
        detector.find_frames(texts), gold, frames=frames, predicted=predicted
    )
    split_column = (
        coded["split"].astype(str).to_numpy()
        if "split" in coded.columns
        else np.full(len(coded), "all")
    )
    predictions = pd.concat(
        [
            pd.DataFrame(
                {
                    "unit_id": coded["unit_id"].astype(str).to_numpy(),
                    "split": split_column,
                    "frame": frame,
                    "gold": gold[frame].to_numpy().astype(int),
                    "predicted": predicted[frame].to_numpy().astype(int),
                }
            )
            for frame in frames
        ],
        ignore_index=True,
    )
    metadata = {
        "split": split if split is not None else "all",
        "n": len(coded),
        "frames": tuple(frames),
        "n_boot": n_boot,
        "seed": seed,
        "ci": ci,
        **provenance,
    }
    by_group = None
    if by is not None:
        _require(coded, [by], "the annotations")
        keys = coded[by].astype(str).to_numpy()
        by_group = pd.concat(
            [
                score_table(
                    gold[keys == group].reset_index(drop=True),
                    predicted[keys == group].reset_index(drop=True),
                    frames=frames,
                    n_boot=n_boot,
                    seed=seed,
                    ci=ci,
                ).assign(**{by: group})
                for group in sorted(set(keys))
            ],
            ignore_index=True,
        )[[by, *METRIC_COLUMNS]]
        metadata["by"] = by
    for table in (metrics, indicators, predictions, by_group):
        if table is not None:
            table.attrs.update(metadata)
    return Evaluation(metrics, indicators, predictions, metadata, by_group)


def agreement(
    first: pd.DataFrame | str | Path | None = None,
    second: pd.DataFrame | str | Path | None = None,
    *,
    frames: Sequence[str] = FRAMES,
    folder: str | Path | None = None,
) -> pd.DataFrame:
    """Inter-coder agreement per frame on the units both coders coded.

    Parameters
    ----------
    first, second
        The two coders' tables (``unit_id`` plus one 0/1 column per frame) or CSV paths;
        default ``coder1.csv`` and ``coder2.csv`` in ``folder``.
    frames
        The frames to compare.
    folder
        The annotation folder (default ``corpus/validation``); when it holds ``units.csv``,
        coder files read from it are checked against it (unknown unit ids are an error).

    Returns
    -------
    pandas.DataFrame
        ``frame, n`` (units coded by both), ``coder1_positive``, ``coder2_positive``,
        ``percent_agreement`` (0-100), ``krippendorff_alpha`` (nominal) and ``cohen_kappa``.
        Alpha and kappa are NaN when both coders use a single category throughout.

    Examples
    --------
    >>> a = pd.DataFrame({"unit_id": ["1", "2", "3", "4"], "f": [1, 0, 1, 1]})
    >>> b = pd.DataFrame({"unit_id": ["1", "2", "3", "4"], "f": [1, 0, 0, 1]})
    >>> agreement(a, b, frames=["f"])[["n", "percent_agreement", "krippendorff_alpha"]].round(4)
       n  percent_agreement  krippendorff_alpha
    0  4               75.0              0.5333
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    frames = list(frames)
    base = _validation_dir(folder)
    unit_ids: list[str] | None = None
    if (base / "units.csv").is_file() and (first is None or second is None):
        unit_ids = check_units(_read_csv(base / "units.csv"))["unit_id"].tolist()

    def read(table: pd.DataFrame | str | Path | None, default: str) -> pd.DataFrame:
        if table is None:
            table = _read_csv(base / default)
        elif not isinstance(table, pd.DataFrame):
            table = _read_csv(Path(table))
        return check_codes(table, frames=frames, unit_ids=unit_ids)

    one, two = read(first, "coder1.csv"), read(second, "coder2.csv")
    both = one.merge(two, on="unit_id", suffixes=("_1", "_2"), validate="one_to_one")
    if both.empty:
        raise InputError("the two coders have no unit in common")
    rows = []
    for frame in frames:
        a = both[f"{frame}_1"].to_numpy()
        b = both[f"{frame}_2"].to_numpy()
        single = len(set(a) | set(b)) < 2
        alpha = (
            float("nan")
            if single
            else float(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))
        )
        kappa = float("nan") if single else float(cohen_kappa_score(a, b))
        rows.append(
            {
                "frame": frame,
                "n": len(both),
                "coder1_positive": int(a.sum()),
                "coder2_positive": int(b.sum()),
                "percent_agreement": float((a == b).mean() * 100),
                "krippendorff_alpha": alpha,
                "cohen_kappa": kappa,
            }
        )
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def baseline_pipeline(*, seed: int = 0) -> Any:
    """The supervised baseline: TF-IDF (uni- and bigrams) + balanced logistic regression.

    Examples
    --------
    >>> [name for name, _ in baseline_pipeline().steps]
    ['tfidf', 'logreg']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "logreg",
                LogisticRegression(class_weight="balanced", max_iter=1000, random_state=seed),
            ),
        ]
    )


def cross_validated_predictions(
    texts: Sequence[str],
    gold: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
    n_splits: int = 5,
    seed: int = 0,
    make_model: Callable[[], Any] | None = None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Out-of-fold predictions of the supervised baseline, one model per frame.

    Folds are stratified on the frame's label and shuffled with ``seed``; a frame with fewer
    positives (or negatives) than ``n_splits`` uses as many folds as it has.

    Returns
    -------
    tuple
        The 0/1 predictions (one column per frame) and the number of folds used per frame.

    Raises
    ------
    InputError
        A frame with fewer than two positive or two negative units cannot be cross-validated.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = list(texts)
    predictions: dict[str, np.ndarray] = {}
    folds: dict[str, int] = {}
    for frame in frames:
        y = gold[frame].to_numpy().astype(int)
        smaller = int(min(y.sum(), len(y) - y.sum()))
        if smaller < 2:
            raise InputError(
                f"{frame}: {int(y.sum())} positive and {len(y) - int(y.sum())} negative units; "
                "cross-validation needs at least two of each"
            )
        k = min(n_splits, smaller)
        model = make_model() if make_model is not None else baseline_pipeline(seed=seed)
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        predictions[frame] = cross_val_predict(model, texts, y, cv=cv)
        folds[frame] = k
    return pd.DataFrame(predictions), folds


def trained_predictions(
    training: pd.DataFrame,
    texts: Sequence[str],
    *,
    frames: Sequence[str] = FRAMES,
    seed: int = 0,
    make_model: Callable[[], Any] | None = None,
) -> pd.DataFrame:
    """Predictions of the supervised baseline trained once on ``training`` (``text`` + frames).

    Raises
    ------
    InputError
        A frame without both a positive and a negative training unit.

    Examples
    --------
    >>> training = pd.DataFrame({"text": ["old values", "new roads"] * 3, "f": [1, 0] * 3})
    >>> trained_predictions(training, ["values", "roads"], frames=["f"])["f"].tolist()
    [1, 0]
    """
    predictions: dict[str, np.ndarray] = {}
    for frame in frames:
        y = training[frame].to_numpy().astype(int)
        if y.min() == y.max():
            raise InputError(
                f"{frame}: the {len(y)} training units are all {int(y[0])}; "
                "training needs both positive and negative units"
            )
        model = make_model() if make_model is not None else baseline_pipeline(seed=seed)
        model.fit(training["text"].astype(str).tolist(), y)
        predictions[frame] = model.predict(list(texts))
    return pd.DataFrame(predictions)


def baseline(
    annotations: pd.DataFrame | str | Path | None = None,
    *,
    split: str | None = None,
    codebook: Any = None,
    frames: Sequence[str] = FRAMES,
    n_splits: int = 5,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    train: str | None = None,
) -> pd.DataFrame:
    """The codebook beside a supervised baseline, on the same units.

    By default the baseline (:func:`baseline_pipeline`) is trained and tested by stratified
    k-fold cross-validation over the whole coded set (``split=None``) and scored from its
    out-of-fold predictions. With ``train="dev", split="heldout"`` it is instead trained once on
    the dev units and scored on the held-out ones — the same protocol as the codebook, whose
    rules were written with the dev units in view. Either way the codebook is scored on the same
    units as the baseline, and both get bootstrap intervals from the same resamples.

    Parameters
    ----------
    annotations, codebook, frames, detector, corpora
        As for :func:`evaluate`.
    split
        The units scored: ``None`` (every coded unit, default), ``"dev"`` or ``"heldout"``.
    n_splits
        Folds of the cross-validation (fewer for a frame with fewer positives).
    n_boot, seed, ci
        As for :func:`score_table`; ``seed`` also fixes the folds.
    train
        A split to train the baseline on instead of cross-validating (must differ from
        ``split``).

    Returns
    -------
    pandas.DataFrame
        ``method`` (``codebook`` or ``tfidf_logreg``), ``training`` (``rules`` for the
        codebook, ``cv`` for cross-validation, or the training split), ``n_splits`` (folds; 0
        without cross-validation) and the columns of :attr:`Evaluation.metrics`, one row per
        method and frame.

    Examples
    --------
    >>> class Keyword:
    ...     def detect_frames(self, texts):
    ...         return pd.DataFrame({"f": ["values" in t for t in texts]})
    ...     def find_frames(self, texts):
    ...         return pd.DataFrame(columns=["doc_id", "frame", "indicator"])
    >>> texts = [f"we defend {w} number {i}" for i in range(6) for w in ("values", "roads")]
    >>> coded = pd.DataFrame({"text": texts, "f": [1, 0] * 6})
    >>> table = baseline(coded, frames=["f"], n_splits=3, n_boot=0, detector=Keyword())
    >>> table[["method", "training", "frame", "f1"]]
             method training frame   f1
    0      codebook    rules     f  1.0
    1  tfidf_logreg       cv     f  1.0
    """
    frames = list(frames)
    everything = _coded_set(annotations, frames, corpora)
    coded = _select_split(everything, split)
    detector = detector if detector is not None else CodebookDetector(codebook)
    texts = coded["text"].astype(str).tolist()
    gold = coded[frames].reset_index(drop=True)
    codebook_pred, provenance = _predict(detector, texts, frames)
    if train is None:
        learned, folds = cross_validated_predictions(
            texts, gold, frames=frames, n_splits=n_splits, seed=seed
        )
        training, n_folds = "cv", [folds[f] for f in frames]
    else:
        if split is None or split == train:
            raise InputError(
                f"train={train!r} needs a different split to score on, e.g. split='heldout'"
            )
        learned = trained_predictions(
            _select_split(everything, train), texts, frames=frames, seed=seed
        )
        training, n_folds = train, [0] * len(frames)
    parts = []
    for method, kind, predicted, folds_used in [
        (CODEBOOK_METHOD, "rules", codebook_pred, [0] * len(frames)),
        (BASELINE_METHOD, training, learned, n_folds),
    ]:
        part = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, ci=ci)
        part.insert(0, "n_splits", folds_used)
        part.insert(0, "training", kind)
        part.insert(0, "method", method)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table.attrs.update(
        {
            "split": split if split is not None else "all",
            "n": len(coded),
            "frames": tuple(frames),
            "n_boot": n_boot,
            "seed": seed,
            "ci": ci,
            **provenance,
        }
    )
    return table


def interval_text(table: pd.DataFrame, frame: str, *, metric: str = "f1", digits: int = 2) -> str:
    """A score with its interval as text, for findings and reports: ``"0.81 [0.72, 0.88]"``.

    Parameters
    ----------
    table
        A metrics table with one row for ``frame`` (filter a :func:`baseline` table by method).
    frame
        The frame.
    metric
        ``precision``, ``recall`` or ``f1``.
    digits
        Decimal places.

    Examples
    --------
    >>> table = pd.DataFrame({"frame": ["f"], "f1": [0.8], "f1_low": [0.7], "f1_high": [0.9]})
    >>> interval_text(table, "f")
    '0.80 [0.70, 0.90]'
    """
    rows = table[table["frame"] == frame]
    if len(rows) != 1:
        raise InputError(f"expected one row for frame {frame!r}, found {len(rows)}")
    row = rows.iloc[0]
    value, low, high = (float(row[metric + suffix]) for suffix in ("", "_low", "_high"))
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


# --------------------------------------------------------------------------- figure


def plot_scores(
    table: pd.DataFrame,
    *,
    metric: str = "f1",
    ax: Axes | None = None,
) -> Axes:
    """Point estimates with their bootstrap intervals, one row per frame, one marker per method.

    Parameters
    ----------
    table
        A metrics table (:attr:`Evaluation.metrics` or :func:`baseline`): ``frame``,
        ``<metric>``, ``<metric>_low``, ``<metric>_high`` and optionally ``method``.
    metric
        ``precision``, ``recall`` or ``f1``.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"frame": ["f"], "f1": [0.8], "f1_low": [0.7], "f1_high": [0.9]})
    >>> plot_scores(table).get_xlabel()
    'F1 (95% bootstrap interval)'
    """
    import matplotlib.pyplot as plt

    _require(table, ["frame", metric, f"{metric}_low", f"{metric}_high"], "the metrics table")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 1.2 + 0.7 * table["frame"].nunique()))
    methods = list(dict.fromkeys(table["method"])) if "method" in table.columns else [None]
    frames = list(dict.fromkeys(table["frame"]))
    step = 0.6 / max(len(methods), 1)
    markers = "osD^v"
    for j, method in enumerate(methods):
        rows = table if method is None else table[table["method"] == method]
        rows = rows.set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + (j - (len(methods) - 1) / 2) * step
        value = rows[metric].to_numpy(dtype=float)
        low = value - rows[f"{metric}_low"].to_numpy(dtype=float)
        high = rows[f"{metric}_high"].to_numpy(dtype=float) - value
        ax.errorbar(
            value,
            y,
            xerr=np.vstack([low, high]),
            fmt=markers[j % len(markers)],
            capsize=3,
            label=method,
        )
    ax.set_yticks(np.arange(len(frames)), frames)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.02)
    label = {"f1": "F1"}.get(metric, metric.capitalize())
    coverage = float(table.attrs.get("ci", 0.95)) * 100
    ax.set_xlabel(f"{label} ({coverage:g}% bootstrap interval)")
    ax.grid(axis="x", alpha=0.3)
    if methods != [None]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax
