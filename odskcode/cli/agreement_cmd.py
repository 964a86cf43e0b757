"""``odskcode agreement``: inter-coder agreement per code, pooled and averaged, and the disagreements."""

from __future__ import annotations

import math
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand

from ..i18n import MESSAGES, default_lang, t
from .app import Lang, app, handled, stdout, write_output

# The --project option of project_cmd.project_option, repeated here: importing project_cmd from this module
# would register its commands before analyze and change the order of ``odskcode --help``.
PROJECT_HELP = "Project folder (default: $ODSKCODE_PROJECT, else the nearest folder upward with odskcode.yaml)."

GREEDY = ("--coders", "--codes")


def expand_greedy(args: list[str]) -> list[str]:
    """``--coders A B C`` → ``--coders A --coders B --coders C``: the values run up to the next option."""
    out: list[str] = []
    current: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        if arg.startswith("-") and len(arg) > 1:
            name = arg.split("=", 1)[0]
            current = name if name in GREEDY else None
            out.append(arg)
            if current and "=" in arg:
                out[-1] = current
                out.append(arg.split("=", 1)[1])
            continue
        if current is not None and out[-1] != current:
            out.append(current)
        out.append(arg)
    return out


class GreedyListCommand(TyperCommand):
    """A command whose ``--coders`` and ``--codes`` take several values after one flag."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, expand_greedy(args))


class AgreementUnit(str, Enum):
    segment = "segment"
    character = "character"


class AgreementFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class AgreementTable(str, Enum):
    codes = "codes"
    overall = "overall"
    sources = "sources"
    disagreements = "disagreements"


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@app.command(cls=GreedyListCommand)
@handled
def agreement(
    coders: list[str] = typer.Option(
        None, "--coders", metavar="NAME...", help="Two or more coders to compare: --coders ani budi [sari ...]."
    ),
    unit: AgreementUnit = typer.Option(
        AgreementUnit.segment, "--unit", help="segment (the project's unit) or character (NVivo's definition)."
    ),
    codes: list[str] = typer.Option(
        None, "--codes", metavar="CODE...", help="Only these codes (default: every code one of the coders used)."
    ),
    all_codes: bool = typer.Option(
        False, "--all-codes", help="Also list the codebook's codes nobody used (their statistics are undefined)."
    ),
    fmt: AgreementFormat = typer.Option(AgreementFormat.table, "--format", "-f", help="table, json, csv or markdown."),
    table: AgreementTable = typer.Option(
        None,
        "--table",
        "-t",
        help="Only this table: codes, overall, sources (character unit) or disagreements (csv: default codes).",
    ),
    show: int = typer.Option(30, "--show", metavar="N", help="Disagreements listed in the table (0: none, -1: all)."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the output to this file."),
    project: Path | None = typer.Option(None, "--project", "-p", metavar="DIR", help=PROJECT_HELP),
    lang: Lang = typer.Option(
        None, "--lang", envvar="ODSKCODE_LANG", help="Language of labels and notes (default: project's)."
    ),
) -> None:
    """Inter-coder agreement: percent agreement, Cohen's kappa (two coders) and Krippendorff's alpha.

    Per code, pooled over (unit, code) pairs and as the mean over codes, with the segments where
    the coders disagree. Formulas, units and undefined cases: docs/agreement.md.

    Example: odskcode agreement --coders ani budi --unit character --format json
    """
    from ..agreement import project_agreement, report_to_dict
    from ..export import to_json
    from ..project import open_project

    names = list(dict.fromkeys(_split(coders)))
    language = lang.value if lang else default_lang()
    if len(names) < 2:
        raise typer.BadParameter(t("ag.usage_coders", language), param_hint="'--coders'")
    if table is AgreementTable.sources and unit is not AgreementUnit.character:
        raise typer.BadParameter(t("ag.usage_sources", language), param_hint="'--table'")
    proj = open_project(project)
    report = project_agreement(
        proj,
        names,
        unit=unit.value,
        codes=_split(codes) or None,
        all_codes=all_codes,
        lang=lang.value if lang else None,
    )
    if fmt is AgreementFormat.json:
        write_output(to_json(report_to_dict(report)), output)
        return
    if fmt is AgreementFormat.csv:
        from .render import frame_csv

        write_output(frame_csv(_machine_table(report, table or AgreementTable.codes)), output)
        return
    if fmt is AgreementFormat.markdown:
        write_output(_markdown(report, table), output)
        return
    if output is None:
        console = stdout()
        console.print(_renderable(report, table, show, console.width))
    else:
        from .render import render_to_text

        write_output(render_to_text(_renderable(report, table, show, 200)), output)


# --------------------------------------------------------------------------- rendering
def _machine_table(report: Any, which: AgreementTable) -> Any:
    import pandas as pd

    if which is AgreementTable.codes:
        return report.per_code
    if which is AgreementTable.sources:
        return report.per_source
    if which is AgreementTable.disagreements:
        return report.disagreements
    rows = [{"scope": "pooled", **_flat(report.pooled)}, {"scope": "mean", **_flat(report.mean)}]
    columns = ["scope", "units", "pairable", "agreements", "percent_agreement", "cohen_kappa",
               "krippendorff_alpha", "codes", "note"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _flat(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if not isinstance(v, dict)}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _percent(value: Any) -> str:
    return "—" if _missing(value) else f"{100 * float(value):.1f}%"


def _decimal(value: Any) -> str:
    return "—" if _missing(value) else f"{float(value):.3f}"


def _count(value: Any) -> str:
    return "" if _missing(value) else f"{value:,}".replace(",", " ")


def _shown(frame: Any, report: Any, kind: str, compact: bool = False) -> Any:
    """``frame`` with formatted numbers and headers in the report's language (``compact``: short headers)."""
    lang = report.lang
    shown = frame.copy()
    for column in shown.columns:
        if column == "percent_agreement":
            shown[column] = shown[column].map(_percent)
        elif column in ("cohen_kappa", "krippendorff_alpha", "cohen_kappa_source_mean"):
            shown[column] = shown[column].map(_decimal)
        elif column in ("units", "pairable", "agreements", "characters"):
            shown[column] = shown[column].map(_count)
    headers = {}
    prefix = "ag.hs" if compact else "ag.h"
    for column in shown.columns:
        key = f"{prefix}.units.{report.unit}" if column == "units" else f"{prefix}.{column}"
        headers[column] = t(key if key in MESSAGES else f"ag.h.{column}", lang)
    return shown.rename(columns=headers)


def _overall_frame(report: Any) -> Any:
    import pandas as pd

    lang = report.lang
    rows = []
    for scope, figures in ((t(f"ag.pooled.{report.unit}", lang), report.pooled), (t("ag.mean", lang), report.mean)):
        rows.append(
            {
                "scope": scope,
                "percent_agreement": figures["percent_agreement"],
                "cohen_kappa": figures["cohen_kappa"],
                "krippendorff_alpha": figures["krippendorff_alpha"],
            }
        )
    return pd.DataFrame(rows, columns=["scope", "percent_agreement", "cohen_kappa", "krippendorff_alpha"])


def _title(report: Any) -> str:
    unit = t(f"ag.unit.{report.unit}", report.lang, segment_unit=report.segment_unit)
    return t("ag.title", report.lang, coders=", ".join(report.coders), unit=unit)


def _notes(report: Any) -> list[str]:
    lines = [f"{code}: {note}" for code, note in zip(report.per_code["code"], report.per_code["note"], strict=True)
             if isinstance(note, str) and note]  # fmt: skip
    if isinstance(report.pooled.get("note"), str):
        lines.append(f"{t(f'ag.pooled.{report.unit}', report.lang)}: {report.pooled['note']}")
    return lines + list(report.notes)


WRAPPED = {"label": 2, "text": 5, "note": 4, "coded_by": 1, "not_coded_by": 1, "segment": 1}


def frame_table(frame: Any, title: str, source: Any, compact: bool = False) -> Any:
    """A rich table: numbers right-aligned and never wrapped; labels and text wrap (``source``: column ids)."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(title), box=box.SIMPLE_HEAVY, expand=False)
    for column, key in zip(frame.columns, source.columns, strict=True):
        cells = [str(v) for v in frame[column].tolist()]
        longest_word = max([len(w) for v in cells for w in v.split()] + [1])
        if key in WRAPPED:  # labels and text wrap at words
            table.add_column(escape(str(column)), ratio=WRAPPED[key], min_width=min(max(longest_word, 8), 20))
        elif key in ("code", "transcript", "scope"):
            longest = max([len(v) for v in cells] + [6])
            table.add_column(escape(str(column)), overflow="fold", min_width=min(longest, 16 if compact else 32))
        else:  # numbers are never broken; their headers may wrap
            table.add_column(escape(str(column)), justify="right", min_width=max(len(v) for v in [*cells, "-"]))
    for record in frame.itertuples(index=False):
        table.add_row(*(escape("" if v is None else str(v)) for v in record))
    return table


def fitted_table(frame: Any, report: Any, kind: str, title: str, width: int) -> Any:
    """The table with full headers where it fits in ``width``, else without labels and with short headers."""
    from rich.console import Console
    from rich.measure import Measurement

    full = frame_table(_shown(frame, report, kind), title, frame)
    console = Console(width=width)
    if Measurement.get(console, console.options.update(max_width=10_000), full).minimum <= width:
        return full
    slim = frame.drop(columns=[c for c in ("label", "start", "end") if c in frame.columns])
    return frame_table(_shown(slim, report, kind, compact=True), title, slim, compact=True)


def _renderable(report: Any, which: AgreementTable | None, show: int, width: int) -> Any:
    from rich.console import Group
    from rich.text import Text

    lang = report.lang
    parts: list[Any] = [Text(_title(report), style="bold")]
    if which in (None, AgreementTable.codes):
        codes = report.per_code.drop(columns=["note"])
        parts.append(fitted_table(codes, report, "codes", t("ag.tt.codes", lang), width))
    if which in (None, AgreementTable.overall):
        overall = _overall_frame(report)
        parts.append(fitted_table(overall, report, "overall", t("ag.tt.overall", lang), width))
    if which is None or which is AgreementTable.codes or which is AgreementTable.overall:
        notes = _notes(report)
        if notes:
            parts.append(Text(t("ag.tt.notes", lang), style="bold"))
            parts.extend(Text(f"- {line}") for line in notes)
    if which is AgreementTable.sources:
        sources = report.per_source.drop(columns=["note"])
        parts.append(fitted_table(sources, report, "sources", t("ag.tt.sources", lang), width))
        notes = [
            f"{r.code} · {r.transcript}: {r.note}" for r in report.per_source.itertuples() if isinstance(r.note, str)
        ]
        if notes:
            parts.append(Text(t("ag.tt.notes", lang), style="bold"))
            parts.extend(Text(f"- {line}") for line in notes)
    if which is AgreementTable.disagreements or (which is None and show):
        frame = report.disagreements
        limit = len(frame) if which is AgreementTable.disagreements or show < 0 else show
        head = frame.head(limit)
        if report.unit == "segment":
            head = head.drop(columns=["start", "end"])
        title = t("ag.tt.disagreements", lang, shown=len(head), n=len(frame))
        parts.append(fitted_table(head, report, "disagreements", title, width))
    return Group(*parts)


def _markdown(report: Any, which: AgreementTable | None) -> str:
    from ..formats import frame_markdown

    lang = report.lang
    blocks = [f"**{_title(report)}**", ""]
    if which in (None, AgreementTable.codes):
        blocks += [frame_markdown(_shown(report.per_code.drop(columns=["note"]), report, "codes"))]
    if which in (None, AgreementTable.overall):
        blocks += [frame_markdown(_shown(_overall_frame(report), report, "overall"))]
    if which in (None, AgreementTable.codes, AgreementTable.overall):
        notes = _notes(report)
        if notes:
            blocks += [f"{t('ag.tt.notes', lang)}:", "", *(f"- {line}" for line in notes), ""]
    if which is AgreementTable.sources:
        blocks += [frame_markdown(_shown(report.per_source, report, "sources"))]
    if which is AgreementTable.disagreements:
        blocks += [frame_markdown(_shown(report.disagreements, report, "disagreements"))]
    return "\n".join(blocks).rstrip("\n") + "\n"
