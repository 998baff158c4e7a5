"""The corrected line to copy, where an editor's intent in front matter is unambiguous.

`start: 18.03.2027 17:00` → `start: 2027-03-18 17:00`; `location:` written as one line
→ the `name:`/`address:` block. Used by the messages of civic_site/event_check.py.
"""

from __future__ import annotations

from typing import Any

from civic_site.german_text import file_datetime, parse_clock, place_from_text


def corrected_lines(key: str, value: Any) -> list[str] | None:
    """The lines that replace `key: value`, or None when the intent is not clear."""
    if not isinstance(value, str) or not value.strip():
        return None
    if key == "start":
        fixed = file_datetime(value)
        return [f"start: {fixed}"] if fixed else None
    if key == "end":
        fixed = parse_clock(value) or file_datetime(value)
        return (
            [f'end: "{fixed}"' if ":" in fixed and "-" not in fixed else f"end: {fixed}"]
            if fixed
            else None
        )
    if key == "admission":
        fixed = parse_clock(value)
        return [f'admission: "{fixed}"'] if fixed else None
    if key == "location":
        place = place_from_text(value)
        lines = ["location:"]
        if place.name:
            lines.append(f"  name: {place.name}")
        if place.address:
            lines.append(f"  address: {place.address}")
        return lines
    return None


def fix_hint(key: str, value: Any) -> str:
    """' So schreiben: …' with the corrected line(s), or '' when there is none."""
    lines = corrected_lines(key, value)
    if not lines or lines == [f"{key}: {value}"]:
        return ""
    return " So schreiben:\n" + "\n".join(f"    {line}" for line in lines)
