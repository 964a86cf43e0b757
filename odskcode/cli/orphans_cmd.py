"""``odskcode codings orphans|place|drop-orphans``: resolve codings whose words left their transcript."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ..i18n import t
from .app import Lang, handled, stdout, write_output
from .codings_cmd import codings_app
from .project_cmd import project_option


class OrphanFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _lang() -> Lang:
    return typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages.")


@codings_app.command("orphans")
@handled
def orphans(
    transcript: str = typer.Argument(None, metavar="[TRANSCRIPT]", help="Only this transcript's (its key)."),
    fmt: OrphanFormat = typer.Option(OrphanFormat.table, "--format", "-f", help="table, csv or json."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    project: Path | None = project_option(),
    lang: Lang = _lang(),
) -> None:
    """List orphaned codings: kept after `import --replace` because their words are gone.

    Resolve each with `odskcode codings place ID SEGMENT` or `odskcode codings drop-orphans ID`.
    """
    from ..export import records, safe_frame, to_json
    from ..orphans import list_orphans
    from ..project import open_project
    from .render import frame_table

    frame = list_orphans(open_project(project), transcript)
    if fmt is OrphanFormat.json:
        write_output(to_json({"schema_version": 1, "table": "orphans", "rows": records(frame)}), output)
    elif fmt is OrphanFormat.csv:
        write_output(safe_frame(frame).to_csv(index=False, lineterminator="\n"), output)
    elif frame.empty:
        write_output(t("out.no_orphans", lang.value), output)
    elif output is None:
        stdout().print(frame_table(frame, title="orphans"))
    else:
        write_output(safe_frame(frame).to_csv(index=False, lineterminator="\n"), output)


@codings_app.command("place")
@handled
def place(
    orphan_id: int = typer.Argument(..., metavar="ID", help="The orphan's id (odskcode codings orphans)."),
    segment: str = typer.Argument(..., metavar="SEGMENT", help="Segment id in the transcript's new text (t004)."),
    start: int = typer.Option(None, "--start", help="Code-point offset where the coding starts (inside SEGMENT)."),
    end: int = typer.Option(None, "--end", help="Code-point offset where it ends (default: the segment's end)."),
    project: Path | None = project_option(),
    lang: Lang = _lang(),
) -> None:
    """Put an orphaned coding on a segment of its transcript's new text (whole segment, or --start/--end)."""
    from ..orphans import place_orphan
    from ..project import open_project

    done = place_orphan(open_project(project), orphan_id, segment, start, end)
    key = "out.orphan_merged" if done.merged else "out.orphan_placed"
    write_output(
        t(
            key,
            lang.value,
            id=done.id,
            code=done.code,
            coder=done.coder,
            transcript=done.transcript,
            segment=done.segment,
            start=done.start,
            end=done.end,
        ),
        None,
    )


@codings_app.command("drop-orphans")
@handled
def drop(
    ids: list[int] = typer.Argument(None, metavar="[ID]...", help="Orphans to drop (odskcode codings orphans)."),
    all_: bool = typer.Option(False, "--all", help="Drop every orphan of the project (or of --transcript)."),
    transcript: str = typer.Option(None, "--transcript", metavar="KEY", help="With --all: only this transcript's."),
    project: Path | None = project_option(),
    lang: Lang = _lang(),
) -> None:
    """Delete orphaned codings for good; each one's contents is written to the project's log first."""
    from ..orphans import drop_orphans
    from ..project import open_project

    if not ids and not all_:
        raise typer.BadParameter("name the orphans to drop (ID...), or give --all")
    if ids and all_:
        raise typer.BadParameter("give IDs or --all, not both")
    n = drop_orphans(open_project(project), list(ids) if ids else None, transcript)
    write_output(t("out.orphans_dropped", lang.value, n=n), None)
