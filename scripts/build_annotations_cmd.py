"""`python -m scripts build-annotations -- make build`: the build's log, passed through,
plus its problems as GitHub annotations on the right file and line, and in the summary.

For what `check` cannot know without building (a link to a heading, anything new). CI
runs it around `make build`; locally it changes nothing but the extra lines at the end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from civic_site.build_log import build_diagnostics
from civic_site.check_report import github_annotations, step_summary, write_step_summary
from civic_site.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
FAILED = "Der Bau ist fehlgeschlagen; die Meldung steht im Protokoll dieses Schritts."


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build-annotations",
        help="Meldungen beim Bauen als Anmerkungen für GitHub (für CI)",
        description=(
            "Führt den Befehl nach -- aus (z. B. „-- make build“) oder liest sein Protokoll "
            "von der Standardeingabe, gibt es unverändert aus und hängt jede Meldung als "
            "GitHub-Anmerkung an (Datei und Zeile, auf Deutsch). Ist $GITHUB_STEP_SUMMARY "
            "gesetzt, kommt eine Zusammenfassung dazu. Rückgabewert: der des Befehls "
            "(ohne Befehl 0)."
        ),
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="Projektordner mit mkdocs.yml (Standard: dieses Repository)",
    )
    parser.add_argument(
        "command", nargs=argparse.REMAINDER, help="-- und der Befehl, z. B. make build"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    lines: list[str] = []
    if command:
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                print(line, end="", flush=True)
                lines.append(line)
        returncode = process.returncode
    else:
        for line in sys.stdin:
            print(line, end="")
            lines.append(line)
        returncode = 0
    found = build_diagnostics(lines, args.root)
    if command and returncode != 0 and not any(item.is_error for item in found):
        found.append(Diagnostic("", 1, "", FAILED))
    for line in github_annotations(found):
        print(line)
    if found:
        write_step_summary(step_summary(found, heading="Bauen der Website"))
    return returncode
