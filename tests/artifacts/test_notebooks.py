"""The notebooks run with the standard tools: kernelspec metadata, papermill, nbclient, Lab.

The seed notebook (01) is executed for real, by papermill with a parameter into a folder the
test names and by nbclient; the others are checked for their metadata (``make figures`` runs
them all).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from discourse.corpus import paths

NOTEBOOKS = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.py"))
SEED = paths.notebooks_dir() / "01_seed_interview.py"
KERNEL = "discourse"


def _kernel_or_skip() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.skip(f"the {KERNEL!r} kernel is not registered: run `make install`")


def test_every_notebook_names_the_project_kernel() -> None:
    import jupytext

    assert len(NOTEBOOKS) >= 5
    for path in NOTEBOOKS:
        spec = jupytext.read(path).metadata.get("kernelspec", {})
        assert spec.get("name") == KERNEL and spec.get("language") == "python", path.name


def test_make_install_registers_the_kernel_and_lab_runs_as_root() -> None:
    makefile = (paths.project_root() / "Makefile").read_text(encoding="utf-8")
    assert "ipykernel install --sys-prefix --name $(KERNEL)" in makefile
    root = paths.project_root()

    def lab_command(uid: str) -> str:
        out = subprocess.run(
            ["make", "-n", "-C", str(root), "lab", f"USER_ID={uid}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        return next(line for line in out.splitlines() if "jupyter lab" in line)

    assert "--allow-root" in lab_command("0")
    assert "--allow-root" not in lab_command("1000")


def _assert_ran_cleanly(nb: object, out_dir: Path) -> None:
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]  # type: ignore[attr-defined]
    stderr = "\n".join(str(o.get("text", "")) for o in outputs if o.get("name") == "stderr")
    assert "Warning" not in stderr, stderr  # e.g. tqdm's TqdmWarning without ipywidgets
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # progress bars are widgets in Jupyter (tqdm.auto with ipywidgets installed)
    assert (out_dir / "seed_frame_prevalence_by_section.csv").is_file()
    assert (out_dir / "seed_frame_matches_audit.csv").is_file()


@pytest.mark.slow
def test_papermill_runs_the_seed_notebook_with_parameters(tmp_path: Path) -> None:
    import jupytext
    import nbformat
    import papermill

    _kernel_or_skip()
    out_dir = tmp_path / "my results"
    executed = tmp_path / "01.ipynb"
    source = tmp_path / "01_seed_interview.ipynb"
    nbformat.write(jupytext.read(SEED), source)  # papermill reads .ipynb
    papermill.execute_notebook(
        str(source),
        str(executed),
        parameters={"out_dir": str(out_dir)},
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    _assert_ran_cleanly(nb, out_dir)


@pytest.mark.slow
def test_nbclient_runs_the_seed_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jupytext
    from nbclient import NotebookClient

    _kernel_or_skip()
    nb = jupytext.read(SEED)
    out_dir = tmp_path / "figs"
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += f"\nout_dir = {str(out_dir)!r}"
    monkeypatch.setenv("MPLBACKEND", "Agg")
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(tmp_path)}}).execute()
    _assert_ran_cleanly(nb, out_dir)
