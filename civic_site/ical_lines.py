"""iCalendar components serialized from content lines that are made once per process.

A component's serialization is BEGIN, one content line per property (icalendar folds and
escapes each line on its own, in its canonical order of properties) and END. Most lines
of an event's VEVENT are the same in every language (its times, place, status) and many
the same in every event, so `component_bytes` asks icalendar for each distinct line once
and joins them: the same bytes as icalendar's `to_ical()` of the whole component
(tests/test_build_once.py compares the two). civic_site/calendar.py uses it for VEVENTs.

The lines are kept by what they say (`Property`: name, parameters, the value's type and
repr), never by anything of a build, so no output depends on what is kept here
(ARCHITECTURE.md T1).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import icalendar


@dataclass(frozen=True)
class Property:
    """One property of a component: equal (and hashed) by what icalendar writes from it."""

    name: str
    shown: str  # the value's type and repr (a datetime's with its time zone)
    parameters: tuple[tuple[str, str], ...]
    value: Any = field(compare=False)

    @classmethod
    def of(cls, name: str, value: Any, parameters: Mapping[str, str] | None = None) -> Property:
        shown = f"{type(value).__qualname__}:{value!r}"
        return cls(name, shown, tuple((parameters or {}).items()), value)

    def add_to(self, component: icalendar.cal.Component) -> None:
        component.add(self.name, self.value, parameters=dict(self.parameters) or None)


_LINES: dict[tuple[str, Property], bytes] = {}  # (component name, property): its line
_LINES_LIMIT = 20_000
_LINES_LOCK = threading.Lock()  # `make serve` rebuilds in a thread of its own


def _content_lines(kind: type[icalendar.cal.Component], properties: list[Property]) -> list[bytes]:
    """The serialized content line (folded, CRLF) of each property; the ones not made yet
    come from one component of `kind` with just those properties."""
    keys = [(kind.name, prop) for prop in properties]
    with _LINES_LOCK:
        lines = [_LINES.get(key) for key in keys]
    missing = [prop for prop, line in zip(properties, lines, strict=True) if line is None]
    if not missing:
        return lines
    component = kind()
    for prop in missing:
        prop.add_to(component)
    items = component.property_items(recursive=False)  # BEGIN, the properties, END
    if [items[0][0], items[-1][0]] != ["BEGIN", "END"]:
        raise RuntimeError(f"icalendar wrote an unexpected {kind.name}: {items[:2]!r}…")
    made: dict[str, bytes] = {}
    for name, value in items[1:-1]:  # a list value is one line per item, as in to_ical
        made[name] = made.get(name, b"") + line_bytes(component.content_line(name, value)) + b"\r\n"
    with _LINES_LOCK:
        for index, (key, prop) in enumerate(zip(keys, properties, strict=True)):
            if lines[index] is None:
                lines[index] = _LINES[key] = made[prop.name.upper()]
        while len(_LINES) > _LINES_LIMIT:
            del _LINES[next(iter(_LINES))]
    return lines


# icalendar folds lines longer than this many bytes (RFC 5545: 75 octets), and only those.
FOLD_LIMIT = 75


def line_bytes(line: icalendar.parser.Contentline) -> bytes:
    """`line.to_ical()`: icalendar walks every character of a line to fold it, the slowest
    part of a VEVENT, but never folds a line shorter than FOLD_LIMIT bytes; such a line is
    only encoded (tests/test_build_once.py compares the two around the limit)."""
    encoded = str(line).encode("utf-8")
    return encoded if len(encoded) < FOLD_LIMIT else line.to_ical()


@lru_cache(maxsize=64)
def _canonical_order(kind: type[icalendar.cal.Component], names: tuple[str, ...]) -> list[int]:
    """The index of each property in the order icalendar writes a `kind` with these names."""
    component = kind()
    for name in names:
        component[name] = ""
    position = {name.upper(): index for index, name in enumerate(names)}
    return [position[name] for name in component.sorted_keys()]


def component_lines(kind: type[icalendar.cal.Component], properties: list[Property]) -> bytes:
    """The content lines of `properties` in the order given, without BEGIN and END."""
    return b"".join(_content_lines(kind, properties))


def component_bytes(kind: type[icalendar.cal.Component], properties: list[Property]) -> bytes:
    """What `to_ical()` gives for a `kind` (e.g. icalendar.Event) to which `properties`
    were added one by one (each name once), without subcomponents."""
    lines = _content_lines(kind, properties)
    order = _canonical_order(kind, tuple(prop.name for prop in properties))
    begin, end = (f"{mark}:{kind.name}\r\n".encode() for mark in ("BEGIN", "END"))
    return b"".join([begin, *(lines[index] for index in order), end])
