"""Validation of editors' event files: schema, dates, references, layout of events/.

Pure apart from reading files: `check_event_text` validates text already in memory (used
by the build, `check`, `new-event`, `pretix new` and `import-jekyll` alike), and every
problem is a `Diagnostic` that names the file, the line and the key.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from civic_site.diagnostics import Diagnostic, diagnostic
from civic_site.event_dates import (
    GAP_MESSAGE,
    TIME_RE,
    NonexistentTimeError,
    berlin_time,
    parse_datetime_text,
    parse_time_text,
)
from civic_site.event_hints import fix_hint
from civic_site.event_model import Event, Location, Organizer, Series
from civic_site.frontmatter import Document, FrontMatterError, parse_document
from civic_site.page_image import image_problem
from civic_site.pretix_ref import PretixValueError, parse_pretix_value
from civic_site.project import Project
from civic_site.schema_decider import Decider, compile_decider
from civic_site.site_paths import RESERVED_EVENT_SLUGS
from civic_site.urls import url_problem

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class CheckContext:
    """What references in an event file are checked against."""

    project: Project
    series: dict[str, Series]
    event_slugs: frozenset[str] = frozenset()


# What a JSON-schema type means for an editor.
EXPECTED_TYPES = {
    "string": "ein Text",
    "array": "eine Liste (Zeilen mit „- “)",
    "boolean": "true oder false",
    "object": "eine Zuordnung (eingerückte Zeilen „schlüssel: wert“)",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
}

# --------------------------------------------------------------------------- schema


def event_schema(project: Project) -> dict[str, Any]:
    path = project.schema_file
    return _read_schema(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_schema(path: Path, mtime_ns: int) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _event_schema_decider(project: Project) -> Decider | None:
    path = project.schema_file
    return _read_decider(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_decider(path: Path, mtime_ns: int) -> Decider | None:
    return compile_decider(_read_schema(path, mtime_ns))


def allowed_keys(project: Project) -> list[str]:
    return list(event_schema(project)["properties"])


# --------------------------------------------------------------------------- one file


def check_event_file(path: Path, context: CheckContext) -> tuple[Event | None, list[Diagnostic]]:
    """Read and validate one event file (events/<lang>/<slug>.md)."""
    shown = context.project.relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [diagnostic(shown, 1, "", "Die Datei ist nicht als UTF-8 gespeichert.")]
    return check_event_text(shown, text, context)


def check_event_text(
    path: str, text: str, context: CheckContext
) -> tuple[Event | None, list[Diagnostic]]:
    """Validate the text of an event file that is (or will be) at `path`.

    `path` is project-relative ('events/de/x.md'): its folder gives the language and its
    name the slug. Returns the event (if valid) and every problem found.
    """
    lang, slug = Path(path).parent.name, Path(path).stem
    problems = slug_problems(path, slug)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = "Die Datei enthält ein unsichtbares Nullzeichen; bitte die Zeile neu tippen."
        return None, [*problems, diagnostic(path, line, "", message)]
    try:
        doc = parse_document(text)
    except FrontMatterError as exc:
        return None, [*problems, diagnostic(path, exc.line, "", exc.message)]
    schema_problems = _schema_problems(doc, path, context.project)
    if any(p.key in ("start", "title", "teaser") for p in schema_problems):
        return None, problems + schema_problems
    # Keys the schema rejected are left out of the checks below, which rely on their
    # shape (a `location:` written as one line must give a message, not a crash).
    rejected = {p.key.split(".")[0] for p in schema_problems}
    checked = replace(doc, meta={k: v for k, v in doc.meta.items() if k not in rejected})
    semantic, parsed = _semantic_problems(checked, path, context, rejected)
    problems += schema_problems + semantic
    if problems:
        return None, sorted(problems, key=lambda p: p.line)
    return _event(doc, parsed, path, lang, slug), []


def slug_problems(path: str, slug: str) -> list[Diagnostic]:
    problems = []
    if not SLUG_RE.match(slug):
        message = "Der Dateiname darf nur Kleinbuchstaben, Ziffern und - enthalten."
        problems.append(diagnostic(path, 1, "", message))
    if slug in RESERVED_EVENT_SLUGS:
        message = f"Der Dateiname „{slug}“ ist reserviert; bitte anders benennen."
        problems.append(diagnostic(path, 1, "", message))
    return problems


def _event(doc: Document, parsed: dict[str, Any], path: str, lang: str, slug: str) -> Event:
    meta = doc.meta
    image = str(meta["header_image"]).lstrip("/") if meta.get("header_image") else None
    return Event(
        slug=slug,
        lang=lang,
        source_path=path,
        title=str(meta["title"]).strip(),
        teaser=str(meta["teaser"]).strip(),
        start=parsed["start"],
        end=parsed["end"],
        all_day=parsed["all_day"],
        admission=parsed["admission"],
        location=parsed["location"],
        body=doc.body,
        held_in=meta.get("lang", lang),
        series=meta.get("series"),
        categories=tuple(meta.get("categories") or ()),
        authors=tuple(meta.get("authors") or ()),
        date=parsed.get("date"),
        header_image=image,
        pretix=parsed["pretix"],
        registration_url=meta.get("registration_url"),
        recap=meta.get("recap"),
        cancelled=bool(meta.get("cancelled", False)),
        organizer=parsed["organizer"],
        key_lines=tuple(doc.key_lines.items()),
        body_line=doc.body_line,
    )


def _schema_problems(doc: Document, path: str, project: Project) -> list[Diagnostic]:
    decide = _event_schema_decider(project)
    if decide is not None and decide(doc.meta):
        return []  # valid: jsonschema would find nothing (civic_site/schema_decider.py)
    schema = event_schema(project)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc.meta), key=lambda e: list(e.path))
    return [_explain_schema_error(error, doc, path, schema) for error in errors]


def _explain_schema_error(
    error: jsonschema.ValidationError, doc: Document, path: str, schema: dict[str, Any]
) -> Diagnostic:
    key = ".".join(str(p) for p in error.path)
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = next((k for k in error.validator_value if k not in present), "?")
        where = f"{key}.{missing}" if key else missing
        return diagnostic(path, 1, where, "Pflichtangabe fehlt.")
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        name = unknown[0] if unknown else "?"
        where = f"{key}.{name}" if key else name
        known = list(error.schema.get("properties", {}))
        hint = difflib.get_close_matches(name, known, n=1)
        suggestion = f" Meinten Sie „{hint[0]}“?" if hint else f" Erlaubt: {', '.join(known)}."
        return diagnostic(path, doc.line_of(where), where, f"unbekannter Schlüssel.{suggestion}")
    top = str(error.path[0]) if error.path else ""
    prop = schema["properties"].get(top, {})
    help_text = prop.get("description", "")
    if error.validator == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, str) else wanted[0]
        expected = EXPECTED_TYPES.get(wanted, "einen anderen Wert")
        message = f"Hier gehört {expected} hin. {help_text}"
    elif error.validator == "pattern" and error.validator_value == "\\S":
        message = f"darf nicht leer sein. {help_text}"
    elif error.validator in ("pattern", "oneOf", "enum"):
        message = f"{_shown(error.instance)}hat nicht die erwartete Form. {help_text}"
    elif error.validator == "minLength":
        message = f"darf nicht leer sein. {help_text}"
    else:
        message = f"Dieser Wert ist hier nicht möglich. {help_text}"
    hint = fix_hint(key, error.instance) if key == top else ""
    return diagnostic(path, doc.line_of(key), key, message.strip() + hint)


def _shown(value: Any) -> str:
    """A rejected text value, quoted, with line breaks made visible; '' for other values."""
    if not isinstance(value, str):
        return ""
    return "„" + "".join("⏎" if char in "\r\n" else char for char in value) + "“ "


def _meta_location(meta: dict[str, Any]) -> Location:
    loc = meta.get("location") or {}
    return Location(
        name=loc.get("name"),
        address=loc.get("address"),
        online=meta.get("online") or loc.get("online"),
    )


def _parse_end(end_text: str, start: datetime) -> datetime:
    if TIME_RE.match(end_text):
        return berlin_time(datetime.combine(start.date(), parse_time_text(end_text)))
    end, end_all_day = parse_datetime_text(end_text)
    return end + timedelta(days=1) if end_all_day else end  # a bare date: until its end


def _semantic_problems(
    doc: Document, path: str, context: CheckContext, rejected: set[str]
) -> tuple[list[Diagnostic], dict[str, Any]]:
    """Checks beyond the schema; returns problems and the parsed values."""
    meta, problems, parsed = doc.meta, [], {}

    def add(key: str, message: str) -> None:
        problems.append(diagnostic(path, doc.line_of(key), key, message))

    try:
        parsed["start"], parsed["all_day"] = parse_datetime_text(str(meta["start"]))
    except NonexistentTimeError:
        add("start", GAP_MESSAGE)
        return problems, parsed
    except ValueError:
        add("start", "ist kein gültiges Datum. Beispiel: „2025-11-18 16:30“ oder „2025-11-18“.")
        return problems, parsed
    parsed["end"] = None
    if meta.get("end"):
        try:
            parsed["end"] = _parse_end(str(meta["end"]), parsed["start"])
            if parsed["end"] <= parsed["start"]:
                add("end", "liegt nicht nach dem Beginn (start).")
        except NonexistentTimeError:
            add("end", GAP_MESSAGE)
        except ValueError:
            add("end", "ist kein gültiges Datum oder keine gültige Uhrzeit, z. B. „18:00“.")
    parsed["admission"] = None
    if meta.get("admission"):
        try:
            parsed["admission"] = parse_time_text(str(meta["admission"]))
        except ValueError:
            add("admission", "ist keine gültige Uhrzeit, z. B. „16:00“.")
    languages = context.project.languages
    if meta.get("lang") is not None and meta["lang"] not in languages:
        add("lang", f"„{meta['lang']}“ ist keine Sprache der Website ({', '.join(languages)}).")
    location = _meta_location(meta)
    place_given = bool({"location", "online"} & rejected)  # given, but wrongly written
    if not location.is_physical and not location.online and not place_given:
        add("location", "Bitte einen Ort (location: name/address) oder online: angeben.")
    parsed["location"] = location
    _url_problems(meta, add)
    _reference_problems(meta, context, add)
    parsed["organizer"] = None
    if meta.get("organizer") is not None:
        parsed["organizer"] = parse_organizer(meta["organizer"])
    elif meta.get("series") in context.series:
        parsed["organizer"] = context.series[meta["series"]].organizer
    parsed["pretix"] = None
    if meta.get("pretix") is not None:
        try:
            parsed["pretix"] = parse_pretix_value(meta["pretix"])
        except PretixValueError as exc:
            add(exc.key, exc.message)
    if meta.get("date"):
        try:
            parsed["date"] = date.fromisoformat(str(meta["date"]))
        except ValueError:
            add("date", "ist kein gültiges Datum, z. B. „2025-11-04“.")
    return problems, parsed


# Front-matter keys that hold links, and whether plain http is acceptable there.
URL_KEYS = {
    "online": True,
    "location.online": True,
    "registration_url": False,
    "organizer.url": True,
}


def _url_problems(meta: dict[str, Any], add: Any) -> None:
    for key, https_only in URL_KEYS.items():
        top, _, sub = key.partition(".")
        value = meta.get(top)
        if sub:
            value = value.get(sub) if isinstance(value, dict) else None
        if value is not None:
            problem = url_problem(value, https_only=https_only)
            if problem:
                add(key, problem)


def parse_organizer(value: Any) -> Organizer:
    """`organizer:` as the schema allows it: a name, or name with optional url and email."""
    if isinstance(value, str):
        return Organizer(value.strip())
    return Organizer(
        str(value["name"]).strip(),
        url=value.get("url") or None,
        email=value.get("email") or None,
    )


def _reference_problems(meta: dict[str, Any], context: CheckContext, add: Any) -> None:
    """series:, header_image: and recap: must name something that exists."""
    series = meta.get("series")
    if series and series not in context.series:
        hint = difflib.get_close_matches(series, list(context.series), n=1)
        suggestion = f" Meinten Sie „{hint[0]}“?" if hint else ""
        add("series", f"„{series}“ steht nicht in events/series.yml.{suggestion}")
    image = meta.get("header_image")
    if image:
        problem = image_problem(str(image), context.project, "das Kopfbild")
        if problem:
            add("header_image", problem)
    recap = meta.get("recap")
    if recap and not _recap_exists(str(recap), context):
        add("recap", f"„{recap}“ ist weder eine Seite unter docs/ noch eine Veranstaltung.")


def _recap_exists(recap: str, context: CheckContext) -> bool:
    target = recap.strip("/")
    if target.removeprefix("events/").removesuffix(".md") in context.event_slugs:
        return True
    candidates = [target, f"{target}.md", f"{target}/index.md"]
    return any(
        context.project.docs_file(name, lang) is not None
        for lang in context.project.languages
        for name in candidates
    )
