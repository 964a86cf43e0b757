"""Rendering library data for the terminal and text formats. No numbers are computed here."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..formats import HEADERS, caption_lines, findings_rows
from ..i18n import t

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Codebook
    from ..report import ValidationReport
    from ..summary import Summary

WIDE = 180


def findings_renderable(summary: Summary, width: int) -> Any:
    """A rich table, or one panel per dimension when the terminal is narrower than the table."""
    lang = summary.lang
    title = t(
        "title.findings", lang, title=summary.codebook.title.get(lang) or next(iter(summary.codebook.title.values()))
    )
    rows = findings_rows(summary)
    captions = [Text(line, style="dim") for line in caption_lines(summary)]
    if width >= WIDE:
        table = Table(title=title, box=box.SIMPLE_HEAVY, show_lines=True, expand=True)
        ratios = {"h.quote": 5, "h.indicators": 3, "h.kendala": 3, "h.upaya": 3, "h.assessment": 2, "h.other": 2}
        for key in HEADERS:
            if key in ratios:
                table.add_column(t(key, lang), ratio=ratios[key], min_width=14, overflow="fold")
            else:  # short cells: never wrapped
                table.add_column(t(key, lang), no_wrap=True)
        for r in rows:
            table.add_row(*(escape(r[k]) for k in HEADERS))
        return Group(table, *captions)
    panels: list[Any] = [Text(title, style="bold")]
    for r in rows:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key in HEADERS[1:]:
            if r[key]:
                grid.add_row(t(key, lang), escape(r[key]))
        panels.append(Panel(grid, title=escape(r["h.dimension"]), title_align="left"))
    return Group(*panels, *captions)


def frame_csv(frame: pd.DataFrame) -> str:
    from ..export import safe_frame

    buf = io.StringIO()
    safe_frame(frame).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def frame_json(frame: pd.DataFrame) -> str:
    from ..export import records, to_json

    return to_json({"schema_version": 1, "rows": records(frame)})


def frame_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAVY)
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "iuf"
        table.add_column(str(column), justify="right" if numeric else "left", no_wrap=True, overflow="ellipsis")
    for record in frame.itertuples(index=False):
        table.add_row(*(escape("" if v is None else str(v)) for v in record))
    return table


def validation_text(report: ValidationReport, lang: str) -> str:
    lines = []
    for p in report.problems:
        severity = t("error", lang).lower() if p.severity == "error" else t("warning", lang).lower()
        loc = p.location()
        lines.append(f"{loc}: {severity}: {p.message.render(lang)}")
    if not report.problems:
        lines.append(t("report.ok", lang, path=report.file))
    lines.append(t("report.summary", lang, errors=len(report.errors), warnings=len(report.warnings)))
    return "\n".join(lines)


def codebook_tree_renderable(codebook: Codebook, lang: str) -> Tree:
    title = codebook.title.get(lang) or next(iter(codebook.title.values()), codebook.id)
    root = Tree(Text(f"{title} ({codebook.id})", style="bold"))
    nodes: dict[str, Tree] = {}
    for code in codebook.codes.values():
        label = Text()
        label.append(code.id, style=f"bold {code.color}" if code.color else "bold")
        label.append(f"  {code.name(lang)}")
        if code.parent is None:
            label.append(f"  [{code.role}]", style="cyan")
        n_rules = len(code.rules.words) + len(code.rules.regex)
        if n_rules:
            label.append(f"  ({n_rules} {t('h.rules', lang).lower()})", style="dim")
        parent = nodes[code.parent] if code.parent else root
        nodes[code.id] = parent.add(label)
    return root


def render_to_text(renderable: Any, width: int = 200) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()
