"""Projects: a folder with ``odskcode.yaml``, ``codebook.yaml`` and ``.odskcode/project.sqlite``.

The public functions here are what the project commands call: :func:`init_project`,
:func:`open_project`, :func:`import_transcripts`, :func:`list_transcripts`,
:func:`show_transcript`, :func:`autocode_project`, :func:`project_summary` and
:func:`export_project`. Each returns data; none prints.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import ProjectError, TranscriptError
from .i18n import msg
from .model import Codebook, Coding, Corpus, Segment, Speaker, Transcript, Turn
from .transcripts import segment_at

SETTINGS_FILE = "odskcode.yaml"
CODEBOOK_FILE = "codebook.yaml"
DB_DIR = ".odskcode"
DB_FILE = "project.sqlite"
ENV_VAR = "ODSKCODE_PROJECT"
ProgressFn = Callable[[str, int, int], None]


# --------------------------------------------------------------------------- settings
@dataclass
class Settings:
    name: str
    codebook: str = CODEBOOK_FILE
    unit: str = "turn"
    lang: str = "id"

    def to_yaml(self) -> str:
        import yaml

        header = "# odskcode project settings; see docs/projects.md\n"
        return header + yaml.safe_dump(asdict(self), allow_unicode=True, sort_keys=False)


def _read_settings(path: Path) -> Settings:
    import yaml

    from .model import UNITS

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ProjectError(msg("pr.bad_settings", detail=str(exc)), file=path) from exc
    if not isinstance(data, dict):
        raise ProjectError(msg("pr.bad_settings", detail="expected key: value pairs"), file=path, line=1)
    settings = Settings(
        name=str(data.get("name") or path.parent.name),
        codebook=str(data.get("codebook") or CODEBOOK_FILE),
        unit=str(data.get("unit") or "turn"),
        lang=str(data.get("lang") or "id"),
    )
    if settings.unit not in UNITS:
        raise ProjectError(msg("pr.bad_settings", detail=f"unit must be one of {', '.join(UNITS)}"), file=path)
    return settings


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    from .export import atomic_write

    def writer(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    atomic_write({path: writer})


# --------------------------------------------------------------------------- project
@dataclass
class Project:
    root: Path
    settings: Settings

    @property
    def db_path(self) -> Path:
        return self.root / DB_DIR / DB_FILE

    @property
    def codebook_path(self) -> Path:
        return self.root / self.settings.codebook

    def store(self) -> Any:
        from .store import Store

        return Store(self.db_path)

    def codebook(self) -> Codebook:
        from .codebook import load_codebook

        return load_codebook(self.codebook_path)


def init_project(directory: str | Path = ".", codebook: str | Path | None = None, name: str | None = None) -> Project:
    """Make a project in ``directory``: settings, a copy of the codebook, and an empty database."""
    from .codebook import load_codebook, resolve_codebook
    from .store import Store

    root = Path(directory).resolve()
    if (root / SETTINGS_FILE).exists():
        raise ProjectError(msg("pr.exists"), file=root / SETTINGS_FILE, hint=msg("pr.exists_hint"))
    source = resolve_codebook(codebook)
    load_codebook(source)  # refuse an invalid codebook before creating anything
    target = root / CODEBOOK_FILE
    wanted = source.read_text(encoding="utf-8-sig")
    if codebook is not None and target.exists() and target.read_text(encoding="utf-8-sig") != wanted:
        raise ProjectError(
            msg("pr.codebook_exists", source=str(source)), file=target, hint=msg("pr.codebook_exists_hint")
        )
    settings = Settings(name=name or root.name)
    created: list[Path] = []
    try:
        if not root.exists():
            root.mkdir(parents=True)
            created.append(root)
        if not (root / DB_DIR).exists():
            (root / DB_DIR).mkdir()
            created.insert(0, root / DB_DIR)
        if not target.exists():
            write_atomic(target, wanted)
            created.insert(0, target)
        with Store(root / DB_DIR / DB_FILE, create=True) as store, store.write() as conn:
            Store.log(conn, "init", codebook=str(source))
        write_atomic(root / SETTINGS_FILE, settings.to_yaml())
    except BaseException:
        for path in created:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
    return Project(root, settings)


def find_project(explicit: str | Path | None = None, cwd: str | Path | None = None) -> Path:
    """The project folder: ``explicit``, else ``$ODSKCODE_PROJECT``, else upward from ``cwd``."""
    for candidate in (explicit, os.environ.get(ENV_VAR) or None):
        if candidate:
            root = Path(candidate).resolve()
            if not (root / SETTINGS_FILE).is_file():
                raise ProjectError(msg("pr.not_found_at", path=str(candidate)), hint=msg("pr.init_hint"))
            return root
    here = Path(cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise ProjectError(msg("pr.not_found"), hint=msg("pr.init_hint"))


def open_project(explicit: str | Path | None = None) -> Project:
    """Open the project chosen by :func:`find_project`."""
    root = find_project(explicit)
    settings = _read_settings(root / SETTINGS_FILE)
    project = Project(root, settings)
    if not project.db_path.is_file():
        raise ProjectError(msg("pr.no_database"), file=project.db_path, hint=msg("pr.init_hint"))
    return project


# --------------------------------------------------------------------------- (de)serialising
def transcript_data(tr: Transcript) -> str:
    return json.dumps(
        {
            "meta": tr.meta,
            "speakers": {k: asdict(v) for k, v in tr.speakers.items()},
            "turns": [asdict(t) for t in tr.turns],
        },
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def transcript_from_row(row: sqlite3.Row) -> Transcript:
    data = json.loads(row["data"])
    return Transcript(
        key=row["key"],
        path=row["path"],
        text=row["text"],
        source=row["source"],
        informant=row["informant"],
        meta=data["meta"],
        speakers={k: Speaker(**v) for k, v in data["speakers"].items()},
        turns=[Turn(**{**t, "lines": [tuple(x) for x in t["lines"]]}) for t in data["turns"]],
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_corpus(project: Project, keys: Iterable[str] | None = None) -> Corpus:
    """The project's transcripts (all, or those with ``keys``) as a :class:`Corpus`."""
    with project.store() as store:
        rows = store.conn.execute("SELECT * FROM transcripts ORDER BY key").fetchall()
    wanted = set(keys) if keys is not None else None
    transcripts = [transcript_from_row(r) for r in rows if wanted is None or r["key"] in wanted]
    if wanted:
        missing = sorted(wanted - {t.key for t in transcripts})
        if missing:
            raise ProjectError(msg("pr.unknown_transcript", key=missing[0]), hint=msg("pr.unknown_transcript_hint"))
    return Corpus(transcripts=transcripts, root_paths=[str(project.root)])


def load_codings(project: Project, status: str | None = "ok") -> list[Coding]:
    """Stored codings (by default only those placed in their text, not orphaned)."""
    sql = (
        'SELECT t.key, c.start, c."end", c.code, c.coder, c.valence, c.memo, c.origin, c.rule, c.segment, c.status '
        "FROM codings c JOIN transcripts t ON t.id = c.transcript_id"
    )
    params: tuple[Any, ...] = ()
    if status is not None:
        sql += " WHERE c.status = ?"
        params = (status,)
    sql += " ORDER BY t.key, c.start, c.code, c.coder"
    with project.store() as store:
        rows = store.conn.execute(sql, params).fetchall()
    return [Coding(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]


def project_coders(project: Project) -> list[str]:
    """The project's coders (``auto`` included): those registered and those with codings, sorted."""
    with project.store() as store:
        rows = store.conn.execute("SELECT name FROM coders UNION SELECT DISTINCT coder FROM codings").fetchall()
    return sorted(str(r[0]) for r in rows)


def check_selection(project: Project, coder: str | None = None, consensus: int | None = None) -> None:
    """Refuse a ``coder`` the project does not know, or a ``consensus`` more people than have coded."""
    if coder is None and consensus is None:
        return
    coders = project_coders(project)
    if coder is not None and coder not in coders:
        raise ProjectError(msg("co.unknown_coder", coder=coder, coders=", ".join(coders) or "-"))
    if consensus is not None:
        people = [c for c in coders if c != "auto"]
        if consensus > len(people):
            raise ProjectError(
                msg("co.consensus_too_high", k=consensus, n=len(people), coders=", ".join(people) or "-")
            )


def reviewed_segments(project: Project) -> set[tuple[str, str]]:
    """Segments a person has reviewed (accepted or rejected anything, or marked reviewed)."""
    with project.store() as store:
        rows = store.conn.execute(
            "SELECT DISTINCT t.key, d.segment FROM decisions d JOIN transcripts t ON t.id = d.transcript_id"
        ).fetchall()
    return {(r[0], r[1]) for r in rows}


# --------------------------------------------------------------------------- import
@dataclass
class Orphan:
    transcript: str
    code: str
    coder: str
    start: int
    end: int
    words: str


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # metadata only
    replaced: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)  # exact/fuzzy placements
    orphaned: list[Orphan] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)  # report.Problem from reading the files


def _bounds(tr: Transcript, unit: str) -> list[tuple[str, int, int]]:
    from .transcripts import segments as make_segments

    return [(s.id, s.start, s.end) for s in make_segments(tr, unit)]


def _reanchor(
    conn: sqlite3.Connection, tid: int, old: Transcript, new: Transcript, unit: str, report: ImportReport
) -> None:
    from .anchor import OffsetMap, place
    from .transcripts import segments as make_segments

    mapping = OffsetMap(old.text, new.text)
    old_segments = {s.id: s for s in make_segments(old, unit)}
    new_segments = make_segments(new, unit)
    rows = conn.execute(
        'SELECT id, start, "end", code, coder, segment, anchor, status FROM codings WHERE transcript_id = ?', (tid,)
    ).fetchall()
    # Park every coding on a range of its own first, so that a coding moving onto another one's
    # old range neither deletes it (UPDATE OR REPLACE) before it is placed, nor an orphan that keeps it.
    conn.execute('UPDATE codings SET start = -id, "end" = -id WHERE transcript_id = ?', (tid,))
    orphans: list[sqlite3.Row] = []
    for row in rows:
        words = row["anchor"] or old.text[row["start"] : row["end"]]
        if row["status"] == "orphaned":
            placement = place(OffsetMap(words, new.text), 0, len(words), words)  # try again on the new text
        else:
            placement = place(mapping, row["start"], row["end"], words)
        if placement.status == "orphaned":
            conn.execute("UPDATE codings SET status = 'orphaned', anchor = ? WHERE id = ?", (words, row["id"]))
            report.orphaned.append(Orphan(new.key, row["code"], row["coder"], row["start"], row["end"], words))
            orphans.append(row)
            continue
        start, end = placement.start, placement.end
        old_seg = old_segments.get(row["segment"])
        spans_segment = old_seg is not None and (row["start"], row["end"]) == (old_seg.start, old_seg.end)
        seg = segment_at(new_segments, start)
        if spans_segment and seg is not None:
            start, end = seg.start, seg.end  # a segment-level coding stays segment-level
        conn.execute(
            "UPDATE OR REPLACE codings SET start = ?, \"end\" = ?, segment = ?, status = 'ok', anchor = ? WHERE id = ?",
            (start, end, seg.id if seg else "", new.text[start:end], row["id"]),
        )
        report.moved[placement.status] = report.moved.get(placement.status, 0) + 1
    for row in orphans:  # orphans keep their old range (or stay parked if a placed coding now holds it)
        conn.execute(
            'UPDATE OR IGNORE codings SET start = ?, "end" = ? WHERE id = ?', (row["start"], row["end"], row["id"])
        )
    # decisions follow their segment's words (parked first, like the codings, so none is lost or left behind)
    targets: list[tuple[str, int]] = []
    for drow in conn.execute("SELECT id, segment FROM decisions WHERE transcript_id = ?", (tid,)).fetchall():
        target = drow["segment"]
        old_seg = old_segments.get(drow["segment"])
        if old_seg is not None:
            placement = place(mapping, old_seg.start, old_seg.end)
            seg = segment_at(new_segments, placement.start) if placement.status != "orphaned" else None
            # a decision whose words are gone is kept, but on no segment (so it reviews nothing)
            target = seg.id if seg is not None else f"~orphaned:{drow['segment']}"
        targets.append((target, drow["id"]))
    conn.execute("UPDATE decisions SET segment = '~' || id WHERE transcript_id = ?", (tid,))
    conn.executemany("UPDATE OR REPLACE decisions SET segment = ? WHERE id = ?", targets)


def import_transcripts(
    project: Project,
    paths: Iterable[str | Path],
    replace: bool = False,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import transcript files and folders (with their informants sheets) into the project.

    Idempotent: the same files again change nothing. A file whose text changed is
    refused unless ``replace``; with ``replace`` its codings are re-anchored onto
    the new text, and those that cannot be placed are kept as orphaned and listed.
    All of it is one transaction: on any error the project is left as it was.
    """
    from .store import Store, now
    from .transcripts import read_corpus

    corpus = read_corpus(paths, progress=progress)
    report = ImportReport(warnings=corpus.all_warnings())
    with project.store() as store, store.write() as conn:
        existing = {r["key"]: r for r in conn.execute("SELECT * FROM transcripts").fetchall()}
        owners = {}
        for r in existing.values():
            for inf in transcript_from_row(r).informants():
                owners[inf] = r["key"]
        changed = [
            tr.key for tr in corpus.transcripts if tr.key in existing and existing[tr.key]["hash"] != text_hash(tr.text)
        ]
        if changed and not replace:
            raise ProjectError(msg("pr.changed", n=len(changed), keys=", ".join(changed)), hint=msg("pr.changed_hint"))
        for tr in corpus.transcripts:
            for inf in tr.informants():
                other = owners.get(inf)
                if other is not None and other != tr.key:
                    raise TranscriptError(
                        msg("pr.duplicate_informant", informant=inf, other=other),
                        file=tr.path,
                        line=int(tr.meta.get("informant_line", 1)),
                        hint=msg("tr.duplicate_hint"),
                    )
            data = transcript_data(tr)
            digest = text_hash(tr.text)
            old = existing.get(tr.key)
            if old is None:
                conn.execute(
                    "INSERT INTO transcripts(key, path, source, informant, text, hash, data, imported_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (tr.key, tr.path, tr.source, tr.informant, tr.text, digest, data, now(), now()),
                )
                report.added.append(tr.key)
            elif old["hash"] == digest:
                if old["data"] == data and old["source"] == tr.source and old["informant"] == tr.informant:
                    report.unchanged.append(tr.key)
                    continue
                old_tr = transcript_from_row(old)
                unit = project.settings.unit
                if _bounds(old_tr, unit) != _bounds(tr, unit):  # same text, other turns: segment ids moved
                    _reanchor(conn, old["id"], old_tr, tr, unit, ImportReport())
                conn.execute(
                    "UPDATE transcripts SET path = ?, source = ?, informant = ?, data = ?, updated_at = ? WHERE id = ?",
                    (tr.path, tr.source, tr.informant, data, now(), old["id"]),
                )
                report.updated.append(tr.key)
            else:
                _reanchor(conn, old["id"], transcript_from_row(old), tr, project.settings.unit, report)
                conn.execute(
                    "UPDATE transcripts SET path = ?, source = ?, informant = ?, text = ?, hash = ?, data = ?, "
                    "updated_at = ? WHERE id = ?",
                    (tr.path, tr.source, tr.informant, tr.text, digest, data, now(), old["id"]),
                )
                report.replaced.append(tr.key)
            for inf in tr.informants():
                owners[inf] = tr.key
        if report.added or report.updated or report.replaced:
            Store.log(
                conn,
                "import",
                added=report.added,
                updated=report.updated,
                replaced=report.replaced,
                orphaned=len(report.orphaned),
            )
    return report


# --------------------------------------------------------------------------- listing
def list_transcripts(project: Project) -> Any:
    """A DataFrame: one row per transcript with its informants, segments and coding counts."""
    import pandas as pd

    from .transcripts import segments as make_segments

    corpus = load_corpus(project)
    counts: dict[str, dict[str, int]] = {}
    with project.store() as store:
        for row in store.conn.execute(
            "SELECT t.key, c.coder = 'auto' AS auto, c.status, count(*) FROM codings c "
            "JOIN transcripts t ON t.id = c.transcript_id GROUP BY 1, 2, 3"
        ):
            entry = counts.setdefault(row[0], {"auto": 0, "manual": 0, "orphaned": 0})
            if row[2] == "orphaned":
                entry["orphaned"] += row[3]
            else:
                entry["auto" if row[1] else "manual"] += row[3]
    rows = []
    for tr in corpus.transcripts:
        c = counts.get(tr.key, {"auto": 0, "manual": 0, "orphaned": 0})
        rows.append(
            {
                "transcript": tr.key,
                "informants": ", ".join(tr.informants()),
                "source": tr.source,
                "role": str(tr.meta.get("role", "") or ""),
                "group": str(tr.meta.get("group", "") or ""),
                "segments": len(make_segments(tr, project.settings.unit)),
                "auto": c["auto"],
                "manual": c["manual"],
                "orphaned": c["orphaned"],
            }
        )
    columns = ["transcript", "informants", "source", "role", "group", "segments", "auto", "manual",
               "orphaned"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


@dataclass
class TranscriptView:
    transcript: Transcript
    unit: str
    segments: list[Segment]
    codings: dict[str, list[Coding]]  # segment id -> codings
    orphaned: list[Coding]


def show_transcript(project: Project, key: str) -> TranscriptView:
    """A transcript with its segment ids and the codings on each segment.

    ``key`` is the transcript's key (``I01.md``), its key without extension (``I01``) or its
    informant id, as the coding commands take it.
    """
    from .manual import resolve_transcript
    from .transcripts import segments as make_segments

    with project.store() as store:
        key = str(resolve_transcript(store.conn, key)["key"])
    corpus = load_corpus(project, [key])
    tr = corpus.transcripts[0]
    segs = make_segments(tr, project.settings.unit)
    by_segment: dict[str, list[Coding]] = {}
    orphaned = [c for c in load_codings(project, status="orphaned") if c.transcript == key]
    for coding in load_codings(project):
        if coding.transcript == key:
            located = segment_at(segs, coding.start)
            seg_id = coding.segment or (located.id if located else "")
            by_segment.setdefault(seg_id, []).append(coding)
    return TranscriptView(tr, project.settings.unit, segs, by_segment, orphaned)


# --------------------------------------------------------------------------- autocode
@dataclass
class AutocodeReport:
    transcripts: int
    codings: int
    removed: int
    skipped_rejected: int


def autocode_project(
    project: Project,
    transcripts: Iterable[str] | None = None,
    progress: ProgressFn | None = None,
    jobs: int | None = None,
) -> AutocodeReport:
    """Auto-code the project's transcripts with its codebook (the function ``analyze`` uses).

    Earlier ``auto`` codings of those transcripts are replaced; manual and imported
    codings are never touched; a code a person rejected on a segment is never re-added.
    """
    from .parallel import parse_and_code
    from .store import Store, now

    keys = list(transcripts) if transcripts else None
    corpus = load_corpus(project, keys)
    if not corpus.transcripts:
        raise ProjectError(msg("pr.empty"), hint=msg("pr.empty_hint"))
    unit = project.settings.unit
    _, all_codings = parse_and_code(corpus.transcripts, project.codebook(), unit, n_jobs=jobs, progress=progress)
    grouped: dict[str, list[Coding]] = {tr.key: [] for tr in corpus.transcripts}
    for coding in all_codings:
        grouped[coding.transcript].append(coding)
    results = list(grouped.items())
    added = removed = skipped = 0
    with project.store() as store, store.write() as conn:
        Store.ensure_coder(conn, "auto")
        ids = {r["key"]: r["id"] for r in conn.execute("SELECT id, key FROM transcripts")}
        texts = {tr.key: tr.text for tr in corpus.transcripts}
        for key, codings in results:
            tid = ids[key]
            rejected = {
                (r[0], r[1])
                for r in conn.execute(
                    "SELECT segment, code FROM decisions WHERE transcript_id = ? AND decision = 'rejected'", (tid,)
                )
            }
            removed += conn.execute("DELETE FROM codings WHERE transcript_id = ? AND coder = 'auto'", (tid,)).rowcount
            for c in codings:
                if (c.segment, c.code) in rejected:
                    skipped += 1
                    continue
                conn.execute(
                    'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, '
                    "segment, created_at, status, anchor) VALUES (?, ?, ?, ?, 'auto', ?, '', 'rule', ?, ?, ?, 'ok', ?)",
                    (tid, c.start, c.end, c.code, c.valence, c.rule, c.segment, now(), texts[key][c.start : c.end]),
                )
                added += 1
        Store.log(conn, "autocode", transcripts=len(results), codings=added, removed=removed)
    return AutocodeReport(len(results), added, removed, skipped)


# --------------------------------------------------------------------------- summaries
def project_summary(
    project: Project,
    lang: str | None = None,
    anonymize: bool = False,
    coder: str | None = None,
    consensus: int | None = None,
) -> Any:
    """The project's findings, counting codings as DESIGN.md says ("Which codings count").

    ``anonymize`` gives pseudonyms and masked names (:mod:`odskcode.anonymize`).
    ``coder`` counts only that coder's codings; ``consensus`` only the codes at least
    that many people gave (:func:`odskcode.summary.select_codings`).
    """
    from .summary import summarize

    check_selection(project, coder, consensus)
    corpus = load_corpus(project)
    if not corpus.transcripts:
        raise ProjectError(msg("pr.empty"), hint=msg("pr.empty_hint"))
    codebook = project.codebook()
    summary = summarize(
        corpus,
        codebook,
        load_codings(project),
        lang=lang or project.settings.lang,
        unit=project.settings.unit,
        reviewed=reviewed_segments(project),
        coder=coder,
        consensus=consensus,
    )
    if anonymize:
        from .anonymize import anonymize as make_anonymous

        summary = make_anonymous(summary)
    return summary


def export_project(
    project: Project,
    directory: str | Path,
    lang: str | None = None,
    anonymize: bool = False,
    coder: str | None = None,
    consensus: int | None = None,
) -> list[Path]:
    """Write the contract files for the project into ``directory``, all of them or none."""
    from .export import write_contract

    summary = project_summary(project, lang, anonymize=anonymize, coder=coder, consensus=consensus)
    return write_contract(summary, directory)
