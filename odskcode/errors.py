"""The library's named exceptions.

Each carries the file, the 1-based line (where there is one) and a hint that names
the next thing to do. Messages are :class:`~odskcode.i18n.Msg` objects, so the
CLI can show them in Indonesian or English.
"""

from __future__ import annotations

from pathlib import Path

from .i18n import Msg


class OdskcodeError(Exception):
    """Base class: a problem with the user's input or project (CLI exit 1)."""

    def __init__(
        self,
        message: Msg | str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: Msg | str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.render("en"))

    def __str__(self) -> str:
        return self.render("en")

    def location(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self, lang: str = "en") -> str:
        text = self.message.render(lang) if isinstance(self.message, Msg) else self.message
        loc = self.location()
        out = f"{loc}: {text}" if loc else text
        if self.hint is not None:
            hint = self.hint.render(lang) if isinstance(self.hint, Msg) else self.hint
            out += f" — {hint}"
        return out


class CodebookError(OdskcodeError):
    """The codebook cannot be read or is invalid."""

    def __init__(self, message: Msg | str, *, problems: list[object] | None = None, **kw: object) -> None:
        self.problems = problems or []
        super().__init__(message, **kw)  # type: ignore[arg-type]


class TranscriptError(OdskcodeError):
    """A transcript or informants sheet cannot be read."""


class ExportError(OdskcodeError):
    """Output files could not be written; nothing was left half-written."""


class ProjectError(OdskcodeError):
    """No project, a damaged project, or a change the project refuses."""
