"""Reporting commands that work on given transcripts (in memory) or on the current project."""

from __future__ import annotations

from pathlib import Path

import typer

from .analyze_cmd import AnalyzeFormat, Unit
from .app import Lang, app, emit_summary, handled, progress_bar
from .project_cmd import project_option


@app.command()
@handled
def summarize(
    paths: list[Path] = typer.Argument(
        None, metavar="[PATH]...", help="Transcripts to auto-code in memory; none: the current project."
    ),
    project: Path | None = project_option(),
    codebook: str = typer.Option(
        None, "--codebook", "-c", metavar="FILE", help="With PATH: the codebook (default: bundled ODSK)."
    ),
    unit: Unit = typer.Option(Unit.turn, "--unit", help="With PATH: segment unit (turn, paragraph, sentence)."),
    fmt: AnalyzeFormat = typer.Option(AnalyzeFormat.table, "--format", "-f", help="Output format."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    lang: Lang = typer.Option(
        None, "--lang", envvar="ODSKCODE_LANG", help="Language of labels (default: id, or the project's)."
    ),
) -> None:
    """The findings table per dimension, from a project or from transcripts coded in memory.

    Examples: odskcode summarize (in a project) · odskcode summarize sample_interviews --lang en
    """
    if paths:
        from ..pipeline import analyze

        with progress_bar(True, (lang or Lang.id).value) as progress:
            summary = analyze(
                paths, codebook=codebook, unit=unit.value, lang=(lang or Lang.id).value, progress=progress
            ).summary
    else:
        from ..project import open_project, project_summary

        summary = project_summary(open_project(project), lang.value if lang else None)
    emit_summary(summary, fmt.value, output)
