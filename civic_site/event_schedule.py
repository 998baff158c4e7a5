"""Events by time: the build's 'now', an event's state, and what is upcoming or past."""

from __future__ import annotations

import os
from datetime import datetime

from civic_site.event_model import BERLIN, Event


def site_now(environ: dict[str, str] | None = None) -> datetime:
    """The build's 'now': SITE_NOW (ISO 8601, Berlin if no offset) or the real clock."""
    value = (environ if environ is not None else os.environ).get("SITE_NOW")
    if not value:
        return datetime.now(BERLIN)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)


def event_state(event: Event, now: datetime) -> str:
    """'cancelled', 'upcoming', 'today' (later today), 'running' or 'past'."""
    if event.cancelled:
        return "cancelled"
    if now >= event.effective_end:
        return "past"
    if now >= event.start:
        return "running"
    if now.astimezone(BERLIN).date() == event.start.date():
        return "today"
    return "upcoming"


def is_over(event: Event, now: datetime) -> bool:
    return now >= event.effective_end


def select_upcoming(events: list[Event], now: datetime) -> list[Event]:
    """Events not over yet (cancelled ones included, marked as such), soonest first."""
    return sorted((e for e in events if not is_over(e, now)), key=lambda e: (e.start, e.slug))


def select_next(events: list[Event], now: datetime, count: int = 3) -> list[Event]:
    """The next events that will take place (not cancelled), for the home page."""
    return [e for e in select_upcoming(events, now) if not e.cancelled][:count]


def select_past(events: list[Event], now: datetime) -> list[Event]:
    """Events that are over, newest first."""
    return sorted(
        (e for e in events if is_over(e, now)), key=lambda e: (e.start, e.slug), reverse=True
    )


def group_by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    """Group (already ordered) events by the year they start in, keeping the order."""
    groups: dict[int, list[Event]] = {}
    for event in events:
        groups.setdefault(event.start.year, []).append(event)
    return list(groups.items())


def events_for_language(events: list[Event], lang: str, default_lang: str) -> list[Event]:
    """One event per slug for a site language: its translation, else the default language's."""
    from dataclasses import replace

    by_slug: dict[str, dict[str, Event]] = {}
    for event in events:
        by_slug.setdefault(event.slug, {})[event.lang] = event
    chosen = []
    for versions in by_slug.values():
        pick = versions.get(lang) or versions.get(default_lang) or next(iter(versions.values()))
        chosen.append(replace(pick, translations=tuple(sorted(versions))))
    return chosen
