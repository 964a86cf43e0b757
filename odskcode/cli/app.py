"""The typer application, its global options and the error boundary.

Commands are thin: parse options, call one library function, render its data.
Library errors become one ``Error: …`` line on stderr with exit 1; a traceback
appears only with ``--debug``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from .. import __version__
from ..i18n import default_lang

F = TypeVar("F", bound=Callable[..., Any])

# the order of `odskcode --help`: the one-shot job, then a project's life from import to report
COMMAND_ORDER = [
    "analyze", "init", "import", "transcripts", "autocode", "code", "tag", "untag", "memo", "segments", "codings",
    "codes", "codebook", "summarize", "narrative", "quotes", "framework", "triangulate", "agreement", "export",
    "export-transcripts", "plot", "evaluate", "explain",
]  # fmt: skip


class OrderedGroup(TyperGroup):
    """Lists commands in :data:`COMMAND_ORDER` (others after them, by name)."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


app = typer.Typer(
    cls=OrderedGroup,
    name="odskcode",
    help=(
        "Code qualitative interviews against a YAML codebook and turn the coded segments into "
        "findings tables (Indonesian and English).\n\n"
        "Start with: odskcode analyze sample_interviews"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    id = "id"
    en = "en"


class State:
    debug: bool = bool(os.environ.get("ODSKCODE_DEBUG"))


state = State()


def stderr() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def stdout() -> Console:
    return Console(soft_wrap=False, highlight=False)


def fail(text: str, code: int = 1) -> typer.Exit:
    """Print one ``Error: …`` line on stderr and return the Exit to raise."""
    stderr().print(f"Error: {escape(text)}", markup=True)
    return typer.Exit(code)


def handled(fn: F) -> F:
    """Turn library errors into ``Error: …`` on stderr, exit 1 (traceback only with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import OdskcodeError

        lang_opt = kwargs.get("lang")
        lang = lang_opt.value if isinstance(lang_opt, Lang) else default_lang()
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except OdskcodeError as exc:
            if state.debug:
                raise
            raise fail(exc.render(lang)) from None
        except KeyboardInterrupt:
            raise fail("interrupted; nothing was written", 130) from None
        except Exception as exc:  # a bug: say so in one line, full traceback with --debug
            if state.debug:
                raise
            raise fail(f"internal error: {type(exc).__name__}: {exc} — rerun with --debug and report it") from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"odskcode {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks for errors."),
) -> None:
    """Global options."""
    state.debug = debug or bool(os.environ.get("ODSKCODE_DEBUG"))


@contextmanager
def progress_bar(enabled: bool, lang: str) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, drawn only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..i18n import t

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=stderr(), transient=True
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(t(f"progress.{stage}", lang), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def write_output(text: str, output: Path | None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from ..export import atomic_write

    def writer(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    from ..errors import ExportError
    from ..i18n import msg

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(msg("ex.write_failed", detail=str(exc)), file=output) from exc
    atomic_write({output: writer})


def emit_summary(summary: Any, fmt: str, output: Path | None) -> None:
    """Print a summary as a rich table on the terminal, or as text in ``fmt`` to stdout or ``output``.

    ``xlsx`` and ``docx`` are files: they need ``--output``.
    """
    from ..export import FILE_FORMATS, report_text, write_report
    from . import render

    if fmt == "table" and output is None:
        console = stdout()
        console.print(render.findings_renderable(summary, console.width))
        return
    if fmt in FILE_FORMATS and output is None:
        raise typer.BadParameter(f"--format {fmt} writes a file: add --output FILE.{fmt}", param_hint="--format")
    if fmt == "table":
        write_output(render.render_to_text(render.findings_renderable(summary, 200)), output)
    elif output is not None:
        write_report(summary, fmt, output)
    else:
        write_output(report_text(summary, fmt), None)


def print_warnings(problems: list[Any], lang: str) -> None:
    """One ``Warning: file:line: …`` line on stderr per problem."""
    if not problems:
        return
    console = stderr()
    for problem in problems:
        console.print(f"Warning: {escape(problem.render(lang))}", markup=True)
