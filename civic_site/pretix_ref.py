"""A reference to a pretix event, as editors write it (event front matter or include tag).

Values end up in HTML attributes and URLs, so they are validated strictly here;
templates escape them as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SLUG_RE = re.compile(r"^[A-Za-z0-9._-]+$")
ITEMS_RE = re.compile(r"^\d+(,\d+)*$")
VOUCHER_RE = re.compile(r"^[A-Za-z0-9_-]+$")
ALLOWED_KEYS = ("event", "organizer", "items", "voucher", "disable_vouchers")


class PretixValueError(ValueError):
    """A pretix value an editor wrote is invalid; `key` names the offending key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class PretixRef:
    event: str
    organizer: str | None = None
    items: tuple[int, ...] = ()
    voucher: str | None = None
    disable_vouchers: bool = False


def _check(key: str, value: Any, pattern: re.Pattern[str], what: str) -> str:
    text = str(value).strip()
    if not pattern.match(text):
        raise PretixValueError(key, f"„{text}“ ist kein gültiger Wert: erlaubt sind {what}.")
    return text


def parse_items(value: Any, key: str = "pretix.items") -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, list | tuple):
        value = ",".join(str(v).strip() for v in value)
    text = _check(key, str(value).replace(" ", ""), ITEMS_RE, "Zahlen, durch Kommas getrennt")
    return tuple(int(part) for part in text.split(","))


def parse_pretix_value(value: Any, key: str = "pretix") -> PretixRef:
    """Parse `pretix: slug` or `pretix: {event, organizer, items, voucher, disable_vouchers}`."""
    if isinstance(value, str):
        return PretixRef(event=_check(key, value, SLUG_RE, "Buchstaben, Ziffern, . _ -"))
    if not isinstance(value, dict):
        raise PretixValueError(key, "erwartet einen Event-Kurznamen oder eine Zuordnung mit event.")
    unknown = sorted(set(value) - set(ALLOWED_KEYS))
    if unknown:
        allowed = ", ".join(ALLOWED_KEYS)
        raise PretixValueError(f"{key}.{unknown[0]}", f"unbekannter Schlüssel; erlaubt: {allowed}.")
    if "event" not in value:
        raise PretixValueError(f"{key}.event", "fehlt: der Kurzname der Veranstaltung in pretix.")
    slug_rule = "Buchstaben, Ziffern, . _ -"
    disable = value.get("disable_vouchers", False)
    if not isinstance(disable, bool):
        raise PretixValueError(f"{key}.disable_vouchers", "erwartet true oder false.")
    return PretixRef(
        event=_check(f"{key}.event", value["event"], SLUG_RE, slug_rule),
        organizer=_check(f"{key}.organizer", value["organizer"], SLUG_RE, slug_rule)
        if value.get("organizer")
        else None,
        items=parse_items(value["items"], f"{key}.items") if value.get("items") else (),
        voucher=_check(f"{key}.voucher", value["voucher"], VOUCHER_RE, "Buchstaben, Ziffern, _ -")
        if value.get("voucher")
        else None,
        disable_vouchers=disable,
    )
