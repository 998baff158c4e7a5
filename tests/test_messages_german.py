"""Every message an editor sees is German (issue 13: no "erwartet object"): no English
from PyYAML, jsonschema or Jinja leaks through, for any shape of wrong input."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from civic_site.content_check import check_content
from civic_site.diagnostics import DiagnosticError
from civic_site.figures import parse_figures
from civic_site.frontmatter import FrontMatterError, parse_document
from civic_site.page_templates import render_page_template
from civic_site.projects import ProjectPage, read_project
from tests.projects import copy_config, tmp_project

# English words that never occur in our German texts. Quoted input („…“, `…`, '…') and
# the names of keys and values (online, true, https …) are removed before the search.
ENGLISH = re.compile(
    r"\b(expected|expecting|object|string|integer|boolean|array|null|found|could|not|is|"
    r"the|of|was|were|while|mapping|scanning|parsing|token|character|stream|allowed|"
    r"unexpected|undefined|looking|tags|valid|required|property|properties|additional|"
    r"does|should|must|match|pattern|schema|got|but|none|instance|template|end of)\b"
)
QUOTED = re.compile(r"„[^“]*“|`[^`]*`|'[^']*'|\"[^\"]*\"")

EVENT = (
    '---\ntitle: "T"\nteaser: "X"\nstart: "2026-05-12 18:00"\nlocation:\n  name: "O"\n'
    "{extra}---\n\nText\n"
)
KEYS = [
    "title",
    "teaser",
    "start",
    "end",
    "admission",
    "location",
    "online",
    "series",
    "categories",
    "authors",
    "date",
    "header_image",
    "pretix",
    "registration_url",
    "recap",
    "cancelled",
    "lang",
]
VALUES = ("{a: 1}", "[1, 2]", "12", "true", "null", '""', "' '", "2026-13-45", "http://x")
BROKEN_YAML = (
    'title: "a: b: c',
    "title: a\n\tteaser: b",
    "title: [a",
    "title: {a",
    "- a\n- b",
    "title: 'a",
    "  title: a\nteaser: b",
    "title: *a",
    "title: a\n  b: c",
    'title: "a" b',
    "!!python/object x: 1",
    "title: @x",
    "title: %x",
    'title: "a\\qb"',
    "title: a\nteaser: b\n    c: d",
    "? [a]\n: b",
    "title: &a x\nteaser: &a y",
    "title: !x y",
)


def english_words(message: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub("", message))


def test_the_word_list_finds_what_leaked_before() -> None:
    assert english_words("Hier gehört ein Text hin (erwartet object).") == ["object"]
    assert english_words("kein gültiges YAML (mapping values are not allowed here).")
    assert not english_words("Link „is not the one“: Die Seite docs/de/x.md gibt es nicht.")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_config(tmp_path, ("index.md", "events/index.md"), omitted_files="info")
    tmp_project(tmp_path)
    (tmp_path / "docs/de/index.md").write_text("# Start\n", encoding="utf-8")
    (tmp_path / "docs/en/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "events/series.yml").write_text("a:\n  name: {de: A, en: A}\n", "utf-8")
    (tmp_path / "events/de").mkdir()
    return tmp_path


def test_event_front_matter_of_every_wrong_shape(project: Path) -> None:
    count = 0
    for key in KEYS:
        for value in VALUES:
            count += 1
            if key in ("title", "teaser", "start", "location"):
                text = re.sub(rf"^{key}:.*(\n  .*)*$", f"{key}: {value}", EVENT, flags=re.M)
                text = text.replace("{extra}", "")
            else:
                text = EVENT.replace("{extra}", f"{key}: {value}\n")
            (project / f"events/de/e{count}.md").write_text(text, encoding="utf-8")
    for nested in ("location:\n  name: O\n  online: 12\n  extra: x\n", "pretix:\n  event: 1\n"):
        count += 1
        text = EVENT.replace('location:\n  name: "O"\n', nested).replace("{extra}", "")
        (project / f"events/de/e{count}.md").write_text(text, encoding="utf-8")
    findings = check_content(project)
    assert len(findings) > len(KEYS) * 3
    leaks = {str(item): english_words(item.message) for item in findings}
    assert {text: words for text, words in leaks.items() if words} == {}


@pytest.mark.parametrize("front_matter", BROKEN_YAML)
def test_broken_yaml_is_explained_in_german(front_matter: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_document(f"---\n{front_matter}\n---\n# x\n")
    message = caught.value.message
    assert message.startswith("Das Front Matter ist kein gültiges YAML: ") or (
        "Front Matter" in message
    ), message
    assert english_words(message) == [], message


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("{% if x %}a", "„{% endif %}“"),
        ("{% for x in y %}a", "„{% endfor %}“"),
        ("{{ operator.name ", "„}}“"),
        ("{% frobnicate %}", "„frobnicate“"),
        ("{{ a } }}", ""),
        ("{{ a ! b }}", ""),
        ("{% if %}{% endif %}", ""),
    ],
)
def test_broken_placeholders_are_explained_in_german(project: Path, body: str, hint: str) -> None:
    page = project / "docs/de/daten.md"
    page.write_text(f"---\njinja: true\n---\n\n# Daten\n\n{body}\n", encoding="utf-8")
    (project / "docs/en/daten.md").write_text("# Data\n", encoding="utf-8")
    messages = [f.message for f in check_content(project) if f.path == "docs/de/daten.md"]
    with pytest.raises(DiagnosticError) as caught:
        render_page_template(jinja2.Environment(), f"{body}\n", {}, "docs/de/daten.md", 7)
    messages.append(caught.value.diagnostics[0].message)
    for message in messages:
        assert message.startswith("Platzhalter mit {{ … }} oder {% … %} ist unvollständig")
        assert hint in message
        assert english_words(message) == [], message


def test_a_placeholder_that_cannot_be_filled(project: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        render_page_template(jinja2.Environment(), "{{ 1 / 0 }}\n", {}, "docs/de/x.md", 1)
    assert english_words(caught.value.diagnostics[0].message) == []


@pytest.mark.parametrize(
    "text",
    [
        "- value: [5\n",
        "{a: 1}\n",
        "- value: x\n  format: number\n  label: {de: a, en: b}\n",
        "- value: 5\n  format: prozent\n  label: {de: a}\n",
        "- 5\n",
    ],
)
def test_figures_file(text: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse_figures(text, ("de", "en"), "data/figures.yml")
    for item in caught.value.diagnostics:
        assert english_words(item.message) == [], item


@pytest.mark.parametrize(
    "front_matter",
    ["name: [x", "name: x", "name: x\ndescription: d\nlink: http://x", "order: eins"],
)
def test_project_cards(tmp_path: Path, front_matter: str) -> None:
    text = f"---\n{front_matter}\n---\n# X\n"
    page = ProjectPage(source="docs/de/projekte/x.md", text=text, url="projekte/x/")
    with pytest.raises(DiagnosticError) as caught:
        read_project(page)
    for item in caught.value.diagnostics:
        assert english_words(item.message) == [], item
