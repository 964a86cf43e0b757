"""Inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's alpha (nominal).

Three layers, each usable on its own:

- pure statistics on *reliability data*, a units × coders table whose cells are the value a
  coder gave a unit or missing, with an optional weight per unit (:func:`percent_agreement`,
  :func:`cohen_kappa`, :func:`krippendorff_alpha_nominal`, :func:`agreement_statistics`);
- :func:`reliability_data`, which turns coders' codings into such data, one binary variable
  per code, at segment level or at character level (NVivo's definition);
- :func:`project_agreement`, what ``odskcode agreement`` calls: an :class:`AgreementReport`
  with the figures per code, pooled over (unit, code) pairs and averaged over codes, the
  figures per transcript at character level, and the units where coders disagree.

docs/agreement.md gives every formula, the units and the cases where a statistic is undefined.
Nothing here prints.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from .errors import ProjectError
from .i18n import Msg, msg
from .model import Coding, Corpus, Segment

if TYPE_CHECKING:
    from .project import Project

UNITS = ("segment", "character")
STATISTICS = ("percent_agreement", "cohen_kappa", "krippendorff_alpha")
AUTO = "auto"
MISSING = -1


# --------------------------------------------------------------------------- statistics
@dataclass
class Statistics:
    """The three statistics of one set of reliability data, with the reason for each undefined one.

    ``units``: units with at least one value; ``pairable``: units with values from at least
    two coders (the units compared); ``agreements``: pairable units on which every coder gave
    the same value. All three are sums of unit weights. ``undefined`` maps a statistic to
    ``"no_pairable"``, ``"two_coders"`` or ``"constant"`` (every value compared is ``constant``).
    """

    units: float
    pairable: float
    agreements: float
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    undefined: dict[str, str] = field(default_factory=dict)
    constant: Any = None

    def value(self, name: str) -> float | None:
        value: float | None = getattr(self, name)
        return value


def encode(data: Any) -> tuple[np.ndarray, list[Any]]:
    """Reliability data (units × coders; ``None``/NaN missing) as value indices, ``-1`` for missing."""
    frame = pd.DataFrame(data)
    flat = pd.Series(frame.to_numpy(dtype=object).ravel(), dtype=object)
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64).reshape(frame.shape), list(uniques)


def _weights(n: int, weights: Any) -> np.ndarray:
    if weights is None:
        return np.ones(n, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if len(w) != n:
        raise ValueError(f"{len(w)} weights for {n} units")
    if (w < 0).any():
        raise ValueError("unit weights must not be negative")
    return w


def statistics_of_codes(codes: np.ndarray, weights: Any = None, values: Sequence[Any] | None = None) -> Statistics:
    """:class:`Statistics` of value indices (units × coders, ``-1`` missing) with unit ``weights``.

    Units with the same values are merged first (their weights added), so the work depends on
    the number of distinct value patterns, not on the number of units.
    """
    codes = np.asarray(codes, dtype=np.int64)
    if codes.ndim != 2:
        raise ValueError("reliability data must be a units × coders table")
    n_coders = codes.shape[1]
    w = _weights(codes.shape[0], weights)
    keep = w > 0
    codes, w = codes[keep], w[keep]
    if len(codes):
        codes, inverse = np.unique(codes, axis=0, return_inverse=True)
        w = np.bincount(inverse.reshape(-1), weights=w, minlength=len(codes))
    n_values = int(codes.max()) + 1 if codes.size and codes.max() >= 0 else 1
    counts = np.zeros((len(codes), n_values), dtype=np.float64)  # units × values: how many coders gave each
    for j in range(n_coders):
        rows = np.nonzero(codes[:, j] >= 0)[0]
        np.add.at(counts, (rows, codes[rows, j]), 1.0)
    m = counts.sum(axis=1)
    pair = m >= 2
    c, wp, mp = counts[pair], w[pair], m[pair]
    units = float(w[m >= 1].sum())
    pairable = float(wp.sum())
    agreements = float(wp[c.max(axis=1) == mp].sum()) if len(c) else 0.0
    undefined: dict[str, str] = {}
    constant: Any = None
    pa: float | None = None
    alpha: float | None = None
    kappa: float | None = None
    if pairable == 0:
        undefined["percent_agreement"] = undefined["krippendorff_alpha"] = "no_pairable"
    else:
        # mean over units of the share of agreeing ordered pairs of values (Fleiss's P-bar)
        pa = float((wp * (c * (c - 1)).sum(axis=1) / (mp * (mp - 1))).sum() / pairable)
        # coincidences o_ck = sum_u w_u * n_uc * (n_uk - [c == k]) / (m_u - 1)
        f = wp / (mp - 1)
        o = (c * f[:, None]).T @ c - np.diag((c * f[:, None]).sum(axis=0))
        n_c = o.sum(axis=1)
        n = float(n_c.sum())
        present = np.nonzero(n_c > 0)[0]
        if len(present) < 2:
            undefined["krippendorff_alpha"] = "constant"
            constant = int(present[0])
        else:
            observed = n - float(np.trace(o))  # sum of o_ck over c != k
            expected = (n * n - float((n_c * n_c).sum())) / (n - 1)  # sum of n_c n_k / (n - 1) over c != k
            alpha = 1.0 - observed / expected
    if n_coders != 2:
        undefined["cohen_kappa"] = "two_coders"
    else:
        both = (codes[:, 0] >= 0) & (codes[:, 1] >= 0)
        table = np.zeros((n_values, n_values), dtype=np.float64)
        np.add.at(table, (codes[both, 0], codes[both, 1]), w[both])
        total = float(table.sum())
        rows_sum, cols_sum = table.sum(axis=1), table.sum(axis=0)
        if total == 0:
            undefined["cohen_kappa"] = "no_pairable"
        elif ((rows_sum == total) & (cols_sum == total)).any():
            undefined["cohen_kappa"] = "constant"
            constant = int(np.argmax(rows_sum))
        else:
            chance = float(rows_sum @ cols_sum)  # N^2 * p_e
            kappa = (total * float(np.trace(table)) - chance) / (total * total - chance)
    if constant is not None and values is not None:
        constant = values[constant]
    return Statistics(units, pairable, agreements, pa, kappa, alpha, undefined, constant)


def agreement_statistics(data: Any, weights: Any = None) -> Statistics:
    """Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) of reliability data.

    ``data``: units × coders (a list of rows, an array or a DataFrame), any hashable values,
    ``None`` or NaN where a coder gave a unit no value. ``weights``: how many units each row
    stands for (default 1 each); a row of weight 3 counts exactly as three equal rows.
    """
    codes, uniques = encode(data)
    return statistics_of_codes(codes, weights, uniques)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def percent_agreement(data: Any, weights: Any = None) -> float:
    """Mean over units coded by two or more coders of the share of coder pairs that agree; NaN if none."""
    return _nan(agreement_statistics(data, weights).percent_agreement)


def cohen_kappa(rater_a: Any, rater_b: Any, weights: Any = None) -> float:
    """Cohen's kappa of two coders over the units both coded; NaN where undefined (p_e = 1 or no unit)."""
    a, b = list(rater_a), list(rater_b)
    if len(a) != len(b):
        raise ValueError(f"{len(a)} and {len(b)} values: the coders must rate the same units")
    return _nan(agreement_statistics(list(zip(a, b, strict=True)), weights).cohen_kappa)


def krippendorff_alpha_nominal(data: Any, weights: Any = None) -> float:
    """Krippendorff's alpha for nominal data, units × coders with missing values; NaN where undefined."""
    return _nan(agreement_statistics(data, weights).krippendorff_alpha)


# --------------------------------------------------------------------------- reliability data
@dataclass
class ReliabilityData:
    """Coders' codings as one binary variable per code.

    ``units`` has one row per (unit, code): ``transcript``, ``segment``, ``start``, ``end``,
    ``code`` and ``weight`` (1 per segment; the number of characters of a run at character
    level). ``values`` holds, for each row and coder (in ``coders`` order), 1.0 where the coder
    gave the code, 0.0 where the coder saw the unit without giving it, NaN where the coder
    never saw it.
    """

    coders: list[str]
    unit: str
    codes: list[str]
    units: pd.DataFrame
    values: np.ndarray
    sources: dict[str, int] = field(default_factory=dict)  # transcript -> characters (character level)

    def codes_matrix(self) -> np.ndarray:
        """``values`` as value indices for :func:`statistics_of_codes` (0, 1, and -1 for missing)."""
        return np.where(np.isnan(self.values), MISSING, self.values).astype(np.int64)


UNIT_COLUMNS = ["transcript", "segment", "start", "end", "code", "weight"]


def _locate(segs: list[Segment], starts: list[int], position: int) -> int | None:
    i = bisect.bisect_right(starts, position) - 1
    if i >= 0 and segs[i].start <= position < segs[i].end:
        return i
    return None


def _used_codes(codings: Iterable[Coding], coders: Sequence[str]) -> list[str]:
    wanted = set(coders)
    return sorted({c.code for c in codings if c.coder in wanted})


def reliability_data(
    corpus: Corpus,
    codings: Iterable[Coding],
    coders: Sequence[str],
    codes: Sequence[str] | None = None,
    unit: str = "segment",
    segment_unit: str = "turn",
    reviewed: Iterable[tuple[str, str, str]] = (),
) -> ReliabilityData:
    """Reliability data of ``coders`` for each of ``codes`` (default: the codes they used).

    ``reviewed`` holds (coder, transcript, segment) of the coders' decisions: a decision marks
    the segment as seen. A coder *saw* a segment when they coded anything on it or made a
    decision on it; ``auto`` saw every segment of a transcript it coded.

    ``unit="segment"``: a unit is a segment (of ``segment_unit``) that at least one coder saw;
    a coding counts on the segment its ``segment`` names, else on the one holding its start.
    ``unit="character"`` (NVivo): units are the characters of each transcript a coder saw,
    1 inside one of the coder's codings of the code; stored as runs of equal values.
    """
    if unit not in UNITS:
        raise ProjectError(msg("ag.bad_unit", value=unit, units=", ".join(UNITS)))
    from .transcripts import segments as make_segments

    coders = list(coders)
    index = {name: j for j, name in enumerate(coders)}
    codings = [c for c in codings if c.coder in index]
    code_list = list(codes) if codes is not None else _used_codes(codings, coders)
    by_key = corpus.by_key()
    codings = [c for c in codings if c.transcript in by_key]
    segs = {tr.key: make_segments(tr, segment_unit) for tr in corpus.transcripts}
    starts = {key: [s.start for s in ss] for key, ss in segs.items()}
    if unit == "segment":
        return _segment_data(corpus, codings, coders, code_list, segs, starts, reviewed)
    return _character_data(corpus, codings, coders, code_list, segs, starts, reviewed)


def _segment_data(
    corpus: Corpus,
    codings: list[Coding],
    coders: list[str],
    codes: list[str],
    segs: dict[str, list[Segment]],
    starts: dict[str, list[int]],
    reviewed: Iterable[tuple[str, str, str]],
) -> ReliabilityData:
    index = {name: j for j, name in enumerate(coders)}
    offset: dict[str, int] = {}
    all_segments: list[Segment] = []
    for tr in corpus.transcripts:
        offset[tr.key] = len(all_segments)
        all_segments.extend(segs[tr.key])
    by_id = {(s.transcript, s.id): i for i, s in enumerate(all_segments)}
    seen = np.zeros((len(all_segments), len(coders)), dtype=bool)
    coded: dict[str, set[tuple[int, int]]] = {code: set() for code in codes}
    for c in codings:
        j = index[c.coder]
        i = by_id.get((c.transcript, c.segment))
        if i is None:
            local = _locate(segs[c.transcript], starts[c.transcript], c.start)
            if local is None:
                continue  # outside every segment (e.g. in an interviewer turn)
            i = offset[c.transcript] + local
        seen[i, j] = True
        if c.code in coded:
            coded[c.code].add((i, j))
        if c.coder == AUTO:
            first = offset[c.transcript]
            seen[first : first + len(segs[c.transcript]), j] = True
    for coder, key, segment in reviewed:
        i = by_id.get((key, segment))
        if coder in index and i is not None:
            seen[i, index[coder]] = True
    rows = np.nonzero(seen.any(axis=1))[0]
    position = {int(i): p for p, i in enumerate(rows)}
    base = np.where(seen[rows], 0.0, np.nan)
    blocks = []
    for code in codes:
        block = base.copy()
        for i, j in coded[code]:
            block[position[i], j] = 1.0
        blocks.append(block)
    values = np.vstack(blocks) if blocks else np.zeros((0, len(coders)))
    picked = [all_segments[i] for i in rows]
    units = pd.DataFrame(
        {
            "transcript": [s.transcript for s in picked] * len(codes),
            "segment": [s.id for s in picked] * len(codes),
            "start": [s.start for s in picked] * len(codes),
            "end": [s.end for s in picked] * len(codes),
            "code": [code for code in codes for _ in picked],
            "weight": [1] * (len(picked) * len(codes)),
        },
        columns=UNIT_COLUMNS,
    ).astype({"start": "int64", "end": "int64", "weight": "int64"})
    return ReliabilityData(coders, "segment", codes, units, values)


def _character_data(
    corpus: Corpus,
    codings: list[Coding],
    coders: list[str],
    codes: list[str],
    segs: dict[str, list[Segment]],
    starts: dict[str, list[int]],
    reviewed: Iterable[tuple[str, str, str]],
) -> ReliabilityData:
    index = {name: j for j, name in enumerate(coders)}
    seen: dict[str, set[int]] = {}
    ranges: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for c in codings:
        seen.setdefault(c.transcript, set()).add(index[c.coder])
        ranges.setdefault((c.code, c.transcript), []).append((index[c.coder], c.start, c.end))
    for coder, key, _segment in reviewed:
        if coder in index and key in starts:
            seen.setdefault(key, set()).add(index[coder])
    sources = {tr.key: len(tr.text) for tr in corpus.transcripts if tr.key in seen}
    parts: list[dict[str, Any]] = []
    blocks: list[np.ndarray] = []
    for code in codes:
        for key, length in sources.items():
            if length == 0:
                continue
            saw = np.array([j in seen[key] for j in range(len(coders))])
            spans = [(j, max(0, s), min(length, e)) for j, s, e in ranges.get((code, key), []) if min(length, e) > s]
            bounds = np.unique(np.array([0, length, *(s for _, s, _ in spans), *(e for _, _, e in spans)]))
            runs = len(bounds) - 1
            block = np.zeros((runs, len(coders)), dtype=np.float64)
            for j in range(len(coders)):
                mine = [(s, e) for jj, s, e in spans if jj == j]
                if not mine:
                    continue
                diff = np.zeros(len(bounds), dtype=np.int64)
                np.add.at(diff, np.searchsorted(bounds, [s for s, _ in mine]), 1)
                np.add.at(diff, np.searchsorted(bounds, [e for _, e in mine]), -1)
                block[:, j] = (np.cumsum(diff)[:-1] > 0).astype(np.float64)
            block[:, ~saw] = np.nan
            blocks.append(block)
            parts.append({"transcript": key, "code": code, "start": bounds[:-1], "end": bounds[1:]})
    if parts:
        start = np.concatenate([p["start"] for p in parts])
        end = np.concatenate([p["end"] for p in parts])
        transcripts = [p["transcript"] for p in parts for _ in range(len(p["start"]))]
        code_col = [p["code"] for p in parts for _ in range(len(p["start"]))]
    else:
        start = end = np.zeros(0, dtype=np.int64)
        transcripts, code_col = [], []
    units = pd.DataFrame(
        {
            "transcript": transcripts,
            "segment": _segment_labels(transcripts, start, end, segs, starts),
            "start": start,
            "end": end,
            "code": code_col,
            "weight": end - start,
        },
        columns=UNIT_COLUMNS,
    ).astype({"start": "int64", "end": "int64", "weight": "int64"})
    values = np.vstack(blocks) if blocks else np.zeros((0, len(coders)))
    return ReliabilityData(coders, "character", codes, units, values, sources)


def _segment_labels(
    transcripts: list[str],
    start: np.ndarray,
    end: np.ndarray,
    segs: dict[str, list[Segment]],
    starts: dict[str, list[int]],
) -> list[str]:
    """The ids of the segments a character range overlaps, joined with commas ("" for none)."""
    labels = []
    for key, s, e in zip(transcripts, start.tolist(), end.tolist(), strict=True):
        ss = segs[key]
        i = max(bisect.bisect_right(starts[key], s) - 1, 0)
        ids = []
        while i < len(ss) and ss[i].start < e:
            if ss[i].end > s:
                ids.append(ss[i].id)
            i += 1
        labels.append(",".join(ids))
    return labels


# --------------------------------------------------------------------------- report
@dataclass
class AgreementReport:
    """What ``odskcode agreement`` shows (see docs/agreement.md).

    ``per_code``: one row per code (``code``, ``label``, ``units``, ``pairable``,
    ``agreements``, ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha``, at
    character level ``cohen_kappa_source_mean``, and ``note``). ``pooled``: the statistics
    over all (unit, code) pairs; ``mean``: their means over the codes where each is defined.
    ``per_source``: per code and transcript (character level; empty at segment level).
    ``disagreements``: one row per unit (merged character run) where the coders differ.
    Undefined statistics are NaN in the frames, ``None`` in the dicts, and explained in ``note``.
    """

    coders: list[str]
    unit: str
    segment_unit: str
    lang: str
    per_code: pd.DataFrame
    pooled: dict[str, Any]
    mean: dict[str, Any]
    per_source: pd.DataFrame
    disagreements: pd.DataFrame
    notes: list[str]


CODE_COLUMNS = ["code", "label", "units", "pairable", "agreements", *STATISTICS]
SOURCE_COLUMNS = ["code", "transcript", "characters", "pairable", "agreements", *STATISTICS, "note"]
DISAGREEMENT_COLUMNS = ["transcript", "segment", "start", "end", "code", "coded_by", "not_coded_by", "text"]


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + msg("ag.and").render(lang) + items[-1]


def _reason(reason: str, constant: Any, unit: str, n_coders: int) -> Msg:
    if reason == "no_pairable":
        return msg(f"ag.why.no_pairable.{unit}")
    if reason == "two_coders":
        return msg("ag.why.two_coders", n=n_coders)
    return msg("ag.why.everywhere" if constant == 1 else "ag.why.unused", units=msg(f"ag.units.{unit}"))


def _note(stats: Statistics, unit: str, n_coders: int, lang: str) -> str | None:
    """One sentence per reason: which statistics are undefined and why (kappa for 3+ coders is a report note)."""
    by_reason: dict[str, list[str]] = {}
    for name in STATISTICS:
        reason = stats.undefined.get(name)
        if reason is not None and reason != "two_coders":
            by_reason.setdefault(reason, []).append(msg(f"ag.stat.{name}").render(lang))
    if not by_reason:
        return None
    sentences = [
        msg("ag.note", stats=_join(names, lang), reason=_reason(reason, stats.constant, unit, n_coders)).render(lang)
        for reason, names in by_reason.items()
    ]
    return "; ".join(sentences)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _row(stats: Statistics) -> dict[str, Any]:
    return {
        "units": _number(stats.units),
        "pairable": _number(stats.pairable),
        "agreements": _number(stats.agreements),
        "percent_agreement": stats.percent_agreement,
        "cohen_kappa": stats.cohen_kappa,
        "krippendorff_alpha": stats.krippendorff_alpha,
    }


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for name in STATISTICS:
        if name in frame.columns:
            frame[name] = frame[name].astype("float64")
    return frame


def agreement_report(
    data: ReliabilityData,
    labels: dict[str, str] | None = None,
    lang: str = "en",
    segment_unit: str = "turn",
    texts: dict[str, str] | None = None,
) -> AgreementReport:
    """The :class:`AgreementReport` of reliability data (``labels``: code -> label; ``texts``: transcript -> text)."""
    labels = labels or {}
    texts = texts or {}
    n_coders = len(data.coders)
    matrix = data.codes_matrix()
    weights = data.units["weight"].to_numpy(dtype=np.float64)
    groups = data.units.groupby("code", sort=False).indices if len(data.units) else {}
    empty = np.zeros(0, dtype=np.int64)
    per_code_stats = {code: statistics_of_codes(matrix[groups.get(code, empty)], weights[groups.get(code, empty)])
                      for code in data.codes}  # fmt: skip
    rows = []
    for code in data.codes:
        stats = per_code_stats[code]
        rows.append(
            {
                "code": code,
                "label": labels.get(code, ""),
                **_row(stats),
                "note": _note(stats, data.unit, n_coders, lang),
            }
        )
    columns = [*CODE_COLUMNS, "note"]
    per_source = _frame([], SOURCE_COLUMNS)
    if data.unit == "character":
        source_rows = []
        pairs = data.units.groupby(["code", "transcript"], sort=False).indices if len(data.units) else {}
        for pair, idx in pairs.items():
            code, key = cast(tuple[str, str], pair)
            stats = statistics_of_codes(matrix[idx], weights[idx])
            entry = _row(stats)
            entry["characters"] = entry.pop("units")
            note = _note(stats, data.unit, n_coders, lang)
            source_rows.append({"code": code, "transcript": key, **entry, "note": note})
        per_source = _frame(source_rows, SOURCE_COLUMNS)
        for row in rows:
            mine = per_source[(per_source["code"] == row["code"]) & per_source["cohen_kappa"].notna()]
            size = mine["characters"].astype("float64")
            row["cohen_kappa_source_mean"] = (
                float((mine["cohen_kappa"] * size).sum() / size.sum()) if len(mine) and size.sum() > 0 else None
            )
        columns = [*CODE_COLUMNS, "cohen_kappa_source_mean", "note"]
    per_code = _frame(rows, columns)
    if "cohen_kappa_source_mean" in per_code.columns:
        per_code["cohen_kappa_source_mean"] = per_code["cohen_kappa_source_mean"].astype("float64")

    pooled_stats = statistics_of_codes(matrix, weights)
    pooled = {**_row(pooled_stats), "codes": len(data.codes), "note": _note(pooled_stats, data.unit, n_coders, lang)}
    mean: dict[str, Any] = {"codes": len(data.codes), "codes_defined": {}}
    for name in STATISTICS:
        defined = [v for v in (per_code_stats[c].value(name) for c in data.codes) if v is not None]
        mean[name] = float(np.mean(defined)) if defined else None
        mean["codes_defined"][name] = len(defined)
    mean["note"] = None
    notes: list[str] = []
    if n_coders != 2:
        notes.append(msg("ag.why.two_coders", n=n_coders).render(lang))
    counted = [name for name in STATISTICS if n_coders == 2 or name != "cohen_kappa"]
    if any(mean["codes_defined"][name] < len(data.codes) for name in counted):
        parts = [
            msg("ag.mean_part", stat=msg(f"ag.stat.{name}"), k=mean["codes_defined"][name], n=len(data.codes))
            for name in counted
        ]
        mean["note"] = msg("ag.mean_over", parts=_join([p.render(lang) for p in parts], lang)).render(lang)
        notes.append(mean["note"])
    return AgreementReport(
        coders=list(data.coders),
        unit=data.unit,
        segment_unit=segment_unit,
        lang=lang,
        per_code=per_code,
        pooled=pooled,
        mean=mean,
        per_source=per_source,
        disagreements=_disagreements(data, matrix, texts),
        notes=notes,
    )


def _disagreements(data: ReliabilityData, matrix: np.ndarray, texts: dict[str, str]) -> pd.DataFrame:
    """Units where the coders who saw them gave different values; at character level, whole ranges."""
    present = matrix >= 0
    pairable = present.sum(axis=1) >= 2
    high = np.where(present, matrix, -1).max(axis=1)
    low = np.where(present, matrix, 2).min(axis=1)
    keys: list[str] = data.units["transcript"].tolist()
    codes: list[str] = data.units["code"].tolist()
    labels: list[str] = data.units["segment"].astype(str).tolist()
    starts: list[int] = data.units["start"].tolist()
    ends: list[int] = data.units["end"].tolist()
    order = {code: i for i, code in enumerate(data.codes)}
    out: list[dict[str, Any]] = []
    patterns: list[tuple[int, ...]] = []
    for i in np.nonzero(pairable & (high != low))[0].tolist():
        pattern = tuple(matrix[i].tolist())
        key, code, label, start, end = keys[i], codes[i], labels[i], starts[i], ends[i]
        last = out[-1] if out else None
        if (
            last is not None
            and data.unit == "character"
            and patterns[-1] == pattern
            and (last["transcript"], last["code"], last["end"]) == (key, code, start)
        ):
            last["end"] = end  # runs of one range, split where another coding starts or ends
            last["segment"] += [s for s in label.split(",") if s and s not in last["segment"]]
            continue
        out.append(
            {
                "transcript": key,
                "segment": [s for s in label.split(",") if s],
                "start": start,
                "end": end,
                "code": code,
                "coded_by": ", ".join(n for n, v in zip(data.coders, pattern, strict=True) if v == 1),
                "not_coded_by": ", ".join(n for n, v in zip(data.coders, pattern, strict=True) if v == 0),
            }
        )
        patterns.append(pattern)
    for row in out:
        row["segment"] = ",".join(row["segment"])
        row["text"] = texts.get(row["transcript"], "")[row["start"] : row["end"]]
    out.sort(key=lambda r: (r["transcript"], r["start"], order.get(r["code"], len(order))))
    frame = pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


# --------------------------------------------------------------------------- project
def project_coders(project: Project) -> list[str]:
    """Every coder the project knows: registered ones and those with codings."""
    with project.store() as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM coders")}
        names |= {r[0] for r in store.conn.execute("SELECT DISTINCT coder FROM codings")}
    return sorted(names)


def _decisions(project: Project, coders: Sequence[str]) -> list[tuple[str, str, str]]:
    marks = ",".join("?" for _ in coders)
    with project.store() as store:
        rows = store.conn.execute(
            "SELECT d.coder, t.key, d.segment FROM decisions d JOIN transcripts t ON t.id = d.transcript_id "
            f"WHERE d.coder IN ({marks})",
            tuple(coders),
        ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def project_agreement(
    project: Project,
    coders: Sequence[str],
    unit: str = "segment",
    codes: Sequence[str] | None = None,
    all_codes: bool = False,
    lang: str | None = None,
) -> AgreementReport:
    """Inter-coder agreement of ``coders`` on the project (what ``odskcode agreement`` shows).

    ``codes``: these codes only; default: every code one of the coders used, plus with
    ``all_codes`` every code of the codebook (a code nobody used is reported as undefined).
    A coding counts for its own code only, never for the code's parent.
    """
    from .project import load_codings, load_corpus

    chosen = list(dict.fromkeys(coders))
    if len(chosen) < 2:
        raise ProjectError(msg("ag.few_coders"), hint=msg("ag.few_coders_hint"))
    if unit not in UNITS:
        raise ProjectError(msg("ag.bad_unit", value=unit, units=", ".join(UNITS)))
    known = project_coders(project)
    for name in chosen:
        if name not in known:
            listed = ", ".join(known) if known else msg("ag.none").render(lang or project.settings.lang)
            # the example pairs people first: the auto-coder only where there are not two of them
            people = [k for k in chosen if k in known] + [k for k in known if k not in chosen]
            people.sort(key=lambda k: k == AUTO)
            hint = (
                msg("ag.unknown_coder_hint", example=f"odskcode agreement --coders {people[0]} {people[1]}")
                if len(people) >= 2
                else msg("ag.no_coders_hint")
            )
            raise ProjectError(msg("ag.unknown_coder", coder=name, coders=listed), hint=hint)
    language = lang or project.settings.lang
    codebook = project.codebook()
    corpus = load_corpus(project)
    codings = [c for c in load_codings(project) if c.coder in chosen]
    used = {c.code for c in codings}
    in_book = list(codebook.codes)
    if codes is not None:
        wanted = list(dict.fromkeys(codes))
        everything = set(in_book) | {c.code for c in load_codings(project)}
        for code in wanted:
            if code not in everything:
                raise ProjectError(msg("ag.unknown_code", code=code), hint=msg("ag.unknown_code_hint"))
    else:
        wanted = [c for c in in_book if c in used or all_codes] + sorted(used - set(in_book))
    data = reliability_data(
        corpus,
        codings,
        chosen,
        wanted,
        unit=unit,
        segment_unit=project.settings.unit,
        reviewed=_decisions(project, chosen),
    )
    labels = {code: codebook.codes[code].name(language) for code in wanted if code in codebook.codes}
    texts = {tr.key: tr.text for tr in corpus.transcripts}
    return agreement_report(data, labels, language, project.settings.unit, texts)


def report_to_dict(report: AgreementReport) -> dict[str, Any]:
    """The report as JSON-ready data (``--format json``), with a top-level ``schema_version``."""
    from .export import records

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, float) and np.isnan(value):
            return None
        return value

    return {
        "schema_version": 1,
        "unit": report.unit,
        "segment_unit": report.segment_unit,
        "coders": list(report.coders),
        "codes": records(report.per_code),
        "overall": {"pooled": clean(report.pooled), "mean": clean(report.mean)},
        "sources": records(report.per_source),
        "disagreements": records(report.disagreements),
        "notes": list(report.notes),
    }
