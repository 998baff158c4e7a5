"""Calendar files: civic_site/calendar.py directly, then the .ics files of fixture builds.

Every file is read back with the `icalendar` parser and, independently, checked line by
line against RFC 5545's rules (CRLF line ends, at most 75 octets per line).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

import icalendar
import pytest
import yaml

from civic_site.calendar import (
    CalendarSite,
    all_day_dates,
    build_event_calendar,
    build_full_calendar,
    event_dtstamp,
    event_uid,
    webcal_url,
)
from civic_site.event_model import BERLIN, Event, Location
from civic_site.site_paths import SitePaths
from tests.sitebuild import FIXTURE_EVENTS, ROOT, BuildResult

SITE_URL = "https://www.civic-coding.de/"
SITE_DE = CalendarSite(
    SITE_URL, SitePaths("de", "de"), "Civic Coding – Veranstaltungen", "Termine", "Abgesagt"
)
SITE_EN = CalendarSite(
    SITE_URL, SitePaths("en", "de"), "Civic Coding – Events", "Dates", "Cancelled"
)
MULTILINE_EVENTS = ROOT / "tests" / "fixtures" / "events-multiline"


def make_event(**changes: object) -> Event:
    """A valid event for unit tests; keyword arguments replace fields."""
    event = Event(
        slug="meetup",
        lang="de",
        source_path="events/de/meetup.md",
        title="Meetup",
        teaser="Ein Abend über KI.",
        start=datetime(2025, 11, 18, 16, 30, tzinfo=BERLIN),
        end=datetime(2025, 11, 18, 18, 0, tzinfo=BERLIN),
        all_day=False,
        location=Location(name="Innovation Office", address="Alter Markt 13, 33602 Bielefeld"),
        body="",
        held_in="de",
    )
    return replace(event, **changes)


def assert_rfc5545_lines(data: bytes) -> None:
    """Every content line CRLF-terminated and at most 75 octets long (folding included)."""
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        assert b"\n" not in line and b"\r" not in line, f"bare line break in line {number}"
        assert len(line) <= 75, f"line {number} has {len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding must not cut a UTF-8 sequence in half


def parse_events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# ---------------------------------------------------------------------------- unit tests


def test_uid_is_slug_at_host_and_shared_by_languages() -> None:
    assert event_uid("meetup", SITE_URL) == "meetup@www.civic-coding.de"
    german, english = make_event(), make_event(lang="en", title="Meetup (EN)")
    uid_de = parse_events(build_event_calendar(german, SITE_DE))[0]["UID"]
    uid_en = parse_events(build_event_calendar(english, SITE_EN))[0]["UID"]
    assert uid_de == uid_en == "meetup@www.civic-coding.de"


def test_dtstamp_comes_from_the_file_not_the_clock() -> None:
    announced = make_event(date=date(2025, 11, 4))
    assert event_dtstamp(announced) == datetime(2025, 11, 3, 23, 0, tzinfo=UTC)
    assert event_dtstamp(make_event()) == datetime(2025, 11, 18, 15, 30, tzinfo=UTC)
    assert build_event_calendar(announced, SITE_DE) == build_event_calendar(announced, SITE_DE)


def test_timed_event_has_berlin_times_with_vtimezone() -> None:
    data = build_event_calendar(make_event(), SITE_DE)
    assert_rfc5545_lines(data)
    calendar = icalendar.Calendar.from_ical(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:20251118T163000\r\n" in data
    assert b"DTEND;TZID=Europe/Berlin:20251118T180000\r\n" in data
    vevent = parse_events(data)[0]
    assert vevent.decoded("DTSTART") == datetime(2025, 11, 18, 16, 30, tzinfo=BERLIN)
    assert vevent.decoded("DTSTART").utcoffset().total_seconds() == 3600
    assert str(vevent["SUMMARY"]) == "Meetup"
    assert str(vevent["DESCRIPTION"]) == (
        "Ein Abend über KI.\n\nhttps://www.civic-coding.de/events/meetup/"
    )
    assert str(vevent["LOCATION"]) == "Innovation Office, Alter Markt 13, 33602 Bielefeld"
    assert str(vevent["URL"]) == "https://www.civic-coding.de/events/meetup/"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.get("DTSTAMP") is not None


def test_summer_event_gets_summer_offset() -> None:
    summer = make_event(
        start=datetime(2026, 7, 1, 18, tzinfo=BERLIN), end=datetime(2026, 7, 1, 20, tzinfo=BERLIN)
    )
    vevent = parse_events(build_event_calendar(summer, SITE_DE))[0]
    assert vevent.decoded("DTSTART").astimezone(UTC) == datetime(2026, 7, 1, 16, tzinfo=UTC)


def test_all_day_event_uses_dates_with_exclusive_end() -> None:
    day = datetime(2026, 5, 1, tzinfo=BERLIN)
    single = make_event(start=day, end=None, all_day=True)
    assert all_day_dates(single) == (date(2026, 5, 1), date(2026, 5, 2))
    data = build_event_calendar(single, SITE_DE)
    assert b"DTSTART;VALUE=DATE:20260501\r\n" in data
    assert b"DTEND;VALUE=DATE:20260502\r\n" in data
    assert b"VTIMEZONE" not in data  # dates have no time zone
    # "end: 2026-05-03" is stored by the engine as midnight after the last day.
    three_days = make_event(start=day, end=datetime(2026, 5, 4, tzinfo=BERLIN), all_day=True)
    vevent = parse_events(build_event_calendar(three_days, SITE_DE))[0]
    assert vevent.decoded("DTSTART") == date(2026, 5, 1)
    assert vevent.decoded("DTEND") == date(2026, 5, 4)


def test_cancelled_event_is_marked_everywhere_a_client_may_look() -> None:
    vevent = parse_events(build_event_calendar(make_event(cancelled=True), SITE_DE))[0]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert str(vevent["SUMMARY"]) == "Abgesagt: Meetup"


def test_online_event_has_url_as_location_and_conference() -> None:
    online = make_event(location=Location(online="https://meet.example.org/x?a=1&b=2"))
    vevent = parse_events(build_event_calendar(online, SITE_DE))[0]
    assert str(vevent["LOCATION"]) == "https://meet.example.org/x?a=1&b=2"
    assert str(vevent["CONFERENCE"]) == "https://meet.example.org/x?a=1&b=2"


def test_hostile_text_round_trips_through_escaping_and_folding() -> None:
    title = 'Zitate "hier" & <b>fett</b> </script> Komma, Semikolon; Backslash \\ 🎉\nZeile 2'
    teaser = "Ä" * 80 + "; , \\ \n🤖" * 10
    location = Location(name='Café "Zur Ecke"; Raum <1>', address="Straße 1,\n33602 Bielefeld")
    event = make_event(title=title, teaser=teaser, location=location, categories=("A,B", "C;D"))
    data = build_event_calendar(event, SITE_DE)
    assert_rfc5545_lines(data)
    vevent = parse_events(data)[0]
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]).startswith(teaser + "\n\n")
    assert str(vevent["LOCATION"]) == 'Café "Zur Ecke"; Raum <1>, Straße 1,\n33602 Bielefeld'
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["A,B", "C;D"]


def test_full_calendar_keeps_past_events_in_start_order() -> None:
    older = make_event(slug="old", start=datetime(2022, 5, 4, 17, tzinfo=BERLIN), end=None)
    newer = make_event(slug="new")
    data = build_full_calendar([newer, older], SITE_EN)
    assert_rfc5545_lines(data)
    calendar = icalendar.Calendar.from_ical(data)
    assert [str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")] == ["old", "new"]
    assert str(calendar["X-WR-CALNAME"]) == "Civic Coding – Events"
    assert str(calendar["SOURCE"]) == "https://www.civic-coding.de/en/events/calendar.ics"
    assert "UID" not in calendar  # no random calendar UID: builds stay byte-identical
    # The time zone covers every event's year: 2022 as well as 2025.
    assert b"COMMENT:This timezone only works from 2022-01-01 to 2026-01-01." in data
    assert "DTEND" not in calendar.walk("VEVENT")[0]  # no end given: none invented


def test_german_text_in_the_english_calendar_is_tagged_german() -> None:
    vevent = parse_events(build_event_calendar(make_event(), SITE_EN))[0]
    assert vevent["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(vevent["URL"]) == "https://www.civic-coding.de/en/events/meetup/"


def test_webcal_url() -> None:
    assert webcal_url("https://x.de/events/calendar.ics") == "webcal://x.de/events/calendar.ics"
    with pytest.raises(ValueError):
        webcal_url("/events/calendar.ics")


# ----------------------------------------------------------------------- built fixtures


def ics_files(site: BuildResult) -> list[Path]:
    return sorted(site.site_dir.rglob("*.ics"))


def test_every_built_calendar_parses_and_obeys_line_rules(fixture_site: BuildResult) -> None:
    files = ics_files(fixture_site)
    slugs = {p.stem for p in (FIXTURE_EVENTS / "de").glob("*.md")}
    expected = {f"events/{s}/{s}.ics" for s in slugs} | {f"en/events/{s}/{s}.ics" for s in slugs}
    expected |= {"events/calendar.ics", "en/events/calendar.ics"}
    assert {p.relative_to(fixture_site.site_dir).as_posix() for p in files} == expected
    for path in files:
        data = path.read_bytes()
        assert_rfc5545_lines(data)
        for vevent in parse_events(data):
            for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION", "URL", "STATUS"):
                assert key in vevent, f"{path}: {key} missing"
            assert str(vevent["URL"]).startswith(SITE_URL)


def test_full_calendars_hold_all_events_of_their_language(fixture_site: BuildResult) -> None:
    slugs = {p.stem for p in (FIXTURE_EVENTS / "de").glob("*.md")}
    for lang, prefix in (("de", ""), ("en", "en/")):
        data = (fixture_site.site_dir / prefix / "events/calendar.ics").read_bytes()
        by_uid = {str(e["UID"]): e for e in parse_events(data)}
        assert set(by_uid) == {f"{s}@www.civic-coding.de" for s in slugs}  # past ones too
        for slug in slugs:
            translated = FIXTURE_EVENTS / lang / f"{slug}.md"
            source = translated if translated.exists() else FIXTURE_EVENTS / "de" / f"{slug}.md"
            meta = front_matter(source)
            vevent = by_uid[f"{slug}@www.civic-coding.de"]
            label = {"de": "Abgesagt: ", "en": "Cancelled: "}[lang] if meta.get("cancelled") else ""
            assert str(vevent["SUMMARY"]) == label + meta["title"]
            assert str(vevent["STATUS"]) == ("CANCELLED" if meta.get("cancelled") else "CONFIRMED")
            page = f"{SITE_URL}{prefix}events/{slug}/"
            assert str(vevent["DESCRIPTION"]) == f"{meta['teaser']}\n\n{page}"


def test_all_day_fixture_is_a_date(fixture_site: BuildResult) -> None:
    data = (fixture_site.site_dir / "events/abgesagt/abgesagt.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20260501\r\n" in data
    assert b"DTEND;VALUE=DATE:20260502\r\n" in data


def test_hostile_fixture_survives_in_both_languages(fixture_site: BuildResult) -> None:
    for lang, prefix in (("de", ""), ("en", "en/")):
        meta = front_matter(FIXTURE_EVENTS / lang / "feindlich.md")
        data = (fixture_site.site_dir / prefix / "events/feindlich/feindlich.ics").read_bytes()
        vevent = parse_events(data)[0]
        assert str(vevent["SUMMARY"]) == meta["title"]
        assert str(vevent["DESCRIPTION"]).startswith(meta["teaser"])
        location = meta["location"]
        assert str(vevent["LOCATION"]) == f"{location['name']}, {location['address']}"
        assert [str(c) for c in vevent["CATEGORIES"].cats] == meta["categories"]
        # Escaped separators in the raw text, so naive readers do not split the title.
        unfolded = data.replace(b"\r\n ", b"")
        assert b"Komma\\, Semikolon\\;" in unfolded or b"comma\\, semicolon\\;" in unfolded


def test_multiline_fixture_keeps_its_line_breaks(multiline_site: BuildResult) -> None:
    meta = front_matter(MULTILINE_EVENTS / "de" / "mehrzeilig.md")
    data = (multiline_site.site_dir / "events/mehrzeilig/mehrzeilig.ics").read_bytes()
    assert_rfc5545_lines(data)
    vevent = parse_events(data)[0]
    assert "\n" in meta["title"]
    assert str(vevent["SUMMARY"]) == meta["title"]
    assert str(vevent["DESCRIPTION"]) == (
        f"{meta['teaser']}\n\nhttps://www.civic-coding.de/events/mehrzeilig/"
    )
    assert str(vevent["LOCATION"]).startswith(meta["location"]["name"] + ", ")


def uids_by_file(site: BuildResult) -> dict[str, list[str]]:
    return {
        path.relative_to(site.site_dir).as_posix(): [
            str(e["UID"]) for e in parse_events(path.read_bytes())
        ]
        for path in ics_files(site)
    }


def test_uids_and_files_are_stable_across_builds(
    fixture_site: BuildResult, multiline_site: BuildResult
) -> None:
    first, second = uids_by_file(fixture_site), uids_by_file(multiline_site)
    for name, uids in first.items():
        if name.endswith("/calendar.ics"):  # the second build has one event more
            assert set(uids) <= set(second[name])
        else:
            assert second[name] == uids
            # Same event files, so the whole file is the same, byte for byte.
            assert (multiline_site.site_dir / name).read_bytes() == (
                fixture_site.site_dir / name
            ).read_bytes()


def test_event_pages_link_their_calendar_file(fixture_site: BuildResult) -> None:
    page = fixture_site.page("events/upcoming-hybrid/index.html")
    hrefs = re.findall(r'<a href="([^"]+\.ics)"[^>]*>([^<]+)</a>', page)
    assert hrefs == [("upcoming-hybrid.ics", "Zum Kalender hinzufügen")]
    target = urljoin("https://x/events/upcoming-hybrid/", hrefs[0][0])
    assert (fixture_site.site_dir / target.removeprefix("https://x/")).is_file()
    english = fixture_site.page("en/events/upcoming-hybrid/index.html")
    assert '<a href="upcoming-hybrid.ics" type="text/calendar">Add to calendar</a>' in english
    # Not offered for events that are over or cancelled (the files stay for old entries).
    assert ".ics" not in fixture_site.page("events/vergangen/index.html").split("<article")[1]
    assert ".ics" not in fixture_site.page("events/abgesagt/index.html").split("<article")[1]


def test_listing_links_download_and_webcal_subscription(fixture_site: BuildResult) -> None:
    for prefix in ("", "en/"):
        page = fixture_site.page(f"{prefix}events/index.html")
        webcal = f"webcal://www.civic-coding.de/{prefix}events/calendar.ics"
        assert f'href="{webcal}"' in page
        assert 'href="calendar.ics"' in page
        assert f"<code>{SITE_URL}{prefix}events/calendar.ics</code>" in page


def test_nothing_is_written_into_docs() -> None:
    assert not list((ROOT / "docs").rglob("*.ics"))
    assert not list((ROOT / "docs").rglob("feed.xml"))
