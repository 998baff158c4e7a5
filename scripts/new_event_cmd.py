"""`python -m scripts new-event`: create events/de/<slug>.md (and the English file).

The file comes from scripts/templates/event.md, where every optional key is present
but commented out. The new file is validated by civic_site.event_check (the build's own
rules) before it is written; an existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import jinja2

from civic_site.diagnostics import DiagnosticError, format_diagnostics
from civic_site.event_check import SLUG_RE, check_event_text
from civic_site.event_folder import check_context
from civic_site.file_writer import NotOverwrittenError, write_new_files
from civic_site.german_text import file_datetime, parse_clock
from civic_site.project import Project, load_project
from civic_site.site_paths import RESERVED_EVENT_SLUGS
from civic_site.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "event.md"

# Which command-line option sets which front-matter key (for error messages).
OPTION_OF_KEY = {
    "title": "--title",
    "teaser": "--teaser",
    "start": "--start",
    "end": "--end",
    "admission": "--admission",
    "location": "--location-name/--address",
    "online": "--online",
    "series": "--series",
    "pretix": "--pretix",
}

EPILOG = """\
Beispiel:
  python -m scripts new-event --title "KI im Verein" \\
      --teaser "Ein Abend zu KI in der Vereinsarbeit." \\
      --start "2026-05-12 18:00" --end 20:00 \\
      --location-name "Innovation Office" --address "Alter Markt 13, 33602 Bielefeld"

Datum und Uhrzeit gehen auch deutsch: --start "12.05.2026 18:00".
Fehlen Pflichtangaben, fragt der Befehl im Terminal danach."""


class UsageError(Exception):
    """Wrong or missing input: message for the editor, exit code 2."""


class RefusedError(Exception):
    """Nothing was written (the file exists, or it would be invalid): exit code 1."""


@dataclass
class EventInput:
    title: str | None = None
    teaser: str | None = None
    start: str | None = None
    end: str | None = None
    admission: str | None = None
    location_name: str | None = None
    address: str | None = None
    online: str | None = None
    pretix: str | None = None
    series: str | None = None
    slug: str | None = None

    @property
    def has_place(self) -> bool:
        return bool(self.location_name or self.address or self.online)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new-event",
        help="neue Veranstaltung anlegen (events/de/<kurzname>.md)",
        description=(
            "Legt eine neue Veranstaltungsdatei events/de/<kurzname>.md an (mit --en auch "
            "events/en/<kurzname>.md). Alle weiteren möglichen Angaben stehen als Kommentar "
            "in der Datei. Vorhandene Dateien werden nie überschrieben."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--title", help="Titel (Pflicht)")
    add("--teaser", help="ein bis zwei Sätze für Übersichten (Pflicht)")
    add("--start", help="Beginn: „2026-05-12 18:00“, „12.05.2026 18:00“ oder nur ein Datum")
    add("--end", help="Ende: Uhrzeit am selben Tag („20:00“) oder Datum mit Uhrzeit")
    add("--admission", help="Einlass, z. B. „17:30“")
    add("--location-name", help="Name des Ortes, z. B. „Innovation Office“")
    add("--address", help="Adresse, z. B. „Alter Markt 13, 33602 Bielefeld“")
    add("--online", help="Link zur Online-Teilnahme (https://…)")
    add("--pretix", help="Kurzname der Veranstaltung in pretix, z. B. „ki-zivil-11“")
    add("--series", help="Reihe: Schlüssel aus events/series.yml")
    add("--slug", help="Kurzname für Datei und Adresse (Standard: aus dem Titel)")
    add(
        "--en",
        action="store_true",
        help="auch die Dateien der anderen Sprachen der Website, z. B. events/en/<kurzname>.md",
    )
    add("--root", type=Path, default=ROOT, help="Projektordner (Standard: dieses Repository)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    values = EventInput(**{f.name: getattr(args, f.name) for f in fields(EventInput)})
    try:
        if sys.stdin.isatty():
            ask_missing(values, input)
        project = load_project(args.root / "mkdocs.yml")
        written = create_event_files(project, values, with_translations=args.en)
    except UsageError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except RefusedError as exc:
        print(f"Nichts angelegt: {exc}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nAbgebrochen, nichts angelegt.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Die Datei ließ sich nicht schreiben: {exc.strerror} ({exc.filename}).")
        return 1
    for path in written:
        print(f"Angelegt: {path.relative_to(args.root).as_posix()}")
    print(
        "Nächste Schritte: Datei öffnen, Beschreibung schreiben, dann „make check“ und zur "
        "Vorschau „make serve“."
    )
    return 0


def ask_missing(values: EventInput, ask: Callable[[str], str]) -> None:
    """Ask for what is required but missing (only when a person sits at a terminal)."""
    questions = (
        ("title", "Titel: "),
        ("teaser", "Teaser (ein bis zwei Sätze): "),
        ("start", "Beginn (z. B. 12.05.2026 18:00): "),
    )
    for key, question in questions:
        while not getattr(values, key):
            setattr(values, key, ask(question).strip() or None)
    if not values.has_place:
        print("Wo findet die Veranstaltung statt? (leer lassen, was nicht zutrifft)")
        values.location_name = ask("Name des Ortes: ").strip() or None
        values.address = ask("Adresse: ").strip() or None
        values.online = ask("Online-Link (https://…): ").strip() or None


def create_event_files(project: Project, values: EventInput, with_translations: bool) -> list[Path]:
    """Validate, render and write the event file(s); returns the written paths.

    The file is written in the site's default language, with `with_translations` also in
    every other language of mkdocs.yml."""
    root = project.root
    missing = [
        option
        for option, present in (
            ("--title", values.title),
            ("--teaser", values.teaser),
            ("--start", values.start),
            ("--location-name, --address oder --online", values.has_place),
        )
        if not present
    ]
    if missing:
        raise UsageError(
            "Es fehlen Angaben: "
            + "; ".join(missing)
            + ". Hilfe: python -m scripts new-event --help"
        )
    slug = choose_slug(values)
    start = normalize_when(values.start, "--start")
    end = normalize_when(values.end, "--end", clock_allowed=True) if values.end else None
    admission = normalize_clock(values.admission, "--admission") if values.admission else None
    languages = list(project.languages) if with_translations else [project.default_language]
    targets = [root / "events" / lang / f"{slug}.md" for lang in languages]
    for target in targets:
        if target.exists():
            raise RefusedError(
                f"{target.relative_to(root).as_posix()} gibt es schon und wird nicht "
                "überschrieben. Anderen Kurznamen mit --slug wählen."
            )
    texts = {
        lang: render_event(
            values,
            slug=slug,
            lang=lang,
            default_lang=project.default_language,
            other_lang=next(iter(project.other_languages), project.default_language),
            start=start,
            end=end,
            admission=admission,
        )
        for lang in languages
    }
    for lang, text in texts.items():
        validate(project, slug, lang, text)
    try:
        write_new_files(dict(zip(targets, texts.values(), strict=True)), root)
    except NotOverwrittenError as exc:
        raise RefusedError(str(exc)) from None
    return targets


def choose_slug(values: EventInput) -> str:
    slug = values.slug or slugify(values.title or "")
    if not slug:
        raise UsageError("Aus dem Titel lässt sich kein Kurzname bilden; bitte --slug angeben.")
    if not SLUG_RE.match(slug):
        raise UsageError(
            f"--slug „{slug}“: nur Kleinbuchstaben, Ziffern und - sind erlaubt, "
            "z. B. „ki-im-verein“."
        )
    if slug in RESERVED_EVENT_SLUGS:
        raise UsageError(f"--slug „{slug}“ ist reserviert; bitte einen anderen Kurznamen wählen.")
    return slug


def normalize_when(text: str, option: str, clock_allowed: bool = False) -> str:
    """'12.05.2026 18:00 Uhr', '2026-05-12T18:00' → '2026-05-12 18:00' (the file format)."""
    if clock_allowed and parse_clock(text):
        return normalize_clock(text, option)
    normalized = file_datetime(text)
    if normalized:
        return normalized
    example = "„20:00“ oder „12.05.2026 20:00“" if clock_allowed else "„12.05.2026 18:00“"
    raise UsageError(f"{option} „{text}“ ist kein Datum, das ich verstehe. Beispiel: {example}.")


def normalize_clock(text: str, option: str) -> str:
    clock = parse_clock(text)
    if not clock:
        raise UsageError(f"{option} „{text}“ ist keine Uhrzeit. Beispiel: „17:30“.")
    return clock


def yaml_quoted(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): safe for any title."""
    return json.dumps(str(value), ensure_ascii=False)


def render_event(
    values: EventInput,
    *,
    slug: str,
    lang: str,
    default_lang: str = "de",
    other_lang: str = "en",
    **normalized: str | None,
) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown/YAML, not HTML; values are quoted by the yaml filter
    )
    env.filters["yaml"] = yaml_quoted
    template = env.get_template(TEMPLATE_NAME)
    return template.render(
        title=values.title,
        teaser=values.teaser,
        location_name=values.location_name,
        address=values.address,
        online=values.online,
        pretix=values.pretix,
        series=values.series,
        slug=slug,
        lang=lang,
        today=date.today().isoformat(),
        translation_note=lang != default_lang,
        default_lang=default_lang,
        held_in_example=default_lang if lang != default_lang else other_lang,
        **normalized,
    )


def validate(project: Project, slug: str, lang: str, text: str) -> None:
    """Run the build's own checks on the new file before it is written."""
    try:
        context = check_context(project, frozenset({slug}))
    except DiagnosticError as exc:
        raise RefusedError(format_diagnostics(exc.diagnostics)) from None
    _, problems = check_event_text(f"events/{lang}/{slug}.md", text, context)
    if problems:
        lines = [f"{OPTION_OF_KEY.get(p.key.split('.')[0], p.key)}: {p.message}" for p in problems]
        raise UsageError("\n".join(lines))
