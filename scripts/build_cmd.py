"""`python -m scripts build` (what `make build` runs): the site, every language at once.

The same files as `mkdocs build`, byte for byte, built by one process per language
(civic_site/parallel_build.py). Its messages look like `mkdocs build`'s, so
`build-annotations` reads them the same way.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from mkdocs.__main__ import ColorFormatter
from mkdocs.exceptions import MkDocsException

from civic_site.parallel_build import build_site


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="die Website bauen, alle Sprachen gleichzeitig (wie make build)",
        description=(
            "Baut die Website wie „mkdocs build“, aber jede Sprache in einem eigenen Prozess, "
            "wenn ein Prozessorkern frei ist (sonst nacheinander). Das Ergebnis ist Byte für "
            "Byte dasselbe. Rückgabewert: 0 bei Erfolg, 1 bei Fehlern."
        ),
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="Pfad zu mkdocs.yml (Standard: im aktuellen Ordner, wie bei mkdocs)",
    )
    parser.add_argument("-d", "--site-dir", type=Path, help="Zielordner (Standard: site_dir)")
    parser.add_argument(
        "-s", "--strict", action="store_true", help="bei Warnungen abbrechen (wie mkdocs)"
    )
    # The preview's full build (civic_site/preview_server.py): the pages' address is the
    # preview's, as in the pages it built itself.
    parser.add_argument("--site-url", help=argparse.SUPPRESS)
    # ... which runs behind the editor's browser: it must not slow the page that reloads.
    parser.add_argument("--im-hintergrund", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-q", "--quiet", action="store_true", help="nur Warnungen und Fehler")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--parallel",
        dest="parallel",
        action="store_const",
        const=True,
        help="jede Sprache in einem eigenen Prozess, auch wenn alle Kerne belegt sind",
    )
    mode.add_argument(
        "--nacheinander",
        dest="parallel",
        action="store_const",
        const=False,
        help="die Sprachen nacheinander bauen, in einem Prozess (wie mkdocs build)",
    )
    parser.set_defaults(func=run)


def configure_logging(quiet: bool) -> None:
    """The `mkdocs` logger as the mkdocs command line sets it up."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    handler.name = "MkDocsStreamHandler"
    logger.addHandler(handler)


def run(args: argparse.Namespace) -> int:
    if args.im_hintergrund and hasattr(os, "nice"):
        os.nice(10)  # the workers it forks inherit it
    configure_logging(args.quiet)
    try:
        build_site(
            args.config_file,
            args.site_dir,
            strict=args.strict,
            parallel=args.parallel,
            site_url=args.site_url,
        )
    except MkDocsException as exc:
        message = str(exc)
        if message:
            logging.getLogger("mkdocs").error(message)
        return 1
    return 0
