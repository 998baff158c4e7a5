"""The event model: what an event file says once it has been validated.

Editors write one Markdown file per event and language: events/<lang>/<slug>.md.
civic_site/event_check.py turns those files into `Event`s; everything downstream
(pages, calendars, feeds, JSON-LD) reads only these frozen records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from civic_site.pretix_ref import PretixRef

# Every event happens in Germany; times without an offset are Berlin times.
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    online: str | None = None

    @property
    def is_physical(self) -> bool:
        return bool(self.name or self.address)

    @property
    def attendance_mode(self) -> str:
        """'offline', 'online' or 'mixed' (schema.org's three modes)."""
        if self.is_physical and self.online:
            return "mixed"
        return "online" if self.online else "offline"


@dataclass(frozen=True)
class Organizer:
    """Who runs an event when it is not the initiative itself (the controller of its
    registration data, named in the event's info box, JSON-LD and calendar)."""

    name: str
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Series:
    key: str
    names: dict[str, str]
    descriptions: dict[str, str]
    organizer: Organizer | None = None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()))

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or next(iter(self.descriptions.values()), "")


@dataclass(frozen=True)
class Event:
    slug: str
    lang: str
    source_path: str  # relative to the project, e.g. 'events/de/x.md'
    title: str
    teaser: str
    start: datetime
    end: datetime | None
    all_day: bool
    location: Location
    body: str
    held_in: str
    admission: time | None = None
    series: str | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: date | None = None
    header_image: str | None = None
    pretix: PretixRef | None = None
    registration_url: str | None = None
    recap: str | None = None
    cancelled: bool = False
    # None: the initiative's own event. Else from `organizer:` or the event's series.
    organizer: Organizer | None = None
    translations: tuple[str, ...] = field(default=(), compare=False)
    # Line of each front-matter key in the source file, for messages found after
    # validation (e.g. a pretix box that cannot be built): {key: line}.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    # Line of the source file on which `body` begins (messages about tags in the body).
    body_line: int = field(default=1, compare=False)

    @property
    def effective_end(self) -> datetime:
        """When the event is over: its end, else the end of its (last) day."""
        if self.end is not None:
            return self.end
        next_day = self.start.date() + timedelta(days=1)
        return datetime.combine(next_day, time(0), tzinfo=BERLIN)

    def line_of(self, key: str) -> int:
        """Source line of a front-matter key ('pretix.event' → line of 'pretix'), else 1."""
        lines = dict(self.key_lines)
        return lines.get(key, lines.get(key.split(".")[0], 1))
