"""The anchor projects: their cards are built from the front matter of docs/<lang>/projekte/*.md.

Editors keep name, short description, website and ministry on the project page itself;
the home and initiative pages show them through one card template, so a card never
says something different from the page it links to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from civic_site.diagnostics import DiagnosticError, diagnostic
from civic_site.frontmatter import FrontMatterError, parse_document

PROJECTS_DIR = "projekte/"


@dataclass(frozen=True)
class ProjectPage:
    """A project page as the hook finds it: where it is, what it says, where it is published."""

    source: str  # path for messages, e.g. "docs/de/projekte/civic-data-lab.md"
    text: str
    url: str  # site-root-relative URL, e.g. "en/projekte/civic-data-lab/"


@dataclass(frozen=True)
class AnchorProject:
    name: str
    description: str
    link: str  # the project's own website
    ministry: str | None
    page_url: str  # site-root-relative URL of the project page on this site
    order: int


def is_project_page(norm_src_uri: str) -> bool:
    """True for a page in the projects folder (language-neutral path, e.g. 'projekte/x.md')."""
    return norm_src_uri.startswith(PROJECTS_DIR) and norm_src_uri.endswith(".md")


def read_project(page: ProjectPage) -> AnchorProject:
    """The card of one project page; raises DiagnosticError naming file, line and key."""
    try:
        doc = parse_document(page.text)
    except FrontMatterError as exc:
        raise DiagnosticError([diagnostic(page.source, exc.line, "", exc.message)]) from None

    def fail(key: str, message: str) -> DiagnosticError:
        return DiagnosticError([diagnostic(page.source, doc.line_of(key), key, message)])

    def text(key: str, what: str) -> str:
        value = doc.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"Hier fehlt {what}.")
        return value.strip()

    name = text("name", "der Name des Projekts")
    description = text("description", "eine kurze Beschreibung (ein bis zwei Sätze)")
    link = text("link", "die Adresse der Projektwebsite")
    if not link.startswith("https://"):
        raise fail("link", "Die Adresse muss mit „https://“ beginnen.")
    ministry = doc.meta.get("ministry")
    if ministry is not None and (not isinstance(ministry, str) or not ministry.strip()):
        raise fail("ministry", "Hier steht das Kürzel des Ministeriums, z. B. BMAS.")
    order = doc.meta.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise fail("order", "Hier steht eine ganze Zahl für die Reihenfolge (1, 2, 3 …).")
    return AnchorProject(
        name=name,
        description=description,
        link=link,
        ministry=ministry.strip() if ministry else None,
        page_url=page.url,
        order=order,
    )


def load_anchor_projects(pages: Iterable[ProjectPage]) -> list[AnchorProject]:
    """All projects, in the order editors gave (`order`), then by name.

    Raises DiagnosticError with the first problem of every page that has one.
    """
    projects, problems = [], []
    for page in pages:
        try:
            projects.append(read_project(page))
        except DiagnosticError as exc:
            problems += exc.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return sorted(projects, key=lambda p: (p.order, p.name.casefold()))
