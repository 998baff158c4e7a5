"""Dates and times of events, formatted per language with Babel.

German: "Dienstag, 18. November 2025, 16:30–18:00 Uhr".
English: "Tuesday, 18 November 2025, 4:30–6:00 pm".

No language is named here: each language's locale and patterns come from its strings
file (overrides/strings/<lang>.yml: `locale`, `date_full`, `date_long`, `date_short`,
`time_format`, `time_text`, `time_range_text`), read into `DateFormats`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time

from civic_site.event_model import BERLIN, Event

# Text in single quotes is literal in a CLDR pattern; 'a' outside quotes is am/pm.
_QUOTED_OR_PERIOD = re.compile(r"'[^']*'|\s*a+\s*")


@dataclass(frozen=True)
class DateFormats:
    """How one language writes dates and times (Babel locale and CLDR patterns)."""

    locale: str  # e.g. 'de_DE', 'en_GB'
    date_full: str  # weekday and date: 'EEEE, d. MMMM y'
    date_long: str  # date: 'd. MMMM y'
    date_short: str  # compact date for cards: 'dd.MM.y'
    time_format: str  # 'HH:mm' or 'h:mm a'
    time_text: str  # a time in a sentence: '{time} Uhr'
    time_range_text: str  # '{start}–{end} Uhr'

    @classmethod
    def from_strings(cls, strings: Mapping[str, str]) -> DateFormats:
        """The formats in a language's strings file (civic_site/ui_strings.py)."""
        return cls(
            locale=strings["locale"],
            date_full=strings["date_full"],
            date_long=strings["date_long"],
            date_short=strings["date_short"],
            time_format=strings["time_format"],
            time_text=strings["time_text"],
            time_range_text=strings["time_range_text"],
        )

    @property
    def has_period(self) -> bool:
        """True when times carry am/pm (a 12-hour clock)."""
        return self.time_without_period != self.time_format.strip()

    @property
    def time_without_period(self) -> str:
        """`time_format` without its am/pm field: the first time of '4:30–6:00 pm'."""
        return _QUOTED_OR_PERIOD.sub(
            lambda m: m.group(0) if m.group(0).startswith("'") else "", self.time_format
        ).strip()


def language_name(code: str, formats: DateFormats) -> str:
    """The name of language `code` in the language of `formats`: 'Englisch', 'German'."""
    name = Locale.parse(formats.locale).languages.get(code, code)
    return name[:1].upper() + name[1:]


def format_day(value: datetime, formats: DateFormats) -> str:
    return format_date(value.date(), formats.date_full, locale=formats.locale)


def format_clock(value: datetime | time, formats: DateFormats, with_period: bool = True) -> str:
    """'16:30' (de) or '4:30 pm' (en); `with_period=False` drops am/pm for ranges."""
    pattern = formats.time_format if with_period else formats.time_without_period
    # Plain spaces: newer CLDR data puts a narrow no-break space before am/pm.
    return format_time(value, pattern, locale=formats.locale).replace("\u202f", " ")


def format_time_text(value: datetime | time, formats: DateFormats) -> str:
    """A time as it stands in a sentence: '16:30 Uhr', '4:30 pm'."""
    return formats.time_text.format(time=format_clock(value, formats))


def format_time_range(start: datetime, end: datetime | None, formats: DateFormats) -> str:
    """'16:30–18:00 Uhr', '4:30–6:00 pm', '4:30 pm' when there is no end."""
    if end is None:
        return format_time_text(start, formats)
    same_period = (start.hour < 12) == (end.hour < 12)
    first = format_clock(start, formats, with_period=not (formats.has_period and same_period))
    return formats.time_range_text.format(start=first, end=format_clock(end, formats))


def format_event_when(event: Event, formats: DateFormats) -> str:
    """The date line of an event's info box."""
    return _event_when(event.start, event.end, event.all_day, formats)


# An event's dates appear on its page, in the listing and on its series and category pages,
# in every language build: each line is formatted once per process (a pure function of its
# arguments, so no output depends on the memo).
@lru_cache(maxsize=8192)
def _event_when(start: datetime, end: datetime | None, all_day: bool, formats: DateFormats) -> str:
    start = start.astimezone(BERLIN)
    end = end.astimezone(BERLIN) if end else None
    if all_day:
        last_day = (end - timedelta(days=1)) if end else start
        if last_day.date() == start.date():
            return format_day(start, formats)
        return f"{format_day(start, formats)} – {format_day(last_day, formats)}"
    if end is None or end.date() == start.date():
        return f"{format_day(start, formats)}, {format_time_range(start, end, formats)}"
    return (
        f"{format_day(start, formats)}, {format_time_text(start, formats)} – "
        f"{format_day(end, formats)}, {format_time_text(end, formats)}"
    )


@lru_cache(maxsize=8192)
def format_short_date(value: datetime, formats: DateFormats) -> str:
    """Compact date for cards: '18.11.2025' / '18 Nov 2025'."""
    return format_date(value.astimezone(BERLIN).date(), formats.date_short, locale=formats.locale)


def format_long_date(value: date, formats: DateFormats) -> str:
    """'4. November 2025' / '4 November 2025'."""
    return format_date(value, formats.date_long, locale=formats.locale)
