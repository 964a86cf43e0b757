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

from ..i18n import t

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Codebook
    from ..report import ValidationReport
    from ..summary import Summary

WIDE = 180


def _indicators(summary: Summary, category: str) -> str:
    f = summary.findings
    rows = f[(f["level"] == "code") & (f["category"] == category) & (f["informants"] > 0)]
    return ", ".join(f"{r.label} ({r.informants})" for r in rows.itertuples(index=False))


def _quote(row: Any) -> str:
    if not row.quote:
        return ""
    who = ", ".join(x for x in (str(row.quote_informant), str(row.quote_role)) if x)
    return f"“{row.quote}” — {who}"


def findings_rows(summary: Summary) -> list[dict[str, str]]:
    """The findings table as display strings, one dict per dimension, keyed by header key."""
    out = []
    for row in summary.dimensions().itertuples(index=False):
        others = ", ".join(
            [
                t("corpus.observations", summary.lang, n=row.observations),
                t("corpus.documents", summary.lang, n=row.documents),
            ]
        )
        out.append(
            {
                "h.dimension": str(row.label),
                "h.indicators": _indicators(summary, str(row.category)),
                "h.informants": f"{row.informants}/{row.informants_total}",
                "h.judgements": f"{row.positive} / {row.negative} / {row.mixed}",
                "h.kendala": str(row.kendala_label),
                "h.upaya": str(row.upaya_label),
                "h.assessment": str(row.assessment_label),
                "h.quote": _quote(row),
                "h.other": others,
            }
        )
    return out


HEADERS = (
    "h.dimension",
    "h.indicators",
    "h.informants",
    "h.judgements",
    "h.kendala",
    "h.upaya",
    "h.assessment",
    "h.quote",
    "h.other",
)


def caption_lines(summary: Summary) -> list[str]:
    lang = summary.lang
    lines = [
        t("caption.corpus", lang, corpus=summary.corpus_text()),
        t("caption.unit", lang, n=summary.counts["informants"]),
        t("caption.rule", lang, rule=summary.rule),
    ]
    f = summary.findings
    for cat in f[(f["level"] == "category") & (f["role"] == "recommendation")].itertuples(index=False):
        codes = f[(f["level"] == "code") & (f["category"] == cat.category) & (f["informants"] > 0)]
        if not codes.empty:
            items = ", ".join(f"{r.label} ({r.informants})" for r in codes.itertuples(index=False))
            lines.append(f"{cat.label}: {items}")
    return lines


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


def markdown_table(frame_rows: list[dict[str, str]], headers: list[tuple[str, str]]) -> str:
    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(h for _, h in headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in frame_rows:
        lines.append("| " + " | ".join(cell(row[k]) for k, _ in headers) + " |")
    return "\n".join(lines)


def findings_markdown(summary: Summary) -> str:
    lang = summary.lang
    headers = [(k, t(k, lang)) for k in HEADERS]
    title = t("title.findings", lang, title=summary.codebook.title.get(lang) or summary.codebook.id)
    body = markdown_table(findings_rows(summary), headers)
    notes = "\n".join(f"- {line}" for line in caption_lines(summary))
    return f"### {title}\n\n{body}\n\n{notes}\n"


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


def summary_text(summary: Summary, fmt: str) -> str:
    """A summary rendered as text in one of the text formats (table, json, csv, markdown)."""
    from ..export import summary_to_dict, to_json

    if fmt == "json":
        return to_json(summary_to_dict(summary))
    if fmt == "csv":
        return frame_csv(summary.findings)
    if fmt == "markdown":
        return findings_markdown(summary)
    return render_to_text(findings_renderable(summary, 200))


def report_text(report: ValidationReport, lang: str) -> str:
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
