"""`python -m scripts serve` (what `make serve` runs): the live preview for editors.

Plain `mkdocs serve` has two habits that confuse editors (checked with MkDocs 1.6.1):
- when the *first* build fails (say an event file has a typo), it exits instead of
  waiting for the fix;
- its command line installs a filter that prints each log message only once per
  process, so when a rebuild fails again with the same error, only
  "Aborted with a BuildError!" appears, without saying what is wrong.
This wrapper runs MkDocs' own `serve()` in-process (without that filter), and when the
first build fails it prints the error, waits for the next saved change and tries again.
Rebuild errors while serving are handled by MkDocs: it logs them and keeps running;
browser requests wait until a build succeeds again, then the page reloads by itself.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from mkdocs.commands.serve import serve
from mkdocs.exceptions import MkDocsException

from civic_site import i18n

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WATCH = ("mkdocs.yml", "docs", "events", "overrides", "hooks", "civic_site", "data")
POLL_SECONDS = 1.0
REBUILD_FAILED = "An error happened during the rebuild."


class _GermanRebuildHint(logging.Filter):
    """Replace MkDocs' English note after a failed rebuild with what an editor can do."""

    def filter(self, record: logging.LogRecord) -> bool:
        if REBUILD_FAILED in str(record.msg):  # the logger prefixes a timestamp
            record.msg = (
                "Die Änderung ließ sich nicht bauen (Meldung oben). Die Vorschau im Browser "
                "wartet, bis der Fehler behoben und die Datei gespeichert ist, und lädt dann "
                "von selbst neu."
            )
            record.args = ()
        return True


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="Vorschau im Browser (baut bei jeder Änderung neu)",
        description=(
            "Startet die Vorschau unter http://127.0.0.1:8000/. Nach jedem Speichern wird die "
            "Website neu gebaut und der Browser lädt neu. Fehler erscheinen hier im Terminal; "
            "die Vorschau läuft weiter und erholt sich beim nächsten Speichern. Beenden: Strg+C."
        ),
    )
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="Adresse:Port der Vorschau")
    parser.add_argument(
        "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="Pfad zu mkdocs.yml"
    )
    parser.add_argument(
        "--ausfuehrlich", action="store_true", help="alle Meldungen zeigen (für Fehlersuche)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure_logging(verbose=args.ausfuehrlich)
    project = args.config_file.resolve().parent
    print(f"Vorschau: http://{args.dev_addr}/  (Beenden mit Strg+C)", flush=True)
    while True:
        try:
            serve(config_file=str(args.config_file), dev_addr=args.dev_addr, livereload=True)
            return 0
        except KeyboardInterrupt:
            return 0
        except MkDocsException as exc:  # Abort, ConfigurationError: the first build failed
            if str(exc) and not str(exc).startswith("Aborted"):
                print(f"Fehler: {exc}", flush=True)
            print(
                "Die Vorschau kann noch nicht starten (Meldung oben). Bitte den Fehler beheben "
                "und die Datei speichern; dann geht es von selbst weiter.",
                flush=True,
            )
        except OSError as exc:
            print(f"Die Vorschau kann nicht starten: {exc.strerror} ({args.dev_addr}).")
            print("Läuft sie schon in einem anderen Fenster? Sonst: --dev-addr 127.0.0.1:8001")
            return 1
        try:
            wait_for_change(project)
        except KeyboardInterrupt:
            return 0


def configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    mkdocs_logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    mkdocs_logger.propagate = False
    logging.getLogger("mkdocs.livereload").addFilter(_GermanRebuildHint())
    if not verbose:  # static-i18n reports every config override of the English build
        logging.getLogger(i18n.LOGGER_NAME).setLevel(logging.WARNING)


def watched_files(project: Path) -> dict[Path, int]:
    """Modification times of everything the preview depends on (no build output)."""
    times = {}
    for name in DEFAULT_WATCH:
        path = project / name
        candidates = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for candidate in candidates:
            if candidate.is_file() and "__pycache__" not in candidate.parts:
                times[candidate] = candidate.stat().st_mtime_ns
    return times


def wait_for_change(project: Path, poll: float = POLL_SECONDS) -> None:
    before = watched_files(project)
    while watched_files(project) == before:
        time.sleep(poll)
