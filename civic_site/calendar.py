"""iCalendar files for events: one file per event and one subscribable calendar per language.

Pure: takes validated events (civic_site.event_model.Event) and returns the bytes of .ics files,
built with the `icalendar` library (RFC 5545 escaping of , ; \\ and newlines, folding of
long lines at 75 octets, CRLF line ends). hooks/calendar_feed.py adds them to the site.

Choices that keep the files stable and reproducible:

- UID is `<slug>@<site host>`, the same in both languages: it is one real-world event,
  so someone who imports the German and the English file (or subscribes to both
  calendars) gets one entry that updates, not two. The translations must agree on time
  and cancellation anyway (civic_site.event_check checks that).
- DTSTAMP is derived from the event file, never from the clock: its `date` (when it was
  announced) at midnight in Berlin, else its start. Two builds of the same files give
  byte-identical calendars, and a rebuild does not look like a change to clients.
- Times carry TZID=Europe/Berlin with a VTIMEZONE generated from the pinned tzdata, for
  exactly the years the events span (the whole 1970–2038 range would be ~150 lines).
  It depends on those years only, so each span's VTIMEZONE is made and serialized once
  per process (`_berlin_timezone`), not once per file.
- Each event's VEVENT is serialized once per language and put into both its own file
  and the full calendar (`build_calendars`), from content lines icalendar writes once per
  process (most of them both languages share; civic_site/ical_lines.py). A calendar file
  is icalendar's output for the calendar's own properties with the serialized components
  in between: the same bytes as serializing the whole calendar at once, with `build_vevent`
  (icalendar folds and escapes each content line on its own; tests/test_build_once.py
  compares the two).
- All-day events use VALUE=DATE with an exclusive DTEND (the day after the last day).
- Cancelled events stay in the calendar with STATUS:CANCELLED, SEQUENCE:1 (clients only
  apply a change to an imported event when its sequence grows) and a "Cancelled:" prefix
  in the title, because several clients do not show the status at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import icalendar

from civic_site.event_model import BERLIN, Event
from civic_site.ical_lines import Property, component_bytes, component_lines
from civic_site.site_paths import SitePaths
from civic_site.urls import absolute_url

TIMEZONE = "Europe/Berlin"
# How often subscribing clients should fetch the calendar again (RFC 7986 and the older
# Microsoft property that Outlook reads).
REFRESH_INTERVAL = timedelta(hours=12)


@dataclass(frozen=True)
class CalendarSite:
    """What a calendar needs to know about the site and its language."""

    site_url: str
    paths: SitePaths  # the language's URLs (civic_site/site_paths.py)
    name: str  # e.g. "Civic Coding – Veranstaltungen"
    description: str
    cancelled_label: str  # e.g. "Abgesagt"

    @property
    def lang(self) -> str:
        return self.paths.lang


# ------------------------------------------------------------------------------- URLs


def webcal_url(url: str) -> str:
    """The webcal:// form of an http(s) URL: calendar apps open it as a subscription."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    return "webcal" + url[len(parts.scheme) :]


def site_host(site_url: str) -> str:
    host = urlsplit(site_url).hostname
    if not host:
        raise ValueError(f"site_url has no host: {site_url!r}")
    return host


def event_uid(slug: str, site_url: str) -> str:
    """Stable across builds and shared by the language versions of one event."""
    return f"{slug}@{site_host(site_url)}"


# ------------------------------------------------------------------------------- values


def event_dtstamp(event: Event) -> datetime:
    """A DTSTAMP that depends only on the event file (see module docstring)."""
    if event.date is not None:
        return datetime.combine(event.date, time(0), tzinfo=BERLIN).astimezone(UTC)
    return event.start.astimezone(UTC)


def all_day_dates(event: Event) -> tuple[date, date]:
    """First day and the exclusive end day (the day after the last day) of an all-day event."""
    first = event.start.date()
    if event.end is None:
        return first, first + timedelta(days=1)
    end = event.end.astimezone(BERLIN)
    # The engine stores a bare end date as midnight after it, which is already exclusive.
    after_last = end.date() if end.time() == time(0) else end.date() + timedelta(days=1)
    return first, max(after_last, first + timedelta(days=1))


def location_text(event: Event) -> str | None:
    """'Name, address' for a place; the online URL for an online-only event."""
    place = [part for part in (event.location.name, event.location.address) if part]
    if place:
        return ", ".join(place)
    return event.location.online


def event_summary(event: Event, cancelled_label: str) -> str:
    return f"{cancelled_label}: {event.title}" if event.cancelled else event.title


def event_description(event: Event, page_url: str) -> str:
    return f"{event.teaser}\n\n{page_url}"


# --------------------------------------------------------------------------- components


def vevent_properties(event: Event, site: CalendarSite) -> list[Property]:
    """The properties of an event's VEVENT, in the order they are added."""
    page_url = absolute_url(site.site_url, site.paths.event(event.slug))
    text_lang = {"LANGUAGE": event.lang}  # German text in the English calendar says so
    properties = [
        Property.of("uid", event_uid(event.slug, site.site_url)),
        Property.of("dtstamp", event_dtstamp(event)),
    ]
    if event.all_day:
        first, after_last = all_day_dates(event)
        properties += [Property.of("dtstart", first), Property.of("dtend", after_last)]
    else:
        properties.append(Property.of("dtstart", event.start.astimezone(BERLIN)))
        if event.end is not None:
            properties.append(Property.of("dtend", event.end.astimezone(BERLIN)))
    properties.append(Property.of("summary", event_summary(event, site.cancelled_label), text_lang))
    properties.append(Property.of("description", event_description(event, page_url), text_lang))
    location = location_text(event)
    if location:
        properties.append(Property.of("location", location, text_lang))
    if event.location.online:
        online = {"VALUE": "URI", "FEATURE": "VIDEO"}
        properties.append(Property.of("conference", event.location.online, online))
    properties.append(Property.of("url", page_url, {"VALUE": "URI"}))
    if event.organizer is not None and event.organizer.email:
        # RFC 5545 wants a calendar address (mailto:); without an e-mail it is left out.
        organizer = f"mailto:{event.organizer.email}"
        properties.append(Property.of("organizer", organizer, {"CN": event.organizer.name}))
    if event.categories:
        properties.append(Property.of("categories", list(event.categories)))
    properties += [
        Property.of("status", "CANCELLED" if event.cancelled else "CONFIRMED"),
        Property.of("sequence", 1 if event.cancelled else 0),
        Property.of("class", "PUBLIC"),
        Property.of("transp", "TRANSPARENT" if event.all_day else "OPAQUE"),
    ]
    return properties


def build_vevent(event: Event, site: CalendarSite) -> icalendar.Event:
    """The event's VEVENT as one icalendar component (what the files' bytes must equal)."""
    vevent = icalendar.Event()
    for prop in vevent_properties(event, site):
        prop.add_to(vevent)
    return vevent


def _vevent_bytes(event: Event, site: CalendarSite) -> bytes:
    """The same bytes as `build_vevent(event, site).to_ical()`, from content lines made
    once per process (civic_site/ical_lines.py)."""
    return component_bytes(icalendar.Event, vevent_properties(event, site))


def _timezone_years(events: list[Event]) -> tuple[date, date]:
    """The range the VTIMEZONE must cover: 1 January of the first year to after the last."""
    starts = [e.start.astimezone(BERLIN) for e in events]
    ends = [(e.end or e.start).astimezone(BERLIN) for e in events]
    return date(min(starts).year, 1, 1), date(max(ends).year + 1, 1, 1)


def _properties(site: CalendarSite, source_path: str) -> icalendar.Calendar:
    """A VCALENDAR with the calendar's own properties and no component yet."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Civic Coding//{site.name}//{site.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", site.name)
    calendar.add("x-wr-calname", site.name)
    calendar.add("description", site.description)
    calendar.add("x-wr-caldesc", site.description)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("source", absolute_url(site.site_url, source_path), parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    return calendar


@lru_cache(maxsize=64)
def _berlin_timezone(first: date, last: date) -> bytes:
    """The serialized Berlin VTIMEZONE from `first` to `last` (from tzdata only)."""
    return icalendar.Timezone.from_tzid(TIMEZONE, first_date=first, last_date=last).to_ical()


_END = b"END:VCALENDAR\r\n"
_SOURCE_PLACEHOLDER = "civic-calendar-source.ics"


def _source_line(site: CalendarSite, source_path: str) -> bytes:
    """The calendar's SOURCE line, through the content lines made once per process (one
    icalendar.Calendar per file cost more than its VEVENT). `_properties_around_source`
    checks it against icalendar's whole calendar."""
    url = absolute_url(site.site_url, source_path)
    return component_lines(icalendar.Calendar, [Property.of("source", url, {"VALUE": "URI"})])


@lru_cache(maxsize=16)
def _properties_around_source(site: CalendarSite) -> tuple[bytes, bytes]:
    """The calendar's own properties, serialized once per site and language: (BEGIN and the
    lines before SOURCE, the lines after it). Only SOURCE differs between the files of one
    language; icalendar folds each content line on its own, so a file's SOURCE line goes
    between the two as it is (tests/test_build_once.py compares with whole calendars)."""
    text = _properties(site, _SOURCE_PLACEHOLDER).to_ical()
    source = _source_line(site, _SOURCE_PLACEHOLDER)
    start = text.find(b"\r\n" + source) + 2
    if start < 2 or text.count(source) != 1:
        raise RuntimeError("icalendar wrote the SOURCE property in an unexpected way")
    return text[:start], text[start + len(source) : -len(_END)]


def _calendar_file(
    events: list[Event], site: CalendarSite, source_path: str, vevents: Mapping[str, bytes]
) -> bytes:
    """A VCALENDAR with the given events (soonest first) and the Berlin VTIMEZONE.

    `vevents` holds each event's serialized VEVENT by slug. The order is icalendar's:
    the calendar's properties, the VTIMEZONE (which `add_missing_timezones` puts first),
    the VEVENTs.
    """
    ordered = sorted(events, key=lambda e: (e.start, e.slug))
    before, after = _properties_around_source(site)
    parts = [before, _source_line(site, source_path), after]
    # Only times carry a TZID (Europe/Berlin); all-day events are plain dates.
    if any(not e.all_day for e in ordered):
        parts.append(_berlin_timezone(*_timezone_years(ordered)))
    parts += [vevents[e.slug] for e in ordered]
    parts.append(_END)
    return b"".join(parts)


def _vevents(events: list[Event], site: CalendarSite) -> dict[str, bytes]:
    return {event.slug: _vevent_bytes(event, site) for event in events}


def build_calendar(events: list[Event], site: CalendarSite, source_path: str) -> bytes:
    """A VCALENDAR with the given events (soonest first) and the Berlin VTIMEZONE.

    `source_path` is the calendar's own site-relative path, announced as SOURCE so that
    clients know where to refresh it from.
    """
    return _calendar_file(events, site, source_path, _vevents(events, site))


def build_event_calendar(event: Event, site: CalendarSite) -> bytes:
    """The 'Add to calendar' file of one event."""
    return build_calendar([event], site, site.paths.event_calendar(event.slug))


def build_full_calendar(events: list[Event], site: CalendarSite) -> bytes:
    """All events of a language, past ones included (a subscription keeps its history)."""
    return build_calendar(events, site, site.paths.calendar())


def build_calendars(events: list[Event], site: CalendarSite) -> dict[str, bytes]:
    """Every calendar file of a language by site path: each event's own file (as
    `build_event_calendar`) and the full calendar (as `build_full_calendar`), with each
    VEVENT made and serialized once."""
    vevents = _vevents(events, site)
    files = {}
    for event in events:
        path = site.paths.event_calendar(event.slug)
        files[path] = _calendar_file([event], site, path, vevents)
    files[site.paths.calendar()] = _calendar_file(events, site, site.paths.calendar(), vevents)
    return files
