"""`python -m scripts check`: every kind of problem with the right path and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civic_site.content_check import ERROR, INFO, WARNING, Finding, check_content, find_links
from tests.projects import tmp_project
from tests.sitebuild import ROOT

SERIES = """\
ki-und-zivilgesellschaft:
  name: {de: KI und Zivilgesellschaft, en: AI and Civil Society}
"""
GOOD_EVENT = """\
---
title: "Treffen"
teaser: "Ein Treffen."
start: "2026-05-12 18:00"
location:
  name: "Innovation Office"
series: ki-und-zivilgesellschaft
---

Mehr unter [Mitmachen](../mitmachen.md), Rückblick im [Archiv](../events/index.md).
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A clean two-language project: no findings at all.

    A project is defined by its mkdocs.yml (languages, docs_dir), so the real one is
    copied; the event schema comes from tmp_project.
    """
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    tmp_project(tmp_path)
    write(tmp_path, "events/series.yml", SERIES)
    write(tmp_path, "events/de/treffen.md", GOOD_EVENT)
    write(tmp_path, "events/en/treffen.md", GOOD_EVENT.replace("Treffen", "Meeting"))
    for lang in ("de", "en"):
        write(tmp_path, f"docs/{lang}/index.md", "# Start\n\n[Mitmachen](mitmachen.md)\n")
        write(tmp_path, f"docs/{lang}/mitmachen.md", "# Mitmachen\n")
    (tmp_path / "docs/assets/images").mkdir(parents=True)
    (tmp_path / "docs/assets/images/bild.png").write_bytes(b"\x89PNG")
    return tmp_path


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "check", "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def errors(root: Path) -> list[str]:
    return [str(f) for f in check_content(root) if f.severity == ERROR]


def test_clean_project_has_no_findings(project: Path) -> None:
    assert check_content(project) == []
    result = run_check(project)
    assert result.returncode == 0, result.stdout
    assert "0 Fehler, 0 Warnungen, 0 Hinweise" in result.stdout


def test_event_front_matter_errors_come_from_the_events_engine(project: Path) -> None:
    text = GOOD_EVENT.replace('start: "2026-05-12 18:00"', 'start: "12.05.2026"')
    write(
        project,
        "events/de/treffen.md",
        text.replace("series: ki-und-zivilgesellschaft", "seris: x"),
    )
    found = errors(project)
    assert any(e.startswith("events/de/treffen.md:4: start: „12.05.2026“") for e in found), found
    assert any(e.startswith("events/de/treffen.md:7: seris: unbekannter Schlüssel") for e in found)


@pytest.mark.parametrize(
    ("key_line", "expected"),
    [
        ("series: ki-und-zivilgesellschat", "series: „ki-und-zivilgesellschat“ steht nicht"),
        ("recap: rueckblicke/gibt-es-nicht.md", "recap: „rueckblicke/gibt-es-nicht.md“ ist weder"),
        ("header_image: assets/images/fehlt.png", "header_image: Die Bilddatei docs/assets/"),
    ],
)
def test_event_references_are_checked(project: Path, key_line: str, expected: str) -> None:
    text = GOOD_EVENT.replace("series: ki-und-zivilgesellschaft", key_line)
    write(project, "events/de/treffen.md", text)
    write(project, "events/en/treffen.md", text)
    found = errors(project)
    assert f"events/de/treffen.md:7: {expected}" in "\n".join(found), found
    assert run_check(project).returncode == 1


def test_broken_links_and_images_in_pages(project: Path) -> None:
    write(
        project,
        "docs/de/mitmachen.md",
        "---\ndescription: x\n---\n\n# Mitmachen\n\n"
        "[gibt es](index.md) und [fehlt](kontakt.md)\n"
        "![Bild](../assets/images/bild.png) ![fehlt](../assets/images/weg.png)\n"
        "[Ordner](initiative/) [zu weit](../../../etc/passwd.md)\n"
        "[extern](https://example.org/x) [Anker](#oben) [absolut](/impressum/)\n"
        "```\n[im Code](nicht-geprueft.md)\n```\n"
        "[ref]: auch-weg.md\n",
    )
    found = [e for e in errors(project) if e.startswith("docs/de/mitmachen.md")]
    assert found == [
        "docs/de/mitmachen.md:7: Link „kontakt.md“: Die Seite docs/de/kontakt.md gibt es nicht.",
        "docs/de/mitmachen.md:8: Bild „../assets/images/weg.png“: Die Datei "
        "docs/assets/images/weg.png gibt es nicht.",
        "docs/de/mitmachen.md:9: Link „../../../etc/passwd.md“ zeigt aus dem Ordner docs/ heraus.",
        "docs/de/mitmachen.md:9: Link „initiative/“: Bitte auf die Markdown-Datei verlinken "
        "(mit .md am Ende); solche Links erkennt die Website nicht.",
        "docs/de/mitmachen.md:14: Link „auch-weg.md“: Die Seite docs/de/auch-weg.md gibt es nicht.",
    ]


def test_links_in_event_texts_resolve_from_the_events_folder(project: Path) -> None:
    text = (
        GOOD_EVENT + "\n![Foto](../../assets/images/bild.png) ![weg](../assets/images/bild.png)\n"
    )
    text += "[andere](../events/treffen.md) [fehlt](../events/gibt-es-nicht.md)\n"
    write(project, "events/de/treffen.md", text)
    found = errors(project)
    assert found == [
        "events/de/treffen.md:12: Bild „../assets/images/bild.png“: Die Datei "
        "docs/de/assets/images/bild.png gibt es nicht.",
        "events/de/treffen.md:13: Link „../events/gibt-es-nicht.md“: Die Seite "
        "docs/de/events/gibt-es-nicht.md gibt es nicht.",
    ]


def test_english_pages_may_link_to_german_only_pages(project: Path) -> None:
    write(project, "docs/de/nur-deutsch.md", "# Nur deutsch\n")
    write(project, "docs/en/index.md", "# Home\n\n[German only](nur-deutsch.md)\n")
    write(project, "docs/de/index.md", "# Start\n\n[English only](only-english.md)\n")
    write(project, "docs/en/only-english.md", "# Only English\n")
    found = errors(project)
    assert found == [
        "docs/de/index.md:3: Link „only-english.md“: Die Seite docs/de/only-english.md "
        "gibt es nicht."
    ]


def test_leftover_liquid_tags_and_bad_front_matter_in_pages(project: Path) -> None:
    write(project, "docs/de/alt.md", "# Alt\n\nText\n\n{% include gallery.html folder=x %}\n")
    write(project, "docs/en/alt.md", "---\ntitle: [kaputt\n---\n# Alt\n")
    write(
        project,
        "docs/de/anmeldung.md",
        '# Anmeldung\n\n{% include pretix-widget.html event="ki-zivil-11" %}\n',
    )
    write(project, "docs/en/anmeldung.md", "# Registration\n")
    found = errors(project)
    assert found[0].startswith("docs/de/alt.md:5: include: „gallery.html“ gibt es nicht")
    assert found[1].startswith("docs/en/alt.md:")
    assert "kein gültiges YAML" in found[1]
    assert len(found) == 2  # the pretix include is the one allowed tag


def test_jinja_pages_are_checked_for_template_syntax_only(project: Path) -> None:
    page = "---\njinja: true\n---\n\n# Daten\n\n{{ operator.name }} [mehr]({{ url }})\n"
    write(project, "docs/de/daten.md", page)
    write(project, "docs/en/daten.md", page.replace("{{ operator.name }}", "{% if x %}"))
    assert errors(project) == [
        "docs/en/daten.md:7: Platzhalter mit {{ … }} oder {% … %} ist unvollständig "
        "(Unexpected end of template. Jinja was looking for the following tags: 'elif' or "
        "'else' or 'endif'. The innermost block that needs to be closed is 'if'.)."
    ]


def test_missing_translations_are_warnings_and_hints_not_errors(project: Path) -> None:
    write(project, "docs/de/nur-hier.md", "# Nur hier\n")
    write(project, "docs/en/only-here.md", "# Only here\n")
    write(project, "events/de/nur-deutsch.md", GOOD_EVENT)
    write(project, "events/en/only-english.md", GOOD_EVENT)
    findings = check_content(project)
    by_path = {f.path: f for f in findings}
    assert by_path["docs/de/nur-hier.md"].severity == WARNING
    assert by_path["docs/en/only-here.md"].severity == WARNING
    assert by_path["events/de/nur-deutsch.md"].severity == INFO
    assert by_path["events/en/only-english.md"].severity == WARNING
    result = run_check(project)
    assert result.returncode == 0
    assert "docs/de/nur-hier.md:1: Warnung: keine englische Fassung" in result.stdout
    assert "events/de/nur-deutsch.md:1: Hinweis: nur auf Deutsch" in result.stdout
    assert "0 Fehler, 3 Warnungen, 1 Hinweise" in result.stdout


def test_cli_prints_path_line_message_and_exits_1_on_errors(project: Path) -> None:
    write(project, "docs/de/mitmachen.md", "# Mitmachen\n\n[weg](weg.md)\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "docs/de/mitmachen.md:3: Link „weg.md“" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    only_errors = subprocess.run(
        [sys.executable, "-m", "scripts", "check", "--root", str(project), "--nur-fehler"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Warnung:" not in only_errors.stdout


def test_cli_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "kein Projektordner" in result.stdout


def test_linked_image_inside_a_link_is_found() -> None:
    links = find_links("x\n[![Logo](a.png)](b.md)\n`[code](c.md)`")
    assert {(link.target, link.line, link.is_image) for link in links} == {
        ("b.md", 2, False),
        ("a.png", 2, True),
    }


def test_finding_format() -> None:
    assert str(Finding("docs/de/a.md", 3, "kaputt")) == "docs/de/a.md:3: kaputt"
    assert str(Finding("docs/de/a.md", 1, "x", WARNING)) == "docs/de/a.md:1: Warnung: x"


def test_real_site_passes_in_under_two_seconds() -> None:
    started = time.perf_counter()
    findings = check_content(ROOT)
    elapsed = time.perf_counter() - started
    assert [str(f) for f in findings if f.severity == ERROR] == []
    assert elapsed < 2.0, f"check took {elapsed:.2f} s"
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
