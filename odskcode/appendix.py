"""Coded transcripts for a thesis appendix (lampiran): every turn with its codes beside it.

:func:`coded_transcripts` returns one DataFrame row per turn (interviewer turns
included, uncoded); :func:`appendix_markdown`, :func:`appendix_html` and
:func:`write_appendix_docx` render it. With ``anonymize`` the ids, transcript keys
and listed names are replaced as in every other output.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from .i18n import t
from .model import Corpus
from .summary import Summary
from .transcripts import segments as make_segments

APPENDIX_COLUMNS = ["transcript", "informant", "role", "segment", "speaker", "text", "codes"]
MARK = {"positif": "+", "negatif": "−", "netral": "○"}


def coded_transcripts(corpus: Corpus, summary: Summary, anonymize: bool = False) -> pd.DataFrame:
    """One row per turn (or per segment, for notes and documents) with the codes that count on it."""
    from .anonymize import Anonymizer

    anon = Anonymizer(summary) if anonymize else None
    codes: dict[tuple[str, str], list[str]] = {}
    for row in summary.counted.itertuples(index=False):
        label = (
            summary.codebook.codes[str(row.code)].name(summary.lang) if row.code in summary.codebook.codes else row.code
        )
        codes.setdefault((str(row.transcript), str(row.segment)), []).append(
            f"{label!s} ({MARK.get(str(row.valence), '')})"
        )
    rows: list[dict[str, Any]] = []
    for tr in corpus.transcripts:
        by_turn: dict[int, list[Any]] = {}
        for seg in make_segments(tr, summary.unit):
            by_turn.setdefault(seg.turn, []).append(seg)
        for index, turn in enumerate(tr.turns):
            segs = by_turn.get(index, [])
            said = tr.text[turn.start : turn.end]
            seg_ids = ", ".join(s.id for s in segs)
            turn_codes = [c for s in segs for c in codes.get((tr.key, s.id), [])]
            meta = tr.informant_meta(turn.informant) if turn.informant else {}
            rows.append(
                {
                    "transcript": tr.key,
                    "informant": turn.informant or "",
                    "role": str(meta.get("role", "") or ""),
                    "segment": seg_ids,
                    "speaker": turn.speaker or "",
                    "text": said,
                    "codes": "; ".join(dict.fromkeys(turn_codes)),
                }
            )
    frame = pd.DataFrame(rows, columns=APPENDIX_COLUMNS)
    if anon is not None:
        speakers = [
            anon.informant(i) if i else anon.text(sp)
            for i, sp in zip(frame["informant"], frame["speaker"], strict=True)
        ]
        frame = anon.frame(frame)
        frame["speaker"] = speakers  # an informant's label becomes their pseudonym
    return frame


def appendix_markdown(frame: pd.DataFrame, lang: str) -> str:
    out: list[str] = []
    for key, part in frame.groupby("transcript", sort=False):
        out.append(f"## {t('ap.transcript', lang)} {key!s}\n")
        for r in part.itertuples(index=False):
            segment, speaker_label, text, found = str(r.segment), str(r.speaker), str(r.text), str(r.codes)
            if not segment:
                out.append(f"*{speaker_label}:* {text}\n")
                continue
            speaker = f"**{speaker_label}**" if speaker_label else ""
            line = f"`{segment}` {speaker}{': ' if speaker else ''}{text}"
            if found:
                line += f"  \n> {t('ap.codes', lang)}: {found}"
            out.append(line + "\n")
    return "\n".join(out)


def appendix_html(frame: pd.DataFrame, lang: str, title: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}"
        "table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ccc;padding:.3rem;"
        "vertical-align:top;text-align:left}td.q{color:#666}td.c{width:28%;color:#1b5e20}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for key, part in frame.groupby("transcript", sort=False):
        parts.append(f"<h2>{html.escape(t('ap.transcript', lang))} {html.escape(str(key))}</h2>")
        parts.append(
            f"<table><thead><tr><th>{html.escape(t('ap.segment', lang))}</th><th>{html.escape(t('ap.text', lang))}</th>"
            f"<th>{html.escape(t('ap.codes', lang))}</th></tr></thead><tbody>"
        )
        for r in part.itertuples(index=False):
            css = "" if r.segment else ' class="q"'
            speaker = f"<b>{html.escape(str(r.speaker))}:</b> " if r.speaker else ""
            parts.append(
                f"<tr><td>{html.escape(str(r.segment))}</td><td{css}>{speaker}{html.escape(str(r.text))}</td>"
                f'<td class="c">{html.escape(str(r.codes))}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_appendix_docx(frame: pd.DataFrame, lang: str, title: str, path: Path) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title, level=1)
    for key, part in frame.groupby("transcript", sort=False):
        document.add_heading(f"{t('ap.transcript', lang)} {key!s}", level=2)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (t("ap.segment", lang), t("ap.text", lang), t("ap.codes", lang)), strict=True
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for r in part.itertuples(index=False):
            cells = table.add_row().cells
            cells[0].text = str(r.segment)
            cells[1].text = f"{r.speaker!s}: {r.text!s}" if r.speaker else str(r.text)
            cells[2].text = str(r.codes)
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
                    run.italic = not r.segment
    from .docx_util import page_numbers

    page_numbers(document)
    document.save(str(path))
