"""Coding transcripts in parallel worker processes, with results identical to one job.

Each worker compiles the codebook once, reads its own files and returns compact
results (the parsed transcript and its codings as tuples); the parent puts them
back in the original order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .autocode import CompiledCodebook, code_transcript
from .model import Codebook, Coding, Transcript
from .transcripts import FileJob, parse_transcript

ProgressFn = Callable[[str, int, int], None]
CodingTuple = tuple[str, int, int, str, str, str, str, str, str, str]
SERIAL_BELOW_BYTES = 2_000_000  # smaller corpora are coded in-process: starting workers costs more

_WORKER: dict[str, Any] = {}


WINDOWS_MAX_WORKERS = 61  # ProcessPoolExecutor refuses more on Windows


def default_jobs() -> int:
    return os.cpu_count() or 1


def _init(codebook: Codebook, unit: str, keep: bool) -> None:
    _WORKER["cc"] = CompiledCodebook(codebook)
    _WORKER["unit"] = unit
    _WORKER["keep"] = keep


def _pack(c: Coding) -> CodingTuple:
    return (c.transcript, c.start, c.end, c.code, c.coder, c.valence, c.memo, c.origin, c.rule, c.segment)


def _read(job: FileJob | Transcript) -> Transcript:
    if isinstance(job, Transcript):
        return job
    return parse_transcript(job.path, key=job.key, sheet=job.sheet)


def _work(batch: list[tuple[int, FileJob | Transcript]]) -> list[tuple[int, Transcript | None, list[CodingTuple]]]:
    cc: CompiledCodebook = _WORKER["cc"]
    out: list[tuple[int, Transcript | None, list[CodingTuple]]] = []
    for index, job in batch:
        transcript = _read(job)
        packed = [_pack(c) for c in code_transcript(transcript, cc, _WORKER["unit"])]
        out.append((index, transcript if _WORKER["keep"] else None, packed))
    return out


def _batches(jobs: list[FileJob | Transcript], n: int) -> list[list[tuple[int, FileJob | Transcript]]]:
    """About four batches per worker, balanced by file size, keeping each file's index."""
    indexed = sorted(enumerate(jobs), key=lambda ij: -_size(ij[1]))
    count = max(1, min(len(jobs), n * 4))
    batches: list[list[tuple[int, FileJob | Transcript]]] = [[] for _ in range(count)]
    loads = [0] * count
    for index, job in indexed:
        k = loads.index(min(loads))
        batches[k].append((index, job))
        loads[k] += _size(job)
    return [b for b in batches if b]


def _size(job: FileJob | Transcript) -> int:
    if isinstance(job, Transcript):
        return len(job.text)
    try:
        return job.path.stat().st_size
    except OSError:
        return 0


def parse_and_code(
    jobs: list[FileJob] | list[Transcript],
    codebook: Codebook,
    unit: str = "turn",
    n_jobs: int | None = None,
    progress: ProgressFn | None = None,
    keep_transcripts: bool = True,
) -> tuple[list[Transcript], list[Coding]]:
    """Parse (files) and auto-code with ``n_jobs`` processes; same results as one job, in the same order.

    ``jobs`` are files to read, or transcripts already read (a project's). With
    ``keep_transcripts=False`` only the codings come back (the transcripts list is empty).
    """
    items: list[FileJob | Transcript] = list(jobs)
    n = n_jobs or default_jobs()
    if sys.platform == "win32":
        n = min(n, WINDOWS_MAX_WORKERS)
    total = len(items)
    if n <= 1 or total < 2 or sum(_size(j) for j in items) < SERIAL_BELOW_BYTES:
        cc = CompiledCodebook(codebook)
        transcripts: list[Transcript] = []
        codings: list[Coding] = []
        for i, job in enumerate(items):
            tr = _read(job)
            if keep_transcripts:
                transcripts.append(tr)
            codings.extend(code_transcript(tr, cc, unit))
            if progress:
                progress("code", i + 1, total)
        return transcripts, codings
    results: list[tuple[int, Transcript | None, list[CodingTuple]] | None] = [None] * total
    done = 0
    with ProcessPoolExecutor(
        max_workers=min(n, total), initializer=_init, initargs=(codebook, unit, keep_transcripts)
    ) as pool:
        for batch in pool.map(_work, _batches(items, n)):
            for item in batch:
                results[item[0]] = item
            done += len(batch)
            if progress:
                progress("code", done, total)
    transcripts = []
    codings = []
    for result in results:
        if result is None:  # pragma: no cover - every index is filled by the pool or it raised
            raise RuntimeError("a worker returned no result")
        if result[1] is not None:
            transcripts.append(result[1])
        codings.extend(Coding(*t) for t in result[2])
    return transcripts, codings
