"""`python -m scripts pretix check|new <slug>`: keep events/ in step with pretix.

check      compares every event file that has `pretix:` with the organizer's events in
           pretix (REST API): unknown slug, not live, not public, start, end, location.
new SLUG   creates events/de/<slug>.md and events/en/<slug>.md from a pretix event.

The API token comes from the environment variable PRETIX_TOKEN; the pretix address and
organizer from mkdocs.yml (`extra.pretix`), or --url / --organizer.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from civic_site.events import BERLIN, Event, check_all_events, site_languages
from civic_site.pretix_embed import PretixSettingsError, settings_from_extra
from civic_site.pretix_ref import SLUG_RE
from scripts.pretix_client import PretixClient, PretixError

ROOT = Path(__file__).resolve().parent.parent
TOKEN_VARIABLE = "PRETIX_TOKEN"
LANGUAGES = tuple(site_languages())


class CommandError(Exception):
    """Ends the command with this one sentence and exit code 1."""


@dataclass(frozen=True)
class Target:
    url: str
    organizer: str


# --------------------------------------------------------------------------- pure helpers


def pretix_local(value: str | None) -> datetime | None:
    """An ISO 8601 time from pretix (with offset) as a Europe/Berlin datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(BERLIN)


def localized(value: Any, lang: str) -> str:
    """A pretix language dict ({"de": …, "en": …}) in `lang`, else another filled language."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    for key in (lang, *sorted(value)):
        if str(value.get(key) or "").strip():
            return str(value[key]).strip()
    return ""


def _normalize(text: str) -> str:
    return " ".join(re.sub(r"[,;\n]", " ", text).casefold().split())


def _show(moment: datetime | None, all_day: bool = False) -> str:
    if moment is None:
        return "keine Angabe"
    return moment.strftime("%d.%m.%Y" if all_day else "%d.%m.%Y %H:%M")


def compare_event(event: Event, remote: dict[str, Any]) -> list[str]:
    """What disagrees between an event file and its pretix event (plain sentences)."""
    problems = []
    if not remote.get("live"):
        problems.append("ist in pretix nicht live geschaltet (Verkauf nicht freigegeben).")
    if not remote.get("is_public"):
        problems.append("ist in pretix nicht öffentlich.")
    start, end = pretix_local(remote.get("date_from")), pretix_local(remote.get("date_to"))
    if event.all_day:
        same_start = start is not None and start.date() == event.start.date()
        same_end = (end is None and event.end is None) or (
            end is not None and event.end is not None and end.date() == event.end.date()
        )
    else:
        same_start, same_end = start == event.start, end == event.end
    if not same_start:
        problems.append(
            f"Beginn weicht ab: Datei {_show(event.start, event.all_day)}, pretix {_show(start)}."
        )
    if not same_end:
        problems.append(
            f"Ende weicht ab: Datei {_show(event.end, event.all_day)}, pretix {_show(end)}."
        )
    problems += _location_problems(event, localized(remote.get("location"), event.lang))
    return problems


def _location_problems(event: Event, remote_location: str) -> list[str]:
    if not event.location.is_physical:
        return []  # online only: pretix may say "Online" or nothing
    if not remote_location:
        return ["Ort fehlt in pretix."]
    remote = _normalize(remote_location)
    parts = [p for p in (event.location.name, event.location.address) if p]
    if all(_normalize(part) in remote for part in parts):
        return []
    mine = ", ".join(parts)
    theirs = remote_location.replace("\n", ", ")
    return [f"Ort weicht ab: Datei „{mine}“, pretix „{theirs}“."]


def file_slug(pretix_slug: str) -> str:
    """A file name for events/ (lower case, hyphens) from a pretix slug."""
    return re.sub(r"[^a-z0-9-]+", "-", pretix_slug.lower()).strip("-")


def scaffold(remote: dict[str, Any], lang: str, pretix_value: Any, today: date) -> str:
    """The text of a new event file in `lang` from a pretix event."""
    start = pretix_local(remote.get("date_from"))
    if start is None:
        raise CommandError("Die pretix-Veranstaltung hat keinen Beginn (date_from).")
    end = pretix_local(remote.get("date_to"))
    admission = pretix_local(remote.get("date_admission"))
    meta: dict[str, Any] = {
        "title": localized(remote.get("name"), lang) or str(remote.get("slug")),
        "teaser": "",
        "start": start.strftime("%Y-%m-%d %H:%M"),
    }
    if end is not None:
        meta["end"] = end.strftime("%H:%M" if end.date() == start.date() else "%Y-%m-%d %H:%M")
    if admission is not None and admission.date() == start.date():
        meta["admission"] = admission.strftime("%H:%M")
    location_lines = [
        line.strip()
        for line in localized(remote.get("location"), lang).splitlines()
        if line.strip()
    ]
    if location_lines:
        location = {"name": location_lines[0]}
        if len(location_lines) > 1:
            location["address"] = ", ".join(location_lines[1:])
        meta["location"] = location
    meta["pretix"] = pretix_value
    meta["date"] = today.isoformat()
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    if lang == "de":
        note = "# Aus pretix angelegt. Bitte teaser (ein bis zwei Sätze) und den Text ergänzen."
        body = "Hier die Beschreibung der Veranstaltung ergänzen."
    else:
        note = (
            "# Created from pretix. Please fill in the teaser (one or two sentences) and the text."
        )
        body = "Describe the event here."
    return f"---\n{note}\n{front}---\n\n{body}\n"


# --------------------------------------------------------------------------- files


def write_new_files(contents: dict[Path, str]) -> None:
    """Create all files or none; never replace an existing file.

    Each text goes to a temporary file in the target folder first; os.link() then gives
    it its name, which fails if that name exists (no overwrite even in a race).
    """
    for path in contents:
        if path.exists():
            raise CommandError(f"{_rel(path)} gibt es schon; es wird nichts überschrieben.")
    created: list[Path] = []
    try:
        for path, text in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.link(tmp_name, path)
                created.append(path)
            finally:
                os.unlink(tmp_name)
    except BaseException as exc:
        for path in created:
            path.unlink()
        if isinstance(exc, FileExistsError):
            raise CommandError(f"{_rel(Path(exc.filename2 or ''))} gibt es schon.") from None
        raise


def _rel(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(Path.cwd()))
    return str(path)


# --------------------------------------------------------------------------- commands


def read_site_extra(config_file: Path) -> dict[str, Any]:
    """`extra` from mkdocs.yml (tags such as !ENV or !!python/name are ignored)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise CommandError(f"{config_file} lässt sich nicht lesen: {exc}") from None
    return (data or {}).get("extra") or {}


def _target(args: argparse.Namespace) -> Target:
    try:
        settings = settings_from_extra(read_site_extra(args.config))
    except PretixSettingsError as exc:
        raise CommandError(f"{args.config}: {exc}") from None
    organizer = args.organizer or settings.organizer
    if not organizer:
        raise CommandError("Kein Veranstalter: extra.pretix.organizer in mkdocs.yml fehlt.")
    return Target((args.url or settings.url).rstrip("/"), organizer)


def _client(target: Target) -> PretixClient:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise CommandError(
            f"Die Umgebungsvariable {TOKEN_VARIABLE} fehlt: den API-Schlüssel aus pretix "
            f"(Team → API-Zugang) so setzen: export {TOKEN_VARIABLE}=…"
        )
    return PretixClient(target.url, token)


def run_check(args: argparse.Namespace) -> int:
    target = _target(args)
    events_dir = args.events_dir or args.config.parent / "events"
    docs_dir = args.config.parent / "docs"
    events, file_problems = check_all_events(events_dir, docs_dir)
    lines = [f"{problem}" for problem in file_problems]
    linked = [event for event in events if event.pretix]
    client = _client(target)
    remote_by_organizer: dict[str, dict[str, dict[str, Any]]] = {}
    for event in linked:
        organizer = event.pretix.organizer or target.organizer
        if organizer not in remote_by_organizer:
            remote = client.events(organizer)
            remote_by_organizer[organizer] = {str(e.get("slug")): e for e in remote}
        remote_event = remote_by_organizer[organizer].get(event.pretix.event)
        where = f"{_rel(event.source_path)}: pretix „{event.pretix.event}“"
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
    events_dir = args.events_dir or args.config.parent / "events"
    name = file_slug(slug)
    paths = {lang: events_dir / lang / f"{name}.md" for lang in LANGUAGES}
    for path in paths.values():
        if path.exists():
            raise CommandError(f"{_rel(path)} gibt es schon; es wird nichts überschrieben.")
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
    write_new_files(
        {path: scaffold(remote, lang, pretix_value, today) for lang, path in paths.items()}
    )
    for path in paths.values():
        print(f"angelegt: {_rel(path)}")
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


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pretix", help="Veranstaltungen mit pretix abgleichen", description=__doc__
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    commands = parser.add_subparsers(dest="pretix_command", metavar="check|new", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="mkdocs.yml")
    common.add_argument("--events-dir", type=Path, default=None, help="Ordner events/")
    common.add_argument("--url", default=None, help="pretix-Adresse (statt extra.pretix.url)")
    common.add_argument("--organizer", default=None, help="Veranstalter (statt extra.pretix)")
    check = commands.add_parser("check", parents=[common], help="Dateien mit pretix vergleichen")
    check.set_defaults(func=_guarded(run_check))
    new = commands.add_parser("new", parents=[common], help="Veranstaltung aus pretix anlegen")
    new.add_argument("slug", help="Kurzname der Veranstaltung in pretix")
    new.set_defaults(func=_guarded(run_new))
