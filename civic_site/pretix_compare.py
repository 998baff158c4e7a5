"""How an event file compares with its pretix event, and a new file from a pretix event.

Pure: takes the pretix API's JSON (dicts) and our `Event`s; scripts/pretix_cmd.py does
the requests and the writing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

from civic_site.event_model import BERLIN, Event


class PretixDataError(ValueError):
    """pretix sent something a new event file cannot be made from."""


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


def scaffold(
    remote: dict[str, Any], lang: str, pretix_value: Any, today: date, default_lang: str = "de"
) -> str:
    """The text of a new event file in `lang` from a pretix event.

    The comment for editors is German in the default language's file, else English."""
    start = pretix_local(remote.get("date_from"))
    if start is None:
        raise PretixDataError("Die pretix-Veranstaltung hat keinen Beginn (date_from).")
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
    if lang == default_lang:
        note = "# Aus pretix angelegt. Bitte teaser (ein bis zwei Sätze) und den Text ergänzen."
        body = "Hier die Beschreibung der Veranstaltung ergänzen."
    else:
        note = (
            "# Created from pretix. Please fill in the teaser (one or two sentences) and the text."
        )
        body = "Describe the event here."
    return f"---\n{note}\n{front}---\n\n{body}\n"
