"""From codings to findings: DataFrames only, no printing.

The counting rules are those of DESIGN.md ("Which codings count", "Judgements and
verdicts"): a segment counts once per code; an informant's judgement of a code or
dimension comes from their codings under it; the verdict comes from the
codebook's rating scale; obstacles and efforts are linked to the dimensions coded
in the same segment, else in the informant's previous segment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .i18n import t
from .model import Codebook, Coding, Corpus, Segment, Transcript, localized
from .text import shorten
from .transcripts import segment_at
from .transcripts import segments as make_segments

SEGMENT_COLUMNS = [
    "transcript",
    "informant",
    "role",
    "group",
    "source",
    "segment",
    "start",
    "end",
    "code",
    "category",
    "valence",
    "coder",
    "origin",
    "rule",
    "memo",
    "text",
]
FINDINGS_COLUMNS = [
    "level",
    "category",
    "code",
    "label",
    "role",
    "informants",
    "informants_total",
    "share",
    "segments",
    "positive",
    "negative",
    "mixed",
    "neutral",
    "observations",
    "documents",
    "assessment",
    "reservation",
    "assessment_label",
    "kendala",
    "upaya",
    "kendala_label",
    "upaya_label",
    "quote",
    "quote_informant",
    "quote_role",
    "quote_transcript",
    "quote_segment",
]
SOURCE_COLUMNS = ["informant", "transcript", "role", "group", "source", "segments", "coded_segments"]
# metadata that is never a column of its own: bookkeeping, and the names masked by --anonymize
PRIVATE_META = {"informant_line", "names", "speakers", "speaker", "interviewer", "informant"}
QUOTE_LIMIT = 240
QUOTE_IDEAL = 160


def _meta_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _names(corpus: Corpus) -> list[str]:
    """Personal names a transcript declares (``names: [...]``) and speaker labels that are not ids."""
    found: set[str] = set()
    for tr in corpus.transcripts:
        listed = tr.meta.get("names") or []
        found.update(str(n).strip() for n in (listed if isinstance(listed, list) else [listed]) if str(n).strip())
        for label, speaker in tr.speakers.items():
            if speaker.informant and label != speaker.informant:
                found.add(label)
    return sorted(found, key=lambda n: (-len(n), n))


def natural_key(value: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", value)]


# --------------------------------------------------------------------------- frames
def _segment_index(corpus: Corpus, unit: str) -> dict[str, list[Segment]]:
    return {tr.key: make_segments(tr, unit) for tr in corpus.transcripts}


def codings_frame(corpus: Corpus, codebook: Codebook, codings: list[Coding], unit: str = "turn") -> pd.DataFrame:
    """One row per coding, in the columns of ``segments.csv``."""
    index = _segment_index(corpus, unit)
    by_key = corpus.by_key()
    rows: list[dict[str, Any]] = []
    for c in codings:
        tr: Transcript = by_key[c.transcript]
        segs = index[c.transcript]
        seg = next((s for s in segs if s.id == c.segment), None) if c.segment else None
        seg = seg or segment_at(segs, c.start)
        informant = seg.informant if seg else tr.informant
        meta = tr.informant_meta(informant)
        code = codebook.codes.get(c.code)
        rows.append(
            {
                "transcript": c.transcript,
                "informant": informant,
                "role": str(meta.get("role", "") or ""),
                "group": str(meta.get("group", "") or ""),
                "source": tr.source,
                "segment": seg.id if seg else "",
                "start": c.start,
                "end": c.end,
                "code": c.code,
                "category": code.category if code else c.code.split(".", 1)[0],
                "valence": c.valence,
                "coder": c.coder,
                "origin": c.origin,
                "rule": c.rule,
                "memo": c.memo,
                "text": tr.text[c.start : c.end],
            }
        )
    frame = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})


def select_codings(frame: pd.DataFrame, coder: str | None = None, consensus: int | None = None) -> pd.DataFrame:
    """The codings a summary starts from: all of them, one coder's, or the consensus of ``consensus`` coders.

    ``coder`` keeps that coder's codings (every segment, reviewed or not). ``consensus``
    keeps, per (transcript, segment, code), the codes at least ``consensus`` distinct
    people gave (``auto`` is not a coder here), as one coding: valence the majority of
    theirs (a tie is ``netral``), coder the coders joined by ``+``, range, text, memo and
    origin those of the first of them in the frame's order. See docs/coders.md.
    """
    if coder is not None and consensus is not None:
        raise ValueError("coder and consensus exclude each other")
    if coder is not None:
        return frame[frame["coder"] == coder].reset_index(drop=True)
    if consensus is None:
        return frame
    if consensus < 1:
        raise ValueError("consensus must be at least 1")
    human = frame[frame["coder"] != "auto"]
    if human.empty:
        return human.reset_index(drop=True)
    human = human.assign(segment=human["segment"].fillna("").astype(str))
    rows = []
    for _, group in human.groupby(["transcript", "segment", "code"], sort=False):
        coders = sorted(set(group["coder"].astype(str)))
        if len(coders) < consensus:
            continue
        per_coder = group.drop_duplicates("coder")["valence"].value_counts()  # one vote per coder
        top = per_coder[per_coder == per_coder.max()]
        row = group.iloc[0].copy()
        row["valence"] = str(top.index[0]) if len(top) == 1 else "netral"
        row["coder"] = "+".join(coders)
        rows.append(row)
    return pd.DataFrame(rows, columns=frame.columns).reset_index(drop=True)


def counting_codings(frame: pd.DataFrame, reviewed: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The codings that count, each kept whole (not yet one per segment and code).

    Per segment: the human codings where a person coded or reviewed it, else the ``auto`` ones.
    """
    if frame.empty:
        return frame.copy()
    frame = frame.assign(segment=frame["segment"].fillna("").astype(str))  # e.g. read back from a CSV
    human = frame["coder"] != "auto"
    # (transcript, segment) pairs, not joined strings: pandas 3's str dtype drops a "\x00" separator
    seg_key = pd.Series(list(zip(frame["transcript"], frame["segment"], strict=True)), index=frame.index, dtype=object)
    human_segments = set(seg_key[human]) | set(reviewed or ())
    keep = human | ~seg_key.map(lambda key: key in human_segments)
    return frame[keep]


def counted_codings(
    frame: pd.DataFrame,
    reviewed: set[tuple[str, str]] | None = None,
    coder: str | None = None,
    consensus: int | None = None,
) -> pd.DataFrame:
    """The codings that count: per segment the human ones where a person coded or reviewed it, else ``auto``.

    ``reviewed`` holds (transcript, segment) pairs a person has reviewed; there the
    ``auto`` codings no longer count, even if the person accepted none of them.
    ``coder`` or ``consensus`` first select the codings (:func:`select_codings`); then
    ``reviewed`` plays no part: one coder's codings, or the consensus, count everywhere.

    A segment counts once per code; where several coders gave one code different
    valences, the most frequent valence wins (ties: positif, negatif, netral order).
    """
    if coder is not None or consensus is not None:
        frame = select_codings(frame, coder, consensus)
        reviewed = None
    if frame.empty:
        return frame.copy()
    kept = counting_codings(frame, reviewed)
    order = {"positif": 0, "negatif": 1, "netral": 2}
    rows = []
    for _, group in kept.groupby(["transcript", "segment", "code"], sort=False):
        counts = group["valence"].value_counts()
        best = sorted(counts.index, key=lambda v: (-counts[v], order.get(v, 3)))[0]
        row = group.iloc[0].copy()
        row["valence"] = best
        rows.append(row)
    return pd.DataFrame(rows, columns=frame.columns).reset_index(drop=True)


# --------------------------------------------------------------------------- judgements
def judgement(positive: int, negative: int, neutral: int) -> str | None:
    """DESIGN.md: more + → positif; more − → negatif; equal and non-zero → campuran; only neutral → netral."""
    if positive > negative:
        return "positif"
    if negative > positive:
        return "negatif"
    if positive:
        return "campuran"
    return "netral" if neutral else None


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def informant_judgements(counted: pd.DataFrame) -> pd.DataFrame:
    """One row per (node, informant): valence counts and the judgement, for every code and its ancestors."""
    columns = ["node", "informant", "source", "positive", "negative", "neutral", "segments", "judgement"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for row in counted.itertuples(index=False):
        for node in _ancestors(str(row.code)):
            entry = acc.setdefault(
                (node, str(row.informant)),
                {"source": row.source, "positive": 0, "negative": 0, "neutral": 0, "segs": set()},
            )
            seg_key = (row.transcript, row.segment)
            key = (seg_key, row.code)
            if key in entry["segs"]:
                continue
            entry["segs"].add(key)
            field_name = {"positif": "positive", "negatif": "negative"}.get(str(row.valence), "neutral")
            entry[field_name] += 1
    rows = []
    for (node, informant), e in acc.items():
        segs = {k[0] for k in e["segs"]}
        rows.append(
            {
                "node": node,
                "informant": informant,
                "source": e["source"],
                "positive": e["positive"],
                "negative": e["negative"],
                "neutral": e["neutral"],
                "segments": len(segs),
                "judgement": judgement(e["positive"], e["negative"], e["neutral"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def link_codings(counted: pd.DataFrame, corpus: Corpus, codebook: Codebook, unit: str = "turn") -> pd.DataFrame:
    """Obstacle and effort codings with the dimension codes each is linked to.

    Linked codes are the dimension codes coded in the same segment, else those of
    the same informant's previous segment in that transcript. Returns rows
    (code, informant, source, transcript, segment, linked) with one row per link.
    """
    columns = ["code", "role", "informant", "source", "transcript", "segment", "linked"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    roles = {cid: c.role for cid, c in codebook.codes.items()}
    dims_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in counted.itertuples(index=False):
        if roles.get(str(row.code)) == "dimension":
            dims_in[(str(row.transcript), str(row.segment))].add(str(row.code))
    previous: dict[tuple[str, str], str | None] = {}
    for tr in corpus.transcripts:
        last: dict[str, str] = {}
        for seg in make_segments(tr, unit):
            previous[(tr.key, seg.id)] = last.get(seg.informant)
            last[seg.informant] = seg.id
    rows = []
    for row in counted.itertuples(index=False):
        role = roles.get(str(row.code))
        if role not in ("obstacle", "effort", "recommendation"):
            continue
        key = (str(row.transcript), str(row.segment))
        linked = dims_in.get(key, set())
        if not linked:
            prev = previous.get(key)
            linked = dims_in.get((key[0], prev), set()) if prev else set()
        for dim_code in sorted(linked):
            rows.append(
                {
                    "code": row.code,
                    "role": role,
                    "informant": row.informant,
                    "source": row.source,
                    "transcript": row.transcript,
                    "segment": row.segment,
                    "linked": dim_code,
                }
            )
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- findings
def rule_text(codebook: Codebook, lang: str) -> str:
    scale = codebook.rating_scale
    parts = []
    for i, level in enumerate(scale.levels):
        name = localized(level.label, lang, level.id)
        if i == len(scale.levels) - 1 and level.min == 0:
            parts.append(f"{'lainnya' if lang == 'id' else 'else'} {name}")
        else:
            parts.append(f"≥ {level.min:.2f} {name}")
    reservation = localized(scale.reservation, lang)
    return t("rule.share", lang, levels="; ".join(parts)) + "; " + t("rule.reservation", lang, reservation=reservation)


def _count_list(counts: dict[str, set[str]], codebook: Codebook, lang: str) -> tuple[str, str]:
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), list(codebook.codes).index(kv[0])))
    ids = "; ".join(f"{code} ({len(infs)})" for code, infs in ranked)
    labels = ", ".join(f"{codebook.codes[code].name(lang)} ({len(infs)})" for code, infs in ranked)
    return ids, labels


@dataclass
class Summary:
    """Everything the findings table and the contract files are made of."""

    codebook: Codebook
    lang: str
    unit: str
    counts: dict[str, int]
    findings: pd.DataFrame
    matrix: pd.DataFrame
    segments: pd.DataFrame
    sources: pd.DataFrame
    rule: str
    # names that --anonymize masks: the `names` metadata and speaker labels of each transcript
    names: list[str] = field(default_factory=list)
    # every segment id of each transcript, in text order (coded or not), for "next segment" rules
    segment_order: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    counted: pd.DataFrame = field(default_factory=pd.DataFrame)  # the codings that count, one per segment and code
    judgements: pd.DataFrame = field(default_factory=pd.DataFrame)  # per (code or category, informant)

    def dimensions(self) -> pd.DataFrame:
        f = self.findings
        return f[(f["level"] == "category") & (f["role"] == "dimension")]

    def corpus_text(self) -> str:
        c = self.counts
        return ", ".join(
            [
                t("corpus.informants", self.lang, n=c["informants"]),
                t("corpus.observations", self.lang, n=c["observations"]),
                t("corpus.documents", self.lang, n=c["documents"]),
            ]
        )


def _choose_quote(node_rows: pd.DataFrame, direction: str) -> dict[str, Any] | None:
    """The representative quote of a node (documented in docs/findings.md).

    Among interview segments coded under the node: those whose valence matches the
    prevailing judgement first; then the segment covering most distinct codes of
    the node; then the one whose length is closest to 160 characters; then the
    earliest by informant, transcript and segment id.
    """
    rows = node_rows[node_rows["source"] == "wawancara"]
    if rows.empty:
        return None
    best: tuple[Any, ...] | None = None
    chosen: dict[str, Any] | None = None
    for (transcript, segment), group in rows.groupby(["transcript", "segment"], sort=False):
        first = group.iloc[0]
        text = str(first["text"])
        matches = int((group["valence"] == direction).any())
        key = (
            -matches,
            -group["code"].nunique(),
            abs(len(text) - QUOTE_IDEAL),
            natural_key(str(first["informant"])),
            natural_key(str(transcript)),
            natural_key(str(segment)),
        )
        if best is None or key < best:
            best = key
            chosen = {
                "quote": shorten(text, QUOTE_LIMIT),
                "quote_informant": first["informant"],
                "quote_role": first["role"],
                "quote_transcript": transcript,
                "quote_segment": segment,
            }
    return chosen


def summarize(
    corpus: Corpus,
    codebook: Codebook,
    codings: list[Coding] | pd.DataFrame,
    lang: str = "id",
    unit: str = "turn",
    reviewed: set[tuple[str, str]] | None = None,
    coder: str | None = None,
    consensus: int | None = None,
) -> Summary:
    """Findings, informant × code matrix, segments and sources from codings.

    ``codings`` is a list of :class:`Coding` or a frame in ``segments.csv`` columns;
    ``reviewed`` the (transcript, segment) pairs a person has reviewed. ``coder`` or
    ``consensus`` count one coder's codings or the codes K coders gave (:func:`select_codings`);
    the summary's ``segments`` are then those codings.
    """
    frame = codings if isinstance(codings, pd.DataFrame) else codings_frame(corpus, codebook, codings, unit)
    if coder is not None or consensus is not None:
        frame = select_codings(frame, coder, consensus)
        reviewed = None
    counted = counted_codings(frame, reviewed)
    # segments.csv keeps every coding; `counts` says which of them the tables count (DESIGN.md)
    kept = set(counting_codings(frame, reviewed).index) if not frame.empty else set()
    frame = frame.assign(counts=[i in kept for i in frame.index])
    counts = corpus.counts()
    total = counts["informants"]
    judged = informant_judgements(counted)
    links = link_codings(counted, corpus, codebook, unit)

    counted = counted.assign(_nodes=counted["code"].map(_ancestors)) if not counted.empty else counted
    rows: list[dict[str, Any]] = []
    for code in codebook.codes.values():
        node = code.id
        level = "category" if code.parent is None else "code"
        j = judged[judged["node"] == node] if not judged.empty else judged
        interview = j[j["source"] == "wawancara"] if not j.empty else j
        pos = int((interview["judgement"] == "positif").sum()) if not interview.empty else 0
        neg = int((interview["judgement"] == "negatif").sum()) if not interview.empty else 0
        mixed = int((interview["judgement"] == "campuran").sum()) if not interview.empty else 0
        neutral = int((interview["judgement"] == "netral").sum()) if not interview.empty else 0
        n_inf = int(interview["informant"].nunique()) if not interview.empty else 0
        obs = int((j["source"] == "observasi").sum()) if not j.empty else 0
        docs = int((j["source"] == "dokumentasi").sum()) if not j.empty else 0
        node_rows = counted[counted["_nodes"].map(lambda ns, n=node: n in ns)] if not counted.empty else counted
        n_segments = int(node_rows[["transcript", "segment"]].drop_duplicates().shape[0]) if not node_rows.empty else 0
        row: dict[str, Any] = {
            "level": level,
            "category": code.category,
            "code": node,
            "label": code.name(lang),
            "role": code.role,
            "informants": n_inf,
            "informants_total": total,
            "share": None,
            "segments": n_segments,
            "positive": pos,
            "negative": neg,
            "mixed": mixed,
            "neutral": neutral,
            "observations": obs,
            "documents": docs,
            "assessment": "",
            "reservation": False,
            "assessment_label": "",
            "kendala": "",
            "upaya": "",
            "kendala_label": "",
            "upaya_label": "",
            "quote": "",
            "quote_informant": "",
            "quote_role": "",
            "quote_transcript": "",
            "quote_segment": "",
        }
        if code.role == "dimension":
            linked = (
                links[links["linked"].map(lambda c, n=node: c == n or c.startswith(n + "."))]
                if not links.empty
                else links
            )
            obstacles: dict[str, set[str]] = defaultdict(set)
            efforts: dict[str, set[str]] = defaultdict(set)
            for lk in linked.itertuples(index=False):
                if lk.source != "wawancara":
                    continue
                if lk.role == "obstacle":
                    obstacles[str(lk.code)].add(str(lk.informant))
                elif lk.role == "effort":
                    efforts[str(lk.code)].add(str(lk.informant))
            row["kendala"], row["kendala_label"] = _count_list(obstacles, codebook, lang)
            row["upaya"], row["upaya_label"] = _count_list(efforts, codebook, lang)
            judging = pos + neg + mixed
            if judging:
                share = pos / judging
                row["share"] = round(share, 4)
                level_obj = codebook.rating_scale.level_for(share)
                reservation = bool(neg or mixed or obstacles)
                row["assessment"] = level_obj.id
                row["reservation"] = reservation
                label = localized(level_obj.label, lang, level_obj.id)
                if reservation:
                    label += ", " + localized(codebook.rating_scale.reservation, lang)
                row["assessment_label"] = label
            else:
                row["assessment_label"] = t("assessment.none", lang)
        if not node_rows.empty:
            direction = "positif" if pos >= neg + mixed else "negatif"
            quote = _choose_quote(node_rows, direction)
            if quote:
                row.update(quote)
        rows.append(row)
    findings = pd.DataFrame(rows, columns=FINDINGS_COLUMNS)

    # informant × code matrix (interview informants; 1 = coded at or under the code)
    informants = sorted(
        {inf for tr in corpus.transcripts if tr.is_interview for inf in tr.informants()}, key=natural_key
    )
    present: dict[str, set[str]] = defaultdict(set)
    if not judged.empty:
        for r in judged.itertuples(index=False):
            present[str(r.informant)].add(str(r.node))
    matrix = pd.DataFrame(
        [{"informant": inf, **{cid: int(cid in present[inf]) for cid in codebook.codes}} for inf in informants],
        columns=["informant", *codebook.codes],
    )

    # sources: one row per informant, observation and document
    coded = counted.groupby("informant")["segment"].nunique().to_dict() if not counted.empty else {}
    source_rows: list[dict[str, Any]] = []
    source_meta: list[dict[str, Any]] = []
    for tr in corpus.transcripts:
        segs = make_segments(tr, unit)
        for inf in tr.informants():
            meta = tr.informant_meta(inf)
            source_meta.append(meta)
            source_rows.append(
                {
                    "_meta": [k for k in meta if k not in PRIVATE_META and k not in SOURCE_COLUMNS],
                    "informant": inf,
                    "transcript": tr.key,
                    "role": str(meta.get("role", "") or ""),
                    "group": str(meta.get("group", "") or ""),
                    "source": tr.source,
                    "segments": sum(1 for s in segs if s.informant == inf),
                    "coded_segments": int(coded.get(inf, 0)),
                }
            )
    extra_keys: list[str] = []
    for row in source_rows:
        for key in row.pop("_meta"):
            if key not in extra_keys:
                extra_keys.append(key)
    for row, meta in zip(source_rows, source_meta, strict=True):
        for key in extra_keys:
            row[key] = _meta_text(meta.get(key))
    sources = pd.DataFrame(source_rows, columns=[*SOURCE_COLUMNS, *extra_keys])
    return Summary(
        codebook=codebook,
        lang=lang,
        unit=unit,
        counts=counts,
        findings=findings,
        matrix=matrix,
        segments=frame.reset_index(drop=True),
        sources=sources,
        rule=rule_text(codebook, lang),
        names=_names(corpus),
        segment_order={
            tr.key: [(seg.id, seg.informant) for seg in make_segments(tr, unit)] for tr in corpus.transcripts
        },
        counted=counted.drop(columns=["_nodes"], errors="ignore"),
        judgements=judged,
    )
