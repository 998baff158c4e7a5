"""`python -m scripts pretix check|new` against the scripted server (tests/pretix_fake.py).

The same commands run against a real pretix server in test_pretix_integration.py.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civic_site.event_check import check_event_text
from civic_site.event_folder import check_context
from civic_site.frontmatter import parse_document
from civic_site.pretix_compare import compare_event, file_slug, scaffold
from civic_site.project import load_project
from scripts.__main__ import main
from tests.pretix_fake import Reply, event_json, fake_pretix
from tests.projects import tmp_project
from tests.sitebuild import ROOT

EVENTS = "/api/v1/organizers/civic-coding/events/"

EVENT_FILE = """---
title: KI und Zivilgesellschaft #10
teaser: Ein Abend über KI in Vereinen.
start: {start}
end: "18:30"
location:
  name: Innovation Office
  address: {address}
pretix: {slug}
---

Text.
"""


def make_project(tmp_path: Path, url: str, organizer: str = "civic-coding") -> Path:
    """A project folder with mkdocs.yml (extra.pretix), events/ and docs/."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "plugins:\n  - i18n:\n      languages:\n"
        "        - {locale: de, default: true}\n        - {locale: en}\n"
        f"extra:\n  pretix:\n    url: {url}\n    organizer: {organizer}\n",
        encoding="utf-8",
    )
    tmp_project(tmp_path)
    for lang in ("de", "en"):
        (tmp_path / "events" / lang).mkdir(parents=True)
    shutil.copy(ROOT / "events" / "series.yml", tmp_path / "events" / "series.yml")
    return tmp_path / "mkdocs.yml"


def write_event(project: Path, lang: str, name: str, **values: str) -> Path:
    values = {
        "start": "2025-11-18 16:30",
        "address": "Alter Markt 13, 33602 Bielefeld",
        "slug": name,
        **values,
    }
    path = project / "events" / lang / f"{name}.md"
    path.write_text(EVENT_FILE.format(**values), encoding="utf-8")
    return path


def run(config: Path, *args: str) -> int:
    return main(["pretix", *args, "--config", str(config)])


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("PRETIX_TOKEN", "secret-token")


def page(*events):
    return [Reply(body={"count": len(events), "next": None, "previous": None,
                        "results": list(events)})]  # fmt: skip


# ------------------------------------------------------------------ check


def test_check_passes_when_files_and_pretix_agree(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    write_event(tmp_path, "de", "ki-zivil-10")
    write_event(tmp_path, "en", "ki-zivil-10")
    with fake_pretix({EVENTS: page(event_json("ki-zivil-10"))}) as server:
        assert main(["pretix", "check", "--config", str(config), "--url", server.url]) == 0
    assert "Alles in Ordnung: 2" in capsys.readouterr().out


def test_check_reports_every_kind_of_difference(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    write_event(tmp_path, "de", "ki-zivil-10", start="2025-11-18 17:00")
    write_event(tmp_path, "de", "entwurf")
    write_event(tmp_path, "de", "versteckt", address="Jahnplatz 1, Bielefeld")
    write_event(tmp_path, "de", "vertippt")
    remote = [
        event_json("ki-zivil-10"),
        event_json("entwurf", live=False),
        event_json("versteckt", is_public=False),
    ]
    with fake_pretix({EVENTS: page(*remote)}) as server:
        code = main(["pretix", "check", "--config", str(config), "--url", server.url])
    out = capsys.readouterr()
    assert code == 1
    lines = out.out.splitlines()
    assert any(
        "ki-zivil-10.md" in line
        and "Beginn weicht ab: Datei 18.11.2025 17:00, pretix 18.11.2025 16:30" in line
        for line in lines
    )
    assert any("entwurf.md" in line and "nicht live" in line for line in lines)
    assert any("versteckt.md" in line and "nicht öffentlich" in line for line in lines)
    assert any("versteckt.md" in line and "Ort weicht ab" in line for line in lines)
    assert any("vertippt.md" in line and "gibt es beim Veranstalter" in line for line in lines)
    assert "5 Abweichung(en)" in out.err


def test_check_compares_in_berlin_time():
    """pretix may answer in UTC; 15:30Z in November is 16:30 in Berlin."""
    utc = event_json("x", date_from="2025-11-18T15:30:00Z", date_to="2025-11-18T17:30:00+00:00")
    event = _event_from_text(EVENT_FILE.format(
        start="2025-11-18 16:30", address="Alter Markt 13, 33602 Bielefeld", slug="x"
    ))  # fmt: skip
    assert compare_event(event, utc) == []
    summer = event_json("x", date_from="2025-11-18T16:30:00+02:00")
    assert any("Beginn" in problem for problem in compare_event(event, summer))


def test_check_without_token_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PRETIX_TOKEN")
    config = make_project(tmp_path, "http://127.0.0.1:9")
    write_event(tmp_path, "de", "ki-zivil-10")
    assert run(config, "check") == 1
    err = capsys.readouterr().err
    assert "PRETIX_TOKEN" in err and "Traceback" not in err


def test_check_with_a_rejected_token_is_one_line(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    write_event(tmp_path, "de", "ki-zivil-10")
    with fake_pretix({EVENTS: [Reply(401, {"detail": "Invalid token."})]}) as server:
        assert main(["pretix", "check", "--config", str(config), "--url", server.url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "401" in err


# ------------------------------------------------------------------ new


def test_new_creates_both_languages_from_pretix(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    detail = f"{EVENTS}ki-zivil-10/"
    remote = event_json("ki-zivil-10", date_to="2025-11-19T01:00:00+01:00")
    old_umask = os.umask(0o077)  # pretix new once wrote 0600 files; now the one writer's 0644
    try:
        with fake_pretix({detail: [Reply(body=remote)]}) as server:
            args = ["pretix", "new", "ki-zivil-10", "--config", str(config), "--url", server.url]
            code = main(args)
    finally:
        os.umask(old_umask)
    assert code == 0, capsys.readouterr().err
    for lang in ("de", "en"):
        written = tmp_path / "events" / lang / "ki-zivil-10.md"
        assert stat.S_IMODE(written.stat().st_mode) == 0o644
    de = (tmp_path / "events" / "de" / "ki-zivil-10.md").read_text(encoding="utf-8")
    en = (tmp_path / "events" / "en" / "ki-zivil-10.md").read_text(encoding="utf-8")
    meta = parse_document(de).meta
    assert meta["title"] == "KI und Zivilgesellschaft #10"
    assert parse_document(en).meta["title"] == "AI and Civil Society #10"
    assert meta["start"] == "2025-11-18 16:30"
    assert meta["end"] == "2025-11-19 01:00"  # ends after midnight: with its date
    assert meta["admission"] == "16:00"
    assert meta["location"] == {
        "name": "Innovation Office",
        "address": "Alter Markt 13, 33602 Bielefeld",
    }
    assert meta["pretix"] == "ki-zivil-10"
    assert meta["teaser"] == ""  # to be written by an editor; the build refuses it empty
    # The files follow the events contract once an editor has written the teaser.
    for text in (de, en):
        event = _event_from_text(text.replace("teaser: ''", "teaser: Kurz gesagt."))
        assert event.start.isoformat() == "2025-11-18T16:30:00+01:00"
        assert event.pretix.event == "ki-zivil-10"
        assert event.location.name == "Innovation Office"


def test_new_never_overwrites_and_writes_nothing_then(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    existing = tmp_path / "events" / "en" / "ki-zivil-10.md"
    existing.write_text("mine", encoding="utf-8")
    detail = f"{EVENTS}ki-zivil-10/"
    with fake_pretix({detail: [Reply(body=event_json("ki-zivil-10"))]}) as server:
        code = main(["pretix", "new", "ki-zivil-10", "--config", str(config), "--url", server.url])
        assert server.requests == []  # refused before asking pretix
    assert code == 1
    assert "gibt es schon" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "events" / "de" / "ki-zivil-10.md").exists()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(404, {"detail": "Not found."}), "gibt es beim pretix-Veranstalter"),
        # what a real pretix answers for an unknown event of a known organizer:
        (Reply(403, {"detail": "Permission denied."}), "gibt es beim pretix-Veranstalter"),
        (Reply(503, b"down"), "503"),
        (Reply(200, b"{kaputt"), "keine gültige JSON-Antwort"),
    ],
)
def test_a_failed_new_writes_nothing(tmp_path, capsys, reply, message, monkeypatch):
    monkeypatch.setattr("scripts.pretix_client.time.sleep", lambda seconds: None)  # 503 retries
    config = make_project(tmp_path, "https://unused.invalid")
    routes = {f"{EVENTS}ki-zivil-10/": [reply], EVENTS: page(event_json("anderes"))}
    with fake_pretix(routes) as server:
        code = main(["pretix", "new", "ki-zivil-10", "--config", str(config), "--url", server.url])
    assert code == 1
    assert message in capsys.readouterr().err
    assert list((tmp_path / "events").rglob("*.md")) == []
    assert [p.name for p in (tmp_path / "events" / "de").iterdir()] == []  # no temp files


def test_new_rejects_a_slug_that_could_leave_events(tmp_path, capsys):
    config = make_project(tmp_path, "http://127.0.0.1:9")
    assert run(config, "new", "../../etc/passwd") == 1
    assert "kein pretix-Kurzname" in capsys.readouterr().err


def test_file_slug_and_german_fallback_for_english():
    assert file_slug("KI.Zivil_11") == "ki-zivil-11"
    text = scaffold(
        event_json("x", name={"de": "Nur deutsch"}, location=None, date_to=None),
        "en",
        "x",
        __import__("datetime").date(2025, 11, 1),
    )
    meta = parse_document(text).meta
    assert meta["title"] == "Nur deutsch"
    assert "location" not in meta and "end" not in meta


def test_dispatcher_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "pretix", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "check" in result.stdout and "new" in result.stdout


def _event_from_text(text: str):
    """Parse an event file with the events engine (civic_site/event_check.py)."""
    context = check_context(load_project(ROOT / "mkdocs.yml"))
    event, problems = check_event_text("events/de/x.md", text, context)
    assert not problems, problems
    return event


# ------------------------------------------------------- where the token may go


@pytest.mark.parametrize("command", [["check"], ["new", "ki-zivil-10"]])
def test_a_plain_http_url_for_another_machine_is_refused(tmp_path, capsys, command):
    config = make_project(tmp_path, "https://unused.invalid")
    write_event(tmp_path, "de", "ki-zivil-10")
    code = run(config, *command, "--url", "http://pretix.example.org")
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Fehler: --url: „http://pretix.example.org“") and "https" in err
    assert err.count("\n") == 1


def test_a_plain_http_url_in_mkdocs_yml_is_refused_the_same_way(tmp_path, capsys):
    config = make_project(tmp_path, "http://pretix.example.org")
    write_event(tmp_path, "de", "ki-zivil-10")
    assert run(config, "check") == 1
    err = capsys.readouterr().err
    assert "extra.pretix.url: „http://pretix.example.org“" in err and "https" in err
    assert err.count("\n") == 1


def test_check_against_a_trickling_server_ends_at_the_deadline(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid")
    write_event(tmp_path, "de", "ki-zivil-10")
    with fake_pretix({EVENTS: [Reply(body=page(event_json("ki-zivil-10"))[0].body,
                                     trickle="body")]}) as server:  # fmt: skip
        started = time.monotonic()
        code = run(config, "check", "--url", server.url, "--timeout", "1")
        elapsed = time.monotonic() - started
    assert code == 1
    assert elapsed < 2.0, elapsed  # deadline + margin
    err = capsys.readouterr().err
    assert "nicht innerhalb von 1 Sekunden" in err and err.count("\n") == 1


# ------------------------------------------------------- an unconfirmed organizer

UNCONFIRMED = '"UNBESTÄTIGT: pretix-Veranstalter (Kurzname), bisher angenommen: civic-coding"'


@pytest.mark.parametrize("command", [["check"], ["new", "ki-zivil-10"]])
def test_an_unconfirmed_organizer_is_never_asked(tmp_path, capsys, command):
    config = make_project(tmp_path, "https://unused.invalid", UNCONFIRMED)
    if command == ["check"]:
        write_event(tmp_path, "de", "ki-zivil-10")
    with fake_pretix({}) as server:
        code = run(config, *command, "--url", server.url)
    assert code == 1
    assert server.requests == []  # not even the token goes out
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.count(". ") == 0, err  # one sentence
    assert err.startswith("Fehler: ") and "nicht bestätigt" in err
    assert "mkdocs.yml" in err and "--organizer" in err
    assert not (tmp_path / "events" / "en" / "ki-zivil-10.md").exists()


def test_with_organizer_given_an_unconfirmed_one_does_not_matter(tmp_path, capsys):
    config = make_project(tmp_path, "https://unused.invalid", UNCONFIRMED)
    write_event(tmp_path, "de", "ki-zivil-10")
    with fake_pretix({EVENTS: page(event_json("ki-zivil-10"))}) as server:
        code = run(config, "check", "--url", server.url, "--organizer", "civic-coding")
    assert code == 0, capsys.readouterr()
    assert server.hits(EVENTS) == 1
