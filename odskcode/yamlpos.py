"""YAML loading that keeps the 1-based line of every node and reports duplicate keys.

PyYAML's ``compose`` gives nodes with positions; :func:`load_positioned` turns them
into :class:`PNode` trees (value + line) so validators can point at lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class PNode:
    value: Any  # dict[str, PNode] | list[PNode] | scalar
    line: int  # 1-based
    key_lines: dict[str, int] = field(default_factory=dict)  # for mappings: key -> line

    def plain(self) -> Any:
        """The Python value without positions."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass
class DuplicateKey:
    key: str
    line: int
    first_line: int


class YamlSyntaxError(Exception):
    def __init__(self, detail: str, line: int | None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.line = line


def _convert(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, dups: list[DuplicateKey]) -> PNode:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, PNode] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            key_str = str(key)
            key_line = key_node.start_mark.line + 1
            if key_str in out:
                dups.append(DuplicateKey(key_str, key_line, key_lines[key_str]))
            out[key_str] = _convert(value_node, constructor, dups)
            key_lines[key_str] = key_lines.get(key_str, key_line)
        return PNode(out, line, key_lines)
    if isinstance(node, yaml.SequenceNode):
        return PNode([_convert(child, constructor, dups) for child in node.value], line)
    return PNode(constructor.construct_object(node, deep=True), line)


def load_positioned(text: str) -> tuple[PNode | None, list[DuplicateKey]]:
    """Parse ``text``; return the positioned tree (None for an empty document) and duplicate keys.

    Raises :class:`YamlSyntaxError` with the 1-based line of a syntax error.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        raise YamlSyntaxError(detail, mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from exc
    if node is None:
        return None, []
    dups: list[DuplicateKey] = []
    constructor = yaml.constructor.SafeConstructor()
    try:
        tree = _convert(node, constructor, dups)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlSyntaxError(str(exc.problem), mark.line + 1 if mark else None) from exc
    return tree, dups
