"""A small client for the pretix REST API (read-only, what `python -m scripts pretix` needs).

Every request has a timeout. 429 is retried after `Retry-After`, 5xx and network errors
with exponential backoff, both a bounded number of times. Everything that still goes
wrong ends as a PretixError with one sentence an editor can act on.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

DEFAULT_TIMEOUT = 15.0
MAX_PAGES = 1000  # a guard against a server whose `next` never ends
MAX_RETRY_AFTER = 120.0  # seconds; a longer wait is not worth it for an editor tool


class PretixError(Exception):
    """One sentence that explains what went wrong (shown to editors as is)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class PretixClient:
    base_url: str
    token: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] | None = None  # tests pass a recorder; None: time.sleep
    session: requests.Session = field(default_factory=requests.Session)

    def api_url(self, *parts: str) -> str:
        path = "/".join(quote(part, safe="") for part in parts)
        return f"{self.base_url.rstrip('/')}/api/v1/{path}/"

    def get_json(self, url: str) -> Any:
        response = self._get_with_retries(url)
        self._raise_for_client_error(response, url)
        try:
            return response.json()
        except ValueError:
            raise PretixError(
                f"pretix hat unter {url} keine gültige JSON-Antwort geliefert."
            ) from None

    def paginate(self, url: str) -> Iterator[dict[str, Any]]:
        """All `results` of a paged list endpoint, following `next` until it is null."""
        for _ in range(MAX_PAGES):
            page = self.get_json(url)
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise PretixError(f"pretix hat unter {url} keine Liste mit „results“ geliefert.")
            yield from page["results"]
            url = page.get("next")
            if not url:
                return
        raise PretixError(f"pretix liefert mehr als {MAX_PAGES} Seiten; Abbruch.")

    def events(self, organizer: str) -> list[dict[str, Any]]:
        return list(self.paginate(self.api_url("organizers", organizer, "events")))

    def event(self, organizer: str, slug: str) -> dict[str, Any]:
        data = self.get_json(self.api_url("organizers", organizer, "events", slug))
        if not isinstance(data, dict):
            raise PretixError(f"pretix hat für die Veranstaltung „{slug}“ kein Objekt geliefert.")
        return data

    def _get_with_retries(self, url: str) -> requests.Response:
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        for attempt in range(self.retries + 1):
            last_try = attempt == self.retries
            try:
                response = self.session.get(url, headers=headers, timeout=self.timeout)
            except requests.Timeout:
                if last_try:
                    raise PretixError(
                        f"pretix hat unter {url} nicht innerhalb von {self.timeout:g} Sekunden "
                        "geantwortet; bitte später noch einmal versuchen."
                    ) from None
                self._pause(self.backoff * 2**attempt)
                continue
            except requests.RequestException as exc:
                if last_try:
                    raise PretixError(
                        f"pretix ist unter {url} nicht erreichbar ({type(exc).__name__}); "
                        "bitte Internetverbindung und Adresse prüfen."
                    ) from None
                self._pause(self.backoff * 2**attempt)
                continue
            if response.status_code == 429 and not last_try:
                self._pause(_retry_after_seconds(response.headers.get("Retry-After"), attempt))
                continue
            if response.status_code >= 500 and not last_try:
                self._pause(self.backoff * 2**attempt)
                continue
            return response
        raise AssertionError("unreachable: the last try returns or raises")

    def _pause(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)

    def _raise_for_client_error(self, response: requests.Response, url: str) -> None:
        status = response.status_code
        if status < 400:
            return
        if status == 401:
            message = "pretix lehnt den Zugangsschlüssel ab (401): bitte PRETIX_TOKEN prüfen."
        elif status == 403:
            message = (
                "pretix verweigert den Zugriff (403): den Veranstalter gibt es nicht "
                "oder der Zugangsschlüssel hat dafür keine Rechte."
            )
        elif status == 404:
            message = f"pretix kennt die Adresse {url} nicht (404)."
        elif status == 429:
            message = "pretix meldet zu viele Anfragen (429); bitte in einer Minute noch einmal."
        else:
            message = f"pretix hat mit Fehler {status} geantwortet ({url}); bitte später erneut."
        raise PretixError(message, status)


def _retry_after_seconds(header: str | None, attempt: int) -> float:
    """Seconds to wait from a Retry-After header (seconds or HTTP date), bounded."""
    fallback = float(2**attempt)
    if not header:
        return fallback
    header = header.strip()
    if header.isdigit():
        return min(float(header), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return fallback
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
