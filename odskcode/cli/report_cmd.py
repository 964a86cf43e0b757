"""Reporting commands that work on given transcripts (in memory) or on the current project."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from .analyze_cmd import AnalyzeFormat, Unit
from .app import Lang, app, emit_summary, handled, print_warnings, progress_bar, stdout, write_output
from .project_cmd import project_option

PATHS_HELP = "Transcripts to auto-code in memory; none: the current project."


def paths_argument() -> Any:
    return typer.Argument(None, metavar="[PATH]...", help=PATHS_HELP)


def codebook_option() -> Any:
    return typer.Option(
        None, "--codebook", "-c", metavar="FILE", help="With PATH: the codebook (default: bundled ODSK)."
    )


def anonymize_option() -> Any:
    return typer.Option(False, "--anonymize", help="Pseudonyms for informants, names listed in metadata masked.")


def unit_option() -> Any:
    return typer.Option(Unit.turn, "--unit", help="With PATH: segment unit (turn, paragraph, sentence).")


def lang_option() -> Any:
    return typer.Option(None, "--lang", envvar="ODSKCODE_LANG", help="Language of labels and prose (default: id).")


def coder_option() -> Any:
    return typer.Option(None, "--coder", metavar="NAME", help="In a project: count only this coder's codings.")


def consensus_option() -> Any:
    return typer.Option(
        None, "--consensus", metavar="K", min=1, help="In a project: count only the codes at least K people gave."
    )


def check_selection(paths: list[Path] | None, coder: str | None, consensus: int | None, lang: Lang | None) -> None:
    """--coder and --consensus: not together, and only on a project (usage errors, exit 2)."""
    from ..i18n import default_lang, t

    language = lang.value if lang else default_lang()
    if coder is not None and consensus is not None:
        raise typer.BadParameter(t("co.exclusive", language), param_hint="--consensus")
    if paths and (coder is not None or consensus is not None):
        raise typer.BadParameter(t("co.project_only", language), param_hint="--coder" if coder else "--consensus")


def load_report(
    paths: list[Path] | None,
    project: Path | None,
    codebook: str | None,
    unit: Unit,
    lang: Lang | None,
    anonymize: bool = False,
    coder: str | None = None,
    consensus: int | None = None,
) -> tuple[Any, Any]:
    """(corpus, summary) of PATHs coded in memory, or of the project (``coder``/``consensus``: which codings)."""
    check_selection(paths, coder, consensus, lang)
    if paths:
        from ..pipeline import analyze

        language = (lang or Lang.id).value
        with progress_bar(True, language) as progress:
            result = analyze(
                paths, codebook=codebook, unit=unit.value, lang=language, progress=progress, anonymize=anonymize
            )
        print_warnings(result.corpus.all_warnings(), language)
        return result.corpus, result.summary
    from ..project import load_corpus, open_project, project_summary

    proj = open_project(project)
    summary = project_summary(proj, lang.value if lang else None, anonymize=anonymize, coder=coder, consensus=consensus)
    return load_corpus(proj), summary


def load_summary(
    paths: list[Path] | None,
    project: Path | None,
    codebook: str | None,
    unit: Unit,
    lang: Lang | None,
    anonymize: bool = False,
    coder: str | None = None,
    consensus: int | None = None,
) -> Any:
    """The summary of PATHs coded in memory, or of the project."""
    return load_report(paths, project, codebook, unit, lang, anonymize, coder, consensus)[1]


class TableName(str, Enum):
    findings = "findings"
    matrix = "matrix"
    matrix_segments = "matrix-segments"
    frequencies = "frequencies"
    cooccurrence = "cooccurrence"
    breakdown = "breakdown"


def emit_table(frame: Any, fmt: str, output: Path | None, title: str) -> None:
    """A plain table in table, csv, json or markdown."""
    from ..export import records, safe_frame, to_json
    from ..formats import frame_markdown
    from .render import frame_table

    if fmt == "table" and output is None:
        stdout().print(frame_table(frame, title=title))
        return
    if fmt == "json":
        text = to_json({"schema_version": 1, "table": title, "rows": records(frame)})
    elif fmt == "markdown":
        text = frame_markdown(frame)
    elif fmt == "csv":
        text = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    else:
        raise typer.BadParameter(f"--table {title} comes as table, csv, json or markdown", param_hint="--format")
    write_output(text, output)


@app.command()
@handled
def summarize(
    paths: list[Path] = paths_argument(),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    fmt: AnalyzeFormat = typer.Option(
        AnalyzeFormat.table, "--format", "-f", help="Output format (xlsx, docx need --output)."
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    anonymize: bool = anonymize_option(),
    lang: Lang = lang_option(),
    table: TableName = typer.Option(
        TableName.findings,
        "--table",
        "-t",
        help="Which table: findings, matrix, matrix-segments, frequencies, cooccurrence, breakdown.",
    ),
    by: str = typer.Option(
        None, "--by", metavar="FIELD", help="Breakdown by a metadata field (group, role, technique, …)."
    ),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
) -> None:
    """The findings table per dimension, from a project or from transcripts coded in memory.

    html and xlsx hold every table (findings, narrative, matrix, frequencies, co-occurrence,
    judgements by group); docx holds the findings, narrative, matrix, frequencies and judgements by group.

    Examples: odskcode summarize (in a project) · odskcode summarize sample_interviews --format docx -o hasil.docx
    """
    from .. import tables

    if by and table not in (TableName.findings, TableName.breakdown):
        raise typer.BadParameter(
            f"--by goes with the breakdown table, not with --table {table.value}", param_hint="--by"
        )
    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    if by and table is TableName.findings:
        table = TableName.breakdown
    if table is TableName.findings:
        emit_summary(summary, fmt.value, output)
        return
    if table is TableName.breakdown:
        frame = pd_concat([tables.breakdown(summary, by or "group", level) for level in ("category", "code")])
    elif table is TableName.frequencies:
        frame = tables.frequencies(summary)
    elif table is TableName.cooccurrence:
        frame = tables.cooccurrence(summary, "code")
    else:
        frame = tables.informant_matrix(summary, "segments" if table is TableName.matrix_segments else "presence")
    if table is TableName.breakdown and fmt is AnalyzeFormat.table and output is None:
        frame = frame.drop(columns=["by"])  # named in the title instead
    emit_table(
        frame, fmt.value, output, f"{table.value} by {by or 'group'}" if table is TableName.breakdown else table.value
    )


def pd_concat(frames: list[Any]) -> Any:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


class NarrativeFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handled
def narrative(
    paths: list[Path] = paths_argument(),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    fmt: NarrativeFormat = typer.Option(NarrativeFormat.text, "--format", "-f", help="text, markdown or json."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the text to this file."),
    anonymize: bool = anonymize_option(),
    lang: Lang = lang_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
) -> None:
    """The results section in prose: a paragraph per dimension, a conclusion and the recommendations.

    Every number in it is the findings table's. Example: odskcode narrative sample_interviews --lang en
    """
    from ..export import records, to_json
    from ..narrative import narrative as make_narrative

    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    frame = make_narrative(summary)
    if fmt is NarrativeFormat.json:
        text = to_json({"schema_version": 1, "lang": summary.lang, "paragraphs": records(frame)})
    elif fmt is NarrativeFormat.markdown:
        labels = {c: summary.codebook.codes[c].name(summary.lang) for c in frame["code"] if c}
        text = "\n\n".join(
            (f"**{labels[r.code]}.** {r.text}" if r.code else str(r.text)) for r in frame.itertuples(index=False)
        )
    else:
        text = "\n\n".join(str(x) for x in frame["text"])
    write_output(text, output)


class QuotesFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command()
@handled
def quotes(
    code: str = typer.Argument(
        ..., metavar="CODE", help="Code or category id, e.g. responsivitas.kecepatan_ketepatan."
    ),
    paths: list[Path] = paths_argument(),
    by: str = typer.Option(
        None, "--by", metavar="FIELD", help="One list per value of a metadata field (group, role, technique, …)."
    ),
    limit: int = typer.Option(5, "--limit", "-n", min=0, help="Quotes per group (0: all)."),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    fmt: QuotesFormat = typer.Option(QuotesFormat.table, "--format", "-f", help="table, csv, json or markdown."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    anonymize: bool = anonymize_option(),
    lang: Lang = lang_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
) -> None:
    """Coded segments of a code with informant id and role, best first (ranked like the findings table's quote).

    Example: odskcode quotes responsivitas.kecepatan_ketepatan sample_interviews --by group --limit 2
    """
    from ..export import records, safe_frame, to_json
    from ..tables import quotes as make_quotes

    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    frame = make_quotes(summary, code, by=by, limit=limit)
    if fmt is QuotesFormat.table and output is None:
        from rich.markup import escape

        console = stdout()
        console.print(f"[bold]{escape(code)}[/] — {len(frame)}")
        for r in frame.itertuples(index=False):
            group = f"[cyan]{escape(str(r.group))}[/] " if by else ""
            console.print(
                f"\n{group}[bold]{escape(str(r.informant))}[/], {escape(str(r.role))} "
                f"[dim]({escape(str(r.transcript))} {escape(str(r.segment))}, {r.valence})[/]"
            )
            console.print(f"  “{escape(str(r.quote))}”", soft_wrap=False)
        return
    if fmt is QuotesFormat.json:
        text = to_json({"schema_version": 1, "code": code, "by": by, "quotes": records(frame)})
    elif fmt is QuotesFormat.markdown:
        lines = []
        for r in frame.itertuples(index=False):
            group = f"[{r.group}] " if by else ""
            lines.append(f"> {r.quote}\n>\n> — {group}{r.informant}, {r.role} ({r.transcript} {r.segment})\n")
        text = "\n".join(lines)
    else:
        text = safe_frame(frame).to_csv(index=False, lineterminator="\n")
    write_output(text, output)


class AppendixFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    docx = "docx"


@app.command("export-transcripts")
@handled
def export_transcripts(
    paths: list[Path] = paths_argument(),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    fmt: AppendixFormat = typer.Option(AppendixFormat.markdown, "--format", "-f", help="markdown, html or docx."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (docx needs it)."),
    anonymize: bool = anonymize_option(),
    lang: Lang = lang_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
) -> None:
    """Every transcript with its segment ids and the codes beside each turn, for a thesis appendix (lampiran).

    Example: odskcode export-transcripts sample_interviews --format docx -o lampiran.docx
    """
    from ..appendix import appendix_html, appendix_markdown, coded_transcripts, write_appendix_docx
    from ..export import atomic_write
    from ..i18n import t

    corpus, summary = load_report(paths, project, codebook, unit, lang, coder=coder, consensus=consensus)
    frame = coded_transcripts(corpus, summary, anonymize=anonymize)
    title = t("ap.title", summary.lang)
    if fmt is AppendixFormat.docx:
        if output is None:
            raise typer.BadParameter("--format docx writes a file: add --output FILE.docx", param_hint="--format")
        atomic_write({output: lambda p: write_appendix_docx(frame, summary.lang, title, p)})
        return
    text = (
        appendix_html(frame, summary.lang, title)
        if fmt is AppendixFormat.html
        else appendix_markdown(frame, summary.lang)
    )
    write_output(text, output)


class PlotKind(str, Enum):
    matrix = "matrix"
    frequencies = "frequencies"


@app.command()
@handled
def plot(
    kind: PlotKind = typer.Argument(..., metavar="KIND", help="matrix (heatmap) or frequencies (bars)."),
    paths: list[Path] = paths_argument(),
    output: Path = typer.Option(
        None, "--output", "-o", metavar="FILE", help="A .png, .svg or .pdf file (needs the plot extra); none: terminal."
    ),
    project: Path | None = project_option(),
    codebook: str = codebook_option(),
    unit: Unit = unit_option(),
    anonymize: bool = anonymize_option(),
    lang: Lang = lang_option(),
    coder: str = coder_option(),
    consensus: int = consensus_option(),
) -> None:
    """A figure of the informant × code matrix or of code frequencies; without --output, bars in the terminal.

    Example: odskcode plot matrix sample_interviews --output matriks.png
    """
    from rich.markup import escape

    from ..plot import frequency_bars, write_figure

    summary = load_summary(paths, project, codebook, unit, lang, anonymize, coder, consensus)
    if output is not None:
        write_figure(summary, kind.value, output)
        return
    if kind is PlotKind.matrix:
        from ..tables import informant_matrix
        from .render import frame_table

        matrix = informant_matrix(summary, "segments")
        codes = [c for c in matrix.columns[1:] if summary.codebook.codes[c].parent is not None]
        shades = " ░▒▓█"
        peak = max((int(matrix[c].max()) for c in codes), default=0) or 1
        shown = matrix[["informant"]].copy()
        for n, c in enumerate(codes, start=1):
            shown[str(n)] = [shades[min(4, (4 * int(v) + peak - 1) // peak)] for v in matrix[c]]
        console = stdout()
        console.print(frame_table(shown, title="informant × code (segments)"))
        for n, c in enumerate(codes, start=1):
            console.print(f"[dim]{n:>3}[/] {escape(c)}")
        return
    bars = frequency_bars(summary)
    console = stdout()
    width = max(10, min(40, console.width - 45))
    peak = max((b[2] for b in bars), default=0) or 1
    for _, label, n in bars:
        bar = "█" * round(width * n / peak)
        console.print(f"{escape(label[:30]):>30} [green]{bar}[/] {n}")
