"""The pretix REST client against a scripted local HTTP server (tests/pretix_fake.py)."""

from __future__ import annotations

import email.utils
import time

import pytest

from scripts.pretix_client import PretixClient, PretixError, _retry_after_seconds
from tests.pretix_fake import Reply, event_json, fake_pretix

EVENTS = "/api/v1/organizers/civic-coding/events/"


def client(url: str, sleeps: list[float] | None = None, **kwargs) -> PretixClient:
    record = sleeps if sleeps is not None else []
    return PretixClient(url, "secret-token", sleep=record.append, **kwargs)


def test_follows_next_across_pages_and_sends_the_token():
    with fake_pretix({}) as server:
        page2 = f"{EVENTS}?page=2"
        server.routes[EVENTS] = [
            Reply(
                body={
                    "count": 3,
                    "next": server.url + page2,
                    "previous": None,
                    "results": [event_json("a"), event_json("b")],
                }
            )
        ]
        server.routes[page2] = [
            Reply(
                body={
                    "count": 3,
                    "next": None,
                    "previous": server.url + EVENTS,
                    "results": [event_json("c")],
                }
            )
        ]
        events = client(server.url).events("civic-coding")
    assert [e["slug"] for e in events] == ["a", "b", "c"]
    assert [auth for _, auth in server.requests] == ["Token secret-token"] * 2


def test_401_is_one_sentence_about_the_token():
    with (
        fake_pretix({EVENTS: [Reply(401, {"detail": "Invalid token."})]}) as server,
        pytest.raises(PretixError, match="PRETIX_TOKEN") as info,
    ):
        client(server.url).events("civic-coding")
    assert info.value.status == 401
    assert "\n" not in str(info.value)
    assert server.hits(EVENTS) == 1  # no retry: a wrong token stays wrong


def test_403_names_organizer_or_rights():
    with (
        fake_pretix({EVENTS: [Reply(403, {"detail": "No permission."})]}) as server,
        pytest.raises(PretixError, match="403.*Veranstalter"),
    ):
        client(server.url).events("civic-coding")


def test_404_for_a_single_event():
    with fake_pretix({}) as server, pytest.raises(PretixError) as info:
        client(server.url).event("civic-coding", "gibt-es-nicht")
    assert info.value.status == 404


def test_429_waits_for_retry_after_then_succeeds():
    page = {"count": 1, "next": None, "previous": None, "results": [event_json("a")]}
    replies = [Reply(429, {"detail": "Throttled."}, {"Retry-After": "7"}), Reply(body=page)]
    sleeps: list[float] = []
    with fake_pretix({EVENTS: replies}) as server:
        events = client(server.url, sleeps).events("civic-coding")
    assert [e["slug"] for e in events] == ["a"]
    assert sleeps == [7.0]
    assert server.hits(EVENTS) == 2


def test_500_is_retried_with_growing_backoff():
    page = {"count": 1, "next": None, "previous": None, "results": [event_json("a")]}
    replies = [Reply(500, b"oops"), Reply(502, b"bad gateway"), Reply(body=page)]
    sleeps: list[float] = []
    with fake_pretix({EVENTS: replies}) as server:
        events = client(server.url, sleeps, backoff=0.5).events("civic-coding")
    assert len(events) == 1
    assert sleeps == [0.5, 1.0]


def test_lasting_500_gives_up_after_a_bounded_number_of_tries():
    with (
        fake_pretix({EVENTS: [Reply(503, b"down")]}) as server,
        pytest.raises(PretixError, match="503"),
    ):
        client(server.url, retries=2).events("civic-coding")
    assert server.hits(EVENTS) == 3


def test_a_slow_answer_times_out_and_ends_with_a_clear_sentence():
    page = {"count": 0, "next": None, "previous": None, "results": []}
    with fake_pretix({EVENTS: [Reply(body=page, delay=2.0)]}) as server:
        started = time.monotonic()
        with pytest.raises(PretixError, match="nicht innerhalb von 0.3 Sekunden"):
            client(server.url, timeout=0.3, retries=1).events("civic-coding")
        elapsed = time.monotonic() - started
    assert server.hits(EVENTS) == 1  # not retried: the deadline is what an editor waits
    assert elapsed < 1.0  # the client did not wait for the slow answer


def test_invalid_json_is_reported():
    with (
        fake_pretix({EVENTS: [Reply(200, b"<html>Wartungsarbeiten</html>")]}) as server,
        pytest.raises(PretixError, match="keine gültige JSON-Antwort"),
    ):
        client(server.url).events("civic-coding")


def test_a_list_without_results_is_reported():
    with (
        fake_pretix({EVENTS: [Reply(200, {"detail": "hm"})]}) as server,
        pytest.raises(PretixError, match="results"),
    ):
        client(server.url).events("civic-coding")


def test_unreachable_server_after_retries():
    with fake_pretix({}) as server:
        url = server.url  # closed after the block: nothing listens there any more
    sleeps: list[float] = []
    with pytest.raises(PretixError, match="nicht erreichbar"):
        client(url, sleeps, retries=2, timeout=2).events("civic-coding")
    assert len(sleeps) == 2


def test_retry_after_forms():
    assert _retry_after_seconds("3", 0) == 3.0
    assert _retry_after_seconds("100000", 0) == 120.0  # bounded
    assert _retry_after_seconds(None, 2) == 4.0
    assert _retry_after_seconds("kaputt", 1) == 2.0
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8.0 <= _retry_after_seconds(in_ten, 0) <= 10.0


# ------------------------------------------------- the token goes to the pretix host only


def _page(next_url: str | None, *slugs: str) -> dict:
    results = [event_json(slug) for slug in slugs]
    return {"count": 9, "next": next_url, "previous": None, "results": results}


@pytest.mark.parametrize("foreign", ["other port", "other host name", "other scheme"])
def test_a_foreign_next_url_is_not_followed(foreign):
    """pretix's `next` may point anywhere; the token is sent to the configured origin only."""
    with fake_pretix({}) as server, fake_pretix({}) as elsewhere:
        port = server.url.rsplit(":", 1)[1]
        next_url = {
            "other port": f"{elsewhere.url}{EVENTS}?page=2",
            "other host name": f"http://localhost:{port}{EVENTS}?page=2",
            "other scheme": f"https://127.0.0.1:{port}{EVENTS}?page=2",
        }[foreign]
        elsewhere.routes[f"{EVENTS}?page=2"] = [Reply(body=_page(None, "b"))]
        server.routes[EVENTS] = [Reply(body=_page(next_url, "a"))]
        server.routes[f"{EVENTS}?page=2"] = [Reply(body=_page(None, "b"))]
        with pytest.raises(PretixError) as info:
            client(server.url).events("civic-coding")
    message = str(info.value)
    assert next_url in message and "Zugangsschlüssel" in message and "\n" not in message
    assert elsewhere.requests == []  # nothing, in particular no token, went elsewhere
    assert server.requests == [(EVENTS, "Token secret-token")]


def test_a_same_origin_next_url_with_the_default_port_is_followed():
    with fake_pretix({}) as server:
        server.routes[EVENTS] = [Reply(body=_page(f"{server.url}{EVENTS}?page=2", "a"))]
        server.routes[f"{EVENTS}?page=2"] = [Reply(body=_page(None, "b"))]
        events = client(server.url + "/").events("civic-coding")
    assert [e["slug"] for e in events] == ["a", "b"]


@pytest.mark.parametrize(
    "url",
    [
        "http://pretix.example.org",  # unencrypted to another machine
        "http://10.0.0.5:8000",
        "HTTP://pretix.eu",
        "ftp://pretix.eu",
        "https://user:secret@pretix.eu",
        "pretix.eu",
    ],
)
def test_the_client_refuses_an_address_the_token_must_not_go_to(url):
    with pytest.raises(PretixError, match="https|Adresse"):
        PretixClient(url, "secret-token")


@pytest.mark.parametrize(
    "url", ["https://pretix.eu", "http://localhost:8000", "http://127.0.0.1:9", "http://[::1]:80"]
)
def test_https_or_this_machine_is_accepted(url):
    assert PretixClient(url, "secret-token").base_url == url


# ------------------------------------------------------- deadline and size per request


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickling_server_is_cut_off_at_the_deadline(part):
    """One byte every 50 ms keeps every single read busy; the deadline is per request."""
    page = _page(None, *[f"event-{n}" for n in range(50)])
    with fake_pretix({EVENTS: [Reply(body=page, trickle=part)]}) as server:
        started = time.monotonic()
        with pytest.raises(PretixError, match="nicht innerhalb von 1 Sekunden") as info:
            client(server.url, timeout=1.0).events("civic-coding")
        elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 1.0, elapsed  # deadline + margin, with the default retries
    assert server.hits(EVENTS) == 1  # a deadline is not retried: it would multiply the wait
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("content_length", [True, False], ids=["announced", "streamed"])
def test_an_oversized_answer_is_refused(content_length):
    huge = _page(None, *[f"event-{n}" for n in range(3000)])  # about 2 MB of JSON
    reply = Reply(body=huge, content_length=content_length)
    with (
        fake_pretix({EVENTS: [reply]}) as server,
        pytest.raises(PretixError, match="mehr als 1 MB") as info,
    ):
        client(server.url, max_bytes=1_000_000).events("civic-coding")
    assert "\n" not in str(info.value)
    assert server.hits(EVENTS) == 1


def test_the_default_size_cap_is_5_mb():
    huge = _page(None, *[f"event-{n}" for n in range(9000)])  # about 6 MB
    with (
        fake_pretix({EVENTS: [Reply(body=huge)]}) as server,
        pytest.raises(PretixError, match="mehr als 5 MB"),
    ):
        client(server.url).events("civic-coding")
