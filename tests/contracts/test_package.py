"""The package's public surface: every exported name resolves, and stays a function."""

from __future__ import annotations

import importlib
import subprocess
import sys

import discourse


def test_every_export_resolves() -> None:
    for name in discourse.__all__:
        assert callable(getattr(discourse, name)), name


def test_same_named_function_survives_submodule_import() -> None:
    code = (
        "import discourse.toolkit.kwic, discourse.corpus.segment, discourse.toolkit.us_them\n"
        "import discourse as dc\n"
        "assert callable(dc.kwic) and dc.kwic.__module__ == 'discourse.toolkit.kwic'\n"
        "assert dc.segment.__module__ == 'discourse.corpus.segment'\n"
        "assert dc.us_them.__name__ == 'us_them'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_submodules_stay_importable() -> None:
    module = importlib.import_module("discourse.toolkit.kwic")
    assert hasattr(module, "rewindow")
    assert discourse.kwic is module.kwic


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        discourse.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


# A notebook's function that uses ``dc``, run where researchers run it: joblib (loky) and a
# Dask LocalCluster. Both ship the function by value (cloudpickle), and with it the module
# ``dc`` it refers to, which must travel by reference.
_PARALLEL = """
import pickle
import discourse as dc

def count(text):
    return len(dc.find_frames([text]))

if __name__ == "__main__":
    import cloudpickle
    assert pickle.loads(cloudpickle.dumps(dc)) is dc
    texts = ["The West imposes its will.", "We defend traditional values."]
    from joblib import Parallel, delayed
    assert Parallel(n_jobs=2)(delayed(count)(t) for t in texts) == [2, 1]
    import dask
    from dask.base import tokenize
    from dask.distributed import Client, LocalCluster
    assert tokenize(dc) == tokenize(dc)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            assert client.gather(client.map(count, texts)) == [2, 1]
            assert dask.compute(*[dask.delayed(count)(t) for t in texts]) == (2, 1)
    print("ok")
"""


def test_functions_using_dc_run_under_joblib_and_dask(tmp_path) -> None:
    script = tmp_path / "notebook_function.py"
    script.write_text(_PARALLEL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=240, cwd=tmp_path
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]


def test_the_errors_are_exported_as_documented() -> None:
    # ARCHITECTURE.md documents dc.InputError and the others as public; they were not exported
    import discourse as dc
    from discourse import errors

    for name in (
        "DiscourseError",
        "InputError",
        "DecodeError",
        "CorpusUnavailableError",
        "ChecksumError",
        "CodebookError",
        "ClusterError",
    ):
        assert getattr(dc, name) is getattr(errors, name) and name in dc.__all__
