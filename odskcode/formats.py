"""Output formats of the summary: display rows, Markdown, LaTeX, HTML, Word and Excel.

Pure composition of text and files from a :class:`~odskcode.summary.Summary`; no
numbers are computed here, and nothing is printed. All user text is escaped for
the target format (HTML, LaTeX, Markdown) or neutralised (spreadsheet formulas).
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import t

if TYPE_CHECKING:
    import pandas as pd

    from .summary import Summary


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


# ---------------------------------------------------------------------------- report tables
def report_tables(summary: Summary) -> list[tuple[str, str, pd.DataFrame]]:
    """(sheet name, localized title, table) of every table of the report, in order."""
    from .narrative import narrative
    from .tables import breakdown, cooccurrence, frequencies, informant_matrix

    lang = summary.lang
    tables: list[tuple[str, str, pd.DataFrame]] = [
        ("findings", t("tt.findings", lang), summary.findings),
        ("narrative", t("tt.narrative", lang), narrative(summary)),
        ("matrix", t("tt.matrix", lang), informant_matrix(summary, "presence")),
        ("matrix_segments", t("tt.matrix_segments", lang), informant_matrix(summary, "segments")),
        ("frequencies", t("tt.frequencies", lang), frequencies(summary)),
        ("cooccurrence", t("tt.cooccurrence", lang), cooccurrence(summary, "code")),
    ]
    if "group" in summary.sources.columns and summary.sources["group"].astype(bool).any():
        tables.append(("by_group", t("tt.by_group", lang), breakdown(summary, "group", level="code")))
    tables.append(("segments", t("tt.segments", lang), summary.segments))
    tables.append(("sources", t("tt.sources", lang), summary.sources))
    return tables


def _title(summary: Summary) -> str:
    lang = summary.lang
    name = summary.codebook.title.get(lang) or next(iter(summary.codebook.title.values()), summary.codebook.id)
    return t("title.findings", lang, title=name)


# ---------------------------------------------------------------------------- LaTeX
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # signs the tables use that pdflatex's utf8 input does not know (xelatex and lualatex know them all)
    "−": r"\ensuremath{-}",
    "○": r"\ensuremath{\circ}",
    "±": r"\ensuremath{\pm}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "→": r"\ensuremath{\rightarrow}",
    "×": r"\ensuremath{\times}",
}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def findings_latex(summary: Summary) -> str:
    """The findings table as a booktabs ``longtable`` (needs ``booktabs`` and ``longtable``)."""
    lang = summary.lang
    keys = [k for k in HEADERS if k != "h.other"]
    widths = {"h.dimension": "2cm", "h.indicators": "3.2cm", "h.informants": "1.2cm", "h.judgements": "1.3cm",
              "h.kendala": "2.8cm", "h.upaya": "2.8cm", "h.assessment": "2.4cm", "h.quote": "5cm"}  # fmt: skip
    spec = "".join(f"p{{{widths[k]}}}" for k in keys)
    lines = [
        "% \\usepackage{booktabs,longtable}; landscape pages: \\usepackage{pdflscape}",
        f"\\begin{{longtable}}{{{spec}}}",
        f"\\caption{{{latex_escape(_title(summary))}}}\\\\",
        "\\toprule",
        " & ".join(f"\\textbf{{{latex_escape(t(k, lang))}}}" for k in keys) + " \\\\",
        "\\midrule",
        "\\endhead",
    ]
    for row in findings_rows(summary):
        lines.append(" & ".join(latex_escape(row[k]) for k in keys) + " \\\\")
    lines.append("\\bottomrule")
    notes = " \\newline ".join(latex_escape(line) for line in caption_lines(summary))
    lines.append(f"\\multicolumn{{{len(keys)}}}{{p{{20cm}}}}{{\\footnotesize {notes}}} \\\\")
    lines.append("\\end{longtable}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- HTML
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d1d1f;max-width:1400px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #d0d0d0;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.notes{color:#555;font-size:.85rem}.heat td{text-align:center;min-width:1.6rem}
.heat th.code{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
p.narrative{max-width:60rem;line-height:1.5}
table.findings td:nth-child(3),table.findings td:nth-child(4){white-space:nowrap}
"""


def _html_table(frame: pd.DataFrame, limit: int | None = None) -> str:
    rows = frame if limit is None else frame.head(limit)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in rows.columns)
    body = []
    for record in rows.itertuples(index=False):
        cells = []
        for value in record:
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
            cells.append(f'<td class="num">{html.escape(text)}</td>' if numeric else f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _heatmap(summary: Summary) -> str:
    from .tables import informant_matrix

    matrix = informant_matrix(summary, "segments")
    codes = [c for c in matrix.columns[1:] if summary.codebook.codes[c].parent is not None]
    peak = max((int(matrix[c].max()) for c in codes), default=0) or 1
    names = {c: summary.codebook.codes[c].name(summary.lang) for c in codes}
    head = (
        "<th>"
        + html.escape(t("h.informant", summary.lang))
        + "</th>"
        + "".join(f'<th class="code" title="{html.escape(c)}">{html.escape(names[c])}</th>' for c in codes)
    )
    rows = []
    for record in matrix.itertuples(index=False):
        values = dict(zip(matrix.columns, record, strict=True))
        cells = []
        for c in codes:
            n = int(values[c])
            alpha = 0.08 + 0.82 * n / peak if n else 0
            style = f' style="background:rgba(46,125,50,{alpha:.2f});color:{"#fff" if alpha > 0.55 else "#111"}"'
            cells.append(f"<td{style if n else ''}>{n or ''}</td>")
        rows.append(f"<tr><th>{html.escape(str(values['informant']))}</th>{''.join(cells)}</tr>")
    return f'<table class="heat"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def report_html(summary: Summary) -> str:
    """One standalone HTML page: findings, narrative, heatmap and every table; all user text escaped."""
    from .narrative import narrative

    lang = summary.lang
    keys = list(HEADERS)
    findings = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[k])}</td>" for k in keys) + "</tr>" for row in findings_rows(summary)
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(_title(summary))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(_title(summary))}</h1>",
        '<table class="findings"><thead><tr>' + "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in keys),
        "</tr></thead>",
        f"<tbody>{findings}</tbody></table>",
        '<div class="notes">' + "".join(f"<p>{html.escape(line)}</p>" for line in caption_lines(summary)) + "</div>",
        f"<h2>{html.escape(t('tt.narrative', lang))}</h2>",
        "".join(f'<p class="narrative">{html.escape(str(p))}</p>' for p in narrative(summary)["text"]),
        f"<h2>{html.escape(t('tt.heatmap', lang))}</h2>",
        _heatmap(summary),
    ]
    for name, title, frame in report_tables(summary):
        if name in ("narrative", "findings"):
            continue
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(_html_table(frame))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- Word
def write_docx(summary: Summary, path: Path) -> None:
    """A Word document: findings table (landscape), narrative, matrix, frequencies and group breakdown."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    from .narrative import narrative
    from .tables import breakdown, frequencies

    lang = summary.lang
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)

    def landscape(section: Any) -> None:
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4, as theses here are printed
        section.orientation = WD_ORIENT.LANDSCAPE
        if section.page_width < section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.5))

    def portrait(section: Any) -> None:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.orientation = WD_ORIENT.PORTRAIT
        if section.page_width > section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width

    def add_table(headers: list[str], rows: list[list[str]], size: int = 8) -> None:
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(size)
        header = table.rows[0]._tr  # repeat the header row on every page
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        props = header.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        props.append(repeat)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(size)

    from .docx_util import Captions, page_numbers

    captions = Captions(document, lang)
    landscape(document.sections[0])
    document.add_heading(_title(summary), level=1)
    keys = list(HEADERS)
    captions.table(_title(summary))
    add_table([t(k, lang) for k in keys], [[row[k] for k in keys] for row in findings_rows(summary)])
    for line in caption_lines(summary):
        document.add_paragraph(line).runs[0].font.size = Pt(8)

    section = document.add_section()
    portrait(section)
    document.add_heading(t("tt.narrative", lang), level=2)
    for text in narrative(summary)["text"]:
        document.add_paragraph(str(text))

    section = document.add_section()
    landscape(section)
    document.add_heading(t("tt.matrix", lang), level=2)
    captions.table(t("tt.matrix", lang))
    matrix = summary.matrix
    codes = [c for c in matrix.columns[1:] if summary.codebook.codes[c].parent is not None]
    add_table(
        [t("h.informant", lang), *[summary.codebook.codes[c].name(lang) for c in codes]],
        [[str(r["informant"]), *[str(int(r[c])) for c in codes]] for _, r in matrix.iterrows()],
        size=7,
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(t("tt.frequencies", lang), level=2)
    captions.table(t("tt.frequencies", lang))
    freq = frequencies(summary)
    cols = ["label", "segments", "informants", "observations", "documents", "positive", "negative", "neutral"]
    add_table([t(f"c.{c}", lang) for c in cols], [[str(v) for v in r] for r in freq[cols].itertuples(index=False)])
    if "group" in summary.sources.columns and summary.sources["group"].astype(bool).any():
        document.add_heading(t("tt.by_group", lang), level=2)
        captions.table(t("tt.by_group", lang))
        by = breakdown(summary, "group", level="category")
        cols = ["label", "group", "total", "informants", "positive", "negative", "mixed", "judgement"]
        add_table(
            [t(f"c.{c}", lang) for c in cols],
            [[("" if v is None else str(v)) for v in r] for r in by[cols].itertuples(index=False)],
        )
    page_numbers(document)
    document.save(str(path))


def frame_markdown(frame: pd.DataFrame) -> str:
    """Any table as a Markdown pipe table (user text escaped for pipes and line breaks)."""
    columns = [str(c) for c in frame.columns]
    rows = [
        {
            c: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
            for c, v in zip(columns, r, strict=True)
        }
        for r in frame.itertuples(index=False)
    ]
    return markdown_table(rows, [(c, c) for c in columns]) + "\n"
