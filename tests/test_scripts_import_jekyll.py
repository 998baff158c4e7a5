"""`python -m scripts import-jekyll` on the fixture Jekyll site (tests/fixtures/jekyll/)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from civic_site.content_check import ERROR, check_content
from civic_site.frontmatter import parse_document, read_document
from civic_site.german_text import parse_duration, place_from_text, when_from_body, when_from_entry
from civic_site.jekyll_conversion import dump_front_matter
from civic_site.jekyll_import import convert_site
from scripts import import_jekyll_cmd
from tests.sitebuild import ROOT, BuildResult, make_fixture_project, run_mkdocs_build

JEKYLL_SITE = ROOT / "tests" / "fixtures" / "jekyll" / "civic-blog"


def import_jekyll(project: Path, site: Path = JEKYLL_SITE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "import-jekyll", str(site), "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def own_docs_project(target: Path) -> Path:
    """A fixture project (real config, theme, hooks) with its own copy of docs/ and no
    events, so the import can write into it. Returns the project directory."""
    events = target / "empty-events"
    events.mkdir(parents=True)
    shutil.copy(ROOT / "events" / "series.yml", events / "series.yml")
    project = make_fixture_project(target / "project", events).parent
    (project / "docs").unlink()  # a symlink to the real docs/: never write there
    shutil.copytree(ROOT / "docs", project / "docs")
    return project


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, BuildResult]:
    """The fixture site imported once, then built with --strict."""
    base = tmp_path_factory.mktemp("jekyll-import")
    project = own_docs_project(base)
    result = import_jekyll(project)
    assert result.returncode == 0, result.stdout + result.stderr
    build = run_mkdocs_build(project / "mkdocs.yml", base / "site")
    return project, result.stdout, build


def test_imported_site_builds_strict(imported) -> None:
    project, _, build = imported
    assert build.returncode == 0, build.output
    assert [str(f) for f in check_content(project) if f.severity == ERROR] == []
    for page in ("events/ki-und-soziale-innovationen", "events/ki-werkstatt-daten"):
        assert (build.site_dir / page / "index.html").is_file()
    for page in ("neues-aus-dem-netzwerk", "offene-sprechstunde"):
        assert (build.site_dir / "beitraege" / page / "index.html").is_file()


def test_no_liquid_is_left(imported) -> None:
    project, _, build = imported
    written = [*project.glob("events/de/*.md"), *project.glob("docs/de/beitraege/*.md")]
    assert len(written) == 5
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text, path
        tags = re.findall(r"\{%.*?%\}", text, re.DOTALL)
        assert all(t.startswith("{% include pretix-widget.html ") for t in tags), (path, tags)
    for html in build.site_dir.rglob("*.html"):
        assert "{%" not in html.read_text(encoding="utf-8"), html


def test_every_pretix_slug_is_kept(imported) -> None:
    project, _, build = imported
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*JEKYLL_SITE.rglob("*.md"), *JEKYLL_SITE.rglob("*.yml")]
    )
    slugs = set(re.findall(r'pretix-widget\.html event="([^"]+)"', sources))
    slugs |= set(re.findall(r"https://pretix\.eu/[^/]+/([^/]+)/", sources))
    assert slugs == {"ki-zivil-11", "sprechstunde-herbst", "ki-werkstatt-daten"}
    announcement = read_document(project / "events/de/ki-und-soziale-innovationen.md").meta
    assert announcement["pretix"] == "ki-zivil-11"
    workshop = read_document(project / "events/de/ki-werkstatt-daten.md").meta
    assert workshop["pretix"] == {"event": "ki-werkstatt-daten", "organizer": "civiccoding"}
    page = (project / "docs/de/beitraege/offene-sprechstunde.md").read_text(encoding="utf-8")
    assert '{% include pretix-widget.html event="sprechstunde-herbst" items="4,5" %}' in page
    built = build.page("beitraege/offene-sprechstunde/index.html")
    assert "sprechstunde-herbst" in built


def test_event_from_german_text_in_the_body(imported) -> None:
    project, _, _ = imported
    document = read_document(project / "events/de/ki-und-soziale-innovationen.md")
    meta = document.meta
    assert (meta["start"], meta["end"], meta["admission"]) == ("2025-11-18 16:30", "18:00", "16:00")
    assert meta["location"] == {
        "name": "Innovation Office",
        "address": "Alter Markt 13, 33602 Bielefeld",
    }
    assert meta["series"] == "ki-und-zivilgesellschaft"
    assert meta["authors"] == ["Maria Gonçalves"]
    assert meta["header_image"] == "assets/images/imported/ki-und-soziale-innovationen/ki.png"
    assert (project / "docs" / meta["header_image"]).read_bytes() == (
        JEKYLL_SITE / "assets/images/ki.png"
    ).read_bytes()
    # the quote include became a Markdown blockquote with attribution
    assert "> Soziale Innovationen entstehen dort" in document.body
    assert ">\n> — Tanja Kersting" in document.body
    # the widget and its heading are gone: the event page has its own registration box
    assert "Kostenlose Anmeldung" not in document.body


def test_event_from_events_yml(imported) -> None:
    project, _, _ = imported
    document = read_document(project / "events/de/ki-werkstatt-daten.md")
    meta = document.meta
    assert (meta["start"], meta["end"]) == ("2025-09-16 17:00", "19:00")
    assert meta["location"] == {
        "name": "Haus der Vereine",
        "address": "Marktplatz 1, 12345 Musterstadt",
    }
    assert meta["categories"] == ["Werkstatt", "Daten"]
    assert meta["authors"] == ["Jonas Beispiel", "Aylin Muster"]
    assert "[Zum Programm](https://example.org/programm){ .md-button }" in document.body
    assert (
        "[Video auf YouTube: Was sind gute Daten?](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"
        in document.body
    )
    assert "<iframe" not in document.body
    assert "[Neues aus dem Netzwerk](../beitraege/neues-aus-dem-netzwerk.md)" in document.body


def test_retrospective_becomes_the_recap(imported) -> None:
    project, _, build = imported
    meta = read_document(project / "events/de/ki-und-soziale-innovationen.md").meta
    assert meta["recap"] == "beitraege/rueckblick-ki-und-soziale-innovationen.md"
    event_page = build.page("events/ki-und-soziale-innovationen/index.html")
    assert 'href="../../beitraege/rueckblick-ki-und-soziale-innovationen/"' in event_page
    recap = read_document(project / "docs/de/beitraege/rueckblick-ki-und-soziale-innovationen.md")
    assert "[Ankündigung](../events/ki-und-soziale-innovationen.md)" in recap.body
    assert "header_image" not in recap.meta
    gallery = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", recap.body)
    assert [Path(src).name for _, src in gallery] == ["foto-1.png", "foto-2.png"]
    assert all(alt.strip() for alt, _ in gallery)
    for _, src in gallery:
        assert (project / "docs/de/beitraege" / src).resolve().is_file()


def test_progress_and_report(imported) -> None:
    _, output, _ = imported
    progress = [line for line in output.splitlines() if re.match(r"\[\d/5\] _posts/", line)]
    assert len(progress) == 5
    report = output.split("Bitte prüfen", 1)[1]
    expected = [
        "_posts/2025-06-10-neues-aus-dem-netzwerk.md:12: Warnung: „{% include newsletter-signup",
        "_posts/2025-10-01-offene-sprechstunde.md:1: Warnung: Termin oder Ort nicht eindeutig",
        "_posts/2025-10-01-offene-sprechstunde.md:8: Hinweis: header_image ist leer: weggelassen.",
        "_posts/2025-11-25-rueckblick-ki-und-soziale-innovationen.md:9: Hinweis: header_image ist",
        "_posts/2025-11-25-rueckblick-ki-und-soziale-innovationen.md:15: Warnung: Galerie:",
        "_data/events.yml:1: Warnung: Eintrag „Sommerfest der Community“ gehört zu keinem",
    ]
    for line in expected:
        assert line in report, line


def test_second_import_refuses_to_overwrite(imported) -> None:
    project, _, _ = imported
    before = {p: p.read_bytes() for p in project.glob("events/de/*.md")}
    before |= {p: p.read_bytes() for p in project.glob("docs/de/beitraege/*.md")}
    result = import_jekyll(project)
    assert result.returncode == 1
    assert result.stdout.count(": übersprungen") == 5
    assert (
        "  _posts/2025-08-20-ki-werkstatt-daten.md:1: nicht übernommen: "
        "events/de/ki-werkstatt-daten.md gibt es schon und wird nicht überschrieben.\n"
    ) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in before} == before


def project_copy(project: Path, events: bool = True) -> Path:
    """mkdocs.yml, schemas/ and docs/ of this repository; events/ too, or only series.yml."""
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if events:
        shutil.copytree(ROOT / "events", project / "events")
    else:
        (project / "events").mkdir()
        shutil.copy(ROOT / "events" / "series.yml", project / "events" / "series.yml")
    return project


def test_existing_event_in_the_real_project_is_not_overwritten(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    original = (project / "events/de/ki-und-soziale-innovationen.md").read_bytes()
    result = import_jekyll(project)
    assert result.returncode == 1
    assert "events/de/ki-und-soziale-innovationen.md: übersprungen" in result.stdout
    assert (project / "events/de/ki-und-soziale-innovationen.md").read_bytes() == original
    assert (project / "events/de/ki-werkstatt-daten.md").is_file()  # the others still come


def test_not_a_jekyll_site(tmp_path: Path) -> None:
    result = import_jekyll(tmp_path, site=tmp_path)
    assert result.returncode == 2
    assert "weder _config.yml noch _posts/" in result.stdout
    result = import_jekyll(tmp_path)  # a Jekyll site, but --root is no project
    assert result.returncode == 2
    assert "keine mkdocs.yml" in result.stdout


def test_written_files_are_world_readable_whatever_the_umask(tmp_path: Path, capsys) -> None:
    project = project_copy(tmp_path / "project", events=False)
    before = {p for p in project.rglob("*") if p.is_file()}
    previous = os.umask(0o077)
    try:
        code = import_jekyll_cmd.run(argparse.Namespace(site=JEKYLL_SITE, root=project))
    finally:
        os.umask(previous)
    assert code == 0, capsys.readouterr().out
    written = {p for p in project.rglob("*") if p.is_file()} - before
    assert len([p for p in written if p.suffix == ".md"]) == 5
    assert len([p for p in written if p.suffix == ".png"]) >= 3
    assert {p.relative_to(project).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in written} == {
        p.relative_to(project).as_posix(): 0o644 for p in written
    }


def test_a_different_image_is_reported_not_replaced(tmp_path: Path, capsys) -> None:
    project = project_copy(tmp_path / "project", events=False)
    image = project / "docs/assets/images/imported/ki-und-soziale-innovationen/ki.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"not the Jekyll image")
    import_jekyll_cmd.run(argparse.Namespace(site=JEKYLL_SITE, root=project))
    assert image.read_bytes() == b"not the Jekyll image"
    output = capsys.readouterr().out
    assert (
        "_posts/2025-11-04-ki-und-soziale-innovationen.md:1: Warnung: docs/assets/images/imported/"
        "ki-und-soziale-innovationen/ki.png gibt es schon mit anderem Inhalt" in output
    )


def test_recap_found_by_an_old_permalink(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2025-05-02-treffen.md").write_text(
        "---\ntitle: Treffen\n---\n\n**Freitag, 9. Mai 2025**<br>\n**Beginn:** 18:00 Uhr\n\n"
        "**Rathaus, Markt 1, 12345 Musterstadt**\n",
        encoding="utf-8",
    )
    (site / "_posts" / "2025-05-12-rueckblick.md").write_text(
        "---\ntitle: Rückblick aufs Treffen\n---\n\n"
        "Siehe die [Ankündigung]({{ site.baseurl }}/2025/05/02/treffen.html). Danke!\n",
        encoding="utf-8",
    )
    result = convert_site(site, {})
    event = next(c for c in result.conversions if c.kind == "event")
    assert event.front["recap"] == "beitraege/rueckblick.md"
    recap = next(c for c in result.conversions if c.kind == "page")
    assert "[Ankündigung](../events/treffen.md)" in recap.body


# --------------------------------------------------------------------------- units


def test_when_from_body_reads_german_dates() -> None:
    body = (
        "**Dienstag, 18. November 2025**<br>\n**Beginn:** 16:30 Uhr<br>\n"
        "**Ende:** 18:00 Uhr<br>\n**Einlass:** 16:00 Uhr\nAnmeldung bis 10. November 2025."
    )
    when, problem = when_from_body(body)
    assert problem is None
    assert (when.start, when.end, when.admission) == ("2025-11-18 16:30", "18:00", "16:00")


def test_when_from_body_with_a_time_range() -> None:
    when, _ = when_from_body("Am Mittwoch, 3. Dezember 2025 von 9:00 bis 12:30 Uhr.")
    assert (when.start, when.end) == ("2025-12-03 09:00", "12:30")


@pytest.mark.parametrize(
    "body",
    [
        "Montag, 1. Dezember 2025, 10:00 Uhr und Dienstag, 2. Dezember 2025, Beginn 10:00 Uhr",
        "Am 5. Mai 2026 geht es los.",  # a date but no start time
        "Beginn: 10:00 Uhr, Beginn: 11:00 Uhr, Freitag, 8. Mai 2026",
    ],
)
def test_ambiguous_or_incomplete_dates_are_not_guessed(body: str) -> None:
    when, problem = when_from_body(body)
    assert when is None
    assert problem


def test_when_from_entry_with_duration() -> None:
    entry = {"date": "2025-09-16", "time": "17:00", "duration": "1,5 h"}
    assert when_from_entry(entry)[0].end == "18:30"
    overnight = {"date": "2025-09-16", "time": "22:00", "duration": 180}
    assert when_from_entry(overnight)[0].end == "2025-09-17 01:00"
    assert when_from_entry({"date": "16.9.2025", "time": "17:00 - 19:00"})[0].end == "19:00"
    assert when_from_entry({"date": "demnächst"})[0] is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [(90, 90), ("90 min", 90), ("2 h", 120), ("1,5 Stunden", 90), ("1:15", 75), ("bald", None)],
)
def test_parse_duration(text, minutes) -> None:
    expected = timedelta(minutes=minutes) if minutes is not None else None
    assert parse_duration(text) == expected


def test_place_from_text() -> None:
    place = place_from_text("Innovation Office, Alter Markt 13, 33602 Bielefeld")
    assert (place.name, place.address) == ("Innovation Office", "Alter Markt 13, 33602 Bielefeld")
    assert place_from_text("Alter Markt 13, 33602 Bielefeld").name is None
    assert place_from_text("Rathaus").name == "Rathaus"


def test_front_matter_round_trips_with_hostile_text() -> None:
    front = {
        "title": 'Quote " and: colon # hash \\ backslash „deutsch“ 🎉',
        "start": "2025-11-18 16:30",
        "end": "18:00",
        "location": {"name": "Ort: mit Doppelpunkt", "address": None},
        "categories": ["- Strich", "yes"],
        "cancelled": True,
    }
    meta = parse_document(f"---\n{dump_front_matter(front)}---\n").meta
    assert meta["title"] == front["title"]
    assert meta["end"] == "18:00"  # text, not 1080 minutes
    assert meta["location"] == {"name": "Ort: mit Doppelpunkt"}
    assert meta["categories"] == ["- Strich", "yes"]
    assert meta["cancelled"] is True
