"""Which pages a pull request adds or alters, with their paths in the preview, and the
German job summary that tells the editor how to open it (python -m scripts preview-summary)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from civic_site.offline_preview import (
    MissingShimError,
    add_shim_polyfill,
    is_offline_preview,
    offline_config_problem,
    shim_files,
)
from civic_site.preview_pages import (
    PageVersion,
    changed_pages,
    parse_name_status,
    preview_summary,
)
from civic_site.project import Project, load_project
from tests.sitebuild import ROOT


def _project(root: Path) -> Project:
    """A two-language project at `root` with the preview's file URLs."""
    for folder in ("docs/de", "docs/en", "events/de", "events/en"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return Project(
        root=root,
        docs_dir=root / "docs",
        theme_dir=root / "overrides",
        languages=("de", "en"),
        default_language="de",
        directory_urls=False,
    )


def _touch(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x", encoding="utf-8")


def _versions(page) -> dict[str, tuple[str | None, str]]:
    return {v.lang: (v.path, v.status) for v in page.versions}


def test_a_page_changed_in_both_languages(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/de/initiative.md", "docs/en/initiative.md")
    pages, others = changed_pages(
        {"docs/de/initiative.md": "M", "docs/en/initiative.md": "M"}, project
    )
    assert others == []
    assert [p.title for p in pages] == ["initiative.md"]
    assert pages[0].sources == ("docs/de/initiative.md", "docs/en/initiative.md")
    assert _versions(pages[0]) == {
        "de": ("initiative.html", "changed"),
        "en": ("en/initiative.html", "changed"),
    }


def test_a_german_change_shows_the_untouched_translation_and_the_fallback(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/de/projekte/neu.md", "docs/de/mitmachen.md", "docs/en/mitmachen.md")
    pages, _ = changed_pages({"docs/de/projekte/neu.md": "A", "docs/de/mitmachen.md": "M"}, project)
    by_title = {p.title: _versions(p) for p in pages}
    assert by_title["projekte/neu.md"] == {
        "de": ("projekte/neu.html", "added"),
        "en": ("en/projekte/neu.html", "fallback-added"),  # English page, German text
    }
    assert by_title["mitmachen.md"] == {
        "de": ("mitmachen.html", "changed"),
        "en": ("en/mitmachen.html", "unchanged"),  # the translation may need the change too
    }


def test_an_english_only_page_has_no_german_version(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/en/only.md")
    pages, _ = changed_pages({"docs/en/only.md": "A"}, project)
    assert _versions(pages[0]) == {"de": (None, "absent"), "en": ("en/only.html", "added")}


def test_a_removed_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/en/alt.md")
    pages, _ = changed_pages({"docs/de/alt.md": "D"}, project)
    assert _versions(pages[0]) == {"de": (None, "removed"), "en": ("en/alt.html", "unchanged")}


def test_events_appear_in_every_language(tmp_path: Path) -> None:
    """An event without translation is shown on every language's site (its own text)."""
    project = _project(tmp_path)
    _touch(tmp_path, "events/de/treffen.md", "events/en/meetup.md")
    pages, _ = changed_pages({"events/de/treffen.md": "A", "events/en/meetup.md": "M"}, project)
    by_title = {p.title: _versions(p) for p in pages}
    assert by_title["treffen"] == {
        "de": ("events/treffen.html", "added"),
        "en": ("en/events/treffen.html", "fallback-added"),
    }
    assert by_title["meetup"] == {
        "de": ("events/meetup.html", "fallback-changed"),
        "en": ("en/events/meetup.html", "changed"),
    }


def test_directory_urls_give_the_published_paths(tmp_path: Path) -> None:
    project = Project(**{**_project(tmp_path).__dict__, "directory_urls": True})
    _touch(tmp_path, "events/de/treffen.md")
    pages, _ = changed_pages({"events/de/treffen.md": "M"}, project)
    assert _versions(pages[0])["en"] == ("en/events/treffen/", "fallback-changed")


def test_other_files_are_listed_apart(tmp_path: Path) -> None:
    project = _project(tmp_path)
    changes = {
        "mkdocs.yml": "M",
        "docs/assets/css/civic.css": "M",
        "events/series.yml": "M",
        "docs/de/bild.png": "A",
        "docs/fr/x.md": "A",  # not a site language
        "README.md": "M",
    }
    pages, others = changed_pages(changes, project)
    assert pages == []
    assert others == sorted(changes)


def test_parse_name_status() -> None:
    text = "M\tdocs/de/a.md\nA\tevents/en/b.md\nD\tdocs/en/c.md\n\n"
    assert parse_name_status(text) == {
        "docs/de/a.md": "M",
        "events/en/b.md": "A",
        "docs/en/c.md": "D",
    }


def test_the_summary_tells_the_editor_what_to_do_in_german(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/de/initiative.md", "docs/en/initiative.md", "events/de/treffen.md")
    changes = {"docs/de/initiative.md": "M", "events/de/treffen.md": "A", "mkdocs.yml": "M"}
    pages, others = changed_pages(changes, project)
    text = preview_summary(pages, others, project, "vorschau-pr-7", "https://example.org/a/1")
    assert "vorschau-pr-7" in text and "https://example.org/a/1" in text
    assert "entpacken" in text and "index.html" in text and "Codespaces" in text
    assert text.index("entpacken") < text.index("`index.html`")
    assert "| Deutsch | Englisch |" in text
    assert "`initiative.html`" in text and "`en/initiative.html`" in text
    assert "`events/treffen.html`" in text and "`en/events/treffen.html`" in text
    assert "`mkdocs.yml`" in text
    for english in ("changed", "added", "fallback", "unchanged"):
        assert english not in text


def test_the_summary_without_pages(tmp_path: Path) -> None:
    project = _project(tmp_path)
    text = preview_summary([], ["Makefile"], project, "vorschau-pr-8")
    assert "keine einzelne Seite" in text and "`Makefile`" in text


def test_file_names_cannot_break_the_table(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _touch(tmp_path, "docs/de/a|b`c.md")
    pages, _ = changed_pages({"docs/de/a|b`c.md": "A"}, project)
    text = preview_summary(pages, [], project, "vorschau-pr-9")
    row = next(line for line in text.splitlines() if "a" in line and "b" in line and "c.md" in line)
    assert row.count("|") - row.count("\\|") == 4  # three columns


def test_page_version_labels_are_german() -> None:
    version = PageVersion("en", "en/x.html", "fallback-changed", shown_lang="de")
    assert version.label() == "geändert, Text auf Deutsch (keine Übersetzung)"
    assert (
        PageVersion("de", "x.html", "fallback-added", "en")
        .label()
        .endswith("Text auf Englisch (keine Übersetzung)")
    )


# ------------------------------------------------------------------- the command


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    proc = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_command_writes_the_job_summary(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "mkdocs.preview.yml", root / "mkdocs.preview.yml")
    _touch(root, "docs/de/initiative.md", "docs/en/initiative.md", "docs/de/index.md")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "mkdocs.yml", "mkdocs.preview.yml", "docs")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "change")
    (root / "docs/de/initiative.md").write_text("neu", encoding="utf-8")
    _touch(root, "events/de/treffen.md")
    _git(root, "add", "docs", "events")
    _git(root, "commit", "-q", "-m", "change")

    summary = tmp_path / "summary.md"
    summary.write_text("vorher\n", encoding="utf-8")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    command = [sys.executable, "-m", "scripts", "preview-summary", "--root", str(root)]
    command += ["--base", "main", "--artifact", "vorschau-pr-3"]
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("vorher\n"), "appended, never overwritten"
    assert "`initiative.html`" in text and "`en/events/treffen.html`" in text
    assert "index.md" not in text, "unchanged pages are not listed"

    proc = subprocess.run(
        [*command[:-4], "--base", "gibt-es-nicht", "--artifact", "x"],
        cwd=ROOT,
        env={**os.environ, "GITHUB_STEP_SUMMARY": ""},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "gibt-es-nicht" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_preview_config_is_read_by_default() -> None:
    project = load_project(ROOT / "mkdocs.preview.yml")
    assert project.directory_urls is False and is_offline_preview(project.extra)


# ------------------------------------------------------------ offline settings and the shim


def test_offline_settings() -> None:
    assert offline_config_problem({}, True) is None
    assert offline_config_problem({"offline": True}, False) is None
    assert "use_directory_urls: false" in offline_config_problem({"offline": True}, True)
    assert "true oder false" in offline_config_problem({"offline": "ja"}, False)
    extra: dict = {"polyfills": ["a.js"]}
    add_shim_polyfill(extra)
    add_shim_polyfill(extra)
    assert extra["polyfills"] == ["assets/vendor/iframe-worker/shim.js", "a.js"]


def test_the_shim_carries_its_licence(tmp_path: Path) -> None:
    package = tmp_path / "iframe-worker"
    (package / "shim").mkdir(parents=True)
    manifest = {"version": "9.9.9", "license": "MIT", "author": {"name": "Jane Doe"}}
    (package / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    (package / "shim" / "index.js").write_text("shim();", encoding="utf-8")
    (package / "LICENSE").write_text("Permission is hereby granted", encoding="utf-8")
    files = shim_files(tmp_path)
    shim = files["assets/vendor/iframe-worker/shim.js"].decode("utf-8")
    assert shim.splitlines()[0].startswith("/*! iframe-worker 9.9.9 | MIT License | (c) Jane Doe")
    assert shim.endswith("shim();")
    assert files["assets/vendor/iframe-worker/LICENSE"] == b"Permission is hereby granted"


def test_a_missing_shim_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(MissingShimError, match="npm ci --omit=dev"):
        shim_files(tmp_path)


def test_the_summary_points_at_a_section_the_editors_guide_has(tmp_path: Path) -> None:
    text = preview_summary([], [], _project(tmp_path), "vorschau-pr-1")
    section = re.search(r"REDAKTION\.md, „([^“]+)“", text).group(1)
    guide = (ROOT / "REDAKTION.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ {re.escape(section)}$", guide, re.MULTILINE), section
