"""Miles–Huberman displays: the *matriks reduksi data* (framework matrix) and *triangulasi*.

Both are computed from a :class:`~odskcode.summary.Summary` (the codings that count,
the informants' judgements and the sources) and return DataFrames; nothing here
prints or renders. The rules are documented in ``docs/framework.md``.

- :func:`framework`: rows are indicators (codes, grouped under their dimension),
  columns are sources (informants grouped by stratum, then observation notes and
  documents); each cell holds that source's coded statements condensed to a short
  quote, a valence mark and a segment id; a last column gives a conclusion per
  indicator from the same numbers as the findings table.
- :func:`triangulate`: per indicator, the judgement of each informant group and of
  each technique, and whether they are consistent or divergent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import OdskcodeError
from .i18n import msg, t
from .model import Code, localized
from .summary import Summary, natural_key
from .tables import _field_values, group_judgement
from .text import sentences, shorten

CELL_QUOTE_LIMIT = 90  # characters of a condensed statement (cut at a word boundary)
VALENCE_MARKS = {"positif": "+", "negatif": "−", "netral": "0"}
SOURCE_ORDER = {"wawancara": 0, "observasi": 1, "dokumentasi": 2}
TECHNIQUES = ("wawancara", "observasi", "dokumentasi")


# --------------------------------------------------------------------------- indicators
def indicator_codes(summary: Summary, prefix: str | None = None) -> list[Code]:
    """The indicators a display has rows for, in codebook order.

    Without ``prefix``: every code below a ``dimension`` category. With it: the code
    ``prefix`` and the codes below it (a category gives its children), e.g. ``kendala``
    or ``responsivitas.kecepatan_ketepatan``.
    """
    codes = summary.codebook.codes
    if prefix:
        prefix = prefix.strip().rstrip(".")
        if prefix not in codes:
            from .retrieve import unknown_code

            raise unknown_code(prefix, summary.codebook)
        chosen = [c for c in codes.values() if c.id.startswith(prefix + ".")]
        if not chosen:  # a leaf code: its own row
            chosen = [codes[prefix]]
        return chosen
    return [c for c in codes.values() if c.parent is not None and codes[c.category].role == "dimension"]


def _covers(node: str) -> Any:
    return lambda code: code == node or str(code).startswith(node + ".")


# --------------------------------------------------------------------------- framework
@dataclass
class Framework:
    """The framework matrix in three frames.

    ``columns``: one row per source column, in display order (``key`` is the informant
    or source id, ``stratum`` the value of the stratum field, ``source`` the technique).
    ``cells``: one row per condensed statement (indicator × source × segment).
    ``rows``: one row per indicator with its dimension and conclusion.
    """

    lang: str
    stratum: str
    columns: pd.DataFrame
    cells: pd.DataFrame
    rows: pd.DataFrame
    rule: str
    counts: dict[str, int] = field(default_factory=dict)

    def dimensions(self) -> list[tuple[str, str]]:
        """(dimension id, label) in order."""
        seen: dict[str, str] = {}
        for r in self.rows.itertuples(index=False):
            seen.setdefault(str(r.dimension), str(r.dimension_label))
        return list(seen.items())

    def column_label(self, key: str) -> str:
        row = self.columns[self.columns["key"] == key].iloc[0]
        return f"{key} ({row['stratum']})" if row["stratum"] else str(key)

    def cell_text(self, code: str, key: str, sep: str = "\n") -> str:
        """The statements of one cell as text ('' when the source did not speak to it)."""
        part = self.cells[(self.cells["code"] == code) & (self.cells["key"] == key)]
        return sep.join(str(s) for s in part["statement"])

    def wide(self, sep: str = "\n") -> pd.DataFrame:
        """Indicator × source: one row per indicator, one column per source, then the conclusion."""
        keys = list(self.columns["key"])
        out = []
        for r in self.rows.itertuples(index=False):
            record: dict[str, Any] = {
                "dimension": r.dimension,
                "code": r.code,
                "label": r.label,
            }
            for key in keys:
                record[key] = self.cell_text(str(r.code), key, sep)
            record["conclusion"] = r.conclusion
            out.append(record)
        return pd.DataFrame(out, columns=["dimension", "code", "label", *keys, "conclusion"])


CELL_COLUMNS = ["dimension", "code", "key", "stratum", "source", "transcript", "segment", "valence", "mark", "quote",
                "statement"]  # fmt: skip
ROW_COLUMNS = ["dimension", "dimension_label", "code", "label", "depth", "informants", "informants_total",
               "positive", "negative", "mixed", "neutral", "observations", "documents", "share", "assessment",
               "reservation", "conclusion"]  # fmt: skip


def _terms(rule: str) -> list[str]:
    """The words of the rules that fired (``words:laporan; roots:lapor; near:a+b/8``), for locating a quote."""
    found: list[str] = []
    for part in str(rule or "").split(";"):
        kind, _, body = part.strip().partition(":")
        if kind in ("words", "roots", "all", "near", "unless"):
            body = body.split("/", 1)[0]
            found.extend(w.strip("*").lower() for w in re.split(r"[+]", body) if w.strip("*"))
    return [w for w in found if w]


def condense(text: str, rule: str = "", limit: int = CELL_QUOTE_LIMIT) -> str:
    """A short quote of a coded text: the first sentence holding a word of the rule that fired
    (else the first sentence), cut at a word boundary to ``limit`` characters."""
    spans = sentences(text) or [(0, len(text))]
    terms = _terms(rule)
    chosen = spans[0]
    if terms:
        for s, e in spans:
            lowered = text[s:e].lower()
            if any(term in lowered for term in terms):
                chosen = (s, e)
                break
    return shorten(text[chosen[0] : chosen[1]], limit)


def conclusion_numbers(judged: pd.DataFrame, node: str) -> dict[str, int]:
    """The findings table's numbers for one code: interview informants by judgement, observations, documents."""
    j = judged[judged["node"] == node] if not judged.empty else judged
    interview = j[j["source"] == "wawancara"] if not j.empty else j
    counts = interview["judgement"].value_counts().to_dict() if not interview.empty else {}
    return {
        "informants": int(interview["informant"].nunique()) if not interview.empty else 0,
        "positive": int(counts.get("positif", 0)),
        "negative": int(counts.get("negatif", 0)),
        "mixed": int(counts.get("campuran", 0)),
        "neutral": int(counts.get("netral", 0)),
        "observations": int((j["source"] == "observasi").sum()) if not j.empty else 0,
        "documents": int((j["source"] == "dokumentasi").sum()) if not j.empty else 0,
    }


def conclude(summary: Summary, code: Code, numbers: dict[str, int]) -> tuple[float | None, str, bool, str]:
    """(share, level id, reservation, sentence) of an indicator, by the findings table's rule: the level
    and the reservation (negative or mixed judgements, or an obstacle linked to the code) are those of
    its findings row. A code outside the dimensions has no level: the sentence counts who raised it."""
    lang = summary.lang
    scale = summary.codebook.rating_scale
    pos, neg, mixed = numbers["positive"], numbers["negative"], numbers["mixed"]
    judging = pos + neg + mixed
    rated = summary.codebook.codes[code.category].role == "dimension"
    others = []
    if numbers["observations"]:
        others.append(t("fw.observations", lang, n=numbers["observations"]))
    if numbers["documents"]:
        others.append(t("fw.documents", lang, n=numbers["documents"]))
    tail = ("; " + ", ".join(others)) if others else ""
    total = summary.counts.get("informants", 0)
    if not judging or not rated:
        if numbers["informants"]:
            said = "fw.only_neutral" if rated else "fw.raised"
            return None, "", False, t(said, lang, n=numbers["informants"], total=total) + tail
        if others:
            return None, "", False, t("fw.no_interview", lang) + tail
        return None, "", False, t("fw.silent", lang)
    share = pos / judging
    level = scale.level_for(share)
    finding = summary.findings[summary.findings["code"] == code.id]
    reservation = bool(neg or mixed) or bool(not finding.empty and finding["reservation"].iloc[0])
    label = localized(level.label, lang, level.id)
    if reservation:
        label += ", " + localized(scale.reservation, lang)
    sentence = t(
        "fw.conclusion",
        lang,
        label=label[:1].upper() + label[1:],
        n=numbers["informants"],
        total=total,
        pos=pos,
        neg=neg,
        mixed=mixed,
    )
    return round(share, 4), level.id, reservation, sentence + tail


def _source_columns(summary: Summary, stratum: str) -> pd.DataFrame:
    """Interview informants grouped by stratum (strata in the order of their first informant), then
    observation notes, then documents."""
    sources = summary.sources
    values = _field_values(summary, stratum) if not sources.empty else {}
    rows = []
    for r in sources.itertuples(index=False):
        rows.append(
            {
                "key": str(r.informant),
                "stratum": values.get(str(r.informant), "") if r.source == "wawancara" else "",
                "source": str(r.source),
                "role": str(r.role),
                "transcript": str(r.transcript),
            }
        )
    frame = pd.DataFrame(rows, columns=["key", "stratum", "source", "role", "transcript"])
    if frame.empty:
        return frame
    interviews = frame[frame["source"] == "wawancara"]
    first: dict[str, list[Any]] = {}
    pairs = sorted(zip(interviews["key"], interviews["stratum"], strict=True), key=lambda kv: natural_key(kv[0]))
    for key, value in pairs:
        first.setdefault(value, natural_key(key))
    keys = [
        (SOURCE_ORDER.get(s, 3), first.get(st, []) if s == "wawancara" else [], natural_key(k))
        for k, st, s in zip(frame["key"], frame["stratum"], frame["source"], strict=True)
    ]
    frame = frame.iloc[sorted(range(len(frame)), key=lambda i: keys[i])]
    return frame.drop_duplicates("key").reset_index(drop=True)


def framework(summary: Summary, codes: str | None = None, stratum: str = "group") -> Framework:
    """The *matriks reduksi data* of a summary.

    Rows: the indicators of :func:`indicator_codes` (``codes`` is a code-id prefix).
    Columns: the sources of :func:`_source_columns`, grouped by the metadata field ``stratum``.
    Each cell: one condensed statement per coded segment of that source under the
    indicator (or its sub-codes): quote, valence mark(s) and segment id. Conclusion:
    the indicator's informant judgements and the rating scale, as the findings table counts them.
    """
    lang = summary.lang
    indicators = indicator_codes(summary, codes)
    columns = _source_columns(summary, stratum)
    counted = summary.counted
    judged = summary.judgements
    source_of = dict(zip(columns["key"], columns["source"], strict=True))
    stratum_of = dict(zip(columns["key"], columns["stratum"], strict=True))
    cell_rows: list[dict[str, Any]] = []
    row_rows: list[dict[str, Any]] = []
    base_depth = min((c.id.count(".") for c in indicators), default=0)
    for code in indicators:
        dimension = summary.codebook.codes[code.category]
        mine = counted[counted["code"].map(_covers(code.id))] if not counted.empty else counted
        if not mine.empty:
            pairs = zip(mine["informant"], mine["segment"], strict=True)
            order = [(natural_key(str(i)), natural_key(str(s))) for i, s in pairs]
            mine = mine.iloc[sorted(range(len(mine)), key=lambda i: order[i])]
            for (informant, transcript, segment), group in mine.groupby(
                ["informant", "transcript", "segment"], sort=False
            ):
                key = str(informant)
                valences = [v for v in ("positif", "negatif", "netral") if v in set(group["valence"])]
                mark = "/".join(VALENCE_MARKS[v] for v in valences)
                first = group.iloc[0]
                quote = condense(str(first["text"]), "; ".join(str(r) for r in group["rule"]))
                cell_rows.append(
                    {
                        "dimension": dimension.id,
                        "code": code.id,
                        "key": key,
                        "stratum": stratum_of.get(key, ""),
                        "source": source_of.get(key, str(first["source"])),
                        "transcript": str(transcript),
                        "segment": str(segment),
                        "valence": valences[0] if len(valences) == 1 else "campuran",
                        "mark": mark,
                        "quote": quote,
                        "statement": f"“{quote}” ({mark}) {segment}",
                    }
                )
        numbers = conclusion_numbers(judged, code.id)
        share, level, reservation, sentence = conclude(summary, code, numbers)
        row_rows.append(
            {
                "dimension": dimension.id,
                "dimension_label": dimension.name(lang),
                "code": code.id,
                "label": code.name(lang),
                "depth": code.id.count(".") - base_depth,
                **numbers,
                "informants_total": summary.counts.get("informants", 0),
                "share": share,
                "assessment": level,
                "reservation": reservation,
                "conclusion": sentence,
            }
        )
    return Framework(
        lang=lang,
        stratum=stratum,
        columns=columns,
        cells=pd.DataFrame(cell_rows, columns=CELL_COLUMNS),
        rows=pd.DataFrame(row_rows, columns=ROW_COLUMNS),
        rule=t("fw.rule", lang, scale=summary.rule),
        counts=dict(summary.counts),
    )


# --------------------------------------------------------------------------- triangulation
TRIANGULATION_COLUMNS = ["code", "label", "axis", "value", "size", "judged", "positive", "negative", "mixed",
                         "neutral", "judgement", "decides"]  # fmt: skip
VERDICT_COLUMNS = ["dimension", "code", "label", "status", "group_status", "technique_status", "reason"]
STATUSES = ("divergent", "single", "consistent", "none")


@dataclass
class Triangulation:
    """Per indicator: ``table`` (one row per group or technique) and ``verdicts`` (one row per indicator)."""

    lang: str
    by: str
    min_group: int
    table: pd.DataFrame
    verdicts: pd.DataFrame
    rule: str
    dimension_labels: dict[str, str] = field(default_factory=dict)

    def sentences(self) -> list[str]:
        """One sentence per divergent indicator, in the display's language."""
        return [str(r.reason) for r in self.verdicts.itertuples(index=False) if r.status == "divergent"]


def _entry(code: Code, axis: str, value: str, members: set[str], judged: pd.DataFrame, decides: bool) -> dict[str, Any]:
    mine = judged[judged["informant"].isin(members)] if not judged.empty else judged
    counts = mine["judgement"].value_counts().to_dict() if not mine.empty else {}
    pos, neg, mixed = (int(counts.get(k, 0)) for k in ("positif", "negatif", "campuran"))
    neutral = int(counts.get("netral", 0))
    lean = group_judgement(pos, neg, mixed) or ("netral" if neutral else "")
    return {
        "code": code.id,
        "axis": axis,
        "value": value,
        "size": len(members),
        "judged": int(mine["informant"].nunique()) if not mine.empty else 0,
        "positive": pos,
        "negative": neg,
        "mixed": mixed,
        "neutral": neutral,
        "judgement": lean,
        "decides": decides,
    }


def _axis_status(entries: list[dict[str, Any]]) -> str:
    """``divergent`` when a deciding entry leans positive and another negative; ``single`` when one
    deciding entry (at most) spoke; ``consistent`` when two or more spoke without opposite leanings;
    ``none`` when no entry spoke."""
    speaking = [e for e in entries if e["decides"] and e["judgement"]]
    leanings = {e["judgement"] for e in speaking}
    if {"positif", "negatif"} <= leanings:
        return "divergent"
    if not [e for e in entries if e["judgement"]]:
        return "none"
    if len(speaking) <= 1:
        return "single"
    return "consistent"


def _describe(entry: dict[str, Any], lang: str) -> str:
    """ "informan kelompok pemerintah menilai positif (5/5)"."""
    who = (
        t(f"tri.who.{entry['axis']}", lang, value=entry["value"])
        if entry["axis"] == "group"
        else t(f"tri.who.{entry['value']}", lang)
    )
    lean = entry["judgement"]
    if lean == "campuran":  # a mixed lean: the judgements behind it
        text = t("tri.judges_mixed", lang, who=who, pos=entry["positive"], neg=entry["negative"],
                 mixed=entry["mixed"], total=entry["size"])  # fmt: skip
    elif lean == "netral":
        text = t("tri.mentions", lang, who=who, n=entry["judged"], total=entry["size"])
    else:
        count = entry["positive"] if lean == "positif" else entry["negative"]
        text = t("tri.judges", lang, who=who, judgement=t(f"j.{lean}", lang), n=count, total=entry["size"])
    return text if entry["decides"] else text + t("tri.small", lang)


def _lower_label(code: Code, lang: str) -> str:
    label = code.name(lang)
    return label[:1].lower() + label[1:] if not label[:2].isupper() else label


def _divergence(entries: list[dict[str, Any]], lang: str, doc_only: bool) -> str:
    """The body of a divergence sentence for one axis: who judges positive, whereas who judges negative."""
    if doc_only:
        others = [e for e in entries if e["value"] != "wawancara" and e["judgement"]]
        return t("tri.doc_only", lang, claims=_join([_describe(e, lang) for e in others], lang))
    deciding = [e for e in entries if e["decides"] and e["judgement"] in ("positif", "negatif")]
    positive = [_describe(e, lang) for e in deciding if e["judgement"] == "positif"]
    negative = [_describe(e, lang) for e in deciding if e["judgement"] == "negatif"]
    return t("tri.contrast", lang, first=_join(positive, lang), second=_join(negative, lang))


def _reason(code: Code, lang: str, status: str, entries: list[dict[str, Any]], min_group: int) -> str:
    """The sentence for a single-source, consistent or silent indicator."""
    label = _lower_label(code, lang)
    if status == "single":
        speaking = [e for e in entries if e["judgement"]]
        axis = "group" if all(e["axis"] == "group" for e in entries) else "technique"
        who = _join([_describe(e, lang) for e in speaking], lang)
        if not any(e["decides"] for e in speaking):  # only groups below --min-group speak to it
            return t("tri.single.small", lang, label=label, min=min_group, who=who)
        return t(f"tri.single.{axis}", lang, label=label, who=who)
    if status == "consistent":
        speaking = [e for e in entries if e["decides"] and e["judgement"]]
        return t("tri.consistent", lang, label=label, who=_join([_describe(e, lang) for e in speaking], lang))
    return t("tri.none", lang, label=label)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("tri.and", lang) + items[-1]


def triangulate(
    summary: Summary, by: str = "both", min_group: int = 2, codes: str | None = None, field_name: str = "group"
) -> Triangulation:
    """Triangulation of sources (informant groups) and techniques per indicator.

    Groups are the values of ``field_name`` among interview informants; a group with
    fewer than ``min_group`` informants is shown but never decides divergence. The
    techniques are wawancara, observasi and dokumentasi (sources of each kind). Rule
    (docs/framework.md): an indicator is **divergent** when a deciding group or
    technique leans positive and another negative, or when observations or documents
    speak to it and no interview does; **single** when only one deciding group or one
    technique speaks to it; **consistent** when two or more speak without opposite
    leanings; **none** when nobody does.
    """
    if by not in ("group", "technique", "both"):
        raise OdskcodeError(msg("tri.bad_by", value=by))
    if min_group < 1:
        raise OdskcodeError(msg("tri.bad_min_group", value=min_group))
    lang = summary.lang
    indicators = indicator_codes(summary, codes)
    sources = summary.sources
    interviews = sources[sources["source"] == "wawancara"] if not sources.empty else sources
    values = _field_values(summary, field_name) if not sources.empty else {}
    groups: dict[str, set[str]] = {}
    for inf in sorted(interviews["informant"].astype(str), key=natural_key):
        groups.setdefault(values.get(inf, "—"), set()).add(inf)
    techniques = {
        tech: set(sources[sources["source"] == tech]["informant"].astype(str)) if not sources.empty else set()
        for tech in TECHNIQUES
    }
    # with one technique in the corpus (an interview-only study) there is nothing to triangulate across techniques
    one_technique = sum(1 for members in techniques.values() if members) < 2
    use_technique = by == "technique" or (by == "both" and not one_technique)
    judged = summary.judgements
    table_rows: list[dict[str, Any]] = []
    verdict_rows: list[dict[str, Any]] = []
    for code in indicators:
        part = judged[judged["node"] == code.id] if not judged.empty else judged
        group_entries = [
            _entry(code, "group", g, members, part, len(members) >= min_group) for g, members in groups.items()
        ]
        tech_entries = [
            _entry(code, "technique", tech, members, part, True) for tech, members in techniques.items() if members
        ]
        entries: list[dict[str, Any]] = []
        statuses: dict[str, str] = {}
        doc_only = False
        if by in ("group", "both"):
            entries += group_entries
            statuses["group"] = _axis_status(group_entries)
        if use_technique:
            entries += tech_entries
            statuses["technique"] = _axis_status(tech_entries)
            interview_spoke = any(e["judgement"] for e in tech_entries if e["value"] == "wawancara")
            # a claim: observations or documents that judge it (a neutral mention claims nothing)
            others_spoke = any(
                e["judgement"] in ("positif", "negatif", "campuran") for e in tech_entries if e["value"] != "wawancara"
            )
            if others_spoke and not interview_spoke:
                statuses["technique"] = "divergent"
                doc_only = True
        status = next((s for s in STATUSES if s in statuses.values()), "none")
        axes = {"group": group_entries, "technique": tech_entries}
        if status == "divergent":
            bodies = [
                _divergence(axes[axis], lang, doc_only and axis == "technique")
                for axis in ("group", "technique")
                if statuses.get(axis) == "divergent"
            ]
            reason = t("tri.divergent", lang, label=_lower_label(code, lang), body="; ".join(bodies))
        elif status == "single":  # name the axis that rests on one source
            axis = "group" if statuses.get("group") == "single" else "technique"
            reason = _reason(code, lang, status, axes[axis], min_group)
        else:
            reason = _reason(code, lang, status, entries, min_group)
        for e in entries:
            table_rows.append({**e, "label": code.name(lang)})
        verdict_rows.append(
            {
                "dimension": code.category,
                "code": code.id,
                "label": code.name(lang),
                "status": status,
                "group_status": statuses.get("group", ""),
                "technique_status": statuses.get("technique", ""),
                "reason": reason,
            }
        )
    return Triangulation(
        lang=lang,
        by=by,
        min_group=min_group,
        table=pd.DataFrame(table_rows, columns=TRIANGULATION_COLUMNS),
        verdicts=pd.DataFrame(verdict_rows, columns=VERDICT_COLUMNS),
        rule=t("tri.rule", lang, min_group=min_group)
        + (" " + t("tri.one_technique", lang) if by == "both" and one_technique else ""),
        dimension_labels={c.category: summary.codebook.codes[c.category].name(lang) for c in indicators},
    )
