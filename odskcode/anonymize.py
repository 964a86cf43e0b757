"""Pseudonyms for informants and masked names, the same in every output of a run.

Interview informants become ``R01``, ``R02``… (in the order of their ids), observation
notes ``O01``…, documents ``D01``…, and transcripts ``T01``…; every whole-word
occurrence of an original id or transcript key in any text is replaced too. Names a
transcript lists in its metadata (``names: [Meiske, Frans]``) and speaker labels
(``Ibu Meiske``) are masked inside quotes and texts as ``[nama]`` / ``[name]``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pandas as pd

from .i18n import t
from .summary import Summary, natural_key

PREFIX = {"wawancara": "R", "observasi": "O", "dokumentasi": "D"}
TEXT_COLUMNS = ("text", "quote", "role", "memo")


def pseudonyms(summary: Summary) -> tuple[dict[str, str], dict[str, str]]:
    """(informant → pseudonym, transcript key → pseudonym), deterministic for a corpus."""
    sources = summary.sources
    informants: dict[str, str] = {}
    for source, prefix in PREFIX.items():
        ids = sorted({str(i) for i in sources.loc[sources["source"] == source, "informant"]}, key=natural_key)
        informants.update({inf: f"{prefix}{n:02d}" for n, inf in enumerate(ids, start=1)})
    keys = sorted({str(k) for k in sources["transcript"]}, key=natural_key)
    transcripts = {key: f"T{n:02d}" for n, key in enumerate(keys, start=1)}
    return informants, transcripts


def anonymize(summary: Summary) -> Summary:
    """A copy of ``summary`` with pseudonyms for ids and transcripts, and names masked."""
    informants, transcripts = pseudonyms(summary)
    mask = t("anon.name", summary.lang)
    names = [n for n in summary.names if n not in informants]
    pattern_names = (
        re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I) if names else None
    )
    swaps = {**informants, **transcripts}
    pattern_ids = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(swaps, key=len, reverse=True)) + r")(?!\w)"
    )

    def clean(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        if pattern_names is not None:
            value = pattern_names.sub(mask, value)
        return pattern_ids.sub(lambda m: swaps[m.group(1)], value)

    def frame(data: pd.DataFrame) -> pd.DataFrame:
        out = data.copy()
        for column in out.columns:
            if column in ("informant", "quote_informant"):
                out[column] = out[column].map(lambda v: informants.get(str(v), v) if v else v)
            elif column in ("transcript", "quote_transcript"):
                out[column] = out[column].map(lambda v: transcripts.get(str(v), v) if v else v)
            elif column in TEXT_COLUMNS or column in ("quote_role",) or out[column].dtype == object:
                out[column] = out[column].map(clean)
        return out

    return replace(
        summary,
        findings=frame(summary.findings),
        matrix=frame(summary.matrix),
        segments=frame(summary.segments),
        sources=frame(summary.sources),
        counted=frame(summary.counted),
        judgements=frame(summary.judgements),
        names=[],
    )
