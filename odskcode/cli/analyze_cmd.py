"""``odskcode analyze``: the one-shot main job."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .app import Lang, app, emit_summary, handled, print_warnings, progress_bar, stderr


class AnalyzeFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    latex = "latex"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


class Unit(str, Enum):
    turn = "turn"
    paragraph = "paragraph"
    sentence = "sentence"


@app.command()
@handled
def analyze(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Transcript files or folders (.md .txt .docx .vtt .srt)."
    ),
    codebook: str = typer.Option(
        None,
        "--codebook",
        "-c",
        metavar="FILE",
        help="Codebook YAML file, or a bundled name (odsk). Default: the bundled ODSK codebook.",
    ),
    unit: Unit = typer.Option(Unit.turn, "--unit", help="Segment unit to code: turn, paragraph or sentence."),
    export: Path = typer.Option(
        None,
        "--export",
        metavar="DIR",
        help="Also write segments.csv, findings.csv, matrix.csv and summary.xlsx to this folder.",
    ),
    fmt: AnalyzeFormat = typer.Option(
        AnalyzeFormat.table, "--format", "-f", help="Output format (xlsx and docx need --output)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the output to this file instead of stdout."
    ),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help="Processes for coding (default: all cores)."),
    anonymize: bool = typer.Option(
        False, "--anonymize", help="Pseudonyms for informants, names listed in metadata masked."
    ),
    lang: Lang = typer.Option(
        Lang.id, "--lang", envvar="ODSKCODE_LANG", help="Language of labels, headers and prose (ids never change)."
    ),
) -> None:
    """Parse, auto-code and summarize transcripts in memory; print the findings table.

    Example: odskcode analyze sample_interviews --export out --lang en
    """
    from ..export import write_contract
    from ..pipeline import analyze as run_analysis

    with progress_bar(True, lang.value) as progress:
        result = run_analysis(
            paths,
            codebook=codebook,
            unit=unit.value,
            lang=lang.value,
            progress=progress,
            jobs=jobs,
            anonymize=anonymize,
        )
    print_warnings(result.corpus.all_warnings(), lang.value)
    summary = result.summary
    if export is not None:
        written = write_contract(summary, export)
        stderr().print(f"{len(written)} files written to {export}", markup=False)
    emit_summary(summary, fmt.value, output)
