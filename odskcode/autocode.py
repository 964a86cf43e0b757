"""Rule-based auto-coding: pure functions from text and codebook to codings.

Nothing here reads or writes a project, so the in-memory ``analyze`` and a
project's ``autocode`` run the same :func:`code_transcript`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Codebook, Coding, Corpus, Segment, Transcript
from .text import Normalized, PhraseMatcher, normalize, normalize_phrase, sentences, tokens
from .transcripts import segments as make_segments

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Hit:
    code: str
    rule: str  # e.g. "words:perencanaan"
    start: int  # offsets into the stored transcript text
    end: int


@dataclass(frozen=True)
class Cue:
    word: str
    polarity: int  # +1 positive, -1 negative, after negation
    negated_by: str | None
    start: int
    end: int


@dataclass
class SegmentResult:
    segment: Segment
    hits: list[Hit] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)


class CompiledCodebook:
    """A codebook's rules and cue lists compiled once per run."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.words: PhraseMatcher[tuple[str, str]] = PhraseMatcher(
            (word, (code.id, f"words:{word}")) for code in codebook.codes.values() for word in code.rules.words
        )
        self.regexes: list[tuple[str, str, re.Pattern[str]]] = [
            (code.id, f"regex:{pattern}", re.compile(pattern, re.IGNORECASE))
            for code in codebook.codes.values()
            for pattern in code.rules.regex
        ]
        cues = codebook.valence
        self.cues: PhraseMatcher[tuple[str, int]] = PhraseMatcher(
            [(w, (w, 1)) for w in cues.positive] + [(w, (w, -1)) for w in cues.negative]
        )
        self.negators = {normalize_phrase(n) for n in cues.negators}
        self.multiword_negators = [tuple(n.split()) for n in self.negators if " " in n]
        self.window = cues.window


def _cues(norm: Normalized, base: int, compiled: CompiledCodebook) -> list[Cue]:
    """Evaluation words in a segment, each flipped by an odd number of negators before it."""
    toks = tokens(norm.text)
    starts = [t[0] for t in toks]
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    hits = sorted(compiled.cues.find(norm.text), key=lambda h: (h[0], -(h[1] - h[0])))
    for start, end, (word, polarity) in hits:
        if any(s < end and start < e for s, e in taken):
            continue  # a longer cue ("tepat waktu") already covers this one ("tepat")
        taken.append((start, end))
        index = bisect.bisect_left(starts, start)
        window = [t[2] for t in toks[max(0, index - compiled.window) : index]]
        negators = [w for w in window if w in compiled.negators]
        for multi in compiled.multiword_negators:
            joined = " ".join(window)
            if " ".join(multi) in joined:
                negators.append(" ".join(multi))
        flipped = len(negators) % 2 == 1
        o_start, o_end = norm.span(start, end)
        found.append(
            Cue(
                word=word,
                polarity=-polarity if flipped else polarity,
                negated_by=" ".join(negators) if flipped else None,
                start=base + o_start,
                end=base + o_end,
            )
        )
    return found


def match_segment(segment: Segment, compiled: CompiledCodebook) -> SegmentResult:
    """All rule hits and valence cues in one segment, at stored-text offsets."""
    norm = normalize(segment.text)
    base = segment.start
    result = SegmentResult(segment)
    for start, end, (code, rule) in compiled.words.find(norm.text):
        o_start, o_end = norm.span(start, end)
        result.hits.append(Hit(code, rule, base + o_start, base + o_end))
    for code, rule, pattern in compiled.regexes:
        for m in pattern.finditer(norm.text):
            if m.end() > m.start():
                o_start, o_end = norm.span(m.start(), m.end())
                result.hits.append(Hit(code, rule, base + o_start, base + o_end))
    if result.hits:
        result.cues = _cues(norm, base, compiled)
    return result


def valence_of(score: int) -> str:
    return "positif" if score > 0 else "negatif" if score < 0 else "netral"


def code_valence(result: SegmentResult, code: str, text: str) -> tuple[str, list[Cue]]:
    """Valence of ``code`` in a segment: the cues in the sentences where the code's hits stand."""
    seg = result.segment
    spans = sentences(text, seg.start, seg.end)
    hit_spans = [(h.start, h.end) for h in result.hits if h.code == code]
    scope = [(s, e) for s, e in spans if any(hs < e and s < he for hs, he in hit_spans)]
    used = [c for c in result.cues if any(s <= c.start < e for s, e in scope)]
    return valence_of(sum(c.polarity for c in used)), used


def code_transcript(
    transcript: Transcript,
    codebook: Codebook | CompiledCodebook,
    unit: str = "turn",
) -> list[Coding]:
    """Auto-code one transcript: one coding per (segment, code) that a rule fires on.

    Codings span their segment, have coder ``auto``, origin ``rule``, the rules that
    fired in ``rule`` and a first valence from the codebook's cue lists.
    """
    compiled = codebook if isinstance(codebook, CompiledCodebook) else CompiledCodebook(codebook)
    codings: list[Coding] = []
    for segment in make_segments(transcript, unit):
        result = match_segment(segment, compiled)
        if not result.hits:
            continue
        by_code: dict[str, list[str]] = {}
        for hit in sorted(result.hits, key=lambda h: h.start):
            rules = by_code.setdefault(hit.code, [])
            if hit.rule not in rules:
                rules.append(hit.rule)
        order = list(compiled.codebook.codes)
        for code in sorted(by_code, key=order.index):
            valence, _ = code_valence(result, code, transcript.text)
            codings.append(
                Coding(
                    transcript=transcript.key,
                    start=segment.start,
                    end=segment.end,
                    code=code,
                    coder="auto",
                    valence=valence,
                    origin="rule",
                    rule="; ".join(by_code[code]),
                    segment=segment.id,
                )
            )
    return codings


def code_corpus(
    corpus: Corpus,
    codebook: Codebook,
    unit: str = "turn",
    progress: ProgressFn | None = None,
) -> list[Coding]:
    """Auto-code every transcript of a corpus with one compiled codebook."""
    compiled = CompiledCodebook(codebook)
    out: list[Coding] = []
    total = len(corpus.transcripts)
    for i, transcript in enumerate(corpus.transcripts):
        out.extend(code_transcript(transcript, compiled, unit))
        if progress:
            progress("code", i + 1, total)
    return out
