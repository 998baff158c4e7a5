"""Small throw-away projects for unit tests of validation code (no build)."""

from __future__ import annotations

from pathlib import Path

from civic_site.project import Project
from tests.sitebuild import ROOT


def tmp_project(root: Path, languages: tuple[str, ...] = ("de", "en")) -> Project:
    """A project at `root` with the real event schema and empty docs/ and events/ folders."""
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    schema = root / "schemas" / "event.schema.json"
    if not schema.exists():
        schema.symlink_to(ROOT / "schemas" / "event.schema.json")
    for lang in languages:
        (root / "docs" / lang).mkdir(parents=True, exist_ok=True)
    (root / "events").mkdir(exist_ok=True)
    return Project(
        root=root,
        docs_dir=root / "docs",
        theme_dir=root / "overrides",
        languages=languages,
        default_language=languages[0],
    )


def copy_config(root: Path, nav: tuple[str, ...], omitted_files: str = "warn") -> Path:
    """The real mkdocs.yml at `root`, its `nav:` replaced by `nav` (pages of the test).

    With `omitted_files="info"`, pages outside the menu are no problem (for tests of
    other checks); the menu itself is tested in tests/test_check_nav.py.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("\nnav:\n") + 1
    end = text.index("\n\n", start)
    text = text[:start] + "nav:\n" + "".join(f"  - {page}\n" for page in nav) + text[end + 1 :]
    assert "    omitted_files: warn\n" in text
    text = text.replace("    omitted_files: warn\n", f"    omitted_files: {omitted_files}\n")
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config
