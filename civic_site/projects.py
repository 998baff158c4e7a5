"""The anchor projects: their cards are built from the front matter of docs/<lang>/projekte/*.md.

Editors keep name, short description and ministry on the project page itself; the home and
initiative pages show them through one card template, so a card never says something
different from the page it links to. Each project's own website is kept once for all
languages, in mkdocs.yml under `extra.anchor_projects.<page name>.url`: no source gave
these addresses, so each may be a placeholder (`UNBESTÄTIGT: …`, civic_site/placeholders.py)
that `launch-check` lists once, and that templates show as marked text, not as a link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from civic_site.diagnostics import DiagnosticError, diagnostic
from civic_site.frontmatter import FrontMatterError, parse_document
from civic_site.placeholders import is_unconfirmed

PROJECTS_DIR = "projekte/"
CONFIG_KEY = "extra.anchor_projects"


@dataclass(frozen=True)
class ProjectPage:
    """A project page as the hook finds it: where it is, what it says, where it is published."""

    source: str  # path for messages, e.g. "docs/de/projekte/civic-data-lab.md"
    text: str
    url: str  # site-root-relative URL, e.g. "en/projekte/civic-data-lab/"


@dataclass(frozen=True)
class AnchorProject:
    slug: str  # the page's file name without .md, the key in extra.anchor_projects
    name: str
    description: str
    link: str  # the project's own website: https://… or an UNBESTÄTIGT placeholder
    ministry: str | None
    page_url: str  # site-root-relative URL of the project page on this site
    order: int


def is_project_page(norm_src_uri: str) -> bool:
    """True for a page in the projects folder (language-neutral path, e.g. 'projekte/x.md')."""
    return norm_src_uri.startswith(PROJECTS_DIR) and norm_src_uri.endswith(".md")


def project_slug(page: ProjectPage) -> str:
    """'docs/de/projekte/civic-data-lab.md' → 'civic-data-lab'."""
    return posixpath.splitext(posixpath.basename(page.source))[0]


def project_websites(
    value: Any, source: str = "mkdocs.yml", lines: Mapping[str, int] | None = None
) -> dict[str, str]:
    """{page name: website} from `extra.anchor_projects` (None: no entries).

    Each entry is `{url: https://…}` or `{url: "UNBESTÄTIGT: …"}`. Raises DiagnosticError
    naming `source` and, where `lines` ({dotted key: line}) knows it, the line.
    """
    lines = lines or {}

    def problem(key: str, message: str) -> DiagnosticError:
        parent = key.rsplit(".", 1)[0]
        line = lines.get(key, lines.get(parent, lines.get(CONFIG_KEY, 1)))
        return DiagnosticError([diagnostic(source, line, key, message)])

    if value is None:
        return {}
    if not isinstance(value, dict):
        raise problem(CONFIG_KEY, "Hier steht je Projektseite ihr Name mit `url:` darunter.")
    websites, problems = {}, []
    for name, entry in value.items():
        key = f"{CONFIG_KEY}.{name}"
        try:
            if not isinstance(entry, dict):
                raise problem(key, "Hier steht `url:` mit der Adresse der Projektwebsite.")
            url = entry.get("url")
            if not isinstance(url, str) or not url.strip():
                raise problem(
                    f"{key}.url",
                    "Die Adresse der Projektwebsite fehlt (unbekannt: „UNBESTÄTIGT: …“).",
                )
            url = url.strip()
            if not is_unconfirmed(url) and not url.startswith("https://"):
                raise problem(f"{key}.url", "Die Adresse muss mit „https://“ beginnen.")
            websites[str(name)] = url
        except DiagnosticError as exc:
            problems += exc.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return websites


def read_project(page: ProjectPage, websites: Mapping[str, str] | None = None) -> AnchorProject:
    """The card of one project page; raises DiagnosticError naming file, line and key.

    `websites` are the project websites from mkdocs.yml (`project_websites`).
    """
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

    slug = project_slug(page)
    website_key = f"{CONFIG_KEY}.{slug}.url"
    if "link" in doc.meta:
        raise fail(
            "link",
            f"Die Adresse der Projektwebsite steht in mkdocs.yml unter {website_key}, "
            "nicht hier (eine Stelle für beide Sprachen); diese Zeile löschen.",
        )
    name = text("name", "der Name des Projekts")
    description = text("description", "eine kurze Beschreibung (ein bis zwei Sätze)")
    link = (websites or {}).get(slug)
    if link is None:
        message = (
            f"Die Adresse der Projektwebsite fehlt in mkdocs.yml: unter {website_key} "
            "eintragen (unbekannt: „UNBESTÄTIGT: …“)."
        )
        raise DiagnosticError([diagnostic(page.source, 1, website_key, message)])
    ministry = doc.meta.get("ministry")
    if ministry is not None and (not isinstance(ministry, str) or not ministry.strip()):
        raise fail("ministry", "Hier steht das Kürzel des Ministeriums, z. B. BMAS.")
    order = doc.meta.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise fail("order", "Hier steht eine ganze Zahl für die Reihenfolge (1, 2, 3 …).")
    return AnchorProject(
        slug=slug,
        name=name,
        description=description,
        link=link,
        ministry=ministry.strip() if ministry else None,
        page_url=page.url,
        order=order,
    )


def load_anchor_projects(
    pages: Iterable[ProjectPage], websites: Mapping[str, str] | None = None
) -> list[AnchorProject]:
    """All projects, in the order editors gave (`order`), then by name.

    Raises DiagnosticError with the first problem of every page that has one.
    """
    projects, problems = [], []
    for page in pages:
        try:
            projects.append(read_project(page, websites))
        except DiagnosticError as exc:
            problems += exc.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return sorted(projects, key=lambda p: (p.order, p.name.casefold()))
