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


class Anonymizer:
    """Replaces ids, transcript keys and listed names in any text, the same way for one summary."""

    def __init__(self, summary: Summary) -> None:
        self.informants, self.transcripts = pseudonyms(summary)
        self.mask = t("anon.name", summary.lang)
        names = [n for n in summary.names if n not in self.informants]
        self.names = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I) if names else None
        )
        self.swaps = {**self.informants, **self.transcripts}
        alternatives = "|".join(re.escape(k) for k in sorted(self.swaps, key=len, reverse=True))
        self.ids = re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)") if self.swaps else None

    def text(self, value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        if self.names is not None:
            value = self.names.sub(self.mask, value)
        if self.ids is not None:
            value = self.ids.sub(lambda m: self.swaps[m.group(1)], value)
        return value

    def informant(self, value: Any) -> Any:
        return self.informants.get(str(value), value) if value else value

    def transcript(self, value: Any) -> Any:
        return self.transcripts.get(str(value), value) if value else value

    def frame(self, data: pd.DataFrame) -> pd.DataFrame:
        out = data.copy()
        for column in out.columns:
            if column in ("informant", "quote_informant"):
                out[column] = out[column].map(self.informant)
            elif column in ("transcript", "quote_transcript"):
                out[column] = out[column].map(self.transcript)
            elif column in TEXT_COLUMNS or pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
                out[column] = out[column].map(self.text)
        return out


def anonymize(summary: Summary) -> Summary:
    """A copy of ``summary`` with pseudonyms for ids and transcripts, and names masked."""
    a = Anonymizer(summary)
    return replace(
        summary,
        findings=a.frame(summary.findings),
        matrix=a.frame(summary.matrix),
        segments=a.frame(summary.segments),
        sources=a.frame(summary.sources),
        counted=a.frame(summary.counted),
        judgements=a.frame(summary.judgements),
        names=[],
        segment_order={
            a.transcript(key): [(seg, a.informant(inf)) for seg, inf in segs]
            for key, segs in summary.segment_order.items()
        },
    )
