"""What one Jekyll document becomes: its Plan (event or page, language, where) and its
Conversion (front matter, body, images to copy, diagnostics for the editor).

civic_site/jekyll_import.py fills these in; scripts/import_jekyll_cmd.py writes
`Conversion.text()` to `Conversion.target` and copies `Conversion.images`, whose bytes
were read and checked once, when they were planned (civic_site/jekyll_safety.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from civic_site.diagnostics import WARNING, Diagnostic, Severity
from civic_site.german_text import Place, When
from civic_site.jekyll_config import JekyllConfig, url_key
from civic_site.jekyll_files import NotTakenError, read_image
from civic_site.jekyll_site import Post
from civic_site.pretix_ref import PretixRef

PAGES_FOLDER = "beitraege"  # under docs/<lang>/
IMAGES_FOLDER = "assets/images/imported"  # under docs/


@dataclass
class Plan:
    """The decision for one document, before its body is converted."""

    post: Post
    kind: str  # 'event' or 'page'
    lang: str  # the project language it goes into
    slug: str
    when: When | None = None
    place: Place | None = None
    entry: dict[str, Any] | None = None  # its event data (_data/events.yml or front matter)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def target(self) -> str:
        """Where the file is written, relative to the project root."""
        if self.kind == "event":
            return f"events/{self.lang}/{self.slug}.md"
        return f"docs/{self.lang}/{PAGES_FOLDER}/{self.slug}.md"

    def docs_path(self, from_lang: str, default_lang: str) -> str | None:
        """Where a page in `from_lang` finds this one (relative to docs/), or None when
        that language's site does not have it. Events are shown in every language; a
        page in the default language is shown in the others too (static-i18n fallback)."""
        if self.kind == "event":
            return f"{from_lang}/events/{self.slug}.md"
        if self.lang in (from_lang, default_lang):
            return f"{from_lang}/{PAGES_FOLDER}/{self.slug}.md"
        return None


@dataclass
class Conversion:
    post: Post
    kind: str  # 'event' or 'page'
    lang: str
    slug: str
    front: dict[str, Any]
    body: str
    # (path in the Jekyll site, target in the project, the checked bytes)
    images: list[tuple[str, str, bytes]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pretix: PretixRef | None = None  # the event's registration, from its first pretix widget
    # (target, is_image, line) → the rewritten target or None; set by convert_body
    resolve_link: Callable[[str, bool, int], str | None] = field(
        default=lambda target, is_image, line: target, repr=False
    )

    @property
    def target(self) -> str:
        if self.kind == "event":
            return f"events/{self.lang}/{self.slug}.md"
        return f"docs/{self.lang}/{PAGES_FOLDER}/{self.slug}.md"

    @property
    def base(self) -> str:
        """Folder (relative to docs/) that links in this file are resolved from."""
        return f"{self.lang}/events" if self.kind == "event" else f"{self.lang}/{PAGES_FOLDER}"

    def text(self) -> str:
        return f"---\n{dump_front_matter(self.front)}---\n\n{self.body.strip()}\n"

    def report(self, line: int, message: str, severity: Severity = WARNING) -> None:
        self.diagnostics.append(self.post.diagnostic(line, message, severity))

    def relative(self, docs_path: str) -> str:
        """Link from this file to a file under docs/: a copied image, another converted post."""
        return posixpath.relpath(docs_path, self.base)

    def add_image(
        self,
        site: Path,
        path: str | None,
        reference: str,
        line: int = 1,
        key: str = "",
    ) -> str | None:
        """Plan copying the image at `path` (inside the Jekyll site, from
        ImportContext.local_path); returns its path under docs/, or None (reported) when
        it is not taken: elsewhere, a symlink, not an image of the kind its name says,
        too big, or not there. `key` names the front-matter key it comes from."""
        what = f"{key}: Bild" if key else "Bild"
        rest = "Das Kopfbild entfällt." if key else "Nur der Alternativtext bleibt."
        if path is None:
            self.report(
                line,
                f"{what} „{reference}“ liegt nicht in der Jekyll-Website: nicht übernommen. {rest}",
            )
            return None
        try:
            data = read_image(site, path)
        except NotTakenError as exc:
            self.report(line, f"{what} nicht übernommen: {exc} {rest}")
            return None
        source = path.strip("/")
        for known_source, target, _ in self.images:
            if known_source == source:
                return target.removeprefix("docs/")
        taken = {target for _, target, _ in self.images}
        name = posixpath.basename(source)
        stem, suffix = posixpath.splitext(name)
        candidate, number = name, 1
        while f"docs/{IMAGES_FOLDER}/{self.slug}/{candidate}" in taken:
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        target = f"{IMAGES_FOLDER}/{self.slug}/{candidate}"
        self.images.append((source, f"docs/{target}", data))
        return target


@dataclass
class ImportContext:
    """What converting one document needs to know about the whole import."""

    site: Path
    config: JekyllConfig
    plans: dict[str, Plan]  # by the document's path in the Jekyll site
    default_lang: str
    pretix_organizer: str | None = None  # the Jekyll site's own pretix organizer
    keys: dict[str, str] = field(default_factory=dict)  # post_url key, rel, … → rel
    urls: dict[str, str] = field(default_factory=dict)  # url_key of old URLs → rel

    def plan_for(self, reference: str) -> Plan | None:
        """The plan of a document named by `{% post_url %}`/`{% link %}` or its old URL."""
        rel = self.keys.get(reference.strip().strip("/")) or self.urls.get(url_key(reference))
        return self.plans.get(rel) if rel else None

    def local_path(self, reference: str, post: Post) -> str | None:
        """The path inside the Jekyll site that a link or image reference names: its own
        address ('https://site.example/blog/a.png'), the base URL ('/blog/a.png'), a
        path relative to the post's old URL. None for other hosts and schemes; NotTakenError
        for a path that climbs out of the site."""
        parts = urlsplit(reference.strip())
        if parts.scheme or parts.netloc:
            own = urlsplit(self.config.base_url) if self.config.base_url else None
            same_host = own is not None and parts.netloc.lower() == own.netloc.lower()
            if not same_host or parts.scheme not in ("http", "https", ""):
                return None
        path = unquote(parts.path)
        if not path:
            return None
        if not path.startswith("/"):  # relative to the post's old URL
            directory = post.url if post.url.endswith("/") else posixpath.dirname(post.url)
            path = posixpath.join(directory or "/", path)
        path = normalized_path(path, reference)
        base = self.config.baseurl
        if base and (path == base or path.startswith(f"{base}/")):
            path = path[len(base) :] or "/"
        elif base and parts.netloc:
            return None  # the same host, but not the Jekyll site: a link like any other
        return path


def normalized_path(path: str, reference: str) -> str:
    """'/a/./b/../c' → '/a/c'; NotTakenError when '..' climbs above the site's root."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise NotTakenError(f"„{reference}“ zeigt aus der Jekyll-Website heraus.")
            parts.pop()
        else:
            parts.append(part)
    trailing = "/" if path.endswith("/") and parts else ""
    return "/" + "/".join(parts) + trailing


@dataclass
class ImportResult:
    conversions: list[Conversion]
    diagnostics: list[Diagnostic]  # not tied to one conversion (unreadable posts, events.yml)
    organizer: dict[str, str] | None = None  # who runs the imported site's events


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
