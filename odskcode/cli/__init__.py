"""The command-line interface (typer + rich); only this package knows about the terminal."""

from __future__ import annotations

from . import (  # noqa: F401  (registers the commands)
    agreement_cmd,
    analyze_cmd,
    codebook_cmd,
    codes_cmd,
    coding_cmd,
    codings_cmd,
    display_cmd,
    evaluate_cmd,
    explain_cmd,
    orphans_cmd,
    project_cmd,
    refi_cmd,
    report_cmd,
    segments_cmd,
)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
