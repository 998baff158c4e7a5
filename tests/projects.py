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
