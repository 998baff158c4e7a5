"""Bad input stops the strict build with MkDocs' own message, never a traceback (issue 2).

Each case builds a copy of the real project (real mkdocs.yml, hooks, theme and a copy of
docs/) with one mistake an editor could make: a broken internal link, a page missing
from `nav:`, or an unknown Markdown extension in mkdocs.yml.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, BuildResult, run_mkdocs_build

# Not linked into the copy: build output, caches, and what each case copies to change it.
_SKIPPED = {"docs", "mkdocs.yml", "site", ".git", ".venv", "node_modules", ".cache", "screenshots"}


def copy_project(target: Path) -> Path:
    """A copy of the project with its own docs/ and mkdocs.yml; the rest are symlinks."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name not in _SKIPPED and not entry.name.startswith(".pytest"):
            (target / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target / "mkdocs.yml"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def link_to_missing_page(project: Path) -> None:
    _append(project / "docs/de/initiative.md", "\n[Mehr dazu](gibt-es-nicht.md)\n")


def link_to_missing_anchor(project: Path) -> None:
    _append(project / "docs/en/initiative.md", "\n[More](mitmachen.md#no-such-heading)\n")


def link_to_missing_folder(project: Path) -> None:
    _append(project / "docs/de/mitmachen.md", "\n[Termine](../termine-gibt-es-nicht/)\n")


def page_missing_from_nav(project: Path) -> None:
    for lang, title in (("de", "Neue Seite"), ("en", "New page")):
        (project / f"docs/{lang}/neue-seite.md").write_text(f"# {title}\n", encoding="utf-8")


def unknown_markdown_extension(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nmarkdown_extensions:\n") == 1
    config.write_text(
        text.replace("\nmarkdown_extensions:\n", "\nmarkdown_extensions:\n  - gibts_nicht_ext\n"),
        encoding="utf-8",
    )


def _build(tmp_path: Path, mistake: Callable[[Path], None] | None) -> BuildResult:
    config = copy_project(tmp_path / "project")
    if mistake:
        mistake(config.parent)
    return run_mkdocs_build(config, tmp_path / "site")


def test_the_unchanged_copy_builds(tmp_path: Path) -> None:
    """Control: the failures below come from the mistakes, not from the copying."""
    result = _build(tmp_path, None)
    assert result.returncode == 0, result.output


@pytest.mark.parametrize(
    ("mistake", "expected_message"),
    [
        (
            link_to_missing_page,
            "Doc file 'de/initiative.md' contains a link 'gibt-es-nicht.md', but the target "
            "'de/gibt-es-nicht.md' is not found among documentation files.",
        ),
        (
            link_to_missing_anchor,
            "Doc file 'en/initiative.md' contains a link 'mitmachen.md#no-such-heading', "
            "but the doc 'en/mitmachen.md' does not contain an anchor '#no-such-heading'.",
        ),
        (
            link_to_missing_folder,
            "Doc file 'de/mitmachen.md' contains an unrecognized relative link "
            "'../termine-gibt-es-nicht/'",
        ),
        (
            page_missing_from_nav,
            'The following pages exist in the docs directory, but are not included in the "nav" '
            "configuration:\n  - de/neue-seite.md",
        ),
        (
            unknown_markdown_extension,
            "Config value 'markdown_extensions': Failed to load extension 'gibts_nicht_ext'.",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", "msg"),
)
def test_mistake_fails_the_build_with_a_plain_message(
    tmp_path: Path, mistake: Callable[[Path], None], expected_message: str
) -> None:
    result = _build(tmp_path, mistake)
    assert result.returncode != 0, result.output
    assert expected_message in result.output
    assert "Aborted with" in result.output
    assert "Traceback" not in result.output
