"""`python -m scripts pretix new|check` against a real pretix server (tests/pretix_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from civic_site.frontmatter import parse_document
from scripts.pretix_cmd import BERLIN
from tests.sitebuild import ROOT
from tests.test_pretix_sync import make_project

pytestmark = pytest.mark.pretix


def scripts(config: Path, server, *args: str, token: str | None = None):
    """Run the command as editors do: a subprocess, the token in the environment."""
    env = {**os.environ, "PRETIX_TOKEN": token if token is not None else server.token}
    return subprocess.run(
        [sys.executable, "-m", "scripts", "pretix", *args, "--config", str(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def fill_teasers(events_dir: Path) -> None:
    """What an editor does after `new`: write the teaser the scaffold leaves empty."""
    for path in events_dir.rglob("*.md"):
        text = path.read_text("utf-8").replace("teaser: ''", "teaser: Ein Abend über KI.")
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, pretix_server) -> Path:
    return make_project(tmp_path, pretix_server.url, pretix_server.organizer)


def test_new_then_check_agrees_with_real_pretix(project: Path, pretix_server):
    created = scripts(project, pretix_server, "new", "ki-zivil-11")
    assert created.returncode == 0, created.stderr
    events_dir = project.parent / "events"
    de_path, en_path = events_dir / "de" / "ki-zivil-11.md", events_dir / "en" / "ki-zivil-11.md"
    de, en = parse_document(de_path.read_text("utf-8")), parse_document(en_path.read_text("utf-8"))
    assert de.meta["title"] == "KI und Zivilgesellschaft #11"
    assert en.meta["title"] == "AI and Civil Society #11"
    expected_start = datetime.fromisoformat(pretix_server.events["ki-zivil-11"]["date_from"])
    assert de.meta["start"] == expected_start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")
    assert de.meta["end"] == "18:30"
    assert de.meta["location"] == {
        "name": "Innovation Office",
        "address": "Alter Markt 13, 33602 Bielefeld",
    }
    assert en.meta["location"]["address"] == "Alter Markt 13, 33602 Bielefeld, Germany"
    assert de.meta["pretix"] == "ki-zivil-11"

    # An editor writes the teasers; then the files agree with pretix.
    fill_teasers(events_dir)
    checked = scripts(project, pretix_server, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Alles in Ordnung: 2" in checked.stdout

    # Someone moves the start in the file: check notices.
    text = de_path.read_text("utf-8").replace(de.meta["start"], de.meta["start"][:11] + "17:00")
    de_path.write_text(text, encoding="utf-8")
    checked = scripts(project, pretix_server, "check")
    assert checked.returncode == 1
    assert "ki-zivil-11.md: pretix „ki-zivil-11“ Beginn weicht ab" in checked.stdout


def test_check_reports_unpublished_and_unknown_events(project: Path, pretix_server):
    created = scripts(project, pretix_server, "new", "werkstatt-entwurf")
    assert created.returncode == 0, created.stderr
    events_dir = project.parent / "events"
    fill_teasers(events_dir)
    unknown = events_dir / "de" / "vertippt.md"
    unknown.write_text(
        (events_dir / "de" / "werkstatt-entwurf.md")
        .read_text("utf-8")
        .replace("pretix: werkstatt-entwurf", "pretix: gibt-es-nicht"),
        encoding="utf-8",
    )
    checked = scripts(project, pretix_server, "check")
    assert checked.returncode == 1
    assert "werkstatt-entwurf.md: pretix „werkstatt-entwurf“ ist in pretix nicht live" in (
        checked.stdout
    )
    assert "nicht öffentlich" in checked.stdout
    assert "vertippt.md: pretix „gibt-es-nicht“ gibt es beim Veranstalter" in checked.stdout


def test_real_pretix_errors_are_one_sentence(project: Path, pretix_server):
    wrong_org = scripts(project, pretix_server, "new", "ki-zivil-11", "--organizer", "nobody")
    assert wrong_org.returncode == 1
    assert wrong_org.stderr.startswith("Fehler: pretix verweigert den Zugriff (403)")
    missing = scripts(project, pretix_server, "new", "gibt-es-nicht")
    assert missing.returncode == 1
    assert "„gibt-es-nicht“ gibt es beim pretix-Veranstalter „civic“ nicht" in missing.stderr
    assert list(project.parent.glob("events/*/*.md")) == []
    created = scripts(project, pretix_server, "new", "ki-zivil-11")
    assert created.returncode == 0, created.stderr
    fill_teasers(project.parent / "events")
    bad_token = scripts(project, pretix_server, "check", token="not-the-token")
    assert bad_token.returncode == 1
    assert bad_token.stderr.strip().count("\n") == 0 and "(401)" in bad_token.stderr
    assert "Traceback" not in bad_token.stderr
