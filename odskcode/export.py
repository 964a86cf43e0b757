"""Writing the machine-readable contract files, atomically.

``segments.csv``, ``findings.csv``, ``matrix.csv`` and ``summary.xlsx`` are written
to temporary files in the target folder first and renamed into place only when
all of them were written: all of them or none.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import ExportError
from .i18n import msg
from .summary import Summary

SCHEMA_VERSION = 1
CONTRACT_FILES = ("segments.csv", "findings.csv", "matrix.csv", "summary.xlsx")


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make a spreadsheet cell inert: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, convert: Callable[[Any], Any] = neutralise) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas (each passed to ``convert``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(convert)
    return out


def sheets(summary: Summary) -> dict[str, pd.DataFrame]:
    """The tables of a summary, by sheet name (see :func:`odskcode.formats.report_tables`)."""
    from .formats import report_tables

    return {name: frame for name, _, frame in report_tables(summary)}


TEXT_FORMATS = ("json", "csv", "markdown", "latex", "html")
FILE_FORMATS = ("xlsx", "docx")


def report_text(summary: Summary, fmt: str) -> str:
    """The summary as text: ``json``, ``csv`` (findings.csv), ``markdown``, ``latex`` or ``html``."""
    from .formats import findings_latex, findings_markdown, report_html

    if fmt == "json":
        return to_json(summary_to_dict(summary))
    if fmt == "csv":
        buf = io.StringIO()
        safe_frame(summary.findings).to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()
    if fmt == "markdown":
        return findings_markdown(summary)
    if fmt == "latex":
        return findings_latex(summary)
    if fmt == "html":
        return report_html(summary)
    raise ValueError(fmt)


def write_report(summary: Summary, fmt: str, path: str | Path) -> Path:
    """Write the summary to ``path`` in ``fmt`` (a text format, ``xlsx`` or ``docx``), atomically."""
    from .formats import write_docx

    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        atomic_write({path: lambda p: write_xlsx(p, sheets(summary))})
    elif fmt == "docx":
        atomic_write({path: lambda p: write_docx(summary, p)})
    else:
        text = report_text(summary, fmt)

        def write_text(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8", newline="\n")

        atomic_write({path: write_text})
    return path


def write_xlsx(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """One sheet per table: frozen header, widths set, long text wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in tables.items():
        ws = wb.create_sheet(title=name[:31])
        frame = safe_frame(frame)
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            ws.append([_cell(v) for v in record])
        ws.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            values = [str(column)] + [str(v) for v in frame[column].head(200).tolist()]
            width = min(max(len(v) for v in values) + 2, 60)
            letter = ws.cell(row=1, column=i).column_letter
            ws.column_dimensions[letter].width = max(width, 6)
            if width >= 60:
                for cell in ws[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(str(path))


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    safe_frame(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def atomic_write(targets: dict[Path, Callable[[Path], None]]) -> None:
    """Write each target through a temporary file in its folder, then rename all of them.

    If any writer fails, no target is touched and the temporary files are removed.
    """
    for target in targets:
        if target.is_dir():  # os.replace cannot put a file there: say so before writing anything
            raise ExportError(msg("ex.is_folder", path=str(target)), file=target)
    temps: dict[Path, Path] = {}
    try:
        for target, writer in targets.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            os.chmod(tmp_name, _FILE_MODE)  # mkstemp makes 0600; outputs get the usual 0666 & ~umask
            temps[target] = Path(tmp_name)
            writer(temps[target])
    except BaseException as exc:  # also Ctrl-C: no temporary file is left behind
        for tmp_path in temps.values():
            tmp_path.unlink(missing_ok=True)
        if not isinstance(exc, Exception):
            raise
        raise ExportError(msg("ex.write_failed", detail=str(exc)), file=next(iter(targets)).parent) from exc
    for target, done in temps.items():
        os.replace(done, target)


def write_contract(summary: Summary, directory: str | Path) -> list[Path]:
    """Write the four contract files into ``directory`` (created if needed); return their paths."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(msg("ex.not_dir", path=str(directory)), file=directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(msg("ex.write_failed", detail=str(exc)), file=directory) from exc
    tables = sheets(summary)
    targets: dict[Path, Callable[[Path], None]] = {
        directory / "segments.csv": lambda p: _write_csv(p, summary.segments),
        directory / "findings.csv": lambda p: _write_csv(p, summary.findings),
        directory / "matrix.csv": lambda p: _write_csv(p, summary.matrix),
        directory / "summary.xlsx": lambda p: write_xlsx(p, tables),
    }
    atomic_write(targets)
    return list(targets)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _cell(v) for k, v in rec.items()} for rec in frame.to_dict(orient="records")]


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data with a top-level ``schema_version``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "codebook": summary.codebook.id,
        "lang": summary.lang,
        "unit": summary.unit,
        "corpus": dict(summary.counts),
        "rule": summary.rule,
        "findings": records(summary.findings),
        "matrix": records(summary.matrix),
        "segments": records(summary.segments),
        "sources": records(summary.sources),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
