"""`python -m scripts preview-summary`: the pages a pull request adds or alters, with their
paths in the preview, and how to open it (German, for the CI job summary)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from civic_site.preview_pages import changed_pages, parse_name_status, preview_summary
from civic_site.project import load_project

DESCRIPTION = """\
Vergleicht HEAD mit dem Zweig BASIS (git diff BASIS...HEAD) und schreibt, welche Seiten
sich in welcher Sprache ändern, mit ihrem Pfad in der Vorschau (mkdocs.preview.yml), und
wie man die Vorschau öffnet. Ist $GITHUB_STEP_SUMMARY gesetzt (in GitHub Actions), wird der
Text dort angehängt, sonst ausgegeben."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "preview-summary",
        help="geänderte Seiten und ihre Pfade in der Vorschau (CI-Zusammenfassung)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="Projektordner")
    parser.add_argument("--base", required=True, help="Vergleichszweig, z. B. origin/main")
    parser.add_argument("--artifact", required=True, help="Name des Vorschau-Artefakts")
    parser.add_argument("--artifact-url", default=None, help="Link zum Herunterladen")
    parser.add_argument("--config", default="mkdocs.preview.yml", help="Konfiguration der Vorschau")
    parser.set_defaults(func=run)


def _changes(root: Path, base: str) -> dict[str, str] | None:
    command = ["git", "diff", "--name-status", "--no-renames", f"{base}...HEAD", "--"]
    proc = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        message = proc.stderr.strip().splitlines()[-1:] or ["(keine Meldung)"]
        print(
            f"git diff {base}...HEAD ging nicht: {message[0]} – ist der Zweig {base} "
            "abgerufen (actions/checkout mit fetch-depth: 0)?",
            file=sys.stderr,
        )
        return None
    return parse_name_status(proc.stdout)


def run(args: argparse.Namespace) -> int:
    changes = _changes(args.root, args.base)
    if changes is None:
        return 1
    project = load_project(args.root / args.config)
    pages, others = changed_pages(changes, project)
    text = preview_summary(pages, others, project, args.artifact, args.artifact_url)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    return 0
