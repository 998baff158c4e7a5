"""A scripted HTTP server on 127.0.0.1 that answers like pretix's REST API.

Used where the real pretix server (tests/pretix_server.py) cannot produce the case:
rate limits, server errors, slow, trickling, oversized or broken answers. Response bodies
follow the shapes documented by pretix (ARCHITECTURE.md T17).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # "headers" or "body": send that part one byte every TRICKLE_PAUSE seconds (for at
    # most TRICKLE_LIMIT seconds, then hang up), like a server that holds a client.
    trickle: str = ""
    content_length: bool = True  # False: no Content-Length, the body ends when we close


TRICKLE_PAUSE = 0.05
TRICKLE_LIMIT = 5.0


@dataclass
class FakePretix:
    url: str
    routes: dict[str, list[Reply]]
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def hits(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)


@contextmanager
def fake_pretix(routes: dict[str, list[Reply]]) -> Iterator[FakePretix]:
    """Serve `routes` (path with query → replies in order; the last one repeats)."""
    state = FakePretix(url="", routes=routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - name required by BaseHTTPRequestHandler
            state.requests.append((self.path, self.headers.get("Authorization")))
            replies = state.routes.get(self.path)
            if not replies:
                reply = Reply(404, {"detail": "Not found."})
            else:
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **reply.headers}
            if reply.content_length:
                headers["Content-Length"] = str(len(data))
            head = f"HTTP/1.0 {reply.status} Scripted\r\n"
            head += "".join(f"{key}: {value}\r\n" for key, value in headers.items())
            if reply.trickle == "headers":
                head += "X-Slow: " + "x" * 10_000 + "\r\n"
            head_bytes = (head + "\r\n").encode("latin-1")
            try:
                if reply.trickle == "headers":
                    self._trickle(head_bytes)
                    return
                self.wfile.write(head_bytes)
                if reply.trickle == "body":
                    self._trickle(data)
                    return
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout and size tests)

        def _trickle(self, data: bytes) -> None:
            """One byte at a time until TRICKLE_LIMIT, then hang up mid-answer."""
            until = time.monotonic() + TRICKLE_LIMIT
            for byte in data:
                if time.monotonic() > until or state.stopped.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TRICKLE_PAUSE)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopped.set()
        server.shutdown()
        server.server_close()


def event_json(slug: str, **overrides: Any) -> dict[str, Any]:
    """A pretix event as GET /api/v1/organizers/<org>/events/ lists it."""
    event = {
        "name": {"de": "KI und Zivilgesellschaft #10", "en": "AI and Civil Society #10"},
        "slug": slug,
        "live": True,
        "testmode": False,
        "currency": "EUR",
        "date_from": "2025-11-18T16:30:00+01:00",
        "date_to": "2025-11-18T18:30:00+01:00",
        "date_admission": "2025-11-18T16:00:00+01:00",
        "is_public": True,
        "presale_start": None,
        "presale_end": None,
        "location": {
            "de": "Innovation Office\nAlter Markt 13, 33602 Bielefeld",
            "en": "Innovation Office\nAlter Markt 13, 33602 Bielefeld",
        },
        "has_subevents": False,
        "meta_data": {},
        "timezone": "Europe/Berlin",
        "public_url": f"https://pretix.eu/civic-coding/{slug}/",
        "some_future_field": {"ignored": True},
    }
    event.update(overrides)
    return event
