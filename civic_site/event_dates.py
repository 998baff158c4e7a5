"""Dates and times as event files write them: '2025-11-18 16:30' is a Berlin time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from civic_site.event_model import BERLIN

TIME_RE = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})$")
DATE_TIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?: (?P<time>\d{1,2}:\d{2})(?P<offset>[+-]\d{2}:\d{2})?)?$"
)


def parse_datetime_text(text: str) -> tuple[datetime, bool]:
    """'2025-11-18 16:30' → aware datetime in Berlin; '2025-11-18' → (midnight, all_day)."""
    match = DATE_TIME_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    day = date.fromisoformat(match["date"])
    if not match["time"]:
        return datetime.combine(day, time(0), tzinfo=BERLIN), True
    clock = parse_time_text(match["time"])
    if match["offset"]:
        naive = datetime.combine(day, clock)
        aware = datetime.fromisoformat(f"{naive.isoformat()}{match['offset']}")
        return aware.astimezone(BERLIN), False
    return berlin_time(datetime.combine(day, clock)), False


class NonexistentTimeError(ValueError):
    """A Berlin wall-clock time skipped by the change to summer time."""


def berlin_time(naive: datetime) -> datetime:
    """`naive` as a Berlin time; raises NonexistentTimeError inside the spring-forward gap."""
    aware = naive.replace(tzinfo=BERLIN)
    if aware.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != naive:
        raise NonexistentTimeError(naive.isoformat(sep=" ", timespec="minutes"))
    return aware


def parse_time_text(text: str) -> time:
    match = TIME_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    return time(int(match["hour"]), int(match["minute"]))


GAP_MESSAGE = (
    "Diese Uhrzeit gibt es an dem Tag nicht: Die Uhren springen zur Sommerzeit von 2:00 "
    "auf 3:00 Uhr. Bitte eine Zeit ab 3:00 Uhr angeben."
)
