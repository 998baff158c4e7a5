"""Dates and times of events, formatted per locale with Babel.

German: "Dienstag, 18. November 2025, 16:30–18:00 Uhr".
English: "Tuesday, 18 November 2025, 4:30–6:00 pm".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_time

from civic_site.event_model import BERLIN, Event

LOCALES = {"de": "de_DE", "en": "en_GB"}
DATE_PATTERNS = {"de": "EEEE, d. MMMM y", "en": "EEEE, d MMMM y"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, lang)


def format_day(value: datetime, lang: str) -> str:
    return format_date(value.date(), DATE_PATTERNS.get(lang, "full"), locale=_locale(lang))


def format_clock(value: datetime | time, lang: str, with_period: bool = True) -> str:
    """'16:30' (de) or '4:30 pm' (en); `with_period=False` drops am/pm for ranges."""
    if lang == "de":
        return format_time(value, "HH:mm", locale="de_DE")
    text = format_time(value, "h:mm a", locale="en_GB").replace("\u202f", " ")
    text = text.replace("AM", "am").replace("PM", "pm")
    return text.rsplit(" ", 1)[0] if not with_period else text


def _clock_suffix(lang: str) -> str:
    return " Uhr" if lang == "de" else ""


def format_time_range(start: datetime, end: datetime | None, lang: str) -> str:
    """'16:30–18:00 Uhr', '4:30–6:00 pm', '4:30 pm' when there is no end."""
    suffix = _clock_suffix(lang)
    if end is None:
        return format_clock(start, lang) + suffix
    same_period = lang != "en" or (start.hour < 12) == (end.hour < 12)
    first = format_clock(start, lang, with_period=not same_period)
    return f"{first}–{format_clock(end, lang)}{suffix}"


def format_event_when(event: Event, lang: str) -> str:
    """The date line of an event's info box."""
    start = event.start.astimezone(BERLIN)
    end = event.end.astimezone(BERLIN) if event.end else None
    if event.all_day:
        last_day = (end - timedelta(days=1)) if end else start
        if last_day.date() == start.date():
            return format_day(start, lang)
        return f"{format_day(start, lang)} – {format_day(last_day, lang)}"
    if end is None or end.date() == start.date():
        return f"{format_day(start, lang)}, {format_time_range(start, end, lang)}"
    suffix = _clock_suffix(lang)
    return (
        f"{format_day(start, lang)}, {format_clock(start, lang)}{suffix} – "
        f"{format_day(end, lang)}, {format_clock(end, lang)}{suffix}"
    )


def format_short_date(value: datetime, lang: str) -> str:
    """Compact date for cards: '18.11.2025' / '18 Nov 2025'."""
    pattern = "dd.MM.y" if lang == "de" else "d MMM y"
    return format_date(value.astimezone(BERLIN).date(), pattern, locale=_locale(lang))


def format_long_date(value: date, lang: str) -> str:
    """'4. November 2025' / '4 November 2025'."""
    pattern = "d. MMMM y" if lang == "de" else "d MMMM y"
    return format_date(value, pattern, locale=_locale(lang))
