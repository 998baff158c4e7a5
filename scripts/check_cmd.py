"""`python -m scripts check`: check all pages and events without building the site."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from civic_site.content_check import ERROR, INFO, WARNING, check_content, has_errors

ROOT = Path(__file__).resolve().parent.parent

DESCRIPTION = """\
Prüft alle Seiten (docs/de, docs/en) und Veranstaltungen (events/de, events/en), ohne
die Website zu bauen: Front Matter der Veranstaltungen, Reihen (series), Rückblicke
(recap), Bilder, Links zwischen den Seiten und fehlende Übersetzungen.

Jede Meldung hat die Form „datei:zeile: meldung“. Fehler (ohne Zusatz) verhindern das
Veröffentlichen; „Warnung:“ und „Hinweis:“ nicht. Erklärungen: REDAKTION.md.
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
        "--root",
        type=Path,
        default=ROOT,
        help="Projektordner (Standard: dieses Repository)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "docs").is_dir():
        print(f"{root} ist kein Projektordner der Website (dort fehlt docs/).")
        return 2
    started = time.perf_counter()
    findings = check_content(root)
    shown = [f for f in findings if f.severity == ERROR] if args.errors_only else findings
    for finding in shown:
        print(finding)
    counts = {s: sum(f.severity == s for f in findings) for s in (ERROR, WARNING, INFO)}
    seconds = time.perf_counter() - started
    print(
        f"{counts[ERROR]} Fehler, {counts[WARNING]} Warnungen, {counts[INFO]} Hinweise "
        f"({seconds:.1f} s)."
    )
    if has_errors(findings):
        print("Bitte die Fehler beheben; Erklärungen stehen in REDAKTION.md.")
        return 1
    return 0
