"""``odskcode evaluate``: auto-coding against a manual (gold) coding."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .analyze_cmd import Unit
from .app import app, handled, stdout, write_output


class EvalFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
@handled
def evaluate(
    gold: Path = typer.Option(..., "--gold", "-g", metavar="FILE", help="Manual coding in segments.csv columns."),
    paths: list[Path] = typer.Argument(
        None, metavar="[PATH]...", help="Transcripts (default: the gold file's folder)."
    ),
    codebook: str = typer.Option(None, "--codebook", "-c", metavar="FILE", help="Codebook (default: bundled ODSK)."),
    unit: Unit = typer.Option(Unit.turn, "--unit", help="Segment unit of the gold coding."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="table, json, or csv (disagreements)."),
    show: int = typer.Option(30, "--show", metavar="N", help="Disagreements to list in the table (0: none, -1: all)."),
) -> None:
    """Precision, recall and F1 of auto-coding per code and category, and valence agreement.

    Example: odskcode evaluate --gold sample_interviews/expected.csv
    """
    from ..evaluate import evaluate as run_evaluation
    from ..export import records, to_json
    from .render import frame_csv, frame_table

    result = run_evaluation(gold, paths or None, codebook=codebook, unit=unit.value)
    if fmt is EvalFormat.json:
        data = {
            "schema_version": 1,
            "overall": result.overall,
            "per_category": records(result.per_category),
            "per_code": records(result.per_code),
            "disagreements": records(result.disagreements),
        }
        write_output(to_json(data), None)
        return
    if fmt is EvalFormat.csv:
        write_output(frame_csv(result.disagreements), None)
        return
    console = stdout()
    o = result.overall

    def pct(value: object) -> str:
        return "—" if value is None else f"{float(value):.3f}"  # type: ignore[arg-type]

    console.print(
        f"[bold]{o['transcripts']} transcripts, {o['gold_units']} gold and {o['predicted_units']} auto codings[/]\n"
        f"category: micro P {pct(o['category_micro_precision'])} R {pct(o['category_micro_recall'])} "
        f"F1 {pct(o['category_micro_f1'])}, macro F1 {pct(o['category_macro_f1'])}\n"
        f"code:     micro P {pct(o['code_micro_precision'])} R {pct(o['code_micro_recall'])} "
        f"F1 {pct(o['code_micro_f1'])}, macro F1 {pct(o['code_macro_f1'])}\n"
        f"valence agreement: {pct(o['valence_agreement'])} over {o['valence_compared']} codings both made"
    )
    for title, frame in (("Per category", result.per_category), ("Per code", result.per_code)):
        shown = frame.copy()
        for column in ("precision", "recall", "f1"):
            shown[column] = shown[column].map(pct)
        console.print(frame_table(shown, title=title))
    if show:
        dis = result.disagreements if show < 0 else result.disagreements.head(show)
        cols = ["transcript", "segment", "code", "kind", "gold_valence", "auto_valence", "rule"]
        console.print(frame_table(dis[cols], title=f"Disagreements ({len(dis)} of {len(result.disagreements)})"))
