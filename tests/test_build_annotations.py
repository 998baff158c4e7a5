# ruff: noqa: E501  (LOG holds MkDocs' log lines verbatim)
"""`python -m scripts build-annotations`: what only the build finds, on the right line in
the pull request too (issue 13). MkDocs' English warnings and our `path:line: message`
errors become workflow commands with German messages; the log itself passes through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from civic_site.build_log import build_diagnostics
from civic_site.nav_check import OMITTED_MESSAGE
from tests.projects import copy_config, tmp_project
from tests.sitebuild import ROOT
from tests.test_check_nav import copy_project

LOG = """\
INFO    -  mkdocs_static_i18n: Building 'de' documentation to directory: /tmp/site
WARNING -  The following pages exist in the docs directory, but are not included in the "nav" configuration:
  - de/foerderung.md
  - de/neu/seite.md
WARNING -  Doc file 'de/mitmachen.md' contains a link 'weg.md', but the target 'de/weg.md' is not found among documentation files.
WARNING -  Doc file 'de/mitmachen.md' contains a link 'index.md#nope', but the doc 'de/index.md' does not contain an anchor '#nope'.
WARNING -  Doc file 'de/mitmachen.md' contains a link '#oben', but there is no such anchor on this page.
WARNING -  Doc file 'de/mitmachen.md' contains an unrecognized relative link 'initiative/', it was left as is. Did you mean 'initiative.md'?
WARNING -  A reference to 'foerderung2.md' is included in the 'nav' configuration, which is not found in the documentation files.
INFO    -  mkdocs_static_i18n: Building 'en' documentation to directory: /tmp/site/en
WARNING -  Doc file 'de/mitmachen.md' contains a link 'index.md#nope', but the doc 'en/index.md' does not contain an anchor '#nope'.
WARNING -  Doc file 'en/events/treffen.md' contains a link '../weg.md', but the target 'en/weg.md' is not found among documentation files.
ERROR   -  Fehler in Veranstaltungsdateien:
events/de/treffen.md:4: start: „morgen“ hat nicht die erwartete Form.
WARNING -  Something new, 50% sure: it fails.

Aborted with 7 warnings in strict mode!
"""
MITMACHEN = (
    "# Mitmachen\n\n## Oben\n\n[weg](weg.md)\n[a](index.md#nope) [b](#oben)\n[c](initiative/)\n"
)


def nav_line(project: Path) -> int:
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return lines.index("  - foerderung2.md") + 1


@pytest.fixture(autouse=True)
def _no_real_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    tmp_project(tmp_path)
    copy_config(tmp_path, ("index.md", "foerderung2.md"))
    for rel, text in {
        "docs/de/mitmachen.md": MITMACHEN,
        "docs/de/foerderung.md": "# F\n",
        "docs/de/neu/seite.md": "# S\n",
        "events/de/treffen.md": "---\ntitle: x\n---\n\nText\n",
        "events/en/treffen.md": "---\ntitle: x\n---\n\n[zurück](../weg.md)\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_build_messages_become_german_diagnostics_on_their_lines(project: Path) -> None:
    found = [str(item) for item in build_diagnostics(LOG.splitlines(), project)]
    assert found == [
        f"docs/de/foerderung.md:1: {OMITTED_MESSAGE}",
        "docs/de/mitmachen.md:5: Link „weg.md“: Die Seite docs/de/weg.md gibt es nicht.",
        "docs/de/mitmachen.md:6: Link „#oben“: Diese Sprungmarke (Überschrift) gibt es auf "
        "der Seite nicht (mehr).",
        "docs/de/mitmachen.md:6: Link „index.md#nope“: Diese Sprungmarke (Überschrift) gibt es "
        "auf der Zielseite nicht (mehr).",
        "docs/de/mitmachen.md:7: Link „initiative/“: Bitte auf die Markdown-Datei verlinken "
        "(mit .md am Ende); solche Links erkennt die Website nicht. Meinten Sie „initiative.md“?",
        f"docs/de/neu/seite.md:1: {OMITTED_MESSAGE}",
        "events/de/treffen.md:4: start: „morgen“ hat nicht die erwartete Form.",
        "events/en/treffen.md:5: Link „../weg.md“: Die Seite docs/en/weg.md gibt es nicht.",
        f"mkdocs.yml:{nav_line(project)}: nav: Den Menüeintrag „foerderung2.md“ gibt es nicht "
        "als Seite.",
        "Something new, 50% sure: it fails.",
    ]


def test_annotations_and_exit_code_of_the_wrapped_command(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scripts.__main__ import main

    log = tmp_path / "build.log"
    log.write_text(LOG, encoding="utf-8")
    command = [sys.executable, "-c", f"import sys; print(open({str(log)!r}).read()); sys.exit(1)"]
    code = main(["build-annotations", "--root", str(project), "--", *command])
    out = capsys.readouterr().out
    assert code == 1
    assert LOG.splitlines()[1] in out  # the log passes through unchanged
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith(("::error", "::warning"))]
    assert annotations[0] == (
        f"::error file=docs/de/foerderung.md,line=1,title=Menü (nav)::{OMITTED_MESSAGE}"
    )
    line = nav_line(project)
    assert f"::error file=mkdocs.yml,line={line},title=Menü (nav)::nav: Den Menüeintrag" in out
    assert "::error title=Beim Bauen::Something new, 50%25 sure: it fails." in out
    assert len(annotations) == 10


def test_a_failed_build_without_known_messages_still_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scripts.__main__ import main

    command = [
        sys.executable,
        "-c",
        "import sys; print('Traceback (most recent call last):'); sys.exit(3)",
    ]
    assert main(["build-annotations", "--root", str(project), "--", *command]) == 3
    out = capsys.readouterr().out
    assert "::error title=Beim Bauen::Der Bau ist fehlgeschlagen" in out


def test_stdin_mode_and_the_summary(project: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts", "build-annotations", "--root", str(project)],
        input=LOG,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(LOG)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Bauen der Website: 10 Fehler")
    assert "**`docs/de/mitmachen.md`**" in text
    assert "**ohne Datei**" in text and "Something new, 50% sure" in text


@pytest.mark.slow
def test_a_real_build_annotates_what_check_cannot_know(tmp_path: Path) -> None:
    """A link to a heading that does not exist: only the build sees the page's anchors."""
    project = copy_project(tmp_path / "project")
    page = project / "docs/de/mitmachen.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n[Start](index.md#gibt-es-nicht)\n", "utf-8"
    )
    line = len(page.read_text(encoding="utf-8").splitlines())
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    build += ["--site-dir", str(tmp_path / "site")]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts",
            "build-annotations",
            "--root",
            str(project),
            "--",
            *build,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "contains a link 'index.md#gibt-es-nicht'" in proc.stdout  # the original log
    assert (
        f"::error file=docs/de/mitmachen.md,line={line},title=Link oder Bild::"
        "Link „index.md#gibt-es-nicht“: Diese Sprungmarke" in proc.stdout
    )
