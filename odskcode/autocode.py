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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any

from .model import Codebook, Coding, Corpus, Segment, Transcript
from .stem import Stemmer
from .text import PhraseMatcher, build_automaton, is_word_char, normalize, normalize_phrase, sentences
from .transcripts import segments as make_segments

ProgressFn = Callable[[str, int, int], None]
_SPLIT_RE = re.compile(r"(\w+)")
_BREAK_RE = re.compile(r"[,.;:!?()\"“”]")


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    rule: str  # e.g. "words:perencanaan", "roots:rencana", "near:laporan+gubernur/8"
    start: int  # offsets into the stored transcript text
    end: int


@dataclass(frozen=True, slots=True)
class Cue:
    word: str
    polarity: int  # +1 positive, -1 negative, after negation
    negated_by: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
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
    # while ``doc`` is set, offsets are positions in its normalised text (mapped only when needed)
    doc: Any = None

    def stored(self) -> SegmentResult:
        """The same result with every offset in the stored text."""
        if self.doc is None:
            return self
        span = self.doc.norm.span

        def move(x: Any) -> Any:
            start, end = span(x.start, x.end)
            return replace(x, start=start, end=end)

        return SegmentResult(
            self.segment, [move(h) for h in self.hits], [move(c) for c in self.cues], [move(e) for e in self.excluded]
        )

    def codes(self) -> list[str]:
        seen: list[str] = []
        for h in self.hits:
            if h.code not in seen:
                seen.append(h.code)
        return seen


@dataclass(slots=True)
class _Span:
    """A match in normalised text: char span and token span."""

    start: int
    end: int
    tok_start: int
    tok_end: int  # exclusive


class _Lexicon:
    """Words, phrases and wildcard words (``rencana*``, ``*laporan``, ``*lapor*``) in one automaton.

    A wildcard word is found by its fixed part; the hit then grows to the whole token.
    """

    EXACT, PREFIX, SUFFIX, INFIX = 0, 1, 2, 3

    def __init__(self, entries: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        table: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for term, payload in entries:
            kind = self.EXACT
            if term.startswith("*") and term.endswith("*"):
                kind = self.INFIX
            elif term.endswith("*"):
                kind = self.PREFIX
            elif term.startswith("*"):
                kind = self.SUFFIX
            key = normalize_phrase(term.strip("*"))
            if key:
                table[key].append((kind, payload))
        self.automaton = build_automaton(table)
        self.empty = self.automaton is None

    def find(self, norm: str, starts: list[int], ends: list[int]) -> list[tuple[_Span, tuple[str, ...]]]:
        out: list[tuple[_Span, tuple[str, ...]]] = []
        if self.empty:
            return out
        n = len(norm)
        for last, (length, items) in self.automaton.iter(norm):
            s, e = last - length + 1, last + 1
            left_open = s > 0 and is_word_char(norm[s - 1])
            right_open = e < n and is_word_char(norm[e])
            for kind, payload in items:
                if kind == self.EXACT:
                    if left_open or right_open:
                        continue
                    i = bisect.bisect_left(starts, s)
                    j = bisect.bisect_left(starts, e)
                    out.append((_Span(s, e, i, j), payload))
                    continue
                if (kind == self.PREFIX and left_open) or (kind == self.SUFFIX and right_open):
                    continue
                i = bisect.bisect_right(starts, s) - 1  # the token the fixed part stands in
                if i < 0 or ends[i] < e:
                    continue
                out.append((_Span(starts[i], ends[i], i, i + 1), payload))
        return out


def _sre() -> tuple[Any, Any] | None:
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - other Pythons
        return None
    return c, parser


def _alternatives(seq: list[Any], c: Any, limit: int = 200) -> list[str] | None:
    """All texts of a purely literal sequence (literals, groups and alternations), or None."""
    out = [""]
    for op, av in seq:
        if op is c.LITERAL:
            out = [p + chr(av).lower() for p in out]
        elif op is c.SUBPATTERN or op is c.BRANCH:
            branches = [list(av[-1])] if op is c.SUBPATTERN else [list(b) for b in av[1]]
            grown: list[str] = []
            for branch in branches:
                inner = _alternatives(branch, c, limit)
                if inner is None:
                    return None
                grown.extend(p + q for p in out for q in inner)
            if len(grown) > limit:
                return None
            out = grown
        else:
            return None
    return out


def _minimal(texts: Iterable[str]) -> list[str]:
    """Drop texts that contain another text of the set (finding the shorter one suffices)."""
    unique = sorted(set(texts), key=len)
    return sorted(t for k, t in enumerate(unique) if not any(q in t for q in unique[:k]))


def _best(sets: list[list[str]]) -> list[str] | None:
    """The most selective set: longest shortest text, then fewest texts."""
    usable = [st for st in sets if st and all(len(t) >= 3 for t in st)]
    if not usable:
        return None
    return max(usable, key=lambda st: (min(len(t) for t in st), -len(st)))


def _required(seq: list[Any], c: Any) -> list[list[str]]:
    """Sets of texts such that every match of ``seq`` contains a text of each set."""
    required: list[list[str]] = []
    run: list[str] = [""]

    def flush() -> None:
        nonlocal run
        texts = [t for t in run if t]
        if texts and len(texts) == len(run):
            required.append(_minimal(texts))
        run = [""]

    for op, av in seq:
        if op is c.LITERAL:
            run = [t + chr(av).lower() for t in run]
            continue
        if op is c.SUBPATTERN or op is c.BRANCH:
            whole = _alternatives([(op, av)], c)
            if whole is not None and len(run) * len(whole) <= 200:
                run = [t + w for t in run for w in whole]
                continue
            flush()
            branches = [list(av[-1])] if op is c.SUBPATTERN else [list(b) for b in av[1]]
            union: list[str] = []
            for branch in branches:
                chosen = _best(_required(branch, c))
                if chosen is None:
                    union = []
                    break
                union.extend(chosen)
            if union:
                required.append(_minimal(union))
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            flush()
            required.extend(_required(list(av[2]), c))  # what a repeated part must hold, it holds once
            continue
        flush()
    flush()
    return required


def required_literals(pattern: str) -> list[list[str]] | None:
    """Sets of literal texts that every match of ``pattern`` contains one of, or None if unknown.

    ``\\b(sebaiknya|perlu)\\b.{0,60}?\\bpendamping`` gives
    ``[["perlu", "sebaiknya"], ["pendamping"]]``: a segment without one text of each set
    cannot match. Texts shorter than three letters are never used.
    """
    sre = _sre()
    if sre is None:
        return None
    c, parser = sre
    try:
        items = list(parser.parse(pattern, re.IGNORECASE))
    except re.error:  # pragma: no cover - validated when the codebook was loaded
        return None
    found = [st for st in _required(items, c) if all(len(t) >= 3 for t in st)]
    return found or None


def literal_prefixes(pattern: str) -> list[str] | None:
    """The first set of :func:`required_literals` (texts one of which every match contains)."""
    found = required_literals(pattern)
    return found[0] if found else None


class _Substrings:
    """Where any of many literal texts occur (anywhere, not only at word starts)."""

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        table: dict[str, list[Any]] = defaultdict(list)
        for text, payload in entries:
            table[text].append(payload)
        self.automaton = build_automaton(table)
        self.empty = self.automaton is None

    def find(self, text: str) -> Iterator[tuple[int, Any]]:
        """(start, payload) of every occurrence."""
        if self.empty:
            return
        for last, (length, payloads) in self.automaton.iter(text):
            for payload in payloads:
                yield last - length + 1, payload


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
        # co-occurrence rules indexed by their last term (any term is a necessary condition)
        self.cooc_by_term: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for index, (_, _, group) in enumerate(self.groups):
            self.cooc_by_term[group[-1]].append(("all", index))
        for index, (_, _, words, _) in enumerate(self.near):
            self.cooc_by_term[words[-1]].append(("near", index))
        self.lexicon = _Lexicon(entries)
        triggers: list[tuple[str, tuple[int, int]]] = []
        self.regex_always: list[int] = []
        self.regex_sets: dict[int, int] = {}  # regex index -> number of required literal sets
        for index, (_, _, compiled) in enumerate(self.regexes):
            found = required_literals(compiled.pattern)
            if found is None:
                self.regex_always.append(index)
                continue
            best = _best(found) or found[0]
            self.regex_sets[index] = 1  # the most selective set alone decides where the regex runs
            triggers.extend((t, (index, 0)) for t in best)
        self.regex_triggers: _Substrings = _Substrings(triggers)
        stemmed_roots = [
            (" ".join(self.stem(w) for w in normalize_phrase(root).split()), payload) for root, payload in root_entries
        ]
        self.roots: PhraseMatcher[tuple[str, str]] = PhraseMatcher(stemmed_roots)
        # A word can only stem to a root when it contains the root without its first letter
        # (meN-/peN- drop or change the first letter: sapu → menyapu, tulis → menulis); only
        # words holding such a "tail" are given to the (slow) stemmer.
        tails = {w[1:] if len(w) > 3 else w for key, _ in stemmed_roots for w in key.split()}
        self.root_tails: _Substrings = _Substrings((t, len(t)) for t in tails)
        cues = codebook.valence
        self.cues: PhraseMatcher[tuple[str, int]] = PhraseMatcher(
            [(w, (w, 1)) for w in cues.positive] + [(w, (w, -1)) for w in cues.negative]
        )
        negators = [normalize_phrase(n) for n in cues.negators]
        self.negators = {n for n in negators if " " not in n}
        self.multi_negators = [tuple(n.split()) for n in negators if " " in n]
        self.fillers = {normalize_phrase(f) for f in cues.fillers}
        self.window = cues.window
        # the walk back from a cue ends after ``window`` content words, and in any case after
        # this many words (so a long run of fillers cannot carry a negator from far away)
        self.reach = self.window + 8
        self.negator_words = self.negators | {m[-1] for m in self.multi_negators}
        self.obstacles = {cid for cid, c in codebook.codes.items() if c.role == "obstacle"}
        self.strings: dict[str, str] = {}
        self.fixed_valence = {cid: cues.by_role[c.role] for cid, c in codebook.codes.items() if c.role in cues.by_role}

    # -- negation --------------------------------------------------------------------
    def negators_before(self, doc: _Doc, index: int, floor: int = 0) -> list[str]:
        """Negators in the chain before token ``index`` (not before token ``floor``): up to
        ``window`` tokens back, where fillers (``ada``, ``terlalu``, ...) and negators do not
        count, stopping at punctuation."""
        found: list[str] = []
        content = 0
        j = index - 1
        words, starts, ends, norm = doc.words, doc.starts, doc.ends, doc.norm.text
        lowest = max(floor, index - self.reach)
        positions = doc.negator_positions(self.negator_words)
        k = bisect.bisect_left(positions, lowest)
        if k == len(positions) or positions[k] >= index:
            return found  # no negator within reach: the usual case, decided without walking
        while j >= lowest:
            if _BREAK_RE.search(norm, ends[j], starts[j + 1] if j + 1 < len(starts) else len(norm)):
                break
            word = words[j]
            multi = None
            for m in self.multi_negators:
                if j - len(m) + 1 >= floor and tuple(words[j - len(m) + 1 : j + 1]) == m:
                    multi = m
                    break
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


class _Doc:
    """A text normalised and tokenised once, with its segments located in normalised positions."""

    def __init__(self, text: str, segments: list[Segment]) -> None:
        self.norm = normalize(text)
        # split keeps the words at odd places: [gap, word, gap, word, …, gap]; the running sum of
        # the part lengths gives every word's start and end without a Python loop per word
        parts = _SPLIT_RE.split(self.norm.text)
        offsets = list(accumulate(map(len, parts), initial=0))
        self.words: list[str] = parts[1::2]
        self.starts: list[int] = offsets[1:-1:2]
        self.ends: list[int] = offsets[2::2]
        self.segments = segments
        self.seg_starts = [self.norm.to_norm(s.start) for s in segments]
        self.seg_ends = [self.norm.to_norm(s.end) for s in segments]
        self.seg_first_token = [bisect.bisect_left(self.starts, s) for s in self.seg_starts]
        self._negators: list[int] | None = None

    def negator_positions(self, negators: set[str]) -> list[int]:
        """Token indices of the negators (computed once per text)."""
        if self._negators is None:
            self._negators = [i for i, w in enumerate(self.words) if w in negators]
        return self._negators

    def segment_of(self, start: int, end: int) -> int:
        """Index of the segment holding normalised [start, end), or -1."""
        i = bisect.bisect_right(self.seg_starts, start) - 1
        if i >= 0 and end <= self.seg_ends[i]:
            return i
        return -1

    def stored(self, span: _Span) -> tuple[int, int]:
        return self.norm.span(span.start, span.end)


def _cues(doc: _Doc, cc: CompiledCodebook) -> dict[int, list[Cue]]:
    """Evaluation words per segment, each flipped by an odd number of negators before it."""
    found: dict[int, list[Cue]] = defaultdict(list)
    last_end = -1
    hits = sorted(cc.cues.find(doc.norm.text), key=lambda h: (h[0], -(h[1] - h[0])))
    for start, end, (word, polarity) in hits:
        if start < last_end:
            continue  # a longer cue ("tepat waktu") already covers this one ("tepat")
        seg = doc.segment_of(start, end)
        if seg < 0:
            continue
        last_end = end
        index = bisect.bisect_left(doc.starts, start)
        negators = cc.negators_before(doc, index, doc.seg_first_token[seg])
        flipped = len(negators) % 2 == 1
        found[seg].append(
            Cue(word, -polarity if flipped else polarity, " ".join(negators) if flipped else None, start, end)
        )
    return found


def match_text(text: str, segments: list[Segment], cc: CompiledCodebook) -> list[SegmentResult]:
    """Every rule hit, exclusion and valence cue of every segment of ``text`` (stored offsets).

    The text is normalised, tokenised and searched once; hits are then assigned to
    the segments they stand in. Returns results only for segments where a rule fired.
    """
    doc = _Doc(text, segments)
    norm = doc.norm.text
    raw: dict[int, list[tuple[str, str, _Span]]] = defaultdict(list)  # segment -> (code, rule, span)
    terms: dict[int, dict[str, list[_Span]]] = defaultdict(lambda: defaultdict(list))
    for span, payload in cc.lexicon.find(norm, doc.starts, doc.ends):
        seg = doc.segment_of(span.start, span.end)
        if seg < 0:
            continue
        if payload[0] == "rule":
            raw[seg].append((payload[1], payload[2], span))
        else:
            terms[seg][payload[1]].append(span)
    if not cc.roots.empty and doc.words:
        stem = cc.stem
        stems = list(doc.words)
        seen: set[int] = set()
        for pos, length in cc.root_tails.find(norm):
            i = bisect.bisect_right(doc.starts, pos) - 1
            if i >= 0 and pos + length <= doc.ends[i] and i not in seen:
                seen.add(i)
                stems[i] = stem(stems[i])
        stream_starts = list(accumulate(map(len, stems), initial=0))
        stream_starts = list(map(int.__add__, stream_starts, range(len(stream_starts))))  # + one space per word
        for rs, re_, (code, rule) in cc.roots.find(" ".join(stems)):
            i = bisect.bisect_left(stream_starts, rs)
            j = bisect.bisect_left(stream_starts, re_)
            span = _Span(doc.starts[i], doc.ends[j - 1], i, j)
            seg = doc.segment_of(span.start, span.end)
            if seg >= 0:
                raw[seg].append((code, rule, span))
    present: dict[tuple[int, int], set[int]] = defaultdict(set)  # (regex, literal set) -> segments
    seg_starts = doc.seg_starts
    for pos, key in cc.regex_triggers.find(norm):
        present[key].add(bisect.bisect_right(seg_starts, pos) - 1)
    for index, n_sets in cc.regex_sets.items():
        segs = set.intersection(*(present.get((index, k), set()) for k in range(n_sets)))
        segs.discard(-1)
        code, rule, pattern = cc.regexes[index]
        for seg in sorted(segs):
            for m in pattern.finditer(norm, doc.seg_starts[seg], doc.seg_ends[seg]):
                if m.end() > m.start():
                    i = bisect.bisect_left(doc.starts, m.start())
                    j = bisect.bisect_left(doc.starts, m.end())
                    raw[seg].append((code, rule, _Span(m.start(), m.end(), i, max(j, i + 1))))
    for index in cc.regex_always:  # no literal to look for: one pass over the whole text
        code, rule, pattern = cc.regexes[index]
        for m in pattern.finditer(norm):
            seg = doc.segment_of(m.start(), m.end())
            if m.end() > m.start() and seg >= 0:
                i = bisect.bisect_left(doc.starts, m.start())
                j = bisect.bisect_left(doc.starts, m.end())
                raw[seg].append((code, rule, _Span(m.start(), m.end(), i, max(j, i + 1))))
    for seg, seg_terms in terms.items():
        # only the co-occurrence rules whose last term is present can fire here
        candidates = {k for term in seg_terms for k in cc.cooc_by_term.get(term, ())}
        for k in sorted(candidates):
            kind, index = k
            if kind == "all":
                code, rule, group = cc.groups[index]
                if all(seg_terms.get(t) for t in group):
                    first = [seg_terms[t][0] for t in group]
                    i = min(f.tok_start for f in first)
                    span = _Span(min(f.start for f in first), max(f.end for f in first), i, i + 1)
                    raw[seg].append((code, rule, span))
            else:
                code, rule, words, within = cc.near[index]
                near = _near(seg_terms, words, within)
                if near is not None:
                    raw[seg].append((code, rule, near))
    if not raw:
        return []
    cues = _cues(doc, cc)
    results = []
    for seg in sorted(raw):
        result = _resolve(doc, seg, raw[seg], terms.get(seg, {}), cc)
        result.cues = cues.get(seg, [])
        results.append(result)
    return results


def _resolve(
    doc: _Doc, seg: int, raw: list[tuple[str, str, _Span]], terms: dict[str, list[_Span]], cc: CompiledCodebook
) -> SegmentResult:
    """Apply ``unless``, negated obstacles, ``min_hits`` and ``not_with`` to a segment's raw hits."""
    result = SegmentResult(doc.segments[seg], doc=doc)
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
                result.excluded.append(Exclusion(code, "unless", rule, blocking, span.start, span.end))
                continue
        if code in cc.obstacles and span.tok_end > span.tok_start:
            negs = cc.negators_before(doc, span.tok_start, doc.seg_first_token[seg])
            if len(negs) % 2 == 1:
                result.excluded.append(Exclusion(code, "negated", rule, " ".join(negs), span.start, span.end))
                continue
        by_code[code].append((rule, span))
    for code in list(by_code):
        needed = cc.min_hits.get(code, 1)
        distinct = {(s.start, s.end) for _, s in by_code[code]}
        if len(distinct) < needed:
            for rule, span in by_code.pop(code):
                result.excluded.append(
                    Exclusion(code, "min_hits", rule, f"{len(distinct)}/{needed}", span.start, span.end)
                )
    present = set(by_code)
    for code in list(by_code):
        blocker = next((other for other in cc.not_with.get(code, ()) if other in present), None)
        if blocker is not None:
            for rule, span in by_code.pop(code):
                result.excluded.append(Exclusion(code, "not_with", rule, blocker, span.start, span.end))
    for code in sorted(by_code, key=lambda c: cc.order[c]):
        for rule, span in sorted(by_code[code], key=lambda x: x[1].start):
            result.hits.append(Hit(code, rule, span.start, span.end))
    return result


def match_segment(segment: Segment, cc: CompiledCodebook) -> SegmentResult:
    """Every rule hit, exclusion and valence cue in one segment, at stored-text offsets."""
    local = Segment(segment.transcript, segment.id, segment.informant, 0, len(segment.text), segment.text,
                    segment.turn, segment.question)  # fmt: skip
    results = match_text(segment.text, [local], cc)
    result = results[0].stored() if results else SegmentResult(local)

    def shift(x: Any) -> Any:
        return replace(x, start=x.start + segment.start, end=x.end + segment.start)

    return SegmentResult(
        segment,
        [shift(h) for h in result.hits],
        [shift(c) for c in result.cues],
        [shift(e) for e in result.excluded],
    )


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
            i = min(s.tok_start for s in chosen)
            return _Span(min(s.start for s in chosen), max(s.end for s in chosen), i, i + 1)
    return None


def valence_of(score: int) -> str:
    return "positif" if score > 0 else "negatif" if score < 0 else "netral"


def code_valence(
    result: SegmentResult,
    code: str,
    text: str,
    fixed: str | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> tuple[str, list[Cue]]:
    """Valence of ``code`` in a segment.

    ``fixed`` (the codebook's ``valence.by_role`` for the code's role) wins. Otherwise
    the cues in the sentences where the code's hits stand decide; where those
    sentences hold no cue, the cues of the whole segment do.
    """
    if fixed:
        return fixed, []
    result = result.stored()
    seg = result.segment
    if spans is None:
        spans = sentences(text, seg.start, seg.end)
    return _scoped_valence(result, code, spans)


def _scoped_valence(result: SegmentResult, code: str, spans: list[tuple[int, int]]) -> tuple[str, list[Cue]]:
    """The cues in the sentences (``spans``, in the result's own positions) where the code's hits
    stand; where those hold none, all cues of the segment."""
    hit_spans = [(h.start, h.end) for h in result.hits if h.code == code]
    scope = [(s, e) for s, e in spans if any(hs < e and s < he for hs, he in hit_spans)]
    used = [c for c in result.cues if any(s <= c.start < e for s, e in scope)]
    if not used:
        used = list(result.cues)
    return valence_of(sum(c.polarity for c in used)), used


def code_segment(result: SegmentResult, text: str, transcript: str, cc: CompiledCodebook) -> list[Coding]:
    """The codings of one matched segment: one per code, with the rules that fired and a valence."""
    seg = result.segment
    rules_by_code: dict[str, list[str]] = {}
    for h in result.hits:
        rules = rules_by_code.setdefault(h.code, [])
        if h.rule not in rules:
            rules.append(h.rule)
    polarities = {c.polarity for c in result.cues}
    unanimous = valence_of(sum(c.polarity for c in result.cues)) if len(polarities) <= 1 else None
    spans: list[tuple[int, int]] | None = None
    out = []
    for code, rules in rules_by_code.items():
        fixed = cc.fixed_valence.get(code)
        if fixed is not None:
            valence = fixed
        elif unanimous is not None:
            valence = unanimous  # all cues point one way (or there are none): scope cannot change it
        else:
            if spans is None:
                spans = sentences(text, seg.start, seg.end)
                if result.doc is not None:  # the result is in normalised positions: move the sentences there
                    to_norm = result.doc.norm.to_norm
                    spans = [(to_norm(a), to_norm(b)) for a, b in spans]
            valence, _ = _scoped_valence(result, code, spans)
        rule = "; ".join(rules)
        rule = cc.strings.setdefault(rule, rule)  # one copy of each rule text for the whole run
        out.append(Coding(transcript, seg.start, seg.end, code, "auto", valence, "", "rule", rule, seg.id))
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
    for result in match_text(transcript.text, make_segments(transcript, unit), cc):
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
    result = next(
        (r for r in match_text(transcript.text, make_segments(transcript, unit), cc) if r.segment.id == segment_id),
        SegmentResult(segment),
    ).stored()
    if not result.cues:
        doc = _Doc(transcript.text, [segment])
        result.cues = SegmentResult(segment, cues=_cues(doc, cc).get(0, []), doc=doc).stored().cues
    codes = []
    for code in result.codes():
        fixed = cc.fixed_valence.get(code)
        valence, used = code_valence(result, code, transcript.text, fixed)
        codes.append(CodeExplanation(code, [h for h in result.hits if h.code == code], valence, used, bool(fixed)))
    return Explanation(segment, codes, result.cues, result.excluded)
