"""Re-anchoring codings onto an edited transcript by locating their words.

A coding's range in the old text is carried to the new text in three steps:

1. **exact**: the coded words stand unchanged in the new text; when they stand there
   more than once, the occurrence nearest to where the edit maps the range wins;
2. **fuzzy**: the words were edited a little; the best approximate match
   (similarity ≥ :data:`FUZZY_MIN`) near the mapped position wins;
3. otherwise the coding is **orphaned**: it keeps its words and old range, and is
   listed for the user, never dropped.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

FUZZY_MIN = 0.75
_TOKEN_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    status: str  # "exact" | "fuzzy" | "orphaned"
    score: float = 1.0


class OffsetMap:
    """Maps offsets of an old text to a new one through the words the two share."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.old_tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(old)]
        self.new_tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(new)]
        matcher = difflib.SequenceMatcher(
            None, [t[2] for t in self.old_tokens], [t[2] for t in self.new_tokens], autojunk=False
        )
        # pairs of (old char offset, new char offset) at the start of every shared word
        self.pairs: list[tuple[int, int]] = []
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                o = self.old_tokens[block.a + k]
                n = self.new_tokens[block.b + k]
                self.pairs.append((o[0], n[0]))
        self.old_starts = [p[0] for p in self.pairs]

    def map(self, offset: int) -> int:
        """Best guess of where old ``offset`` stands in the new text."""
        if not self.pairs:
            return min(offset, len(self.new))
        i = bisect.bisect_right(self.old_starts, offset) - 1
        if i < 0:
            o, n = self.pairs[0]
            return max(0, n - (o - offset))
        o, n = self.pairs[i]
        return min(len(self.new), n + (offset - o))


def _nearest(positions: list[int], target: int) -> int:
    return min(positions, key=lambda p: (abs(p - target), p))


def _fuzzy(new: str, words: str, around: int) -> tuple[int, int, float] | None:
    """Best approximate occurrence of ``words`` in ``new`` near ``around``.

    Candidates are runs of whole words of about the same length; cheap upper bounds
    (``real_quick_ratio``, ``quick_ratio``) discard most before the full ratio.
    """
    length = len(words)
    if length == 0:
        return None
    lo = max(0, around - 4 * length - 200)
    hi = min(len(new), around + 5 * length + 200)
    window = new[lo:hi]
    tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(window)]
    n_words = max(1, len(words.split()))
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)  # the coded words are compared with every candidate: analysed once
    best: tuple[float, int, int] | None = None
    floor = FUZZY_MIN
    for i in range(len(tokens)):
        for size in range(max(1, n_words - 2), n_words + 3):
            j = i + size - 1
            if j >= len(tokens):
                break
            s, e = tokens[i][0], tokens[j][1]
            candidate = window[s:e]
            if 2 * min(len(candidate), length) / (len(candidate) + length) < floor:
                continue  # lengths alone rule out a good enough match
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio < floor:
                continue
            if best is None or (ratio, -abs(lo + s - around)) > (best[0], -abs(lo + best[1] - around)):
                best = (ratio, s, e)
                floor = max(floor, ratio - 1e-9)
    if best is None:
        return None
    return lo + best[1], lo + best[2], best[0]


def place(mapping: OffsetMap, start: int, end: int, words: str | None = None) -> Placement:
    """Where the coded range [start, end) of the old text stands in the new text."""
    words = mapping.old[start:end] if words is None else words
    guess = mapping.map(start)
    if words:
        positions = [m.start() for m in re.finditer(re.escape(words), mapping.new)]
        if positions:
            s = _nearest(positions, guess)
            return Placement(s, s + len(words), "exact")
    found = _fuzzy(mapping.new, words, guess)
    if found is not None:
        s, e, score = found
        return Placement(s, e, "fuzzy", round(score, 3))
    return Placement(start, end, "orphaned", 0.0)
