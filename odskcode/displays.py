"""Render the Miles–Huberman displays (framework matrix, triangulation) as documents.

A display is a title, notes and one :class:`Block` (a table) per dimension; the same
blocks become Markdown, LaTeX, HTML, an XLSX workbook (one sheet per dimension,
wrapped cells, header row repeated on every printed page, landscape) or a Word
document (one table per dimension, header row repeated, landscape A4). JSON and CSV
come straight from the frames (:func:`framework_data`, :func:`triangulation_data`).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import SCHEMA_VERSION, atomic_write, records, safe_frame, to_json
from .formats import latex_escape
from .framework import Framework, Triangulation
from .i18n import t

DISPLAY_FORMATS = ("json", "csv", "markdown", "latex", "html", "xlsx", "docx")


@dataclass
class Block:
    """One table of a display: a title, headers and rows of text, and relative column widths."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]
    notes: list[str] = field(default_factory=list)


@dataclass
class Display:
    title: str
    lang: str
    blocks: list[Block]
    notes: list[str]


# --------------------------------------------------------------------------- building blocks
def framework_display(fw: Framework) -> Display:
    """One block per dimension: indicator, one column per source, conclusion."""
    lang = fw.lang
    keys = list(fw.columns["key"])
    headers = [t("fw.indicator", lang), *[_source_header(fw, k) for k in keys], t("fw.conclusion_header", lang)]
    blocks = []
    for dim, dim_label in fw.dimensions():
        rows = []
        for r in fw.rows[fw.rows["dimension"] == dim].itertuples(index=False):
            indent = "  " * int(str(r.depth))
            rows.append([indent + str(r.label), *[fw.cell_text(str(r.code), k) for k in keys], str(r.conclusion)])
        widths = [1.4, *[1.6] * len(keys), 2.0]
        blocks.append(Block(dim, dim_label, headers, rows, widths))
    notes = [
        t("corpus.informants", lang, n=fw.counts.get("informants", 0))
        + ", "
        + t("corpus.observations", lang, n=fw.counts.get("observations", 0))
        + ", "
        + t("corpus.documents", lang, n=fw.counts.get("documents", 0)),
        fw.rule,
    ]
    if not blocks:
        notes.insert(0, t("fw.no_indicators", lang))
    return Display(t("tt.framework", lang), lang, blocks, notes)


def _source_header(fw: Framework, key: str) -> str:
    row = fw.columns[fw.columns["key"] == key].iloc[0]
    if row["source"] == "observasi":
        return f"{key}\n{t('fw.observation_header', fw.lang)}"
    if row["source"] == "dokumentasi":
        return f"{key}\n{t('fw.document_header', fw.lang)}"
    return f"{key}\n{row['stratum']}" if row["stratum"] else str(key)


def triangulation_cell(entry: Any) -> str:
    """``+5 −0 /5``: sources of a group or technique judging positively and negatively, of its size;
    ``±n`` mixed and ``○n`` neutral (mention only) follow when there are any; ``—`` when none spoke."""
    if not int(entry.judged):
        return "—"
    parts = [f"+{int(entry.positive)}", f"−{int(entry.negative)}"]
    if int(entry.mixed):
        parts.append(f"±{int(entry.mixed)}")
    if int(entry.neutral):
        parts.append(f"○{int(entry.neutral)}")
    return " ".join(parts) + f" /{int(entry.size)}"


def triangulation_display(tri: Triangulation) -> Display:
    """One block per dimension: indicator, one column per group and technique, status; the reasons as notes."""
    lang = tri.lang
    table = tri.table
    columns: list[tuple[str, str]] = []
    for axis, value in zip(table["axis"], table["value"], strict=True):
        if (axis, value) not in columns:
            columns.append((axis, value))
    sizes = {(a, v): int(s) for a, v, s in zip(table["axis"], table["value"], table["size"], strict=True)}
    decides = {(a, v): bool(d) for a, v, d in zip(table["axis"], table["value"], table["decides"], strict=True)}

    def header(axis: str, value: str) -> str:
        if axis == "group":
            mark = "" if decides[(axis, value)] else "*"
            return f"{value}{mark}\n(n={sizes[(axis, value)]})"
        return t(f"tri.who.{value}", lang)

    headers = [t("fw.indicator", lang), *[header(a, v) for a, v in columns], t("tri.status_header", lang)]
    blocks = []
    dims: dict[str, list[Any]] = {}
    for v in tri.verdicts.itertuples(index=False):
        dims.setdefault(str(v.dimension), []).append(v)
    for dim, verdicts in dims.items():
        rows = []
        notes = []
        for v in verdicts:
            cells = []
            part = table[table["code"] == v.code]
            for axis, value in columns:
                entry = part[(part["axis"] == axis) & (part["value"] == value)]
                cells.append(triangulation_cell(next(entry.itertuples(index=False))) if not entry.empty else "")
            rows.append([str(v.label), *cells, t(f"tri.status.{v.status}", lang)])
            if v.status in ("divergent", "single"):
                notes.append(str(v.reason))
        widths = [2.0, *[1.0] * len(columns), 1.2]
        blocks.append(Block(dim, tri.dimension_labels.get(dim, dim), headers, rows, widths, notes))
    notes = [tri.rule] if blocks else [t("fw.no_indicators", lang), tri.rule]
    if any(not d for d in decides.values()):
        notes.append("* " + t("tri.small", lang).strip(" ()"))
    return Display(t("tt.triangulation", lang), lang, blocks, notes)


# --------------------------------------------------------------------------- JSON / CSV data
def framework_data(fw: Framework) -> dict[str, Any]:
    """The framework matrix as JSON-ready data: sources, indicators with their cells and conclusions."""
    cells: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rec in records(fw.cells):
        entry = {k: rec[k] for k in ("transcript", "segment", "valence", "mark", "quote")}
        cells.setdefault(str(rec["code"]), {}).setdefault(str(rec["key"]), []).append(entry)
    rows = []
    for rec in records(fw.rows):
        rows.append({**rec, "cells": cells.get(str(rec["code"]), {})})
    return {
        "schema_version": SCHEMA_VERSION,
        "table": "framework",
        "lang": fw.lang,
        "stratum": fw.stratum,
        "corpus": fw.counts,
        "rule": fw.rule,
        "sources": records(fw.columns),
        "rows": rows,
    }


def triangulation_data(tri: Triangulation) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "table": "triangulation",
        "lang": tri.lang,
        "by": tri.by,
        "min_group": tri.min_group,
        "rule": tri.rule,
        "indicators": records(tri.verdicts),
        "judgements": records(tri.table),
    }


def framework_csv(fw: Framework) -> str:
    """The wide matrix (one row per indicator, one column per source; statements one per line in a cell)."""
    buf = io.StringIO()
    safe_frame(fw.wide()).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def triangulation_csv(tri: Triangulation) -> str:
    """One row per indicator and group or technique, with the indicator's status and reason."""
    merged = tri.table.merge(tri.verdicts[["code", "status", "reason"]], on="code", how="left")
    buf = io.StringIO()
    safe_frame(merged).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


# --------------------------------------------------------------------------- text renderers
def display_markdown(d: Display) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    out = [f"# {d.title}", ""]
    for b in d.blocks:
        out.append(f"## {b.title}")
        out.append("")
        out.append("| " + " | ".join(cell(h) for h in b.headers) + " |")
        out.append("| " + " | ".join("---" for _ in b.headers) + " |")
        out.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in b.rows)
        out.append("")
        out.extend(f"- {cell(n)}" for n in b.notes)
        if b.notes:
            out.append("")
    out.extend(cell(n) + "  " for n in d.notes)
    return "\n".join(out).rstrip() + "\n"


def display_latex(d: Display) -> str:
    """One ``longtable`` per block on landscape pages, cells ragged right (needs array, booktabs,
    longtable, pdflscape)."""
    usable = 24.0  # cm across an A4 landscape page with 2.5 cm margins
    size = "\\scriptsize" if any(len(b.headers) > 8 for b in d.blocks) else "\\footnotesize"
    out = ["% \\usepackage{array,booktabs,longtable,pdflscape}", "\\begin{landscape}", size]
    for b in d.blocks:
        total = sum(b.widths)
        spec = "".join(f">{{\\raggedright\\arraybackslash}}p{{{usable * w / total - 0.2:.2f}cm}}" for w in b.widths)
        out += [
            f"\\begin{{longtable}}{{{spec}}}",
            f"\\caption{{{latex_escape(d.title)}: {latex_escape(b.title)}}}\\\\",
            "\\toprule",
            " & ".join("\\textbf{" + latex_escape(h).replace("\n", " \\newline ") + "}" for h in b.headers) + " \\\\",
            "\\midrule",
            "\\endhead",
        ]
        for row in b.rows:
            out.append(" & ".join(latex_escape(c).replace("\n", " \\newline ") for c in row) + " \\\\")
        out.append("\\bottomrule")
        out.append("\\end{longtable}")
        out.extend(latex_escape(n) + "\\par" for n in b.notes)
    out.extend(latex_escape(n) + "\\par" for n in d.notes)
    out.append("\\end{landscape}")
    return "\n".join(out) + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0}
th,td{border:1px solid #d0d0d0;padding:.3rem .45rem;vertical-align:top;text-align:left;min-width:7rem}
th{background:#f3f4f6;white-space:pre-line}td{white-space:pre-line}
td.empty{background:#fafafa}.notes{color:#555;font-size:.85rem}
@media print{@page{size:A4 landscape}thead{display:table-header-group}}
"""


def display_html(d: Display) -> str:
    """A standalone page; every piece of user text is escaped."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(d.lang)}"><head><meta charset="utf-8">',
        f"<title>{html.escape(d.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(d.title)}</h1>",
    ]
    for b in d.blocks:
        parts.append(f"<h2>{html.escape(b.title)}</h2>")
        head = "".join(f"<th>{html.escape(h)}</th>" for h in b.headers)
        body = "".join(
            "<tr>" + "".join(f"<td{' class=empty' if not c else ''}>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in b.rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        parts.extend(f'<p class="notes">{html.escape(n)}</p>' for n in b.notes)
    parts.append('<div class="notes">' + "".join(f"<p>{html.escape(n)}</p>" for n in d.notes) + "</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- files
def _sheet_title(text: str, used: set[str]) -> str:
    base = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Sheet"
    title, n = base, 2
    while title in used:
        suffix = f" {n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def write_display_xlsx(d: Display, path: Path) -> None:
    """One sheet per block: wrapped cells, frozen header, header repeated on printed pages, landscape A4."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    top = Alignment(wrap_text=True, vertical="top")
    for b in d.blocks:
        ws = wb.create_sheet(title=_sheet_title(b.title, used))
        ws.append([f"{d.title}: {b.title}"])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(b.headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = top
        for row in b.rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # text that looks like a formula stays text, inert
                    cell.data_type = "s"
        for row_cells in ws.iter_rows(min_row=3):
            for cell in row_cells:
                cell.alignment = top
        last = ws.max_row
        for note in [*b.notes, *d.notes]:
            last += 1
            note_cell = ws.cell(row=last + 1, column=1, value=note)
            if note_cell.data_type == "f":
                note_cell.data_type = "s"
        for i, w in enumerate(b.widths, start=1):
            ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = 16 * w
        ws.freeze_panes = "B3"
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not d.blocks:  # no indicators: a workbook needs a sheet, and the notes say why it is empty
        ws = wb.create_sheet(title=_sheet_title(d.title, used))
        for text in [d.title, *d.notes]:
            ws.append([text])
        ws["A1"].font = Font(bold=True, size=12)
    wb.save(str(path))


def write_display_docx(d: Display, path: Path) -> None:
    """Landscape A4; one table per block with its header row repeated on every page."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(9)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    from .docx_util import Captions, page_numbers

    captions = Captions(document, d.lang)
    usable = 26.7
    document.add_heading(d.title, level=1)
    for b in d.blocks:
        document.add_heading(b.title, level=2)
        captions.table(f"{d.title}: {b.title}")
        table = document.add_table(rows=1, cols=len(b.headers))
        table.style = "Table Grid"
        table.autofit = False
        total = sum(b.widths)
        widths = [Cm(usable * w / total) for w in b.widths]
        for cell, text, width in zip(table.rows[0].cells, b.headers, widths, strict=True):
            cell.text = text
            cell.width = width
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(7)
        props = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        props.append(repeat)
        for values in b.rows:
            cells = table.add_row().cells
            for cell, text, width in zip(cells, values, widths, strict=True):
                cell.width = width
                lines = text.split("\n")
                paragraph = cell.paragraphs[0]
                for k, line in enumerate(lines):
                    if k:
                        paragraph = cell.add_paragraph()
                    paragraph.add_run(line).font.size = Pt(7)
        for note in b.notes:
            document.add_paragraph(note).runs[0].font.size = Pt(8)
    for note in d.notes:
        document.add_paragraph(note).runs[0].font.size = Pt(8)
    page_numbers(document)
    document.save(str(path))


def display_text(d: Display, fmt: str) -> str:
    if fmt == "markdown":
        return display_markdown(d)
    if fmt == "latex":
        return display_latex(d)
    if fmt == "html":
        return display_html(d)
    raise ValueError(fmt)


def write_display(d: Display, fmt: str, path: str | Path) -> Path:
    """Write a display as ``xlsx`` or ``docx`` (or a text format) to ``path``, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        atomic_write({path: lambda p: write_display_xlsx(d, p)})
    elif fmt == "docx":
        atomic_write({path: lambda p: write_display_docx(d, p)})
    else:
        text = display_text(d, fmt)

        def write_text(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8", newline="\n")

        atomic_write({path: write_text})
    return path


def framework_text(fw: Framework, fmt: str) -> str:
    """json, csv, markdown, latex or html text of a framework matrix."""
    if fmt == "json":
        return to_json(framework_data(fw))
    if fmt == "csv":
        return framework_csv(fw)
    return display_text(framework_display(fw), fmt)


def triangulation_text(tri: Triangulation, fmt: str) -> str:
    if fmt == "json":
        return to_json(triangulation_data(tri))
    if fmt == "csv":
        return triangulation_csv(tri)
    return display_text(triangulation_display(tri), fmt)


__all__ = [
    "DISPLAY_FORMATS",
    "Block",
    "Display",
    "framework_data",
    "framework_display",
    "framework_text",
    "triangulation_data",
    "triangulation_display",
    "triangulation_text",
    "write_display",
]
