"""Text helpers: normalisation with an offset map, tokens, sentences, phrase matching.

Matching works on a normalised copy of a segment's text (NFKC, case-folded,
whitespace runs folded to one space); every position in the copy maps back to a
code-point offset of the stored text, so a hit always lands on the stored words.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

WORD_RE = re.compile(r"\w+")


_IRREGULAR_RE = re.compile(r"\s{2,}|[^\x00-\x7f]")
_ASCII_SPACE = str.maketrans("\t\n\r\x0b\x0c", "     ")


@dataclass
class Normalized:
    """Normalised text with a sparse map back to the original offsets.

    Between two breakpoints the map is linear (one normalised character per
    original one); breakpoints stand where a whitespace run was folded or a
    character changed length under NFKC or case folding ("…" becomes "...").
    """

    text: str
    norm_points: list[int]  # normalised positions of breakpoints (first is 0)
    orig_points: list[int]  # original positions at those breakpoints
    length: int  # length of the original text

    def to_orig(self, pos: int) -> int:
        i = bisect.bisect_right(self.norm_points, pos) - 1
        return min(self.orig_points[i] + (pos - self.norm_points[i]), self.length)

    def to_norm(self, pos: int) -> int:
        """The normalised position of original ``pos`` (the first one, inside an expansion)."""
        i = bisect.bisect_right(self.orig_points, pos) - 1
        while i > 0 and self.orig_points[i - 1] == self.orig_points[i]:
            i -= 1
        return min(self.norm_points[i] + (pos - self.orig_points[i]), len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span back to the original span."""
        orig_start = self.to_orig(start)
        orig_end = self.to_orig(end - 1) + 1 if end > start else orig_start
        return orig_start, orig_end


def normalize_phrase(text: str) -> str:
    """Normalise a rule word or phrase the same way segment text is normalised."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalize(text: str) -> Normalized:
    """NFKC + casefold + whitespace runs folded to one space, with a map back to ``text`` offsets.

    ASCII stretches are lower-cased in bulk; only whitespace runs and non-ASCII
    characters are handled one by one, so the usual transcript costs one pass.
    """
    parts: list[str] = []
    norm_points = [0]
    orig_points = [0]
    pos = npos = 0
    for m in _IRREGULAR_RE.finditer(text):
        chunk = text[pos : m.start()]
        parts.append(chunk)
        npos += len(chunk)
        found = m.group()
        rep = " " if found.isspace() else unicodedata.normalize("NFKC", found).casefold()
        if len(rep) != len(found):
            for k in range(1, len(rep)):  # inside an expansion every character maps to the original one
                norm_points.append(npos + k)
                orig_points.append(m.start())
            norm_points.append(npos + len(rep))
            orig_points.append(m.end())
        parts.append(rep)
        npos += len(rep)
        pos = m.end()
    parts.append(text[pos:])
    folded = "".join(parts).translate(_ASCII_SPACE).lower()
    return Normalized(folded, norm_points, orig_points, len(text))


def tokens(norm: str) -> list[tuple[int, int, str]]:
    """Word tokens of normalised text as (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(norm)]


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def build_automaton(table: dict[str, list[Any]]) -> Any:
    """An Aho-Corasick automaton over the keys of ``table``; each key's value is ``(len(key), items)``.

    None when the table is empty (an empty automaton cannot be searched).
    """
    import ahocorasick

    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for key, items in table.items():
        automaton.add_word(key, (len(key), items))
    automaton.make_automaton()
    return automaton


class PhraseMatcher(Generic[T]):
    """Whole-word matching of many words and phrases in one pass (Aho-Corasick)."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        table: dict[str, list[Any]] = {}
        for phrase, payload in entries:
            key = normalize_phrase(phrase)
            if key:
                table.setdefault(key, []).append(payload)
        self._automaton = build_automaton(table)
        self.empty = self._automaton is None

    def find(self, norm: str) -> Iterator[tuple[int, int, T]]:
        """Yield (start, end, payload) for each whole-word hit in normalised text."""
        if self.empty:
            return
        n = len(norm)
        for last, (length, payloads) in self._automaton.iter(norm):
            start = last - length + 1
            end = last + 1
            if start > 0 and is_word_char(norm[start - 1]) and is_word_char(norm[start]):
                continue
            if end < n and is_word_char(norm[end]) and is_word_char(norm[end - 1]):
                continue
            for payload in payloads:
                yield start, end, payload


_ABBREVIATIONS = frozenset(
    [
        "bpk",
        "bp",
        "sdr",
        "sdri",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "no",
        "nomor",
        "kec",
        "kel",
        "kab",
        "prov",
        "rp",
        "dll",
        "dsb",
        "dst",
        "tsb",
        "hlm",
        "jl",
        "st",
        "hj",
        "h",
        "ybs",
        "mis",
        "spt",
        "yth",
        "a.n",
        "u.p",
        "s.sos",
        "s.e",
        "s.h",
        "s.pd",
        "m.si",
    ]
)
_SENT_END_RE = re.compile(r"[.!?…]+[\"'”’)]*(?=\s)|\n")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return absolute (start, end) spans.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by white space (not after a
    common Indonesian abbreviation such as ``Bpk.`` or ``dll.``), or at a line break.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    chunk = text[start:end]
    for m in _SENT_END_RE.finditer(chunk):
        stop = start + m.end()
        if m.group() != "\n":
            before = chunk[: m.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if m.group().startswith(".") and len(m.group()) == 1 and (word in _ABBREVIATIONS or len(word) == 1):
                continue
        else:
            stop = start + m.start()
        _append_span(text, spans, cursor, stop)
        cursor = start + m.end()
    _append_span(text, spans, cursor, end)
    return spans


def _append_span(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, adding '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(",;:") + "…"
