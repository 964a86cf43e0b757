"""``odskcode segments``: retrieve coded (and uncoded) segments, in every output format of the summarizer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..i18n import default_lang, t
from .analyze_cmd import AnalyzeFormat, Unit
from .app import Lang, app, handled, print_warnings, progress_bar, stdout, write_output
from .project_cmd import project_option
from .report_cmd import codebook_option, lang_option, paths_argument, unit_option


@app.command()
@handled
def segments(
    paths: list[Path] = paths_argument(),
    code: str = typer.Option(
        None, "--code", metavar="CODE", help="Only codings of this code or of a code below it (efektivitas)."
    ),
    informant: str = typer.Option(None, "--informant", metavar="ID", help="Only this informant's segments (I03)."),
    coder: str = typer.Option(
        None, "--coder", metavar="NAME", help="Only this coder's codings, reviewed or not (auto: the rules')."
    ),
    text: str = typer.Option(
        None, "--text", metavar="REGEX", help="Only segments whose text matches this Python regex (any case)."
    ),
    uncoded: bool = typer.Option(
        False, "--uncoded", help="Segments with no coding that counts (and matches --code and --coder)."
    ),
    all_rows: bool = typer.Option(False, "--all", help="The coded rows and the uncoded segments."),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    fmt: AnalyzeFormat = typer.Option(
        AnalyzeFormat.table, "--format", "-f", help="Output format (xlsx, docx need --output)."
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    lang: Lang = lang_option(),
) -> None:
    """Retrieve segments: one row per coding that counts, in the columns of segments.csv.

    Filters combine (AND). The rows carry transcript and segment, the keys 'codings import' reads.

    Examples: odskcode segments --code efektivitas --informant I03 ·
    odskcode segments sample_interviews --text "bantuan.*terlambat" --format csv -o kutipan.csv ·
    odskcode segments --uncoded --coder ani (what ani has not coded yet)
    """
    from ..export import FILE_FORMATS
    from ..retrieve import SegmentQuery, retrieve, segments_text, write_segments

    language = lang.value if lang else default_lang()
    if uncoded and all_rows:
        raise typer.BadParameter(t("rt.exclusive", language), param_hint="--all")
    if text is not None:
        import re

        try:
            re.compile(text)
        except re.error as exc:
            raise typer.BadParameter(
                t("rt.bad_regex", language, pattern=text, detail=str(exc)), param_hint="--text"
            ) from None
    if fmt.value in FILE_FORMATS and output is None:
        raise typer.BadParameter(t("rt.needs_output", language, fmt=fmt.value), param_hint="--format")
    query = SegmentQuery(
        code=code,
        informant=informant,
        coder=coder,
        text=text,
        which="uncoded" if uncoded else "all" if all_rows else "coded",
    )
    if paths:
        with progress_bar(True, language) as progress:
            result = retrieve(query, paths=paths, codebook=codebook, unit=unit.value, progress=progress)
        print_warnings(result.warnings, language)
    else:
        from ..project import open_project

        result = retrieve(query, project=open_project(project))
    frame = result.frame
    if fmt is AnalyzeFormat.table and output is None:
        stdout().print(segments_table(frame, t("rt.count", language, n=len(frame))))
        return
    if fmt is AnalyzeFormat.table:
        from .render import render_to_text

        rendered = render_to_text(segments_table(frame, t("rt.count", language, n=len(frame))), width=100)
        write_output("\n".join(line.rstrip() for line in rendered.splitlines()), output)
    elif output is not None:
        write_segments(frame, fmt.value, output)
    else:
        write_output(segments_text(frame, fmt.value), None)


def segments_table(frame: Any, title: str) -> Any:
    """The rows for the terminal: where and who, the code, and the words beneath."""
    from rich.console import Group
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    parts: list[Any] = [Text(title, style="bold")]
    for rec in frame.itertuples(index=False):
        transcript, segment, informant = (escape(str(v)) for v in (rec.transcript, rec.segment, rec.informant))
        where = f"[bold cyan]{transcript} {segment}[/] {informant}"
        if rec.code:
            code, valence, coder = (escape(str(v)) for v in (rec.code, rec.valence, rec.coder))
            where += f" [green]{code}[/] [dim]({valence}, {coder})[/]"
        parts.append(Text.from_markup("\n" + where))
        parts.append(Padding(Text(str(rec.text)), (0, 0, 0, 2), expand=False))
    return Group(*parts)
