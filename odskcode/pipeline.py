"""The one-shot main job: parse, auto-code and summarize transcripts in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .autocode import code_corpus
from .codebook import load_codebook
from .model import Codebook, Coding, Corpus
from .summary import Summary, summarize
from .transcripts import read_corpus

ProgressFn = Callable[[str, int, int], None]


@dataclass
class Analysis:
    corpus: Corpus
    codebook: Codebook
    codings: list[Coding]
    summary: Summary


def analyze(
    paths: Iterable[str | Path],
    codebook: Codebook | str | Path | None = None,
    unit: str = "turn",
    lang: str = "id",
    progress: ProgressFn | None = None,
) -> Analysis:
    """Read ``paths`` (files and folders), auto-code them and summarize the codings.

    ``codebook`` is a loaded :class:`Codebook`, a path, a bundled name, or ``None``
    for the bundled ODSK codebook. ``progress(stage, done, total)`` is called as
    transcripts are read (``parse``) and coded (``code``).
    """
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    corpus = read_corpus(paths, progress=progress)
    codings = code_corpus(corpus, cb, unit=unit, progress=progress)
    summary = summarize(corpus, cb, codings, lang=lang, unit=unit)
    return Analysis(corpus=corpus, codebook=cb, codings=codings, summary=summary)
