"""The study-style results section, in Indonesian and English, from the findings table.

Every number in the text is read from :attr:`Summary.findings` (and, for the efforts
that met each obstacle, from :func:`odskcode.tables.obstacle_responses`), so the prose
and the tables always agree. Quantifier words follow the shares (documented in docs/findings.md):
all, almost all (≥ 0.8), most (> 0.5), half, some (≥ 0.2), a few, one, none.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .i18n import t
from .model import localized
from .summary import Summary

NARRATIVE_COLUMNS = ["section", "code", "text"]


def quantifier(n: int, total: int, lang: str) -> str:
    """The thesis word for ``n`` of ``total`` ("hampir semua informan", "most informants")."""
    if total <= 0 or n <= 0:
        key = "q.none"
    elif n == total:
        key = "q.all"
    elif n == 1:
        key = "q.one"
    elif n / total >= 0.8:
        key = "q.almost_all"
    elif n / total > 0.5:
        key = "q.most"
    elif n * 2 == total:
        key = "q.half"
    elif n / total >= 0.2:
        key = "q.some"
    else:
        key = "q.few"
    return t(key, lang)


def _listing(items: list[str], lang: str) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + t("w.and", lang) + items[-1]


_COUNT_RE = re.compile(r"^(?P<id>\S+) \((?P<n>\d+)\)$")


def _counted(summary: Summary, id_list: str) -> list[tuple[str, int]]:
    """'kendala.a (4); kendala.b (2)' (a findings cell) → [(label of a, 4), (label of b, 2)]."""
    out = []
    for part in id_list.split("; ") if id_list else []:
        m = _COUNT_RE.match(part.strip())
        if m and m.group("id") in summary.codebook.codes:
            out.append((summary.codebook.codes[m.group("id")].name(summary.lang), int(m.group("n"))))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def narrative(summary: Summary) -> pd.DataFrame:
    """One row per paragraph: ``section`` (dimension, conclusion, triangulation, obstacles, recommendations),
    ``code`` and ``text``."""
    lang = summary.lang
    f = summary.findings
    rows: list[dict[str, Any]] = []
    dims = summary.dimensions()
    for row in dims.itertuples(index=False):
        rows.append({"section": "dimension", "code": row.code, "text": _dimension_paragraph(summary, row)})
    if not dims.empty:
        rows.append({"section": "conclusion", "code": "", "text": _conclusion(summary, dims)})
    divergences = _divergences(summary)
    if divergences:
        rows.append({"section": "triangulation", "code": "", "text": divergences})
    obstacles = _obstacles_paragraph(summary)
    if obstacles:
        rows.append({"section": "obstacles", "code": "", "text": obstacles})
    recs: list[str] = []
    for cat in f[(f["level"] == "category") & (f["role"] == "recommendation")].itertuples(index=False):
        codes = f[(f["level"] == "code") & (f["category"] == cat.category) & (f["informants"] > 0)]
        codes = codes.sort_values("informants", ascending=False, kind="stable")
        recs.extend(
            t("n.count", lang, label=_lower_first(str(r.label)), n=int(str(r.informants)))
            for r in codes.itertuples(index=False)
        )
    if recs:
        rows.append(
            {"section": "recommendations", "code": "", "text": t("n.recommendations", lang, items=_listing(recs, lang))}
        )
    return pd.DataFrame(rows, columns=NARRATIVE_COLUMNS)


def _divergences(summary: Summary) -> str:
    """One sentence per indicator whose informant groups or techniques disagree (triangulation)."""
    from .framework import triangulate

    if summary.judgements.empty:
        return ""
    return " ".join(triangulate(summary).sentences())


def _obstacles_paragraph(summary: Summary) -> str:
    """The obstacles raised by most informants overall, and the efforts that met them."""
    from .tables import obstacle_responses

    lang = summary.lang
    f = summary.findings
    top = f[(f["level"] == "code") & (f["role"] == "obstacle") & (f["informants"] > 0)]
    if top.empty:
        return ""
    top = top.sort_values("informants", ascending=False, kind="stable")
    first = top.iloc[0]
    text = t(
        "n.obstacles_all",
        lang,
        first=t("n.count_inf", lang, label=_lower_first(str(first.label)), n=int(first.informants)),
    )
    others = [
        t("n.count", lang, label=_lower_first(str(r.label)), n=int(str(r.informants)))
        for r in top.iloc[1:3].itertuples(index=False)
    ]
    if others:
        text += t("n.obstacle_more", lang, items=_listing(others, lang))
    text += "."
    responses = obstacle_responses(summary)
    sentences = []
    for r in top.iloc[:3].itertuples(index=False):
        met = responses[responses["obstacle"] == r.code].head(3)
        if met.empty:
            continue
        items = [
            t(
                "n.count",
                lang,
                label=_lower_first(summary.codebook.codes[str(m.effort)].name(lang)),
                n=int(str(m.informants)),
            )
            for m in met.itertuples(index=False)
        ]
        sentences.append(t("n.met_by", lang, obstacle=str(r.label), items=_listing(items, lang)))
    if sentences:
        joined = "; ".join(sentences[:1] + [_lower_first(x) for x in sentences[1:]])
        text += " " + joined[:1].upper() + joined[1:] + "."
    return text


def _dimension_paragraph(summary: Summary, row: Any) -> str:
    lang = summary.lang
    f = summary.findings
    label = str(row.label)
    n, total = int(row.informants), int(row.informants_total)
    parts = [
        t(
            "n.spoke",
            lang,
            dimension=label,
            who=quantifier(n, total, lang),
            n=n,
            total=total,
        )
    ]
    indicators = f[(f["level"] == "code") & (f["category"] == row.category) & (f["informants"] > 0)]
    indicators = indicators.sort_values("informants", ascending=False, kind="stable")
    if not indicators.empty:
        items = [
            t("n.count", lang, label=_lower_first(str(r.label)), n=int(r.informants))
            for r in indicators.itertuples(index=False)
        ]
        parts.append(t("n.indicators", lang, items=_listing(items, lang)))
    pos, neg, mixed = int(row.positive), int(row.negative), int(row.mixed)
    judging = pos + neg + mixed
    if judging:
        sentence = t("n.judged", lang, who=quantifier(pos, judging, lang), n=pos, total=judging)
        extra = []
        if neg:
            extra.append(t("n.negative", lang, n=neg))
        if mixed:
            extra.append(t("n.mixed", lang, n=mixed))
        if extra:
            sentence = sentence[:-1] + t("w.while", lang) + _listing(extra, lang) + "."
        parts.append(sentence)
    obstacles = _counted(summary, str(row.kendala))
    efforts = _counted(summary, str(row.upaya))
    if obstacles:
        first = t("n.count_inf", lang, label=_lower_first(obstacles[0][0]), n=obstacles[0][1])
        others = [t("n.count", lang, label=_lower_first(lab), n=k) for lab, k in obstacles[1:3]]
        sentence = t("n.obstacle", lang, first=first)
        if others:
            sentence += t("n.obstacle_more", lang, items=_listing(others, lang))
        if efforts:
            items = [t("n.count", lang, label=_lower_first(lab), n=k) for lab, k in efforts[:3]]
            sentence += t("n.overcome", lang, items=_listing(items, lang))
        parts.append(sentence + ".")
    elif efforts:
        items = [t("n.count", lang, label=_lower_first(lab), n=k) for lab, k in efforts[:3]]
        parts.append(t("n.efforts_only", lang, items=_listing(items, lang)))
    else:
        parts.append(t("n.no_obstacle", lang))
    if row.assessment:
        parts.append(
            t(
                "n.verdict",
                lang,
                dimension=_lower_first(label) if lang == "id" else label,
                assessment=str(row.assessment_label),
                share=f"{float(row.share):.0%}",
            )
        )
    return " ".join(parts)


def _conclusion(summary: Summary, dims: pd.DataFrame) -> str:
    """Overall: the rating scale applied to all (informant, dimension) judgements together."""
    lang = summary.lang
    scale = summary.codebook.rating_scale
    pos = int(dims["positive"].sum())
    judging = pos + int(dims["negative"].sum()) + int(dims["mixed"].sum())
    title = localized(summary.codebook.title, lang, summary.codebook.id)
    each = [
        f"{_lower_first(str(r.label))} {r.assessment_label}" if r.assessment else f"{_lower_first(str(r.label))} —"
        for r in dims.itertuples(index=False)
    ]
    if not judging:
        return t("n.conclusion_none", lang, title=title)
    level = localized(scale.level_for(pos / judging).label, lang)
    reserved = bool(dims["reservation"].astype(bool).any())
    reservation = t("w.comma", lang) + localized(scale.reservation, lang) if reserved else ""
    text = t("n.conclusion", lang, title=title, level=level, reservation=reservation, n=pos, total=judging)
    return text + " " + t("n.each", lang, items="; ".join(each))
