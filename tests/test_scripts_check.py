"""`python -m scripts check`: every kind of problem with the right path and line."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from civic_site.content_check import check_content, find_links, missing_translations, site_pages
from civic_site.diagnostics import ERROR, INFO, WARNING, diagnostic, format_diagnostic
from civic_site.event_folder import check_project_events
from civic_site.event_pages import EventCatalog, plan_event_pages
from civic_site.project import load_project
from civic_site.site_paths import language_prefix, page_dest_uri
from scripts.__main__ import main as scripts_main
from tests.projects import copy_config, tmp_project
from tests.sitebuild import FIXTURE_NOW, ROOT, BuildResult, make_fixture_project

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
    copied, with a menu of these pages (pages outside it are tested in
    tests/test_check_nav.py); the event schema comes from tmp_project.
    """
    copy_config(tmp_path, ("index.md", "mitmachen.md", "events/index.md"), "info")
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


@dataclass
class CheckRun:
    returncode: int
    stdout: str


@pytest.fixture
def run_check(capsys: pytest.CaptureFixture[str]) -> Callable[..., CheckRun]:
    """`python -m scripts check --root <root> …` in this process (a subprocess costs ~1 s;
    test_cli_prints_path_line_message_and_exits_1_on_errors runs the real command)."""

    def run(root: Path, *options: str) -> CheckRun:
        capsys.readouterr()
        code = scripts_main(["check", "--root", str(root), *options])
        return CheckRun(code, capsys.readouterr().out)

    return run


def run_check_process(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "check", "--root", str(root), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def errors(root: Path) -> list[str]:
    return [str(f) for f in check_content(root) if f.severity == ERROR]


def test_clean_project_has_no_findings(project: Path, run_check: Callable[..., CheckRun]) -> None:
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


def test_links_to_generated_pages_are_checked_as_the_build_makes_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archive, series and category pages exist exactly when the build generates them.

    At 10 March 2026 the listing shows the past years 2025 and 2024; 2021 gets an archive
    page. A link to an archive page the build makes is fine, one to a year the listing
    shows (no archive page) is an error; likewise a series nobody uses has no page.
    """
    monkeypatch.setenv("SITE_NOW", "2026-03-10T12:00:00+01:00")
    write(project, "events/series.yml", SERIES + "ungenutzt:\n  name: {de: Leer, en: Empty}\n")
    for year in (2021, 2024, 2025):
        text = GOOD_EVENT.replace("2026-05-12", f"{year}-05-12")
        text = text.replace("series: ki-und-zivilgesellschaft", "categories: [Daten & Recht]")
        write(project, f"events/de/treffen-{year}.md", text)
        write(project, f"events/en/treffen-{year}.md", text)
    write(
        project,
        "docs/de/index.md",
        "# Start\n\n[2021](events/archive/2021.md) [2024](events/archive/2024.md)\n"
        "[Reihe](events/series/ki-und-zivilgesellschaft.md) [leer](events/series/ungenutzt.md)\n"
        "[Kategorie](events/category/daten-recht.md) [alt](events/treffen-2021.md)\n",
    )
    write(project, "docs/en/index.md", "# Home\n\n[2021](events/archive/2021.md)\n")
    write(project, "events/de/treffen.md", GOOD_EVENT + "\n[Archiv 2021](archive/2021.md)\n")
    assert errors(project) == [
        "docs/de/index.md:3: Link „events/archive/2024.md“: Die Seite "
        "docs/de/events/archive/2024.md gibt es nicht.",
        "docs/de/index.md:4: Link „events/series/ungenutzt.md“: Die Seite "
        "docs/de/events/series/ungenutzt.md gibt es nicht.",
    ]


def test_check_and_the_event_planner_agree_on_the_generated_pages(tmp_path: Path) -> None:
    project = load_project(make_fixture_project(tmp_path / "project"))
    events, series, problems = check_project_events(project)
    assert problems == []
    now = datetime.fromisoformat(FIXTURE_NOW)
    site = site_pages(project, events, series, now)
    for lang in project.languages:
        catalog = EventCatalog.for_language(events, series, lang, project.default_language, now)
        planned = {plan.norm_src_uri for plan in plan_event_pages(catalog, defaultdict(str))}
        assert site.generated[lang] == planned
        assert any(source.startswith("events/archive/") for source in planned)


def test_check_knows_exactly_the_event_pages_the_build_writes(fixture_site: BuildResult) -> None:
    """The fixture build (tests/conftest.py) at FIXTURE_NOW: same pages, archive included."""
    site_dir = fixture_site.site_dir
    project = load_project(site_dir.parent / "mkdocs.yml")
    events, series, _ = check_project_events(project)
    site = site_pages(project, events, series, datetime.fromisoformat(FIXTURE_NOW))
    default = project.default_language
    for lang in project.languages:
        events_dir = site_dir / language_prefix(lang, default) / "events"
        built = {p.relative_to(site_dir).as_posix() for p in events_dir.rglob("index.html")}
        expected = {page_dest_uri(source, lang, default) for source in site.generated[lang]}
        assert built == expected


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
        "docs/en/daten.md:7: Platzhalter mit {{ … }} oder {% … %} ist unvollständig: "
        "es fehlt „{% endif %}“."
    ]


def test_missing_translations_are_warnings_and_hints_not_errors(
    project: Path, run_check: Callable[..., CheckRun]
) -> None:
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


def test_pages_in_one_language_by_design_need_no_translation(project: Path) -> None:
    """`only_language: de` (Leichte Sprache, DGS): no missing-translation warning; a wrong
    value or a counterpart that should not exist is named."""
    write(project, "docs/de/leichte-sprache.md", "---\nonly_language: de\n---\n# Leichte\n")
    write(project, "docs/en/english-only.md", "---\nonly_language: en\n---\n# English\n")
    write(project, "docs/de/falsch.md", "---\ntitle: x\nonly_language: englisch\n---\n# x\n")
    write(project, "docs/de/ordner.md", "---\nonly_language: en\n---\n# x\n")
    write(project, "docs/de/doppelt.md", "---\nonly_language: de\n---\n# Doppelt\n")
    write(project, "docs/en/doppelt.md", "# Twice\n")
    names = ("leichte-sprache", "english-only", "falsch", "ordner", "doppelt")
    findings = [str(f) for f in check_content(project) if any(n in f.path for n in names)]
    findings = [f for f in findings if "Menü" not in f and "not_in_nav" not in f]
    assert findings == [
        "docs/de/doppelt.md:2: Warnung: only_language: Die Seite gibt es nur auf Deutsch "
        "(only_language: de), aber docs/en/doppelt.md gibt es auch; eines von beiden löschen.",
        "docs/de/falsch.md:3: only_language: Hier steht der Sprachcode der einzigen Sprache "
        "der Seite, einer von: de, en.",
        "docs/de/ordner.md:2: only_language: Die Seite liegt in docs/de/, also steht hier "
        "„de“ (oder die Zeile fällt weg).",
    ]


def test_languages_come_from_mkdocs_yml(project: Path) -> None:
    """A third language in mkdocs.yml: its pages are checked, with the default as fallback."""
    config = project / "mkdocs.yml"
    english = "        - locale: en\n          name: English\n          build: true\n"
    text = config.read_text(encoding="utf-8")
    assert english in text
    french = "        - locale: fr\n          name: Français\n          build: true\n"
    config.write_text(text.replace(english, english + french), encoding="utf-8")
    write(project, "docs/fr/index.md", "# Accueil\n\n[Mitmachen](mitmachen.md) [x](kaputt.md)\n")
    write(project, "docs/fr/seulement.md", "# Seulement\n")
    findings = [str(f) for f in check_content(project)]
    assert findings == [
        "docs/de/mitmachen.md:1: Warnung: keine französische Fassung (docs/fr/mitmachen.md "
        "fehlt); die französische Website zeigt hier den deutschen Text.",
        "docs/fr/index.md:3: Link „kaputt.md“: Die Seite docs/fr/kaputt.md gibt es nicht.",
        "docs/fr/seulement.md:1: Warnung: keine deutsche Fassung (docs/de/seulement.md fehlt); "
        "auf der deutschen und der englischen Website fehlt diese Seite.",
        "events/de/treffen.md:1: Hinweis: keine französische Fassung (events/fr/treffen.md "
        "fehlt); das ist erlaubt, die französische Website zeigt die deutsche Ankündigung.",
    ]


def test_missing_translations_name_every_language(tmp_path: Path) -> None:
    project = tmp_project(tmp_path, ("de", "en", "fr"))
    for rel in (
        "docs/de/nur-de.md",
        "docs/de/de-en.md",
        "docs/en/de-en.md",
        "events/de/nur-de.md",
        "events/en/en-fr.md",
        "events/fr/en-fr.md",
    ):
        write(tmp_path, rel, "# x\n")
    assert [str(f) for f in missing_translations(project)] == [
        "docs/de/de-en.md:1: Warnung: keine französische Fassung (docs/fr/de-en.md fehlt); "
        "die französische Website zeigt hier den deutschen Text.",
        "docs/de/nur-de.md:1: Warnung: keine englische Fassung (docs/en/nur-de.md fehlt); "
        "die englische Website zeigt hier den deutschen Text.",
        "docs/de/nur-de.md:1: Warnung: keine französische Fassung (docs/fr/nur-de.md fehlt); "
        "die französische Website zeigt hier den deutschen Text.",
        "events/de/nur-de.md:1: Hinweis: nur auf Deutsch (events/en/nur-de.md, "
        "events/fr/nur-de.md fehlen); das ist erlaubt, die englische und die französische "
        "Website zeigen die deutsche Ankündigung.",
        "events/en/en-fr.md:1: Warnung: keine deutsche Fassung (events/de/en-fr.md fehlt); "
        "die deutsche Website zeigt die englische Ankündigung.",
    ]


def test_cli_prints_path_line_message_and_exits_1_on_errors(
    project: Path, run_check: Callable[..., CheckRun]
) -> None:
    write(project, "docs/de/mitmachen.md", "# Mitmachen\n\n[weg](weg.md)\n")
    write(project, "docs/de/nur-hier.md", "# Nur hier\n")
    result = run_check_process(project)
    assert result.returncode == 1
    assert "docs/de/mitmachen.md:3: Link „weg.md“" in result.stdout
    assert "docs/de/nur-hier.md:1: Warnung: " in result.stdout
    assert "1 Fehler, 1 Warnungen, 0 Hinweise" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    only_errors = run_check(project, "--nur-fehler")
    assert only_errors.returncode == 1
    assert "docs/de/mitmachen.md:3: Link „weg.md“" in only_errors.stdout
    assert "Warnung:" not in only_errors.stdout
    annotated = run_check(project, "--format", "github")
    assert "::error file=docs/de/mitmachen.md,line=3,title=Link oder Bild::Link „weg.md“" in (
        annotated.stdout
    )
    assert "::warning file=docs/de/nur-hier.md,line=1," in annotated.stdout


def test_cli_refuses_a_folder_that_is_not_a_project(
    tmp_path: Path, run_check: Callable[..., CheckRun]
) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "kein Projektordner" in result.stdout
    (tmp_path / "docs").mkdir()
    assert run_check(tmp_path).returncode == 2  # docs/ without mkdocs.yml is no project


def test_linked_image_inside_a_link_is_found() -> None:
    links = find_links("x\n[![Logo](a.png)](b.md)\n`[code](c.md)`")
    assert {(link.target, link.line, link.is_image) for link in links} == {
        ("b.md", 2, False),
        ("a.png", 2, True),
    }


def test_findings_print_as_path_line_message() -> None:
    assert (
        format_diagnostic(diagnostic("docs/de/a.md", 3, "", "kaputt")) == "docs/de/a.md:3: kaputt"
    )
    warning = diagnostic("docs/de/a.md", 1, "", "x", WARNING)
    assert format_diagnostic(warning) == "docs/de/a.md:1: Warnung: x"
    hint = diagnostic("events/de/a.md", 7, "series", "y", INFO)
    assert format_diagnostic(hint) == "events/de/a.md:7: Hinweis: series: y"


def test_real_site_passes_in_under_two_seconds(run_check: Callable[..., CheckRun]) -> None:
    started = time.perf_counter()
    findings = check_content(ROOT)
    elapsed = time.perf_counter() - started
    assert [str(f) for f in findings if f.severity == ERROR] == []
    assert elapsed < 2.0, f"check took {elapsed:.2f} s"
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
