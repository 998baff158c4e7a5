"""Checks all content without building the site (`python -m scripts check`).

Event front matter is validated by civic_site.events (the same code the build runs);
this module adds what a build would only find late or not at all: relative links and
images in pages and event texts, leftover `{% … %}` tags, and pages or events that
exist in only one language.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import jinja2

from civic_site.diagnostics import Diagnostic, DiagnosticError
from civic_site.event_check import check_project_events, event_files, load_series
from civic_site.event_model import Event
from civic_site.frontmatter import FrontMatterError, parse_document
from civic_site.pretix_embed import PretixTagError, expand_include_tags, mask_code
from civic_site.project import load_project
from civic_site.site_paths import category_key

LANGUAGES = ("de", "en")  # TODO(one-place): from the project
DEFAULT_LANGUAGE = "de"
ERROR, WARNING, INFO = "error", "warning", "info"
LABELS = {ERROR: "", WARNING: "Warnung: ", INFO: "Hinweis: "}

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
class Finding:
    """One line of the report: `path:line: message` (path relative to the project)."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {LABELS[self.severity]}{self.message}"


@dataclass(frozen=True)
class Link:
    target: str
    line: int  # 1-based, within the scanned text
    is_image: bool


@dataclass(frozen=True)
class Site:
    """What links may point at: the project's docs/ and events/ folders."""

    root: Path
    event_slugs: dict[str, frozenset[str]]
    series_keys: frozenset[str]
    category_keys: frozenset[str]

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"


# --------------------------------------------------------------------------- entry point


def check_content(root: Path) -> list[Finding]:
    """All findings for the project at `root`, sorted by file and line."""
    project = load_project(root / "mkdocs.yml")
    docs_dir = project.docs_dir
    events, _, problems = check_project_events(project)
    findings = [Finding(p.path, p.line, _problem_text(p)) for p in problems]
    site = _site(root, events)
    for path in event_files(project):
        findings += check_text_file(path, site, base=f"{path.parent.name}/events", events=True)
    for lang in LANGUAGES:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            base = posixpath.dirname(path.relative_to(docs_dir).as_posix())
            findings += check_text_file(path, site, base=base, events=False)
    findings += missing_translations(root)
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.message))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def _problem_text(problem: Diagnostic) -> str:
    return f"{problem.key}: {problem.message}" if problem.key else problem.message


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _site(root: Path, events: list[Event]) -> Site:
    slugs: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    project = load_project(root / "mkdocs.yml")
    for path in event_files(project):
        slugs.setdefault(path.parent.name, set()).add(path.stem)
    try:
        series = frozenset(load_series(project))
    except DiagnosticError:
        series = frozenset()  # already reported by check_all_events
    categories = frozenset(category_key(c) for event in events for c in event.categories)
    return Site(root, {k: frozenset(v) for k, v in slugs.items()}, series, categories)


# --------------------------------------------------------------------------- one file


def check_text_file(path: Path, site: Site, base: str, events: bool) -> list[Finding]:
    """Front matter syntax, `{% %}` tags and relative links of one page or event file.

    `base` is the folder (relative to docs/) links are resolved from: the page's own
    folder, or `<lang>/events` for event files, which are published under /events/.
    """
    shown = _relative(path, site.root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [] if events else [Finding(shown, 1, "Die Datei ist nicht als UTF-8 gespeichert.")]
    body, first_line, is_template = text, 1, False
    if text.lstrip("\ufeff").startswith("---"):
        try:
            document = parse_document(text)
        except FrontMatterError as exc:
            # Event files: check_all_events reports this already.
            return [] if events else [Finding(shown, exc.line, exc.message)]
        body, first_line = document.body, document.body_line
        is_template = document.meta.get("jinja") is True
    if is_template:
        findings = _template_findings(body, shown, first_line)
    else:
        findings = _tag_findings(body, shown, first_line)
    for link in find_links(body):
        if is_template and "{" in link.target:
            continue  # filled in by the template when the site is built
        message = link_problem(link, base, site)
        if message:
            findings.append(Finding(shown, first_line + link.line - 1, message))
    return findings


def _tag_findings(body: str, shown: str, first_line: int) -> list[Finding]:
    """`{% … %}` tags: only the pretix include is allowed (the build stops on others)."""
    if "{%" not in body:
        return []
    try:
        expand_include_tags(body, lambda ref: "")
    except PretixTagError as exc:
        return [Finding(shown, first_line + exc.line - 1, f"{exc.key}: {exc.message}")]
    return []


def _template_findings(body: str, shown: str, first_line: int) -> list[Finding]:
    """Pages with `jinja: true` are Jinja templates (hooks/content_data.py): syntax only."""
    try:
        jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        message = f"Platzhalter mit {{{{ … }}}} oder {{% … %}} ist unvollständig ({exc.message})."
        return [Finding(shown, line, message)]
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
    """A page under docs/, a generated event page, or (for English) its German fallback."""
    if (site.docs_dir / resolved).is_file():
        return True
    lang, _, rest = resolved.partition("/")
    if lang not in LANGUAGES:
        return False
    if rest.startswith("events/"):
        return _event_page_exists(lang, rest.removeprefix("events/"), site)
    # fallback_to_default: the English site shows the German page where there is no English one.
    return lang != DEFAULT_LANGUAGE and (site.docs_dir / DEFAULT_LANGUAGE / rest).is_file()


def _event_page_exists(lang: str, rest: str, site: Site) -> bool:
    name = rest.removesuffix(".md")
    if name == "index":
        return True
    kind, _, key = name.partition("/")
    if kind == "series" and key:
        return key in site.series_keys
    if kind == "category" and key:
        return key in site.category_keys
    available = site.event_slugs.get(lang, frozenset()) | site.event_slugs[DEFAULT_LANGUAGE]
    return "/" not in name and name in available


# --------------------------------------------------------------------------- translations


def missing_translations(root: Path) -> list[Finding]:
    """Pages and events that exist in only one language (a warning or a hint, never an error)."""
    findings = []
    docs = {lang: _relative_files(root / "docs" / lang) for lang in LANGUAGES}
    for rel in sorted(docs["de"] - docs["en"]):
        findings.append(
            Finding(
                f"docs/de/{rel}",
                1,
                f"keine englische Fassung (docs/en/{rel} fehlt); "
                "die englische Website zeigt hier den deutschen Text.",
                WARNING,
            )
        )
    for rel in sorted(docs["en"] - docs["de"]):
        findings.append(
            Finding(
                f"docs/en/{rel}",
                1,
                f"keine deutsche Fassung (docs/de/{rel} fehlt); "
                "auf der deutschen Website fehlt diese Seite.",
                WARNING,
            )
        )
    events = {lang: _relative_files(root / "events" / lang) for lang in LANGUAGES}
    for rel in sorted(events["de"] - events["en"]):
        findings.append(
            Finding(
                f"events/de/{rel}",
                1,
                f"nur auf Deutsch (events/en/{rel} fehlt); das ist erlaubt, die englische "
                "Website zeigt die deutsche Ankündigung.",
                INFO,
            )
        )
    for rel in sorted(events["en"] - events["de"]):
        findings.append(
            Finding(
                f"events/en/{rel}",
                1,
                f"keine deutsche Fassung (events/de/{rel} fehlt); "
                "die deutsche Website zeigt die englische Ankündigung.",
                WARNING,
            )
        )
    return findings


def _relative_files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}
