"""The command-line interface (typer + rich); only this package knows about the terminal."""

from __future__ import annotations

from . import analyze_cmd, codebook_cmd, evaluate_cmd, explain_cmd, project_cmd, report_cmd  # noqa: F401  (registers the commands)
from . import display_cmd  # noqa: F401  (framework, triangulate)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
