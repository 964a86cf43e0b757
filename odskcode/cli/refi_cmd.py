"""``odskcode codebook export|import``: REFI-QDA codebooks (.qdc) for NVivo, ATLAS.ti, MAXQDA, QualCoder.

The project-level REFI-QDA commands are ``odskcode import FILE.qdpx`` and
``odskcode export --format qdpx`` (in :mod:`.project_cmd`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ..i18n import t
from .app import Lang, handled, stderr, write_output
from .codebook_cmd import codebook_app


class CodebookExportFormat(str, Enum):
    qdc = "qdc"
    yaml = "yaml"


@codebook_app.command("export")
@handled
def codebook_export(
    codebook: str = typer.Argument(
        None, metavar="[CODEBOOK]", help="Codebook file or bundled name (default: the project's, else ODSK)."
    ),
    fmt: CodebookExportFormat = typer.Option(
        CodebookExportFormat.qdc, "--format", "-f", help="qdc (REFI-QDA) or yaml."
    ),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (default: stdout)."),
    label_lang: Lang = typer.Option(None, "--label-lang", help="Language of the code names (default: the first)."),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Export a codebook as a REFI-QDA .qdc: the code tree with labels, definitions, colours and sets.

    Examples: odskcode codebook export -o odsk.qdc · odskcode codebook export my.yaml --label-lang en -o my.qdc
    """
    from ..codebook import dump_codebook, load_codebook
    from ..refi import codebook_qdc

    project_name = None  # in a project, its codes take the GUIDs its .qdpx export gives them
    if codebook is None:
        from ..errors import ProjectError
        from ..project import open_project

        try:
            proj = open_project()
            book, project_name = proj.codebook(), proj.settings.name
        except ProjectError:
            book = load_codebook()
    else:
        book = load_codebook(codebook)
    chosen = label_lang.value if label_lang else None
    if fmt is CodebookExportFormat.yaml:
        write_output(dump_codebook(book), output)
        return
    data = codebook_qdc(book, chosen, project_name)
    if output is None:
        write_output(data.decode("utf-8"), None)
        return
    from ..refi import write_qdc

    write_qdc(book, output, chosen, project_name)
    stderr().print(t("out.qdc_export", lang.value, path=str(output), n=len(book.codes)), markup=False)


@codebook_app.command("import")
@handled
def codebook_import(
    file: Path = typer.Argument(..., metavar="FILE", help="A REFI-QDA codebook (.qdc) or project (.qdpx)."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the YAML here (default: stdout)."),
    label_lang: Lang = typer.Option(Lang.id, "--label-lang", help="Language the labels are in (default: id)."),
    lang: Lang = typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages."),
) -> None:
    """Turn a REFI-QDA codebook (from NVivo, ATLAS.ti, MAXQDA, QualCoder) into an odskcode YAML codebook.

    The codebook has one language and no rules yet; it validates, with warnings for what is missing.
    Next: add rules, then odskcode codebook validate FILE.yaml.
    """
    from ..codebook import validate_text
    from ..refi import import_codebook_file

    codebook, text = import_codebook_file(file, output, label_lang.value)
    if output is None:
        write_output(text, None)
        return
    report, _ = validate_text(text, str(output))
    stderr().print(
        t("out.qdc_import", lang.value, path=str(output), n=len(codebook.codes), warnings=len(report.warnings)),
        markup=False,
    )
