"""`organizer:`: who runs an event, from the event or its series, into JSON-LD and .ics."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import icalendar

from civic_site.calendar import build_event_calendar
from civic_site.event_check import CheckContext, check_event_text
from civic_site.event_folder import load_series
from civic_site.event_model import Organizer, Series
from civic_site.structured_data import event_json_ld
from tests.projects import tmp_project
from tests.test_calendar import SITE_DE, make_event

EVENT = """---
title: Treffen
teaser: Ein Treffen.
start: 2026-05-12 18:00
location:
  name: Ort
{extra}---

Text.
"""
BIELEFELD = Organizer("Open Innovation City Bielefeld", "https://oic-bielefeld.de/ki/")
SERIES = {"reihe": Series("reihe", {"de": "Reihe"}, {}, organizer=BIELEFELD)}


def check(tmp_path: Path, extra: str):
    context = CheckContext(tmp_project(tmp_path), SERIES, frozenset())
    return check_event_text("events/de/treffen.md", EVENT.format(extra=extra), context)


def test_without_organizer_it_is_the_initiatives_own_event(tmp_path: Path) -> None:
    event, problems = check(tmp_path, "")
    assert problems == [] and event.organizer is None


def test_organizer_as_name_or_mapping(tmp_path: Path) -> None:
    assert check(tmp_path, "organizer: Verein X\n")[0].organizer == Organizer("Verein X")
    text = "organizer:\n  name: Verein X\n  url: https://x.example/\n  email: info@x.example\n"
    organizer = check(tmp_path, text)[0].organizer
    assert organizer == Organizer("Verein X", "https://x.example/", "info@x.example")


def test_series_sets_the_organizer_and_the_event_may_override_it(tmp_path: Path) -> None:
    assert check(tmp_path, "series: reihe\n")[0].organizer == BIELEFELD
    own = check(tmp_path, "series: reihe\norganizer: Verein X\n")[0]
    assert own.organizer == Organizer("Verein X")


def test_bad_organizer_values_name_file_line_and_key(tmp_path: Path) -> None:
    for extra in (
        "organizer:\n  url: https://x.example/\n",  # no name
        "organizer:\n  name: X\n  email: keine-adresse\n",
        "organizer:\n  name: X\n  url: http://unsicher.example/\n",
        "organizer:\n  name: X\n  telefon: 123\n",
        "organizer: [a, b]\n",
        'organizer: ""\n',
    ):
        event, problems = check(tmp_path, extra)
        assert event is None, extra
        assert [(p.path, p.line, p.key.split(".")[0]) for p in problems] == [
            ("events/de/treffen.md", 7, "organizer")
        ], extra


def test_series_organizer_is_validated(tmp_path: Path) -> None:
    project = tmp_project(tmp_path)
    project.series_file.write_text(
        "reihe:\n  name: {de: Reihe}\n  organizer: {email: x}\n", encoding="utf-8"
    )
    try:
        load_series(project)
    except ValueError as exc:
        assert "events/series.yml:3: reihe.organizer:" in str(exc)
    else:
        raise AssertionError("a bad organizer in series.yml must be an error")


def test_real_bielefeld_meetup_is_organised_by_oic_bielefeld() -> None:
    from civic_site.event_folder import check_project_events
    from civic_site.project import load_project
    from tests.sitebuild import ROOT

    events, _, problems = check_project_events(load_project(ROOT / "mkdocs.yml"))
    assert problems == []
    meetups = [e for e in events if e.series == "ki-und-zivilgesellschaft"]
    assert meetups and all(e.organizer.name == "Open Innovation City Bielefeld" for e in meetups)


def test_json_ld_names_the_events_organizer_else_the_initiative() -> None:
    initiative = Organizer("Civic Coding", "https://www.civic-coding.de/")
    own = event_json_ld(
        make_event(), page_url="u", image_url="i", organizer=initiative, offer_url=None
    )
    assert own["organizer"] == {
        "@type": "Organization",
        "name": "Civic Coding",
        "url": "https://www.civic-coding.de/",
    }
    other = make_event(organizer=BIELEFELD)
    data = event_json_ld(other, page_url="u", image_url="i", organizer=initiative, offer_url=None)
    assert data["organizer"]["name"] == "Open Innovation City Bielefeld"
    assert data["organizer"]["url"] == "https://oic-bielefeld.de/ki/"


def test_ics_organizer_only_with_an_email_address() -> None:
    without = build_event_calendar(make_event(organizer=BIELEFELD), SITE_DE)
    assert b"ORGANIZER" not in without
    with_mail = replace(BIELEFELD, email="ki@oic.example")
    data = build_event_calendar(make_event(organizer=with_mail), SITE_DE)
    vevent = next(c for c in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert str(vevent["ORGANIZER"]) == "mailto:ki@oic.example"
    assert vevent["ORGANIZER"].params["CN"] == "Open Innovation City Bielefeld"
    assert b'ORGANIZER;CN="Open Innovation City Bielefeld":mailto:ki@oic.example' in data.replace(
        b"\r\n ", b""
    ) or b"ORGANIZER;CN=Open Innovation City Bielefeld:mailto:ki@oic.example" in data.replace(
        b"\r\n ", b""
    )
