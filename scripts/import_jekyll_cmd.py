"""`python -m scripts import-jekyll <jekyll-site>`: bring posts of a civic Jekyll site over.

The conversion itself is civic_site/jekyll_import.py; this module writes the files
through civic_site/file_writer.py (new files only, never over existing ones), copies
images, shows progress and ends with the report (civic_site/diagnostics.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from civic_site.diagnostics import (
    ERROR,
    Diagnostic,
    DiagnosticError,
    format_diagnostic,
    has_errors,
    sort_diagnostics,
)
from civic_site.event_check import check_event_text
from civic_site.event_folder import check_context, load_series
from civic_site.file_writer import OutsideProjectError, write_new_files
from civic_site.jekyll_conversion import PAGES_FOLDER, Conversion
from civic_site.jekyll_import import convert_site
from civic_site.project import Project, load_project

ROOT = Path(__file__).resolve().parent.parent
KIND_LABEL = {"event": "Veranstaltung", "page": "Seite"}

DESCRIPTION = f"""\
Übernimmt, was eine Jekyll-Website veröffentlicht: _posts/ und jede Sammlung mit
output: true (_config.yml, mit defaults, permalink und lang):
- Beiträge, die eine Veranstaltung ankündigen (Eintrag in _data/events.yml, event_date:
  im Kopf, oder Datum, Beginn und Ort im Text), werden zu events/<sprache>/<kurzname>.md;
  als Veranstalter steht dort die Jekyll-Website (title, url, email aus _config.yml,
  oder --organizer);
- alle anderen zu Seiten unter docs/<sprache>/{PAGES_FOLDER}/<kurzname>.md.
Bausteine wie {{% include figure.html … %}} werden umgewandelt, geprüfte Bilder nach
docs/assets/images/imported/ kopiert; Skripte und Verknüpfungen nach außen nie.
Vorhandene Dateien werden nie überschrieben. Am Ende steht, was nicht (vollständig)
umgewandelt werden konnte, mit Datei und Zeile."""


class RefusedError(Exception):
    """This post is not written (its file exists, or the event would be invalid)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-jekyll",
        help="Beiträge einer Jekyll-Website übernehmen",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site", type=Path, help="Ordner der Jekyll-Website (mit _config.yml)")
    parser.add_argument(
        "--organizer",
        metavar="NAME",
        help="wer die Veranstaltungen der Website ausrichtet (Standard: title aus _config.yml)",
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="Projektordner (Standard: dieses Repository)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    site, root = args.site, args.root
    if not any((site / name).exists() for name in ("_config.yml", "_posts")):
        print(
            f"Fehler: In {site} gibt es weder _config.yml noch _posts/; "
            "ist das eine Jekyll-Website?"
        )
        return 2
    if not (root / "mkdocs.yml").is_file():
        print(f"Fehler: In {root} gibt es keine mkdocs.yml; --root ist der Projektordner.")
        return 2
    try:
        project = load_project(root / "mkdocs.yml")
        series = load_series(project)
    except (yaml.YAMLError, ValueError) as exc:
        print(f"Fehler in mkdocs.yml oder events/series.yml, bitte zuerst beheben:\n{exc}")
        return 1
    organizer = {"name": args.organizer.strip()} if getattr(args, "organizer", None) else None
    result = convert_site(
        site,
        series,
        configured_organizer(project),
        organizer=organizer,
        languages=project.languages,
        default_lang=project.default_language,
    )
    if result.organizer is None and any(c.kind == "event" for c in result.conversions):
        print(
            "Fehler: Wer richtet die Veranstaltungen aus? _config.yml nennt weder title noch "
            "author. Bitte angeben, z. B. --organizer „Open Innovation City Bielefeld“; "
            "sonst stünden sie als Veranstaltungen der Initiative da. Nichts geschrieben."
        )
        return 2
    diagnostics = list(result.diagnostics)
    skipped = 0
    # Pages first: an event's `recap:` must point at a page that exists when it is checked.
    ordered = sorted(result.conversions, key=lambda c: (c.kind != "page", c.post.rel))
    for number, conversion in enumerate(ordered, 1):
        prefix = f"[{number}/{len(ordered)}] {conversion.post.rel} → {conversion.target}"
        try:
            write_conversion(conversion, project)
        except (RefusedError, FileExistsError, OutsideProjectError) as exc:
            skipped += 1
            print(f"{prefix}: übersprungen")
            diagnostics.append(conversion.post.diagnostic(1, f"nicht übernommen: {exc}", ERROR))
            continue
        except OSError as exc:
            print(f"Fehler beim Schreiben: {exc.strerror} ({exc.filename}).")
            return 1
        print(f"{prefix} ({KIND_LABEL[conversion.kind]})")
        diagnostics += conversion.diagnostics
    print_report(result.conversions, diagnostics, skipped)
    return 1 if has_errors(diagnostics) else 0


def configured_organizer(project: Project) -> str | None:
    """extra.pretix.organizer from mkdocs.yml."""
    pretix = project.extra.get("pretix") or {}
    return pretix.get("organizer") if isinstance(pretix, dict) else None


def write_conversion(conversion: Conversion, project: Project) -> None:
    """Write the post and its new images together, or nothing (RefusedError, FileExistsError)."""
    target = project.root / conversion.target
    if target.exists():
        raise RefusedError(f"{conversion.target} gibt es schon und wird nicht überschrieben.")
    text = conversion.text()
    if conversion.kind == "event":
        validate_event(project, conversion.target, text)
    write_new_files({target: text, **new_images(conversion, project.root)}, project.root)


def validate_event(project: Project, path: str, text: str) -> None:
    """The build's own checks on `text`, the event file `path` (events/de/<slug>.md) to be."""
    try:
        context = check_context(project, frozenset({Path(path).stem}))
    except DiagnosticError as exc:
        raise RefusedError(str(exc)) from None
    _, problems = check_event_text(path, text, context)
    # Images are copied only after this check: they are in the Jekyll copy plan.
    problems = [p for p in problems if p.key != "header_image"]
    if problems:
        details = "; ".join(f"{p.key}: {p.message}" for p in problems)
        raise RefusedError(f"die Veranstaltung wäre ungültig ({details})")


def new_images(conversion: Conversion, root: Path) -> dict[Path, bytes]:
    """The images to copy (their bytes were read and checked when they were planned).
    One that is there already with the same content is kept; a different one is never
    replaced, but reported."""
    images: dict[Path, bytes] = {}
    for _, image_target, data in conversion.images:
        target = root / image_target
        existing = images.get(target) or (target.read_bytes() if target.is_file() else None)
        if existing is None:
            images[target] = data
        elif existing != data:
            conversion.report(
                1,
                f"{image_target} gibt es schon mit anderem Inhalt: "
                "nicht überschrieben; bitte das Bild prüfen.",
            )
    return images


def print_report(
    conversions: list[Conversion], diagnostics: list[Diagnostic], skipped: int
) -> None:
    pages = [c for c in conversions if c.kind == "page"]
    events = [c for c in conversions if c.kind == "event"]
    print()
    print(
        f"Fertig: {len(conversions) - skipped} übernommen, {skipped} übersprungen "
        f"({len(events)} Veranstaltungen und {len(pages)} Seiten in der Jekyll-Website)."
    )
    if pages:
        print(
            f"Die Seiten unter docs/<sprache>/{PAGES_FOLDER}/ stehen nicht in der Navigation "
            "und haben keine zweite Sprachfassung: bei Bedarf in mkdocs.yml unter nav: "
            "eintragen und übersetzen."
        )
    if diagnostics:
        print()
        print("Bitte prüfen (nicht oder nicht vollständig umgewandelt):")
        for item in sort_diagnostics(diagnostics):
            print(f"  {format_diagnostic(item)}")
    print()
    print("Danach: „make check“ und zur Vorschau „make serve“.")
    sys.stdout.flush()
