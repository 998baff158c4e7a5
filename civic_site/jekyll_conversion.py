"""What one Jekyll post becomes: its Plan (event or page, and where) and its Conversion
(front matter, body, images to copy, diagnostics for the editor).

civic_site/jekyll_import.py fills these in; scripts/import_jekyll_cmd.py writes
`Conversion.text()` to `Conversion.target` and copies `Conversion.images`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from civic_site.diagnostics import WARNING, Diagnostic, Severity
from civic_site.german_text import Place, When
from civic_site.jekyll_site import Post
from civic_site.pretix_ref import PretixRef

PAGES_FOLDER = "beitraege"  # under docs/de/
IMAGES_FOLDER = "assets/images/imported"  # under docs/
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


@dataclass
class Plan:
    """The decision for one post, before its body is converted."""

    post: Post
    kind: str  # 'event' or 'page'
    target: str  # relative to the project root
    when: When | None = None
    place: Place | None = None
    entry: dict[str, Any] | None = None  # its entry in _data/events.yml
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def docs_path(self) -> str:
        """Where MkDocs sees the converted file (relative to docs/)."""
        if self.kind == "event":
            return f"de/events/{self.post.slug}.md"
        return self.target.removeprefix("docs/")


@dataclass
class Conversion:
    post: Post
    kind: str  # 'event' or 'page'
    target: str  # relative to the project root
    front: dict[str, Any]
    body: str
    images: list[tuple[Path, str]] = field(default_factory=list)  # (source, target in project)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pretix: PretixRef | None = None  # the event's registration, from its first pretix widget

    @property
    def base(self) -> str:
        """Folder (relative to docs/) that links in this file are resolved from."""
        return "de/events" if self.kind == "event" else f"de/{PAGES_FOLDER}"

    def text(self) -> str:
        return f"---\n{dump_front_matter(self.front)}---\n\n{self.body.strip()}\n"

    def report(self, line: int, message: str, severity: Severity = WARNING) -> None:
        self.diagnostics.append(self.post.diagnostic(line, message, severity))

    def relative(self, docs_path: str) -> str:
        """Link from this file to a file under docs/: a copied image, another converted post."""
        return posixpath.relpath(docs_path, self.base)

    def add_image(self, site: Path, reference: str, line: int = 1) -> str | None:
        """Plan copying an image of the Jekyll site; returns its path under docs/."""
        path = urlsplit(reference).path
        source = site / path.lstrip("/")
        if urlsplit(reference).scheme or not source.is_file():
            self.report(
                line, f"Bild „{reference}“ nicht in der Jekyll-Site gefunden: nicht übernommen."
            )
            return None
        target = f"{IMAGES_FOLDER}/{self.post.slug}/{source.name}"
        if (source, f"docs/{target}") not in self.images:
            self.images.append((source, f"docs/{target}"))
        return target


@dataclass
class ImportResult:
    conversions: list[Conversion]
    diagnostics: list[Diagnostic]  # not tied to one conversion (unreadable posts, events.yml)


def yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return (
        yaml.safe_dump(str(value), allow_unicode=True, default_style='"', width=10_000)
        .split("\n...", 1)[0]
        .strip()
    )


def dump_front_matter(front: dict[str, Any]) -> str:
    """YAML in a fixed key order, every text quoted (editors read and edit this)."""
    lines = []
    for key, value in front.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {yaml_scalar(v)}" for k, v in value.items() if v not in (None, "")]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {yaml_scalar(v)}" for v in value]
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    return "\n".join(lines) + "\n"
