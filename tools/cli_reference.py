"""Print docs/cli.md: the command reference, generated from each command's --help.

    python tools/cli_reference.py > docs/cli.md

tests/test_docs.py fails when docs/cli.md differs from this output.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner

from odskcode.cli import app

WIDTH = 100


def _commands(group: Any, path: list[str]) -> list[list[str]]:
    out = [path]
    if hasattr(group, "commands"):  # a group of commands
        for name in sorted(group.commands):
            out.extend(_commands(group.commands[name], [*path, name]))
    return out


def reference() -> str:
    runner = CliRunner()
    root = typer.main.get_command(app)
    parts = [
        "# Command reference",
        "",
        "Generated from `odskcode --help` by `python tools/cli_reference.py > docs/cli.md`; do not edit by hand.",
        "",
    ]
    for path in _commands(root, []):
        result = runner.invoke(app, [*path, "--help"], terminal_width=WIDTH, prog_name="odskcode")
        title = " ".join(["odskcode", *path])
        parts += [f"## `{title}`", "", "```", result.stdout.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
