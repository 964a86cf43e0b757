"""The tables beside the findings table: matrix, frequencies, co-occurrence, breakdowns, quotes.

Every function takes a :class:`~odskcode.summary.Summary` (the codings that count,
the judgements and the sources are in it) and returns a DataFrame. Counting units
are named in each docstring and in ``docs/findings.md``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .errors import OdskcodeError
from .i18n import msg
from .summary import Summary, natural_key
from .text import shorten

MATRIX_VALUES = ("presence", "segments")
TECHNIQUE = "technique"  # DESIGN.md's name for the source field (wawancara, observasi, dokumentasi)


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _nodes(summary: Summary) -> pd.DataFrame:
    """The counted codings exploded to every code and its ancestors (column ``node``)."""
    counted = summary.counted
    if counted.empty:
        return counted.assign(node=pd.Series(dtype=str))
    return counted.assign(node=counted["code"].map(_ancestors)).explode("node")


def informant_matrix(summary: Summary, values: str = "presence") -> pd.DataFrame:
    """Informant × code: 1/0 (``presence``) or the number of segments (``segments``).

    Rows are interview informants; a code's column counts codings at or under it.
    """
    if values not in MATRIX_VALUES:
        raise OdskcodeError(msg("tb.bad_values", value=values, choices=", ".join(MATRIX_VALUES)))
    if values == "presence":
        return summary.matrix
    nodes = _nodes(summary)
    informants = list(summary.matrix["informant"])
    counts = (
        nodes.drop_duplicates(["transcript", "segment", "node"]).groupby(["informant", "node"]).size()
        if not nodes.empty
        else pd.Series(dtype=int)
    )
    rows = [
        {"informant": inf, **{cid: int(counts.get((inf, cid), 0)) for cid in summary.codebook.codes}}
        for inf in informants
    ]
    return pd.DataFrame(rows, columns=["informant", *summary.codebook.codes])


def frequencies(summary: Summary) -> pd.DataFrame:
    """Per code and category: segments, informants, observations, documents and codings by valence.

    Units: ``segments`` are distinct coded segments (a segment counts once per code);
    ``informants`` interview informants; ``positive``/``negative``/``neutral`` count codings.
    """
    nodes = _nodes(summary)
    rows = []
    for code in summary.codebook.codes.values():
        part = nodes[nodes["node"] == code.id] if not nodes.empty else nodes
        unique = part.drop_duplicates(["transcript", "segment", "code"]) if not part.empty else part
        interview = unique[unique["source"] == "wawancara"] if not unique.empty else unique
        rows.append(
            {
                "level": "category" if code.parent is None else "code",
                "category": code.category,
                "code": code.id,
                "label": code.name(summary.lang),
                "role": code.role,
                "segments": int(unique[["transcript", "segment"]].drop_duplicates().shape[0])
                if not unique.empty
                else 0,
                "informants": int(interview["informant"].nunique()) if not interview.empty else 0,
                "observations": _sources(unique, "observasi"),
                "documents": _sources(unique, "dokumentasi"),
                "positive": int((unique["valence"] == "positif").sum()) if not unique.empty else 0,
                "negative": int((unique["valence"] == "negatif").sum()) if not unique.empty else 0,
                "neutral": int((unique["valence"] == "netral").sum()) if not unique.empty else 0,
            }
        )
    return pd.DataFrame(rows)


def _sources(frame: pd.DataFrame, source: str) -> int:
    if frame.empty:
        return 0
    return int(frame.loc[frame["source"] == source, "informant"].nunique())


def cooccurrence(summary: Summary, level: str = "code") -> pd.DataFrame:
    """Code × code: the number of segments coded with both (the diagonal: with that code).

    ``level`` is ``code`` (child codes) or ``category``.
    """
    codes = [c.id for c in summary.codebook.codes.values() if (c.parent is None) == (level == "category")]
    counted = summary.counted
    sets: dict[tuple[str, str], set[str]] = {}
    if not counted.empty:
        for row in counted.itertuples(index=False):
            key = (str(row.transcript), str(row.segment))
            node = str(row.code).split(".", 1)[0] if level == "category" else str(row.code)
            sets.setdefault(key, set()).add(node)
    counts: dict[tuple[str, str], int] = {}
    for present in sets.values():
        inside = [c for c in codes if c in present]
        for a in inside:
            for b in inside:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    rows = [{"code": a, **{b: counts.get((a, b), 0) for b in codes}} for a in codes]
    return pd.DataFrame(rows, columns=["code", *codes])


def _field_values(summary: Summary, field: str) -> dict[str, str]:
    """informant -> value of a metadata field (``technique`` is the source)."""
    sources = summary.sources
    column = "source" if field == TECHNIQUE else field
    if column not in sources.columns:
        available = [c for c in sources.columns if c not in ("segments", "coded_segments", "transcript", "informant")]
        raise OdskcodeError(
            msg("tb.unknown_field", field=field, fields=", ".join([*available, TECHNIQUE])),
            hint=msg("tb.unknown_field_hint"),
        )
    # by column, not by attribute: a sheet header such as "jenis kelamin" is no identifier
    return {str(inf): str(v or "") or "—" for inf, v in zip(sources["informant"], sources[column], strict=True)}


BREAKDOWN_COLUMNS = [
    "code", "label", "by", "group", "total", "informants", "positive", "negative", "mixed", "neutral", "share",
    "judgement",
]  # fmt: skip


def group_judgement(positive: int, negative: int, mixed: int) -> str:
    """A group's judgement: ``positif`` when its positive informants outnumber the rest who
    judged, ``negatif`` when its negative ones do, else ``campuran``; ``""`` when none judged."""
    if positive + negative + mixed == 0:
        return ""
    if positive > negative + mixed:
        return "positif"
    if negative > positive + mixed:
        return "negatif"
    return "campuran"


def breakdown(summary: Summary, by: str, level: str = "category") -> pd.DataFrame:
    """Judgements per metadata group: for each dimension (or code) and each value of ``by``.

    Units: informants (and observations and documents, when ``by`` is ``technique``);
    ``total`` is the number of sources in the group, ``share`` the positive share among
    those who judged, as in the findings table.
    """
    values = _field_values(summary, by)
    groups = sorted(set(values.values()), key=natural_key)
    include_all_sources = by == TECHNIQUE
    judged = summary.judgements
    rows = []
    for code in summary.codebook.codes.values():
        if code.role != "dimension" or ((code.parent is None) != (level == "category")):
            continue
        part = judged[judged["node"] == code.id] if not judged.empty else judged
        for group in groups:
            members = {inf for inf, v in values.items() if v == group}
            sources = summary.sources[summary.sources["informant"].isin(members)]
            if not include_all_sources:
                sources = sources[sources["source"] == "wawancara"]
            if sources.empty:
                continue
            mine = part[part["informant"].isin(set(sources["informant"]))] if not part.empty else part
            counts = mine["judgement"].value_counts().to_dict() if not mine.empty else {}
            pos, neg, mixed = (int(counts.get(k, 0)) for k in ("positif", "negatif", "campuran"))
            judging = pos + neg + mixed
            rows.append(
                {
                    "code": code.id,
                    "label": code.name(summary.lang),
                    "by": by,
                    "group": group,
                    "total": int(sources["informant"].nunique()),
                    "informants": int(mine["informant"].nunique()) if not mine.empty else 0,
                    "positive": pos,
                    "negative": neg,
                    "mixed": mixed,
                    "neutral": int(counts.get("netral", 0)),
                    "share": round(pos / judging, 4) if judging else None,
                    "judgement": group_judgement(pos, neg, mixed),
                }
            )
    return pd.DataFrame(
        rows,
        columns=BREAKDOWN_COLUMNS,
    )


VALENCE_ORDER = {"positif": 0, "negatif": 1, "netral": 2}  # ties between valences: this order
QUOTE_COLUMNS = ["code", "group", "informant", "role", "source", "transcript", "segment", "valence", "quote", "rank"]


def quotes(summary: Summary, code: str, by: str | None = None, limit: int = 5, width: int = 300) -> pd.DataFrame:
    """Coded segments of ``code`` (and its children), best first, ``limit`` per group.

    Observations and documents are included. The order is the ranking of the findings
    table's quote rule: segments whose
    valence matches the prevailing judgement of the code first, then those covering
    more of its codes, then length closest to 160 characters, then informant,
    transcript and segment. With ``by``, each group gets its own best quotes.
    """
    if code not in summary.codebook.codes:
        from .retrieve import unknown_code

        raise unknown_code(code, summary.codebook)
    nodes = _nodes(summary)
    part = nodes[nodes["node"] == code] if not nodes.empty else nodes
    if part.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    row = summary.findings[summary.findings["code"] == code].iloc[0]
    overall = "positif" if row.positive >= row.negative + row.mixed else "negatif"
    values = _field_values(summary, by) if by else {}
    directions: dict[str, str] = {}  # with groups: each group's own prevailing valence
    if by:
        tally: dict[str, list[int]] = {}
        for r in part.drop_duplicates(["transcript", "segment", "code"]).itertuples(index=False):
            counts = tally.setdefault(values.get(str(r.informant), ""), [0, 0])
            counts[0] += 1 if str(r.valence) == "positif" else 0
            counts[1] += 1 if str(r.valence) == "negatif" else 0
        directions = {g: "positif" if p >= n else "negatif" for g, (p, n) in tally.items()}
    ranked: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for (transcript, segment), group in part.groupby(["transcript", "segment"], sort=False):
        first = group.iloc[0]
        text = str(first["text"])
        direction = directions.get(values.get(str(first["informant"]), ""), overall) if by else overall
        key = (
            -int((group["valence"] == direction).any()),
            -group["code"].nunique(),
            abs(len(text) - 160),
            natural_key(str(first["informant"])),
            natural_key(str(transcript)),
            natural_key(str(segment)),
        )
        valences = group["valence"].tolist()
        ranked.append(
            (
                key,
                {
                    "code": code,
                    "group": values.get(str(first["informant"]), "") if by else "",
                    "informant": first["informant"],
                    "role": first["role"],
                    "source": first["source"],
                    "transcript": transcript,
                    "segment": segment,
                    "valence": min(set(valences), key=lambda v: (-valences.count(v), VALENCE_ORDER.get(v, 3))),
                    "quote": shorten(text, width),
                },
            )
        )
    ranked.sort(key=lambda item: item[0])
    out: list[dict[str, Any]] = []
    per_group: dict[str, int] = {}
    for _, item in ranked:
        n = per_group.get(item["group"], 0)
        if limit and n >= limit:
            continue
        per_group[item["group"]] = n + 1
        out.append({**item, "rank": n + 1})
    frame = pd.DataFrame(out, columns=QUOTE_COLUMNS)
    if by:
        order = {g: i for i, g in enumerate(sorted(per_group, key=natural_key))}
        frame = frame.sort_values(["group", "rank"], key=lambda col: col.map(order) if col.name == "group" else col)
    return frame.reset_index(drop=True)


RESPONSE_COLUMNS = ["obstacle", "effort", "informants"]


def obstacle_responses(summary: Summary) -> pd.DataFrame:
    """Which efforts met which obstacle: per (obstacle, effort), the informants who raised the
    effort in the segment of the obstacle or in their next segment of that transcript.

    Unit: interview informants.
    """
    counted = summary.counted
    if counted.empty:
        return pd.DataFrame(columns=RESPONSE_COLUMNS)
    roles = {cid: c.role for cid, c in summary.codebook.codes.items()}
    interview = counted[counted["source"] == "wawancara"]
    order: dict[tuple[str, str], list[str]] = {}  # the informant's segments in text order, coded or not
    for transcript, listed in summary.segment_order.items():
        for seg_id, informant in listed:
            order.setdefault((transcript, informant), []).append(seg_id)
    by_segment: dict[tuple[str, str], set[str]] = {}
    for row in interview.itertuples(index=False):
        by_segment.setdefault((str(row.transcript), str(row.segment)), set()).add(str(row.code))
    pairs: dict[tuple[str, str], set[str]] = {}
    for row in interview.itertuples(index=False):
        if roles.get(str(row.code)) != "obstacle":
            continue
        mine = order.get((str(row.transcript), str(row.informant)), [])
        if str(row.segment) not in mine:
            continue
        i = mine.index(str(row.segment))
        nearby = [mine[i], *mine[i + 1 : i + 2]]
        for seg in nearby:
            for code in by_segment.get((str(row.transcript), seg), ()):
                if roles.get(code) == "effort":
                    pairs.setdefault((str(row.code), code), set()).add(str(row.informant))
    rows = [{"obstacle": o, "effort": e, "informants": len(infs)} for (o, e), infs in pairs.items()]
    frame = pd.DataFrame(rows, columns=RESPONSE_COLUMNS)
    if frame.empty:
        return frame
    return frame.sort_values(["obstacle", "informants", "effort"], ascending=[True, False, True]).reset_index(drop=True)
