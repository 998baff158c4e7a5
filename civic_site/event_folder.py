"""All event files of a project: where they belong, series.yml, and translations.

civic_site/event_check.py validates one file's text; this module walks events/, reads
events/series.yml and compares the language versions of each event.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from hashlib import sha1
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from civic_site.diagnostics import Diagnostic, DiagnosticError, diagnostic
from civic_site.event_check import (
    CheckContext,
    check_event_file,
    check_event_text,
    event_schema,
    parse_organizer,
)
from civic_site.event_model import Event, Series
from civic_site.frontmatter import load_with_node
from civic_site.project import Project


def load_series(project: Project) -> dict[str, Series]:
    """Read events/series.yml; raises DiagnosticError naming file, line and key."""
    path = project.series_file
    if not path.exists():
        return {}
    shown = project.relative(path)
    try:
        data, lines = _yaml_with_lines(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DiagnosticError([diagnostic(shown, line, "", "ist kein gültiges YAML.")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        message = (
            "Jede Reihe beginnt mit ihrem Schlüssel und einem Doppelpunkt, z. B. „meine-reihe:“."
        )
        raise DiagnosticError([diagnostic(shown, 1, "", message)])
    problems: list[Diagnostic] = []
    series = {}
    for key, entry in data.items():
        found = _series_problems(project, str(key), entry)
        problems += [diagnostic(shown, lines.get(k, 1), k, m) for k, m in found]
        if not found:
            series[str(key)] = _series(str(key), entry)
    if problems:
        raise DiagnosticError(problems)
    return series


def _series_problems(project: Project, key: str, entry: Any) -> list[tuple[str, str]]:
    """(key path, message) for everything wrong in one series."""
    languages = " und ".join(f"{lang}:" for lang in project.languages)
    if not isinstance(entry, dict):
        return [(key, f"braucht eingerückte Zeilen name: (mit {languages}) und description:.")]
    problems = []
    for field in ("name", "description"):
        value = entry.get(field)
        if field == "name" and value is None:
            problems.append((f"{key}.name", f"fehlt; bitte mit {languages} angeben."))
        elif value is not None and (not isinstance(value, dict) or not value):
            problems.append((f"{key}.{field}", f"braucht eine Zeile je Sprache ({languages})."))
        elif isinstance(value, dict) and not all(isinstance(v, str) for v in value.values()):
            problems.append((f"{key}.{field}", "Jede Sprache braucht einen Text."))
    unknown = sorted(set(map(str, entry)) - {"name", "description", "organizer"})
    problems += [(f"{key}.{name}", "unbekannter Schlüssel.") for name in unknown]
    organizer = entry.get("organizer")
    rule = event_schema(project)["properties"]["organizer"]
    if organizer is not None and not jsonschema.Draft202012Validator(rule).is_valid(organizer):
        message = f"hat nicht die erwartete Form. {rule.get('description', '')}".strip()
        problems.append((f"{key}.organizer", message))
    return problems


def _series(key: str, entry: dict[str, Any]) -> Series:
    organizer = entry.get("organizer")
    return Series(
        key=key,
        names={str(k): str(v) for k, v in entry["name"].items()},
        descriptions={str(k): str(v) for k, v in (entry.get("description") or {}).items()},
        organizer=parse_organizer(organizer) if organizer is not None else None,
    )


def _yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """The YAML data and the line of each key two levels deep ('reihe', 'reihe.name')."""
    node, data = load_with_node(text)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    path = f"{key_node.value}.{sub_key.value}"
                    lines[path] = sub_key.start_mark.line + 1
    return data, lines


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
        if len(parts) == 1 or parts[0] not in languages:
            message = f"Veranstaltungen gehören nach {folders}."
            problems.append(diagnostic(project.relative(path), 1, "", message))
            continue
        key = (parts[0], path.stem)
        if key in first_seen:
            other = project.relative(first_seen[key])
            message = f"Den Kurznamen „{path.stem}“ gibt es schon: {other}."
            problems.append(diagnostic(project.relative(path), 1, "", message))
        elif len(parts) > 2:
            message = f"Bitte direkt in events/{parts[0]}/ ablegen, ohne Unterordner."
            problems.append(diagnostic(project.relative(path), 1, "", message))
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
    context_key = _context_key(context)
    events, problems = [], _layout_problems(project)
    for path in files:
        event, file_problems = _check_event_file_once(path, context, context_key)
        problems += file_problems
        if event:
            events.append(event)
    return events, series, problems + _translation_mismatches(events)


# Valid events by what their check read: both language builds of one `mkdocs build`, and
# every rebuild in `make serve`, validate an unchanged file once. The key is the file's
# path and text plus everything else the check reads from the project (`_context_key`),
# so an edited file, schema or series.yml is checked again. The check also looks into
# docs/ (header_image, a recap page): a cached event's image is looked up again on every
# use and an event with `recap:` is always checked again. A file with problems is never
# kept. Only file contents are kept here, nothing of a build, so no output depends on it.
_VALID_EVENTS: OrderedDict[tuple[str, str, str], Event] = OrderedDict()
_VALID_EVENTS_LIMIT = 20_000


def _context_key(context: CheckContext) -> str:
    """A fingerprint of what an event file's check reads besides the file itself."""
    project = context.project
    parts = (
        str(project.root),
        str(project.docs_dir),
        project.languages,
        json.dumps(event_schema(project), sort_keys=True),
        repr(sorted(context.series.items())),
        sorted(context.event_slugs),
    )
    return sha1(repr(parts).encode("utf-8")).hexdigest()


def _check_event_file_once(
    path: Path, context: CheckContext, context_key: str
) -> tuple[Event | None, list[Diagnostic]]:
    """`check_event_file`, answered from `_VALID_EVENTS` when nothing it reads changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return check_event_file(path, context)
    key = (context_key, str(path), text)
    event = _VALID_EVENTS.get(key)
    if event is not None and _references_unchanged(event, context):
        _VALID_EVENTS.move_to_end(key)
        return event, []
    event, problems = check_event_text(context.project.relative(path), text, context)
    if event is not None and not problems:
        _VALID_EVENTS[key] = event
        while len(_VALID_EVENTS) > _VALID_EVENTS_LIMIT:
            _VALID_EVENTS.popitem(last=False)
    return event, problems


def _references_unchanged(event: Event, context: CheckContext) -> bool:
    """False when a file in docs/ the event names may have gone since it was checked."""
    if event.recap:
        return False  # rare (past events); a recap page may have moved: check again
    image = event.header_image
    return not image or context.project.docs_file(image) is not None  # event_check's rule


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
