"""`check` knows what the strict build rejects about the menu (issue 13): a page in neither
`nav:` nor `not_in_nav:`, and a `nav:` entry without a page. The recap steps of
REDAKTION.md (a page under docs/de/rueckblicke/ and `recap:` at the event) pass both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civic_site.content_check import check_content
from civic_site.diagnostics import ERROR
from civic_site.nav_check import OMITTED_MESSAGE, read_nav_rules
from tests.projects import copy_config, tmp_project
from tests.sitebuild import ROOT, run_mkdocs_build

EVENT = """\
---
title: "KI im Verein"
teaser: "Ein Abend zu KI in der Vereinsarbeit."
start: "2025-05-12 18:00"
location:
  name: "Innovation Office"
{extra}---

Text.
"""
MENU = ("index.md", "mitmachen.md", "events/index.md")


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(root: Path) -> list[str]:
    return [str(item) for item in check_content(root) if item.severity == ERROR]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_config(tmp_path, MENU)
    tmp_project(tmp_path)
    for lang in ("de", "en"):
        write(tmp_path, f"docs/{lang}/index.md", "# Start\n")
        write(tmp_path, f"docs/{lang}/mitmachen.md", "# Mitmachen\n")
    return tmp_path


def test_a_page_in_neither_nav_nor_not_in_nav_is_an_error(project: Path) -> None:
    write(project, "docs/de/neu.md", "# Neu\n")
    write(project, "docs/en/only-english.md", "# Only English\n")
    write(project, "docs/de/impressum.md", "# Impressum\n")  # not_in_nav: /*/impressum.md
    write(project, "docs/en/impressum.md", "# Imprint\n")
    write(project, "docs/de/beitraege/alt.md", "# Alt\n")  # not_in_nav: /*/beitraege/
    write(project, "docs/de/.entwurf.md", "# Entwurf\n")  # MkDocs skips dot files
    assert errors(project) == [
        f"docs/de/neu.md:1: {OMITTED_MESSAGE}",
        f"docs/en/only-english.md:1: {OMITTED_MESSAGE}",
    ]


def test_pages_outside_the_menu_are_fine_when_mkdocs_only_reports_them(tmp_path: Path) -> None:
    copy_config(tmp_path, MENU, omitted_files="info")
    tmp_project(tmp_path)
    write(tmp_path, "docs/de/index.md", "# Start\n")
    write(tmp_path, "docs/de/mitmachen.md", "# Mitmachen\n")
    write(tmp_path, "docs/de/neu.md", "# Neu\n")
    assert errors(tmp_path) == []


def test_a_nav_entry_needs_a_page_in_the_default_language(project: Path) -> None:
    config = copy_config(project, (*MENU, "foerderung.md", "nur-en.md", "https://example.org/"))
    write(project, "docs/en/nur-en.md", "# Only English\n")
    lines = config.read_text(encoding="utf-8").splitlines()
    line_of = {entry: lines.index(f"  - {entry}") + 1 for entry in ("foerderung.md", "nur-en.md")}
    found = errors(project)
    assert found == [
        f"mkdocs.yml:{line_of['foerderung.md']}: nav: Den Menüeintrag „foerderung.md“ gibt es "
        "nicht als Seite: docs/de/foerderung.md fehlt (die Seite in de/ muss es geben; die "
        "anderen Sprachen zeigen sie, bis sie übersetzt ist).",
        f"mkdocs.yml:{line_of['nur-en.md']}: nav: Den Menüeintrag „nur-en.md“ gibt es nicht als "
        "Seite: docs/de/nur-en.md fehlt (die Seite in de/ muss es geben; die anderen Sprachen "
        "zeigen sie, bis sie übersetzt ist).",
    ]


def test_the_recap_steps_of_the_guide_pass(project: Path) -> None:
    """REDAKTION.md: a recap is a page under docs/de/rueckblicke/, named at the event."""
    write(project, "docs/de/rueckblicke/ki-im-verein.md", "# Rückblick: KI im Verein\n")
    extra = "recap: rueckblicke/ki-im-verein.md\n"
    write(project, "events/de/ki-im-verein.md", EVENT.format(extra=extra))
    assert errors(project) == []


def test_the_real_config_is_read_with_its_lines() -> None:
    rules = read_nav_rules(ROOT / "mkdocs.yml")
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert rules.has_nav and rules.omitted_is_error and rules.not_found_is_error
    assert ("index.md", lines.index("  - Start: index.md") + 1) in rules.entries
    for path, line in rules.entries:
        assert lines[line - 1].rstrip().endswith(path)
    assert rules.not_in_nav.match_file("de/impressum.md")
    assert rules.not_in_nav.match_file("en/rueckblicke/x.md")
    assert not rules.not_in_nav.match_file("de/mitmachen.md")


# --------------------------------------------------------------------------- with builds


def copy_project(target: Path) -> Path:
    """The real project with its own docs/, events/ and mkdocs.yml; the rest are symlinks."""
    target.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in {"docs", "events", "mkdocs.yml", "site", ".git", ".venv", ".cache"}:
            (target / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "events", target / "events")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.mark.slow
def test_check_and_the_strict_build_agree_on_the_menu(tmp_path: Path) -> None:
    good = copy_project(tmp_path / "recap")
    write(good, "docs/de/rueckblicke/ki-im-verein.md", "# Rückblick: KI im Verein\n")
    extra = "recap: rueckblicke/ki-im-verein.md\n"
    write(good, "events/de/ki-im-verein.md", EVENT.format(extra=extra))
    assert errors(good) == []
    result = run_mkdocs_build(good / "mkdocs.yml", tmp_path / "recap-site")
    assert result.returncode == 0, result.output

    bad = copy_project(tmp_path / "outside")
    write(bad, "docs/de/foerderung.md", "# Förderung\n")
    config = bad / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "  - Mitmachen: mitmachen.md\n", "  - Mitmachen: mitmachen.md\n  - fehlt.md\n"
        ),
        encoding="utf-8",
    )
    found = errors(bad)
    assert [line.split(": ", 1)[0] for line in found] == [
        "docs/de/foerderung.md:1",
        f"mkdocs.yml:{text.splitlines().index('  - Mitmachen: mitmachen.md') + 2}",
    ]
    result = run_mkdocs_build(config, tmp_path / "outside-site")
    assert result.returncode == 1
    assert "de/foerderung.md" in result.output
    assert "A reference to 'fehlt.md' is included in the 'nav' configuration" in result.output
