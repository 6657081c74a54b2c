"""No module reaches into another module's private names.

A name with a leading underscore (``_texts``, ``_BATCH``) belongs to the module that defines it.
Another module that needs it imports a public name instead: the owner makes it public, or the
helper moves to the module both can import. Checked in the package, the study scripts
(``corpus/``), the benchmarks and the notebooks; tests may reach the privates of the module they
test. Private *modules* (``discourse._validation``) are the package's shared internals and may
be imported; their public names, not their underscored ones. The sources are read with
:mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("discourse", "corpus", "benchmarks", "notebooks")


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_files(root: Path) -> set[str]:
    """Dotted names of every module and package under ``root`` (for telling modules apart)."""
    names = set()
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.add(".".join(parts))
    return names


def private_crossings(path: Path, modules: set[str], package: str) -> list[str]:
    """``file:line: what`` for every private name ``path`` takes from another module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:  # a submodule: may be private
                    imported.add(alias.asname or alias.name)
                    continue
                if is_private(alias.name):
                    found.append(f"{path}:{node.lineno}: imports private {alias.name} from {base}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
        ):
            found.append(f"{path}:{node.lineno}: uses private {node.value.id}.{node.attr}")
    return found


def crossings(root: Path, folders: tuple[str, ...] = CHECKED) -> list[str]:
    modules = module_files(root)
    found: list[str] = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            package = ".".join(parts if parts[-1] == "__init__" else parts[:-1])
            found += private_crossings(path, modules, package)
    return found


def test_no_private_name_crosses_a_module_border() -> None:
    found = crossings(ROOT)
    assert not found, "private names used outside their module:\n" + "\n".join(found)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_checker_finds_an_imported_private_name(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "discourse/__init__.py": "",
            "discourse/a.py": "def _helper():\n    pass\n",
            "discourse/b.py": "from .a import _helper\n",
        },
    )
    assert crossings(root, ("discourse",)) == [
        f"{root / 'discourse/b.py'}:1: imports private _helper from discourse.a"
    ]


def test_checker_finds_a_private_attribute_of_a_module(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "discourse/__init__.py": "",
            "discourse/a.py": "_LIMIT = 3\n",
            "discourse/b.py": "from discourse import a\n\nx = a._LIMIT\n",
        },
    )
    assert crossings(root, ("discourse",)) == [
        f"{root / 'discourse/b.py'}:3: uses private a._LIMIT"
    ]


def test_checker_allows_private_modules_and_own_privates(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "discourse/__init__.py": "",
            "discourse/_shared.py": "def public():\n    pass\n",
            "discourse/b.py": "from . import _shared\nfrom ._shared import public\n"
            "def _own():\n    return _shared.public()\n",
        },
    )
    assert crossings(root, ("discourse",)) == []
