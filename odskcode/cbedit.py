"""Edits of a codebook's YAML text that keep its comments and layout.

``odskcode codes rename|merge|move`` change a project's ``codebook.yaml``, which people
write by hand and comment at length. Loading it and dumping it again would lose every
comment and every folded paragraph, so the edits are made on the text itself, at the
positions PyYAML reports for each node:

- a code's ``id``, a ``not_with`` reference, a dotted id mentioned in a definition:
  the characters of that scalar are replaced;
- a code moved in the tree: the lines of its list item are cut, re-indented and put at
  the end of the new parent's ``children`` (made if missing);
- rules folded into a merge target: items appended to its lists, or new keys added.

Whatever cannot be edited in place (a flow-style ``children: [...]`` list, say) raises
:class:`Unsupported`; the caller then writes the whole codebook from its data instead,
and says that the layout was not kept. Every result is checked by the caller against
the expected codebook before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Rules

TEXT_FIELDS = ("definition", "when_to_use", "when_not_to_use")
RULE_LISTS = ("words", "roots", "regex", "all", "near", "unless", "not_with")
_DASH_LINE = re.compile(r" *- +")
_LONE_DASH = re.compile(r" *-[ \t]*(#.*)?\n?")


class Unsupported(Exception):
    """This layout cannot be edited in place."""


@dataclass
class Edit:
    start: int
    end: int
    text: str


@dataclass
class CodeNode:
    """Where one code stands in the text."""

    id: str  # full dotted id
    parent: str | None
    node: yaml.MappingNode
    seq: yaml.SequenceNode  # the list that holds it (the parent's children, or codes)
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = field(default_factory=dict)  # key -> (key node, value)


# --------------------------------------------------------------------------- rendering
def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain where it reads back the same, else double-quoted."""
    if value and value == value.strip() and "\n" not in value:
        try:
            if yaml.safe_load(value) == value and ": " not in value and " #" not in value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def flow(value: Any) -> str:
    """``value`` in YAML flow style on one line."""
    if isinstance(value, str):
        return scalar(value)
    out = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False)
    return out.strip()


def rules_dict(rules: Rules) -> dict[str, Any]:
    """The rules of a code as YAML data (as :func:`odskcode.codebook.codebook_to_dict` writes them)."""
    out: dict[str, Any] = {}
    for key in ("words", "roots", "regex"):
        if getattr(rules, key):
            out[key] = list(getattr(rules, key))
    if rules.all:
        out["all"] = [list(g) for g in rules.all]
    if rules.near:
        out["near"] = [{"words": list(n.words), "within": n.within} for n in rules.near]
    for key in ("unless", "not_with"):
        if getattr(rules, key):
            out[key] = list(getattr(rules, key))
    if rules.min_hits != 1:
        out["min_hits"] = rules.min_hits
    return out


def rule_items(rules: Rules, key: str) -> list[Any]:
    """The items of one rule list as YAML data."""
    if key == "all":
        return [list(g) for g in rules.all]
    if key == "near":
        return [{"words": list(n.words), "within": n.within} for n in rules.near]
    return list(getattr(rules, key))


def mention_pattern(ids: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for whole mentions of the dotted ``ids`` in prose (``kendala.sdm_kurang``).

    Ids without a dot are left out: ``kendala`` is also an ordinary word.
    """
    dotted = sorted((i for i in ids if "." in i), key=len, reverse=True)
    if not dotted:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(i) for i in dotted) + r")(?![\w]|\.\w)")


def mapped_refs(own: str, refs: list[str], mapping: Callable[[str], str]) -> list[str | None] | None:
    """The new value of each ``not_with`` reference of code ``own`` (None: drop it).

    ``None`` as a whole when no reference changes. In a list that changes, a reference that
    now names the code itself, or repeats an earlier one, is dropped.
    """
    new = [mapping(r) for r in refs]
    if new == refs:
        return None
    out: list[str | None] = []
    seen: set[str] = set()
    for value in new:
        if value == own or value in seen:
            out.append(None)
        else:
            seen.add(value)
            out.append(value)
    return out


# --------------------------------------------------------------------------- the document
class Doc:
    """A codebook's text with the position of every code."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:  # the caller validated the text: a bug if it happens
            raise Unsupported(str(exc)) from exc
        if not isinstance(root, yaml.MappingNode):
            raise Unsupported("the codebook is not a mapping")
        self.root = root
        top = self.fields(root)
        if "codes" not in top or not isinstance(top["codes"][1], yaml.SequenceNode):
            raise Unsupported("no codes list")
        self.top: yaml.SequenceNode = top["codes"][1]
        self.codes: dict[str, CodeNode] = {}
        for item in self.top.value:
            self._walk(item, None, self.top)
        # the code lists of the named code sets (``sets: [{name, codes: [...]}]``)
        self.set_lists: list[yaml.SequenceNode] = []
        sets = top.get("sets")
        if sets is not None and isinstance(sets[1], yaml.SequenceNode):
            for item in sets[1].value:
                if isinstance(item, yaml.MappingNode):
                    entry = self.fields(item).get("codes")
                    if entry is not None and isinstance(entry[1], yaml.SequenceNode):
                        self.set_lists.append(entry[1])

    @staticmethod
    def fields(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}

    def _walk(self, node: yaml.Node, parent: str | None, seq: yaml.SequenceNode) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise Unsupported("a code is not a mapping")
        fields = self.fields(node)
        if "id" not in fields or not isinstance(fields["id"][1], yaml.ScalarNode):
            raise Unsupported("a code without id")
        local = str(fields["id"][1].value).strip()
        full = f"{parent}.{local}" if parent else local
        self.codes[full] = CodeNode(full, parent, node, seq, fields)
        children = fields.get("children")
        if children is not None and isinstance(children[1], yaml.SequenceNode):
            for child in children[1].value:
                self._walk(child, full, children[1])

    # -- positions ------------------------------------------------------------
    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """The index just after the newline of the line holding ``index``."""
        j = self.text.find("\n", index)
        return len(self.text) if j < 0 else j + 1

    def content_end(self, node: yaml.Node) -> int:
        """The index just after the last character that belongs to ``node``."""
        if isinstance(node, yaml.ScalarNode):
            end = node.end_mark.index
            if node.style in ("|", ">"):  # block scalars end after their trailing line breaks
                while end > node.start_mark.index and self.text[end - 1] in " \n":
                    end -= 1
            return end
        if getattr(node, "flow_style", False):
            return int(node.end_mark.index)
        ends = [node.start_mark.index]
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                ends += [self.content_end(key), self.content_end(value)]
        elif isinstance(node, yaml.SequenceNode):
            ends += [self.content_end(item) for item in node.value]
        return max(ends)

    def column(self, index: int) -> int:
        return index - self.line_start(index)

    def item_lines(self, node: yaml.Node) -> tuple[int, int, int]:
        """(start of its dash line, end of its last line, dash column) of an item of a block list."""
        start = node.start_mark.index
        ls = self.line_start(start)
        prefix = self.text[ls:start]
        if _DASH_LINE.fullmatch(prefix):
            dash_start = ls
        elif not prefix.strip():  # "-" alone on the line above
            prev = self.line_start(ls - 1) if ls > 0 else 0
            if not _LONE_DASH.fullmatch(self.text[prev:ls]):
                raise Unsupported("list item without its dash")
            dash_start = prev
        else:
            raise Unsupported("list item shares its line")
        end = self.content_end(node)
        rest = self.text[end : self.line_end(end)].strip()
        if rest and not rest.startswith("#"):
            raise Unsupported("something follows the item on its line")
        return dash_start, self.line_end(end), self.text.index("-", dash_start) - dash_start

    def key_column(self, node: yaml.MappingNode) -> int:
        return self.column(node.value[0][0].start_mark.index) if node.value else self.column(node.start_mark.index)

    # -- edits ------------------------------------------------------------------
    @staticmethod
    def apply(text: str, edits: list[Edit]) -> str:
        """Apply non-overlapping edits (insertions at one point go in the order given)."""
        ordered = sorted(enumerate(edits), key=lambda e: (e[1].start, e[1].end, e[0]), reverse=True)
        out = text
        limit = len(text)
        for _, edit in ordered:
            if edit.end > limit:
                raise Unsupported("overlapping edits")
            out = out[: edit.start] + edit.text + out[edit.end :]
            limit = edit.start
        return out

    def replace(self, node: yaml.Node, text: str) -> Edit:
        """Put ``text`` (one line) in the place of ``node``."""
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            raise Unsupported("block scalar")
        return Edit(node.start_mark.index, self.content_end(node), text)

    def add_after(self, mapping: yaml.MappingNode, key: str, line: str) -> Edit:
        """Add the one-line ``line`` (``role: x``) right after ``key`` of a mapping."""
        value = self.fields(mapping)[key][1]
        end = self.content_end(value)
        if mapping.flow_style:
            return Edit(end, end, ", " + line)
        at = self.line_end(end)
        lead = "" if self.text[:at].endswith("\n") else "\n"
        return Edit(at, at, lead + " " * self.key_column(mapping) + line + "\n")

    def remove_item(self, seq: yaml.SequenceNode, index: int) -> Edit:
        """Take item ``index`` out of a list."""
        items = seq.value
        item = items[index]
        if seq.flow_style:
            if index + 1 < len(items):
                return Edit(item.start_mark.index, items[index + 1].start_mark.index, "")
            if index > 0:
                return Edit(self.content_end(items[index - 1]), self.content_end(item), "")
            return Edit(item.start_mark.index, self.content_end(item), "")
        start, end, _ = self.item_lines(item)
        return Edit(start, end, "")

    def append_items(self, seq: yaml.SequenceNode, values: list[Any]) -> Edit:
        """Add ``values`` at the end of a list."""
        items = seq.value
        if seq.flow_style:
            if not items:
                at = seq.start_mark.index + 1
                return Edit(at, at, ", ".join(flow(v) for v in values))
            end = self.content_end(items[-1])
            if self.line_start(seq.start_mark.index) == self.line_start(end):  # a one-line list stays one line
                return Edit(end, end, "".join(", " + flow(v) for v in values))
            line = self.text[self.line_start(end) : end]
            indent = " " * (len(line) - len(line.lstrip(" ")))
            return Edit(end, end, "," + "".join("\n" + indent + row for row in _wrap([flow(v) for v in values])))
        if not items:
            raise Unsupported("empty block list")
        _, end, dash = self.item_lines(items[-1])
        lead = "" if self.text[:end].endswith("\n") else "\n"
        pad = " " * dash
        block_maps = isinstance(items[-1], yaml.MappingNode) and not items[-1].flow_style
        rows = []
        for value in values:
            if block_maps and isinstance(value, dict) and value:
                pairs = [f"{scalar(str(k))}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
                rows.append(f"{pad}- {pairs[0]}\n" + "".join(f"{pad}  {p}\n" for p in pairs[1:]))
            else:
                rows.append(f"{pad}- {flow(value)}\n")
        return Edit(end, end, lead + "".join(rows))

    def add_key(self, mapping: yaml.MappingNode, lines: list[str], before: tuple[str, ...] = ()) -> Edit:
        """Add a key to a block mapping: ``lines`` (without indentation) before the first key of
        ``before`` present, else at its end. In a flow mapping, ``lines`` must be one line."""
        fields = self.fields(mapping)
        if mapping.flow_style:
            if len(lines) != 1 or not mapping.value:
                raise Unsupported("multi-line key in a flow mapping")
            end = self.content_end(mapping.value[-1][1])
            return Edit(end, end, ", " + lines[0])
        indent = " " * self.key_column(mapping)
        block = "".join(f"{indent}{line}\n" for line in lines)
        for key in before:
            if key in fields:
                key_node = fields[key][0]
                ls = self.line_start(key_node.start_mark.index)
                if self.text[ls : key_node.start_mark.index].strip():
                    raise Unsupported("key shares its line")
                return Edit(ls, ls, block)
        end = self.line_end(self.content_end(mapping))
        lead = "" if self.text[:end].endswith("\n") else "\n"
        return Edit(end, end, lead + block)

    def remove_key(self, mapping: yaml.MappingNode, key: str) -> Edit:
        """Take a one-line ``key: value`` out of a block mapping."""
        if mapping.flow_style:
            raise Unsupported("flow mapping")
        key_node, value = self.fields(mapping)[key]
        ls = self.line_start(key_node.start_mark.index)
        end = self.content_end(value)
        if self.text[ls : key_node.start_mark.index].strip() or self.line_start(end) != ls:
            raise Unsupported("key not on a line of its own")
        rest = self.text[end : self.line_end(end)].strip()
        if rest and not rest.startswith("#"):
            raise Unsupported("something follows the key")
        return Edit(ls, self.line_end(end), "")

    # -- whole codes ----------------------------------------------------------
    def cut(self, code_id: str, edits_inside: list[Edit] | None = None) -> tuple[str, str]:
        """(text without the code's lines, those lines dedented to column 0).

        ``edits_inside`` (positions in this text, within the code's lines) are applied to the cut lines.
        """
        code = self.codes[code_id]
        if code.seq.flow_style:
            raise Unsupported("flow list")
        start, end, dash = self.item_lines(code.node)
        inner = [Edit(e.start - start, e.end - start, e.text) for e in edits_inside or []]
        block = self.apply(self.text[start:end], inner)
        if not block.endswith("\n"):
            block += "\n"
        block = "".join(_shift(line, -dash) for line in block.splitlines(keepends=True))
        cut_start, cut_end = start, end
        if len(code.seq.value) == 1 and code.parent is not None:  # the last child: drop "children:" too
            parent = self.codes[code.parent]
            key_node = parent.fields["children"][0]
            ls = self.line_start(key_node.start_mark.index)
            if self.text[ls : key_node.start_mark.index].strip():
                raise Unsupported("children key shares its line")
            cut_start = ls
        before = self.text[self.line_start(cut_start - 1) : cut_start] if cut_start > 0 else ""
        after = self.text[cut_end : self.line_end(cut_end)] if cut_end < len(self.text) else ""
        if cut_start > 0 and not before.strip() and not after.strip():  # no double blank line left behind
            cut_start = self.line_start(cut_start - 1)
        return self.text[:cut_start] + self.text[cut_end:], block

    def paste(self, block: str, parent: str | None) -> str:
        """The text with ``block`` (dedented code lines) added as the last child of ``parent``
        (None: as the last top-level code)."""
        if parent is None:
            seq: yaml.SequenceNode | None = self.top
        else:
            owner = self.codes[parent]
            entry = owner.fields.get("children")
            seq = entry[1] if entry is not None and isinstance(entry[1], yaml.SequenceNode) else None
            if entry is not None and (seq is None or not seq.value):
                raise Unsupported("empty children key")
        if seq is not None:
            if seq.flow_style:
                raise Unsupported("flow list")
            last = seq.value[-1]
            dash_start, end, dash = self.item_lines(last)
            above = self.text[self.line_start(dash_start - 1) : dash_start] if dash_start > 0 else "x"
            spacer = "\n" if not above.strip() else ""
            lead = "" if self.text[:end].endswith("\n") else "\n"
            body = "".join(_shift(line, dash) for line in block.splitlines(keepends=True))
            return self.text[:end] + lead + spacer + body + self.text[end:]
        owner_node = self.codes[parent].node  # type: ignore[index]
        if owner_node.flow_style:
            raise Unsupported("flow mapping")
        column = self.key_column(owner_node)
        end = self.line_end(self.content_end(owner_node))
        lead = "" if self.text[:end].endswith("\n") else "\n"
        body = "".join(_shift(line, column + 2) for line in block.splitlines(keepends=True))
        return self.text[:end] + lead + " " * column + "children:\n" + body + self.text[end:]

    def text_scalars(self, code_id: str) -> list[yaml.ScalarNode]:
        """The scalar nodes of a code's definition, when to use and when not to use."""
        out: list[yaml.ScalarNode] = []
        for key in TEXT_FIELDS:
            entry = self.codes[code_id].fields.get(key)
            if entry is None:
                continue
            value = entry[1]
            if isinstance(value, yaml.ScalarNode):
                out.append(value)
            elif isinstance(value, yaml.MappingNode):
                out.extend(v for _, v in value.value if isinstance(v, yaml.ScalarNode))
        return out

    def mention_edits(self, code_id: str, pattern: re.Pattern[str], mapping: Callable[[str], str]) -> list[Edit]:
        """Edits that replace the mentions of ids in a code's texts."""
        edits = []
        for node in self.text_scalars(code_id):
            start, end = node.start_mark.index, node.end_mark.index
            for m in pattern.finditer(self.text, start, end):
                edits.append(Edit(m.start(), m.end(), mapping(m.group(0))))
        return edits


def _shift(line: str, delta: int) -> str:
    if not line.strip():
        return "\n" if line.endswith("\n") else ""
    if delta >= 0:
        return " " * delta + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -delta) :]


def _wrap(items: list[str], width: int = 100) -> list[str]:
    """Comma-separated rows of ``items``, each up to ``width`` characters where possible."""
    rows: list[str] = []
    row = ""
    for item in items:
        if row and len(row) + 2 + len(item) > width:
            rows.append(row + ",")
            row = item
        else:
            row = f"{row}, {item}" if row else item
    if row:
        rows.append(row)
    return rows
