"""Validation reports: every problem found, each located, before anything fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .i18n import Msg

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    severity: str  # "error" | "warning"
    code: str  # stable id, e.g. "duplicate-id"
    message: Msg
    file: str | None = None
    line: int | None = None
    hint: Msg | None = None

    def location(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self, lang: str = "en") -> str:
        loc = self.location()
        text = self.message.render(lang)
        return f"{loc}: {text}" if loc else text

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "message": self.message.render(lang),
            "hint": self.hint.render(lang) if self.hint else None,
        }


@dataclass
class ValidationReport:
    file: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(
        self,
        severity: str,
        code: str,
        message: Msg,
        line: int | None = None,
        hint: Msg | None = None,
    ) -> None:
        self.problems.append(Problem(severity, code, message, self.file, line, hint))

    def sort(self) -> None:
        self.problems.sort(key=lambda p: (p.line or 0, p.severity != ERROR))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict(lang) for p in self.problems],
        }
