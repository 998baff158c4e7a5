"""Checks all content without building the site (`python -m scripts check`).

Event front matter is validated by civic_site.event_check (the same code the build runs);
this module adds what a build would only find late or not at all: relative links and
images in pages and event texts, leftover `{% … %}` tags, pages in neither `nav:` nor
`not_in_nav:` (civic_site/nav_check.py), and pages or events that exist in only some
languages. Languages come from the project's mkdocs.yml, and which
generated pages exist (listing, archive years, series, categories, events) is asked of
civic_site.event_pages, the planner the build uses. Every finding is a `Diagnostic`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import jinja2
import markdown

from civic_site.active_content import active_content_diagnostics, markdown_renderer
from civic_site.diagnostics import (
    ERROR,
    INFO,
    WARNING,
    Diagnostic,
    diagnostic,
    has_errors,
    sort_diagnostics,
)
from civic_site.event_folder import check_project_events, event_files
from civic_site.event_model import Event, Series
from civic_site.event_pages import EventCatalog, generated_page_sources
from civic_site.event_schedule import site_now
from civic_site.frontmatter import FrontMatterError, parse_document
from civic_site.nav_check import nav_problems
from civic_site.page_image import image_diagnostics
from civic_site.plain_german import jinja_syntax_problem
from civic_site.pretix_embed import PretixTagError, expand_include_tags, mask_code
from civic_site.project import CONFIG_NAME, Project, load_project
from civic_site.site_paths import event_source
from civic_site.translation_check import missing_translations

__all__ = [
    "ERROR",
    "INFO",
    "WARNING",
    "Link",
    "Site",
    "check_content",
    "check_project",
    "check_text_file",
    "find_links",
    "has_errors",
    "link_problem",
    "missing_translations",
    "site_pages",
]

# [text](target "title") and ![alt](target); the text may contain one level of [...]
# so that a linked image [![alt](img.png)](page.md) is found as a whole.
LINK_RE = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?P<target><[^>\n]*>|\S+)", re.MULTILINE)
HTML_LINK_RE = re.compile(
    r"<(?P<tag>a|img|source)\b[^>]*?\b(?:href|src)\s*=\s*[\"'](?P<target>[^\"']+)[\"']",
    re.IGNORECASE,
)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    target: str
    line: int  # 1-based, within the scanned text
    is_image: bool


@dataclass(frozen=True)
class Site:
    """What links may point at: the project's docs/ and the pages the build generates."""

    project: Project
    generated: dict[str, frozenset[str]]  # language -> source URIs ('events/archive/2021.md')
    # Renders Markdown as the build does, for the active-content test (made on first use).
    renderer: list[markdown.Markdown] = field(default_factory=list, compare=False)

    def render(self, body: str) -> str:
        if not self.renderer:
            self.renderer.append(markdown_renderer(self.project.markdown_extensions))
        return self.renderer[0].reset().convert(body)

    @property
    def docs_dir(self) -> Path:
        return self.project.docs_dir


# --------------------------------------------------------------------------- entry point


def check_content(root: Path, now: datetime | None = None) -> list[Diagnostic]:
    """All findings for the project whose mkdocs.yml is in `root`, sorted by file and line.

    `now` decides, as in the build, which past years have archive pages (default: the
    build's clock, `SITE_NOW` or the real time).
    """
    return check_project(load_project(root / CONFIG_NAME), now)


def check_project(project: Project, now: datetime | None = None) -> list[Diagnostic]:
    events, series, problems = check_project_events(project)
    found = list(problems)
    site = site_pages(project, events, series, now or site_now())
    for path in event_files(project):
        found += check_text_file(path, site, base=f"{path.parent.name}/events", events=True)
    for lang in project.languages:
        for path in sorted((project.docs_dir / lang).rglob("*.md")):
            base = posixpath.dirname(path.relative_to(project.docs_dir).as_posix())
            found += check_text_file(path, site, base=base, events=False)
    found += nav_problems(project, site.generated[project.default_language])
    found += missing_translations(project)
    return sort_diagnostics(found)


def site_pages(
    project: Project, events: list[Event], series: dict[str, Series], now: datetime
) -> Site:
    """The pages the build generates in each language, computed by the build's own planner."""
    # An event file that does not validate still counts as a page: its own errors are
    # reported, and links to it would only repeat them.
    event_pages = {event_source(path.stem) for path in event_files(project)}
    generated = {}
    for lang in project.languages:
        catalog = EventCatalog.for_language(events, series, lang, project.default_language, now)
        generated[lang] = frozenset(generated_page_sources(catalog) | event_pages)
    return Site(project, generated)


# --------------------------------------------------------------------------- one file


def check_text_file(path: Path, site: Site, base: str, events: bool) -> list[Diagnostic]:
    """Front matter syntax, `{% %}` tags and relative links of one page or event file.

    `base` is the folder (relative to docs/) links are resolved from: the page's own
    folder, or `<lang>/events` for event files, which are published under /events/.
    """
    shown = site.project.relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        message = "Die Datei ist nicht als UTF-8 gespeichert."
        return [] if events else [diagnostic(shown, 1, "", message)]
    body, first_line, is_template = text, 1, False
    found: list[Diagnostic] = []
    if text.lstrip("\ufeff").startswith("---"):
        try:
            document = parse_document(text)
        except FrontMatterError as exc:
            # Event files: check_project_events reports this already.
            return [] if events else [diagnostic(shown, exc.line, "", exc.message)]
        body, first_line = document.body, document.body_line
        is_template = document.meta.get("jinja") is True
        if not events:  # a page's link-preview picture must lie inside docs/
            found += image_diagnostics(document.meta, shown, text, site.project)
    if is_template:
        found += _template_findings(body, shown, first_line)
    else:
        found += _tag_findings(body, shown, first_line)
        # What the build's active-content test would stop on (hooks/active_content.py).
        found += active_content_diagnostics(site.render(body), shown, body, first_line)
    for link in find_links(body):
        if is_template and "{" in link.target:
            continue  # filled in by the template when the site is built
        message = link_problem(link, base, site)
        if message:
            found.append(diagnostic(shown, first_line + link.line - 1, "", message))
    return found


def _tag_findings(body: str, shown: str, first_line: int) -> list[Diagnostic]:
    """`{% … %}` tags: only the pretix include is allowed (the build stops on others)."""
    if "{%" not in body:
        return []
    try:
        expand_include_tags(body, lambda ref: "")
    except PretixTagError as exc:
        return [diagnostic(shown, first_line + exc.line - 1, exc.key, exc.message)]
    return []


def _template_findings(body: str, shown: str, first_line: int) -> list[Diagnostic]:
    """Pages with `jinja: true` are Jinja templates (hooks/content_data.py): syntax only."""
    try:
        jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        problem = jinja_syntax_problem(exc)
        message = f"Platzhalter mit {{{{ … }}}} oder {{% … %}} ist unvollständig: {problem}."
        return [diagnostic(shown, line, "", message)]
    return []


def find_links(markdown: str) -> list[Link]:
    """Relative and absolute link targets outside code: Markdown, references, HTML."""
    text = mask_code(markdown)
    links: list[Link] = []

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def scan(segment: str, offset: int) -> None:
        for match in LINK_RE.finditer(segment):
            start = offset + match.start()
            target = match.group("target").strip("<>")
            links.append(Link(target, line_at(start), bool(match.group("image"))))
            scan(match.group("text"), offset + match.start("text"))

    scan(text, 0)
    for match in REFERENCE_RE.finditer(text):
        links.append(Link(match.group("target").strip("<>"), line_at(match.start()), False))
    for match in HTML_LINK_RE.finditer(text):
        is_image = match.group("tag").lower() != "a"
        links.append(Link(match.group("target"), line_at(match.start()), is_image))
    return links


def link_problem(link: Link, base: str, site: Site) -> str | None:
    """Why a link would break the build or lead nowhere, in plain German; None if fine."""
    target = link.target
    if not target or target.startswith(("#", "/")) or SCHEME_RE.match(target):
        return None  # same-page anchors, site-absolute paths and external addresses
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    what = "Bild" if link.is_image else "Link"
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith("../") or resolved == "..":
        return f"{what} „{target}“ zeigt aus dem Ordner docs/ heraus."
    if path.endswith(".md"):
        if _page_exists(resolved, site):
            return None
        return f"{what} „{target}“: Die Seite docs/{resolved} gibt es nicht."
    if path.endswith("/") or not posixpath.splitext(path)[1]:
        stem = resolved.rstrip("/")
        hint = next((c for c in (f"{stem}.md", f"{stem}/index.md") if _page_exists(c, site)), None)
        suggestion = f" Meinten Sie „{posixpath.relpath(hint, base)}“?" if hint else ""
        return (
            f"{what} „{target}“: Bitte auf die Markdown-Datei verlinken (mit .md am Ende); "
            f"solche Links erkennt die Website nicht.{suggestion}"
        )
    if (site.docs_dir / resolved).is_file():
        return None
    return f"{what} „{target}“: Die Datei docs/{resolved} gibt es nicht."


def _page_exists(resolved: str, site: Site) -> bool:
    """A page under docs/, a generated page, or its fallback in the default language."""
    if (site.docs_dir / resolved).is_file():
        return True
    lang, _, rest = resolved.partition("/")
    if lang not in site.generated:
        return False
    if rest in site.generated[lang]:
        return True
    # fallback_to_default: another language's site shows the default language's page
    # where it has none of its own.
    default = site.project.default_language
    return lang != default and (site.docs_dir / default / rest).is_file()
