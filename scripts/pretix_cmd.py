"""`python -m scripts pretix check|new <slug>`: keep events/ in step with pretix.

check      compares every event file that has `pretix:` with the organizer's events in
           pretix (REST API): unknown slug, not live, not public, start, end, location.
new SLUG   creates events/de/<slug>.md and events/en/<slug>.md from a pretix event.

The API token comes from the environment variable PRETIX_TOKEN; the pretix address and
organizer from mkdocs.yml (`extra.pretix`), or --url / --organizer. While the organizer
there is unconfirmed (`UNBESTÄTIGT:`), both refuse to run without --organizer. The token goes to
that address only, which must be https (http only for localhost, 127.0.0.1 and ::1);
each request ends after --timeout seconds (default 15) and at 5 MB.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from civic_site.diagnostics import format_diagnostic
from civic_site.event_check import slug_problems
from civic_site.event_folder import check_project_events
from civic_site.event_model import BERLIN
from civic_site.file_writer import NotOverwrittenError, OutsideProjectError, write_new_files
from civic_site.pretix_compare import PretixDataError, compare_event, file_slug, scaffold
from civic_site.pretix_embed import (
    PretixSettingsError,
    PretixUrlError,
    check_pretix_url,
    settings_from_extra,
)
from civic_site.pretix_ref import SLUG_RE
from civic_site.project import Project, load_project
from scripts.pretix_client import DEFAULT_TIMEOUT, PretixClient, PretixError

TOKEN_VARIABLE = "PRETIX_TOKEN"


class CommandError(Exception):
    """Ends the command with this one sentence and exit code 1."""


@dataclass(frozen=True)
class Target:
    url: str
    organizer: str
    timeout: float = DEFAULT_TIMEOUT


# --------------------------------------------------------------------------- commands


def _project(args: argparse.Namespace) -> Project:
    try:
        return load_project(args.config)
    except (OSError, ValueError) as exc:
        raise CommandError(f"{args.config} lässt sich nicht lesen: {exc}") from None


def _target(args: argparse.Namespace) -> Target:
    try:
        settings = settings_from_extra(_project(args).extra)
    except PretixSettingsError as exc:
        raise CommandError(f"{args.config}: {exc}") from None
    url = settings.url  # checked by settings_from_extra
    if args.url is not None:
        try:
            url = check_pretix_url(args.url)  # the same check as for extra.pretix.url
        except PretixUrlError as exc:
            raise CommandError(f"--url: {exc}") from None
    organizer = args.organizer or settings.organizer
    if not organizer and settings.organizer_unconfirmed:
        raise CommandError(
            f"Der pretix-Veranstalter in {args.config} (extra.pretix.organizer) ist noch nicht "
            "bestätigt: den richtigen Kurznamen dort eintragen oder mit --organizer angeben."
        )
    if not organizer:
        raise CommandError("Kein Veranstalter: extra.pretix.organizer in mkdocs.yml fehlt.")
    return Target(url, organizer, args.timeout)


def _client(target: Target) -> PretixClient:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise CommandError(
            f"Die Umgebungsvariable {TOKEN_VARIABLE} fehlt: den API-Schlüssel aus pretix "
            f"(Team → API-Zugang) so setzen: export {TOKEN_VARIABLE}=…"
        )
    return PretixClient(target.url, token, timeout=target.timeout)


def run_check(args: argparse.Namespace) -> int:
    target = _target(args)
    events, _, file_problems = check_project_events(_project(args))
    lines = [format_diagnostic(problem) for problem in file_problems]
    linked = [event for event in events if event.pretix]
    client = _client(target)
    remote_by_organizer: dict[str, dict[str, dict[str, Any]]] = {}
    for event in linked:
        organizer = event.pretix.organizer or target.organizer
        if organizer not in remote_by_organizer:
            remote = client.events(organizer)
            remote_by_organizer[organizer] = {str(e.get("slug")): e for e in remote}
        remote_event = remote_by_organizer[organizer].get(event.pretix.event)
        where = f"{event.source_path}: pretix „{event.pretix.event}“"
        if remote_event is None:
            lines.append(f"{where} gibt es beim Veranstalter „{organizer}“ nicht.")
            continue
        lines += [f"{where} {problem}" for problem in compare_event(event, remote_event)]
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} Abweichung(en) gefunden.", file=sys.stderr)
        return 1
    print(f"Alles in Ordnung: {len(linked)} Veranstaltungsdatei(en) mit pretix verglichen.")
    return 0


def run_new(args: argparse.Namespace) -> int:
    slug = args.slug
    if not SLUG_RE.match(slug):
        raise CommandError(f"„{slug}“ ist kein pretix-Kurzname (Buchstaben, Ziffern, . _ -).")
    target = _target(args)
    project = _project(args)
    name = file_slug(slug)
    paths = {lang: project.events_dir / lang / f"{name}.md" for lang in project.languages}
    problems = slug_problems(project.relative(paths[project.default_language]), name)
    if problems:
        raise CommandError(f"„{slug}“ ergibt den Dateinamen „{name}“: {problems[0].message}")
    for path in paths.values():
        if path.exists():
            shown = project.relative(path)
            raise CommandError(f"{shown} gibt es schon; es wird nichts überschrieben.")
    client = _client(target)
    try:
        remote = client.event(target.organizer, slug)
    except PretixError as exc:
        # pretix answers an unknown event with 403 (like an unknown organizer) or 404;
        # the organizer's list tells which it is.
        if exc.status not in (403, 404):
            raise
        known = {str(event.get("slug")) for event in client.events(target.organizer)}
        if slug in known:
            raise
        raise CommandError(
            f"Die Veranstaltung „{slug}“ gibt es beim pretix-Veranstalter "
            f"„{target.organizer}“ nicht."
        ) from None
    pretix_value: Any = slug
    if args.organizer:
        pretix_value = {"event": slug, "organizer": target.organizer}
    today = datetime.now(BERLIN).date()
    default = project.default_language
    try:
        texts = {
            path: scaffold(remote, lang, pretix_value, today, default)
            for lang, path in paths.items()
        }
        write_new_files(texts, project.root)
    except PretixDataError as exc:
        raise CommandError(str(exc)) from None
    except (NotOverwrittenError, OutsideProjectError) as exc:
        raise CommandError(f"{exc} Es wurde nichts angelegt.") from None
    for path in paths.values():
        print(f"angelegt: {project.relative(path)}")
    print("Bitte teaser und Text in beiden Dateien ergänzen.")
    return 0


def _guarded(func: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (CommandError, PretixError) as exc:
            print(f"Fehler: {exc}", file=sys.stderr)
            return 1

    return run


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"„{value}“: eine Zahl von Sekunden, über 0 bis 600")
    return seconds


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pretix", help="Veranstaltungen mit pretix abgleichen", description=__doc__
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    commands = parser.add_subparsers(dest="pretix_command", metavar="check|new", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml")
    common.add_argument("--url", default=None, help="pretix-Adresse (statt extra.pretix.url)")
    common.add_argument("--organizer", default=None, help="Veranstalter (statt extra.pretix)")
    common.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"Sekunden je Anfrage an pretix, insgesamt (Standard {DEFAULT_TIMEOUT:g})",
    )
    check = commands.add_parser("check", parents=[common], help="Dateien mit pretix vergleichen")
    check.set_defaults(func=_guarded(run_check))
    new = commands.add_parser("new", parents=[common], help="Veranstaltung aus pretix anlegen")
    new.add_argument("slug", help="Kurzname der Veranstaltung in pretix")
    new.set_defaults(func=_guarded(run_new))
