"""The package's layering: imports only go down the layers, and no module imports itself back.

The layers, bottom to top (``ARCHITECTURE.md`` draws them)::

    base     discourse.errors, discourse._version, _schema, _regex, _atomic, _stats
    corpus   discourse.corpus.*, discourse._validation (the input door: it reads a Path)
    frames   discourse.frames.*
    toolkit  discourse.toolkit.*, discourse.lexicons
    validation discourse.validation.*
    report   discourse.report.*
    scale    discourse.scale.*
    top      discourse (the package's __init__), discourse.cli

A module may import from its own layer and the layers below it, never from a layer above.
Every import counts: at module level, inside functions (lazy imports) and under
``TYPE_CHECKING``. The imports of all modules together must form no cycle, within a layer too.
The imports are read from the source with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "discourse"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / PACKAGE

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "discourse.errors",
            "discourse._version",
            "discourse._schema",
            "discourse._regex",
            "discourse._atomic",
            "discourse._stats",
        ),
    ),
    ("corpus", ("discourse.corpus", "discourse._validation")),
    ("frames", ("discourse.frames",)),
    ("toolkit", ("discourse.toolkit", "discourse.lexicons")),
    ("validation", ("discourse.validation",)),
    ("report", ("discourse.report",)),
    ("scale", ("discourse.scale",)),
    ("top", ("discourse.cli", "discourse.__main__")),
)
"""Layer name and the modules (or subpackages) it holds, bottom first. ``discourse`` is top."""


def module_name(path: Path, root: Path) -> str:
    """``discourse/corpus/load.py`` -> ``discourse.corpus.load``; an ``__init__`` -> its package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The rank of ``module``'s layer (0 = base); a module in no layer is a ``LookupError``."""
    if module == PACKAGE:
        return len(LAYERS) - 1
    for rank, (_, members) in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return rank
    raise LookupError(
        f"{module} belongs to no layer: add it to LAYERS in tests/contracts/test_layers.py and to "
        "the diagram in ARCHITECTURE.md (or move it into the subpackage of its layer)"
    )


def imports_of(path: Path, module: str, modules: set[str]) -> dict[str, int]:
    """The package modules ``path`` imports, each with the line of its first import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target in modules and target != module:
            found.setdefault(target, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:  # ``from pkg import submodule`` imports the submodule
                if f"{base}.{alias.name}" in modules:
                    add(f"{base}.{alias.name}", node.lineno)
                else:
                    add(base, node.lineno)
    return found


def import_graph(root: Path) -> dict[str, dict[str, tuple[Path, int]]]:
    """module -> {imported module: (file, line)} for every module of the package at ``root``."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    modules = set(files)
    graph: dict[str, dict[str, tuple[Path, int]]] = {}
    for module, path in files.items():
        graph[module] = {
            target: (path, line) for target, line in imports_of(path, module, modules).items()
        }
    return graph


def upward_imports(graph: dict[str, dict[str, tuple[Path, int]]]) -> list[str]:
    """Every import from a lower layer into a higher one, as ``file:line: a imports b``."""
    found = []
    for module, targets in sorted(graph.items()):
        for target, (path, line) in sorted(targets.items()):
            if layer_of(target) > layer_of(module):
                found.append(
                    f"{path}:{line}: {module} ({LAYERS[layer_of(module)][0]}) imports {target} "
                    f"({LAYERS[layer_of(target)][0]}), a layer above it"
                )
    return found


def find_cycle(graph: dict[str, dict[str, tuple[Path, int]]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, {})):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):  # the package is small: recursion depth stays below ~40
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


# --------------------------------------------------------------------------- the package


def test_every_module_has_a_layer() -> None:
    for module in import_graph(PACKAGE_DIR):
        layer_of(module)  # raises, naming the module, for one in no layer


def test_imports_only_go_down() -> None:
    found = upward_imports(import_graph(PACKAGE_DIR))
    assert not found, "upward imports:\n" + "\n".join(found)


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph(PACKAGE_DIR))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_public_modules_say_what_goes_in_and_out() -> None:
    missing = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))):
            missing.append(str(path))
    assert not missing, "modules without a docstring: " + ", ".join(missing)


# --------------------------------------------------------------------------- the checker


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_checker_finds_a_lazy_upward_import(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "corpus/__init__.py": "",
            "corpus/segment.py": "def f():\n    from ..scale.stream import g\n",
            "scale/__init__.py": "",
            "scale/stream.py": "from ..corpus.segment import f\n",
        },
    )
    found = upward_imports(import_graph(root))
    assert len(found) == 1
    assert (
        "segment.py:2: discourse.corpus.segment (corpus) imports discourse.scale.stream"
        in (found[0])
    )


def test_checker_finds_a_cycle_within_a_layer(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "frames/__init__.py": "",
            "frames/detect.py": "import discourse.frames.score\n",
            "frames/score.py": "from . import detect\n",
        },
    )
    graph = import_graph(root)
    assert upward_imports(graph) == []
    assert find_cycle(graph) == [
        "discourse.frames.detect",
        "discourse.frames.score",
        "discourse.frames.detect",
    ]


def test_checker_counts_type_checking_imports_and_the_package_root(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "errors.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from .report.plot import x\n",
            "report/__init__.py": "",
            "report/plot.py": "from discourse import load_corpus\n",
        },
    )
    found = upward_imports(import_graph(root))
    assert [line.split(": ", 1)[1].split(" (")[0] for line in found] == [
        "discourse.errors",
        "discourse.report.plot",
    ]


def test_checker_names_a_module_in_no_layer(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"_helpers.py": ""})
    with pytest.raises(LookupError, match=r"discourse\._helpers belongs to no layer"):
        for module in import_graph(root):
            layer_of(module)
