"""All event files of a project: where they belong, series.yml, and translations.

civic_site/event_check.py validates one file's text; this module walks events/, reads
events/series.yml and compares the language versions of each event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from civic_site.diagnostics import Diagnostic, DiagnosticError, diagnostic
from civic_site.event_check import CheckContext, check_event_file, event_schema, parse_organizer
from civic_site.event_model import Event, Series
from civic_site.project import Project


def load_series(project: Project) -> dict[str, Series]:
    """Read events/series.yml; raises DiagnosticError naming the file on bad content."""
    path = project.series_file
    if not path.exists():
        return {}
    shown = project.relative(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DiagnosticError([diagnostic(shown, line, "", "ist kein gültiges YAML.")]) from None
    series = {}
    for key, entry in data.items():
        names = (entry or {}).get("name") if isinstance(entry, dict) else None
        if not isinstance(names, dict) or not names:
            languages = " und ".join(f"{lang}:" for lang in project.languages)
            message = f"braucht name: mit {languages}."
            raise DiagnosticError([diagnostic(shown, 1, str(key), message)])
        organizer = entry.get("organizer")
        if organizer is not None:
            _check_series_organizer(project, shown, str(key), organizer)
        series[str(key)] = Series(
            key=str(key),
            names={str(k): str(v) for k, v in names.items()},
            descriptions={str(k): str(v) for k, v in (entry.get("description") or {}).items()},
            organizer=parse_organizer(organizer) if organizer is not None else None,
        )
    return series


def _check_series_organizer(project: Project, shown: str, key: str, value: Any) -> None:
    rule = event_schema(project)["properties"]["organizer"]
    if not jsonschema.Draft202012Validator(rule).is_valid(value):
        message = f"hat nicht die erwartete Form. {rule.get('description', '')}".strip()
        raise DiagnosticError([diagnostic(shown, 1, f"{key}.organizer", message)])


def event_files(project: Project) -> list[Path]:
    """Event files where they belong: directly in events/<lang>/."""
    return sorted(
        p for p in project.events_dir.glob("*/*.md") if p.parent.name in project.languages
    )


def _layout_problems(project: Project) -> list[Diagnostic]:
    """Markdown files in the wrong place, and the same slug twice in one language."""
    events_dir, languages = project.events_dir, project.languages
    folders = " oder ".join(f"events/{lang}/" for lang in languages)
    first_seen: dict[tuple[str, str], Path] = {}
    problems = []
    for path in sorted(events_dir.rglob("*.md"), key=lambda p: (len(p.parts), p)):
        parts = path.relative_to(events_dir).parts
        shown = project.relative(path)
        if len(parts) == 1 or parts[0] not in languages:
            problems.append(diagnostic(shown, 1, "", f"Veranstaltungen gehören nach {folders}."))
            continue
        key = (parts[0], path.stem)
        if key in first_seen:
            other = project.relative(first_seen[key])
            message = f"Den Kurznamen „{path.stem}“ gibt es schon: {other}."
            problems.append(diagnostic(shown, 1, "", message))
        elif len(parts) > 2:
            message = f"Bitte direkt in events/{parts[0]}/ ablegen, ohne Unterordner."
            problems.append(diagnostic(shown, 1, "", message))
        first_seen.setdefault(key, path)
    return problems


def check_context(project: Project, extra_slugs: frozenset[str] = frozenset()) -> CheckContext:
    """The context for checking one new file (raises DiagnosticError on a bad series.yml)."""
    slugs = frozenset(p.stem for p in event_files(project)) | extra_slugs
    return CheckContext(project, load_series(project), slugs)


def check_project_events(
    project: Project,
) -> tuple[list[Event], dict[str, Series], list[Diagnostic]]:
    """Validate every event file in every language; returns events, series and problems."""
    try:
        series = load_series(project)
    except DiagnosticError as exc:
        return [], {}, exc.diagnostics
    files = event_files(project)
    context = CheckContext(project, series, frozenset(p.stem for p in files))
    events, problems = [], _layout_problems(project)
    for path in files:
        event, file_problems = check_event_file(path, context)
        problems += file_problems
        if event:
            events.append(event)
    return events, series, problems + _translation_mismatches(events)


def _translation_mismatches(events: list[Event]) -> list[Diagnostic]:
    """Translations of one event must agree on when it happens and whether it is cancelled."""
    by_slug: dict[str, list[Event]] = {}
    for event in events:
        by_slug.setdefault(event.slug, []).append(event)
    problems = []
    for versions in by_slug.values():
        first, *others = sorted(versions, key=lambda e: e.lang)
        for other in others:
            for key in ("start", "end", "cancelled"):
                if getattr(other, key) != getattr(first, key):
                    message = (
                        f"weicht von der Fassung in {first.lang}/ ab; "
                        "beide Sprachfassungen müssen gleich sein."
                    )
                    problems.append(diagnostic(other.source_path, other.line_of(key), key, message))
    return problems
