"""`check --format github`: workflow commands on the right file and line, and the German
summary in $GITHUB_STEP_SUMMARY (issue 13, "Errors where the editor looks").

Escaping as GitHub's runner reads workflow commands (actions/toolkit, command.ts):
data (the message) escapes % CR LF as %25 %0D %0A; properties (file, title) escape
those and also : and , as %3A and %2C.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from civic_site.check_report import (
    KINDS,
    github_annotations,
    kind_of,
    step_summary,
)
from civic_site.content_check import check_content
from civic_site.diagnostics import ERROR, INFO, WARNING, diagnostic, format_github
from scripts.__main__ import main as scripts_main
from tests.projects import copy_config, tmp_project
from tests.sitebuild import ROOT

SERIES = "reihe:\n  name: {de: Reihe, en: Series}\n"
EVENT = """\
---
title: "Treffen"
teaser: "Ein Treffen."
start: "2026-05-12 18:00"
location:
  name: "Innovation Office"
---

Text.
"""
COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_real_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI runs these tests inside GitHub Actions: never write into the real summary."""
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_config(tmp_path, ("index.md", "mitmachen.md", "events/index.md"))
    tmp_project(tmp_path)
    write(tmp_path, "events/series.yml", SERIES)
    for lang in ("de", "en"):
        write(tmp_path, f"docs/{lang}/index.md", "# Start\n\n[Mitmachen](mitmachen.md)\n")
        write(tmp_path, f"docs/{lang}/mitmachen.md", "# Mitmachen\n")
    return tmp_path


@pytest.fixture
def run_check(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    def run(root: Path, *options: str) -> tuple[int, str]:
        capsys.readouterr()
        code = scripts_main(["check", "--root", str(root), *options])
        return code, capsys.readouterr().out

    return run


def unescape(value: str) -> str:
    """What GitHub's runner reads back from an escaped property or message."""
    for escaped, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n")):
        value = value.replace(escaped, char)
    return value.replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match.group("props").split(","))
    return match.group("command"), props, match.group("data")


# --------------------------------------------------------------------------- escaping


def test_escaping_follows_the_runner_rules() -> None:
    item = diagnostic("docs/de/a,b:c%d.md", 5, "start", "50% a\r\nb: c, d")
    line = format_github(item, title="Titel: x, y%")
    assert line == (
        "::error file=docs/de/a%2Cb%3Ac%25d.md,line=5,title=Titel%3A x%2C y%25"
        "::start: 50%25 a%0D%0Ab: c, d"
    )
    # The percent sign is escaped first: a literal "%0A" stays text, not a line break.
    assert format_github(diagnostic("a.md", 1, "", "%0A")).endswith("::%250A")


def test_each_severity_has_its_command() -> None:
    made = [
        format_github(diagnostic("a.md", 2, "", "x", severity))
        for severity in (ERROR, WARNING, INFO)
    ]
    assert [parse(line)[0] for line in made] == ["error", "warning", "notice"]
    assert parse(made[0])[1] == {"file": "a.md", "line": "2", "title": "Inhalt"}


def test_annotations_put_errors_first_and_keep_everything() -> None:
    items = [diagnostic(f"docs/de/w{i}.md", 1, "", "w", WARNING) for i in range(12)]
    items += [diagnostic(f"events/de/e{i}.md", i + 1, "start", "kaputt") for i in range(12)]
    items += [diagnostic("events/de/h.md", 1, "", "nur auf Deutsch (…)", INFO)]
    lines = github_annotations(sorted(items))
    commands = [parse(line)[0] for line in lines]
    assert commands == ["error"] * 12 + ["warning"] * 12 + ["notice"]


# --------------------------------------------------------------------------- each kind


def _break(project: Path, kind: str) -> tuple[str, int]:
    """Make one problem of `kind`; returns the file and line it must be reported on."""
    if kind == "event":
        write(project, "events/de/treffen.md", EVENT.replace("2026-05-12 18:00", "12.5.2026"))
        write(project, "events/en/treffen.md", EVENT.replace("2026-05-12 18:00", "12.5.2026"))
        return "events/de/treffen.md", 4
    if kind == "front_matter":
        write(project, "docs/de/mitmachen.md", "---\ntitle: [kaputt\n---\n# Mitmachen\n")
        return "docs/de/mitmachen.md", 3
    if kind == "link":
        write(project, "docs/de/mitmachen.md", "# Mitmachen\n\n[Kontakt](kontakt.md)\n")
        return "docs/de/mitmachen.md", 3
    if kind == "nav":
        write(project, "docs/de/rueckblicke2/abend.md", "# Rückblick\n")
        write(project, "docs/en/rueckblicke2/abend.md", "# Recap\n")
        return "docs/de/rueckblicke2/abend.md", 1
    if kind == "tag":
        write(project, "docs/de/mitmachen.md", "# Mitmachen\n\n{% include gallery.html %}\n")
        return "docs/de/mitmachen.md", 3
    if kind == "translation":
        write(project, "events/de/nur-de.md", EVENT)
        return "events/de/nur-de.md", 1
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("event", "error"),
        ("front_matter", "error"),
        ("link", "error"),
        ("nav", "error"),
        ("tag", "error"),
        ("translation", "notice"),
    ],
)
def test_each_kind_of_problem_becomes_a_workflow_command_on_its_line(
    project: Path, run_check: Callable[..., tuple[int, str]], kind: str, command: str
) -> None:
    path, line = _break(project, kind)
    code, out = run_check(project, "--format", "github")
    assert code == (1 if command == "error" else 0), out
    found = [parse(text) for text in out.splitlines() if COMMAND.match(text)]
    ours = [(cmd, props, data) for cmd, props, data in found if props["file"] == path]
    assert ours, out
    cmd, props, data = ours[0]
    assert (cmd, props["line"]) == (command, str(line)), out
    assert unescape(props["title"]) == KINDS[kind].title
    assert data
    assert [kind_of(item) for item in check_content(project) if item.path == path][0] == kind


def test_default_output_is_unchanged_text(
    project: Path, run_check: Callable[..., tuple[int, str]]
) -> None:
    _break(project, "link")
    code, out = run_check(project)
    assert code == 1
    assert "docs/de/mitmachen.md:3: Link „kontakt.md“" in out
    assert "::" not in out
    code, out = run_check(project, "--format", "text")
    assert "::" not in out and "docs/de/mitmachen.md:3:" in out


def test_github_format_keeps_the_plain_lines_in_a_group_and_the_counts(
    project: Path, run_check: Callable[..., tuple[int, str]]
) -> None:
    _break(project, "link")
    _break(project, "translation")
    _, out = run_check(project, "--format", "github")
    lines = out.splitlines()
    first_plain = lines.index("::group::Alle Meldungen als Text")
    assert all(COMMAND.match(line) for line in lines[:first_plain])
    assert "docs/de/mitmachen.md:3: Link „kontakt.md“" in "\n".join(lines[first_plain:])
    assert "::endgroup::" in lines
    assert "1 Fehler, 0 Warnungen, 1 Hinweise" in out


# --------------------------------------------------------------------------- step summary


@pytest.fixture
def summary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "step_summary.md"
    path.write_text("# Vorher da\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    return path


def test_summary_lists_every_problem_by_file_and_says_how_to_fix_it(
    project: Path,
    run_check: Callable[..., tuple[int, str]],
    summary_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "civic/site")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    for kind in ("event", "link", "nav", "translation"):
        _break(project, kind)
    links = "".join(f"[x{j}](fehlt{j}.md)\n" for j in range(12))  # more than 10 annotations
    write(project, "docs/de/mitmachen.md", "# M\n\n" + links)
    code, _ = run_check(project, "--format", "github")
    assert code == 1
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("# Vorher da\n")  # appended, never overwritten
    assert "## Prüfung der Inhalte: " in text
    # Grouped by file, every problem listed (12 broken links: more than 10 annotations).
    assert text.count("`docs/de/mitmachen.md`") == 1
    assert sum("fehlt" in row and row.startswith("| ") for row in text.splitlines()) >= 12
    assert "| 4 | Fehler | start: „12.5.2026“" in text
    assert "### Was zu tun ist" in text
    for kind in ("event", "link", "nav", "translation"):
        assert KINDS[kind].advice in text
        link = f"https://github.com/civic/site/blob/abc123/REDAKTION.md#{KINDS[kind].anchor}"
        assert link in text


def test_summary_is_written_with_the_default_format_too_and_when_all_is_well(
    project: Path, run_check: Callable[..., tuple[int, str]], summary_file: Path
) -> None:
    code, out = run_check(project)
    assert code == 0
    assert "::" not in out
    text = summary_file.read_text(encoding="utf-8")
    assert "## Prüfung der Inhalte: keine Fehler" in text
    assert "Was zu tun ist" not in text


def test_summary_cells_escape_table_and_html_characters() -> None:
    item = diagnostic("docs/de/a|b.md", 3, "", "a | b\nc <script> & `x`")
    text = step_summary([item])
    row = next(line for line in text.splitlines() if line.startswith("| 3 "))
    assert len(re.split(r"(?<!\\)\|", row)) == 5  # three cells, no extra column
    assert "a \\| b<br>c &lt;script&gt; &amp; `x`" in row
    assert "`docs/de/a|b.md`" in text or "docs/de/a\\|b.md" in text


def test_summary_links_point_at_headings_that_exist_in_the_guide() -> None:
    headings = re.findall(r"^#{2,4} (.+)$", (ROOT / "REDAKTION.md").read_text("utf-8"), re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
    for name, kind in KINDS.items():
        assert kind.anchor in anchors, (name, kind.anchor, sorted(anchors))


# --------------------------------------------------------------------------- CI


def test_ci_checks_content_in_its_own_first_job_and_annotates_the_build() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    name, job = next(iter(jobs.items()))
    assert name == "check" and job["name"] == "check"
    assert not job.get("needs"), "starts at once, next to the long tests"
    runs = [step.get("run", "") for step in job["steps"]]
    assert 'make check ARGS="--format github"' in runs
    assert runs[-1] == ".venv/bin/python -m scripts build-annotations -- make build"
    assert runs.index('make check ARGS="--format github"') < len(runs) - 1
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "\t$(BIN)/python -m scripts check $(ARGS)\n" in makefile


def test_links_inside_the_guide_lead_to_its_headings() -> None:
    text = (ROOT / "REDAKTION.md").read_text("utf-8")
    headings = re.findall(r"^#{1,4} (.+)$", text, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and sorted(set(links) - anchors) == []
