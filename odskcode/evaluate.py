"""Measuring auto-coding against a manual (gold) coding.

Units are (transcript, segment, code) for codes and (transcript, segment, category)
for categories. Precision, recall and F1 per code and per category, micro (pooled)
and macro (mean over codes with gold or predicted units), the agreement on valence
where both coded the same unit, and every disagreement listed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .autocode import CompiledCodebook, code_transcript
from .codebook import load_codebook
from .errors import TranscriptError
from .i18n import msg
from .model import Codebook
from .transcripts import decode, read_corpus
from .transcripts import segments as make_segments

GOLD_REQUIRED = ("transcript", "segment", "code")


@dataclass
class Evaluation:
    per_code: pd.DataFrame
    per_category: pd.DataFrame
    overall: dict[str, Any]
    disagreements: pd.DataFrame


@dataclass(frozen=True)
class GoldRow:
    transcript: str
    segment: str
    code: str
    valence: str
    line: int


def read_gold(path: str | Path, codebook: Codebook) -> list[GoldRow]:
    """Gold codings in ``segments.csv`` columns (``transcript``, ``segment``, ``code`` at least)."""
    path = Path(path)
    if not path.is_file():
        raise TranscriptError(msg("tr.not_found"), file=path)
    text = decode(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    for column in GOLD_REQUIRED:
        if column not in header:
            raise TranscriptError(msg("ev.missing_column", column=column), file=path, line=1)
    rows: list[GoldRow] = []
    for line, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        if row["code"] not in codebook.codes:
            raise TranscriptError(msg("ev.unknown_code", code=row["code"]), file=path, line=line)
        rows.append(GoldRow(row["transcript"], row["segment"], row["code"], row.get("valence") or "", line))
    return rows


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if (tp + fp) and (tp + fn) else None)
    return p, r, f


def _scores(gold: set[tuple[str, str, str]], pred: set[tuple[str, str, str]], keys: list[str]) -> pd.DataFrame:
    rows = []
    for key in keys:
        g = {u for u in gold if u[2] == key}
        p = {u for u in pred if u[2] == key}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        if not (tp or fp or fn):
            continue
        precision, recall, f1 = _prf(tp, fp, fn)
        rows.append(
            {
                "id": key,
                "support": len(g),
                "predicted": len(p),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        )
    return pd.DataFrame(rows, columns=["id", "support", "predicted", "tp", "fp", "fn", "precision", "recall", "f1"])


def _overall(gold: set[Any], pred: set[Any], table: pd.DataFrame, prefix: str) -> dict[str, Any]:
    tp, fp, fn = len(gold & pred), len(pred - gold), len(gold - pred)
    p, r, f = _prf(tp, fp, fn)
    f1s = [v for v in table["f1"].tolist() if v is not None and not pd.isna(v)]
    return {
        f"{prefix}_micro_precision": p,
        f"{prefix}_micro_recall": r,
        f"{prefix}_micro_f1": f,
        f"{prefix}_macro_f1": sum(f1s) / len(f1s) if f1s else None,
    }


def evaluate(
    gold: str | Path,
    paths: Iterable[str | Path] | None = None,
    codebook: Codebook | str | Path | None = None,
    unit: str = "turn",
) -> Evaluation:
    """Auto-code the transcripts of a gold coding and compare (see the module docstring).

    ``paths`` defaults to the folder of the gold file.
    """
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    gold_rows = read_gold(gold, cb)
    corpus = read_corpus(list(paths) if paths else [Path(gold).parent])
    by_key = corpus.by_key()
    seg_ids: dict[str, dict[str, Any]] = {}
    for tr in corpus.transcripts:
        seg_ids[tr.key] = {s.id: s for s in make_segments(tr, unit)}
    for row in gold_rows:
        if row.transcript not in by_key:
            raise TranscriptError(msg("ev.unknown_transcript", key=row.transcript), file=gold, line=row.line)
        if row.segment not in seg_ids[row.transcript]:
            raise TranscriptError(
                msg("ev.unknown_segment", key=row.transcript, segment=row.segment), file=gold, line=row.line
            )
    gold_keys = {r.transcript for r in gold_rows}
    cc = CompiledCodebook(cb)
    predicted: dict[tuple[str, str, str], tuple[str, str]] = {}
    for tr in corpus.transcripts:
        if tr.key not in gold_keys:
            continue
        for c in code_transcript(tr, cc, unit):
            predicted[(c.transcript, c.segment, c.code)] = (c.valence, c.rule)
    gold_units = {(r.transcript, r.segment, r.code): r.valence for r in gold_rows}
    g, p = set(gold_units), set(predicted)
    per_code = _scores(g, p, list(cb.codes))

    def cat(units: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        return {(t, s, c.split(".", 1)[0]) for t, s, c in units}

    gc, pc = cat(g), cat(p)
    per_category = _scores(gc, pc, [c.id for c in cb.categories()])
    both = [u for u in g & p if gold_units[u]]
    agree = sum(1 for u in both if gold_units[u] == predicted[u][0])
    overall = {
        "transcripts": len(gold_keys),
        "gold_units": len(g),
        "predicted_units": len(p),
        **_overall(g, p, per_code, "code"),
        **_overall(gc, pc, per_category, "category"),
        "valence_compared": len(both),
        "valence_agreement": agree / len(both) if both else None,
    }
    rows = []
    for u in sorted(g | p):
        kind = "missed" if u not in p else "extra" if u not in g else None
        if kind is None and gold_units[u] and gold_units[u] != predicted[u][0]:
            kind = "valence"
        if kind is None:
            continue
        seg = seg_ids[u[0]][u[1]]
        rows.append(
            {
                "transcript": u[0],
                "segment": u[1],
                "code": u[2],
                "kind": kind,
                "gold_valence": gold_units.get(u, ""),
                "auto_valence": predicted.get(u, ("", ""))[0],
                "rule": predicted.get(u, ("", ""))[1],
                "text": seg.text,
            }
        )
    columns = ["transcript", "segment", "code", "kind", "gold_valence", "auto_valence", "rule", "text"]
    return Evaluation(per_code, per_category, overall, pd.DataFrame(rows, columns=columns))
