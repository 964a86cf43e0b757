"""The one-shot main job: parse, auto-code and summarize transcripts in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .codebook import load_codebook
from .model import Codebook, Coding, Corpus
from .parallel import parse_and_code
from .report import Problem
from .summary import Summary, summarize
from .transcripts import check_informants, plan_corpus

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
    jobs: int | None = None,
    anonymize: bool = False,
) -> Analysis:
    """Read ``paths`` (files and folders), auto-code them and summarize the codings.

    ``codebook`` is a loaded :class:`Codebook`, a path, a bundled name, or ``None``
    for the bundled ODSK codebook. ``progress(stage, done, total)`` is called as
    transcripts are read and coded (``code``). ``jobs`` processes code in parallel
    (default: all cores; small corpora are coded in-process), with the same results.
    ``anonymize`` gives the summary pseudonyms and masked names (:mod:`odskcode.anonymize`).
    """
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    paths = list(paths)
    warnings: list[Problem] = []
    plan = plan_corpus(paths, warnings)
    transcripts, codings = parse_and_code(plan, cb, unit=unit, n_jobs=jobs, progress=progress)
    check_informants(transcripts)
    corpus = Corpus(transcripts=transcripts, root_paths=[str(p) for p in paths], warnings=warnings)
    summary = summarize(corpus, cb, codings, lang=lang, unit=unit)
    if anonymize:
        from .anonymize import anonymize as make_anonymous

        summary = make_anonymous(summary)
    return Analysis(corpus=corpus, codebook=cb, codings=codings, summary=summary)
