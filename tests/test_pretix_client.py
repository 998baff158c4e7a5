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
    assert server.hits(EVENTS) == 2
    assert elapsed < 1.8  # the client did not wait for the slow answer


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
