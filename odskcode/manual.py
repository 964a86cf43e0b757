"""Coding by hand: tags, memos, and a coder's decisions on the auto-coder's suggestions.

A :class:`Workbench` is one coder at one transcript of a project. Each of its writing
methods is one ``BEGIN IMMEDIATE … COMMIT`` transaction, so a crash, Ctrl-C or a closed
terminal loses nothing that was done before it; the interactive session
(:mod:`odskcode.session`) calls one of them per keypress.

What is stored (DESIGN.md, "decision"):

- a coder's coding has ``coder`` = the person and origin ``manual``; a segment-level coding
  spans its segment, a coding of some sentences spans those sentences; both keep the segment id;
- accepting a suggestion stores the coding and a decision ``accepted``; rejecting deletes the
  coder's coding and stores ``rejected`` (``autocode`` never brings a rejected code back);
- a segment the coder has finished gets a decision ``reviewed`` (code ``''``): it is then
  human-reviewed for "which codings count", and the session resumes after it;
- a memo is one per coder on a transcript or segment (table ``memos``), or a coding's own memo.

The module functions :func:`tag`, :func:`untag` and :func:`write_memo` are what the
``tag``, ``untag`` and ``memo`` commands call; none prints.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import ProjectError
from .i18n import Msg, msg
from .model import VALENCES, Code, Segment, Transcript
from .project import Project, transcript_from_row

SUGGESTED, ACCEPTED, REJECTED, ADDED = "suggested", "accepted", "rejected", "added"
_SEGMENT_RE = re.compile(r"^([a-z])0*(\d+)(?:\.s0*(\d+))?$")
_CODE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_NUMBERS_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


# --------------------------------------------------------------------------- data
@dataclass
class CodeRow:
    """One code on a segment as a coder sees it: suggested, accepted, rejected or added."""

    code: str
    state: str  # SUGGESTED | ACCEPTED | REJECTED | ADDED
    valence: str
    ranges: list[tuple[int, int]] = field(default_factory=list)  # this coder's codings of the code
    memo: str = ""  # this coder's memo on the coding

    @property
    def selected(self) -> bool:
        return self.state != REJECTED


@dataclass
class SegmentState:
    segment: Segment
    index: int  # 0-based position in the transcript
    rows: list[CodeRow]
    reviewed: bool
    memo: str  # this coder's memo on the segment


@dataclass
class Change:
    """What an action did to one code: added, updated, unchanged, removed, absent, rejected."""

    code: str
    action: str


@dataclass
class TagResult:
    transcript: str
    segment: str  # '' for a transcript memo
    coder: str
    changes: list[Change] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers
def check_coder(name: str) -> str:
    """A coder's name: not empty, one line, and not the auto-coder's ``auto``."""
    clean = (name or "").strip()
    if not clean or "\n" in clean:
        raise ProjectError(msg("mc.coder_empty"), hint=msg("mc.coder_hint"))
    if clean == "auto":
        raise ProjectError(msg("mc.coder_auto"), hint=msg("mc.coder_hint"))
    return clean


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _guess(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
        if close:
            return next(c for c in choices if c.lower() == close[0])
    return close[0] if close else None


def _hint(guess: str | None, then: Msg) -> Msg:
    return msg("mc.did_you_mean", guess=guess, then=then) if guess else then


def parse_numbers(text: str, count: int) -> list[int]:
    """Sentence numbers as typed: ``2``, ``1,3``, ``2-4``, ``1, 3-4`` (1-based, each in 1..count)."""
    numbers: set[int] = set()
    for part in (text or "").split(","):
        if not part.strip():
            continue
        m = _NUMBERS_RE.match(part)
        if m is None:
            raise ProjectError(msg("mc.bad_numbers", value=text.strip(), n=count))
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        if low > high or low < 1 or high > count:
            raise ProjectError(msg("mc.bad_numbers", value=text.strip(), n=count))
        numbers.update(range(low, high + 1))
    if not numbers:
        raise ProjectError(msg("mc.bad_numbers", value=(text or "").strip(), n=count))
    return sorted(numbers)


def sentence_runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted 1-based numbers: [1, 2, 4] -> [(1, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def runs_text(numbers: list[int]) -> str:
    """Sentence numbers as typed back: [1, 2, 3, 5] -> '1-3,5'."""
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in sentence_runs(numbers))


def resolve_transcript(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
    """A transcript row by its key (``I01.md``), its key without extension (``I01``) or its informant id."""
    rows = conn.execute("SELECT * FROM transcripts ORDER BY key").fetchall()
    if not rows:
        raise ProjectError(msg("pr.empty"), hint=msg("pr.empty_hint"))
    for test in (
        lambda r: r["key"] == name,
        lambda r: str(PurePosixPath(r["key"]).with_suffix("")) == name,
        lambda r: r["informant"] == name,
        lambda r: r["key"].lower() == name.lower(),
        lambda r: str(PurePosixPath(r["key"]).with_suffix("")).lower() == name.lower(),
        lambda r: r["informant"].lower() == name.lower(),
    ):
        found = [r for r in rows if test(r)]
        if len(found) == 1:
            return found[0]
    keys = [r["key"] for r in rows]
    by_stem = {str(PurePosixPath(k).with_suffix("")): k for k in keys}
    guess = _guess(name, keys) or by_stem.get(_guess(name, list(by_stem)) or "")
    raise ProjectError(msg("pr.unknown_transcript", key=name), hint=_hint(guess, msg("pr.unknown_transcript_hint")))


# --------------------------------------------------------------------------- the workbench
class Workbench:
    """One coder at one transcript of a project: reads state, writes decisions.

    Keeps one connection to the project database open; close it (or use ``with``).
    """

    def __init__(self, project: Project, transcript: str, coder: str) -> None:
        from .transcripts import segments as make_segments

        self.project = project
        self.coder = check_coder(coder)
        self.store = project.store()
        try:
            row = resolve_transcript(self.store.conn, transcript)
            self.codebook = project.codebook()
        except BaseException:
            self.store.close()
            raise
        self.tid: int = row["id"]
        self.transcript: Transcript = transcript_from_row(row)
        self.key: str = self.transcript.key
        self.unit = project.settings.unit
        self.segments: list[Segment] = make_segments(self.transcript, self.unit)
        self._index = {s.id: i for i, s in enumerate(self.segments)}

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups ----------------------------------------------------------------------
    def segment(self, ref: str) -> Segment:
        """A segment by id (``t003``; also ``T3``), or by its position (``3``)."""
        return self.segments[self.segment_index(ref)]

    def segment_index(self, ref: str) -> int:
        ref = (ref or "").strip()
        if ref in self._index:
            return self._index[ref]
        if ref.isdigit() and 1 <= int(ref) <= len(self.segments):
            return int(ref) - 1
        m = _SEGMENT_RE.match(ref.lower())
        if m is not None:
            wanted = (m.group(1), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
            for i, seg in enumerate(self.segments):
                s = _SEGMENT_RE.match(seg.id)
                if s is not None and (s.group(1), int(s.group(2)), int(s.group(3)) if s.group(3) else None) == wanted:
                    return i
        guess = _guess(ref, list(self._index))
        if m is not None:  # the nearest segment by number
            keyed = [(seg.id, _SEGMENT_RE.match(seg.id)) for seg in self.segments]
            near = [(abs(int(k.group(2)) - int(m.group(2))), i) for i, k in keyed if k and k.group(1) == m.group(1)]
            guess = min(near)[1] if near else guess
        raise ProjectError(
            msg("mc.unknown_segment", key=self.key, segment=ref),
            hint=_hint(guess, msg("mc.segments_hint", key=self.key)),
        )

    def code(self, ref: str) -> Code:
        """A code of the project's codebook by id; also case-insensitive, or by a unique last part."""
        found = self._find_code(ref)
        if found is not None:
            return found
        raise ProjectError(msg("mc.unknown_code", code=ref), hint=self._code_hint(ref))

    def _find_code(self, ref: str) -> Code | None:
        codes = self.codebook.codes
        ref = (ref or "").strip()
        if ref in codes:
            return codes[ref]
        lower = ref.lower()
        for test in (lambda c: c.id.lower() == lower, lambda c: c.id.rsplit(".", 1)[-1].lower() == lower):
            found = [c for c in codes.values() if test(c)]
            if len(found) == 1:
                return found[0]
        return None

    def _code_hint(self, ref: str) -> Msg:
        ids = list(self.codebook.codes)
        guess = _guess(ref, ids)
        if guess is None:
            leaves = {i.rsplit(".", 1)[-1]: i for i in ids}
            leaf = _guess(ref.rsplit(".", 1)[-1], list(leaves))
            guess = leaves[leaf] if leaf else None
        return _hint(guess, msg("mc.codes_hint", path=str(self.project.codebook_path)))

    def codes(self, refs: list[str]) -> list[Code]:
        """Codes by reference, all checked before any is used (every unknown one is named)."""
        found: list[Code] = []
        unknown: list[str] = []
        for ref in refs:
            code = self._find_code(ref)
            if code is None:
                unknown.append(ref)
            elif code not in found:
                found.append(code)
        if len(unknown) == 1:
            raise ProjectError(msg("mc.unknown_code", code=unknown[0]), hint=self._code_hint(unknown[0]))
        if unknown:
            raise ProjectError(
                msg("mc.unknown_codes", codes=", ".join(f"'{u}'" for u in unknown)),
                hint=msg("mc.codes_hint", path=str(self.project.codebook_path)),
            )
        return found

    def search(self, query: str, limit: int = 9) -> list[Code]:
        """Codes whose id or labels (in every language) match ``query``, best first.

        Every word of the query found in the id or a label ranks first (a prefix before
        a substring), then the query's letters in order (``kdl sdm``), then similar spellings.
        """
        words = _fold(query).replace(".", " ").replace("_", " ").split()
        if not words:
            return []
        compact = "".join(words)
        scored: list[tuple[float, int, Code]] = []
        for order, code in enumerate(self.codebook.codes.values()):
            texts = [_fold(code.id).replace(".", " ").replace("_", " ")] + [_fold(v) for v in code.label.values()]
            best = 0.0
            for text in texts:
                if all(w in text for w in words):
                    first = text.find(words[0])
                    at_word = first == 0 or not text[first - 1].isalnum()
                    best = max(best, 3.0 + (0.5 if at_word else 0.0) - len(text) / 1000)
                elif _subsequence(compact, text.replace(" ", "")):
                    best = max(best, 2.0 - len(text) / 1000)
                else:
                    ratio = difflib.SequenceMatcher(None, compact, text.replace(" ", "")).ratio()
                    for token in text.split():
                        ratio = max(ratio, difflib.SequenceMatcher(None, compact, token).ratio())
                    if ratio >= 0.75:
                        best = max(best, ratio)
            if best > 0:
                scored.append((-best, order, code))
        scored.sort(key=lambda x: (x[0], x[1]))
        if scored:  # only the best tier: words found, else letters in order, else similar spellings
            tier = 3.0 if -scored[0][0] >= 3.0 else 2.0 if -scored[0][0] >= 2.0 else 0.0
            scored = [x for x in scored if -x[0] >= tier]
        return [c for _, _, c in scored[:limit]]

    def sentences(self, seg: Segment) -> list[tuple[int, int]]:
        from .text import sentences

        return sentences(self.transcript.text, seg.start, seg.end) or [(seg.start, seg.end)]

    def question(self, seg: Segment) -> str | None:
        """The interviewer's last turn before the segment's turn (with its speaker label), if any: in a
        focus group, the question the informants before this one were answering too."""
        for turn in reversed(self.transcript.turns[: seg.turn]):
            if turn.informant is None:
                said = self.transcript.text[turn.start : turn.end]
                return f"{turn.speaker}: {said}" if turn.speaker else said
        return None

    # -- reading state ------------------------------------------------------------------
    def _mine(self, seg: Segment) -> list[sqlite3.Row]:
        return self.store.conn.execute(
            'SELECT id, start, "end", code, valence, memo FROM codings WHERE transcript_id = ? AND coder = ? '
            "AND status = 'ok' AND (segment = ? OR (segment = '' AND start >= ? AND start < ?)) ORDER BY start",
            (self.tid, self.coder, seg.id, seg.start, seg.end),
        ).fetchall()

    def _suggestions(self, seg: Segment) -> dict[str, str]:
        rows = self.store.conn.execute(
            "SELECT code, valence FROM codings WHERE transcript_id = ? AND coder = 'auto' AND status = 'ok' "
            "AND segment = ? ORDER BY id",
            (self.tid, seg.id),
        ).fetchall()
        return {r["code"]: r["valence"] for r in rows}

    def _decisions(self, seg: Segment) -> dict[str, str]:
        rows = self.store.conn.execute(
            "SELECT code, decision FROM decisions WHERE transcript_id = ? AND segment = ? AND coder = ?",
            (self.tid, seg.id, self.coder),
        ).fetchall()
        return {r["code"]: r["decision"] for r in rows}

    def _order(self, code: str) -> tuple[int, str]:
        keys = list(self.codebook.codes)
        return (keys.index(code), code) if code in self.codebook.codes else (len(keys), code)

    def state(self, seg: Segment | str) -> SegmentState:
        """The codes on a segment as this coder sees them, fresh from the database."""
        seg = self.segment(seg) if isinstance(seg, str) else seg
        suggestions = self._suggestions(seg)
        decisions = self._decisions(seg)
        mine: dict[str, list[sqlite3.Row]] = {}
        for row in self._mine(seg):
            mine.setdefault(row["code"], []).append(row)
        codes = set(suggestions) | set(mine) | {c for c, d in decisions.items() if c and d == REJECTED}
        rows: list[CodeRow] = []
        for code in sorted(codes, key=self._order):
            own = mine.get(code, [])
            if own:
                state = ACCEPTED if code in suggestions or decisions.get(code) else ADDED
                memo = next((r["memo"] for r in own if r["memo"]), "")
                ranges = [(r["start"], r["end"]) for r in own]
                rows.append(CodeRow(code, state, own[0]["valence"], ranges, memo))
            elif decisions.get(code) == REJECTED:
                rows.append(CodeRow(code, REJECTED, suggestions.get(code, "")))
            else:
                rows.append(CodeRow(code, SUGGESTED, suggestions[code]))
        memo_row = self.store.conn.execute(
            "SELECT text FROM memos WHERE transcript_id = ? AND segment = ? AND code = '' AND coder = ? "
            "ORDER BY id DESC LIMIT 1",
            (self.tid, seg.id, self.coder),
        ).fetchone()
        return SegmentState(
            seg, self._index[seg.id], rows, decisions.get("") == "reviewed", memo_row[0] if memo_row else ""
        )

    def reviewed(self) -> set[str]:
        """Ids of the segments this coder has finished."""
        rows = self.store.conn.execute(
            "SELECT segment FROM decisions WHERE transcript_id = ? AND coder = ? AND decision = 'reviewed'",
            (self.tid, self.coder),
        ).fetchall()
        return {r[0] for r in rows} & set(self._index)

    def progress(self) -> tuple[int, int]:
        """(segments finished by this coder, segments of the transcript)."""
        return len(self.reviewed()), len(self.segments)

    def resume_index(self) -> int | None:
        """The first segment this coder has not finished, or None when all are."""
        done = self.reviewed()
        return next((i for i, s in enumerate(self.segments) if s.id not in done), None)

    def covered_sentences(self, seg: Segment, ranges: list[tuple[int, int]]) -> list[int] | None:
        """The 1-based sentences that ``ranges`` cover, or None when they span the whole segment."""
        if not ranges or any(s <= seg.start and e >= seg.end for s, e in ranges):
            return None
        spans = self.sentences(seg)
        return [n for n, (a, b) in enumerate(spans, start=1) if any(s < b and a < e for s, e in ranges)]

    # -- writing ------------------------------------------------------------------------
    def _default_valence(self, code: str, seg: Segment) -> str:
        role = self.codebook.codes[code].role if code in self.codebook.codes else ""
        fixed = self.codebook.valence.by_role.get(role)
        if fixed:
            return fixed
        return self._suggestions(seg).get(code) or "netral"

    def _insert(self, conn: sqlite3.Connection, seg: Segment, code: str, start: int, end: int, valence: str,
                memo: str) -> None:  # fmt: skip
        from .store import now

        conn.execute(
            'INSERT INTO codings(transcript_id, start, "end", code, coder, valence, memo, origin, rule, segment, '
            "created_at, status, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', '', ?, ?, 'ok', ?) "
            "ON CONFLICT(transcript_id, start, \"end\", code, coder) DO UPDATE SET status = 'ok', "
            "segment = excluded.segment, anchor = excluded.anchor, valence = excluded.valence, memo = excluded.memo",
            (self.tid, start, end, code, self.coder, valence, memo, seg.id, now(), self.transcript.text[start:end]),
        )

    def _decide(self, conn: sqlite3.Connection, seg: Segment, code: str, decision: str) -> None:
        from .store import now

        conn.execute(
            "INSERT INTO decisions(transcript_id, segment, coder, code, decision, at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(transcript_id, segment, coder, code) DO UPDATE SET decision = excluded.decision, "
            "at = excluded.at",
            (self.tid, seg.id, self.coder, code, decision, now()),
        )

    def ranges_for(self, seg: Segment, sentences: list[int] | None) -> list[tuple[int, int]]:
        if sentences is None:
            return [(seg.start, seg.end)]
        spans = self.sentences(seg)
        if sentences == list(range(1, len(spans) + 1)):
            return [(seg.start, seg.end)]
        return [(spans[a - 1][0], spans[b - 1][1]) for a, b in sentence_runs(sentences)]

    def _tag(
        self,
        conn: sqlite3.Connection,
        seg: Segment,
        code: str,
        valence: str | None,
        memo: str | None,
        sentences: list[int] | None,
    ) -> Change:
        own = [r for r in self._mine(seg) if r["code"] == code]
        wanted = self.ranges_for(seg, sentences)
        old_ranges = sorted((r["start"], r["end"]) for r in own)
        new_valence = valence or (own[0]["valence"] if own else self._default_valence(code, seg))
        new_memo = memo if memo is not None else next((r["memo"] for r in own if r["memo"]), "")
        if not own:
            action = "added"
        elif (sentences is not None and sorted(wanted) != old_ranges) or any(
            r["valence"] != new_valence or r["memo"] != new_memo for r in own
        ):
            action = "updated"
        else:
            action = "unchanged"
        if sentences is not None or not own:
            ranges = wanted
            for r in own:
                if (r["start"], r["end"]) not in ranges:
                    conn.execute("DELETE FROM codings WHERE id = ?", (r["id"],))
        else:
            ranges = old_ranges
        for start, end in ranges:
            self._insert(conn, seg, code, start, end, new_valence, new_memo)
        decisions = self._decisions(seg)
        if code in self._suggestions(seg) or decisions.get(code):
            self._decide(conn, seg, code, ACCEPTED)
        return Change(code, action)

    def tag(
        self,
        seg: Segment | str,
        codes: list[str],
        valence: str | None = None,
        memo: str | None = None,
        sentences: list[int] | None = None,
    ) -> list[Change]:
        """Code a segment (or some of its sentences) with ``codes``; accepts them where they were suggested.

        Tagging twice stores one coding. ``valence`` and ``memo`` change the coder's
        codings of those codes; ``sentences`` (1-based) replaces their ranges.
        """
        from .store import Store

        seg = self.segment(seg) if isinstance(seg, str) else seg
        if valence is not None and valence not in VALENCES:
            raise ProjectError(msg("mc.bad_valence", value=valence, choices=", ".join(VALENCES)))
        ids = [c.id for c in self.codes(codes)]
        if sentences is not None:
            count = len(self.sentences(seg))
            if not sentences or any(not 1 <= n <= count for n in sentences):
                raise ProjectError(msg("mc.bad_numbers", value=",".join(map(str, sentences)), n=count))
            sentences = sorted(set(sentences))
        with self.store.write() as conn:
            Store.ensure_coder(conn, self.coder)
            changes = [self._tag(conn, seg, code, valence, memo, sentences) for code in ids]
            Store.log(
                conn,
                "tag",
                transcript=self.key,
                segment=seg.id,
                coder=self.coder,
                codes={c.code: c.action for c in changes},
                valence=valence,
                memo=memo,
                sentences=sentences,
            )
        return changes

    def untag(self, seg: Segment | str, codes: list[str], reject: bool = False) -> list[Change]:
        """Remove this coder's codings of ``codes`` on a segment; with ``reject``, also reject them
        (the auto-coder never brings them back on this segment)."""
        from .store import Store

        seg = self.segment(seg) if isinstance(seg, str) else seg
        ids = self._code_ids(seg, codes)
        changes: list[Change] = []
        with self.store.write() as conn:
            Store.ensure_coder(conn, self.coder)
            decisions = self._decisions(seg)
            for code in ids:
                removed = 0
                for row in self._mine(seg):
                    if row["code"] == code:
                        removed += conn.execute("DELETE FROM codings WHERE id = ?", (row["id"],)).rowcount
                if reject:
                    self._decide(conn, seg, code, REJECTED)
                    changes.append(Change(code, REJECTED))
                else:
                    if decisions.get(code) == ACCEPTED:
                        conn.execute(
                            "DELETE FROM decisions WHERE transcript_id = ? AND segment = ? AND coder = ? AND code = ?",
                            (self.tid, seg.id, self.coder, code),
                        )
                    changes.append(Change(code, "removed" if removed else "absent"))
            Store.log(
                conn,
                "reject" if reject else "untag",
                transcript=self.key,
                segment=seg.id,
                coder=self.coder,
                codes={c.code: c.action for c in changes},
            )
        return changes

    def _code_ids(self, seg: Segment, refs: list[str]) -> list[str]:
        """Codes to remove or reject: codebook codes, or codes already on the segment (a code since
        removed from the codebook can still be removed or rejected where it stands)."""
        on_segment = {r.code for r in self.state(seg).rows}
        rest = [r for r in refs if r not in on_segment]
        if rest:
            self.codes(rest)  # every unknown one is named at once
        out: list[str] = []
        for ref in refs:
            code = ref if ref in on_segment else self.code(ref).id
            if code not in out:
                out.append(code)
        return out

    def accept(self, seg: Segment | str, code: str, valence: str | None = None) -> Change:
        return self.tag(seg, [code], valence=valence)[0]

    def reject(self, seg: Segment | str, code: str) -> Change:
        return self.untag(seg, [code], reject=True)[0]

    def finish(self, seg: Segment | str) -> list[str]:
        """The coder is done with a segment: its pending suggestions are accepted and it is marked
        reviewed, in one transaction. Returns the codes accepted now."""
        from .store import Store

        seg = self.segment(seg) if isinstance(seg, str) else seg
        with self.store.write() as conn:
            Store.ensure_coder(conn, self.coder)
            pending = [r.code for r in self.state(seg).rows if r.state == SUGGESTED]
            for code in pending:
                self._tag(conn, seg, code, None, None, None)
            self._decide(conn, seg, "", "reviewed")
            Store.log(conn, "review", transcript=self.key, segment=seg.id, coder=self.coder, accepted=pending)
        return pending

    def memo(self, seg: Segment | str | None, text: str, code: str | None = None) -> Change:
        """Write this coder's memo on the transcript (``seg`` None), a segment, or a coding (``code``).

        One memo per coder and place: writing again replaces it (the log keeps the old text);
        the same text again changes nothing. A memo on a code not yet on the segment tags it.
        """
        from .store import Store, now

        segment = self.segment(seg) if isinstance(seg, str) else seg
        text = text.strip()
        if not text:
            raise ProjectError(msg("mc.memo_empty"))
        if code is not None:
            if segment is None:
                raise ProjectError(msg("mc.memo_code_needs_segment"))
            return self.tag(segment, [code], memo=text)[0]
        seg_id = segment.id if segment is not None else ""
        with self.store.write() as conn:
            Store.ensure_coder(conn, self.coder)
            old = conn.execute(
                "SELECT id, text FROM memos WHERE transcript_id = ? AND segment = ? AND code = '' AND coder = ? "
                "ORDER BY id",
                (self.tid, seg_id, self.coder),
            ).fetchall()
            if len(old) == 1 and old[0]["text"] == text:
                return Change("", "unchanged")
            for row in old:
                conn.execute("DELETE FROM memos WHERE id = ?", (row["id"],))
            conn.execute(
                "INSERT INTO memos(transcript_id, segment, code, coder, text, at) VALUES (?, ?, '', ?, ?, ?)",
                (self.tid, seg_id, self.coder, text, now()),
            )
            Store.log(
                conn,
                "memo",
                transcript=self.key,
                segment=seg_id,
                coder=self.coder,
                text=text,
                replaced=[r["text"] for r in old],
            )
        return Change("", "updated" if old else "added")

    def check_new_code(self, code_id: str) -> str:
        """The id of a code to create, checked: well-formed, new, and under an existing code."""
        code_id = (code_id or "").strip()
        if not _CODE_ID_RE.match(code_id):
            raise ProjectError(msg("mc.bad_code_id", code=code_id))
        if code_id in self.codebook.codes:
            raise ProjectError(msg("mc.code_exists", code=code_id))
        if "." in code_id:
            parent = code_id.rsplit(".", 1)[0]
            if parent not in self.codebook.codes:
                raise ProjectError(msg("mc.no_parent", code=code_id, parent=parent), hint=self._code_hint(parent))
        return code_id

    def create_code(self, code_id: str, labels: dict[str, str], tag: Segment | str | None = None) -> Code:
        """Add a code to the project's codebook (written atomically, validated first, logged);
        with ``tag``, also code that segment with it, in the same transaction."""
        from .codebook import Codebook, codebook_to_dict, dump_codebook, load_codebook, validate_text
        from .project import write_atomic
        from .store import Store

        code_id = self.check_new_code(code_id)
        segment = self.segment(tag) if isinstance(tag, str) else tag
        path = Path(self.project.codebook_path)

        def plan(raw: bytes) -> tuple[str, Codebook, dict[str, str], str]:
            """The codebook file's new text, the codebook it holds, and the new code's labels and role."""
            codebook = load_codebook(path)  # the file as it is now, in case someone else changed it
            if code_id in codebook.codes:
                raise ProjectError(msg("mc.code_exists", code=code_id))
            leaf = code_id.rsplit(".", 1)[-1]
            label = {lang: (labels.get(lang) or "").strip() for lang in codebook.languages}
            default = next((v for v in label.values() if v), leaf.replace("_", " "))
            label = {lang: value or default for lang, value in label.items()}
            parent = code_id.rsplit(".", 1)[0] if "." in code_id else None
            if parent is not None and parent not in codebook.codes:
                raise ProjectError(msg("mc.no_parent", code=code_id, parent=parent), file=path)
            role = codebook.codes[parent].role if parent else "other"
            new = Code(id=code_id, role=role, label=label, parent=parent)
            codebook.codes[code_id] = new
            if parent:
                codebook.codes[parent].children.append(code_id)
            # keep the file as the user wrote it (comments, order, quoting): insert the new code's lines;
            # where that cannot be done safely, write the whole codebook in its canonical form
            item: dict[str, Any] = {"id": leaf} if parent else {"id": leaf, "role": role}
            item["label"] = label
            original = raw.decode("utf-8-sig").replace("\r\n", "\n")
            checked = None
            text = insert_code_text(original, parent, item)
            if text is not None:
                _, checked = validate_text(text, str(path))
                if checked is None or codebook_to_dict(checked) != codebook_to_dict(codebook):
                    checked = None
            if text is None or checked is None:
                text = dump_codebook(codebook)
                report, checked = validate_text(text, str(path))
                if checked is None:
                    raise ProjectError(msg("mc.codebook_invalid", detail=report.errors[0].message), file=path)
            return text, checked, label, role

        raw = path.read_bytes()
        text, checked, label, role = plan(raw)
        with self.store.write() as conn:  # other writers wait here; one that wrote the codebook meanwhile
            now_raw = path.read_bytes()  # (another coder creating a code) must not lose its code
            if now_raw != raw:
                text, checked, label, role = plan(now_raw)
            Store.ensure_coder(conn, self.coder)
            Store.log(conn, "code_create", code=code_id, label=label, role=role, coder=self.coder, codebook=str(path))
            write_atomic(path, text)
            self.codebook = checked
            if segment is not None:
                self._tag(conn, segment, code_id, None, None, None)
                Store.log(conn, "tag", transcript=self.key, segment=segment.id, coder=self.coder,
                          codes={code_id: "added"})  # fmt: skip
        return checked.codes[code_id]


def insert_code_text(text: str, parent: str | None, item: dict[str, Any]) -> str | None:
    """Codebook YAML ``text`` with ``item`` (a code as plain data) appended to ``parent``'s children
    (or to the top-level codes), every other line kept as it was; None where the layout is not a
    plain block layout this can edit safely."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None

    def get(node: Any, key: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return None
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)

    owner = root
    seq = get(root, "codes")
    for part in parent.split(".") if parent else []:
        if not isinstance(seq, yaml.SequenceNode):
            return None
        owner = next((it for it in seq.value if str(getattr(get(it, "id"), "value", "")) == part), None)
        if owner is None:
            return None
        seq = get(owner, "children")
    lines = text.split("\n")

    def insert_after(node: Any) -> int:
        """The index of the line after the node's last line of content (comments and blank lines that
        follow it stay with what comes next)."""
        end = len(lines) if node.end_mark.index >= len(text) else node.end_mark.line
        if node.end_mark.index < len(text) and lines[end][: node.end_mark.column].strip():
            end += 1  # the node ends inside this line
        i = end - 1
        while i >= 0 and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
            i -= 1
        return i + 1

    dumped = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    body = dumped.rstrip("\n").split("\n")
    if isinstance(seq, yaml.SequenceNode) and seq.value and not seq.flow_style:
        first = seq.value[0]
        dash = lines[first.start_mark.line].rfind("-", 0, first.start_mark.column)
        if dash < 0 or not isinstance(first, yaml.MappingNode) or first.flow_style:
            return None
        new = [" " * dash + line for line in body]
        at = insert_after(seq)
    elif seq is None and parent and isinstance(owner, yaml.MappingNode) and not owner.flow_style:
        column = owner.start_mark.column
        new = [" " * column + "children:", *(" " * (column + 2) + line for line in body)]
        at = insert_after(owner)
    else:
        return None
    return "\n".join(lines[:at] + new + lines[at:])


def open_workbench(project: Project, transcript: str, coder: str) -> Workbench:
    """A :class:`Workbench` for ``coder`` on a transcript (key, key without extension, or informant id)."""
    return Workbench(project, transcript, coder)


# --------------------------------------------------------------------------- for scripts
def tag(
    project: Project,
    transcript: str,
    segment: str,
    codes: list[str],
    coder: str,
    valence: str | None = None,
    memo: str | None = None,
    sentences: str | None = None,
) -> TagResult:
    """Code one segment with ``codes`` as ``coder`` (``odskcode tag``); idempotent.

    ``sentences`` is typed text like ``1,3-4``: only those sentences of the segment are coded.
    """
    with Workbench(project, transcript, coder) as bench:
        seg = bench.segment(segment)
        numbers = parse_numbers(sentences, len(bench.sentences(seg))) if sentences is not None else None
        changes = bench.tag(seg, codes, valence=valence, memo=memo, sentences=numbers)
        return TagResult(bench.key, seg.id, bench.coder, changes)


def untag(project: Project, transcript: str, segment: str, codes: list[str], coder: str,
          reject: bool = False) -> TagResult:  # fmt: skip
    """Remove ``coder``'s codings of ``codes`` on one segment (``odskcode untag``); with ``reject``,
    also store a rejection so that ``autocode`` never brings them back there."""
    with Workbench(project, transcript, coder) as bench:
        seg = bench.segment(segment)
        return TagResult(bench.key, seg.id, bench.coder, bench.untag(seg, codes, reject=reject))


def write_memo(
    project: Project, transcript: str, segment: str | None, text: str, coder: str, code: str | None = None
) -> TagResult:
    """Write ``coder``'s memo on a transcript, a segment, or (with ``code``) a coding (``odskcode memo``)."""
    with Workbench(project, transcript, coder) as bench:
        seg = bench.segment(segment) if segment is not None else None
        change = bench.memo(seg, text, code=code)
        return TagResult(bench.key, seg.id if seg else "", bench.coder, [change])


def coder_decisions(project: Project, coder: str | None = None) -> list[dict[str, Any]]:
    """Every stored decision (of one coder, or all): transcript, segment, coder, code, decision."""
    sql = (
        "SELECT t.key AS transcript, d.segment, d.coder, d.code, d.decision FROM decisions d "
        "JOIN transcripts t ON t.id = d.transcript_id"
    )
    params: tuple[Any, ...] = ()
    if coder is not None:
        sql += " WHERE d.coder = ?"
        params = (coder,)
    with project.store() as store:
        rows = store.conn.execute(sql + " ORDER BY t.key, d.segment, d.code", params).fetchall()
    return [dict(r) for r in rows]


def _subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)
