"""`python -m scripts launch-check`: what must be confirmed before the site goes live."""

from __future__ import annotations

import argparse
from pathlib import Path

from civic_site.diagnostics import format_diagnostic
from civic_site.placeholders import MARKER, find_placeholders
from civic_site.project import load_project

DESCRIPTION = f"""\
Listet jede Angabe, die noch niemand bestätigt hat (Werte, die mit „{MARKER}:“
beginnen), als „datei:zeile: schlüssel: was fehlt“. Vor dem Start den bestätigten
Wert eintragen; solange etwas fehlt, endet der Befehl mit 1 und die Website wird nur
im Testbetrieb veröffentlicht (README, Abschnitt „Vor dem Start“)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "launch-check",
        help="unbestätigte Angaben auflisten (vor dem Start)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="Projektordner")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    placeholders = find_placeholders(load_project(args.root / "mkdocs.yml"))
    for item in placeholders:
        print(format_diagnostic(item))
    if placeholders:
        print(f"{len(placeholders)} unbestätigte Angabe(n): vor dem Start bestätigen.")
        return 1
    print("Alle Angaben bestätigt: bereit für den Start.")
    return 0
