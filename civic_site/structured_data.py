"""schema.org data for search engines: an `Event` per event page, an `Organization` for
the home page. Pure: returns plain dicts and their script-safe JSON text;
hooks/structured_data.py puts them into the page context and
overrides/partials/structured-data.html prints them in <script type="application/ld+json">.

Property choice follows Google's Event documentation: required `name`, `startDate`,
`location`; recommended `description`, `endDate`, `eventStatus`, `eventAttendanceMode`,
`image`, `offers`, `organizer` (`performer` we do not know, so it is left out).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from civic_site.calendar import all_day_dates
from civic_site.event_model import BERLIN, Event, Organizer

SCHEMA = "https://schema.org"
STATUS = {False: f"{SCHEMA}/EventScheduled", True: f"{SCHEMA}/EventCancelled"}
ATTENDANCE = {
    "offline": f"{SCHEMA}/OfflineEventAttendanceMode",
    "online": f"{SCHEMA}/OnlineEventAttendanceMode",
    "mixed": f"{SCHEMA}/MixedEventAttendanceMode",
}
# The last part of a German address: "33602 Bielefeld".
_POSTCODE_CITY = re.compile(r"^(?P<code>\d{5})\s+(?P<city>\S.*)$")
# Characters that could end the <script> element or start a comment/CDATA inside it, plus
# the two line separators that older JavaScript parsers reject: written as \\uXXXX escapes,
# which JSON parsers read back as the same characters.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SCRIPT_UNSAFE |= {"\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_TABLE = str.maketrans(_SCRIPT_UNSAFE)


def organizer_json_ld(organizer: Organizer) -> dict[str, str]:
    """A schema.org Organization: the initiative, or an event's own organizer."""
    data = {"@type": "Organization", "name": organizer.name}
    if organizer.url:
        data["url"] = organizer.url
    if organizer.email:
        data["email"] = organizer.email
    return data


def script_safe_json(data: Any) -> str:
    """JSON text that can sit inside <script type="application/ld+json"> as it is.

    `</script>` or `<!--` in a title must not end the element early; escaping <, > and &
    as \\u003c etc. keeps the JSON identical for any JSON parser.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE_TABLE)


def postal_address(text: str) -> dict[str, str]:
    """'Alter Markt 13, 33602 Bielefeld' → PostalAddress with street, postcode and city.

    Editors write one line; a last part "NNNNN City" is read as a German postcode and
    city. Anything else stays in streetAddress, which search engines still understand.
    """
    parts = [part.strip() for part in text.split(",") if part.strip()]
    address = {"@type": "PostalAddress"}
    match = _POSTCODE_CITY.match(parts[-1]) if parts else None
    if match:
        parts = parts[:-1]
    if parts:
        address["streetAddress"] = ", ".join(parts)
    if match:
        address["postalCode"] = match["code"]
        address["addressLocality"] = match["city"]
        address["addressCountry"] = "DE"
    return address


def event_location(event: Event) -> dict[str, Any] | list[dict[str, Any]]:
    """A Place, a VirtualLocation, or both for a hybrid event."""
    places: list[dict[str, Any]] = []
    location = event.location
    if location.is_physical:
        place: dict[str, Any] = {"@type": "Place", "name": location.name or location.address}
        if location.address:
            place["address"] = postal_address(location.address)
        places.append(place)
    if location.online:
        places.append({"@type": "VirtualLocation", "url": location.online})
    return places[0] if len(places) == 1 else places


def event_dates(event: Event) -> dict[str, str]:
    """startDate/endDate: ISO 8601 with offset, or plain dates for all-day events."""
    if event.all_day:
        first, after_last = all_day_dates(event)
        last = after_last - timedelta(days=1)
        return {"startDate": first.isoformat(), "endDate": last.isoformat()}
    dates = {"startDate": event.start.astimezone(BERLIN).isoformat()}
    if event.end is not None:
        dates["endDate"] = event.end.astimezone(BERLIN).isoformat()
    return dates


def event_json_ld(
    event: Event,
    *,
    page_url: str,
    image_url: str,
    organizer: Organizer,
    offer_url: str | None,
) -> dict[str, Any]:
    """The schema.org Event of one event page (all URLs absolute)."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": event.teaser,
        **event_dates(event),
        "eventStatus": STATUS[event.cancelled],
        "eventAttendanceMode": ATTENDANCE[event.location.attendance_mode],
        "location": event_location(event),
        "image": [image_url],
        "url": page_url,
        "inLanguage": event.held_in,
        "organizer": organizer_json_ld(event.organizer or organizer),
    }
    if offer_url:
        data["offers"] = {"@type": "Offer", "url": offer_url}
    return data


def organization_json_ld(
    organizer: Organizer, *, logo_url: str, description: str, email: str | None
) -> dict[str, Any]:
    """The initiative itself, for the home page."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        **organizer_json_ld(organizer),
        "logo": logo_url,
        "description": description,
    }
    if email:
        data["email"] = email
    return data
