"""Reading YAML data files with line numbers, for error messages that name file, key and line.

Not public API. :func:`load_yaml` parses a file into :class:`Node` objects (plain values plus
the line each came from, 1-based) and rejects duplicate mapping keys, which plain
``yaml.safe_load`` silently overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import CodebookError
from .normalise import sha256_bytes


@dataclass(frozen=True)
class Node:
    """A parsed YAML value (dict of Nodes, list of Nodes or str) and its line."""

    value: Any
    line: int


def _convert(node: yaml.Node, path: Path, where: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                raise CodebookError(
                    f"{path}:{key_line}: key {where + key!r} is defined twice (first on line "
                    f"{seen[key]}); keep one definition"
                )
            seen[key] = key_line
            out[key] = _convert(value_node, path, f"{where}{key}.")
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, path, where) for item in node.value], line)
    return Node(str(node.value) if node.value is not None else "", line)


def load_yaml(path: Path) -> tuple[Node, str]:
    """Parse ``path``; return the root :class:`Node` and the sha256 of the file's bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        root = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise CodebookError(f"{path}{line}: not valid YAML ({exc})") from None
    if root is None or not isinstance(root, yaml.MappingNode):
        raise CodebookError(f"{path}:1: the file must hold a mapping of keys at the top level")
    return _convert(root, path, ""), sha256_bytes(raw)


def require(mapping: Node, key: str, path: Path, where: str, kind: type = str) -> Node:
    """``mapping.value[key]``, checked to exist and to hold a ``kind``; else a CodebookError."""
    if key not in mapping.value:
        raise CodebookError(f"{path}:{mapping.line}: {where} has no {key!r}; add it")
    node: Node = mapping.value[key]
    if not isinstance(node.value, kind) or (isinstance(node.value, str) and not node.value.strip()):
        expected = {"str": "a non-empty string", "list": "a list", "dict": "a mapping"}[
            kind.__name__
        ]
        raise CodebookError(f"{path}:{node.line}: {where}.{key} must be {expected}")
    return node


def string_list(node: Node, path: Path, where: str) -> list[tuple[str, int]]:
    """The items of a list of non-empty strings with their lines; else a CodebookError."""
    if not isinstance(node.value, list):
        raise CodebookError(f"{path}:{node.line}: {where} must be a list of strings")
    items = []
    for item in node.value:
        if not isinstance(item.value, str) or not item.value.strip():
            raise CodebookError(
                f"{path}:{item.line}: {where} holds an empty or non-string item; remove it"
            )
        items.append((item.value.strip(), item.line))
    return items
