"""Moving a project's codings out to CSV/XLSX and back in.

:func:`export_codings` writes the project's codings in the columns of ``segments.csv``;
:func:`import_codings` reads such a file back, from this project or another laptop's copy
of it. An import is checked whole before anything is written: every bad row is named
(its row number as a spreadsheet shows it, the header being row 1), and then either all
rows are written in one transaction or nothing is. Importing the same file again changes
nothing: a coding is the same coding when its transcript, start, end, code and coder are.
See docs/coders.md.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExportError, ProjectError
from .i18n import Msg, msg
from .report import ERROR, Problem
from .transcripts import segment_at

if TYPE_CHECKING:
    import pandas as pd

    from .model import Segment, Transcript
    from .project import Project

SUFFIXES = (".csv", ".xlsx")
REQUIRED = ("transcript", "code", "coder")
ORIGINS = ("rule", "manual", "import")
DECISIONS = ("accepted", "rejected", "reviewed")  # the `decision` column: a person's review of a segment
VALENCE_ALIASES = {
    "positif": "positif",
    "positive": "positif",
    "negatif": "negatif",
    "negative": "negatif",
    "netral": "netral",
    "neutral": "netral",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET = "codings"


class CodingsImportError(ProjectError):
    """An import refused because of bad rows; :attr:`problems` names each of them."""

    def __init__(self, file: str | Path, problems: list[Problem], rows: int) -> None:
        self.problems = problems
        super().__init__(msg("ci.invalid", n=rows), file=file, hint=msg("ci.invalid_hint"))

    def render(self, lang: str = "en") -> str:
        lines = [super().render(lang)]
        lines += [p.render(lang) for p in getattr(self, "problems", [])]
        return "\n".join(lines)


# --------------------------------------------------------------------------- cells
def inert(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting with = + - @ (or ') gets a leading apostrophe.

    :func:`restore` undoes it, so a coding's memo comes back exactly as it went out.
    """
    if isinstance(value, str) and value.startswith((*_FORMULA_START, "'")):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text :func:`inert` was given."""
    if value.startswith("'") and value[1:].startswith((*_FORMULA_START, "'")):
        return value[1:]
    return value


def _inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    from .export import safe_frame

    return safe_frame(frame, inert)


# --------------------------------------------------------------------------- export
def _suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(msg("ci.bad_suffix", suffix=suffix or Path(path).name), file=path)
    return suffix


def codings_table(project: Project, coder: str | None = None) -> pd.DataFrame:
    """The project's codings (all coders, ``auto`` too, or one ``coder``'s) in ``segments.csv`` columns.

    Orphaned codings (whose words a ``--replace`` import could not find) are left out:
    their range belongs to an older text.
    """
    import pandas as pd

    from .project import check_selection, load_codings, load_corpus
    from .summary import codings_frame
    from .transcripts import segments as make_segments

    check_selection(project, coder=coder)
    corpus = load_corpus(project)
    codings = load_codings(project)
    if coder is not None:
        codings = [c for c in codings if c.coder == coder]
    frame = codings_frame(corpus, project.codebook(), codings, project.settings.unit).assign(decision="")
    # then one row per decision (a segment reviewed, a suggestion accepted or rejected), so that a
    # coder's reviews travel with their codings; parked decisions of deleted turns stay behind
    sql = (
        "SELECT t.key, d.segment, d.coder, d.code, d.decision FROM decisions d "
        "JOIN transcripts t ON t.id = d.transcript_id WHERE d.segment NOT LIKE '~%'"
    )
    params: tuple[str, ...] = ()
    if coder is not None:
        sql += " AND d.coder = ?"
        params = (coder,)
    with project.store() as store:
        rows = store.conn.execute(sql + " ORDER BY t.key, d.segment, d.coder, d.code", params).fetchall()
    if not rows:
        return frame
    by_key = corpus.by_key()
    segs = {tr.key: {s.id: s for s in make_segments(tr, project.settings.unit)} for tr in corpus.transcripts}
    codebook = project.codebook()
    extra = []
    for key, seg_id, who, code, decision in rows:
        seg = segs.get(key, {}).get(seg_id)
        if seg is None:
            continue
        meta = by_key[key].informant_meta(seg.informant)
        extra.append(
            {
                "transcript": key, "informant": seg.informant, "role": str(meta.get("role", "") or ""),
                "group": str(meta.get("group", "") or ""), "source": by_key[key].source, "segment": seg_id,
                "start": seg.start, "end": seg.end, "code": code,
                "category": codebook.codes[code].category if code in codebook.codes else code.split(".", 1)[0],
                "valence": "", "coder": who, "origin": "", "rule": "", "memo": "", "text": "", "decision": decision,
            }
        )  # fmt: skip
    return pd.concat([frame, pd.DataFrame(extra, columns=frame.columns)], ignore_index=True)


def codings_csv(frame: pd.DataFrame) -> str:
    """The rows as CSV text (formula-like cells made inert)."""
    buf = io.StringIO()
    _inert_frame(frame).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def write_codings(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the rows to a ``.csv`` (UTF-8 with a BOM, which Excel needs) or ``.xlsx`` file, atomically."""
    from .export import atomic_write, write_xlsx

    path = Path(path)
    suffix = _suffix(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(msg("ex.write_failed", detail=str(exc)), file=path) from exc
    safe = _inert_frame(frame)
    if suffix == ".xlsx":
        atomic_write({path: lambda p: write_xlsx(p, {SHEET: safe})})
    else:
        text = "\ufeff" + codings_csv(frame)

        def writer(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8", newline="\n")

        atomic_write({path: writer})
    return path


def export_codings(project: Project, path: str | Path, coder: str | None = None) -> int:
    """Write the project's codings (or one coder's) and decisions to ``path``; return the number of rows."""
    frame = codings_table(project, coder)
    write_codings(frame, path)
    return len(frame)


# --------------------------------------------------------------------------- reading
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]], int]:
    """(header, [(row number, {column: cell})], header's row number) of a ``.csv`` or ``.xlsx`` file.

    Row numbers are those a spreadsheet shows (row 1 is the first); the header is the first
    row with a cell that is not empty. Column names are stripped and lower-cased; cells made
    inert on export are restored. A CSV file may have a BOM and use ``,``, ``;`` (Excel in
    an Indonesian locale) or tabs.
    """
    from .errors import TranscriptError
    from .transcripts import decode

    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise TranscriptError(msg("tr.not_found"), file=path)
    table: list[list[str]]
    try:
        if suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
            table = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            wb.close()
        else:
            text = decode(path.read_bytes(), str(path))
            first = next((line for line in text.split("\n") if line.strip(",;\t ")), "")
            delimiter = max((",", ";", "\t"), key=first.count)
            table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except TranscriptError:
        raise
    except Exception as exc:  # openpyxl, zip and csv errors vary widely; report them located
        raise ProjectError(msg("ci.unreadable", detail=str(exc) or type(exc).__name__), file=path) from exc
    top = next((i for i, cells in enumerate(table) if any(v.strip() for v in cells)), None)
    if top is None:
        return [], [], 1
    header = [h.strip().lower() for h in table[top]]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table[top + 1 :], start=top + 2):
        record = {h: restore(v) for h, v in zip(header, cells, strict=False) if h}
        if any(v.strip() for v in record.values()):
            rows.append((number, record))
    return header, rows, top + 1


# --------------------------------------------------------------------------- import
@dataclass
class CodingsImportReport:
    file: str
    rows: int = 0
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped_auto: int = 0  # rows of coder auto, without include_auto
    skipped_rejected: int = 0  # with include_auto: auto codes a person rejected on that segment
    skipped_uncoded: int = 0  # rows with neither code nor coder (segments a list left uncoded)
    coders: list[str] = field(default_factory=list)
    decisions_added: int = 0  # rows with a `decision`: a segment reviewed, a suggestion accepted or rejected
    decisions_unchanged: int = 0
    decisions_updated: int = 0


@dataclass
class _Row:
    number: int
    transcript: str
    start: int
    end: int
    segment: str
    code: str
    coder: str
    valence: str | None
    memo: str | None
    origin: str | None
    rule: str | None


def _suggest(word: str, choices: Iterable[str]) -> Msg | str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("cb.did_you_mean", word=close[0]) if close else ""


def _suggest_key(key: str, keys: Iterable[str]) -> Msg | str:
    """A transcript key that differs only in case, folder or extension (I01 for I01.md); never another number."""

    def forms(k: str) -> set[str]:
        path = Path(k.lower())
        return {path.as_posix(), path.name, path.stem}

    wanted = forms(key)
    close = [k for k in keys if forms(k) & wanted]
    return msg("cb.did_you_mean", word=close[0]) if len(close) == 1 else ""


def _int(value: str) -> int | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _folded(text: str) -> str:
    """Text with its spacing evened out: a spreadsheet may fold a line break or trim a cell."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _excerpt(text: str, size: int = 40) -> str:
    text = _folded(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def _parse_row(
    number: int,
    record: dict[str, str],
    transcripts: dict[str, Transcript],
    segments: dict[str, list[Segment]],
    codes: Iterable[str],
    unit: str,
    columns: set[str],
) -> tuple[_Row | None, list[Msg]]:
    problems: list[Msg] = []

    def given(column: str) -> str | None:
        """The cell, or None when the column is missing or the cell empty (keep what is stored)."""
        if column not in columns:
            return None
        value = record.get(column, "")
        return value if value.strip() else None

    key = record.get("transcript", "").strip().replace("\\", "/")
    code = record.get("code", "").strip()
    coder = record.get("coder", "").strip()
    tr = transcripts.get(key)
    for column, value in (("transcript", key), ("code", code), ("coder", coder)):
        if not value:
            problems.append(msg("ci.empty_cell", column=column))
    if key and tr is None:
        problems.append(msg("ci.unknown_transcript", key=key, suggestion=_suggest_key(key, transcripts)))
    if code and code not in codes:
        problems.append(msg("ci.unknown_code", code=code, suggestion=_suggest(code, codes)))
    if "+" in coder:
        problems.append(msg("ci.bad_coder", coder=coder))
    valence = given("valence")
    if valence is not None:
        if valence.strip().lower() in VALENCE_ALIASES:
            valence = VALENCE_ALIASES[valence.strip().lower()]
        else:
            problems.append(msg("ci.bad_valence", value=valence.strip()))
    origin = given("origin")
    if origin is not None:
        origin = origin.strip().lower()
        if origin not in ORIGINS:
            problems.append(msg("ci.bad_origin", value=origin, choices=", ".join(ORIGINS)))

    seg_id = record.get("segment", "").strip()
    raw_start, raw_end = record.get("start", "").strip(), record.get("end", "").strip()
    start = end = None
    for column, raw in (("start", raw_start), ("end", raw_end)):
        if raw and _int(raw) is None:
            problems.append(msg("ci.bad_number", column=column, value=raw))
    if raw_start and raw_end:
        start, end = _int(raw_start), _int(raw_end)
    elif raw_start or raw_end:
        problems.append(msg("ci.half_range"))
    elif not seg_id:
        problems.append(msg("ci.no_place"))
    segment = ""
    if tr is not None:
        segs = segments[tr.key]
        seg = None
        if seg_id:
            seg = next((s for s in segs if s.id == seg_id), None)
            if seg is None:
                problems.append(
                    msg(
                        "ci.unknown_segment",
                        key=tr.key,
                        segment=seg_id,
                        unit=unit,
                        ids=f"{segs[0].id}…{segs[-1].id}" if segs else "-",
                    )
                )
        if start is not None and end is not None:
            if not 0 <= start < end <= len(tr.text):
                problems.append(msg("ci.bad_range", start=start, end=end, key=tr.key, length=len(tr.text)))
            else:
                located = segment_at(segs, start)
                if seg is not None and located is not seg:
                    problems.append(
                        msg("ci.range_segment", start=start, end=end, segment=seg.id, a=seg.start, b=seg.end)
                    )
                segment = located.id if located else ""
        elif seg is not None and not (raw_start or raw_end):
            start, end, segment = seg.start, seg.end, seg.id
        text = given("text")
        if text is not None and start is not None and end is not None and 0 <= start < end <= len(tr.text):
            words = tr.text[start:end]
            if _folded(text) != _folded(words):  # the file was made from another version of the transcript
                problems.append(
                    msg("ci.text_differs", start=start, end=end, key=tr.key, now=_excerpt(words), given=_excerpt(text))
                )
    if problems or tr is None or start is None or end is None:
        return None, problems
    return (
        _Row(
            number,
            tr.key,
            start,
            end,
            segment,
            code,
            coder,
            valence,
            given("memo"),
            origin,
            given("rule"),
        ),
        [],
    )


def _parse_decision(
    record: dict[str, str],
    transcripts: dict[str, Transcript],
    segments: dict[str, list[Segment]],
    codes: Iterable[str],
    unit: str,
) -> tuple[tuple[tuple[str, str, str, str], str] | None, list[Msg]]:
    """A row with a ``decision``: ((transcript, segment, coder, code), decision), or the problems."""
    problems: list[Msg] = []
    decision = record.get("decision", "").strip().lower()
    key = record.get("transcript", "").strip().replace("\\", "/")
    seg_id = record.get("segment", "").strip()
    coder = record.get("coder", "").strip()
    code = record.get("code", "").strip()
    if decision not in DECISIONS:
        problems.append(msg("ci.bad_decision", value=decision, choices=", ".join(DECISIONS)))
    for column, value in (("transcript", key), ("segment", seg_id), ("coder", coder)):
        if not value:
            problems.append(msg("ci.empty_cell", column=column))
    if coder == "auto":
        problems.append(msg("ci.auto_decision"))
    if decision in ("accepted", "rejected") and not code:
        problems.append(msg("ci.empty_cell", column="code"))
    if code and code not in codes:
        problems.append(msg("ci.unknown_code", code=code, suggestion=_suggest(code, codes)))
    tr = transcripts.get(key)
    if key and tr is None:
        problems.append(msg("ci.unknown_transcript", key=key, suggestion=_suggest_key(key, transcripts)))
    if tr is not None and seg_id and all(s.id != seg_id for s in segments[tr.key]):
        segs = segments[tr.key]
        ids = f"{segs[0].id}…{segs[-1].id}" if segs else "-"
        problems.append(msg("ci.unknown_segment", key=tr.key, segment=seg_id, unit=unit, ids=ids))
    if problems or tr is None:
        return None, problems
    return ((tr.key, seg_id, coder, code), decision), []


def import_codings(project: Project, path: str | Path, include_auto: bool = False) -> CodingsImportReport:
    """Import codings from a ``.csv`` or ``.xlsx`` file in ``segments.csv`` columns.

    Needed: ``transcript``, ``code``, ``coder``, and ``segment`` or ``start`` and ``end``
    (character offsets; a given segment must be the one ``start`` lies in). A ``text`` cell,
    where given, must hold the words at that place, spacing aside (else the file was made
    from another version of the transcript). Optional:
    ``valence``, ``memo``, ``origin``, ``rule``; an empty cell keeps the stored value,
    and a new coding gets ``netral``, no memo, and origin ``import`` (``rule`` for ``auto``).
    Rows of coder ``auto`` are skipped unless ``include_auto``; then a code a person
    rejected on a segment is skipped too, as ``autocode`` does. Rows with neither a code
    nor a coder (the uncoded segments of an ``odskcode segments`` list) are skipped.

    Idempotent: a row whose (transcript, start, end, code, coder) is stored is that
    coding, updated only where the file differs. Raises :class:`CodingsImportError`
    naming every bad row, with nothing written.
    """
    from .project import transcript_from_row
    from .store import Store, now
    from .transcripts import segments as make_segments

    path_text = str(path)
    header, records, header_line = read_rows(path)
    columns = set(header)
    missing = [c for c in REQUIRED if c not in columns]
    if "segment" not in columns and not {"start", "end"} <= columns:
        missing.append("segment")
    if missing:
        raise ProjectError(msg("ci.missing_column", column=missing[0]), file=path_text, line=header_line)
    codes = project.codebook().codes
    unit = project.settings.unit
    report = CodingsImportReport(path_text, rows=len(records))
    with project.store() as store, store.write() as conn:
        stored = conn.execute("SELECT * FROM transcripts ORDER BY key").fetchall()
        transcripts = {r["key"]: transcript_from_row(r) for r in stored}
        ids = {r["key"]: int(r["id"]) for r in stored}
        segments = {key: make_segments(tr, unit) for key, tr in transcripts.items()}
        problems: list[Problem] = []
        bad_rows: set[int] = set()
        parsed: list[_Row] = []
        decided: dict[tuple[str, str, str, str], tuple[int, str]] = {}  # (key, segment, coder, code) -> decision
        for number, record in records:
            if record.get("decision", "").strip():
                found, row_problems = _parse_decision(record, transcripts, segments, codes, unit)
                for problem in row_problems:
                    problems.append(Problem(ERROR, "bad-row", problem, path_text, number))
                    bad_rows.add(number)
                if found is not None:
                    earlier = decided.get(found[0])
                    if earlier is not None and earlier[1] != found[1]:
                        repeat = msg("ci.duplicate", first=earlier[0], field="decision")
                        problems.append(Problem(ERROR, "bad-row", repeat, path_text, number))
                        bad_rows.add(number)
                    decided.setdefault(found[0], (number, found[1]))
                continue
            if not record.get("code", "").strip() and not record.get("coder", "").strip():
                report.skipped_uncoded += 1  # e.g. an uncoded segment of 'odskcode segments --all': no coding
                continue
            if record.get("coder", "").strip() == "auto" and not include_auto:
                report.skipped_auto += 1
                continue
            row, row_problems = _parse_row(number, record, transcripts, segments, codes, unit, columns)
            for problem in row_problems:
                problems.append(Problem(ERROR, "bad-row", problem, path_text, number))
                bad_rows.add(number)
            if row is not None:
                parsed.append(row)
        seen: dict[tuple[str, int, int, str, str], _Row] = {}
        unique: list[_Row] = []
        for row in parsed:
            ident = (row.transcript, row.start, row.end, row.code, row.coder)
            first = seen.get(ident)
            if first is None:
                seen[ident] = row
                unique.append(row)
                continue
            for name in ("valence", "memo", "origin", "rule"):
                if getattr(row, name) != getattr(first, name):
                    repeat = msg("ci.duplicate", first=first.number, field=name)
                    problems.append(Problem(ERROR, "bad-row", repeat, path_text, row.number))
                    bad_rows.add(row.number)
                    break
            else:
                report.unchanged += 1  # the same coding twice in one file
        if problems:
            problems.sort(key=lambda p: p.line or 0)
            raise CodingsImportError(path_text, problems, len(bad_rows))

        rejected: set[tuple[str, str, str]] = set()
        if include_auto:
            rejected = {
                (str(r[0]), str(r[1]), str(r[2]))
                for r in conn.execute(
                    "SELECT t.key, d.segment, d.code FROM decisions d JOIN transcripts t ON t.id = d.transcript_id "
                    "WHERE d.decision = 'rejected'"
                )
            }
        coders: set[str] = set()
        for (key, seg_id, who, code), (_, decision) in decided.items():
            Store.ensure_coder(conn, who)
            old = conn.execute(
                "SELECT id, decision FROM decisions WHERE transcript_id = ? AND segment = ? AND coder = ? AND code = ?",
                (ids[key], seg_id, who, code),
            ).fetchone()
            coders.add(who)
            if old is None:
                conn.execute(
                    "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (ids[key], seg_id, who, code, decision, now()),
                )
                report.decisions_added += 1
            elif old["decision"] != decision:
                conn.execute("UPDATE decisions SET decision = ?, at = ? WHERE id = ?", (decision, now(), old["id"]))
                report.decisions_updated += 1
            else:
                report.decisions_unchanged += 1
        for row in unique:
            if row.coder == "auto" and (row.transcript, row.segment, row.code) in rejected:
                report.skipped_rejected += 1
                continue
            tid = ids[row.transcript]
            text = transcripts[row.transcript].text[row.start : row.end]
            old = conn.execute(
                "SELECT id, valence, memo, origin, rule, segment, status, anchor FROM codings WHERE transcript_id = ? "
                'AND start = ? AND "end" = ? AND code = ? AND coder = ?',
                (tid, row.start, row.end, row.code, row.coder),
            ).fetchone()
            coders.add(row.coder)
            if old is None:
                Store.ensure_coder(conn, row.coder)
                conn.execute(
                    'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, '
                    "segment, created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)",
                    (
                        tid,
                        row.start,
                        row.end,
                        row.code,
                        row.coder,
                        row.valence or "netral",
                        row.memo or "",
                        row.origin or ("rule" if row.coder == "auto" else "import"),
                        row.rule or "",
                        row.segment,
                        now(),
                        text,
                    ),
                )
                report.added += 1
                continue
            new = {
                "valence": row.valence if row.valence is not None else old["valence"],
                "memo": row.memo if row.memo is not None else old["memo"],
                "origin": row.origin if row.origin is not None else old["origin"],
                "rule": row.rule if row.rule is not None else old["rule"],
                "segment": row.segment,
                "status": "ok",
                "anchor": text,
            }
            if all(old[k] == v for k, v in new.items()):
                report.unchanged += 1
                continue
            conn.execute(
                "UPDATE codings SET valence = ?, memo = ?, origin = ?, rule = ?, segment = ?, status = ?, anchor = ? "
                "WHERE id = ?",
                (*new.values(), old["id"]),
            )
            report.updated += 1
        report.coders = sorted(coders)
        if report.added or report.updated or report.decisions_added or report.decisions_updated:
            Store.log(
                conn,
                "codings-import",
                file=path_text,
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
                skipped=report.skipped_auto + report.skipped_rejected + report.skipped_uncoded,
                coders=report.coders,
                decisions=report.decisions_added + report.decisions_updated,
            )
    return report
