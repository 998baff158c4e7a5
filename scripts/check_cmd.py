"""`python -m scripts check`: check all pages and events without building the site."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from civic_site.check_report import github_annotations, step_summary, write_step_summary
from civic_site.content_check import check_content
from civic_site.diagnostics import ERROR, INFO, WARNING, format_diagnostic, has_errors
from civic_site.project import CONFIG_NAME

ROOT = Path(__file__).resolve().parent.parent

DESCRIPTION = """\
Prüft alle Seiten (docs/<sprache>/) und Veranstaltungen (events/<sprache>/), ohne
die Website zu bauen: Front Matter der Veranstaltungen, Reihen (series), Rückblicke
(recap), Bilder, Links zwischen den Seiten und fehlende Übersetzungen. Die Sprachen
stehen in mkdocs.yml.

Jede Meldung hat die Form „datei:zeile: meldung“. Fehler (ohne Zusatz) verhindern das
Veröffentlichen; „Warnung:“ und „Hinweis:“ nicht. Erklärungen: REDAKTION.md.
Mit --format github (so ruft CI den Befehl auf) wird jede Meldung zu einer Anmerkung,
die GitHub im Pull Request an der Zeile zeigt. Ist $GITHUB_STEP_SUMMARY gesetzt (in
GitHub Actions), kommt eine Zusammenfassung mit allen Meldungen dazu.
Rückgabewert: 0 ohne Fehler, 1 bei Fehlern."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="alle Inhalte prüfen (schnell, ohne die Website zu bauen)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--nur-fehler",
        dest="errors_only",
        action="store_true",
        help="nur Fehler zeigen, keine Warnungen und Hinweise",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: „datei:zeile: meldung“ (Standard); github: Anmerkungen für GitHub Actions, "
        "die der Pull Request an der Zeile zeigt (Fehler zuerst)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="Projektordner mit mkdocs.yml (Standard: dieses Repository)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / CONFIG_NAME).is_file() or not (root / "docs").is_dir():
        print(f"{root} ist kein Projektordner der Website (dort fehlt {CONFIG_NAME} oder docs/).")
        return 2
    started = time.perf_counter()
    found = check_content(root)
    shown = [d for d in found if d.is_error] if args.errors_only else found
    if args.format == "github":
        # GitHub shows only 10 annotations of each kind per step: errors first. The
        # plain lines follow, folded, for reading the log; the summary lists everything.
        for line in github_annotations(shown):
            print(line)
        print("::group::Alle Meldungen als Text")
    for item in shown:
        print(format_diagnostic(item))
    if args.format == "github":
        print("::endgroup::")
    write_step_summary(step_summary(found))
    counts = {s: sum(d.severity == s for d in found) for s in (ERROR, WARNING, INFO)}
    seconds = time.perf_counter() - started
    print(
        f"{counts[ERROR]} Fehler, {counts[WARNING]} Warnungen, {counts[INFO]} Hinweise "
        f"({seconds:.1f} s)."
    )
    if has_errors(found):
        print("Bitte die Fehler beheben; Erklärungen stehen in REDAKTION.md.")
        return 1
    return 0
