"""Coding in JupyterLab: an ipywidgets coder for a sample, saving after every unit.

In: a sample (:func:`~discourse.validation.design.coding_sample`) and the coder's file. Out: that
file, ``unit_id``, one 0/1 column per frame, ``unsure``, ``note``, ``coder`` (one row per coded
unit, in coding order), which :func:`~discourse.validation.coding.read_codes` reads.

The coder sees the unit (bold) between the sentences before and after it, the source line and
the frames' definitions; one toggle button per frame (pressed: the frame is present), an
``unsure`` toggle and a note. "Save and next" (or "Skip") writes the whole file atomically
(temporary file, then rename: a crash never leaves half a file) and moves on; "Back" returns to
the previous unit. Reopening the same file with the same coder resumes at the first unit
without a code. A file that belongs to another coder is never written to.

Only the unit, its context and its source are shown: never the stratum, the inclusion
probability or anything the detector said.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._atomic import write_atomic
from .._validation import require_columns
from ..errors import InputError
from ..frames.codebook import Codebook, resolve_codebook

__all__ = ["Coder", "code_units"]

_REQUIRED = ("unit_id", "text")


class Coder:
    """The coding widget and its state (returned by :func:`code_units`; displays itself).

    Attributes
    ----------
    frame_buttons
        One ``ToggleButton`` per frame.
    unsure, note
        The ``unsure`` toggle and the note box.
    next_button, skip_button, back_button
        Save and go to the next unit; save the unit as uncoded and go on; go back one unit.
    position
        The index (in the sample's order) of the unit on screen; ``len(sample)`` when done.
    codes
        The codes so far, one row per coded unit (what the file holds).
    """

    def __init__(
        self,
        sample: pd.DataFrame,
        path: Path,
        coder: str,
        frames: list[str],
        cb: Codebook,
    ) -> None:
        import ipywidgets as w

        self.sample = sample.reset_index(drop=True)
        self.path = path
        self.coder = coder
        self.frames = frames
        self.codes = _existing(path, coder, frames, self.sample)
        coded = set(self.codes["unit_id"])
        self.position = next(
            (i for i, u in enumerate(self.sample["unit_id"]) if u not in coded), len(self.sample)
        )
        self.header = w.HTML()
        self.unit = w.HTML()
        labels = {f.id: f.label for f in cb.frames}
        self.frame_buttons = {
            f: w.ToggleButton(description=labels.get(f, f), tooltip=f, value=False) for f in frames
        }
        self.unsure = w.ToggleButton(description="unsure", value=False)
        self.note = w.Text(placeholder="note (optional)")
        self.next_button = w.Button(description="Save and next", button_style="primary")
        self.skip_button = w.Button(description="Skip")
        self.back_button = w.Button(description="Back")
        self.status = w.HTML()
        self.next_button.on_click(lambda _: self.save_and_next())
        self.skip_button.on_click(lambda _: self.skip())
        self.back_button.on_click(lambda _: self.back())
        definitions = w.HTML(_definitions_html(frames, cb))
        accordion = w.Accordion(children=[definitions], titles=("Definitions",))
        self.widget = w.VBox(
            [
                self.header,
                self.unit,
                w.HBox(list(self.frame_buttons.values()) + [self.unsure]),
                self.note,
                w.HBox([self.back_button, self.skip_button, self.next_button]),
                self.status,
                accordion,
            ]
        )
        self._show()

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _show(self) -> None:
        total = len(self.sample)
        done = len(self.codes)
        if self.position >= total:
            self.header.value = f"<b>All {total} units coded.</b> Codes are in {_esc(self.path)}."
            self.unit.value = ""
            for button in (*self.frame_buttons.values(), self.unsure, self.next_button):
                button.disabled = True
            self.skip_button.disabled = True
            return
        row = self.sample.iloc[self.position]
        self.header.value = (
            f"Unit {self.position + 1} of {total} ({done} coded) &middot; coder "
            f"<code>{_esc(self.coder)}</code> &middot; {_esc(_text(row, 'source'))}"
        )
        self.unit.value = (
            f"<p style='color:#666'>{_esc(_text(row, 'before'))}</p>"
            f"<p><b>{_esc(_text(row, 'text'))}</b></p>"
            f"<p style='color:#666'>{_esc(_text(row, 'after'))}</p>"
        )
        previous = self.codes[self.codes["unit_id"] == row["unit_id"]]
        for frame, button in self.frame_buttons.items():
            button.disabled = False
            button.value = bool(len(previous)) and str(previous[frame].iloc[0]) == "1"
        self.unsure.disabled = self.next_button.disabled = self.skip_button.disabled = False
        self.unsure.value = bool(len(previous)) and str(previous["unsure"].iloc[0]) == "1"
        self.note.value = str(previous["note"].iloc[0]) if len(previous) else ""

    # ------------------------------------------------------------------ actions

    def _record(self, values: dict[str, str]) -> None:
        unit = str(self.sample["unit_id"].iloc[self.position])
        row = {"unit_id": unit, **values, "note": self.note.value.strip(), "coder": self.coder}
        kept = self.codes[self.codes["unit_id"] != unit]
        self.codes = pd.concat([kept, pd.DataFrame([row])], ignore_index=True)[
            ["unit_id", *self.frames, "unsure", "note", "coder"]
        ]
        _write(self.path, self.codes)
        self.status.value = f"saved unit {_esc(unit)}"
        self.position += 1
        self._show()

    def save_and_next(self) -> None:
        """Save the unit's codes as on screen (unsure: frames left empty) and go on."""
        if self.position >= len(self.sample):
            return
        unsure = bool(self.unsure.value)
        values = {
            f: "" if unsure else ("1" if self.frame_buttons[f].value else "0") for f in self.frames
        }
        self._record({**values, "unsure": "1" if unsure else "0"})

    def skip(self) -> None:
        """Record the unit as seen but not coded (frames empty, unsure) and go on."""
        if self.position >= len(self.sample):
            return
        self._record({**dict.fromkeys(self.frames, ""), "unsure": "1"})

    def back(self) -> None:
        """Show the previous unit again (its saved codes on the buttons)."""
        if self.position > 0:
            self.position -= 1
            self._show()


def _esc(value: object) -> str:
    return html.escape(str(value))


def _text(row: pd.Series, column: str) -> str:
    value = row.get(column)
    return "" if value is None or pd.isna(value) else str(value)


def _definitions_html(frames: Sequence[str], cb: Codebook) -> str:
    parts = []
    for frame in cb.frames:
        if frame.id in frames:
            parts.append(
                f"<p><b>{_esc(frame.label)}</b> (<code>{_esc(frame.id)}</code>): "
                f"{_esc(' '.join(frame.definition.split()))}</p>"
            )
    return "".join(parts)


def _write(path: Path, codes: pd.DataFrame) -> None:
    buffer = io.StringIO()
    codes.to_csv(buffer, index=False, lineterminator="\n")
    write_atomic(path, buffer.getvalue().encode("utf-8"))


def _existing(path: Path, coder: str, frames: list[str], sample: pd.DataFrame) -> pd.DataFrame:
    """The codes already in ``path`` (this coder's), or an empty table; refuse another's file."""
    columns = ["unit_id", *frames, "unsure", "note", "coder"]
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "coder" not in table.columns or "unit_id" not in table.columns:
        raise InputError(
            f"{path} exists and is not a coder's file from code_units (no 'coder' or 'unit_id' "
            "column); it is left untouched: choose another path"
        )
    others = sorted(set(table["coder"]) - {coder})
    if others:
        raise InputError(
            f"{path} holds codes of coder {', '.join(map(repr, others))}, not {coder!r}; it is "
            "never overwritten: give each coder their own file"
        )
    require_columns(table, columns, str(path), hint="was it edited by hand?")
    unknown = sorted(set(table["unit_id"]) - set(sample["unit_id"].astype(str)))
    if unknown:
        raise InputError(
            f"{path}: unit(s) {', '.join(unknown[:5])} are not in this sample; was the file coded "
            "from another sample?"
        )
    return table[columns]


def code_units(
    sample: pd.DataFrame,
    path: str | Path,
    *,
    coder: str,
    frames: Sequence[str] | None = None,
    codebook: Codebook | str | None = None,
) -> Coder:
    """Code a sample in JupyterLab: one unit at a time, saved after every unit.

    Parameters
    ----------
    sample
        A sample from :func:`~discourse.validation.design.coding_sample` (or a table with
        ``unit_id`` and ``text``, and optionally ``source``, ``before``, ``after``).
    path
        The coder's file (CSV). Created if missing; if it holds this coder's codes, coding
        resumes at the first unit without a code.
    coder
        The coder's name, stored in every row; a file of another coder is refused.
    frames
        The frames to code (default: the sample's, else the codebook's).
    codebook
        Whose labels and definitions to show (default: the default codebook).

    Returns
    -------
    Coder
        Displays as the widget in a notebook; its buttons can be driven from code.

    Raises
    ------
    InputError
        A sample without ``unit_id``/``text``, an empty ``coder``, or a file that belongs to
        another coder, is not a coder's file, or names units outside the sample.

    Examples
    --------
    >>> import tempfile
    >>> sample = pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["We defend faith.", "Rain."]})
    >>> path = Path(tempfile.mkdtemp()) / "codes.csv"
    >>> coder = code_units(sample, path, coder="ana", frames=["traditional_values"])
    >>> coder.frame_buttons["traditional_values"].value = True
    >>> coder.next_button.click()
    >>> print(path.read_text().strip())
    unit_id,traditional_values,unsure,note,coder
    u1,1,0,,ana
    >>> code_units(sample, path, coder="ana", frames=["traditional_values"]).position
    1
    """
    require_columns(
        sample, _REQUIRED, "code_units: the sample", hint="pass a table from coding_sample"
    )
    if not isinstance(coder, str) or not coder.strip():
        raise InputError("code_units: name the coder (coder='...'), stored with every code")
    cb = resolve_codebook(codebook)
    chosen = list(frames) if frames is not None else list(sample.attrs.get("frames") or [])
    chosen = chosen or list(cb.frame_ids)
    unknown = [f for f in chosen if f not in cb.frame_ids]
    if unknown:
        raise InputError(f"frames: {', '.join(unknown)} not in the codebook")
    if sample["unit_id"].duplicated().any():
        raise InputError("code_units: the sample lists a unit_id twice")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Coder(sample, path, coder.strip(), chosen, cb)
