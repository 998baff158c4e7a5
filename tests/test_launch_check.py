"""`python -m scripts launch-check`: every unconfirmed value, with file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from civic_site.placeholders import find_placeholders, is_unconfirmed, what_is_missing
from civic_site.project import load_project
from tests.sitebuild import ROOT

CONFIG = """\
site_name: Test
plugins:
  - i18n:
      languages:
        - {locale: de, default: true}
        - {locale: en}
extra:
  operator:
    name: Ministerium
    phone: "UNBESTÄTIGT: Telefonnummer der Redaktion"
    people:
      - "UNBESTÄTIGT: verantwortliche Person"
"""

PAGE = """\
---
title: Projekt
link: "unbestätigt: Website des Projekts"
---

Text mit UNBESTÄTIGT: im Fließtext ist kein Wert.
"""


def launch_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "launch-check", "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def make_project(root: Path, config: str = CONFIG, page: str = PAGE) -> Path:
    (root / "docs" / "de").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs" / "de" / "projekt.md").write_text(page, encoding="utf-8")
    return root


def test_marker_is_recognised_and_explained() -> None:
    assert is_unconfirmed("UNBESTÄTIGT: Telefon")
    assert is_unconfirmed("  unbestätigt – Telefon")
    assert not is_unconfirmed("Telefon: UNBESTÄTIGT")
    assert not is_unconfirmed(42)
    assert what_is_missing("UNBESTÄTIGT: Telefon der Redaktion") == "Telefon der Redaktion"


def test_each_placeholder_is_listed_with_path_line_and_key(tmp_path: Path) -> None:
    found = find_placeholders(load_project(make_project(tmp_path) / "mkdocs.yml"))
    listed = {(d.path, d.line, d.key, d.message) for d in found}
    assert listed == {
        ("mkdocs.yml", 10, "extra.operator.phone", "Telefonnummer der Redaktion"),
        ("mkdocs.yml", 12, "extra.operator.people[0]", "verantwortliche Person"),
        ("docs/de/projekt.md", 3, "link", "Website des Projekts"),
    }


def test_command_exits_1_and_prints_path_line(tmp_path: Path) -> None:
    result = launch_check(make_project(tmp_path))
    assert result.returncode == 1
    assert "mkdocs.yml:10: extra.operator.phone: Telefonnummer der Redaktion" in result.stdout
    assert "docs/de/projekt.md:3: link: Website des Projekts" in result.stdout


def test_everything_confirmed_exits_0(tmp_path: Path) -> None:
    config = CONFIG.replace('"UNBESTÄTIGT: Telefonnummer der Redaktion"', '"+49 30 000"')
    config = config.replace('"UNBESTÄTIGT: verantwortliche Person"', "Erika Mustermann")
    page = PAGE.replace("unbestätigt: Website des Projekts", "https://example.org/")
    result = launch_check(make_project(tmp_path, config, page))
    assert result.returncode == 0, result.stdout
    assert "bereit" in result.stdout


def test_real_site_is_not_ready_yet(tmp_path: Path) -> None:
    """Today the operator's data and other assumed facts are unconfirmed: exit 1."""
    result = launch_check(ROOT)
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stdout and "extra.operator." in result.stdout


def test_a_copy_with_all_values_confirmed_is_ready(tmp_path: Path) -> None:
    """The real project, every placeholder replaced: the command passes."""
    project = load_project(ROOT / "mkdocs.yml")
    copy = tmp_path / "site"
    for folder in ("docs", "events", "data"):
        shutil.copytree(ROOT / folder, copy / folder)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for item in find_placeholders(project):
        path = copy / item.path
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        line = lines[item.line - 1]
        start = line.upper().index("UNBESTÄTIGT")
        quote = line[start - 1] if line[start - 1] in "\"'" else ""
        end = line.index(quote, start) + 1 if quote else len(line.rstrip("\n"))
        lines[item.line - 1] = line[: start - len(quote)] + '"bestätigt"' + line[end:]
        path.write_text("".join(lines), encoding="utf-8")
    result = launch_check(copy)
    assert result.returncode == 0, result.stdout


def test_the_pretix_organizer_is_listed_until_confirmed() -> None:
    """No source gives the pretix organizer's short name: mkdocs.yml marks it unconfirmed."""
    found = {d.key: d for d in find_placeholders(load_project(ROOT / "mkdocs.yml"))}
    item = found["extra.pretix.organizer"]
    assert item.path == "mkdocs.yml"
    assert item.message.startswith("pretix-Veranstalter (Kurzname)")
