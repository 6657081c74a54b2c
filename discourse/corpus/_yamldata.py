"""The one YAML reader for the package's data files (codebooks and lexicons).

Not public API. Every data file is parsed by :func:`compose`, which gives located errors
(file and line) for bad syntax, an empty file, duplicate keys and YAML aliases that expand the
file beyond :data:`MAX_EXPANDED_VALUES` values (a small file can otherwise expand to millions
of values through ``&anchor`` / ``*alias`` chains). Two views walk the composed tree:

- :class:`Reader` converts nodes one key at a time and raises
  ``CodebookError("<file>, line <n>: key '<key>': <message>")`` (the codebook);
- :func:`load_yaml` gives :class:`Node` objects (plain values with their line) checked with
  :func:`require`, :func:`string_list` and :func:`check_keys` (the lexicons), whose errors
  read the same way.

Unknown keys are errors everywhere, with a "did you mean" hint: a misspelt key (``tagz:``)
would otherwise be silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import CodebookError
from .normalise import sha256_bytes

#: The most values (mapping keys, values and list items, counted after alias expansion) a
#: data file that uses YAML aliases may expand to. The default codebook has about 3,000.
MAX_EXPANDED_VALUES = 100_000


def located(source: str | Path, line: int | None, key: str, message: str) -> CodebookError:
    """The package's one error format for data files: file, line, key, what to do."""
    where = f", line {line}" if line is not None else ""
    return CodebookError(f"{source}{where}: key '{key}': {message}")


class _Loader(yaml.SafeLoader):
    """A safe loader that records the line of every alias it resolves."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_lines: list[int] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_lines.append(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)


def _expanded_size(root: yaml.Node, limit: int) -> int | None:
    """Values under ``root`` with aliases expanded, or ``None`` past ``limit`` or on a cycle."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # bounded: each node is entered and left once (memoised)
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > limit:
                return None
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return None  # an alias inside its own anchor: infinite
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


MAX_DEPTH = 50  # levels of nested lists and mappings


def _too_deep(root: yaml.Node, limit: int) -> yaml.Node | None:
    """The first node nested deeper than ``limit`` levels, or ``None`` (no recursion)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        if id(node) in seen:  # an alias: its node was walked already
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return None


def compose(text: str, source: str | Path, *, what: str = "file") -> yaml.Node:
    """Parse ``text`` (the content of ``source``) into a YAML node tree, safely.

    Raises :class:`~discourse.errors.CodebookError` naming the file and line for invalid
    YAML, an empty file, or aliases that expand beyond :data:`MAX_EXPANDED_VALUES` values.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise CodebookError(
            f"{source}: the {what} nests lists or mappings too deeply to read (more than "
            f"{MAX_DEPTH} levels); a {what} needs a few levels only"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "syntax error"
        raise CodebookError(f"{source}{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"{source}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise CodebookError(f"{source}, line 1: the {what} is empty")
    deep = _too_deep(node, MAX_DEPTH)
    if deep is not None:
        raise CodebookError(
            f"{source}, line {deep.start_mark.line + 1}: lists or mappings nested more than "
            f"{MAX_DEPTH} levels deep; a {what} needs a few levels only"
        )
    if loader.alias_lines and _expanded_size(node, MAX_EXPANDED_VALUES) is None:
        raise CodebookError(
            f"{source}, line {loader.alias_lines[0]}: YAML aliases (*name) expand this {what} "
            f"to more than {MAX_EXPANDED_VALUES:,} values (or refer to themselves); write the "
            "repeated parts out, or use fewer aliases"
        )
    return node


def kind(node: yaml.Node) -> str:
    """How an error message names what a node holds."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the value {node.value!r}"


def construct(node: yaml.Node) -> Any:
    """The plain Python value of a scalar node (safe tags only).

    Raises
    ------
    ValueError
        YAML cannot read the value: an unknown tag (``!foo``), a date that does not exist
        (``2024-13-45``), a malformed number (``0x_``); the message says to quote it.
    """
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        if not node.tag.startswith("tag:yaml.org,2002:"):
            raise ValueError(
                f"unknown YAML tag {node.tag} on {node.value!r}; remove the tag"
            ) from None
        raise ValueError(
            f"YAML cannot read {node.value!r} as {node.tag.rsplit(':', 1)[-1]} ({problem}); "
            f'quote it to make it a string ("{node.value}")'
        ) from None
    finally:
        loader.dispose()


def unknown_key(name: str, allowed: Iterable[str]) -> str:
    """The message for an unknown key, with a "did you mean" hint and the valid keys."""
    allowed = sorted(allowed)
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key{hint} (valid keys: {', '.join(allowed)})"


class Reader:
    """Walks a composed YAML node tree, converting values and raising located errors."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, node: yaml.Node | None, key: str, message: str) -> CodebookError:
        return located(
            self.source, node.start_mark.line + 1 if node is not None else None, key, message
        )

    def mapping(self, node: yaml.Node, key: str, allowed: dict[str, bool]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, key, f"expected a mapping, got {kind(node)}")
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            name = knode.value if isinstance(knode, yaml.ScalarNode) else None
            if not isinstance(name, str):
                raise self.error(knode, key, "mapping keys must be plain strings")
            path = f"{key}.{name}" if key else name
            if name not in allowed:
                raise self.error(knode, path, unknown_key(name, allowed))
            if name in out:
                raise self.error(knode, path, "duplicate key")
            out[name] = vnode
        for name, required in allowed.items():
            if required and name not in out:
                where = f"{key}." if key else ""
                raise self.error(node, f"{where}{name}", "required key is missing")
        return out

    def seq(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, key, f"expected a list, got {kind(node)}")
        return list(node.value)

    def entries(
        self, node: yaml.Node | None, key: str, allowed: dict[str, bool]
    ) -> Iterator[tuple[str, dict[str, yaml.Node], yaml.Node]]:
        """Each item of the list ``node`` read as a mapping of ``allowed`` keys, as ``(its key,
        e.g. "frames[2]", the mapping, the item's node)``; ``node=None`` (an optional list left
        out) gives none."""
        for i, item in enumerate(self.seq(node, key) if node is not None else []):
            where = f"{key}[{i}]"
            yield where, self.mapping(item, where, allowed), item

    def scalar(self, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, key, f"expected a single value, got {kind(node)}")
        try:
            return construct(node)
        except ValueError as exc:
            raise self.error(node, key, str(exc)) from None

    def string(self, node: yaml.Node, key: str) -> str:
        value = self.scalar(node, key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        got = "an empty string" if isinstance(value, str) else repr(value)
        if isinstance(value, bool):
            got += f" (YAML reads {node.value!r} as a boolean: quote it)"
        raise self.error(node, key, f"expected a non-empty string, got {got}")

    def quoted_string(self, node: yaml.Node, key: str) -> str:
        """A string that YAML must not read as a number or a date (a version: ``"1.10"``)."""
        value = self.scalar(node, key)
        if not isinstance(value, str):
            raise self.error(
                node,
                key,
                f"must be a string: YAML reads {node.value} as {type(value).__name__} "
                f'{value!r}; quote it ("{node.value}")',
            )
        return self.string(node, key)

    def number(self, node: yaml.Node, key: str) -> float:
        value = self.scalar(node, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(node, key, f"expected a number, got {value!r}")
        if not value > 0:
            raise self.error(node, key, f"expected a positive number, got {value!r}")
        return float(value)

    def integer(self, node: yaml.Node, key: str) -> int:
        value = self.scalar(node, key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(node, key, f"expected a positive integer, got {value!r}")
        return int(value)

    def boolean(self, node: yaml.Node, key: str) -> bool:
        value = self.scalar(node, key)
        if not isinstance(value, bool):
            raise self.error(node, key, f"expected true or false, got {value!r}")
        return value

    def strings(self, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
        if isinstance(node, yaml.ScalarNode):
            return [(self.string(node, key), node)]
        items = self.seq(node, key)
        if not items:
            raise self.error(node, key, "the list is empty")
        return [(self.string(item, f"{key}[{i}]"), item) for i, item in enumerate(items)]


# ------------------------------------------------------------------ the lexicons' Node view


@dataclass(frozen=True)
class Node:
    """A parsed YAML value (dict of Nodes, list of Nodes or str) and its line."""

    value: Any
    line: int
    key_lines: dict[str, int] | None = None  # a mapping's keys and the lines they are on


def _convert(node: yaml.Node, path: Path, where: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                raise located(
                    path,
                    key_line,
                    where + key,
                    f"defined twice (first on line {seen[key]}); keep one definition",
                )
            seen[key] = key_line
            out[key] = _convert(value_node, path, f"{where}{key}.")
        return Node(out, line, seen)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, path, where) for item in node.value], line)
    return Node(str(node.value) if node.value is not None else "", line)


def load_yaml(path: Path) -> tuple[Node, str]:
    """Parse ``path`` with :func:`compose`; return the root :class:`Node` and the file's sha256."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{path}: not UTF-8 at byte {exc.start}; re-save it as UTF-8") from None
    root = compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        raise CodebookError(
            f"{path}, line 1: the file must hold a mapping of keys at the top level"
        )
    return _convert(root, path, ""), sha256_bytes(raw)


def check_keys(mapping: Node, allowed: Iterable[str], path: Path, where: str) -> None:
    """Raise a located error for the first key of ``mapping`` not in ``allowed``."""
    allowed = set(allowed)
    for key, node in mapping.value.items():
        if key not in allowed:
            line = (mapping.key_lines or {}).get(key, node.line)
            name = f"{where}.{key}" if where else key
            raise located(path, line, name, unknown_key(key, allowed))


def require(mapping: Node, key: str, path: Path, where: str, kind: type = str) -> Node:
    """``mapping.value[key]``, checked to exist and to hold a ``kind``; else a CodebookError."""
    if key not in mapping.value:
        raise located(path, mapping.line, f"{where}.{key}" if where else key, "missing; add it")
    node: Node = mapping.value[key]
    if not isinstance(node.value, kind) or (isinstance(node.value, str) and not node.value.strip()):
        expected = {"str": "a non-empty string", "list": "a list", "dict": "a mapping"}[
            kind.__name__
        ]
        raise located(path, node.line, f"{where}.{key}" if where else key, f"must be {expected}")
    return node


def string_list(node: Node, path: Path, where: str) -> list[tuple[str, int]]:
    """The items of a list of non-empty strings with their lines; else a CodebookError."""
    if not isinstance(node.value, list):
        raise located(path, node.line, where, "must be a list of strings")
    items = []
    for item in node.value:
        if not isinstance(item.value, str) or not item.value.strip():
            raise located(path, item.line, where, "holds an empty or non-string item; remove it")
        items.append((item.value.strip(), item.line))
    return items
