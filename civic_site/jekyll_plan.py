"""What each document of a Jekyll site becomes: an event or a page, in which language,
under which file name.

A document announces an event when it has an entry in _data/events.yml (same pretix event
or title), event dates in its own front matter (`event_date:`, `start_time:`, `location:`
…), or a date, start time and place written out in German in its text; all of these are
used only when they are unambiguous. Retrospectives (by title or category) are pages.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from civic_site.diagnostics import WARNING, Diagnostic, diagnostic
from civic_site.german_text import (
    Place,
    file_datetime,
    place_from_body,
    place_from_text,
    when_from_body,
    when_from_entry,
)
from civic_site.jekyll_conversion import Plan
from civic_site.jekyll_site import Post
from civic_site.liquid_tags import pretix_refs
from civic_site.pretix_ref import PretixRef
from civic_site.site_paths import RESERVED_EVENT_SLUGS

EVENTS_DATA = "_data/events.yml"
NEW_EVENT_HINT = "bitte von Hand anlegen (python -m scripts new-event)"
# Front-matter keys civic sites use for an event's own date, time and place.
EVENT_DATE_KEYS = ("event_date", "start_date", "eventdate", "event_start", "datum", "termin")
START_KEYS = ("start_time", "time", "uhrzeit", "beginn")
END_KEYS = ("end_time", "ende")
PLACE_KEYS = ("location", "venue", "place", "ort", "address")
BOOKING_KEYS = ("booking_url", "registration_url", "registration", "anmeldung", "tickets")


def plan_posts(
    posts: list[Post],
    entries: list[dict[str, Any]],
    languages: tuple[str, ...] = ("de", "en"),
    default_lang: str = "de",
) -> tuple[dict[str, Plan], list[Diagnostic]]:
    """Decide for every document: event or page, its language, and its file name."""
    plans: dict[str, Plan] = {}
    used_entries: set[int] = set()
    used_slugs: set[str] = set()
    for post in posts:
        lang = post.lang if post.lang in languages else default_lang
        plan = Plan(post, "page", lang, _unique_slug(post, used_slugs))
        if post.lang and post.lang not in languages:
            message = (
                f"Sprache „{post.meta.get('lang') or post.lang}“ gibt es auf dieser Website "
                f"nicht: unter {default_lang} übernommen."
            )
            plan.diagnostics.append(post.diagnostic(post.line_of("lang"), message))
        entry_index = _matching_entry(post, entries)
        front_entry = front_matter_entry(post.meta)
        if entry_index is not None and not post.is_retrospective:
            used_entries.add(entry_index)
            plan.entry = entries[entry_index]
            plan.when, problem = when_from_entry(plan.entry)
            if problem:
                plan.diagnostics.append(post.diagnostic(1, f"{EVENTS_DATA}: {problem}."))
            location = str(plan.entry.get("location") or "").strip()
            plan.place = place_from_text(location) if location else None
        elif front_entry is not None and not post.is_retrospective:
            plan.entry = front_entry
            plan.when, problem = when_from_entry(front_entry)
            if problem:
                line = next((post.line_of(k) for k in EVENT_DATE_KEYS if k in post.meta), 1)
                plan.diagnostics.append(post.diagnostic(line, f"{problem}."))
            plan.place = front_entry.get("place")
        elif not post.is_retrospective:
            plan.when, problem = when_from_body(post.body)
            plan.place, place_problem = place_from_body(post.body)
            problem = problem or place_problem
            if problem:
                message = (
                    f"Termin oder Ort nicht eindeutig ({problem}): als Seite übernommen; "
                    f"die Veranstaltung {NEW_EVENT_HINT}."
                )
                plan.diagnostics.append(post.diagnostic(1, message))
                plan.when = None
        if plan.when and not plan.place:
            message = (
                "Termin gefunden, aber kein Ort: als Seite übernommen; "
                f"die Veranstaltung {NEW_EVENT_HINT}."
            )
            plan.diagnostics.append(post.diagnostic(1, message))
        if plan.when and plan.place:
            plan.kind = "event"
        plans[post.rel] = plan
    unused = [
        diagnostic(
            EVENTS_DATA,
            1,
            "",
            f"Eintrag „{entry.get('title')}“ gehört zu keinem Beitrag: "
            "nicht übernommen (bitte mit python -m scripts new-event anlegen).",
            WARNING,
        )
        for index, entry in enumerate(entries)
        if index not in used_entries
    ]
    return plans, unused


def _unique_slug(post: Post, used: set[str]) -> str:
    """The document's slug, made unique among the import and never a reserved name."""
    candidates = [post.slug, f"{post.slug}-{post.date}"]
    candidates += [f"{post.slug}-{post.date}-{n}" for n in range(2, 100)]
    slug = next(c for c in candidates if c not in used and c not in RESERVED_EVENT_SLUGS)
    used.add(slug)
    return slug


def front_matter_entry(meta: dict[str, Any]) -> dict[str, Any] | None:
    """Event data in a document's own front matter (`event_date:`, `start_time:`,
    `location:` …, or `date:`/`start:` under `event:`) as an events.yml entry, with the
    place already read (`place`); None when there is no event date."""
    nested = meta.get("event")
    source = nested if isinstance(nested, dict) else meta
    date_keys = (*EVENT_DATE_KEYS, "date", "start") if source is nested else EVENT_DATE_KEYS
    day = next((str(source[k]) for k in date_keys if source.get(k) not in (None, "")), None)
    if day is None:
        return None
    entry: dict[str, Any] = {"date": day}
    combined = file_datetime(day)
    if combined and " " in combined:
        entry["date"], entry["time"] = combined.split(" ", 1)
    start = next((str(source[k]) for k in START_KEYS if source.get(k) not in (None, "")), "")
    end = next((str(source[k]) for k in END_KEYS if source.get(k) not in (None, "")), "")
    if start:
        entry["time"] = f"{start} - {end}" if end else start
    if source.get("duration") not in (None, ""):
        entry["duration"] = source["duration"]
    place = next((source[k] for k in PLACE_KEYS if source.get(k) not in (None, "")), None)
    if isinstance(place, dict):
        name = str(place.get("name") or "").strip()
        address = ", ".join(
            str(place[k]).strip() for k in ("address", "street", "city") if place.get(k)
        )
        entry["place"] = Place(name or None, address or None) if name or address else None
    elif isinstance(place, str | int):
        entry["place"] = place_from_text(str(place))
    booking = next((source[k] for k in BOOKING_KEYS if isinstance(source.get(k), str)), None)
    if booking:
        entry["booking_url"] = booking
    return entry


def _matching_entry(post: Post, entries: list[dict[str, Any]]) -> int | None:
    title = _normalized(post.title)
    slugs = {ref.event for ref in pretix_refs(post.body)}
    for index, entry in enumerate(entries):
        ref = pretix_from_url(str(entry.get("booking_url") or ""))
        if ref and ref.event in slugs:
            return index
    for index, entry in enumerate(entries):
        other = _normalized(str(entry.get("title") or ""))
        if other and (other == title or title.startswith(other) or other.startswith(title)):
            return index
    return None


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def pretix_from_url(url: str) -> PretixRef | None:
    """https://pretix.eu/<organizer>/<event>/ → PretixRef (other shops: None)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if "pretix" not in parts.netloc or len(segments) < 2:
        return None
    return PretixRef(event=segments[1], organizer=segments[0])
