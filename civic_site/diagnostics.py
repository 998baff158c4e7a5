"""One record for everything wrong in an editor's input, and the one way to print it.

Every check (event front matter, `check`, `import-jekyll`, pretix, figures, links)
reports `Diagnostic`s; hooks, commands and CI annotations format them through this
module only, so an editor sees the same `path:line: key: message` everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# What precedes a message in the German text output: errors need no label.
_LABELS = {ERROR: "", WARNING: "Warnung: ", INFO: "Hinweis: "}
# GitHub workflow command per severity (issue: annotations in pull requests).
_GITHUB_COMMANDS = {ERROR: "error", WARNING: "warning", INFO: "notice"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """`path:line: key: message`; `path` is shown as given (relative to the project)."""

    path: str
    line: int
    key: str
    message: str
    severity: Severity = ERROR

    def __str__(self) -> str:
        return format_diagnostic(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def relative_to(self, root: Path) -> Diagnostic:
        """The same diagnostic with its path shown relative to the project root."""
        return replace(self, path=display_path(self.path, root))

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)


def diagnostic(
    path: Path | str, line: int, key: str, message: str, severity: Severity = ERROR
) -> Diagnostic:
    """Build a Diagnostic from a filesystem path (kept as POSIX text)."""
    text = path.as_posix() if isinstance(path, Path) else str(path)
    return Diagnostic(text, max(int(line or 1), 1), key or "", message, Severity(severity))


def display_path(path: Path | str, root: Path) -> str:
    """`path` relative to `root` when it lies inside it, else unchanged."""
    candidate = Path(path)
    if not candidate.is_absolute():
        return candidate.as_posix()
    try:
        return candidate.relative_to(root).as_posix()
    except ValueError:
        pass  # resolving the root asks the file system: only when the plain path did not fit
    try:
        return candidate.relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return candidate.as_posix()


def format_diagnostic(item: Diagnostic) -> str:
    """The one text form: `path:line: [Warnung: |Hinweis: ]key: message`."""
    key = f"{item.key}: " if item.key else ""
    where = f"{item.path}:{item.line}: " if item.path else ""  # a build message without a file
    return f"{where}{_LABELS[item.severity]}{key}{item.message}"


def format_diagnostics(items: Iterable[Diagnostic]) -> str:
    return "\n".join(format_diagnostic(item) for item in items)


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Unique diagnostics by file, line and text."""
    return sorted(set(items), key=lambda d: (d.path, d.line, d.key, d.message))


def has_errors(items: Iterable[Diagnostic]) -> bool:
    return any(item.is_error for item in items)


# Workflow commands are read line by line by GitHub's runner (actions/toolkit, command.ts):
# in the data (the message) %, CR and LF are escaped; in properties (file=, title=) also
# ":" and ",", which end a property. "%" first, so that a literal "%0A" stays text.
def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(item: Diagnostic, title: str | None = None) -> str:
    """A GitHub Actions workflow command that annotates the file and line in a pull request.

    `::error file=events/de/x.md,line=5,title=…::start: message` (`::warning` for warnings,
    `::notice` for hints); the title defaults to "Inhalt".
    """
    where = (("file", item.path), ("line", str(item.line))) if item.path else ()
    properties = ",".join(
        f"{name}={_escape_github_property(value)}"
        for name, value in (*where, ("title", title or "Inhalt"))
    )
    key = f"{item.key}: " if item.key else ""
    command = _GITHUB_COMMANDS[item.severity]
    return f"::{command} {properties}::{_escape_github_data(key + item.message)}"


class DiagnosticError(ValueError):
    """Raised with the diagnostics that stop a build or a command."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__(format_diagnostics(self.diagnostics))
