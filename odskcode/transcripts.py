"""Reading transcripts: Markdown/text, Word, WebVTT/SRT, front matter and informants sheets.

:func:`read_corpus` takes files and folders and returns a :class:`~odskcode.model.Corpus`;
:func:`segments` derives the coded units (turns, paragraphs or sentences) of one
transcript. Every error is a :class:`~odskcode.errors.TranscriptError` naming the
file and the 1-based line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import TranscriptError
from .i18n import Msg, msg
from .model import SOURCES, UNITS, Corpus, Segment, Speaker, Transcript, Turn
from .report import WARNING, Problem
from .text import sentences
from .yamlpos import PNode, YamlSyntaxError, load_positioned

SUFFIXES = (".md", ".txt", ".docx", ".vtt", ".srt")
SHEET_NAMES = ("informants.csv", "informants.xlsx")
DEFAULT_INTERVIEWERS = ("P", "Pewawancara", "Peneliti", "Interviewer", "Q")
SHEET_CORE = ("file", "speaker", "informant", "interviewer")
_LABEL_RE = re.compile(r"^[ \t]*([^:\n]{1,60}?)[ \t]*:[ \t]?")
ProgressFn = Callable[[str, int, int], None]


# --------------------------------------------------------------------------- reading
def _line_of(data: bytes, pos: int) -> int:
    head = data[:pos]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode(data: bytes, path: str) -> str:
    """Bytes of a text file to a str with ``\\n`` newlines; located errors otherwise."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data[bom:].strip():  # a BOM alone (Notepad's empty UTF-8 file) is still empty
        raise TranscriptError(msg("tr.empty"), file=path, line=1)
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError(msg("tr.binary", pos=nul), file=path, line=_line_of(data, nul))
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = bom + exc.start  # exc.start counts from after the BOM
        raise TranscriptError(
            msg("tr.decode", encoding="UTF-8", pos=pos),
            file=path,
            line=_line_of(data, pos),
            hint=msg("tr.decode_hint"),
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(path: Path) -> str:
    """A Word file as lines: speaker paragraphs as they are, a speaker/text table as 'Speaker: text'."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a core dependency
        raise TranscriptError(msg("tr.bad_docx", detail=str(exc)), file=path) from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(msg("tr.bad_docx", detail=str(exc) or type(exc).__name__), file=path, line=1) from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.element.body.iterchildren():  # paragraphs and tables, in document order
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text.replace("\r", "").replace("\n", " "))
        elif tag == "tbl":
            for row_index, row in enumerate(Table(block, document).rows):
                cells = [c.text.strip() for c in row.cells]
                if len(cells) < 2:
                    continue
                speaker, said = cells[0].rstrip(":").strip(), cells[-1]
                if row_index == 0 and speaker.casefold() in {"pembicara", "speaker", "nama", "penutur", "label"}:
                    continue
                if speaker and said:
                    lines.append(f"{speaker}: {' '.join(said.split())}")
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    if not text.strip():
        raise TranscriptError(msg("tr.empty"), file=path, line=1)
    return text


_CUE_TIME_RE = re.compile(r"^\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}")
_VOICE_RE = re.compile(r"^<v(?:\.[^ >]+)?\s+([^>]+)>(.*?)(?:</v>)?$")


def _subtitle_text(text: str, path: str) -> tuple[str, list[int]]:
    """WebVTT or SRT cues as 'Speaker: text' lines (speaker from '<v Name>' or 'Name: '),
    with the 1-based line in the file of each of those lines."""
    out: list[str] = []
    at: list[int] = []
    lines = text.split("\n")
    i = 0
    if lines and lines[0].startswith("WEBVTT"):
        i = 1
    found = False
    while i < len(lines):
        line = lines[i]
        if _CUE_TIME_RE.match(line):
            found = True
            i += 1
            first = i + 1
            parts: list[str] = []
            while i < len(lines) and lines[i].strip():
                parts.append(lines[i].strip())
                i += 1
            said = " ".join(parts)
            voice = _VOICE_RE.match(said)
            if voice:
                said = f"{voice.group(1).strip()}: {voice.group(2).strip()}"
            said = re.sub(r"</?[a-z][^>]*>", "", said)
            if said.strip():
                out.append(said)
                at.append(first)
            continue
        i += 1
    if not found:
        raise TranscriptError(
            msg("tr.bad_cue", detail="no cue timings (00:00:01.000 --> 00:00:04.000)"), file=path, line=1
        )
    return "\n".join(out), at


# --------------------------------------------------------------------------- sheets
@dataclass
class SheetRow:
    file: str
    speaker: str
    informant: str
    interviewer: str
    meta: dict[str, Any]
    line: int


@dataclass
class InformantSheet:
    path: str
    rows: list[SheetRow] = field(default_factory=list)

    def for_file(self, key: str, name: str) -> list[SheetRow]:
        return [r for r in self.rows if r.file in (key, name)]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).strip()


def read_informants_sheet(path: str | Path) -> InformantSheet:
    """Read ``informants.csv`` or ``informants.xlsx``: one row per file, or per file and speaker."""
    path = Path(path)
    records: list[tuple[int, dict[str, str]]] = []
    try:
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            ws = wb.worksheets[0]
            rows = list(ws.iter_rows(values_only=True))
            wb.close()
            if not rows:
                return InformantSheet(str(path))
            header = [_clean(h).lower() for h in rows[0]]
            for n, row in enumerate(rows[1:], start=2):
                records.append((n, {h: _clean(v) for h, v in zip(header, row, strict=False) if h}))
        else:
            text = decode(path.read_bytes(), str(path))
            reader = csv.DictReader(io.StringIO(text))
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            for n, row in enumerate(reader, start=2):
                records.append((n, {k: _clean(v) for k, v in row.items() if k}))
    except TranscriptError:
        raise
    except Exception as exc:  # openpyxl/zip errors vary widely; report them located
        raise TranscriptError(msg("tr.sheet_unreadable", detail=str(exc) or type(exc).__name__), file=path) from exc
    for column in ("file", "informant"):
        if column not in header:
            raise TranscriptError(msg("tr.sheet_missing_col", column=column), file=path, line=1)
    sheet = InformantSheet(str(path))
    for line, rec in records:
        if not any(rec.values()):
            continue
        if not rec.get("file"):
            raise TranscriptError(msg("tr.sheet_bad_row", column="file"), file=path, line=line)
        meta = {k: v for k, v in rec.items() if k not in SHEET_CORE and v != ""}
        sheet.rows.append(
            SheetRow(
                file=rec["file"].replace("\\", "/"),
                speaker=rec.get("speaker", ""),
                informant=rec.get("informant", ""),
                interviewer=rec.get("interviewer", ""),
                meta=meta,
                line=line,
            )
        )
    return sheet


# --------------------------------------------------------------------------- parsing
def _split_front_matter(text: str, path: str) -> tuple[PNode | None, str, int]:
    """Return (front matter tree, body, number of lines before the body)."""
    if not text.startswith("---\n") and text.strip() != "---":
        return None, text, 0
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            fm_text = "\n".join(lines[1:i])
            try:
                tree, dups = load_positioned(fm_text)
            except YamlSyntaxError as exc:
                line = (exc.line or 0) + 1 if exc.line else 1
                raise TranscriptError(msg("tr.bad_front_matter", detail=exc.detail), file=path, line=line) from exc
            if dups:
                dup = dups[0]
                raise TranscriptError(
                    msg("tr.bad_front_matter", detail=f"duplicate key '{dup.key}'"), file=path, line=dup.line + 1
                )
            if tree is not None and not isinstance(tree.value, dict):
                raise TranscriptError(msg("tr.front_matter_mapping"), file=path, line=2)
            body = "\n".join(lines[i + 1 :])
            return tree, body, i + 1
    raise TranscriptError(msg("tr.unterminated"), file=path, line=1, hint=msg("tr.unterminated_hint"))


def _as_labels(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [s.strip() for s in str(value).split(",") if s.strip()]


def _fm_line(tree: PNode | None, key: str) -> int:
    if tree is None:
        return 1
    return tree.key_lines.get(key, 0) + 1 if key in tree.key_lines else 1


def parse_transcript(
    path: str | Path,
    key: str | None = None,
    sheet: InformantSheet | None = None,
) -> Transcript:
    """Parse one transcript file into turns (interviews) or paragraphs (notes, documents)."""
    path = Path(path)
    shown = str(path)
    key = key or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TranscriptError(msg("tr.bad_suffix", suffix=suffix or path.name), file=shown)
    if not path.is_file():
        raise TranscriptError(msg("tr.not_found"), file=shown)
    file_lines: list[int] | None = None  # line in the file of each line of ``raw``, where they differ
    if suffix == ".docx":
        raw = _docx_text(path)
    else:
        raw = decode(path.read_bytes(), shown)
        if suffix in (".vtt", ".srt"):
            raw, file_lines = _subtitle_text(raw, shown)
    tree, body, offset = _split_front_matter(raw, shown)
    fm: dict[str, Any] = tree.plain() if tree is not None and tree.value else {}
    rows = sheet.for_file(key, path.name) if sheet else []
    file_rows = [r for r in rows if not r.speaker]
    speaker_rows = [r for r in rows if r.speaker]

    meta: dict[str, Any] = {}
    meta_rows: dict[str, SheetRow] = {}  # the sheet row each value came from, for located errors
    for row in file_rows + (speaker_rows if len(speaker_rows) == 1 and not file_rows else []):
        meta.update(row.meta)
        meta_rows.update(dict.fromkeys(row.meta, row))
    for k, v in fm.items():
        if k not in ("speakers", "speaker", "interviewer", "informant"):
            meta[k] = _clean(v) if isinstance(v, (date, datetime)) else v

    source = str(meta.get("source") or "wawancara").strip().lower()
    if source not in SOURCES:
        if "source" not in fm and "source" in meta_rows and sheet is not None:
            raise TranscriptError(msg("tr.bad_source", value=source), file=sheet.path, line=meta_rows["source"].line)
        raise TranscriptError(msg("tr.bad_source", value=source), file=shown, line=_fm_line(tree, "source"))
    meta["source"] = source

    interviewers = _as_labels(fm.get("interviewer")) or [lab for r in rows for lab in _as_labels(r.interviewer)]
    if not interviewers:
        interviewers = list(DEFAULT_INTERVIEWERS)

    speakers: dict[str, Speaker] = {}
    fm_speakers = fm.get("speakers")
    if fm_speakers is not None:
        if not isinstance(fm_speakers, dict):
            raise TranscriptError(msg("tr.bad_speakers"), file=shown, line=_fm_line(tree, "speakers"))
        for label, value in fm_speakers.items():
            if isinstance(value, dict):
                inf = _clean(value.get("informant"))
                smeta = {k: v for k, v in value.items() if k != "informant"}
            else:
                inf, smeta = _clean(value), {}
            if not inf:
                raise TranscriptError(msg("tr.bad_speakers"), file=shown, line=_fm_line(tree, "speakers"))
            speakers[str(label)] = Speaker(str(label), inf, smeta)
    for row in speaker_rows:
        if not row.informant:
            raise TranscriptError(
                msg("tr.sheet_bad_row", column="informant"), file=sheet.path if sheet else shown, line=row.line
            )
        speakers[row.speaker] = Speaker(row.speaker, row.informant, dict(row.meta))

    informant: str = _clean(fm.get("informant"))
    if not informant:
        ids = [r.informant for r in file_rows if r.informant]
        if ids:
            informant = ids[0]
        elif len({s.informant for s in speakers.values()}) == 1:
            informant = str(next(iter(speakers.values())).informant or "")
        elif speakers:
            informant = path.stem
    if not informant:
        raise TranscriptError(msg("tr.no_informant"), file=shown, line=1, hint=msg("tr.no_informant_hint", file=key))
    meta["informant_line"] = _fm_line(tree, "informant") if "informant" in fm else 1
    if source == "wawancara" and not speakers:
        speakers[informant] = Speaker(informant, informant, {})
        alias = fm.get("speaker")
        if alias:
            speakers[str(alias)] = Speaker(str(alias), informant, {})

    transcript = Transcript(
        key=key, path=shown, text=body, source=source, informant=informant, meta=meta, speakers=speakers
    )
    if source == "wawancara":

        def warn(line: int, message: Msg) -> None:
            transcript.warnings.append(Problem(WARNING, "unknown-label", message, shown, line))

        transcript.turns = _parse_turns(body, offset, speakers, interviewers, warn, file_lines)
        if not any(t.informant for t in transcript.turns):
            labels = ", ".join(list(speakers) + interviewers)
            raise TranscriptError(
                msg("tr.no_turns", labels=labels), file=shown, line=offset + 1, hint=msg("tr.no_turns_hint")
            )
    else:
        transcript.turns = _parse_paragraphs(body, offset, informant)
        if not transcript.turns:
            raise TranscriptError(msg("tr.empty"), file=shown, line=offset + 1)
    return transcript


_LOOKS_LIKE_LABEL_RE = re.compile(
    r"^(?:[A-Z]{1,3}\d{0,3}|(?:Ibu|Bu|Bapak|Pak|Bpk|Sdr|Sdri|Informan|Narasumber|Pewawancara|Peneliti|"
    r"Moderator|Responden|Interviewer|Speaker)\b[\w .'-]{0,30})$"
)


def _parse_turns(
    body: str,
    offset: int,
    speakers: dict[str, Speaker],
    interviewers: list[str],
    warn: Callable[[int, Msg], None] | None = None,
    file_lines: list[int] | None = None,
) -> list[Turn]:
    known: dict[str, str | None] = {s.casefold(): None for s in interviewers}
    for label, speaker in speakers.items():
        known[label.casefold()] = speaker.informant
    names = {label.casefold(): label for label in list(speakers) + interviewers}
    turns: list[Turn] = []
    current: Turn | None = None
    pos = 0
    for n, line in enumerate(body.split("\n")):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        line_no = file_lines[offset + n] if file_lines else offset + n + 1
        match = _LABEL_RE.match(line)
        label = match.group(1).strip().casefold() if match else ""
        if match and label in known:
            content_start = line_start + match.end()
            stripped = line[match.end() :].rstrip()
            current = Turn(
                speaker=names[label],
                informant=known[label],
                start=content_start,
                end=content_start + len(stripped),
                line=line_no,
            )
            lead = len(stripped) - len(stripped.lstrip())
            current.start += lead
            if current.end > current.start:
                current.lines.append((current.start, current.end))
            turns.append(current)
            continue
        if match and warn is not None and _LOOKS_LIKE_LABEL_RE.match(match.group(1).strip()):
            labels = ", ".join(list(speakers) + interviewers)
            warn(line_no, msg("tr.unknown_label", label=match.group(1).strip(), labels=labels))
        if current is None or not line.strip():
            continue
        s = line_start + (len(line) - len(line.lstrip()))
        e = line_start + len(line.rstrip())
        if current.end <= current.start:
            current.start = s
        current.end = e
        current.lines.append((s, e))
    return [t for t in turns if t.end > t.start]


def _parse_paragraphs(body: str, offset: int, informant: str) -> list[Turn]:
    turns: list[Turn] = []
    pos = 0
    current: Turn | None = None
    for n, line in enumerate(body.split("\n")):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            current = None
            continue
        s = line_start + (len(line) - len(line.lstrip()))
        e = line_start + len(line.rstrip())
        if current is None:
            if line.lstrip().startswith("#"):
                continue  # a Markdown heading is a title, not a coded paragraph
            current = Turn(speaker=None, informant=informant, start=s, end=e, line=offset + n + 1)
            current.lines.append((s, e))
            turns.append(current)
        else:
            current.end = e
            current.lines.append((s, e))
    return turns


# --------------------------------------------------------------------------- corpus
def _discover(paths: Iterable[str | Path]) -> list[tuple[Path, str, Path | None]]:
    """(file, key, folder it was found in) for each transcript; folders are scanned recursively."""
    found: list[tuple[Path, str, Path | None]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not f.name.upper().startswith("README")
                and f.name.lower() not in SHEET_NAMES
                and not f.name.startswith("~$")
            )
            if not files:
                raise TranscriptError(msg("tr.no_files"), file=str(p))
            found.extend((f, f.relative_to(p).as_posix(), p) for f in files)
        elif p.is_file():
            found.append((p, p.name, None))
        else:
            raise TranscriptError(msg("tr.not_found"), file=str(p))
    return found


def _sheet_for(folder: Path, cache: dict[Path, InformantSheet | None]) -> InformantSheet | None:
    if folder not in cache:
        sheet = None
        for name in SHEET_NAMES:
            candidate = folder / name
            if candidate.is_file():
                sheet = read_informants_sheet(candidate)
                break
        cache[folder] = sheet
    return cache[folder]


@dataclass
class FileJob:
    """One transcript file to read: its path, its key and the informants sheet that applies."""

    path: Path
    key: str
    sheet: InformantSheet | None


def plan_corpus(paths: Iterable[str | Path], warnings: list[Problem] | None = None) -> list[FileJob]:
    """The transcript files under ``paths``, each with its key and informants sheet.

    Sheet rows that name no file found are reported in ``warnings``, if given.
    """
    cache: dict[Path, InformantSheet | None] = {}
    jobs: list[FileJob] = []
    scanned: set[int] = set()  # sheets of scanned folders (a file given alone checks nothing)
    for file, key, root in _discover(paths):
        sheet = _sheet_for(root if root is not None else file.parent, cache)
        if sheet is None and root is not None and file.parent != root:
            sheet = _sheet_for(file.parent, cache)
        if sheet is not None and root is not None:
            scanned.add(id(sheet))
        jobs.append(FileJob(file, key, sheet))
    if warnings is not None:
        names = {j.key for j in jobs} | {j.path.name for j in jobs}
        used = {id(j.sheet) for j in jobs if j.sheet is not None} & scanned
        for sheet in cache.values():
            if sheet is None or id(sheet) not in used:
                continue
            for row in sheet.rows:
                if row.file not in names:
                    message = msg("tr.sheet_unknown_file", file=row.file)
                    warnings.append(Problem(WARNING, "sheet-unknown-file", message, sheet.path, row.line))
    return jobs


def check_informants(transcripts: Iterable[Transcript]) -> None:
    """Raise :class:`TranscriptError` when two files share a key or claim the same informant id."""
    owners: dict[str, str] = {}
    paths: dict[str, str] = {}
    for transcript in transcripts:
        if transcript.key in paths and paths[transcript.key] != transcript.path:
            raise TranscriptError(
                msg("tr.duplicate_key", key=transcript.key, other=paths[transcript.key]),
                file=transcript.path,
                hint=msg("tr.duplicate_key_hint"),
            )
        paths[transcript.key] = transcript.path
        for inf in transcript.informants():
            if inf in owners and owners[inf] != transcript.key:
                raise TranscriptError(
                    msg("tr.duplicate_informant", informant=inf, other=owners[inf]),
                    file=transcript.path,
                    line=int(transcript.meta.get("informant_line", 1)),
                    hint=msg("tr.duplicate_hint"),
                )
            owners[inf] = transcript.key


def read_corpus(paths: Iterable[str | Path], progress: ProgressFn | None = None) -> Corpus:
    """Read transcripts from files and folders (recursively), with their informants sheets.

    Raises :class:`TranscriptError` for the first file that cannot be read, naming
    file and line, and when two files claim the same informant id.
    """
    paths = list(paths)
    warnings: list[Problem] = []
    jobs = plan_corpus(paths, warnings)
    transcripts: list[Transcript] = []
    for i, job in enumerate(jobs):
        transcripts.append(parse_transcript(job.path, key=job.key, sheet=job.sheet))
        if progress:
            progress("parse", i + 1, len(jobs))
    check_informants(transcripts)
    return Corpus(transcripts=transcripts, root_paths=[str(p) for p in paths], warnings=warnings)


# --------------------------------------------------------------------------- segments
def segment_at(segments: list[Segment], position: int) -> Segment | None:
    """The segment holding code-point ``position`` of the text, or None (e.g. in an interviewer turn)."""
    for seg in segments:
        if seg.start <= position < seg.end:
            return seg
    return None


def segments(transcript: Transcript, unit: str = "turn") -> list[Segment]:
    """The coded units of a transcript. Interviewer turns are never segments.

    ``turn``: informant turns ``t001``… (paragraphs ``p001``… in notes and documents);
    ``paragraph``: each line of an informant turn, ``p001``…;
    ``sentence``: sentences within each turn or paragraph, ``t001.s01``….
    """
    if unit not in UNITS:
        raise TranscriptError(msg("tr.unit", value=unit))
    out: list[Segment] = []
    text = transcript.text
    prefix = "t" if transcript.is_interview else "p"
    counter = 0
    para_counter = 0
    question: str | None = None
    for index, turn in enumerate(transcript.turns):
        if turn.informant is None:
            question = text[turn.start : turn.end]
            continue
        counter += 1
        base = f"{prefix}{counter:03d}"
        if unit == "turn" or (unit == "paragraph" and not transcript.is_interview):
            out.append(
                Segment(
                    transcript.key,
                    base,
                    turn.informant,
                    turn.start,
                    turn.end,
                    text[turn.start : turn.end],
                    index,
                    question,
                )
            )
        elif unit == "paragraph":
            for s, e in turn.lines:
                para_counter += 1
                pid = f"p{para_counter:03d}"
                out.append(Segment(transcript.key, pid, turn.informant, s, e, text[s:e], index, question))
        else:
            for n, (s, e) in enumerate(sentences(text, turn.start, turn.end), start=1):
                out.append(
                    Segment(transcript.key, f"{base}.s{n:02d}", turn.informant, s, e, text[s:e], index, question)
                )
        question = None
    return out


def render_transcript(transcript: Transcript) -> str:
    """Markdown text of a transcript (front matter + turns) that parses back to the same turns."""
    import yaml

    front: dict[str, Any] = {"informant": transcript.informant}
    for key, value in transcript.meta.items():
        if key != "informant_line" and value not in (None, ""):
            front[key] = value
    interviewers = sorted({t.speaker for t in transcript.turns if t.informant is None and t.speaker})
    if interviewers:
        front["interviewer"] = interviewers if len(interviewers) > 1 else interviewers[0]
    labels = {s.label: s.informant for s in transcript.speakers.values() if s.informant}
    if transcript.is_interview and set(labels) != {transcript.informant}:
        front["speakers"] = labels
    head = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
    text = transcript.text
    if not transcript.is_interview:
        return head + "\n\n".join(text[t.start : t.end] for t in transcript.turns) + "\n"
    lines = []
    for turn in transcript.turns:
        lines.append(f"{turn.speaker}: {text[turn.start : turn.end]}")
    return head + "\n".join(lines) + "\n"
