"""Text helpers: normalisation with an offset map, tokens, sentences, phrase matching.

Matching works on a normalised copy of a segment's text (NFKC, case-folded,
whitespace runs folded to one space); every position in the copy maps back to a
code-point offset of the stored text, so a hit always lands on the stored words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_WORD_RE = re.compile(r"\w+")


@dataclass
class Normalized:
    text: str  # normalised text
    offsets: list[int]  # offsets[i] = stored-text offset (relative) of normalised char i; len(text)+1 entries

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span back to the original (relative) span."""
        orig_start = self.offsets[start]
        orig_end = self.offsets[end - 1] + 1 if end > start else orig_start
        return orig_start, orig_end


def normalize_phrase(text: str) -> str:
    """Normalise a rule word or phrase the same way segment text is normalised."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalize(text: str) -> Normalized:
    """NFKC + casefold + fold whitespace, keeping a map back to ``text`` offsets."""
    if text.isascii():
        lowered = text.lower()
        if "  " not in lowered and "\n" not in lowered and "\t" not in lowered and "\r" not in lowered:
            return Normalized(lowered, list(range(len(text) + 1)))
    out: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                offsets.append(i)
            in_space = True
            continue
        in_space = False
        folded = unicodedata.normalize("NFKC", ch).casefold() if not ch.isascii() else ch.lower()
        for sub in folded:
            out.append(sub)
            offsets.append(i)
    offsets.append(len(text))
    return Normalized("".join(out), offsets)


def tokens(norm: str) -> list[tuple[int, int, str]]:
    """Word tokens of normalised text as (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(norm)]


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PhraseMatcher(Generic[T]):
    """Whole-word matching of many words and phrases in one pass (Aho-Corasick)."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[T]] = {}
        for phrase, payload in entries:
            key = normalize_phrase(phrase)
            if key:
                table.setdefault(key, []).append(payload)
        for key, payloads in table.items():
            self._automaton.add_word(key, (len(key), payloads))
        self.empty = not table
        if not self.empty:
            self._automaton.make_automaton()

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
        "pak",
        "bu",
        "ibu",
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
