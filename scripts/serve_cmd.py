"""`python -m scripts serve` (what `make serve` runs): the live preview for editors.

Plain `mkdocs serve` has two habits that confuse editors (checked with MkDocs 1.6.1):
- when the *first* build fails (say an event file has a typo), it exits instead of
  waiting for the fix;
- its command line installs a filter that prints each log message only once per
  process, so when a rebuild fails again with the same error, only
  "Aborted with a BuildError!" appears, without saying what is wrong.
- it loads `hooks:` once per process (mkdocs.config.config_options.Hooks caches them),
  and the civic_site modules they import stay imported: edits to hooks/ or civic_site/
  trigger a rebuild, but with the old code.
This command runs the preview of civic_site/preview_server.py (MkDocs' live-reload server
and build, without that filter): after a saved page or event it first renders only the
pages that show the change, then builds everything in the background. When the first build
fails it prints the error, waits for the next saved change and tries again. Before each
build it drops the modules of civic_site/ and hooks/ when a .py file there has changed
(`CodeReloader`), so the next build imports them afresh (the preview's own code,
preview_server.py and preview_build.py, stays as it was started).
Rebuild errors while serving are logged and the preview keeps running; browser requests
wait until a build succeeds again, then the page reloads by itself.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from mkdocs.config.config_options import Hooks
from mkdocs.exceptions import MkDocsException

from civic_site import i18n, preview_server

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WATCH = ("mkdocs.yml", "docs", "events", "overrides", "hooks", "civic_site", "data")
CODE_DIRS = ("civic_site", "hooks")  # Python the build runs, reloaded on change
CODE_CHANGED = "Programmcode geändert (civic_site/, hooks/): wird für diesen Bau neu geladen."
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
    print(f"Vorschau: {preview_url(args.dev_addr)}  (Beenden mit Strg+C)", flush=True)
    reloader = CodeReloader(project)
    while True:
        try:
            preview_server.serve(args.config_file, args.dev_addr, reloader.reload_if_changed)
            return 0
        except KeyboardInterrupt:
            return 0
        except MkDocsException as exc:  # Abort, ConfigurationError: the first build failed
            if str(exc) and not str(exc).startswith("Aborted"):
                print(f"Fehler: {exc}", flush=True)
            print(NOT_YET, flush=True)
        except OSError as exc:
            print(f"Die Vorschau kann nicht starten: {exc.strerror} ({args.dev_addr}).")
            print("Läuft sie schon in einem anderen Fenster? Sonst: --dev-addr 127.0.0.1:8001")
            return 1
        except Exception:  # an error in civic_site/ or hooks/ (the programmers' code)
            traceback.print_exc()
            print(f"Fehler im Programmcode (Meldung oben). {NOT_YET}", flush=True)
        try:
            wait_for_change(project)
        except KeyboardInterrupt:
            return 0


NOT_YET = (
    "Die Vorschau kann noch nicht starten (Meldung oben). Bitte den Fehler beheben und die "
    "Datei speichern; dann geht es von selbst weiter."
)


def preview_url(dev_addr: str, env: dict[str, str] | None = None) -> str:
    """Where the editor opens the preview: in a Codespace the forwarded address."""
    env = dict(os.environ) if env is None else env
    host, _, port = dev_addr.rpartition(":")
    codespace, domain = (
        env.get("CODESPACE_NAME"),
        env.get("GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN"),
    )
    if codespace and domain:
        return f"https://{codespace}-{port}.{domain}/"
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}/"


class CodeReloader:
    """Fresh civic_site/ and hooks/ modules for the next build when a .py file changed.

    Drops those modules from sys.modules and MkDocs' cache of loaded hooks; the next
    `load_config` then runs the hooks' files again, which import civic_site afresh.
    """

    def __init__(self, project: Path) -> None:
        self.dirs = tuple((project / name).resolve() for name in CODE_DIRS)
        self.stamp = self._python_files()

    def _python_files(self) -> dict[Path, tuple[int, int]]:
        files = {}
        for folder in self.dirs:
            for path in folder.rglob("*.py") if folder.is_dir() else ():
                stat = path.stat()
                files[path] = (stat.st_mtime_ns, stat.st_size)
        return files

    def _inside(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.dirs)

    def reload_if_changed(self) -> bool:
        stamp = self._python_files()
        if stamp == self.stamp:
            return False
        changed = {p for p in stamp.keys() | self.stamp.keys() if stamp.get(p) != self.stamp.get(p)}
        self.stamp = stamp
        for path in changed:  # a bytecode file from the same second could look current
            cached = Path(importlib.util.cache_from_source(str(path)))
            cached.unlink(missing_ok=True)
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if file and self._inside(Path(file).resolve()):
                del sys.modules[name]
        Hooks._load_hook.cache_clear()
        importlib.invalidate_caches()
        print(CODE_CHANGED, flush=True)
        return True


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


def wait_for_change(project: Path, poll: float = POLL_SECONDS) -> None:
    before = preview_server.watched_files(project)
    while preview_server.watched_files(project) == before:
        time.sleep(poll)
