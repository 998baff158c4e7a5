"""Project cards, operator data and Jinja in pages: pure functions, then the build's messages.

The build cases copy the real project (tests/test_bad_input_foundation.py's copy_project)
with one editor mistake each and check the message names file, line and what to fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from civic_site.diagnostics import DiagnosticError, format_diagnostics
from civic_site.operator import operator_for_language, operator_lines
from civic_site.page_templates import markdown_start_line, render_page_template
from civic_site.projects import (
    ProjectPage,
    is_project_page,
    load_anchor_projects,
    project_websites,
    read_project,
)
from tests.sitebuild import ROOT, run_mkdocs_build
from tests.test_bad_input_foundation import copy_project

PROJECT = """---
name: Civic Data Lab
description: Hilft mit Daten.
{extra}---

# Civic Data Lab
"""
# extra.anchor_projects.<page name>.url in mkdocs.yml, as project_websites() reads it
WEBSITES = {name: "https://civic-data.de/" for name in ("civic-data-lab", "x", "a", "b", "c")}


def _page(extra: str = "", name: str = "civic-data-lab") -> ProjectPage:
    return ProjectPage(f"docs/de/projekte/{name}.md", PROJECT.format(extra=extra), f"p/{name}/")


def test_a_project_page_becomes_a_card() -> None:
    project = read_project(_page("ministry: BMAS\n"), WEBSITES)
    assert (project.name, project.description, project.link, project.ministry) == (
        "Civic Data Lab",
        "Hilft mit Daten.",
        "https://civic-data.de/",
        "BMAS",
    )
    assert (project.slug, project.page_url) == ("civic-data-lab", "p/civic-data-lab/")
    assert read_project(_page(), WEBSITES).ministry is None


def test_the_website_comes_from_mkdocs_yml_and_may_be_unconfirmed() -> None:
    websites = project_websites(
        {"civic-data-lab": {"url": "UNBESTÄTIGT: Adresse (bisher angenommen: https://x.de/)"}}
    )
    assert read_project(_page(), websites).link.startswith("UNBESTÄTIGT:")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"x": {"url": "civic-data.de"}}, "mkdocs.yml:7: extra.anchor_projects.x.url: Die Adresse"),
        ({"x": {"adresse": "https://x.de/"}}, "mkdocs.yml:6: extra.anchor_projects.x.url: "),
        ({"x": "https://x.de/"}, "mkdocs.yml:6: extra.anchor_projects.x: "),
        (["https://x.de/"], "mkdocs.yml:5: extra.anchor_projects: "),
    ],
)
def test_website_mistakes_in_mkdocs_yml_name_line_and_key(value: object, message: str) -> None:
    lines = {"extra.anchor_projects": 5, "extra.anchor_projects.x": 6}
    if isinstance(value, dict) and "url" in value["x"]:
        lines["extra.anchor_projects.x.url"] = 7  # as config_key_lines() finds them
    with pytest.raises(DiagnosticError) as caught:
        project_websites(value, "mkdocs.yml", lines)
    assert str(caught.value).startswith(message)


def test_a_project_page_without_its_website_in_mkdocs_yml_is_named() -> None:
    with pytest.raises(DiagnosticError) as caught:
        read_project(_page(name="neu"), WEBSITES)
    assert str(caught.value).startswith(
        "docs/de/projekte/neu.md:1: extra.anchor_projects.neu.url: "
    )
    with pytest.raises(DiagnosticError) as caught:
        read_project(_page("link: https://civic-data.de/\n"), WEBSITES)
    assert str(caught.value).startswith("docs/de/projekte/civic-data-lab.md:4: link: ")
    assert "mkdocs.yml" in str(caught.value)


def test_cards_follow_the_order_editors_give_then_the_name() -> None:
    pages = [
        ProjectPage(
            "a.md", PROJECT.format(extra="order: 2\n").replace("Civic Data Lab", "B"), "b/"
        ),
        ProjectPage("b.md", PROJECT.format(extra="").replace("Civic Data Lab", "A"), "a/"),
        ProjectPage(
            "c.md", PROJECT.format(extra="order: 1\n").replace("Civic Data Lab", "C"), "c/"
        ),
    ]
    assert [p.name for p in load_anchor_projects(pages, WEBSITES)] == ["C", "B", "A"]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            ProjectPage("docs/de/projekte/x.md", "---\nname: X\n---\n", "x/"),
            "docs/de/projekte/x.md:1: description: Hier fehlt eine kurze Beschreibung",
        ),
        (_page("order: erster\n"), "docs/de/projekte/civic-data-lab.md:4: order:"),
        (_page("ministry: ''\n"), "docs/de/projekte/civic-data-lab.md:4: ministry:"),
        (
            ProjectPage("docs/de/projekte/x.md", "# Nur Text\n", "x/"),
            "docs/de/projekte/x.md:1: Die Datei muss mit einer Zeile „---“ beginnen",
        ),
    ],
)
def test_project_mistakes_name_file_line_and_key(page: ProjectPage, message: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read_project(page, WEBSITES)
    assert str(caught.value).startswith(message)


def test_only_pages_in_the_projects_folder_are_projects() -> None:
    assert is_project_page("projekte/civic-data-lab.md")
    assert not is_project_page("initiative.md")
    assert not is_project_page("projekte/logo.svg")


OPERATOR = {
    "name": "Bundesministerium X",
    "name_en": "Federal Ministry X",
    "unit": "Referat 1",
    "street": "Straße 1",
    "city": "10117 Berlin",
    "country": "Deutschland",
    "country_en": "Germany",
    "email": "info@example.org",
    "responsible": "Referat 1",
}


def test_operator_data_uses_the_language_variants_outside_the_default_language() -> None:
    german = operator_for_language(OPERATOR, "de", "de")
    english = operator_for_language(OPERATOR, "en", "de")
    assert (german["name"], german["country"]) == ("Bundesministerium X", "Deutschland")
    assert (english["name"], english["country"]) == ("Federal Ministry X", "Germany")
    assert english["street"] == german["street"] == "Straße 1"


def test_missing_operator_data_is_named() -> None:
    with pytest.raises(DiagnosticError, match=r"^mkdocs.yml:1: extra.operator.email: "):
        operator_for_language({**OPERATOR, "email": ""}, "de", "de")
    with pytest.raises(DiagnosticError, match=r"^mkdocs.yml:1: extra.operator: "):
        operator_for_language(None, "de", "de")


def test_missing_operator_data_points_at_its_line_in_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nextra:\n  generator: false\n  operator:\n    name: X\n"
        "    email: ''\n    phone: !ENV PHONE\n",
        encoding="utf-8",
    )
    lines = operator_lines(config)
    assert (lines[""], lines["name"], lines["email"]) == (4, 5, 6)
    data = {**OPERATOR, "email": "", "unit": None}
    with pytest.raises(DiagnosticError) as caught:
        operator_for_language(data, "de", "de", "mkdocs.yml", lines)
    assert format_diagnostics(caught.value.diagnostics) == (
        "mkdocs.yml:4: extra.operator.unit: Diese Angabe fehlt.\n"
        "mkdocs.yml:6: extra.operator.email: Diese Angabe fehlt."
    )


def _env() -> Environment:
    return Environment(
        loader=DictLoader({"partials/op.html": "<address>{{ operator.name }}</address>"})
    )


def test_pages_render_placeholders_and_partials() -> None:
    markdown = "Mail: {{ operator.email }}\n\n{% include 'partials/op.html' %}\n"
    html = render_page_template(_env(), markdown, {"operator": OPERATOR}, "docs/de/x.md", 5)
    assert html == "Mail: info@example.org\n\n<address>Bundesministerium X</address>\n"


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        (
            "Text\n\n{{ operatr.email }}\n",
            "docs/de/x.md:7: Den Platzhalter „operatr“ gibt es nicht.",
        ),
        ("Text\n{% include 'partials/nope.html' %}\n", "docs/de/x.md:6: Die Teilvorlage"),
        ("Text\n\nMail: {{ operator.email }\n", "docs/de/x.md:7: Platzhalter mit"),
    ],
)
def test_placeholder_mistakes_name_the_file_line(markdown: str, message: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        render_page_template(_env(), markdown, {"operator": OPERATOR}, "docs/de/x.md", 5)
    assert str(caught.value).startswith(message)


def test_markdown_start_line_counts_the_front_matter() -> None:
    source = "---\njinja: true\n---\n\n# Titel\n\nText\n"
    assert markdown_start_line(source, "# Titel\n\nText") == 5
    assert markdown_start_line("# Titel\n", "# Titel") == 1


def _break(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    if path.is_symlink():  # copy_project links everything but docs/ and mkdocs.yml
        target = path.resolve()
        path.unlink()
        shutil.copy(target, path)
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _replace_dir_link(project: Path, name: str) -> None:
    link = project / name
    target = link.resolve()
    link.unlink()
    shutil.copytree(target, link)


def test_every_broken_project_page_is_reported_at_once() -> None:
    broken = [
        ProjectPage("docs/de/projekte/a.md", "---\nname: A\n---\n", "a/"),
        _page(),
        _page("order: erster\n", name="b"),
    ]
    with pytest.raises(DiagnosticError) as caught:
        load_anchor_projects(broken, WEBSITES)
    assert [(d.path, d.key) for d in caught.value.diagnostics] == [
        ("docs/de/projekte/a.md", "description"),
        ("docs/de/projekte/b.md", "order"),
    ]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_content_data_mistakes_stop_the_build_all_in_one_message(tmp_path: Path) -> None:
    """Figures, project pages and operator data are read together: one build names all three."""
    config = copy_project(tmp_path / "project")
    project = config.parent
    _replace_dir_link(project, "data")
    operator_email = _line_of(config, "    email:")
    _break(project, "data/figures.yml", "    en: AI projects supported\n", "")
    _break(project, "docs/de/projekte/civic-data-lab.md", "description:", "summary:")
    _break(project, "mkdocs.yml", "    email: ", "    email: ''\n    old_email: ")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    for message in (
        "data/figures.yml:11: label: Die Beschriftung für „en“ fehlt.",
        "docs/de/projekte/civic-data-lab.md:1: description: Hier fehlt eine kurze Beschreibung",
        f"mkdocs.yml:{operator_email}: extra.operator.email: Diese Angabe fehlt.",
    ):
        assert message in result.output
    assert "Traceback" not in result.output
    assert "    en: AI projects supported\n" in ROOT.joinpath("data/figures.yml").read_text(
        encoding="utf-8"
    )  # original untouched


def test_a_placeholder_mistake_in_a_page_stops_the_build_with_file_and_line(
    tmp_path: Path,
) -> None:
    config = copy_project(tmp_path / "project")
    rel, old = "docs/de/impressum.md", "{{ operator.responsible | fact }}"
    line = _line_of(config.parent / rel, old)
    _break(config.parent, rel, old, "{{ operator.verantwortlich | fact }}")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert f"{rel}:{line}: Den Platzhalter „verantwortlich“ gibt es nicht." in result.output
    assert "Traceback" not in result.output
    assert old in ROOT.joinpath(rel).read_text(encoding="utf-8")  # original untouched
