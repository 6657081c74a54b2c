"""Us versus them: van Dijk's ideological square, counted per sentence.

In: a sentence table (or a corpus table, or texts). Out: one row per sentence with its
in-group and out-group counts (:func:`us_them`), and one index per document
(:func:`polarisation`).

Van Dijk's square: emphasise *our* good things and *their* bad things, de-emphasise our bad
things and their good things. :func:`us_them` counts, in each sentence, the references to the
in-group and the out-group and how each is evaluated; :func:`polarisation` sums them per
document into one index.

References
----------
- **in-group** ("us"): the pronouns *we, our, us, ours, ourselves*, and the actors of the
  in-group: the speaker's nation and the actors belonging to it (``country`` in the gazetteer),
  found from ``in_group=`` if given, else from the speaker (a leader of the gazetteer: Ilham
  Aliyev gives AZE), else from the document's ``iso3`` (or ``country``, a name the gazetteer
  knows) in the corpus table.
- **out-group** ("them"): the pronouns *they, their, them, theirs, themselves*, and the named
  actors of the gazetteer outside the in-group (all of them, or only those selected by
  ``out_group=``, e.g. ``"west"``: ids, names, iso3 codes or tags).
  "US" in capitals is the United States, never the pronoun.

Each reference is scored like an actor mention in :func:`discourse.actor_stance` (same lexicon,
clause, roles and negation), so ``us_pos`` counts in-group references evaluated positively.

The polarisation index of a document
------------------------------------
``(us_pos + them_neg - us_neg - them_pos) / (us_refs + them_refs)``: +1 when every reference
follows the square (we are good, they are bad), -1 when every one inverts it, 0 when
evaluations balance or no reference is evaluated; NaN for a document without references.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from .._validation import require_columns
from ..errors import InputError
from ._tokens import iter_units, mention_voice, narrators, tokenise
from .stance import (
    EvaluationLexicon,
    Gazetteer,
    Mention,
    resolve_lexicons,
    score_mentions,
    sentence_units,
)

__all__ = ["POLARISATION_COLUMNS", "US_THEM_COLUMNS", "polarisation", "us_them"]

IN_PRONOUNS = frozenset({"we", "our", "us", "ours", "ourselves"})
OUT_PRONOUNS = frozenset({"they", "their", "them", "theirs", "themselves"})
_COUNTS = ["us_refs", "us_pos", "us_neg", "them_refs", "them_pos", "them_neg"]

#: Stable columns of :func:`us_them`.
US_THEM_COLUMNS = ["doc_id", "sent_id", "voice", "speaker", "in_group", *_COUNTS]
#: Stable columns of :func:`polarisation` (after the grouping column).
POLARISATION_COLUMNS = [*_COUNTS, "references", "polarisation"]


def _speaker_nation(speaker: Any, gazetteer: Gazetteer) -> str | None:
    if not isinstance(speaker, str):
        return None
    for _, _, actor in gazetteer.find(speaker):
        if actor.type == "state" and actor.iso3:
            return actor.iso3
        if actor.country:
            return actor.country
    return None


def us_them(
    x: Any,
    *,
    in_group: str | Iterable[str] | None = None,
    out_group: str | Iterable[str] | None = None,
    corpus: pd.DataFrame | None = None,
    actors: Gazetteer | str | Path | None = None,
    evaluation: EvaluationLexicon | str | Path | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Count and evaluate in-group and out-group references per sentence.

    Parameters
    ----------
    x
        A sentence table (preferred: its ``voice`` and ``speaker`` are used), a corpus table,
        a string or a list of strings.
    in_group
        The in-group's nation(s) as iso3 codes, actor ids or names (e.g. ``"AZE"``); default:
        from each sentence's speaker, else from ``corpus`` / the table's ``iso3`` column.
    out_group
        Restrict named out-group actors to these ids, names, iso3 codes or tags (``"west"``);
        default: every named actor outside the in-group.
    corpus
        A corpus table whose ``iso3`` column gives each document's nation (used when ``x`` is
        a sentence table and the speaker does not say).
    actors, evaluation
        Gazetteer and evaluative lexicon, as for :func:`discourse.actor_stance`.
    progress
        Show a progress bar (tables of 500 text units or more; default ``True``).

    Returns
    -------
    pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, ``voice``, ``speaker``, ``in_group``
        (the iso3 used, NA if none), ``us_refs``, ``us_pos``, ``us_neg``, ``them_refs``,
        ``them_pos``, ``them_neg`` (and ``part`` for a table cut with ``split_quotes=True``).
        A sentence of mixed voice is split by quotation marks: its quoted and narrated
        references are counted on separate rows.

    Examples
    --------
    >>> text = "We are reliable partners. They failed. France exploits others."
    >>> t = us_them(text, in_group="AZE")
    >>> t[["sent_id", "us_refs", "us_pos", "them_refs", "them_neg"]]
       sent_id  us_refs  us_pos  them_refs  them_neg
    0        0        1       1          0         0
    1        1        0       0          1         1
    2        2        0       0          1         1
    """
    gazetteer, lex = resolve_lexicons(actors, evaluation)
    fixed_in = (
        None
        if in_group is None
        else gazetteer.select([in_group] if isinstance(in_group, str) else in_group)
    )
    if fixed_in is not None:
        if not fixed_in:
            raise InputError(
                f"in_group {in_group!r} names no actor of the gazetteer {gazetteer.path}"
            )
        nations = {i for a in fixed_in if (i := gazetteer.actors[a].iso3) is not None}
        fixed_in |= {a.id for a in gazetteer.actors.values() if a.country in nations}
    allowed_out = None
    if out_group is not None:
        allowed_out = gazetteer.select([out_group] if isinstance(out_group, str) else out_group)
        if not allowed_out:
            raise InputError(
                f"out_group {out_group!r} names no actor of the gazetteer {gazetteer.path}"
            )
    doc_nation: dict[str, str] = {}
    source = corpus if corpus is not None else x if isinstance(x, pd.DataFrame) else None
    if source is not None and "doc_id" in source.columns:
        for column in ("country", "iso3"):  # iso3 wins where both are given
            if column in source.columns:
                for d, value in zip(source["doc_id"], source[column], strict=True):
                    code = value if column == "iso3" else _speaker_nation(value, gazetteer)
                    if isinstance(code, str) and code:
                        doc_nation[str(d)] = code
    units = sentence_units(x)  # validates the input type (as_units) with a clear error
    narrator = narrators(units)
    has_part = "part" in units.columns
    rows: list[dict[str, Any]] = []
    for unit in iter_units(units, desc="us_them" if progress else None):
        speaker = getattr(unit, "speaker", pd.NA)
        if fixed_in is not None:
            in_ids, nation = (
                fixed_in,
                ",".join(sorted(nations)) if nations else ",".join(sorted(fixed_in)),
            )
        else:
            nation = _speaker_nation(speaker, gazetteer) or doc_nation.get(unit.doc_id) or ""
            in_ids = {
                a.id for a in gazetteer.actors.values() if nation and nation in (a.iso3, a.country)
            }
        toks = tokenise(unit.text)
        mentions = []
        for form, s, e in zip(toks.forms, toks.starts, toks.ends, strict=True):
            low = form.lower()
            if low in IN_PRONOUNS and not (form.isupper() and len(form) > 1):
                mentions.append(Mention(int(s), int(e), "us"))
            elif low in OUT_PRONOUNS:
                mentions.append(Mention(int(s), int(e), "them"))
        for s, e, actor in gazetteer.find(unit.text):
            if actor.id in in_ids:
                mentions.append(Mention(s, e, "us"))
            elif allowed_out is None or actor.id in allowed_out:
                mentions.append(Mention(s, e, "them"))
        mentions.sort(key=lambda m: m.start)
        counts: dict[tuple[Any, Any], dict[str, int]] = {}
        for sc in score_mentions(unit.text, mentions, lex, toks):
            voice, who = mention_voice(unit, sc.in_quote, narrator.get(unit.doc_id, pd.NA))
            c = counts.setdefault((voice, who), dict.fromkeys(_COUNTS, 0))
            side = sc.mention.label
            c[f"{side}_refs"] += 1
            c[f"{side}_pos"] += sc.stance > 0
            c[f"{side}_neg"] += sc.stance < 0
        if not counts:
            voice, who = mention_voice(unit, False, narrator.get(unit.doc_id, pd.NA))
            counts[(voice, who)] = dict.fromkeys(_COUNTS, 0)
        for (voice, who), c in counts.items():
            rows.append(
                {
                    "doc_id": unit.doc_id,
                    "sent_id": unit.sent_id,
                    "voice": voice,
                    "speaker": who,
                    "in_group": nation if nation else pd.NA,
                    **c,
                    **({"part": unit.part} if has_part else {}),
                }
            )
    result = pd.DataFrame(rows, columns=US_THEM_COLUMNS + (["part"] if has_part else []))
    return conform(result.astype({"sent_id": "int64", **{c: "int64" for c in _COUNTS}}))


def polarisation(table: pd.DataFrame, *, by: str | list[str] = "doc_id") -> pd.DataFrame:
    """The ideological-square index per group of a :func:`us_them` table.

    Parameters
    ----------
    table
        A :func:`us_them` table (e.g. filtered to ``voice == "quote"``).
    by
        Column(s) to group by (default ``doc_id``; ``"speaker"``, ``"voice"``...).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, the summed counts, ``references`` (``us_refs + them_refs``) and
        ``polarisation`` = ``(us_pos + them_neg - us_neg - them_pos) / references`` (NaN
        without references; see the module docstring).

    Examples
    --------
    >>> text = "We are reliable partners. They failed. France exploits others."
    >>> t = us_them(text, in_group="AZE")
    >>> polarisation(t)[["doc_id", "references", "polarisation"]]
      doc_id  references  polarisation
    0  doc-0           3           1.0
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(
        table, [*keys, *_COUNTS], "polarisation: the table", hint="pass a us_them() table"
    )
    sums = table.groupby(keys, dropna=False, sort=True)[_COUNTS].sum().reset_index()
    sums["references"] = sums["us_refs"] + sums["them_refs"]
    square = sums["us_pos"] + sums["them_neg"] - sums["us_neg"] - sums["them_pos"]
    with np.errstate(divide="ignore", invalid="ignore"):
        sums["polarisation"] = np.where(
            sums["references"] > 0,
            square / sums["references"].where(sums["references"] > 0),
            np.nan,
        )
    return conform(sums[[*keys, *POLARISATION_COLUMNS]])
