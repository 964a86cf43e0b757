"""Retrieving segments: the coded segments that match a query, and the ones left uncoded.

:func:`retrieve` is what ``odskcode segments`` calls: on a project, or on transcript
files auto-coded in memory as ``analyze`` does. Its rows have the columns of
``segments.csv``, one per (segment, coding) that counts; uncoded segments have the
code columns empty. ``transcript`` and ``segment`` are the keys that
``odskcode codings import`` reads codings back by. Nothing here prints.
"""

from __future__ import annotations

import difflib
import html
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OdskcodeError
from .i18n import Msg, msg

if TYPE_CHECKING:
    import pandas as pd

    from .model import Codebook, Coding, Corpus
    from .project import Project

WHICH = ("coded", "uncoded", "all")
TEXT_FORMATS = ("json", "csv", "markdown", "latex", "html")
FILE_FORMATS = ("xlsx", "docx")
ProgressFn = Callable[[str, int, int], None]


@dataclass
class SegmentQuery:
    """What to retrieve. All given filters must hold (AND).

    ``code`` matches the code and its descendants; ``informant`` an informant id;
    ``coder`` keeps that coder's codings (as ``--coder`` does for summaries);
    ``text`` is a Python regular expression searched, case-insensitively, in the
    segment's text. ``which``: ``coded`` rows (one per coding that counts),
    ``uncoded`` segments (no coding that counts and matches ``code``/``coder``), or ``all``.
    """

    code: str | None = None
    informant: str | None = None
    coder: str | None = None
    text: str | None = None
    which: str = "coded"


@dataclass
class Retrieval:
    frame: pd.DataFrame  # columns of segments.csv
    warnings: list[Any] = field(default_factory=list)  # report.Problem from reading transcript files


def code_hint(codebook: Codebook) -> Msg:
    """Where to see the codes: the codebook in use, named by its file (a project's own codebook
    differs from the bundled one that a bare ``odskcode codebook show`` draws)."""
    if not codebook.path:
        return msg("tb.code_hint")
    from .codebook import BUNDLED, bundled_codebook_path

    for name in BUNDLED:  # a bundled codebook by its short name, not by where pip put it
        if Path(codebook.path).resolve() == bundled_codebook_path(name).resolve():
            return msg("mc.codes_hint", path=name)
    return msg("mc.codes_hint", path=codebook.path)


def _suggestion(word: str, choices: Iterable[str]) -> Msg | str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("cb.did_you_mean", word=close[0]) if close else ""


def unknown_code(code: str, codebook: Codebook) -> OdskcodeError:
    """The error for a code the codebook does not have: the nearest id, and where to see them all."""
    return OdskcodeError(
        msg("rt.unknown_code", code=code, suggestion=_suggestion(code, codebook.codes)), hint=code_hint(codebook)
    )


def compile_text(pattern: str) -> re.Pattern[str]:
    """The ``--text`` pattern, compiled case-insensitively; a located error when it is not a regex."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise OdskcodeError(msg("rt.bad_regex", pattern=pattern, detail=str(exc))) from exc


def _check(query: SegmentQuery, corpus: Corpus, codebook: Codebook) -> None:
    if query.which not in WHICH:
        raise ValueError(f"which must be one of {WHICH}")
    if query.code is not None and query.code not in codebook.codes:
        raise unknown_code(query.code, codebook)
    if query.informant is not None:
        informants = sorted({i for tr in corpus.transcripts for i in tr.informants()})
        if query.informant not in informants:
            raise OdskcodeError(
                msg(
                    "rt.unknown_informant",
                    informant=query.informant,
                    suggestion=_suggestion(query.informant, informants),
                    informants=", ".join(informants) or "-",
                )
            )


def query_segments(
    corpus: Corpus,
    codebook: Codebook,
    codings: list[Coding] | pd.DataFrame,
    query: SegmentQuery,
    unit: str = "turn",
    reviewed: set[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The rows of :class:`SegmentQuery` ``query`` over ``corpus`` and its ``codings``.

    Codings count as in summaries (DESIGN.md, "Which codings count"), each kept as its
    own row; with ``query.coder`` they are that coder's codings (a coder with none gives
    no rows; :func:`retrieve` refuses names it does not know). Rows come in text order,
    then codebook order of the code, then coder.
    """
    import pandas as pd

    from .summary import SEGMENT_COLUMNS, codings_frame, counting_codings, select_codings
    from .transcripts import segments as make_segments

    _check(query, corpus, codebook)
    pattern = compile_text(query.text) if query.text is not None else None
    frame = codings if isinstance(codings, pd.DataFrame) else codings_frame(corpus, codebook, codings, unit)
    # with --coder: that coder's codings; else those that count, each kept whole
    frame = select_codings(frame, coder=query.coder) if query.coder is not None else counting_codings(frame, reviewed)
    if query.code is not None and not frame.empty:
        codes = frame["code"].astype(str)
        frame = frame[(codes == query.code) | codes.str.startswith(query.code + ".")]

    code_order = {c: i for i, c in enumerate(codebook.codes)}
    positions: dict[tuple[str, str], tuple[int, int]] = {}
    wanted: dict[tuple[str, str], Any] = {}  # segments that pass the informant and text filters
    for t_index, tr in enumerate(corpus.transcripts):
        for s_index, seg in enumerate(make_segments(tr, unit)):
            positions[(tr.key, seg.id)] = (t_index, s_index)
            if query.informant is not None and seg.informant != query.informant:
                continue
            if pattern is not None and not pattern.search(seg.text):
                continue
            wanted[(tr.key, seg.id)] = (tr, seg)
    t_order = {tr.key: i for i, tr in enumerate(corpus.transcripts)}

    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    coded: set[tuple[str, str]] = set()
    for raw in frame.to_dict(orient="records"):
        rec = {str(k): v for k, v in raw.items()}
        key = (str(rec["transcript"]), str(rec["segment"] or ""))
        coded.add(key)
        if key[1]:
            if key not in wanted:
                continue
        else:  # a coding on no segment: its own informant and words
            if query.informant is not None and rec["informant"] != query.informant:
                continue
            if pattern is not None and not pattern.search(str(rec["text"])):
                continue
        t_index, s_index = positions.get(key, (t_order.get(key[0], len(t_order)), -1))
        order = (t_index, s_index, int(rec["start"]), 0, code_order.get(str(rec["code"]), len(code_order)))
        rows.append(((*order, str(rec["coder"])), rec))
    if query.which == "uncoded":
        rows = []
    if query.which in ("uncoded", "all"):
        for key, (tr, seg) in wanted.items():
            if key in coded:
                continue
            meta = tr.informant_meta(seg.informant)
            record = {
                "transcript": tr.key,
                "informant": seg.informant,
                "role": str(meta.get("role", "") or ""),
                "group": str(meta.get("group", "") or ""),
                "source": tr.source,
                "segment": seg.id,
                "start": seg.start,
                "end": seg.end,
                **dict.fromkeys(("code", "category", "valence", "coder", "origin", "rule", "memo"), ""),
                "text": seg.text,
            }
            rows.append(((*positions[key], seg.start, -1, -1, ""), record))
    rows.sort(key=lambda item: item[0])
    out = pd.DataFrame([r for _, r in rows], columns=SEGMENT_COLUMNS)
    return out.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def retrieve(
    query: SegmentQuery,
    paths: Iterable[str | Path] | None = None,
    project: Project | None = None,
    codebook: Codebook | str | Path | None = None,
    unit: str = "turn",
    progress: ProgressFn | None = None,
) -> Retrieval:
    """Segments of ``project``, or of the transcript files ``paths`` auto-coded in memory.

    With ``paths`` the codebook is ``codebook`` (default: the bundled ODSK one) and the
    only coder is ``auto``; a project brings its own codebook, unit and coders.
    """
    if query.text is not None:
        compile_text(query.text)  # a bad pattern fails before any file is read
    if paths:
        from .pipeline import analyze

        if query.coder is not None and query.coder != "auto":
            raise OdskcodeError(msg("co.unknown_coder", coder=query.coder, coders="auto"))
        result = analyze(paths, codebook=codebook, unit=unit, progress=progress)
        frame = query_segments(result.corpus, result.codebook, result.summary.segments, query, unit)
        return Retrieval(frame, result.corpus.all_warnings())
    if project is None:
        raise ValueError("retrieve needs paths or a project")
    from .project import check_selection, load_codings, load_corpus, reviewed_segments

    check_selection(project, query.coder)
    corpus = load_corpus(project)
    codebook_obj = project.codebook()
    frame = query_segments(
        corpus,
        codebook_obj,
        load_codings(project),
        query,
        unit=project.settings.unit,
        reviewed=reviewed_segments(project),
    )
    return Retrieval(frame)


# --------------------------------------------------------------------------- output
def _plain(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def segments_text(frame: pd.DataFrame, fmt: str) -> str:
    """The rows as ``json`` (with ``schema_version``), ``csv``, ``markdown``, ``latex`` or ``html``."""
    from .export import records, safe_frame, to_json
    from .formats import frame_markdown, latex_escape

    if fmt == "json":
        return to_json({"schema_version": 1, "segments": records(frame)})
    if fmt == "csv":
        buf = io.StringIO()
        safe_frame(frame).to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()
    if fmt == "markdown":
        return frame_markdown(frame)
    columns = ["transcript", "informant", "segment", "code", "valence", "coder", "text"]
    if fmt == "latex":
        lines = [
            "% \\usepackage{booktabs,longtable}",
            "\\begin{longtable}{llllllp{8cm}}",
            "\\toprule",
            " & ".join(f"\\textbf{{{latex_escape(c)}}}" for c in columns) + " \\\\",
            "\\midrule",
            "\\endhead",
        ]
        for rec in frame[columns].itertuples(index=False):
            lines.append(" & ".join(latex_escape(_plain(v)) for v in rec) + " \\\\")
        lines += ["\\bottomrule", "\\end{longtable}"]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_plain(v))}</td>" for v in rec) + "</tr>"
            for rec in frame.itertuples(index=False)
        )
        style = (
            "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;font-size:.85rem}"
            "th,td{border:1px solid #d0d0d0;padding:.3rem .45rem;vertical-align:top;text-align:left}"
            "th{background:#f3f4f6}"
        )
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>segments</title>'
            f"<style>{style}</style></head><body>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n</body></html>\n"
        )
    raise ValueError(fmt)


def write_segments(frame: pd.DataFrame, fmt: str, path: str | Path) -> Path:
    """Write the rows to ``path`` in ``fmt`` (a text format, ``xlsx`` or ``docx``), atomically."""
    from .errors import ExportError
    from .export import atomic_write, write_xlsx

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(msg("ex.write_failed", detail=str(exc)), file=path) from exc
    if fmt == "xlsx":
        atomic_write({path: lambda p: write_xlsx(p, {"segments": frame})})
    elif fmt == "docx":
        atomic_write({path: lambda p: _write_docx(frame, p)})
    else:
        text = segments_text(frame, fmt)

        def write_text(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8", newline="\n")

        atomic_write({path: write_text})
    return path


def _write_docx(frame: pd.DataFrame, path: Path) -> None:
    import docx
    from docx.shared import Pt

    columns = ["transcript", "informant", "segment", "code", "valence", "coder", "text"]
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(9)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for rec in frame[columns].itertuples(index=False):
        for cell, value in zip(table.add_row().cells, rec, strict=True):
            cell.text = _plain(value)
    from .docx_util import page_numbers

    page_numbers(document)
    document.save(str(path))
