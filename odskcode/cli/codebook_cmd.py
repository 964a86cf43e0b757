"""``odskcode codebook validate|show|diff``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from .app import Lang, app, handled, stdout, write_output

codebook_app = typer.Typer(
    help="Check, show, compare, import and export codebooks (YAML, REFI-QDA .qdc).", no_args_is_help=True
)
app.add_typer(codebook_app, name="codebook")


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class ShowFormat(str, Enum):
    tree = "tree"
    json = "json"


@codebook_app.command("validate")
@handled
def validate(
    file: Path = typer.Argument(..., metavar="FILE", help="Codebook YAML file."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text, or json for the report as data."),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Report every problem of a codebook, each with file and line.

    Exit 1 when there are errors; warnings alone exit 0.
    """
    from ..codebook import validate_codebook
    from ..export import to_json
    from .render import validation_text

    report = validate_codebook(file)
    if fmt is ReportFormat.json:
        write_output(to_json(report.to_dict(lang.value)), None)
    else:
        write_output(validation_text(report, lang.value), None)
    if not report.valid:
        raise typer.Exit(1)


@codebook_app.command("show")
@handled
def show(
    file: str = typer.Argument(
        "odsk", metavar="[FILE]", help="Codebook YAML file, or a bundled name (odsk, template)."
    ),
    lang: Lang = typer.Option(Lang.id, "--lang", envvar="ODSKCODE_LANG", help="Language of the labels."),
    fmt: ShowFormat = typer.Option(ShowFormat.tree, "--format", "-f", help="tree, or json for the codes as data."),
) -> None:
    """Draw the code tree with labels, roles and rule counts."""
    from ..codebook import codebook_tree, load_codebook
    from ..export import to_json
    from .render import codebook_tree_renderable

    codebook = load_codebook(file)
    if fmt is ShowFormat.json:
        write_output(to_json({"codebook": codebook.id, "codes": codebook_tree(codebook, lang.value)}), None)
        return
    stdout().print(codebook_tree_renderable(codebook, lang.value))


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@codebook_app.command("diff")
@handled
def diff(
    old: str = typer.Argument(
        ..., metavar="OLD", help="The old codebook: a YAML file or a bundled name (odsk, template)."
    ),
    new: str = typer.Argument(..., metavar="NEW", help="The new codebook: a YAML file or a bundled name."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f", help="table, json or markdown."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when the codebooks differ (like git diff --exit-code)."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the headers."),
) -> None:
    """Show what changed between two codebooks: codes added, removed, renamed, moved, and changed fields.

    Exit 0 whether or not they differ, unless --exit-code.
    """
    from ..cbdiff import diff_codebooks
    from ..codebook import load_codebook
    from ..export import to_json
    from ..i18n import t
    from .render import render_to_text

    result = diff_codebooks(load_codebook(old), load_codebook(new), old, new)
    if fmt is DiffFormat.json:
        write_output(to_json(result.to_dict()), output)
    elif fmt is DiffFormat.markdown:
        write_output(diff_markdown(result, lang.value), output)
    elif result.same:
        write_output(t("cbdiff.same", lang.value), output)
    else:
        table = diff_table(result, lang.value)
        if output is None:
            stdout().print(table)
        else:
            write_output(render_to_text(table), output)
    if exit_code and not result.same:
        raise typer.Exit(1)


DIFF_HEADERS = ("h.change", "h.code", "h.new_code", "h.field", "h.old", "h.new")


def _diff_cells(result: Any) -> list[list[str]]:
    from ..cbdiff import show

    return [[r.change, r.code, r.new_code, r.field, show(r.old), show(r.new)] for r in result.rows]


def diff_table(result: Any, lang: str) -> Any:
    """A rich table of the changes, with the counts as its caption."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from ..i18n import t

    table = Table(
        title=t("cbdiff.title", lang, old=result.old, new=result.new),
        caption=t("cbdiff.summary", lang, **result.counts()),
        box=box.SIMPLE_HEAVY,
    )
    for key in DIFF_HEADERS:  # long ids and lists fold onto more lines rather than being cut
        table.add_column(t(key, lang), overflow="fold", no_wrap=key == "h.change")
    for cells in _diff_cells(result):
        table.add_row(*(escape(c) for c in cells))
    return table


def diff_markdown(result: Any, lang: str) -> str:
    """The changes as a Markdown table under a heading, with the counts."""
    from ..i18n import t

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"## {t('cbdiff.title', lang, old=result.old, new=result.new)}", ""]
    if result.same:
        lines.append(t("cbdiff.same", lang))
        return "\n".join(lines) + "\n"
    lines.append("| " + " | ".join(t(k, lang) for k in DIFF_HEADERS) + " |")
    lines.append("|" + " --- |" * len(DIFF_HEADERS))
    lines.extend("| " + " | ".join(cell(c) for c in cells) + " |" for cells in _diff_cells(result))
    lines += ["", t("cbdiff.summary", lang, **result.counts())]
    return "\n".join(lines) + "\n"
