"""Rule-based auto-coding: pure functions from text and codebook to codings.

Nothing here reads or writes a project, so the in-memory ``analyze`` and a
project's ``autocode`` run the same :func:`code_transcript`.

Per segment, the text is normalised once (NFKC, case-folded, whitespace folded;
every position maps back to the stored text) and split into tokens. All words and
phrases of all codes are found in one pass of an Aho-Corasick automaton; wildcard
words are checked per token; roots are matched on the stemmed token stream (a
per-token cache shared by the run); then co-occurrence (``all``, ``near``),
exclusions (``unless``, ``not_with``), negated obstacles and ``min_hits`` are applied.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import Codebook, Coding, Corpus, Segment, Transcript
from .stem import Stemmer
from .text import Normalized, PhraseMatcher, normalize, normalize_phrase, sentences, tokens
from .transcripts import segments as make_segments

ProgressFn = Callable[[str, int, int], None]
_BREAK_RE = re.compile(r"[,.;:!?()\"“”]")


@dataclass(frozen=True)
class Hit:
    code: str
    rule: str  # e.g. "words:perencanaan", "roots:rencana", "near:laporan+gubernur/8"
    start: int  # offsets into the stored transcript text
    end: int


@dataclass(frozen=True)
class Cue:
    word: str
    polarity: int  # +1 positive, -1 negative, after negation
    negated_by: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Exclusion:
    """A rule that fired but did not make a coding, and why."""

    code: str
    reason: str  # "unless" | "negated" | "min_hits" | "not_with"
    rule: str
    detail: str
    start: int
    end: int


@dataclass
class SegmentResult:
    segment: Segment
    hits: list[Hit] = field(default_factory=list)  # hits of the codes that were coded
    cues: list[Cue] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)

    def codes(self) -> list[str]:
        seen: list[str] = []
        for h in self.hits:
            if h.code not in seen:
                seen.append(h.code)
        return seen


@dataclass
class _Span:
    """A match in normalised text: char span and token span."""

    start: int
    end: int
    tok_start: int
    tok_end: int  # exclusive


class _Lexicon:
    """Words, phrases and wildcard words, each with a payload, found per segment."""

    def __init__(self, entries: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        plain: list[tuple[str, tuple[str, ...]]] = []
        self.prefix: dict[int, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
        self.suffix: dict[int, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
        self.infix: list[tuple[str, tuple[str, ...]]] = []
        for term, payload in entries:
            if "*" not in term:
                plain.append((term, payload))
                continue
            core = normalize_phrase(term.strip("*"))
            if term.startswith("*") and term.endswith("*"):
                self.infix.append((core, payload))
            elif term.endswith("*"):
                self.prefix[len(core)][core].append(payload)
            else:
                self.suffix[len(core)][core].append(payload)
        self.plain: PhraseMatcher[tuple[str, ...]] = PhraseMatcher(plain)
        self.has_wildcards = bool(self.prefix or self.suffix or self.infix)

    def find(
        self, norm: str, toks: list[tuple[int, int, str]], starts: list[int]
    ) -> list[tuple[_Span, tuple[str, ...]]]:
        out: list[tuple[_Span, tuple[str, ...]]] = []
        for s, e, payload in self.plain.find(norm):
            i = bisect.bisect_left(starts, s)
            j = bisect.bisect_left(starts, e)
            out.append((_Span(s, e, i, j), payload))
        if self.has_wildcards:
            for i, (s, e, word) in enumerate(toks):
                for length, table in self.prefix.items():
                    for payload in table.get(word[:length], ()) if len(word) >= length else ():
                        out.append((_Span(s, e, i, i + 1), payload))
                for length, table in self.suffix.items():
                    for payload in table.get(word[-length:], ()) if len(word) >= length else ():
                        out.append((_Span(s, e, i, i + 1), payload))
                for core, payload in self.infix:
                    if core in word:
                        out.append((_Span(s, e, i, i + 1), payload))
        return out


class CompiledCodebook:
    """A codebook's rules and cue lists compiled once per run."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.order = {cid: i for i, cid in enumerate(codebook.codes)}
        self.stem = Stemmer(codebook.stemming)
        entries: list[tuple[str, tuple[str, ...]]] = []
        root_entries: list[tuple[str, tuple[str, str]]] = []
        self.regexes: list[tuple[str, str, re.Pattern[str]]] = []
        self.groups: list[tuple[str, str, list[str]]] = []
        self.near: list[tuple[str, str, list[str], int]] = []
        self.unless: dict[str, list[str]] = {}
        self.not_with: dict[str, list[str]] = {}
        self.min_hits: dict[str, int] = {}
        for code in codebook.codes.values():
            r = code.rules
            for word in r.words:
                entries.append((word, ("rule", code.id, f"words:{word}")))
            for root in r.roots:
                root_entries.append((root, (code.id, f"roots:{root}")))
            for pattern in r.regex:
                self.regexes.append((code.id, f"regex:{pattern}", re.compile(pattern, re.IGNORECASE)))
            for group in r.all:
                self.groups.append((code.id, "all:" + "+".join(group), group))
            for spec in r.near:
                self.near.append((code.id, f"near:{'+'.join(spec.words)}/{spec.within}", spec.words, spec.within))
            if r.unless:
                self.unless[code.id] = r.unless
            if r.not_with:
                self.not_with[code.id] = r.not_with
            if r.min_hits > 1:
                self.min_hits[code.id] = r.min_hits
        terms = {t for _, _, g in self.groups for t in g} | {t for _, _, w, _ in self.near for t in w}
        terms |= {t for phrases in self.unless.values() for t in phrases}
        entries.extend((t, ("term", t)) for t in sorted(terms))
        self.lexicon = _Lexicon(entries)
        self.roots: PhraseMatcher[tuple[str, str]] = PhraseMatcher(
            (" ".join(self.stem(w) for w in normalize_phrase(root).split()), payload) for root, payload in root_entries
        )
        cues = codebook.valence
        self.cues: PhraseMatcher[tuple[str, int]] = PhraseMatcher(
            [(w, (w, 1)) for w in cues.positive] + [(w, (w, -1)) for w in cues.negative]
        )
        negators = [normalize_phrase(n) for n in cues.negators]
        self.negators = {n for n in negators if " " not in n}
        self.multi_negators = [tuple(n.split()) for n in negators if " " in n]
        self.fillers = {normalize_phrase(f) for f in cues.fillers}
        self.window = cues.window
        self.obstacles = {cid for cid, c in codebook.codes.items() if c.role == "obstacle"}
        self.fixed_valence = {cid: cues.by_role[c.role] for cid, c in codebook.codes.items() if c.role in cues.by_role}

    # -- negation --------------------------------------------------------------------
    def negators_before(self, norm: str, toks: list[tuple[int, int, str]], index: int) -> list[str]:
        """Negators in the chain before token ``index``: up to ``window`` tokens back, where
        fillers (``ada``, ``terlalu``, ...) and negators themselves do not count, stopping at
        punctuation."""
        found: list[str] = []
        content = 0
        j = index - 1
        while j >= 0:
            if _BREAK_RE.search(norm, toks[j][1], toks[j + 1][0]):
                break
            word = toks[j][2]
            multi = next(
                (
                    m
                    for m in self.multi_negators
                    if j - len(m) + 1 >= 0 and tuple(t[2] for t in toks[j - len(m) + 1 : j + 1]) == m
                ),
                None,
            )
            if multi is not None:
                found.append(" ".join(multi))
                j -= len(multi)
                continue
            if word in self.negators:
                found.append(word)
            elif word not in self.fillers:
                content += 1
                if content >= self.window:
                    break
            j -= 1
        return found


def _cues(
    norm: Normalized, toks: list[tuple[int, int, str]], starts: list[int], base: int, cc: CompiledCodebook
) -> list[Cue]:
    """Evaluation words in a segment, each flipped by an odd number of negators before it."""
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    hits = sorted(cc.cues.find(norm.text), key=lambda h: (h[0], -(h[1] - h[0])))
    for start, end, (word, polarity) in hits:
        if any(s < end and start < e for s, e in taken):
            continue  # a longer cue ("tepat waktu") already covers this one ("tepat")
        taken.append((start, end))
        index = bisect.bisect_left(starts, start)
        negators = cc.negators_before(norm.text, toks, index)
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


def match_segment(segment: Segment, cc: CompiledCodebook) -> SegmentResult:
    """Every rule hit, exclusion and valence cue in one segment, at stored-text offsets."""
    norm = normalize(segment.text)
    text = norm.text
    toks = tokens(text)
    starts = [t[0] for t in toks]
    base = segment.start
    result = SegmentResult(segment)
    raw: list[tuple[str, str, _Span]] = []  # (code, rule, span)
    terms: dict[str, list[_Span]] = defaultdict(list)
    for span, payload in cc.lexicon.find(text, toks, starts):
        if payload[0] == "rule":
            raw.append((payload[1], payload[2], span))
        else:
            terms[payload[1]].append(span)
    if not cc.roots.empty and toks:
        stems = [cc.stem(t[2]) for t in toks]
        stream = " ".join(stems)
        stream_starts: list[int] = []
        pos = 0
        for stem in stems:
            stream_starts.append(pos)
            pos += len(stem) + 1
        for rs, re_, (code, rule) in cc.roots.find(stream):
            i = bisect.bisect_left(stream_starts, rs)
            j = bisect.bisect_left(stream_starts, re_)
            raw.append((code, rule, _Span(toks[i][0], toks[j - 1][1], i, j)))
    for code, rule, pattern in cc.regexes:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                i = bisect.bisect_left(starts, m.start())
                j = bisect.bisect_left(starts, m.end())
                raw.append((code, rule, _Span(m.start(), m.end(), i, max(j, i + 1))))
    for code, rule, group in cc.groups:
        if all(terms.get(t) for t in group):
            first = [terms[t][0] for t in group]
            raw.append((code, rule, _Span(min(f.start for f in first), max(f.end for f in first), 0, 0)))
    for code, rule, words, within in cc.near:
        spans = _near(terms, words, within)
        if spans is not None:
            raw.append((code, rule, spans))
    if not raw:
        return result

    def stored(span: _Span) -> tuple[int, int]:
        s, e = norm.span(span.start, span.end)
        return base + s, base + e

    by_code: dict[str, list[tuple[str, _Span]]] = defaultdict(list)
    for code, rule, span in raw:
        if code in cc.unless:
            blocking = next(
                (
                    u
                    for u in cc.unless[code]
                    for us in terms.get(u, ())
                    if us.start <= span.start and span.end <= us.end
                ),
                None,
            )
            if blocking is not None:
                result.excluded.append(Exclusion(code, "unless", rule, blocking, *stored(span)))
                continue
        if code in cc.obstacles and span.tok_end > span.tok_start:
            negs = cc.negators_before(text, toks, span.tok_start)
            if len(negs) % 2 == 1:
                result.excluded.append(Exclusion(code, "negated", rule, " ".join(negs), *stored(span)))
                continue
        by_code[code].append((rule, span))
    for code in list(by_code):
        needed = cc.min_hits.get(code, 1)
        distinct = {(s.start, s.end) for _, s in by_code[code]}
        if len(distinct) < needed:
            for rule, span in by_code.pop(code):
                result.excluded.append(Exclusion(code, "min_hits", rule, f"{len(distinct)}/{needed}", *stored(span)))
    present = set(by_code)
    for code in list(by_code):
        blocker = next((other for other in cc.not_with.get(code, ()) if other in present), None)
        if blocker is not None:
            for rule, span in by_code.pop(code):
                result.excluded.append(Exclusion(code, "not_with", rule, blocker, *stored(span)))
    for code in sorted(by_code, key=lambda c: cc.order[c]):
        for rule, span in sorted(by_code[code], key=lambda x: x[1].start):
            result.hits.append(Hit(code, rule, *stored(span)))
    if result.hits:
        result.cues = _cues(norm, toks, starts, base, cc)
    return result


def _near(terms: dict[str, list[_Span]], words: list[str], within: int) -> _Span | None:
    """The first place where every word stands within ``within`` tokens of the first one."""
    first, rest = words[0], words[1:]
    for anchor in terms.get(first, ()):
        chosen = [anchor]
        for word in rest:
            best = min(
                (s for s in terms.get(word, ()) if abs(s.tok_start - anchor.tok_start) <= within),
                key=lambda s: abs(s.tok_start - anchor.tok_start),
                default=None,
            )
            if best is None:
                break
            chosen.append(best)
        else:
            return _Span(min(s.start for s in chosen), max(s.end for s in chosen), 0, 0)
    return None


def valence_of(score: int) -> str:
    return "positif" if score > 0 else "negatif" if score < 0 else "netral"


def code_valence(result: SegmentResult, code: str, text: str, fixed: str | None = None) -> tuple[str, list[Cue]]:
    """Valence of ``code`` in a segment.

    ``fixed`` (the codebook's ``valence.by_role`` for the code's role) wins. Otherwise
    the cues in the sentences where the code's hits stand decide; where those
    sentences hold no cue, the cues of the whole segment do.
    """
    if fixed:
        return fixed, []
    seg = result.segment
    spans = sentences(text, seg.start, seg.end)
    hit_spans = [(h.start, h.end) for h in result.hits if h.code == code]
    scope = [(s, e) for s, e in spans if any(hs < e and s < he for hs, he in hit_spans)]
    used = [c for c in result.cues if any(s <= c.start < e for s, e in scope)]
    if not used:
        used = list(result.cues)
    return valence_of(sum(c.polarity for c in used)), used


def code_segment(result: SegmentResult, text: str, transcript: str, cc: CompiledCodebook) -> list[Coding]:
    """The codings of one matched segment: one per code, with the rules that fired and a valence."""
    seg = result.segment
    out = []
    for code in result.codes():
        rules: list[str] = []
        for h in result.hits:
            if h.code == code and h.rule not in rules:
                rules.append(h.rule)
        valence, _ = code_valence(result, code, text, cc.fixed_valence.get(code))
        out.append(
            Coding(
                transcript=transcript,
                start=seg.start,
                end=seg.end,
                code=code,
                coder="auto",
                valence=valence,
                origin="rule",
                rule="; ".join(rules),
                segment=seg.id,
            )
        )
    return out


def code_transcript(
    transcript: Transcript,
    codebook: Codebook | CompiledCodebook,
    unit: str = "turn",
) -> list[Coding]:
    """Auto-code one transcript: one coding per (segment, code) that a rule fires on.

    Codings span their segment, have coder ``auto``, origin ``rule``, the rules that
    fired in ``rule`` and a first valence from the codebook's cue lists.
    """
    cc = codebook if isinstance(codebook, CompiledCodebook) else CompiledCodebook(codebook)
    codings: list[Coding] = []
    for segment in make_segments(transcript, unit):
        result = match_segment(segment, cc)
        if result.hits:
            codings.extend(code_segment(result, transcript.text, transcript.key, cc))
    return codings


def code_corpus(
    corpus: Corpus,
    codebook: Codebook,
    unit: str = "turn",
    progress: ProgressFn | None = None,
) -> list[Coding]:
    """Auto-code every transcript of a corpus with one compiled codebook."""
    cc = CompiledCodebook(codebook)
    out: list[Coding] = []
    total = len(corpus.transcripts)
    for i, transcript in enumerate(corpus.transcripts):
        out.extend(code_transcript(transcript, cc, unit))
        if progress:
            progress("code", i + 1, total)
    return out


@dataclass
class CodeExplanation:
    code: str
    hits: list[Hit]
    valence: str
    cues: list[Cue]  # the cues that set the valence
    fixed: bool  # valence fixed by the codebook's valence.by_role


@dataclass
class Explanation:
    """Why a segment got the codes it got: rules, words, cues and near misses."""

    segment: Segment
    codes: list[CodeExplanation]
    cues: list[Cue]
    excluded: list[Exclusion]


def explain_segment(
    transcript: Transcript, segment_id: str, codebook: Codebook | CompiledCodebook, unit: str = "turn"
) -> Explanation:
    """Explain the auto-coding of one segment of a transcript.

    Raises :class:`KeyError` when the transcript has no such segment.
    """
    cc = codebook if isinstance(codebook, CompiledCodebook) else CompiledCodebook(codebook)
    segment = next((s for s in make_segments(transcript, unit) if s.id == segment_id), None)
    if segment is None:
        raise KeyError(segment_id)
    result = match_segment(segment, cc)
    if not result.cues and result.excluded:
        norm = normalize(segment.text)
        toks = tokens(norm.text)
        result.cues = _cues(norm, toks, [t[0] for t in toks], segment.start, cc)
    codes = []
    for code in result.codes():
        fixed = cc.fixed_valence.get(code)
        valence, used = code_valence(result, code, transcript.text, fixed)
        codes.append(CodeExplanation(code, [h for h in result.hits if h.code == code], valence, used, bool(fixed)))
    return Explanation(segment, codes, result.cues, result.excluded)
