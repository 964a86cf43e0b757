"""``odskcode codebook validate|show``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .app import Lang, app, handled, stdout, write_output

codebook_app = typer.Typer(help="Check and show codebooks.", no_args_is_help=True)
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
