"""Pure-function tests: parsing, validation, state and ordering of events."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest

from civic_site.event_check import CheckContext, check_event_file
from civic_site.event_dates import parse_datetime_text
from civic_site.event_folder import check_project_events
from civic_site.event_format import DateFormats, format_event_when
from civic_site.event_model import BERLIN, Event, Location, Series
from civic_site.event_schedule import (
    event_state,
    events_for_language,
    group_by_year,
    select_next,
    select_past,
    select_upcoming,
    site_now,
)
from civic_site.site_paths import SitePaths, category_key
from civic_site.ui_strings import load_ui_strings
from tests.projects import tmp_project
from tests.sitebuild import STRINGS_DIR

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=BERLIN)
SERIES = {"reihe": Series("reihe", {"de": "Reihe", "en": "Series"}, {})}


def make_event(slug: str, start: str, end: str | None = None, **changes) -> Event:
    start_dt, all_day = parse_datetime_text(start)
    end_dt = parse_datetime_text(end)[0] if end else None
    event = Event(
        slug=slug,
        lang="de",
        source_path=f"events/de/{slug}.md",
        title=slug,
        teaser="t",
        start=start_dt,
        end=end_dt,
        all_day=all_day,
        location=Location(name="Ort"),
        body="",
        held_in="de",
    )
    return replace(event, **changes)


def write_event(tmp_path: Path, text: str, name: str = "beispiel.md", lang: str = "de") -> Path:
    path = tmp_path / "events" / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def context(tmp_path: Path, slugs: frozenset[str] = frozenset()) -> CheckContext:
    return CheckContext(tmp_project(tmp_path), SERIES, slugs)


VALID = """---
title: Treffen
teaser: Ein Treffen.
start: 2025-11-18 16:30
end: "18:00"
admission: "16:00"
location:
  name: Innovation Office
  address: Alter Markt 13, 33602 Bielefeld
series: reihe
pretix: ki-zivil-11
---
Text.
"""


# ----------------------------------------------------------------------- parsing


def test_parse_local_time_is_berlin() -> None:
    value, all_day = parse_datetime_text("2025-11-18 16:30")
    assert value == datetime(2025, 11, 18, 16, 30, tzinfo=BERLIN)
    assert value.utcoffset().total_seconds() == 3600
    assert not all_day


def test_parse_summer_time_and_explicit_offset() -> None:
    assert parse_datetime_text("2026-07-01 18:00")[0].utcoffset().total_seconds() == 7200
    value, _ = parse_datetime_text("2026-07-01 18:00+00:00")
    assert value.astimezone(BERLIN).hour == 20


def test_bare_date_is_all_day() -> None:
    value, all_day = parse_datetime_text("2026-05-01")
    assert all_day and value == datetime(2026, 5, 1, tzinfo=BERLIN)


def test_valid_file_parses_all_fields(tmp_path: Path) -> None:
    event, problems = check_event_file(write_event(tmp_path, VALID), context(tmp_path))
    assert problems == []
    assert event.start == datetime(2025, 11, 18, 16, 30, tzinfo=BERLIN)
    assert event.end == datetime(2025, 11, 18, 18, 0, tzinfo=BERLIN)
    assert event.admission == time(16, 0)
    assert event.location.address == "Alter Markt 13, 33602 Bielefeld"
    assert event.pretix.event == "ki-zivil-11"
    assert event.held_in == "de" and event.slug == "beispiel"
    assert event.body.strip() == "Text."


def test_admission_without_quotes_is_not_a_base60_number(tmp_path: Path) -> None:
    text = VALID.replace('admission: "16:00"', "admission: 16:00").replace(
        'end: "18:00"', "end: 18:00"
    )
    event, problems = check_event_file(write_event(tmp_path, text), context(tmp_path))
    assert problems == [] and event.admission == time(16, 0)


# -------------------------------------------------------------------- validation


def problems_for(tmp_path: Path, text: str, **kwargs) -> list[str]:
    _, problems = check_event_file(write_event(tmp_path, text, **kwargs), context(tmp_path))
    return [f"{p.line}|{p.key}|{p.message}" for p in problems]


def test_missing_required_key(tmp_path: Path) -> None:
    found = problems_for(tmp_path, VALID.replace("teaser: Ein Treffen.\n", ""))
    assert any("|teaser|Pflichtangabe fehlt" in p for p in found)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    found = problems_for(tmp_path, VALID.replace("series: reihe", "serie: reihe"))
    assert found == ["10|serie|unbekannter Schlüssel. Meinten Sie „series“?"]


def test_bad_start_names_line(tmp_path: Path) -> None:
    found = problems_for(tmp_path, VALID.replace("2025-11-18 16:30", "18.11.2025"))
    assert found and found[0].startswith("4|start|")


def test_end_before_start(tmp_path: Path) -> None:
    found = problems_for(tmp_path, VALID.replace('end: "18:00"', 'end: "15:00"'))
    assert found == ["5|end|liegt nicht nach dem Beginn (start)."]


def test_location_required(tmp_path: Path) -> None:
    text = VALID.replace(
        "location:\n  name: Innovation Office\n  address: Alter Markt 13, 33602 Bielefeld\n", ""
    )
    found = problems_for(tmp_path, text)
    assert any("|location|" in p for p in found)


def test_online_only_is_enough_and_must_be_https(tmp_path: Path) -> None:
    text = VALID.replace(
        "location:\n  name: Innovation Office\n  address: Alter Markt 13, 33602 Bielefeld\n",
        "online: http://example.org\n",
    )
    found = problems_for(tmp_path, text)
    assert len(found) == 1 and "|online|" in found[0]
    assert problems_for(tmp_path, text.replace("http://", "https://")) == []


def test_unknown_series_and_missing_image_and_recap(tmp_path: Path) -> None:
    text = VALID.replace("series: reihe", "series: rehe\nheader_image: bild.png\nrecap: gibtsnicht")
    found = problems_for(tmp_path, text)
    assert any("|series|" in p and "Meinten Sie „reihe“" in p for p in found)
    assert any("|header_image|" in p and "docs/bild.png" in p for p in found)
    assert any("|recap|" in p for p in found)


def test_recap_may_name_an_event_or_a_page(tmp_path: Path) -> None:
    text = VALID.replace("series: reihe", "series: reihe\nrecap: anderes-event")
    path = write_event(tmp_path, text)
    assert check_event_file(path, context(tmp_path, frozenset({"anderes-event"})))[1] == []
    (tmp_path / "docs" / "de" / "rueckblick.md").write_text("# R\n")
    path = write_event(tmp_path, VALID.replace("series: reihe", "series: reihe\nrecap: rueckblick"))
    assert check_event_file(path, context(tmp_path))[1] == []


def test_invalid_pretix_values(tmp_path: Path) -> None:
    bad_slug = problems_for(tmp_path, VALID.replace("pretix: ki-zivil-11", 'pretix: "a b"'))
    assert bad_slug and "|pretix|" in bad_slug[0]
    bad_items = VALID.replace("pretix: ki-zivil-11", "pretix:\n  event: x\n  items: 'a,b'")
    assert any("pretix.items" in p for p in problems_for(tmp_path, bad_items))


def test_bad_yaml_and_missing_front_matter(tmp_path: Path) -> None:
    assert problems_for(tmp_path, "Kein Front Matter\n")[0].startswith("1||")
    broken = problems_for(tmp_path, VALID.replace("title: Treffen", "title: [Treffen"))
    assert broken and "kein gültiges YAML" in broken[0]


def test_bad_and_reserved_file_names(tmp_path: Path) -> None:
    assert problems_for(tmp_path, VALID, name="Mein Event.md")
    assert any("reserviert" in p for p in problems_for(tmp_path, VALID, name="archive.md"))


def test_translations_must_agree(tmp_path: Path) -> None:
    write_event(tmp_path, VALID)
    write_event(tmp_path, VALID.replace("16:30", "17:30"), lang="en")
    (tmp_path / "events" / "series.yml").write_text("reihe:\n  name: {de: R, en: S}\n")
    _, _, problems = check_project_events(tmp_project(tmp_path))
    assert [(Path(p.path).parent.name, p.key) for p in problems] == [("en", "start")]


# ------------------------------------------------------------------ state, order


def test_states_around_now() -> None:
    assert event_state(make_event("a", "2026-03-11 10:00"), NOW) == "upcoming"
    assert event_state(make_event("b", "2026-03-10 18:00", "2026-03-10 19:00"), NOW) == "today"
    assert event_state(make_event("c", "2026-03-10 10:00", "2026-03-10 14:00"), NOW) == "running"
    assert event_state(make_event("d", "2026-03-09 10:00", "2026-03-09 14:00"), NOW) == "past"
    assert event_state(make_event("e", "2026-04-01", cancelled=True), NOW) == "cancelled"


def test_event_without_end_lasts_until_end_of_day() -> None:
    assert event_state(make_event("a", "2026-03-10 09:00"), NOW) == "running"
    assert event_state(make_event("b", "2026-03-10"), NOW) == "running"
    assert event_state(make_event("c", "2026-03-09"), NOW) == "past"


def test_ordering_upcoming_soonest_first_past_newest_first() -> None:
    events = [
        make_event("late", "2026-05-01 10:00"),
        make_event("soon", "2026-03-12 10:00"),
        make_event("old", "2024-01-01 10:00"),
        make_event("recent", "2026-02-01 10:00"),
        make_event("off", "2026-03-11 10:00", cancelled=True),
    ]
    assert [e.slug for e in select_upcoming(events, NOW)] == ["off", "soon", "late"]
    assert [e.slug for e in select_next(events, NOW, 2)] == ["soon", "late"]
    assert [e.slug for e in select_past(events, NOW)] == ["recent", "old"]
    groups = group_by_year(select_past(events, NOW))
    assert [(year, [e.slug for e in group]) for year, group in groups] == [
        (2026, ["recent"]),
        (2024, ["old"]),
    ]


def test_events_for_language_falls_back_to_german() -> None:
    de = make_event("x", "2026-04-01 10:00")
    en = replace(de, lang="en", title="X en")
    only_de = make_event("y", "2026-04-02 10:00")
    chosen = {e.slug: e for e in events_for_language([de, en, only_de], "en", "de")}
    assert chosen["x"].lang == "en" and chosen["x"].translations == ("de", "en")
    assert chosen["y"].lang == "de" and chosen["y"].translations == ("de",)


def test_site_now_from_environment() -> None:
    assert site_now({"SITE_NOW": "2026-03-10T12:00:00"}) == NOW
    assert site_now({}).tzinfo is not None


# ------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (
            "2025-11-18 16:30",
            "2025-11-18 18:00",
            "de",
            "Dienstag, 18. November 2025, 16:30–18:00 Uhr",
        ),
        ("2025-11-18 16:30", "2025-11-18 18:00", "en", "Tuesday, 18 November 2025, 4:30–6:00 pm"),
        (
            "2025-11-18 11:30",
            "2025-11-18 13:00",
            "en",
            "Tuesday, 18 November 2025, 11:30 am–1:00 pm",
        ),
        ("2026-05-01", None, "de", "Freitag, 1. Mai 2026"),
        (
            "2026-09-01 09:00",
            "2026-09-02 17:00",
            "de",
            "Dienstag, 1. September 2026, 09:00 Uhr – Mittwoch, 2. September 2026, 17:00 Uhr",
        ),
    ],
)
def test_format_event_when(start: str, end: str | None, lang: str, expected: str) -> None:
    formats = DateFormats.from_strings(load_ui_strings(lang, STRINGS_DIR))
    assert format_event_when(make_event("x", start, end), formats) == expected


def test_category_key_and_recap_path() -> None:
    assert category_key("KI und Zivilgesellschaft") == "ki-und-zivilgesellschaft"
    assert category_key("Öffentlichkeit & Bürger") == "oeffentlichkeit-buerger"
    english, german = SitePaths("en", "de"), SitePaths("de", "de")
    assert english.recap("rueckblick", {"rueckblick"}) == "en/events/rueckblick/"
    assert german.recap("berichte/treffen.md", set()) == "berichte/treffen/"


def test_files_in_the_wrong_place_and_duplicate_slugs(tmp_path: Path) -> None:
    write_event(tmp_path, VALID, name="treffen.md")
    write_event(tmp_path, VALID, name="2025/treffen.md")
    write_event(tmp_path, VALID, name="unterordner/anderes.md")
    write_event(tmp_path, VALID, name="treffen.md", lang="fr")
    (tmp_path / "events" / "lose.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / "series.yml").write_text("reihe:\n  name: {de: R, en: S}\n")
    events, _, problems = check_project_events(tmp_project(tmp_path))
    found = {p.path: p.message for p in problems}
    assert [e.slug for e in events] == ["treffen"]
    assert "gibt es schon: events/de/treffen.md" in found["events/de/2025/treffen.md"]
    assert "ohne Unterordner" in found["events/de/unterordner/anderes.md"]
    assert "gehören nach events/de/ oder events/en/" in found["events/fr/treffen.md"]
    assert "gehören nach" in found["events/lose.md"]
