"""`python -m scripts import-jekyll <jekyll-site>`: bring posts of a civic Jekyll site over.

The conversion itself is civic_site/jekyll.py; this module writes the files (never
over existing ones), copies images, shows progress and ends with the report.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from civic_site.events import CheckContext, EventError, check_event_file, event_files, load_series
from civic_site.jekyll import PAGES_FOLDER, Conversion, Note, convert_site
from scripts.new_event_cmd import RefusedError, write_new_file

ROOT = Path(__file__).resolve().parent.parent
KIND_LABEL = {"event": "Veranstaltung", "page": "Seite"}

DESCRIPTION = f"""\
Übernimmt die Beiträge (_posts/) einer Jekyll-Website:
- Beiträge, die eine Veranstaltung ankündigen (Eintrag in _data/events.yml oder Datum und
  Beginn im Text), werden zu events/de/<kurzname>.md;
- alle anderen zu Seiten unter docs/de/{PAGES_FOLDER}/<kurzname>.md.
Bausteine wie {{% include quote.html … %}} werden umgewandelt, Bilder nach
docs/assets/images/imported/ kopiert. Vorhandene Dateien werden nie überschrieben.
Am Ende steht, was nicht (vollständig) umgewandelt werden konnte."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-jekyll",
        help="Beiträge einer Jekyll-Website übernehmen",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site", type=Path, help="Ordner der Jekyll-Website (mit _posts/)")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="Projektordner (Standard: dieses Repository)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    site, root = args.site, args.root
    if not (site / "_posts").is_dir():
        print(f"Fehler: In {site} gibt es keinen Ordner _posts/; ist das eine Jekyll-Website?")
        return 2
    try:
        series = load_series(root / "events" / "series.yml")
    except EventError as exc:
        print(f"Fehler in events/series.yml, bitte zuerst beheben:\n{exc}")
        return 1
    result = convert_site(site, series, configured_organizer(root))
    notes = list(result.notes)
    skipped = 0
    # Pages first: an event's `recap:` must point at a page that exists when it is checked.
    ordered = sorted(result.conversions, key=lambda c: (c.kind != "page", c.post.rel))
    for number, conversion in enumerate(ordered, 1):
        prefix = f"[{number}/{len(ordered)}] {conversion.post.rel} → {conversion.target}"
        try:
            write_conversion(conversion, root)
        except RefusedError as exc:
            skipped += 1
            print(f"{prefix}: übersprungen")
            notes.append(Note(conversion.post.rel, 1, f"nicht übernommen: {exc}"))
            continue
        except OSError as exc:
            print(f"Fehler beim Schreiben: {exc.strerror} ({exc.filename}).")
            return 1
        print(f"{prefix} ({KIND_LABEL[conversion.kind]})")
        notes += conversion.notes
    print_report(result.conversions, notes, skipped)
    return 1 if skipped else 0


def configured_organizer(root: Path) -> str | None:
    """extra.pretix.organizer from mkdocs.yml (unknown YAML tags are ignored)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        return None
    pretix = ((config or {}).get("extra") or {}).get("pretix") or {}
    return pretix.get("organizer") if isinstance(pretix, dict) else None


def write_conversion(conversion: Conversion, root: Path) -> None:
    target = root / conversion.target
    if target.exists():
        raise RefusedError(f"{conversion.target} gibt es schon (nicht überschrieben).")
    text = conversion.text()
    if conversion.kind == "event":
        validate_event(root, target, text)
    for source, image_target in conversion.images:
        copy_image(source, root / image_target, conversion, root)
    write_new_file(target, text, root)


def validate_event(root: Path, target: Path, text: str) -> None:
    """The build's own checks, before anything is written."""
    events_dir = root / "events"
    series = load_series(events_dir / "series.yml")
    slugs = frozenset(p.stem for p in event_files(events_dir)) | {target.stem}
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "de" / target.name
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        # Images are copied only after this check: look them up in the Jekyll copy plan too.
        _, problems = check_event_file(path, CheckContext(root / "docs", series, slugs))
    problems = [p for p in problems if p.key != "header_image"]
    if problems:
        details = "; ".join(f"{p.key}: {p.message}" for p in problems)
        raise RefusedError(f"die Veranstaltung wäre ungültig ({details})")


def copy_image(source: Path, target: Path, conversion: Conversion, root: Path) -> None:
    """Copy an image unless the same file is there already; never replace a different one."""
    shown = target.relative_to(root).as_posix()
    if target.exists():
        if not filecmp.cmp(source, target, shallow=False):
            conversion.notes.append(
                Note(
                    conversion.post.rel,
                    1,
                    f"{shown} gibt es schon mit anderem Inhalt: "
                    "nicht überschrieben; bitte das Bild prüfen.",
                )
            )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        shutil.copyfile(source, temp_name)
        os.chmod(temp_name, 0o644)
        os.link(temp_name, target)
    except FileExistsError:
        pass  # appeared meanwhile: keep it
    finally:
        os.unlink(temp_name)


def print_report(conversions: list[Conversion], notes: list[Note], skipped: int) -> None:
    pages = [c for c in conversions if c.kind == "page"]
    events = [c for c in conversions if c.kind == "event"]
    print()
    print(
        f"Fertig: {len(conversions) - skipped} übernommen, {skipped} übersprungen "
        f"({len(events)} Veranstaltungen und {len(pages)} Seiten in der Jekyll-Website)."
    )
    if pages:
        print(
            f"Die Seiten unter docs/de/{PAGES_FOLDER}/ stehen nicht in der Navigation und haben "
            "keine englische Fassung: bei Bedarf in mkdocs.yml unter nav: eintragen und "
            f"docs/en/{PAGES_FOLDER}/ anlegen."
        )
    if notes:
        print()
        print("Bitte prüfen (nicht oder nicht vollständig umgewandelt):")
        for note in sorted(set(notes), key=lambda n: (n.source, n.line, n.message)):
            print(f"  {note}")
    print()
    print("Danach: „make check“ und zur Vorschau „make serve“.")
    sys.stdout.flush()
