"""odskcode: code qualitative interviews against a YAML codebook and summarize the findings.

The public functions are imported lazily so that ``odskcode --help`` stays fast::

    from odskcode import analyze, load_codebook, read_corpus, code_corpus, summarize
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "analyze": "odskcode.pipeline",
    "Analysis": "odskcode.pipeline",
    "load_codebook": "odskcode.codebook",
    "validate_codebook": "odskcode.codebook",
    "read_corpus": "odskcode.transcripts",
    "parse_transcript": "odskcode.transcripts",
    "segments": "odskcode.transcripts",
    "code_transcript": "odskcode.autocode",
    "code_corpus": "odskcode.autocode",
    "summarize": "odskcode.summary",
    "codings_frame": "odskcode.summary",
    "write_contract": "odskcode.export",
    "summary_to_dict": "odskcode.export",
    "OdskcodeError": "odskcode.errors",
    "CodebookError": "odskcode.errors",
    "TranscriptError": "odskcode.errors",
    "ExportError": "odskcode.errors",
}

__all__ = [  # noqa: PLE0604 - names resolved lazily by __getattr__
    "__version__",
    *_API,
]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'odskcode' has no attribute {name!r}")
