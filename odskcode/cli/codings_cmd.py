"""``odskcode codings export|import``: a project's codings out to CSV/XLSX and back in."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import t
from .app import Lang, app, handled, stderr, write_output
from .project_cmd import project_option

codings_app = typer.Typer(
    help="Move a project's codings out to CSV/XLSX and back in; resolve orphaned codings.", no_args_is_help=True
)
app.add_typer(codings_app, name="codings")


def _lang_option() -> Lang:
    return typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages.")


@codings_app.command("export")
@handled
def codings_export(
    output: Path = typer.Option(
        None, "--output", "-o", metavar="FILE", help="A .csv or .xlsx file; none: CSV on stdout."
    ),
    coder: str = typer.Option(None, "--coder", metavar="NAME", help="Only this coder's codings (default: all)."),
    project: Path | None = project_option(),
    lang: Lang = _lang_option(),
) -> None:
    """Write the project's codings in the columns of segments.csv (auto codings too), then one row per
    decision (a segment reviewed, a suggestion accepted or rejected) in the `decision` column.

    Example: odskcode codings export --coder ani -o ani.xlsx
    """
    from ..codings_io import codings_csv, codings_table, write_codings
    from ..project import open_project

    frame = codings_table(open_project(project), coder)
    if output is None:
        write_output(codings_csv(frame), None)
        return
    write_codings(frame, output)
    decisions = int((frame["decision"] != "").sum()) if "decision" in frame.columns else 0
    text = t("out.codings_export", lang.value, n=len(frame) - decisions, path=str(output))
    if decisions:
        text += t("out.codings_export_decisions", lang.value, n=decisions)
    stderr().print(text, markup=False)


@codings_app.command("import")
@handled
def codings_import(
    file: Path = typer.Argument(..., metavar="FILE", help="A .csv or .xlsx file in the columns of segments.csv."),
    include_auto: bool = typer.Option(
        False, "--include-auto", help="Also import rows of coder auto (skipped by default)."
    ),
    project: Path | None = project_option(),
    lang: Lang = _lang_option(),
) -> None:
    """Import codings: transcript, code, coder, and segment or start/end, at least.

    Every row is checked first; one bad row and nothing is imported. Importing the same file again
    changes nothing, so two coders' files merge into one project.

    Example: odskcode codings import budi.xlsx
    """
    from ..codings_io import import_codings
    from ..project import open_project

    report = import_codings(open_project(project), file, include_auto=include_auto)
    lines = [
        t(
            "out.codings_import",
            lang.value,
            added=report.added,
            unchanged=report.unchanged,
            updated=report.updated,
            skipped=report.skipped_auto + report.skipped_rejected + report.skipped_uncoded,
        )
    ]
    if report.decisions_added or report.decisions_unchanged or report.decisions_updated:
        lines.append(
            t(
                "out.codings_decisions",
                lang.value,
                added=report.decisions_added,
                unchanged=report.decisions_unchanged,
                updated=report.decisions_updated,
            )
        )
    if report.skipped_auto:
        lines.append(t("out.codings_skipped_auto", lang.value, n=report.skipped_auto))
    if report.skipped_uncoded:
        lines.append(t("out.codings_skipped_uncoded", lang.value, n=report.skipped_uncoded))
    write_output("\n".join(lines), None)
