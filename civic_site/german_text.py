"""Dates, times and places as German event announcements write them.

'Dienstag, 18. November 2025', 'Beginn: 16:30 Uhr', '9:00 bis 12:30 Uhr', '1,5 Stunden',
'Innovation Office, Alter Markt 13, 33602 Bielefeld'. A value is read only when the
text is unambiguous; otherwise the caller gets the reason, in German, for its report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

WEEKDAYS = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"
MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
}  # fmt: skip
LONG_DATE_RE = re.compile(
    rf"(?P<weekday>(?:{WEEKDAYS}),?\s+)?(?P<day>\d{{1,2}})\.\s*(?P<month>{'|'.join(MONTHS)})"
    r"\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
CLOCK = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?:Uhr)?"
LABELLED_TIME_RE = {
    "start": re.compile(rf"\b(?:Beginn|Start|Los geht'?s)\s*:?\s*(?:um\s+)?{CLOCK}", re.I),
    "end": re.compile(rf"\bEnde\s*:?\s*(?:um\s+|gegen\s+)?{CLOCK}", re.I),
    "admission": re.compile(rf"\bEinlass\s*:?\s*(?:ab\s+)?{CLOCK}", re.I),
}
TIME_RANGE_RE = re.compile(
    r"(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*(?:Uhr)?\s*(?:–|-|bis)\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})"
    r"\s*Uhr"
)
POSTCODE_RE = re.compile(r"\b\d{5}\b")


@dataclass
class When:
    start: str  # '2025-11-18 16:30'
    end: str | None = None  # '18:00' or '2025-11-19 10:00'
    admission: str | None = None


@dataclass
class Place:
    name: str | None = None
    address: str | None = None


def parse_clock(text: str) -> str | None:
    match = re.match(rf"^\s*{CLOCK}\s*$", str(text))
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def parse_date_text(text: str) -> date | None:
    """'2025-11-18', '18.11.2025' or '18. November 2025' → date."""
    text = str(text).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    numeric = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text)
    long_form = LONG_DATE_RE.search(text)
    try:
        if numeric:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        if long_form:
            month = MONTHS[long_form["month"].lower()]
            return date(int(long_form["year"]), month, int(long_form["day"]))
    except ValueError:
        return None
    return None


FILE_DATETIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\.\s*\w+\s+\d{4})"
    rf"(?:(?:,?\s+|T)(?:um\s+)?{CLOCK})?$"
)


def file_datetime(text: str) -> str | None:
    """A date with optional time as event files write it: '2027-03-18 17:00'.

    Reads '18.03.2027 17:00 Uhr', '18. März 2027, 17:00', '2027-03-18T17:00'; None when
    the text is not clearly one date (and time).
    """
    text = " ".join(str(text).split())
    match = FILE_DATETIME_RE.match(text)
    day = parse_date_text(match["date"]) if match else None
    if day is None:
        return None
    if not match["hour"]:
        return day.isoformat()
    clock = parse_clock(f"{match['hour']}:{match['minute']}")
    return f"{day.isoformat()} {clock}" if clock else None


def parse_duration(value: Any) -> timedelta | None:
    """120 (minutes), '90 min', '2 h', '1,5 Stunden', '1:30' → timedelta."""
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(minutes=value)
    text = str(value).strip().lower().replace(",", ".")
    clock = re.match(r"^(\d{1,2}):(\d{2})$", text)
    if clock:
        return timedelta(hours=int(clock[1]), minutes=int(clock[2]))
    match = re.match(r"^(\d+(?:\.\d+)?)\s*(min|minuten|m|h|std|stunden?|hours?)?\.?$", text)
    if not match:
        return None
    amount = float(match[1])
    unit = match[2] or "min"
    return timedelta(hours=amount) if unit.startswith(("h", "s")) else timedelta(minutes=amount)


def end_text(start: datetime, end: datetime) -> str:
    """'18:00' on the same day, else '2025-11-19 10:00'."""
    if end.date() == start.date():
        return end.strftime("%H:%M")
    return end.strftime("%Y-%m-%d %H:%M")


def when_from_entry(entry: dict[str, Any]) -> tuple[When | None, str | None]:
    """Start/end from an entry with `date`, `time` and `duration` (Jekyll's _data/events.yml);
    the second value explains a failure."""
    day = parse_date_text(str(entry.get("date", "")))
    if not day:
        return None, f"Datum „{entry.get('date')}“ nicht lesbar"
    time_text = str(entry.get("time") or "").strip()
    if not time_text:
        return When(start=day.isoformat()), None
    time_range = TIME_RANGE_RE.search(time_text + " Uhr")
    if time_range:
        start_clock = f"{int(time_range['h1']):02d}:{time_range['m1']}"
        end_clock: str | None = f"{int(time_range['h2']):02d}:{time_range['m2']}"
    else:
        start_clock, end_clock = parse_clock(time_text), None
    if not start_clock:
        return None, f"Uhrzeit „{time_text}“ nicht lesbar"
    start = datetime.fromisoformat(f"{day.isoformat()} {start_clock}")
    if end_clock is None and entry.get("duration") not in (None, ""):
        duration = parse_duration(entry["duration"])
        if duration is None:
            return None, f"Dauer „{entry['duration']}“ nicht lesbar"
        end_clock = end_text(start, start + duration)
    return When(start=f"{day.isoformat()} {start_clock}", end=end_clock), None


def plain_text(markdown: str) -> str:
    """Markdown without emphasis and line-break tags, for reading dates and places."""
    text = re.sub(r"<br\s*/?>", "\n", markdown, flags=re.IGNORECASE)
    return re.sub(r"(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)", "", text)


def when_from_body(body: str) -> tuple[When | None, str | None]:
    """Date and times written out in German, used only when they are unambiguous."""
    text = plain_text(body)
    dated = [m for m in LONG_DATE_RE.finditer(text)]
    with_weekday = [m for m in dated if m["weekday"]] or dated
    days = {parse_date_text(m.group(0)) for m in with_weekday} - {None}
    if not days:
        return None, None
    if len(days) > 1:
        listed = ", ".join(sorted(d.strftime("%d.%m.%Y") for d in days))  # type: ignore[union-attr]
        return None, f"mehrere Termine im Text ({listed})"
    day = days.pop()
    found: dict[str, str | None] = {}
    for key, pattern in LABELLED_TIME_RE.items():
        clocks = {f"{int(m['hour']):02d}:{m['minute']}" for m in pattern.finditer(text)}
        if len(clocks) > 1:
            return None, f"mehrere Angaben für {key} im Text"
        found[key] = clocks.pop() if clocks else None
    if not found["start"]:
        ranges = {
            (f"{int(m['h1']):02d}:{m['m1']}", f"{int(m['h2']):02d}:{m['m2']}")
            for m in TIME_RANGE_RE.finditer(text)
        }
        if len(ranges) == 1:
            found["start"], range_end = ranges.pop()
            found["end"] = found["end"] or range_end
    if not found["start"]:
        return None, f"Datum {day.strftime('%d.%m.%Y')} gefunden, aber keine Uhrzeit für den Beginn"
    return When(f"{day.isoformat()} {found['start']}", found["end"], found["admission"]), None


def place_from_text(text: str) -> Place:
    """'Innovation Office, Alter Markt 13, 33602 Bielefeld' → name + address."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 3:
        return Place(parts[0], ", ".join(parts[1:]))
    if POSTCODE_RE.search(text):
        return Place(None, ", ".join(parts))
    return Place(text.strip() or None, None)


def place_from_body(body: str) -> tuple[Place | None, str | None]:
    """A line that is all bold (or starts with 'Ort:') and contains a postcode."""
    candidates = set()
    for line in body.splitlines():
        stripped = line.strip().removesuffix("<br>").strip()
        bold = re.fullmatch(r"\*\*(.+?)\*\*", stripped)
        labelled = re.match(r"^(?:\*\*)?Ort:?(?:\*\*)?:?\s*(.+)$", stripped)
        text = bold[1] if bold else labelled[1] if labelled else None
        if text and POSTCODE_RE.search(text):
            candidates.add(plain_text(text).strip())
    if len(candidates) > 1:
        return None, "mehrere Adressen im Text"
    return (place_from_text(candidates.pop()), None) if candidates else (None, None)
