"""Project commands: init, import, transcripts list|show, autocode, export."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.text import Text

from ..i18n import default_lang, t
from .app import Lang, app, handled, print_warnings, progress_bar, stderr, stdout, write_output

PROJECT_HELP = "Project folder (default: $ODSKCODE_PROJECT, else the nearest folder upward with odskcode.yaml)."
transcripts_app = typer.Typer(help="List and show the project's transcripts.", no_args_is_help=True)
app.add_typer(transcripts_app, name="transcripts")


def project_option() -> Any:
    return typer.Option(None, "--project", "-p", metavar="DIR", help=PROJECT_HELP)


@app.command()
@handled
def init(
    directory: Path = typer.Argument(Path("."), metavar="[DIR]", help="Folder for the project (made if missing)."),
    codebook: str = typer.Option(
        None, "--codebook", "-c", metavar="FILE", help="Codebook to copy into the project (default: bundled ODSK)."
    ),
    name: str = typer.Option(None, "--name", help="Project name (default: the folder's name)."),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Make a project: odskcode.yaml, codebook.yaml and .odskcode/project.sqlite."""
    from ..project import init_project

    project = init_project(directory, codebook=codebook, name=name)
    write_output(t("out.init", lang.value, path=str(project.root), codebook=str(project.codebook_path)), None)


@app.command("import")
@handled
def import_(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Transcript files or folders (with informants sheet)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Accept changed files and move their codings onto the new text."
    ),
    project: Path | None = project_option(),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Import transcripts into the project. Importing the same files again changes nothing.

    A REFI-QDA project (FILE.qdpx, from NVivo, ATLAS.ti, MAXQDA or QualCoder) brings its sources,
    codes, coders, codings and notes along (docs/refi-qda.md).
    """
    from ..project import import_transcripts, open_project

    proj = open_project(project)
    qdpx = [p for p in paths if p.suffix.lower() == ".qdpx"]
    paths = [p for p in paths if p.suffix.lower() != ".qdpx"]
    if qdpx and replace:
        raise typer.BadParameter("--replace goes with transcript files; a .qdpx never replaces a transcript's text")
    if qdpx:
        _import_qdpx(proj, qdpx, lang.value)
        if not paths:
            return
    with progress_bar(True, lang.value) as progress:
        report = import_transcripts(proj, paths, replace=replace, progress=progress)
    print_warnings(report.warnings, lang.value)
    lines = [
        t(
            "out.import",
            lang.value,
            added=len(report.added),
            unchanged=len(report.unchanged),
            updated=len(report.updated),
            replaced=len(report.replaced),
        )
    ]
    if report.moved:
        lines.append(t("out.moved", lang.value, exact=report.moved.get("exact", 0), fuzzy=report.moved.get("fuzzy", 0)))
    if report.orphaned:
        lines.append(t("out.orphaned", lang.value, n=len(report.orphaned)))
        for o in report.orphaned:
            lines.append(f"  {o.transcript} {o.start}-{o.end} {o.code} ({o.coder}): “{o.words[:80]}”")
    if report.added or report.replaced:
        lines.append(t("out.next_autocode", lang.value))
    write_output("\n".join(lines), None)


@transcripts_app.command("list")
@handled
def transcripts_list(
    project: Path | None = project_option(),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """One line per transcript: informants, source, segments and codings."""
    from ..project import list_transcripts, open_project
    from .render import frame_csv, frame_json, frame_table

    frame = list_transcripts(open_project(project))
    if fmt == "csv":
        write_output(frame_csv(frame), None)
    elif fmt == "json":
        write_output(frame_json(frame), None)
    elif fmt == "table":
        stdout().print(frame_table(frame.drop(columns=["role"])))
    else:
        raise typer.BadParameter(f"unknown format '{fmt}'; choose table, csv or json", param_hint="--format")


@transcripts_app.command("show")
@handled
def transcripts_show(
    transcript: str = typer.Argument(
        ..., metavar="TRANSCRIPT", help="Transcript key (I01.md), key without extension, or informant id."
    ),
    project: Path | None = project_option(),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Print a transcript with its segment ids and the codes on each segment."""
    from ..project import open_project, show_transcript

    view = show_transcript(open_project(project), transcript)
    tr = view.transcript
    console = stdout()
    console.print(Text(f"{tr.key} — {tr.informant} ({tr.source})", style="bold"))
    by_turn: dict[int, list[str]] = {}
    for seg in view.segments:
        by_turn.setdefault(seg.turn, []).append(seg.id)
    seg_by_id = {s.id: s for s in view.segments}
    for index, turn in enumerate(tr.turns):
        said = tr.text[turn.start : turn.end]
        if turn.informant is None:
            console.print(Text(f"        {turn.speaker}: {said}", style="dim"))
            continue
        for seg_id in by_turn.get(index, []):
            seg = seg_by_id[seg_id]
            label = f"{turn.speaker}: " if turn.speaker and seg.start == turn.start else ""
            console.print(f"[bold cyan]{seg_id:>7}[/] {escape(label + seg.text)}")
            for c in view.codings.get(seg_id, []):
                memo = f" — {c.memo}" if c.memo else ""
                console.print(f"          [green]{escape(c.code)}[/] {c.valence} ({escape(c.coder)}){escape(memo)}")
    if view.orphaned:
        console.print(Text(t("out.orphan_header", lang.value), style="bold red"))
        for c in view.orphaned:
            console.print(f"  {escape(c.code)} ({escape(c.coder)}) {c.start}-{c.end}")


@app.command()
@handled
def autocode(
    transcript: list[str] = typer.Option(
        None, "--transcript", "-t", metavar="KEY", help="Only these transcripts (repeatable)."
    ),
    project: Path | None = project_option(),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help="Processes for coding (default: all cores)."),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Auto-code the project's transcripts with its codebook.

    Replaces earlier auto codings; never touches manual ones; never re-adds a code a person rejected.
    """
    from ..project import autocode_project, open_project

    proj = open_project(project)
    with progress_bar(True, lang.value) as progress:
        report = autocode_project(proj, transcript or None, progress=progress, jobs=jobs)
    write_output(
        t(
            "out.autocode",
            lang.value,
            n=report.transcripts,
            codings=report.codings,
            removed=report.removed,
            skipped=report.skipped_rejected,
        ),
        None,
    )


def _import_qdpx(proj: Any, files: list[Path], lang: str) -> None:
    from ..refi import import_qdpx

    for file in files:
        result = import_qdpx(proj, file)
        print_warnings(result.warnings, lang)
        write_output(
            t(
                "out.qdpx_import",
                lang,
                file=str(file),
                added=len(result.sources_added),
                unchanged=len(result.sources_unchanged),
                codes=result.codes_added,
                codings=result.codings_added,
                already=result.codings_unchanged,
                memos=result.memos_added,
                decisions=result.decisions_added,
                coders=", ".join(result.coders) or "—",
            ),
            None,
        )
        if result.codebook_replaced:
            stderr().print(t("out.qdpx_codebook", lang, n=result.codes_total), markup=False)


class ExportFormat(str, Enum):
    contract = "contract"
    qdpx = "qdpx"


@app.command()
@handled
def export(
    directory: Path = typer.Argument(
        None, metavar="DIR", help="Folder for the contract files (made if missing); not with --format qdpx."
    ),
    fmt: ExportFormat = typer.Option(
        ExportFormat.contract,
        "--format",
        "-f",
        help="contract: the four files into DIR; qdpx: the whole project as REFI-QDA (needs --output).",
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="With --format qdpx: the .qdpx file."),
    project: Path | None = project_option(),
    lang: Lang = typer.Option(None, "--lang", envvar="ODSKCODE_LANG", help="Language of labels (default: project's)."),
    anonymize: bool = typer.Option(
        False, "--anonymize", help="Pseudonyms for informants, names listed in metadata masked."
    ),
    coder: str = typer.Option(None, "--coder", metavar="NAME", help="Count only this coder's codings."),
    consensus: int = typer.Option(
        None, "--consensus", metavar="K", min=1, help="Count only the codes at least K people gave."
    ),
) -> None:
    """Write segments.csv, findings.csv, matrix.csv and summary.xlsx for the project, atomically.

    With --format qdpx: the whole project (codebook, sources, codings with valence, memos, coders,
    informant attributes) as a REFI-QDA .qdpx for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    Examples: odskcode export hasil/ · odskcode export --format qdpx --output proyek.qdpx
    """
    from ..project import export_project, open_project

    if fmt is ExportFormat.qdpx:
        if output is None or directory is not None:
            raise typer.BadParameter("--format qdpx writes one file: give --output FILE.qdpx (and no DIR)")
        if anonymize or coder is not None or consensus is not None:
            raise typer.BadParameter("--anonymize, --coder and --consensus go with the contract files, not qdpx")
        from ..refi import export_qdpx

        done = export_qdpx(open_project(project), output, lang.value if lang else None)
        stderr().print(
            t(
                "out.qdpx_export",
                lang.value if lang else default_lang(),
                path=str(done.path),
                sources=done.sources,
                codes=done.codes,
                codings=done.codings,
                users=done.users,
            ),
            markup=False,
        )
        if done.skipped:
            stderr().print(
                "Warning: " + t("out.qdpx_skipped", lang.value if lang else default_lang(), n=done.skipped),
                markup=False,
            )
        return
    if directory is None:
        raise typer.BadParameter("give the folder for the contract files: odskcode export DIR", param_hint="DIR")
    if output is not None:
        raise typer.BadParameter("--output goes with --format qdpx; the contract files go into DIR")
    if coder is not None and consensus is not None:
        raise typer.BadParameter(t("co.exclusive", lang.value if lang else default_lang()), param_hint="--consensus")
    proj = open_project(project)
    written = export_project(
        proj, directory, lang.value if lang else None, anonymize=anonymize, coder=coder, consensus=consensus
    )
    stderr().print(
        t("out.export", (lang.value if lang else proj.settings.lang), n=len(written), path=str(directory)), markup=False
    )
