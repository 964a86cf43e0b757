"""Miles–Huberman displays: framework (matriks reduksi data) and triangulate (triangulasi)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .analyze_cmd import AnalyzeFormat, Unit
from .app import Lang, app, handled, stdout, write_output
from .project_cmd import project_option
from .report_cmd import (
    anonymize_option,
    codebook_option,
    coder_option,
    consensus_option,
    lang_option,
    load_summary,
    paths_argument,
    unit_option,
)


class TriangulateBy(str, Enum):
    group = "group"
    technique = "technique"
    both = "both"


def codes_option() -> Any:
    return typer.Option(
        None,
        "--codes",
        metavar="PREFIX",
        help="Rows for this code and the codes below it (default: every indicator of every dimension).",
    )


def _emit(display: Any, text_of: Any, data: Any, fmt: AnalyzeFormat, output: Path | None, renderable: Any) -> None:
    """Terminal, text formats (stdout or --output) and files (xlsx, docx: --output needed)."""
    from ..displays import write_display

    if fmt is AnalyzeFormat.table:
        if output is None:
            stdout().print(renderable(stdout().width))
            return
        from .render import render_to_text

        write_output(render_to_text(renderable(200)), output)
        return
    if fmt.value in ("xlsx", "docx"):
        if output is None:
            raise typer.BadParameter(
                f"--format {fmt.value} writes a file: add --output FILE.{fmt.value}", param_hint="--format"
            )
        write_display(display, fmt.value, output)
        return
    write_output(text_of(data, fmt.value), output)


@app.command()
@handled
def framework(
    paths: list[Path] = paths_argument(),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    codes: str = codes_option(),
    stratum: str = typer.Option(
        "group", "--stratum", metavar="FIELD", help="Metadata field the informant columns are grouped by."
    ),
    fmt: AnalyzeFormat = typer.Option(
        AnalyzeFormat.table, "--format", "-f", help="Output format (xlsx, docx need --output)."
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    anonymize: bool = anonymize_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
    lang: Lang = lang_option(),
) -> None:
    """The data reduction matrix (matriks reduksi data): indicators × sources.

    Rows are indicators grouped under their dimension; columns are informants grouped by
    stratum, then observation notes and documents. Each cell holds the source's coded
    statements (short quote, valence mark, segment id); the last column concludes per
    indicator from the findings table's numbers. XLSX and DOCX give one sheet or table per dimension.

    Examples: odskcode framework sample_interviews · odskcode framework --codes kendala -f docx -o matriks.docx
    """
    from ..displays import framework_display, framework_text
    from ..framework import framework as make_framework

    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    fw = make_framework(summary, codes=codes, stratum=stratum)
    _emit(framework_display(fw), framework_text, fw, fmt, output, lambda width: framework_renderable(fw, width))


@app.command()
@handled
def triangulate(
    paths: list[Path] = paths_argument(),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    codes: str = codes_option(),
    by: TriangulateBy = typer.Option(
        TriangulateBy.both, "--by", help="Triangulate informant groups, techniques, or both."
    ),
    min_group: int = typer.Option(
        2, "--min-group", min=1, metavar="N", help="Groups with fewer informants are shown but never decide."
    ),
    group_field: str = typer.Option(
        "group", "--group-field", metavar="FIELD", help="Metadata field that defines the informant groups."
    ),
    fmt: AnalyzeFormat = typer.Option(
        AnalyzeFormat.table, "--format", "-f", help="Output format (xlsx, docx need --output)."
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    anonymize: bool = anonymize_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
    lang: Lang = lang_option(),
) -> None:
    """Triangulation (triangulasi): per indicator, the judgement of each informant group and technique.

    Each indicator is marked consistent, divergent, single source or no data, by the rule
    printed under the table (docs/framework.md).

    Examples: odskcode triangulate sample_interviews · odskcode triangulate --by group --min-group 3
    """
    from ..displays import triangulation_display, triangulation_text
    from ..framework import triangulate as make_triangulation

    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    tri = make_triangulation(summary, by=by.value, min_group=min_group, codes=codes, field_name=group_field)
    _emit(
        triangulation_display(tri),
        triangulation_text,
        tri,
        fmt,
        output,
        lambda width: triangulation_renderable(tri, width),
    )


# --------------------------------------------------------------------------- terminal
MARK_STYLES = {"+": "green", "−": "red", "0": "dim"}


def framework_renderable(fw: Any, width: int) -> Any:
    """Per dimension a panel; per indicator its conclusion, then each source's statements."""
    from ..displays import framework_display

    display = framework_display(fw)
    keys = list(fw.columns["key"])
    labels = {k: fw.column_label(k) for k in keys}
    parts: list[Any] = [Text(display.title, style="bold")]
    for dim, dim_label in fw.dimensions():
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="cyan")
        grid.add_column(overflow="fold")
        for r in fw.rows[fw.rows["dimension"] == dim].itertuples(index=False):
            grid.add_row(Text(str(r.label), style="bold"), Text(str(r.conclusion), style="italic"))
            cells = fw.cells[fw.cells["code"] == r.code]
            for key in keys:
                mine = cells[cells["key"] == key]
                for n, c in enumerate(mine.itertuples(index=False)):
                    line = Text()
                    line.append(f"“{c.quote}” ")
                    line.append(f"({c.mark})", style=MARK_STYLES.get(str(c.mark), ""))
                    line.append(f" {c.segment}", style="dim")
                    grid.add_row(labels[key] if n == 0 else "", line)
            grid.add_row("", "")
        parts.append(Panel(grid, title=escape(dim_label), title_align="left", width=min(width, 160)))
    parts.extend(Text(n, style="dim") for n in display.notes)
    return Group(*parts)


STATUS_STYLES = {"divergent": "bold red", "single": "yellow", "consistent": "green", "none": "dim"}


def triangulation_renderable(tri: Any, width: int) -> Any:
    """One table per dimension (groups and techniques as columns) on wide terminals; on narrow ones one
    line per indicator and status, then its groups and techniques. The reasons follow."""
    from ..displays import triangulation_display

    display = triangulation_display(tri)
    statuses = {str(v.label): str(v.status) for v in tri.verdicts.itertuples(index=False)}
    parts: list[Any] = [Text(display.title, style="bold")]
    for block in display.blocks:
        if width >= 120:
            table = Table(title=escape(block.title), title_justify="left", box=box.SIMPLE_HEAD)
            table.add_column(block.headers[0], overflow="fold", min_width=20)
            for header in block.headers[1:-1]:
                table.add_column(escape(header), no_wrap=True, justify="right")
            table.add_column(block.headers[-1], no_wrap=True)
            for row in block.rows:
                style = STATUS_STYLES.get(statuses.get(row[0], ""), "")
                table.add_row(escape(row[0]), *row[1:-1], Text(row[-1], style=style))
            parts.append(table)
        else:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(overflow="fold")
            for row in block.rows:
                line = Text(row[0], style="bold")
                line.append("  ")
                line.append(row[-1], style=STATUS_STYLES.get(statuses.get(row[0], ""), ""))
                grid.add_row(line)
                cells = [f"{h.splitlines()[0]} {c}" for h, c in zip(block.headers[1:-1], row[1:-1], strict=True) if c]
                grid.add_row(Text("  " + " · ".join(cells), style="dim"))
            parts.append(Panel(grid, title=escape(block.title), title_align="left"))
        parts.extend(Text(f"• {note}") for note in block.notes)
    parts.extend(Text(n, style="dim") for n in display.notes)
    return Group(*parts)
