"""Work done once per build (issue 12), and that none of it hides an edit.

- event files are validated once per process and content (civic_site/event_folder.py):
  an edited file, series.yml or a removed header image is seen on the next check;
- compiled templates are shared between Jinja environments (civic_site/template_cache.py),
  recompiled when the source changes and never shared between different settings;
- calendar files are assembled from components serialized once (civic_site/calendar.py):
  byte for byte what serializing each whole calendar with icalendar gives.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import icalendar
import jinja2
import pytest

from civic_site import calendar as calendar_module
from civic_site import event_check, event_folder
from civic_site.calendar import CalendarSite, build_calendars, build_vevent
from civic_site.event_folder import check_project_events
from civic_site.event_model import BERLIN, Event, Location
from civic_site.ical_lines import FOLD_LIMIT, line_bytes
from civic_site.project import Project
from civic_site.site_paths import SitePaths
from civic_site.template_cache import SharedTemplateCode
from tests.projects import tmp_project
from tests.sitebuild import FIXTURE_EVENTS, ROOT

EVENT = """---
title: {title}
teaser: Ein Abend über KI.
start: 2026-05-12 18:00
end: "20:00"
location:
  name: Innovation Office
{extra}---
Text.
"""


def write_event(project: Project, slug: str, title: str = "Treffen", extra: str = "") -> Path:
    path = project.events_dir / "de" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EVENT.format(title=title, extra=extra), encoding="utf-8")
    return path


@pytest.fixture
def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths `check_event_text` really validates (not answered from the memo)."""
    checked: list[str] = []
    real = event_check.check_event_text

    def counting(path: str, text: str, context: event_check.CheckContext):
        checked.append(path)
        return real(path, text, context)

    monkeypatch.setattr(event_folder, "check_event_text", counting)
    monkeypatch.setattr(event_folder, "_VALID_EVENTS", type(event_folder._VALID_EVENTS)())
    return checked


# ------------------------------------------------------------------------- event files


def test_an_unchanged_event_file_is_validated_once(tmp_path: Path, count_checks) -> None:
    project = tmp_project(tmp_path)
    write_event(project, "treffen")
    first = check_project_events(project)
    second = check_project_events(project)  # the second language build
    assert count_checks == ["events/de/treffen.md"]
    assert first[0] == second[0] and not second[2]


def test_an_edited_event_file_is_read_again(tmp_path: Path, count_checks) -> None:
    project = tmp_project(tmp_path)
    path = write_event(project, "treffen", title="Alter Titel")
    assert check_project_events(project)[0][0].title == "Alter Titel"
    stat = path.stat()
    write_event(project, "treffen", title="Neuer Titel")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: content counts
    assert check_project_events(project)[0][0].title == "Neuer Titel"
    write_event(project, "treffen", title="Alter Titel")
    assert check_project_events(project)[0][0].title == "Alter Titel"


def test_a_broken_edit_is_reported_and_its_fix_accepted(tmp_path: Path, count_checks) -> None:
    project = tmp_project(tmp_path)
    write_event(project, "treffen", extra="series: gibt-es-nicht\n")
    _, _, problems = check_project_events(project)
    assert [p.key for p in problems] == ["series"]
    _, _, problems = check_project_events(project)  # never answered from the memo
    assert [p.key for p in problems] == ["series"]
    assert count_checks == ["events/de/treffen.md"] * 2
    (project.events_dir / "series.yml").write_text(
        "gibt-es-nicht:\n  name:\n    de: Reihe\n    en: Series\n", encoding="utf-8"
    )
    events, _, problems = check_project_events(project)  # series.yml is part of the key
    assert not problems and events[0].series == "gibt-es-nicht"


def test_a_removed_header_image_is_noticed_without_an_edit(tmp_path: Path, count_checks) -> None:
    project = tmp_project(tmp_path)
    image = project.docs_dir / "assets" / "bild.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"png")
    write_event(project, "treffen", extra="header_image: assets/bild.png\n")
    assert not check_project_events(project)[2]
    image.unlink()
    _, _, problems = check_project_events(project)
    assert [p.key for p in problems] == ["header_image"]


def test_a_new_event_slug_reaches_the_recap_check(tmp_path: Path, count_checks) -> None:
    project = tmp_project(tmp_path)
    write_event(project, "rueckblick-auf", extra="recap: spaeter\n")
    assert [p.key for p in check_project_events(project)[2]] == ["recap"]
    write_event(project, "spaeter")
    assert not check_project_events(project)[2]


# ---------------------------------------------------------------------------- templates


def test_templates_compile_once_for_all_environments(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{{ greeting }} {% include 'part.html' %}\n")
    (tmp_path / "part.html").write_text("Welt")
    cache = SharedTemplateCode()

    def render() -> str:  # a new environment, as MkDocs makes one per language build
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("page.html").render(greeting="Hallo")

    assert render() == "Hallo Welt"
    assert render() == "Hallo Welt"
    assert cache.compiled == 2  # page.html and part.html, once each
    (tmp_path / "part.html").write_text("Erde")  # an edit in `make serve`
    assert render() == "Hallo Erde"
    assert cache.compiled == 3


def test_compiled_templates_are_not_shared_across_settings(tmp_path: Path) -> None:
    (tmp_path / "line.html").write_text("{{ text }}\n")
    cache = SharedTemplateCode()
    loader = jinja2.FileSystemLoader(tmp_path)
    plain = jinja2.Environment(loader=loader, bytecode_cache=cache)
    keeping = plain.overlay(keep_trailing_newline=True)
    escaping = jinja2.Environment(loader=loader, bytecode_cache=cache, autoescape=True)
    assert plain.get_template("line.html").render(text="<b>") == "<b>"
    assert keeping.get_template("line.html").render(text="<b>") == "<b>\n"
    assert escaping.get_template("line.html").render(text="<b>") == "&lt;b&gt;"
    assert cache.compiled == 3


# ---------------------------------------------------------------------------- calendars

SITES = [
    CalendarSite(
        "https://www.civic-coding.de/",
        SitePaths("de", "de"),
        "Civic Coding – Termine",
        "Termine, Treffen; und mehr: ein langer Text, der gefaltet werden muss, weil er lang ist.",
        "Abgesagt",
    ),
    CalendarSite(
        "https://www.civic-coding.de/",
        SitePaths("en", "de"),
        "Civic Coding – Events",
        "Dates",
        "Cancelled",
    ),
]


def whole_calendar(events: list[Event], site: CalendarSite, source_path: str) -> bytes:
    """The reference: one icalendar Calendar with every component, serialized at once."""
    calendar = calendar_module._properties(site, source_path)
    ordered = sorted(events, key=lambda e: (e.start, e.slug))
    for event in ordered:
        calendar.add_component(build_vevent(event, site))
    if any(not e.all_day for e in ordered):
        first, last = calendar_module._timezone_years(ordered)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def unit_events() -> list[Event]:
    base = Event(
        slug="treffen",
        lang="de",
        source_path="events/de/treffen.md",
        title="Treffen; mit, Sonderzeichen \\ und einem sehr langen Titel, der gefaltet wird",
        teaser="Zeile eins\nZeile zwei </script> äöü 😀",
        start=datetime(2025, 3, 30, 1, 30, tzinfo=BERLIN),
        end=datetime(2025, 3, 30, 4, 0, tzinfo=BERLIN),
        all_day=False,
        location=Location(name="Ort", address="Straße 1, 12345 Stadt"),
        body="",
        held_in="de",
    )
    return [
        base,
        replace(
            base, slug="ganztag", all_day=True, end=None, start=datetime(2026, 1, 2, tzinfo=BERLIN)
        ),
        replace(base, slug="abgesagt", cancelled=True, date=date(2024, 12, 1)),
        replace(base, slug="online", location=Location(online="https://example.org/raum")),
        replace(base, slug="lang", end=datetime(2027, 2, 1, 10, 0, tzinfo=BERLIN)),
    ]


def fixture_events(tmp_path: Path) -> dict[str, list[Event]]:
    """The fixture events by language as a build's catalog has them (German as fallback)."""
    project = replace(tmp_project(tmp_path), docs_dir=ROOT / "docs")  # for header_image
    shutil.copytree(FIXTURE_EVENTS, project.events_dir, dirs_exist_ok=True)
    events, _, problems = check_project_events(project)
    assert not problems
    by_lang = {lang: [e for e in events if e.lang == lang] for lang in ("de", "en")}
    translated = {e.slug for e in by_lang["en"]}
    by_lang["en"] += [e for e in by_lang["de"] if e.slug not in translated]
    return by_lang


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.lang)
def test_calendar_files_equal_whole_calendars(site: CalendarSite, tmp_path: Path) -> None:
    for events in (unit_events(), unit_events()[1:2], fixture_events(tmp_path)[site.lang]):
        files = build_calendars(events, site)
        expected = {
            site.paths.event_calendar(e.slug): whole_calendar(
                [e], site, site.paths.event_calendar(e.slug)
            )
            for e in events
        }
        expected[site.paths.calendar()] = whole_calendar(events, site, site.paths.calendar())
        assert files == expected


@pytest.mark.parametrize("filler", ["a", "ä", "€", "\\", "^", ",;", "\n"])
def test_a_content_line_is_folded_as_icalendar_folds_it(filler: str) -> None:
    """Lines around the fold limit, with multi-byte characters and escapes near the fold."""
    folded = set()
    for length in range(20, 100):
        for parameters in (None, {"LANGUAGE": "de"}):
            event = icalendar.Event()
            event.add("summary", "x" * (length - 20) + filler * 5, parameters=parameters)
            line = event.content_line("SUMMARY", event["SUMMARY"])
            assert line_bytes(line) == line.to_ical(), (length, parameters)
            folded.add(b"\r\n " in line.to_ical())
            assert (b"\r\n " in line.to_ical()) == (len(str(line).encode()) >= FOLD_LIMIT)
    assert folded == {True, False}
