"""Events: the model, validation of editors' front matter, and selection by time.

Editors write one Markdown file per event and language: events/<lang>/<slug>.md.
Everything here is pure or reads files only; the MkDocs wiring is in hooks/events.py.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from civic_site.frontmatter import Document, FrontMatterError, read_document
from civic_site.pretix_ref import PretixRef, PretixValueError, parse_pretix_value

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schemas" / "event.schema.json"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_TIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?: (?P<time>\d{1,2}:\d{2})(?P<offset>[+-]\d{2}:\d{2})?)?$"
)
TIME_RE = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})$")
# Slugs that would collide with generated pages under /events/.
RESERVED_SLUGS = frozenset({"index", "archive", "series", "category", "calendar", "feed"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an editor's file, printed as `path:line: key: message`."""

    path: Path
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        key = f"{self.key}: " if self.key else ""
        return f"{self.path}:{self.line}: {key}{self.message}"


class EventError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    online: str | None = None

    @property
    def is_physical(self) -> bool:
        return bool(self.name or self.address)

    @property
    def attendance_mode(self) -> str:
        """'offline', 'online' or 'mixed' (schema.org's three modes)."""
        if self.is_physical and self.online:
            return "mixed"
        return "online" if self.online else "offline"


@dataclass(frozen=True)
class Series:
    key: str
    names: dict[str, str]
    descriptions: dict[str, str]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()))

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or next(iter(self.descriptions.values()), "")


@dataclass(frozen=True)
class Event:
    slug: str
    lang: str
    source_path: Path
    title: str
    teaser: str
    start: datetime
    end: datetime | None
    all_day: bool
    location: Location
    body: str
    held_in: str
    admission: time | None = None
    series: str | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: date | None = None
    header_image: str | None = None
    pretix: PretixRef | None = None
    registration_url: str | None = None
    recap: str | None = None
    cancelled: bool = False
    translations: tuple[str, ...] = field(default=(), compare=False)

    @property
    def effective_end(self) -> datetime:
        """When the event is over: its end, else the end of its (last) day."""
        if self.end is not None:
            return self.end
        next_day = self.start.date() + timedelta(days=1)
        return datetime.combine(next_day, time(0), tzinfo=BERLIN)


@dataclass(frozen=True)
class CheckContext:
    """What references in an event file are checked against."""

    docs_dir: Path
    series: dict[str, Series]
    event_slugs: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- parsing


@cache
def event_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def allowed_keys() -> list[str]:
    return list(event_schema()["properties"])


def parse_datetime_text(text: str) -> tuple[datetime, bool]:
    """'2025-11-18 16:30' → aware datetime in Berlin; '2025-11-18' → (midnight, all_day)."""
    match = DATE_TIME_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    day = date.fromisoformat(match["date"])
    if not match["time"]:
        return datetime.combine(day, time(0), tzinfo=BERLIN), True
    clock = parse_time_text(match["time"])
    if match["offset"]:
        naive = datetime.combine(day, clock)
        aware = datetime.fromisoformat(f"{naive.isoformat()}{match['offset']}")
        return aware.astimezone(BERLIN), False
    return datetime.combine(day, clock, tzinfo=BERLIN), False


def parse_time_text(text: str) -> time:
    match = TIME_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    return time(int(match["hour"]), int(match["minute"]))


def _schema_problems(doc: Document, path: Path) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(event_schema())
    problems = []
    for error in sorted(validator.iter_errors(doc.meta), key=lambda e: list(e.path)):
        problems.append(_explain_schema_error(error, doc, path))
    return problems


def _explain_schema_error(error: jsonschema.ValidationError, doc: Document, path: Path) -> Problem:
    key = ".".join(str(p) for p in error.path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        where = f"{key}.{missing}" if key else missing
        return Problem(path, 1, where, "Pflichtangabe fehlt.")
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        name = unknown[0] if unknown else "?"
        where = f"{key}.{name}" if key else name
        known = list(error.schema.get("properties", {}))
        hint = difflib.get_close_matches(name, known, n=1)
        suggestion = f" Meinten Sie „{hint[0]}“?" if hint else f" Erlaubt: {', '.join(known)}."
        return Problem(path, doc.line_of(where), where, f"unbekannter Schlüssel.{suggestion}")
    prop = event_schema()["properties"].get(str(error.path[0]) if error.path else "", {})
    help_text = prop.get("description", "")
    if error.validator == "type":
        expected = {"string": "Text", "array": "eine Liste", "boolean": "true oder false"}
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, str) else wanted[0]
        message = f"erwartet {expected.get(wanted, wanted)}. {help_text}"
    elif error.validator in ("pattern", "oneOf", "enum"):
        message = f"„{error.instance}“ hat nicht die erwartete Form. {help_text}"
    elif error.validator == "minLength":
        message = f"darf nicht leer sein. {help_text}"
    else:
        message = f"{error.message}. {help_text}"
    return Problem(path, doc.line_of(key), key, message.strip())


def _meta_location(meta: dict[str, Any]) -> Location:
    loc = meta.get("location") or {}
    return Location(
        name=loc.get("name"),
        address=loc.get("address"),
        online=meta.get("online") or loc.get("online"),
    )


def _semantic_problems(
    doc: Document, path: Path, context: CheckContext
) -> tuple[list[Problem], dict[str, Any]]:
    """Checks beyond the schema; returns problems and the parsed values."""
    meta, problems, parsed = doc.meta, [], {}

    def add(key: str, message: str) -> None:
        problems.append(Problem(path, doc.line_of(key), key, message))

    try:
        parsed["start"], parsed["all_day"] = parse_datetime_text(str(meta["start"]))
    except ValueError:
        add("start", "ist kein gültiges Datum. Beispiel: „2025-11-18 16:30“ oder „2025-11-18“.")
        return problems, parsed
    parsed["end"] = None
    if meta.get("end"):
        end_text = str(meta["end"])
        try:
            if TIME_RE.match(end_text):
                end = datetime.combine(
                    parsed["start"].date(), parse_time_text(end_text), tzinfo=BERLIN
                )
            else:
                end, end_all_day = parse_datetime_text(end_text)
                if end_all_day:  # a bare end date means "until the end of that day"
                    end = end + timedelta(days=1)
            if end <= parsed["start"]:
                add("end", "liegt nicht nach dem Beginn (start).")
            parsed["end"] = end
        except ValueError:
            add("end", "ist kein gültiges Datum oder keine gültige Uhrzeit, z. B. „18:00“.")
    parsed["admission"] = None
    if meta.get("admission"):
        try:
            parsed["admission"] = parse_time_text(str(meta["admission"]))
        except ValueError:
            add("admission", "ist keine gültige Uhrzeit, z. B. „16:00“.")
    location = _meta_location(meta)
    if not location.is_physical and not location.online:
        add("location", "Bitte einen Ort (location: name/address) oder online: angeben.")
    parsed["location"] = location
    series = meta.get("series")
    if series and series not in context.series:
        hint = difflib.get_close_matches(series, list(context.series), n=1)
        suggestion = f" Meinten Sie „{hint[0]}“?" if hint else ""
        add("series", f"„{series}“ steht nicht in events/series.yml.{suggestion}")
    image = meta.get("header_image")
    if image and not (context.docs_dir / str(image).lstrip("/")).is_file():
        add("header_image", f"Die Bilddatei docs/{str(image).lstrip('/')} gibt es nicht.")
    recap = meta.get("recap")
    if recap and not _recap_exists(str(recap), context):
        add("recap", f"„{recap}“ ist weder eine Seite unter docs/ noch eine Veranstaltung.")
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


def _recap_exists(recap: str, context: CheckContext) -> bool:
    target = recap.strip("/")
    if target.removeprefix("events/").removesuffix(".md") in context.event_slugs:
        return True
    candidates = [target, f"{target}.md", f"{target}/index.md"]
    return any(
        (context.docs_dir / lang / name).is_file() for lang in ("de", "en") for name in candidates
    )


def check_event_file(path: Path, context: CheckContext) -> tuple[Event | None, list[Problem]]:
    """Read and validate one event file; returns the event (if valid) and all problems."""
    lang = path.parent.name
    slug = path.stem
    problems: list[Problem] = []
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(path, 1, "", "Der Dateiname darf nur Kleinbuchstaben, Ziffern und - enthalten.")
        )
    if slug in RESERVED_SLUGS:
        problems.append(
            Problem(path, 1, "", f"Der Dateiname „{slug}“ ist reserviert; bitte anders benennen.")
        )
    try:
        doc = read_document(path)
    except FrontMatterError as exc:
        return None, [*problems, Problem(path, exc.line, "", exc.message)]
    except UnicodeDecodeError:
        return None, [*problems, Problem(path, 1, "", "Die Datei ist nicht als UTF-8 gespeichert.")]
    schema_problems = _schema_problems(doc, path)
    if any(p.key in ("start", "title", "teaser") for p in schema_problems):
        return None, problems + schema_problems
    semantic, parsed = _semantic_problems(doc, path, context)
    problems += schema_problems + semantic
    if problems:
        return None, problems
    meta = doc.meta
    event = Event(
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
        header_image=str(meta["header_image"]).lstrip("/") if meta.get("header_image") else None,
        pretix=parsed["pretix"],
        registration_url=meta.get("registration_url"),
        recap=meta.get("recap"),
        cancelled=bool(meta.get("cancelled", False)),
    )
    return event, []


def load_series(path: Path) -> dict[str, Series]:
    """Read events/series.yml; raises EventError naming the file on bad content."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise EventError([Problem(path, line, "", "ist kein gültiges YAML.")]) from None
    series = {}
    for key, entry in data.items():
        names = (entry or {}).get("name") if isinstance(entry, dict) else None
        if not isinstance(names, dict) or not names:
            raise EventError([Problem(path, 1, str(key), "braucht name: mit de: und en:.")])
        series[str(key)] = Series(
            key=str(key),
            names={str(k): str(v) for k, v in names.items()},
            descriptions={str(k): str(v) for k, v in (entry.get("description") or {}).items()},
        )
    return series


def event_files(events_dir: Path) -> list[Path]:
    """Event files where they belong: directly in events/<lang>/."""
    return sorted(p for p in events_dir.glob("*/*.md") if p.parent.name in site_languages())


def site_languages() -> list[str]:
    return list(event_schema()["properties"]["lang"]["enum"])


def _layout_problems(events_dir: Path) -> list[Problem]:
    """Markdown files in the wrong place, and the same slug twice in one language."""
    languages = site_languages()
    first_seen: dict[tuple[str, str], Path] = {}
    problems = []
    for path in sorted(events_dir.rglob("*.md"), key=lambda p: (len(p.parts), p)):
        parts = path.relative_to(events_dir).parts
        folders = " oder ".join(f"events/{lang}/" for lang in languages)
        if len(parts) == 1 or parts[0] not in languages:
            problems.append(Problem(path, 1, "", f"Veranstaltungen gehören nach {folders}."))
            continue
        key = (parts[0], path.stem)
        if key in first_seen:
            other = first_seen[key].relative_to(events_dir.parent)
            problems.append(
                Problem(path, 1, "", f"Den Kurznamen „{path.stem}“ gibt es schon: {other}.")
            )
        elif len(parts) > 2:
            problems.append(
                Problem(
                    path, 1, "", f"Bitte direkt in events/{parts[0]}/ ablegen, ohne Unterordner."
                )
            )
        first_seen.setdefault(key, path)
    return problems


def check_all_events(events_dir: Path, docs_dir: Path) -> tuple[list[Event], list[Problem]]:
    """Validate every event file in every language."""
    events, _, problems = check_events_and_series(events_dir, docs_dir)
    return events, problems


def check_events_and_series(
    events_dir: Path, docs_dir: Path
) -> tuple[list[Event], dict[str, Series], list[Problem]]:
    """Like check_all_events, also returning the series it read (for the build)."""
    try:
        series = load_series(events_dir / "series.yml")
    except EventError as exc:
        return [], {}, exc.problems
    files = event_files(events_dir)
    context = CheckContext(docs_dir, series, frozenset(p.stem for p in files))
    events, problems = [], _layout_problems(events_dir)
    for path in files:
        event, file_problems = check_event_file(path, context)
        problems += file_problems
        if event:
            events.append(event)
    return events, series, problems + _translation_mismatches(events)


def _translation_mismatches(events: list[Event]) -> list[Problem]:
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
                    problems.append(
                        Problem(
                            other.source_path,
                            1,
                            key,
                            f"weicht von der Fassung in {first.source_path.parent.name}/ ab; "
                            "beide Sprachfassungen müssen gleich sein.",
                        )
                    )
    return problems


def events_for_language(events: list[Event], lang: str, default_lang: str) -> list[Event]:
    """One event per slug for a site language: its translation, else the default language's."""
    by_slug: dict[str, dict[str, Event]] = {}
    for event in events:
        by_slug.setdefault(event.slug, {})[event.lang] = event
    chosen = []
    for versions in by_slug.values():
        pick = versions.get(lang) or versions.get(default_lang) or next(iter(versions.values()))
        chosen.append(_with_translations(pick, tuple(sorted(versions))))
    return chosen


def _with_translations(event: Event, langs: tuple[str, ...]) -> Event:
    from dataclasses import replace

    return replace(event, translations=langs)


# ------------------------------------------------------------------------------ time


def site_now(environ: dict[str, str] | None = None) -> datetime:
    """The build's 'now': SITE_NOW (ISO 8601, Berlin if no offset) or the real clock."""
    value = (environ if environ is not None else os.environ).get("SITE_NOW")
    if not value:
        return datetime.now(BERLIN)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)


def event_state(event: Event, now: datetime) -> str:
    """'cancelled', 'upcoming', 'today' (later today), 'running' or 'past'."""
    if event.cancelled:
        return "cancelled"
    if now >= event.effective_end:
        return "past"
    if now >= event.start:
        return "running"
    if now.astimezone(BERLIN).date() == event.start.date():
        return "today"
    return "upcoming"


def is_over(event: Event, now: datetime) -> bool:
    return now >= event.effective_end


def select_upcoming(events: list[Event], now: datetime) -> list[Event]:
    """Events not over yet (cancelled ones included, marked as such), soonest first."""
    return sorted((e for e in events if not is_over(e, now)), key=lambda e: (e.start, e.slug))


def select_next(events: list[Event], now: datetime, count: int = 3) -> list[Event]:
    """The next events that will take place (not cancelled), for the home page."""
    return [e for e in select_upcoming(events, now) if not e.cancelled][:count]


def select_past(events: list[Event], now: datetime) -> list[Event]:
    """Events that are over, newest first."""
    return sorted(
        (e for e in events if is_over(e, now)), key=lambda e: (e.start, e.slug), reverse=True
    )


def group_by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    """Group (already ordered) events by the year they start in, keeping the order."""
    groups: dict[int, list[Event]] = {}
    for event in events:
        groups.setdefault(event.start.year, []).append(event)
    return list(groups.items())


def category_key(name: str) -> str:
    """URL key of a category: 'KI und Zivilgesellschaft' → 'ki-und-zivilgesellschaft'."""
    text = name.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "kategorie"


def recap_path(recap: str, event_slugs: set[str] | frozenset[str], lang_prefix: str) -> str:
    """Site-root-relative URL of a recap: an event slug or a page path under docs/<lang>/."""
    target = recap.strip("/").removesuffix(".md")
    slug = target.removeprefix("events/")
    if slug in event_slugs:
        return f"{lang_prefix}events/{slug}/"
    target = target.removesuffix("/index")
    return f"{lang_prefix}{target}/" if target != "index" else lang_prefix or "./"
