"""Orphaned codings: codings whose words disappeared when a transcript was replaced.

``odskcode import --replace`` moves every coding onto the new text by its words; a coding
whose words are gone is kept, with status ``orphaned``, its old range and its words
(``anchor``), so nothing is lost. These functions let a researcher resolve them: list
them, put one on a segment of the new text (all of the segment, or a range inside it),
or drop them. Every change is one logged transaction; a dropped orphan's whole row is
written to the log first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ProjectError
from .i18n import msg

if TYPE_CHECKING:
    import pandas as pd

    from .project import Project

ORPHAN_COLUMNS = ["id", "transcript", "code", "coder", "valence", "memo", "origin", "old_start", "old_end", "words"]


def list_orphans(project: Project, transcript: str | None = None) -> pd.DataFrame:
    """One row per orphaned coding (``id`` is what :func:`place_orphan` and :func:`drop_orphans` take)."""
    import pandas as pd

    sql = (
        'SELECT c.id, t.key, c.code, c.coder, c.valence, c.memo, c.origin, c.start, c."end", c.anchor '
        "FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE c.status = 'orphaned'"
    )
    params: tuple[Any, ...] = ()
    if transcript is not None:
        _transcript_id(project, transcript)
        sql += " AND t.key = ?"
        params = (transcript,)
    with project.store() as store:
        rows = [tuple(r) for r in store.conn.execute(sql + " ORDER BY t.key, c.start, c.id", params)]
    return pd.DataFrame(rows, columns=ORPHAN_COLUMNS)


def _transcript_id(project: Project, key: str) -> int:
    with project.store() as store:
        row = store.conn.execute("SELECT id FROM transcripts WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise ProjectError(msg("pr.unknown_transcript", key=key), hint=msg("pr.unknown_transcript_hint"))
    return int(row[0])


_ORPHANS_SQL = (
    "SELECT c.*, t.key AS transcript_key FROM codings c JOIN transcripts t ON t.id = c.transcript_id "
    "WHERE c.status = 'orphaned'"
)


def _orphan(conn: Any, orphan_id: int) -> Any:
    row = conn.execute(_ORPHANS_SQL + " AND c.id = ?", (orphan_id,)).fetchone()
    if row is None:
        raise ProjectError(msg("or.unknown", id=orphan_id), hint=msg("or.unknown_hint"))
    return row


@dataclass
class Placed:
    id: int
    transcript: str
    segment: str
    start: int
    end: int
    code: str
    coder: str
    merged: bool  # the same code by the same coder was already on that range: the orphan joined it


def place_orphan(
    project: Project, orphan_id: int, segment: str, start: int | None = None, end: int | None = None
) -> Placed:
    """Put an orphaned coding on ``segment`` of its transcript's current text.

    Without ``start``/``end`` it spans the segment; with them (code-point offsets of the
    transcript's text) the range must lie inside the segment. If the same coder already has
    the same code on that range, the orphan joins it (memos joined) instead of doubling it.
    """
    from .project import load_corpus
    from .store import Store
    from .transcripts import segments as make_segments

    with project.store() as store, store.write() as conn:
        row = _orphan(conn, orphan_id)
        key = row["transcript_key"]
        transcript = load_corpus(project, [key]).transcripts[0]
        segs = make_segments(transcript, project.settings.unit)
        seg = next((s for s in segs if s.id == segment), None)
        if seg is None:
            raise ProjectError(
                msg("or.unknown_segment", segment=segment, transcript=key),
                hint=msg("or.unknown_segment_hint", transcript=key),
            )
        lo = seg.start if start is None else start
        hi = seg.end if end is None else end
        if not (seg.start <= lo < hi <= seg.end):
            raise ProjectError(msg("or.bad_range", start=lo, end=hi, segment=segment, s=seg.start, e=seg.end))
        existing = conn.execute(
            'SELECT id, memo FROM codings WHERE transcript_id = ? AND start = ? AND "end" = ? AND code = ? '
            "AND coder = ? AND status = 'ok'",
            (row["transcript_id"], lo, hi, row["code"], row["coder"]),
        ).fetchone()
        merged = existing is not None
        if merged:
            memo = "\n".join(m for m in (existing["memo"], row["memo"]) if m)
            conn.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, existing["id"]))
            conn.execute("DELETE FROM codings WHERE id = ?", (orphan_id,))
        else:
            conn.execute(
                "UPDATE codings SET start = ?, \"end\" = ?, segment = ?, status = 'ok', anchor = ? WHERE id = ?",
                (lo, hi, seg.id, transcript.text[lo:hi], orphan_id),
            )
        Store.log(
            conn,
            "place-orphan",
            id=orphan_id,
            transcript=key,
            segment=seg.id,
            start=lo,
            end=hi,
            code=row["code"],
            coder=row["coder"],
            words=row["anchor"],
            merged=merged,
        )
    return Placed(orphan_id, key, seg.id, lo, hi, row["code"], row["coder"], merged)


def drop_orphans(project: Project, ids: list[int] | None = None, transcript: str | None = None) -> int:
    """Delete orphaned codings (the given ids, else all, or all of one transcript); each row is logged."""
    from .store import Store

    if transcript is not None:
        _transcript_id(project, transcript)
    with project.store() as store, store.write() as conn:
        if ids:
            rows = [_orphan(conn, i) for i in ids]
        else:
            sql = _ORPHANS_SQL
            params: tuple[Any, ...] = ()
            if transcript is not None:
                sql += " AND t.key = ?"
                params = (transcript,)
            rows = conn.execute(sql, params).fetchall()
        for row in rows:
            Store.log(
                conn,
                "drop-orphan",
                id=row["id"],
                transcript=row["transcript_key"],
                code=row["code"],
                coder=row["coder"],
                valence=row["valence"],
                memo=row["memo"],
                origin=row["origin"],
                start=row["start"],
                end=row["end"],
                words=row["anchor"],
            )
            conn.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
    return len(rows)
