"""Coding by hand: ``code`` (the interactive session), ``tag``, ``untag`` and ``memo`` (for scripts)."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from ..i18n import t
from .app import Lang, app, handled, write_output
from .project_cmd import project_option

TRANSCRIPT_HELP = "Transcript key (I01.md), key without extension, or informant id."
SEGMENT_HELP = "Segment id (t003), as in 'transcripts show', or its number."
CODER_HELP = "Your name as a coder (or $ODSKCODE_CODER); 'auto' is the auto-coder's."
# what the terminal sends for special keys: POSIX escape sequences and Windows console codes
SPECIAL_KEYS = {
    "\r": "enter",
    "\n": "enter",
    "\r\n": "enter",
    "\x1b": "esc",
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1bOA": "up",
    "\x1bOB": "down",
    "\x1bOC": "right",
    "\x1bOD": "left",
    "\x1b[5~": "pgup",
    "\x1b[6~": "pgdn",
    "\x00H": "up",
    "\x00P": "down",
    "\x00M": "right",
    "\x00K": "left",
    "\x00I": "pgup",
    "\x00Q": "pgdn",
    "\xe0H": "up",
    "\xe0P": "down",
    "\xe0M": "right",
    "\xe0K": "left",
    "\xe0I": "pgup",
    "\xe0Q": "pgdn",
    "\x03": "interrupt",  # Ctrl-C read in raw mode (with other keys typed ahead)
    "\x04": "eof",  # Ctrl-D
}
# one key in what the terminal sent: CR LF, an escape sequence (arrows, page keys), or one character
_KEY_RE = re.compile(r"\r\n|\x1b\[[0-9;?]*[~A-Za-z]|\x1bO[A-Za-z]|.", re.S)
# what a terminal's line input can hold that is not text: escape sequences (an arrow key where the
# line cannot be edited with it) and control characters
_ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[~A-Za-z]|\x1bO[A-Za-z]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
ESC = "\x1b"  # what read_line gives for a line the user cancelled with Esc
# in scripted input (one key per line) these names stand for keys that cannot be typed into a line
NAMED_KEYS = {"<enter>": "enter", "<esc>": "esc", "<up>": "up", "<down>": "down", "<left>": "left",
              "<right>": "right", "<pgup>": "pgup", "<pgdn>": "pgdn"}  # fmt: skip


class Valence(str, Enum):
    positif = "positif"
    negatif = "negatif"
    netral = "netral"


def coder_option() -> Any:
    return typer.Option(..., "--coder", envvar="ODSKCODE_CODER", metavar="NAME", help=CODER_HELP)


def lang_option() -> Any:
    return typer.Option(Lang.en, "--lang", envvar="ODSKCODE_LANG", help="Language of the messages.")


def key_name(raw: str) -> str:
    """A key from the terminal (one character, or an escape sequence) as the session names it."""
    if raw in SPECIAL_KEYS:
        return SPECIAL_KEYS[raw]
    if raw.startswith("\x1b"):
        return "esc" if len(raw) == 1 else raw
    return raw[:1] if raw else "enter"


def split_keys(raw: str) -> list[str]:
    """The keys in what one read from the terminal gave, named as :func:`key_name` names them:
    several when they were typed ahead (or pasted) while the screen was being drawn."""
    if not raw or raw in SPECIAL_KEYS:
        return [key_name(raw)]
    return [key_name(m.group()) for m in _KEY_RE.finditer(raw)]


def clean_line(text: str) -> str:
    """A line typed at a prompt, as text: arrow keys and other escape sequences dropped, tabs made
    spaces, other control characters dropped; :data:`ESC` where Esc was pressed in it (cancel)."""
    text = _ESCAPE_RE.sub("", text)
    if ESC in text:
        return ESC
    return _CONTROL_RE.sub("", text.replace("\t", " "))


def read_chars() -> str:
    """What the keyboard has sent: one key, or several typed ahead while the screen was drawn
    ('' when the terminal is gone).

    On POSIX the terminal is read in raw mode as typer.getchar does, but without discarding what
    was typed before the read (tty.setraw flushes pending input by default). The Windows console
    keeps typed-ahead keys itself, so there typer.getchar reads them one by one.
    """
    if os.name == "nt" or not sys.stdin.isatty():
        return typer.getchar()
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    decoder = codecs.getincrementaldecoder(sys.stdin.encoding or "utf-8")("replace")
    try:
        tty.setraw(fd, termios.TCSANOW)
        chunk = os.read(fd, 64)
        text = decoder.decode(chunk)
        while chunk and decoder.getstate()[0]:  # a character cut in two by the read
            chunk = os.read(fd, 64)
            text += decoder.decode(chunk)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    return text


def scripted_key(line: str) -> str:
    """A key from one line of scripted input: empty is Enter, ``<esc>`` and the like name a key."""
    line = line.rstrip("\r\n")
    if not line:
        return "enter"
    return NAMED_KEYS.get(line.lower(), line)


class Terminal:
    """Reads keys and lines and draws screens: full-screen on a terminal, plain text otherwise."""

    def __init__(self, tty: bool | None = None, console: Any = None) -> None:
        self.tty = sys.stdin.isatty() and sys.stdout.isatty() if tty is None else tty
        if not self.tty and hasattr(sys.stdout, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured
                sys.stdout.reconfigure(errors="replace")
        if self.tty and console is None:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=True)
        self.console = console if self.tty else None
        self.pending: list[str] = []  # keys typed ahead, read but not yet handled

    def size(self) -> tuple[int, int]:
        if self.console is None:
            return 80, 24
        width, height = self.console.size
        return max(40, min(width, 120)), max(14, height)

    def draw(self, screen: Any) -> None:
        if self.console is None:
            sys.stdout.write(screen.text() + "\n")
            sys.stdout.flush()
            return
        from rich.text import Text

        self.console.clear()
        for line in screen.lines:
            self.console.print(Text(line.text, style=line.style or ""), overflow="crop", no_wrap=True)
        self.console.print(Text(screen.prompt, style="bold"), end="")

    def read_key(self) -> str:
        if not self.tty:
            line = sys.stdin.readline()
            return "eof" if not line else scripted_key(line)
        if not self.pending:
            try:
                raw = read_chars()
            except KeyboardInterrupt:
                return "interrupt"
            except EOFError:
                return "eof"
            if not raw:  # the terminal was closed
                return "eof"
            self.pending = split_keys(raw)
        return self.pending.pop(0)

    def read_line(self) -> str | None:
        """A line of text; None when input ended (or Ctrl-C); :data:`ESC` when the line was cancelled."""
        if not self.tty:
            line = sys.stdin.readline()
            if not line:
                return None
            line = line.rstrip("\r\n")
            return ESC if line.lower() == "<esc>" else line
        typed = ""  # keys typed ahead since the key that asked for this line
        while self.pending:
            key = self.pending.pop(0)
            if key in ("interrupt", "eof"):
                return None
            if key == "esc":
                return ESC
            if key == "enter":
                return clean_line(typed)
            if len(key) == 1:
                typed += key
        if typed:
            sys.stdout.write(typed)
            sys.stdout.flush()
        try:
            return clean_line(typed + input())
        except (EOFError, KeyboardInterrupt):  # Ctrl-D, Ctrl-C: the session ends
            return None

    def close(self) -> None:
        if self.console is not None:
            self.console.clear()


@app.command()
@handled
def code(
    transcript: str = typer.Argument(..., metavar="TRANSCRIPT", help=TRANSCRIPT_HELP),
    coder: str = coder_option(),
    segment: str = typer.Option(None, "--segment", "-s", metavar="ID", help="Open at this segment (default: resume)."),
    project: Path | None = project_option(),
    lang: Lang = typer.Option(
        None, "--lang", envvar="ODSKCODE_LANG", help="Language of the screen (default: the project's)."
    ),
) -> None:
    """Code a transcript by hand, one segment at a time, in the terminal.

    The auto-coder's suggestions come pre-selected; keys accept or reject them, add and create codes,
    set valence, write memos and code single sentences. Every decision is saved at once, and
    running the command again resumes where you stopped. Without a terminal, keys are read one per
    line from stdin (an empty line is Enter), so a script can drive it. See docs/coding.md.
    """
    from ..manual import open_workbench
    from ..project import open_project
    from ..session import DONE, LINE, Session

    proj = open_project(project)
    chosen = lang.value if lang else proj.settings.lang
    terminal = Terminal()
    width, height = terminal.size()
    with open_workbench(proj, transcript, coder) as bench:
        session = Session(bench, lang=chosen, width=width, height=height, start=segment)
        if session.done:
            total = len(bench.segments)
            write_output(t("mc.nothing_left", chosen, key=bench.key, total=total, coder=bench.coder), None)
            return
        try:
            while True:
                screen = session.screen()
                if screen.wants == DONE:
                    break
                terminal.draw(screen)
                if screen.wants == LINE:
                    text = terminal.read_line()
                    key = "esc" if text == ESC else None
                else:
                    text, key = None, terminal.read_key()
                if terminal.tty:  # the window may have been resized while the session waited
                    session.width, session.height = terminal.size()
                if key is None:
                    session.line(text)
                else:
                    session.key(key)
        except KeyboardInterrupt:  # Ctrl-C while a key was handled: that action is undone, the rest kept
            session.key("interrupt")
        finally:
            terminal.close()
        write_output(session.summary(), None)


def _tag_lines(result: Any, lang: str) -> str:
    lines = []
    for change in result.changes:
        lines.append(
            t(
                f"mc.out.{change.action}",
                lang,
                key=result.transcript,
                segment=result.segment,
                code=change.code,
                coder=result.coder,
            )
        )
    return "\n".join(lines)


@app.command()
@handled
def tag(
    transcript: str = typer.Argument(..., metavar="TRANSCRIPT", help=TRANSCRIPT_HELP),
    segment: str = typer.Argument(..., metavar="SEGMENT", help=SEGMENT_HELP),
    codes: list[str] = typer.Argument(..., metavar="CODE...", help="Code ids of the project's codebook."),
    coder: str = coder_option(),
    valence: Valence = typer.Option(
        None, "--valence", help="Valence of these codings (default: kept, else the suggestion's)."
    ),
    memo: str = typer.Option(None, "--memo", metavar="TEXT", help="A memo on these codings."),
    sentences: str = typer.Option(
        None, "--sentences", metavar="N", help="Code only these sentences of the segment, e.g. 2 or 1,3-4."
    ),
    project: Path | None = project_option(),
    lang: Lang = lang_option(),
) -> None:
    """Code one segment with one or more codes, as a coder. Tagging twice stores one coding.

    Where the auto-coder suggested the code, this accepts the suggestion.
    Example: odskcode tag I01.md t003 efektivitas.perencanaan --coder ani --valence positif
    """
    from ..manual import tag as tag_segment
    from ..project import open_project

    result = tag_segment(
        open_project(project),
        transcript,
        segment,
        codes,
        coder,
        valence=valence.value if valence else None,
        memo=memo,
        sentences=sentences,
    )
    write_output(_tag_lines(result, lang.value), None)


@app.command()
@handled
def untag(
    transcript: str = typer.Argument(..., metavar="TRANSCRIPT", help=TRANSCRIPT_HELP),
    segment: str = typer.Argument(..., metavar="SEGMENT", help=SEGMENT_HELP),
    codes: list[str] = typer.Argument(..., metavar="CODE...", help="Code ids to remove."),
    coder: str = coder_option(),
    reject: bool = typer.Option(
        False, "--reject", help="Also reject the codes here, so that autocode never adds them again."
    ),
    project: Path | None = project_option(),
    lang: Lang = lang_option(),
) -> None:
    """Remove a coder's codings of codes on one segment (says so when there were none)."""
    from ..manual import untag as untag_segment
    from ..project import open_project

    result = untag_segment(open_project(project), transcript, segment, codes, coder, reject=reject)
    write_output(_tag_lines(result, lang.value), None)


@app.command()
@handled
def memo(
    transcript: str = typer.Argument(..., metavar="TRANSCRIPT", help=TRANSCRIPT_HELP),
    words: list[str] = typer.Argument(..., metavar="[SEGMENT] TEXT", help="Optional segment id, then the memo's text."),
    coder: str = coder_option(),
    code_id: str = typer.Option(
        None, "--code", metavar="CODE", help="Put the memo on this code's coding of the segment."
    ),
    project: Path | None = project_option(),
    lang: Lang = lang_option(),
) -> None:
    """Write your memo on a transcript, a segment, or (with --code) a coding. Writing again replaces it.

    Examples: odskcode memo I01.md t003 "Informan ragu soal data" --coder ani ·
    odskcode memo I01.md "Wawancara terpotong hujan" --coder ani
    """
    from ..manual import write_memo
    from ..project import open_project

    if len(words) > 2:
        raise typer.BadParameter("give at most a segment and one text; quote the text", param_hint="[SEGMENT] TEXT")
    segment, text = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    result = write_memo(open_project(project), transcript, segment, text, coder, code=code_id)
    change = result.changes[0]
    where = result.segment or t("mc.out.transcript", lang.value)
    if code_id is not None:
        where = f"{result.segment} {change.code}"
    action = "unchanged" if change.action == "unchanged" else "updated" if change.action == "updated" else "added"
    out = t(f"mc.out.memo_{action}", lang.value, key=result.transcript, where=where, coder=result.coder)
    write_output(out, None)


__all__ = ["code", "memo", "tag", "untag"]
