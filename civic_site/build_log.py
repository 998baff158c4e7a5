"""The build's own messages as Diagnostics, for what `check` cannot know without a build
(a link to a heading, anything new): CI turns them into annotations on the lines too.

Reads a MkDocs log (`WARNING -  …`, `ERROR   -  …` and their continuation lines) and knows
MkDocs' link and nav warnings, which it says again in German on the right file and line,
and our own `path:line: message` errors. Anything else that fails a strict build is kept
as it is, without a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from civic_site.diagnostics import Diagnostic, diagnostic
from civic_site.nav_check import OMITTED_MESSAGE
from civic_site.project import Project, load_project

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LEVEL = re.compile(r"^(?P<level>ERROR|WARNING|INFO|DEBUG)\s*-\s+(?P<text>.*)$")
NOT_COUNTED = re.compile(r"^Aborted with (?:\d+ warnings in strict mode|a BuildError)!$")
OMITTED = 'The following pages exist in the docs directory, but are not included in the "nav"'
OMITTED_ITEM = re.compile(r"^\s+- (?P<src>\S.*)$")
DOC_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:a|an (?P<how>unrecognized relative|absolute)) "
    r"link '(?P<url>[^']*)'(?P<rest>.*)$"
)
NAV_MISSING = re.compile(
    r"^A reference to '(?P<path>[^']+)' is included in the 'nav' configuration, which is not "
    r"found in the documentation files\."
)
SUGGESTION = re.compile(r"Did you mean '(?P<url>[^']*)'\?")
MISSING_TARGET = re.compile(r"but the target '(?P<target>[^']+)' is not found")
OUR_FORMAT = re.compile(
    r"^(?P<path>[^\s:][^:]*\.(?:md|ya?ml|json|html)):(?P<line>\d+): (?P<msg>.+)$"
)
QUOTED_PAGE = re.compile(r"'(?P<src>[^'\s]+\.md)'")


def build_diagnostics(lines: Iterable[str], root: Path) -> list[Diagnostic]:
    """Every problem a strict build logged, in German where MkDocs' wording is known.

    Paths are relative to `root` (the project with mkdocs.yml). Diagnostics without a
    file (messages we do not know) come last.
    """
    try:
        project = load_project(root / "mkdocs.yml")
    except (OSError, ValueError, yaml.YAMLError):  # the build said why; place what we can
        project = Project(root, root / "docs", root / "overrides", (), "")
    found: set[Diagnostic] = set()
    for level, text, more in _records(lines):
        if level not in ("ERROR", "WARNING"):
            continue
        found.update(_diagnostics(text, more, project))
    return sorted(found, key=lambda d: (not d.path, d.path, d.line, d.key, d.message))


def _records(lines: Iterable[str]) -> list[tuple[str, str, list[str]]]:
    """(level, first line, continuation lines) for each log message."""
    records: list[tuple[str, str, list[str]]] = []
    for raw in lines:
        line = ANSI.sub("", raw.rstrip("\r\n"))
        match = LEVEL.match(line)
        if match:
            records.append((match.group("level"), match.group("text").strip(), []))
        elif records and line.strip() and not NOT_COUNTED.match(line.strip()):
            records[-1][2].append(line)
    return records


def _diagnostics(text: str, more: list[str], project: Project) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if text.startswith(OMITTED):
        for line in more:
            if match := OMITTED_ITEM.match(line):
                found.append(
                    diagnostic(_source(match.group("src"), project), 1, "", OMITTED_MESSAGE)
                )
        return found
    if match := DOC_LINK.match(text):
        return [_link_diagnostic(match, project)]
    if match := NAV_MISSING.match(text):
        path = match.group("path")
        entry = re.compile(rf"^\s*-\s*(?:[^:]*:\s*)?{re.escape(path)}\s*$")
        line = _line_of(project.config_file, entry)
        message = f"Den Menüeintrag „{path}“ gibt es nicht als Seite."
        return [diagnostic(project.relative(project.config_file), line, "nav", message)]
    for candidate in [text, *more]:
        if match := OUR_FORMAT.match(candidate.strip()):
            path, line = match.group("path"), int(match.group("line"))
            found.append(diagnostic(path, line, "", match.group("msg")))
    if found:
        return found
    message = " ".join([text, *(line.strip() for line in more)]).strip()
    if match := QUOTED_PAGE.search(text):
        return [diagnostic(_source(match.group("src"), project), 1, "", message)]
    return [Diagnostic("", 1, "", message)]


def _link_diagnostic(match: re.Match[str], project: Project) -> Diagnostic:
    source = _source(match.group("src"), project)
    url, rest, how = match.group("url"), match.group("rest"), match.group("how")
    suggestion = SUGGESTION.search(rest)
    hint = f" Meinten Sie „{suggestion.group('url')}“?" if suggestion else ""
    if how == "unrecognized relative":
        message = (
            f"Link „{url}“: Bitte auf die Markdown-Datei verlinken (mit .md am Ende); solche "
            f"Links erkennt die Website nicht.{hint}"
        )
    elif how == "absolute":
        message = (
            f"Link „{url}“: Links innerhalb der Website zeigen relativ auf die Markdown-Datei, "
            f"nicht auf eine Adresse mit / am Anfang.{hint}"
        )
    elif "there is no such anchor on this page" in rest:
        message = (
            f"Link „{url}“: Diese Sprungmarke (Überschrift) gibt es auf der Seite nicht (mehr)."
        )
    elif "does not contain an anchor" in rest:
        message = (
            f"Link „{url}“: Diese Sprungmarke (Überschrift) gibt es auf der Zielseite nicht (mehr)."
        )
    else:
        target = MISSING_TARGET.search(rest)
        shown = f"docs/{target.group('target')}" if target else url
        message = f"Link „{url}“: Die Seite {shown} gibt es nicht.{hint}"
    path = project.root / source
    return diagnostic(source, _line_of(path, f"]({url}", url), "", message)


def _source(src_uri: str, project: Project) -> str:
    """The file an editor changes for a page MkDocs names by its docs/ path.

    Event pages are generated: `de/events/<slug>.md` comes from `events/de/<slug>.md`
    (or, in another language's build, from the default language's file it falls back to).
    """
    src_uri = src_uri.strip().lstrip("/")
    page = project.docs_dir / src_uri
    if page.is_file():
        return project.relative(page)
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[1] == "events" and parts[0] in project.languages:
        for lang in (parts[0], project.default_language):
            event = project.events_dir / lang / parts[2]
            if event.is_file():
                return project.relative(event)
    return project.relative(page)


def _line_of(path: Path, *needles: str | re.Pattern[str]) -> int:
    """The first line of `path` with the first needle found (1 if none, or no such file)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle.search(line) if isinstance(needle, re.Pattern) else needle in line:
                return number
    return 1
