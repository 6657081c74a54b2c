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
