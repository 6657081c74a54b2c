"""Tests for discourse.pipeline on small synthetic notebooks (each run starts real kernels)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from discourse.pipeline import NotebookError, find_notebooks, main, run
from discourse.report import load_provenance, save_table

PARAMS = '# %% tags=["parameters"]\nout_dir = None\n\n'

MAKES_TWO = PARAMS + textwrap.dedent(
    """\
    # %%
    import matplotlib.pyplot as plt
    import pandas as pd
    from discourse.report import save_figure, save_table

    # %%
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2])
    save_figure(fig, "a_line", finding="The line dips.", out_dir=out_dir)

    # %%
    save_table(pd.DataFrame({"x": [2, 1]}), "numbers", finding="Two numbers.", out_dir=out_dir)
    """
)

MAKES_ONE = PARAMS + textwrap.dedent(
    """\
    # %%
    import pandas as pd
    from discourse.report import save_table

    # %%
    save_table(pd.DataFrame({"x": [2, 1]}), "numbers", finding="Two numbers.", out_dir=out_dir)
    """
)

UNAVAILABLE = PARAMS + textwrap.dedent(
    """\
    # %%
    from discourse.errors import CorpusUnavailableError

    # %%
    raise CorpusUnavailableError("corpus 'ungdc' is not cached and no mirror is set")
    """
)

FAILS = PARAMS + textwrap.dedent(
    """\
    # %%
    x = 1

    # %%
    y = {}["missing key"]
    """
)


def _notebooks(folder: Path, **sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in sources.items():
        (folder / f"{stem}.py").write_text(text, encoding="utf-8")
    return folder


def test_find_notebooks_orders_and_selects(tmp_path: Path) -> None:
    nbs = _notebooks(tmp_path / "nb", b_two=FAILS, a_one=FAILS, _private=FAILS)
    assert [p.stem for p in find_notebooks(nbs)] == ["a_one", "b_two"]
    assert [p.stem for p in find_notebooks(nbs, only=["b_*"])] == ["b_two"]
    with pytest.raises(Exception, match="no notebook"):
        find_notebooks(nbs, only=["zzz"])


def test_run_makes_outputs_skips_unavailable_and_keeps_their_files(tmp_path: Path) -> None:
    nbs = _notebooks(tmp_path / "nb", **{"01_makes": MAKES_TWO, "02_external": UNAVAILABLE})
    out, build = tmp_path / "out", tmp_path / "build"
    import pandas as pd

    # An output the external notebook made on an earlier run, when its corpus was reachable.
    save_table(
        pd.DataFrame({"y": [1]}), "old_ext", finding="Old.", notebook="02_external", out_dir=out
    )
    result = run(out, notebooks=nbs, build_dir=build, progress=False, export_html=True)

    status = {nb.name: (nb.status, nb.outputs) for nb in result.notebooks}
    assert status["01_makes"] == ("ok", ("a_line", "numbers"))
    assert status["02_external"][0] == "skipped"
    assert "CorpusUnavailableError" in result.skipped[0].reason
    assert "no mirror is set" in result.skipped[0].reason
    for name in ("a_line.svg", "a_line.png", "numbers.csv", "numbers.md", "old_ext.csv"):
        assert (out / name).exists(), name
    prov = load_provenance(out)
    assert prov["a_line"]["notebook"] == "01_makes"  # from DISCOURSE_NOTEBOOK
    assert prov["old_ext"]["notebook"] == "02_external"
    index = (out / "README.md").read_text()
    assert (
        "| [a_line.png](a_line.png) · [a_line.svg](a_line.svg) | `notebooks/01_makes.py` |" in index
    )
    assert (build / "01_makes.ipynb").exists() and (build / "01_makes.html").exists()
    executed = json.loads((build / "01_makes.ipynb").read_text())
    injected = [
        c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    ]
    assert injected and str(out) in "".join(injected[0]["source"])

    # The notebook stops making the figure: its files and entry go, the rest stays.
    _notebooks(nbs, **{"01_makes": MAKES_ONE})
    again = run(
        out, notebooks=nbs, build_dir=build, only=["01_*"], progress=False, export_html=False
    )
    assert again.notebooks[0].outputs == ("numbers",)
    assert not (out / "a_line.svg").exists() and not (out / "a_line.png").exists()
    assert set(load_provenance(out)) == {"numbers", "old_ext"}
    assert "a_line" not in (out / "README.md").read_text()


def test_failure_names_notebook_cell_and_error(tmp_path: Path) -> None:
    nbs = _notebooks(tmp_path / "nb", **{"01_fails": FAILS, "02_never": MAKES_ONE})
    out, build = tmp_path / "out", tmp_path / "build"
    with pytest.raises(NotebookError) as info:
        run(out, notebooks=nbs, build_dir=build, progress=False, export_html=False)
    message = str(info.value)
    assert "notebooks/01_fails.py" in message
    assert "cell 3 (line 8: 'y = {}[\"missing key\"]')" in message
    assert "KeyError" in message and "missing key" in message
    assert not (out / "numbers.csv").exists()  # the run stopped there


def test_command_line_reports_errors_with_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--out", str(tmp_path / "out"), "--only", "no_such_notebook", "--quiet"])
    assert code == 1
    assert "error: no notebook in" in capsys.readouterr().err


@pytest.mark.parametrize("path", find_notebooks(), ids=lambda p: p.stem)
def test_project_notebooks_follow_the_house_rules(path: Path) -> None:
    import jupytext

    node = jupytext.read(path, fmt="py:percent")
    tagged = [c for c in node.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    assert "out_dir = None" in tagged[0].source, f"{path.name}: the parameters set out_dir"
    code = "\n".join(c.source for c in node.cells if c.cell_type == "code")
    # Notebooks call the library; reusable logic belongs in discourse/.
    assert not any(line.startswith(("def ", "class ")) for line in code.splitlines()), path.name
    assert "/work/" not in code and "../" not in code, f"{path.name}: no machine paths"
    assert node.cells[0].cell_type == "markdown", f"{path.name}: open with what it shows"
