"""The data model: plain dataclasses, importing nothing else of odskcode."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ROLES = ("dimension", "obstacle", "effort", "recommendation", "other")
VALENCES = ("positif", "negatif", "netral")
JUDGEMENTS = ("positif", "negatif", "campuran", "netral")
SOURCES = ("wawancara", "observasi", "dokumentasi")
UNITS = ("turn", "paragraph", "sentence")


def localized(value: dict[str, str], lang: str, fallback: str = "") -> str:
    """Pick ``lang`` from a {lang: text} mapping, else the first non-empty text."""
    if value.get(lang):
        return value[lang]
    for text in value.values():
        if text:
            return text
    return fallback


@dataclass
class Near:
    """All ``words`` within ``within`` tokens of each other."""

    words: list[str]
    within: int = 8


@dataclass
class Rules:
    """Matching rules of one code (see docs/codebook.md, "Rules")."""

    words: list[str] = field(default_factory=list)  # words/phrases; "rencana*" and "*laporan" wildcards
    roots: list[str] = field(default_factory=list)  # Indonesian roots, matched on stemmed tokens
    regex: list[str] = field(default_factory=list)
    all: list[list[str]] = field(default_factory=list)  # each group: every term in one segment
    near: list[Near] = field(default_factory=list)
    unless: list[str] = field(default_factory=list)  # a hit inside one of these phrases does not count
    not_with: list[str] = field(default_factory=list)  # code ids: this code is dropped where they are coded
    min_hits: int = 1

    def is_empty(self) -> bool:
        return not (self.words or self.roots or self.regex or self.all or self.near)


@dataclass
class Code:
    id: str  # full dotted id, e.g. "efektivitas.perencanaan"
    role: str  # inherited from the top-level category
    label: dict[str, str]
    parent: str | None = None
    definition: dict[str, str] = field(default_factory=dict)
    when_to_use: dict[str, str] = field(default_factory=dict)
    when_not_to_use: dict[str, str] = field(default_factory=dict)
    examples: list[dict[str, str]] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)
    color: str | None = None
    children: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def depth(self) -> int:
        return self.id.count(".")

    def name(self, lang: str) -> str:
        return localized(self.label, lang, self.id)


@dataclass
class ValenceCues:
    positive: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    negators: list[str] = field(default_factory=list)
    window: int = 3
    # words that may stand between a negator and what it negates ("tidak *ada* kendala",
    # "tidak *terlalu* lambat"); they do not use up the window
    fillers: list[str] = field(default_factory=list)
    # a fixed valence for every coding of a role, e.g. {"obstacle": "negatif"}: an obstacle
    # is negative by definition, a recommendation is neutral
    by_role: dict[str, str] = field(default_factory=dict)


@dataclass
class Stemming:
    """Corrections to the Indonesian stemmer: ``pin`` a form to a root, ``block`` forms from stemming."""

    pin: dict[str, str] = field(default_factory=dict)
    block: list[str] = field(default_factory=list)


@dataclass
class RatingLevel:
    min: float
    id: str
    label: dict[str, str]


@dataclass
class RatingScale:
    levels: list[RatingLevel]
    reservation: dict[str, str]

    def level_for(self, share: float) -> RatingLevel:
        for level in self.levels:
            if share >= level.min - 1e-12:
                return level
        return self.levels[-1]


def default_rating_scale() -> RatingScale:
    return RatingScale(
        levels=[
            RatingLevel(0.80, "sangat_baik", {"id": "sangat baik", "en": "very good"}),
            RatingLevel(0.60, "baik", {"id": "baik", "en": "good"}),
            RatingLevel(0.40, "cukup_baik", {"id": "cukup baik", "en": "fairly good"}),
            RatingLevel(0.0, "kurang_baik", {"id": "kurang baik", "en": "poor"}),
        ],
        reservation={"id": "meskipun masih terdapat kekurangan", "en": "with remaining shortcomings"},
    )


@dataclass
class CodeSet:
    """A named group of codes across the tree (REFI-QDA's code sets; e.g. imported from NVivo)."""

    name: str
    codes: list[str] = field(default_factory=list)
    description: dict[str, str] = field(default_factory=dict)


@dataclass
class Codebook:
    id: str
    title: dict[str, str]
    languages: list[str]
    codes: dict[str, Code]  # full id -> code, in codebook (pre-)order
    valence: ValenceCues = field(default_factory=ValenceCues)
    rating_scale: RatingScale = field(default_factory=default_rating_scale)
    description: dict[str, str] = field(default_factory=dict)
    stemming: Stemming = field(default_factory=Stemming)
    path: str | None = None
    sets: list[CodeSet] = field(default_factory=list)

    def categories(self, role: str | None = None) -> list[Code]:
        return [c for c in self.codes.values() if c.parent is None and (role is None or c.role == role)]

    def descendants(self, code_id: str) -> Iterator[Code]:
        for child_id in self.codes[code_id].children:
            yield self.codes[child_id]
            yield from self.descendants(child_id)

    def role_of(self, code_id: str) -> str:
        return self.codes[code_id].role


@dataclass
class Speaker:
    """A speaker label of a transcript mapped to an informant (or the interviewer)."""

    label: str
    informant: str | None  # None for the interviewer
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """A stretch of stored text said by one speaker (or a paragraph of a note)."""

    speaker: str | None  # label as written; None for paragraphs of notes/documents
    informant: str | None  # None for interviewer turns
    start: int  # code-point offsets into Transcript.text
    end: int
    line: int  # 1-based line in the original file
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each line/paragraph


@dataclass
class Transcript:
    key: str  # path relative to the folder read from, with '/'
    path: str
    text: str  # stored text, newlines normalised to '\n'
    source: str  # wawancara | observasi | dokumentasi
    informant: str  # the file's main id (interview informant, OBS01, DOK01)
    meta: dict[str, Any] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)  # report.Problem: read, but worth a look

    @property
    def is_interview(self) -> bool:
        return self.source == "wawancara"

    def informants(self) -> list[str]:
        seen: list[str] = []
        for turn in self.turns:
            if turn.informant and turn.informant not in seen:
                seen.append(turn.informant)
        if not seen:
            seen.append(self.informant)
        return seen

    def informant_meta(self, informant: str) -> dict[str, Any]:
        """Metadata of one informant: the file's, overlaid with its speaker row's."""
        meta = dict(self.meta)
        for speaker in self.speakers.values():
            if speaker.informant == informant:
                meta.update({k: v for k, v in speaker.meta.items() if v not in (None, "")})
                break
        return meta


@dataclass
class Segment:
    transcript: str
    id: str  # t012, p003, t012.s02
    informant: str
    start: int
    end: int
    text: str
    turn: int  # index into Transcript.turns
    question: str | None = None  # the interviewer's preceding turn, if any


@dataclass(slots=True)
class Coding:
    transcript: str
    start: int
    end: int
    code: str
    coder: str = "auto"
    valence: str = "netral"
    memo: str = ""
    origin: str = "rule"  # rule | manual | import
    rule: str = ""
    segment: str = ""


@dataclass
class Corpus:
    transcripts: list[Transcript]
    root_paths: list[str] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)  # report.Problem, of the corpus and its transcripts

    def all_warnings(self) -> list[Any]:
        return [*self.warnings, *(w for t in self.transcripts for w in t.warnings)]

    def by_key(self) -> dict[str, Transcript]:
        return {t.key: t for t in self.transcripts}

    def counts(self) -> dict[str, int]:
        informants: set[str] = set()
        obs = doc = 0
        for t in self.transcripts:
            if t.source == "wawancara":
                informants.update(t.informants())
            elif t.source == "observasi":
                obs += 1
            else:
                doc += 1
        return {"informants": len(informants), "observations": obs, "documents": doc}
