"""Every committed figure and table is what the notebooks make now, byte for byte.

One test, slow by nature: it regenerates everything with the pipeline into a temporary folder
(or ``$DISCOURSE_FIGURES_OUT``, which CI publishes) and compares it with ``figures/``. Outputs of
notebooks whose external corpus is unreachable cannot be checked; they are listed in the skip
reason after everything else has been compared.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from discourse.corpus.paths import figures_dir
from discourse.report.pipeline import run
from discourse.report.save import INDEX_FILE, PROVENANCE_FILE, load_provenance


@pytest.mark.slow
@pytest.mark.mirror
def test_committed_figures_are_fresh(tmp_path: Path) -> None:
    committed = figures_dir()
    expected = load_provenance(committed)
    if not expected:
        pytest.skip(f"no committed outputs in {committed} yet (run `make figures`)")
    out = Path(os.environ.get("DISCOURSE_FIGURES_OUT") or tmp_path / "figures")
    result = run(out, build_dir=tmp_path / "build", export_html=False, progress=False)
    fresh = load_provenance(out)
    skipped = {nb.name: nb.reason for nb in result.skipped}

    problems = []
    for file, entry in sorted(expected.items()):
        if entry["notebook"] in skipped:
            continue
        if file not in fresh:
            problems.append(
                f"figures/{file}: committed, but notebooks/{entry['notebook']}.py "
                "no longer makes it"
            )
        elif (out / file).read_bytes() != (committed / file).read_bytes():
            problems.append(f"figures/{file}: differs from a fresh run ({out / file})")
    for file in sorted(set(fresh) - set(expected)):
        problems.append(
            f"figures/{file}: made by notebooks/{fresh[file]['notebook']}.py but not committed"
        )
    listed = {INDEX_FILE, PROVENANCE_FILE, *expected}
    stray = sorted(
        p.name
        for p in committed.iterdir()
        if p.is_file() and p.name not in listed and not p.name.startswith(".")
    )
    problems += [f"figures/{file}: not made by any notebook" for file in stray]
    if not skipped:
        for file in (PROVENANCE_FILE, INDEX_FILE):
            if (out / file).read_bytes() != (committed / file).read_bytes():
                problems.append(f"figures/{file}: differs from a fresh run ({out / file})")

    assert not problems, "\n".join([*problems, "Run `make figures` and commit figures/."])
    if skipped:
        reasons = "; ".join(f"notebooks/{nb}.py: {why}" for nb, why in sorted(skipped.items()))
        pytest.skip(f"everything else is fresh, but these could not be regenerated: {reasons}")
