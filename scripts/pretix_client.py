"""A small client for the pretix REST API (read-only, what `python -m scripts pretix` needs).

The API token goes to the configured pretix address only:

- the address must be https (plain http only for localhost, 127.0.0.1 and ::1), checked
  by `civic_site.pretix_embed.check_pretix_url`, the same check the build uses;
- every request, including a paginated list's `next` page, must have the same scheme,
  host and port as that address; a `next` that points elsewhere ends the command;
- redirects are not followed (a redirect would take the token along).

Every request has an overall deadline (connect, headers and body together; a server
that trickles a byte at a time cannot hold the command longer) and a size cap. 429 is
retried after `Retry-After`, 5xx and network errors with exponential backoff, both a
bounded number of times; a request that ran out of time is not retried (that would
multiply the wait). Everything that still goes wrong ends as a PretixError with one
sentence an editor can act on.
"""

from __future__ import annotations

import contextlib
import email.message
import email.utils
import http.client
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import certifi

from civic_site.pretix_embed import PretixUrlError, check_pretix_url

DEFAULT_TIMEOUT = 15.0  # seconds for a whole request: connect, send, headers and body
MAX_RESPONSE_BYTES = 5_000_000  # a page of pretix's API is a few hundred KB at most
MAX_PAGES = 1000  # a guard against a server whose `next` never ends
MAX_RETRY_AFTER = 120.0  # seconds; a longer wait is not worth it for an editor tool
READ_CHUNK = 65536
DEFAULT_PORTS = {"http": 80, "https": 443}


class PretixError(Exception):
    """One sentence that explains what went wrong (shown to editors as is)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    status: int
    headers: email.message.Message
    body: bytes


class _DeadlineError(Exception):
    pass


class _TooLargeError(Exception):
    pass


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, with the scheme's default port filled in."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme, 0)


def _shown(value: tuple[str, str, int]) -> str:
    scheme, host, port = value
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}:{port}"


@dataclass
class PretixClient:
    base_url: str
    token: str
    timeout: float = DEFAULT_TIMEOUT  # overall deadline of each request, in seconds
    max_bytes: int = MAX_RESPONSE_BYTES
    retries: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] | None = None  # tests pass a recorder; None: time.sleep

    def __post_init__(self) -> None:
        try:
            self.base_url = check_pretix_url(self.base_url)
        except PretixUrlError as exc:
            raise PretixError(f"pretix-Adresse: {exc}") from None
        self._origin = origin(self.base_url)

    def api_url(self, *parts: str) -> str:
        path = "/".join(quote(part, safe="") for part in parts)
        return f"{self.base_url}/api/v1/{path}/"

    def get_json(self, url: str) -> Any:
        response = self._get_with_retries(url)
        self._raise_for_client_error(response, url)
        try:
            return json.loads(response.body)
        except ValueError:
            raise PretixError(
                f"pretix hat unter {url} keine gültige JSON-Antwort geliefert."
            ) from None

    def paginate(self, url: str) -> Iterator[dict[str, Any]]:
        """All `results` of a paged list endpoint, following `next` until it is null.

        A `next` on another scheme, host or port is not followed: the token would go there.
        """
        for _ in range(MAX_PAGES):
            page = self.get_json(url)
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise PretixError(f"pretix hat unter {url} keine Liste mit „results“ geliefert.")
            yield from page["results"]
            following = page.get("next")
            if not following:
                return
            if not isinstance(following, str):
                raise PretixError(f"pretix hat unter {url} ein ungültiges „next“ geliefert.")
            following = urljoin(url, following)
            if origin(following) != self._origin:
                raise PretixError(
                    f"pretix verweist für die nächste Seite auf {following}, nicht auf "
                    f"{_shown(self._origin)}; der Zugangsschlüssel wird nur dorthin geschickt, "
                    "deshalb Abbruch (bitte die pretix-Adresse prüfen)."
                )
            url = following
        raise PretixError(f"pretix liefert mehr als {MAX_PAGES} Seiten; Abbruch.")

    def events(self, organizer: str) -> list[dict[str, Any]]:
        return list(self.paginate(self.api_url("organizers", organizer, "events")))

    def event(self, organizer: str, slug: str) -> dict[str, Any]:
        data = self.get_json(self.api_url("organizers", organizer, "events", slug))
        if not isinstance(data, dict):
            raise PretixError(f"pretix hat für die Veranstaltung „{slug}“ kein Objekt geliefert.")
        return data

    # ------------------------------------------------------------------ transport

    def _get_with_retries(self, url: str) -> Response:
        if origin(url) != self._origin:  # paginate() says why; this is the last line
            raise PretixError(f"{url} gehört nicht zu {self.base_url}; Abbruch.")
        for attempt in range(self.retries + 1):
            last_try = attempt == self.retries
            try:
                response = self._get(url)
            except _DeadlineError:
                raise PretixError(
                    f"pretix hat unter {url} nicht innerhalb von {self.timeout:g} Sekunden "
                    "vollständig geantwortet; bitte später noch einmal versuchen."
                ) from None
            except _TooLargeError:
                raise PretixError(
                    f"pretix hat unter {url} mehr als {self.max_bytes / 1_000_000:g} MB "
                    "geliefert; Abbruch (so groß ist keine Antwort der pretix-API)."
                ) from None
            except ssl.SSLCertVerificationError as exc:
                raise PretixError(
                    f"Das Zertifikat von {_shown(self._origin)} ist nicht gültig "
                    f"({exc.verify_message}); Abbruch, der Zugangsschlüssel wurde nicht gesendet."
                ) from None
            except (OSError, http.client.HTTPException) as exc:
                if last_try:
                    raise PretixError(
                        f"pretix ist unter {url} nicht erreichbar ({type(exc).__name__}); "
                        "bitte Internetverbindung und Adresse prüfen."
                    ) from None
                self._pause(self.backoff * 2**attempt)
                continue
            if response.status == 429 and not last_try:
                self._pause(_retry_after_seconds(response.headers.get("Retry-After"), attempt))
                continue
            if response.status >= 500 and not last_try:
                self._pause(self.backoff * 2**attempt)
                continue
            return response
        raise AssertionError("unreachable: the last try returns or raises")

    def _get(self, url: str) -> Response:
        """One GET within `timeout` seconds in all, with at most `max_bytes` of body.

        The socket's own timeout bounds each single read only, so a watchdog shuts the
        connection down when the deadline passes; the blocked read then returns at once.
        """
        parts = urlsplit(url)
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            # certifi's CA bundle, as requests used before (the same on every system)
            context = ssl.create_default_context(cafile=certifi.where())
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=self.timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=self.timeout
            )
        expired = threading.Event()
        # The connected socket, kept here: for an answer that ends with the connection,
        # http.client hands the socket to the response and forgets it (connection.sock).
        connected: list[socket.socket] = []

        def expire() -> None:
            expired.set()
            for sock in [*connected, connection.sock]:
                if sock is not None:  # the plain socket's shutdown, also under TLS:
                    with contextlib.suppress(OSError):  # it wakes a blocked read at once
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)

        response: http.client.HTTPResponse | None = None
        watchdog = threading.Timer(self.timeout, expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.connect()
            connected.append(connection.sock)
            if expired.is_set():
                raise _DeadlineError
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > self.max_bytes:
                raise _TooLargeError
            body = bytearray()
            while chunk := response.read1(READ_CHUNK):
                body += chunk
                if len(body) > self.max_bytes:
                    raise _TooLargeError
            if expired.is_set():  # the watchdog cut the answer short
                raise _DeadlineError
            return Response(response.status, response.headers, bytes(body))
        except (OSError, http.client.HTTPException) as exc:
            # A socket timeout is the deadline as well: each read may take `timeout` at most.
            if expired.is_set() or isinstance(exc, TimeoutError):
                raise _DeadlineError from None
            raise
        finally:
            watchdog.cancel()
            if response is not None:
                response.close()  # it owns the socket when the server closes after answering
            connection.close()

    def _pause(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)

    def _raise_for_client_error(self, response: Response, url: str) -> None:
        status = response.status
        if status < 300:
            return
        if status < 400:
            location = response.headers.get("Location", "?")
            message = (
                f"pretix leitet {url} nach {location} um ({status}); Weiterleitungen werden "
                "nicht verfolgt, damit der Zugangsschlüssel nirgendwo sonst hingeht: bitte die "
                "pretix-Adresse prüfen."
            )
        elif status == 401:
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
