"""`python -m scripts new-event`: a valid file from the template, never an overwrite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from civic_site.content_check import ERROR, check_content
from civic_site.event_check import event_schema
from civic_site.frontmatter import read_document
from civic_site.project import load_project
from civic_site.slugs import slugify
from scripts.new_event_cmd import (
    EventInput,
    UsageError,
    ask_missing,
    normalize_when,
    render_event,
)
from tests.projects import tmp_project
from tests.sitebuild import ROOT, make_fixture_project, run_mkdocs_build

HOSTILE_TITLE = 'KI & „Zivil“: "Quotes" <script>alert(1)</script> # kein Kommentar 🎉'
FLAGS = [
    "--title", HOSTILE_TITLE,
    "--teaser", "Ein Abend: mit Doppelpunkt und 'Apostroph'.",
    "--start", "12.05.2026 18:00 Uhr",
    "--end", "20:00",
    "--location-name", "Innovation Office",
    "--address", "Alter Markt 13, 33602 Bielefeld",
    "--series", "ki-und-zivilgesellschaft",
    "--pretix", "ki-zivil-12",
    "--slug", "ki-im-verein",
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Real docs and series, no events yet."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    tmp_project(tmp_path)
    shutil.copy(ROOT / "events" / "series.yml", tmp_path / "events" / "series.yml")
    return tmp_path


def new_event(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "new-event", "--root", str(root), *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,  # not a terminal: no questions, clear errors instead
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_new_event_passes_check_and_builds(project: Path, tmp_path_factory) -> None:
    result = new_event(project, *FLAGS, "--en")
    assert result.returncode == 0, result.stderr
    assert "Angelegt: events/de/ki-im-verein.md" in result.stdout
    assert "Angelegt: events/en/ki-im-verein.md" in result.stdout
    document = read_document(project / "events/de/ki-im-verein.md")
    assert document.meta["title"] == HOSTILE_TITLE
    assert document.meta["start"] == "2026-05-12 18:00"
    assert document.meta["end"] == "20:00"
    assert document.meta["location"] == {
        "name": "Innovation Office",
        "address": "Alter Markt 13, 33602 Bielefeld",
    }
    assert document.meta["pretix"] == "ki-zivil-12"
    english = read_document(project / "events/en/ki-im-verein.md")
    assert english.meta["start"] == document.meta["start"]
    assert [str(f) for f in check_content(project) if f.severity == ERROR] == []

    build_root = tmp_path_factory.mktemp("new-event-build")
    config = make_fixture_project(build_root / "project", project / "events")
    build = run_mkdocs_build(config, build_root / "site")
    assert build.returncode == 0, build.output
    page = build.page("events/ki-im-verein/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert (build_root / "site/en/events/ki-im-verein/index.html").is_file()


def test_every_schema_key_is_in_the_template() -> None:
    text = render_event(
        EventInput(title="T", teaser="x", online="https://example.org"),
        slug="t",
        lang="de",
        start="2026-01-01",
        end=None,
        admission=None,
    )
    front = text.split("---")[1]
    schema = event_schema(load_project(ROOT / "mkdocs.yml"))
    for key in schema["properties"]:
        assert re.search(rf"^(# )?{key}:", front, re.MULTILINE), f"{key} missing in template"
    for nested in ("name", "address"):
        assert re.search(rf"^#? +{nested}:", front, re.MULTILINE)
    for nested in ("event", "items", "voucher", "disable_vouchers"):
        assert re.search(rf"^# +{nested}:", front, re.MULTILINE)
    # Optional keys that were not given are comments, with an explanation above them.
    assert re.search(r"^# [A-ZÄÖÜ].*\n# series: ", front, re.MULTILINE)
    assert "\nonline: " in front


def test_existing_file_is_never_overwritten(project: Path) -> None:
    target = project / "events/de/ki-im-verein.md"
    target.parent.mkdir(parents=True)
    target.write_text("von Hand geschrieben\n", encoding="utf-8")
    result = new_event(project, *FLAGS)
    assert result.returncode == 1
    assert "events/de/ki-im-verein.md gibt es schon und wird nicht überschrieben" in result.stderr
    assert target.read_text(encoding="utf-8") == "von Hand geschrieben\n"
    assert "Traceback" not in result.stderr


def test_english_exists_means_nothing_is_written(project: Path) -> None:
    english = project / "events/en/ki-im-verein.md"
    english.parent.mkdir(parents=True)
    english.write_text("x\n", encoding="utf-8")
    result = new_event(project, *FLAGS, "--en")
    assert result.returncode == 1
    assert not (project / "events/de/ki-im-verein.md").exists()


def test_missing_required_values_without_terminal(project: Path) -> None:
    result = new_event(project, "--title", "Nur ein Titel")
    assert result.returncode == 2
    assert "Es fehlen Angaben: --teaser; --start; --location-name, --address oder --online" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not list((project / "events").glob("*/*.md"))


def test_invalid_values_are_explained_per_option(project: Path) -> None:
    result = new_event(
        project,
        *["--title", "X", "--teaser", "Y", "--start", "2026-05-12 18:00", "--end", "2026-05-11"],
        *["--online", "http://unsicher.example", "--series", "ki-und-zivilgesellschat"],
    )
    assert result.returncode == 2
    assert "--end: liegt nicht nach dem Beginn" in result.stderr
    assert "--online: „http://unsicher.example“ hat nicht die erwartete Form" in result.stderr
    assert "Meinten Sie „ki-und-zivilgesellschaft“?" in result.stderr
    assert not list((project / "events").glob("*/*.md"))


def test_questions_are_asked_only_for_missing_values() -> None:
    answers = iter(["", "Titel aus der Frage", "Teaser", "1.6.2026", "Rathaus", "", ""])
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(answers)

    values = EventInput(slug="x")
    ask_missing(values, ask)
    assert values.title == "Titel aus der Frage"  # an empty answer asks again
    assert asked.count("Titel: ") == 2
    assert values.location_name == "Rathaus" and values.address is None
    given = EventInput(title="T", teaser="t", start="2026-01-01", online="https://x.org")
    ask_missing(given, lambda q: pytest.fail(f"asked {q!r} although everything was given"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-12 18:00", "2026-05-12 18:00"),
        ("2026-05-12T9:30", "2026-05-12 09:30"),
        ("12.5.2026", "2026-05-12"),
        ("12.05.2026, 18.00 Uhr", "2026-05-12 18:00"),
    ],
)
def test_dates_are_normalized(text: str, expected: str) -> None:
    assert normalize_when(text, "--start") == expected


def test_unreadable_date_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--start „morgen“"):
        normalize_when("morgen", "--start")
    assert normalize_when("18 Uhr".replace(" Uhr", ":00"), "--end", clock_allowed=True) == "18:00"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("KI und Soziale Innovationen: Was KI kann", "ki-und-soziale-innovationen-was-ki-kann"),
        ("Größer, schöner, Übermorgen!", "groesser-schoener-uebermorgen"),
        ("Café für Gonçalves", "cafe-fuer-goncalves"),
        ("🎉🎉", ""),
        ("Ein sehr langer Titel " * 6, "ein-sehr-langer-titel-" * 2 + "ein-sehr-langer"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slugify(title)) <= 60
