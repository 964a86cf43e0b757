"""``odskcode codes rename|merge|move``: change codes and carry every coding along."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from ..i18n import t
from .app import Lang, app, handled, stderr, write_output
from .project_cmd import project_option

codes_app = typer.Typer(
    help="Rename, merge and move codes; every coding, decision and memo goes along.", no_args_is_help=True
)
app.add_typer(codes_app, name="codes")

DRY_RUN_HELP = "Show what would change and change nothing."


class ChangeFormat(str, Enum):
    text = "text"
    json = "json"


def _format_option() -> Any:
    return typer.Option(ChangeFormat.text, "--format", "-f", help="text, or json for the report as data.")


def _lang_option() -> Any:
    return typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages.")


def change_text(change: Any, lang: str) -> str:
    """The report of a rename, merge or move as lines of text."""
    lines = []
    if change.dry_run:
        lines.append(t("codes.out.dry_run", lang))
    first_old, first_new = next(iter(change.mapping.items()))
    if change.action == "merge":
        lines.append(t("codes.out.merge", lang, sources=", ".join(change.removed), target=first_new))
    else:
        lines.append(t(f"codes.out.{change.action}", lang, old=first_old, new=first_new))
    if change.action != "merge" and len(change.mapping) > 1:
        lines.extend(f"  {old} → {new}" for old, new in change.mapping.items())
    lines.append(
        t(
            "codes.out.codings",
            lang,
            moved=change.codings,
            collapsed=change.codings_collapsed,
            before=change.codings_before,
            after=change.codings_after,
        )
    )
    lines.append(t("codes.out.decisions", lang, moved=change.decisions, collapsed=change.decisions_collapsed))
    lines.append(t("codes.out.memos", lang, n=change.memos))
    if change.valence_conflicts:
        lines.append(t("codes.out.valence_conflicts", lang, n=change.valence_conflicts))
    if change.decision_conflicts:
        lines.append(t("codes.out.decision_conflicts", lang, n=change.decision_conflicts))
    if change.role:
        lines.append(t("codes.out.role", lang, old=change.role[0], new=change.role[1]))
    if change.folded:
        items = ", ".join(f"{key} +{n}" for key, n in change.folded.items())
        lines.append(t("codes.out.folded", lang, target=first_new, items=items))
    if change.mentions:
        lines.append(t("codes.out.mentions", lang, n=change.mentions))
    if not change.dry_run:
        lines.append(t("codes.out.written", lang, file=Path(change.codebook).name))
    elif change.patch:
        lines.append("")
        lines.append(change.patch.rstrip("\n"))
    return "\n".join(lines)


def _emit(change: Any, fmt: ChangeFormat, lang: str) -> None:
    if not change.layout_kept:
        stderr().print(f"Warning: {t('codes.out.layout', lang, file=Path(change.codebook).name)}", markup=False)
    if fmt is ChangeFormat.json:
        from ..export import to_json

        write_output(to_json({"schema_version": 1, **change.to_dict()}), None)
    else:
        write_output(change_text(change, lang), None)


@codes_app.command("rename")
@handled
def rename(
    old: str = typer.Argument(..., metavar="OLD", help="The code's id, e.g. kendala.sdm_kurang."),
    new: str = typer.Argument(..., metavar="NEW", help="Its new id (another parent moves it too)."),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    project: Path | None = project_option(),
    fmt: ChangeFormat = _format_option(),
    lang: Lang = _lang_option(),
) -> None:
    """Give a code (and its child codes) a new id in codebook.yaml and in every coding, decision and memo."""
    from ..codes import rename_code
    from ..project import open_project

    _emit(rename_code(open_project(project), old, new, dry_run=dry_run), fmt, lang.value)


@codes_app.command("merge")
@handled
def merge(
    codes: list[str] = typer.Argument(..., metavar="SOURCE", help="Codes to merge (or: SOURCE... into TARGET)."),
    into: str = typer.Option(None, "--into", metavar="TARGET", help="The code they become."),
    no_fold: bool = typer.Option(False, "--no-fold", help="Do not add the sources' rules and examples to the target."),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    project: Path | None = project_option(),
    fmt: ChangeFormat = _format_option(),
    lang: Lang = _lang_option(),
) -> None:
    """Make the codings of SOURCE codes codings of TARGET and take the sources out of codebook.yaml.

    Duplicates (same range and coder) collapse into one, memos joined. The sources' rules
    and examples are added to the target unless --no-fold.
    """
    from ..codes import merge_codes
    from ..project import open_project

    sources = list(codes)
    if into is None and len(sources) >= 3 and sources[-2].lower() == "into":
        sources, into = sources[:-2], sources[-1]
    if into is None or not sources:
        raise typer.BadParameter(t("codes.merge_into", lang.value), param_hint="--into")
    change = merge_codes(open_project(project), sources, into, dry_run=dry_run, fold=not no_fold)
    _emit(change, fmt, lang.value)


@codes_app.command("move")
@handled
def move(
    code: str = typer.Argument(..., metavar="CODE", help="The code to move, with its child codes."),
    to: str = typer.Option(None, "--to", metavar="PARENT", help="Its new parent code."),
    to_root: bool = typer.Option(False, "--to-root", help="Make it a top-level category (it keeps its role)."),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    project: Path | None = project_option(),
    fmt: ChangeFormat = _format_option(),
    lang: Lang = _lang_option(),
) -> None:
    """Put a code under another parent; its id becomes PARENT.<last part>, and its codings follow."""
    from ..codes import move_code
    from ..project import open_project

    if (to is None) != to_root:
        raise typer.BadParameter(t("codes.move_to", lang.value), param_hint="--to")
    _emit(move_code(open_project(project), code, None if to_root else to, dry_run=dry_run), fmt, lang.value)
