"""``odskcode explain``: why one segment got the codes it got."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .analyze_cmd import Unit
from .app import app, handled, stdout
from .project_cmd import project_option

REASONS = {
    "unless": "inside an 'unless' phrase",
    "negated": "negated obstacle",
    "min_hits": "too few hits (min_hits)",
    "not_with": "dropped by not_with",
}


@app.command()
@handled
def explain(
    transcript: str = typer.Argument(..., metavar="TRANSCRIPT", help="A transcript file, or a project transcript key."),
    segment: str = typer.Argument(..., metavar="SEGMENT", help="Segment id, e.g. t003."),
    codebook: str = typer.Option(
        None, "--codebook", "-c", metavar="FILE", help="For a file: the codebook (default: bundled ODSK)."
    ),
    unit: Unit = typer.Option(None, "--unit", help="For a file: segment unit (default turn; a project's own)."),
    project: Path | None = project_option(),
) -> None:
    """Show which rule of which code fired on which words, which cues set the valence,
    and which rules almost fired but were excluded.

    Examples: odskcode explain sample_interviews/I03.md t006 · odskcode explain I03.md t006 (in a project)
    """
    from ..autocode import explain_segment
    from ..errors import OdskcodeError
    from ..i18n import msg

    if Path(transcript).is_file():
        from ..codebook import load_codebook
        from ..transcripts import parse_transcript, read_corpus

        path = Path(transcript)
        tr = read_corpus([path]).transcripts[0] if path.suffix else parse_transcript(path)
        cb = load_codebook(codebook)
        chosen = (unit or Unit.turn).value
    else:
        from ..project import load_corpus, open_project

        proj = open_project(project)
        tr = load_corpus(proj, [transcript]).transcripts[0]
        cb = proj.codebook()
        chosen = unit.value if unit else proj.settings.unit
    try:
        result = explain_segment(tr, segment, cb, chosen)
    except KeyError:
        raise OdskcodeError(
            msg("ex.unknown_segment", key=tr.key, segment=segment, unit=chosen),
            hint=msg("ex.unknown_segment_hint", key=tr.key),
        ) from None
    render_explanation(result, tr.text)


def render_explanation(result: Any, text: str) -> None:
    console = stdout()
    seg = result.segment
    body = Text(text[seg.start : seg.end])
    for c in result.codes:
        for h in c.hits:
            body.stylize("bold underline green", h.start - seg.start, h.end - seg.start)
    for cue in result.cues:
        body.stylize("bold blue" if cue.polarity > 0 else "bold red", cue.start - seg.start, cue.end - seg.start)
    console.print(Text(f"{seg.transcript} {seg.id} — {seg.informant}", style="bold"))
    if seg.question:
        console.print(Text(f"Q: {seg.question}", style="dim"))
    console.print(body)
    table = Table(title="Codes", show_lines=True)
    for column in ("code", "rule", "words", "valence", "cues"):
        table.add_column(column, overflow="fold")
    for c in result.codes:
        rules = "\n".join(escape(h.rule) for h in c.hits)
        words = "\n".join(escape(text[h.start : h.end]) for h in c.hits)
        if c.fixed:
            cues = "fixed by valence.by_role"
        else:
            cues = (
                ", ".join(
                    f"{cue.word} {'+' if cue.polarity > 0 else '−'}"
                    + (f" (flipped by {cue.negated_by})" if cue.negated_by else "")
                    for cue in c.cues
                )
                or "none"
            )
        table.add_row(escape(c.code), rules, words, c.valence, escape(cues))
    if result.codes:
        console.print(table)
    else:
        console.print("No code fired on this segment.")
    if result.excluded:
        near = Table(title="Almost fired (excluded)")
        for column in ("code", "rule", "words", "why"):
            near.add_column(column, overflow="fold")
        for ex in result.excluded:
            why = REASONS.get(ex.reason, ex.reason) + (f": {ex.detail}" if ex.detail else "")
            near.add_row(escape(ex.code), escape(ex.rule), escape(text[ex.start : ex.end]), escape(why))
        console.print(near)
