"""Reading a civic Jekyll site: its documents (posts and collections) and event data.

What Jekyll publishes is what is read: `_posts/` and every collection with `output: true`
(civic_site/jekyll_config.py), with front-matter `defaults` applied, a date from the file
name or `date:`, and the URL Jekyll gave each document (its permalink), so that old links
between posts can be found. Drafts, `published: false` and hidden collections are listed,
not read; a document without any date is reported, not guessed. Nothing here converts
anything: civic_site/jekyll_import.py decides what each document becomes. Every problem
is a Diagnostic with the path relative to the Jekyll site (`_posts/2025-11-04-x.md`).
Files are read only through civic_site/jekyll_safety.py (inside the site, no symlinks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from civic_site.diagnostics import INFO, WARNING, Diagnostic, Severity, diagnostic
from civic_site.frontmatter import FrontMatterError, TextDatesLoader, parse_document
from civic_site.jekyll_config import (
    Collection,
    JekyllConfig,
    deep_merge,
    language_code,
    permalink_values,
    render_permalink,
    url_key,
)
from civic_site.jekyll_files import NotTakenError, read_site_file
from civic_site.slugs import slugify

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
DATED_NAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<name>.+)$")
DATE_VALUE_RE = re.compile(
    r"^\s*(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
RETROSPECTIVE_RE = re.compile(r"rückblick|rueckblick|nachlese|nachbericht|recap", re.IGNORECASE)


@dataclass
class Post:
    """One document Jekyll publishes: a post or an item of a collection."""

    path: Path
    rel: str  # relative to the Jekyll site, e.g. _posts/2025-11-04-x.md
    key: str  # what post_url uses: 2025-11-04-x (for collection items: their rel)
    date: str  # YYYY-MM-DD
    slug: str
    meta: dict[str, Any]  # front matter with the defaults of _config.yml
    body: str
    body_line: int
    collection: str = "posts"
    url: str = ""  # its permalink on the Jekyll site, without base URL
    lang: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # redirect_from

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return str(title).strip() if isinstance(title, str | int | float) and title else self.slug

    @property
    def categories(self) -> list[str]:
        return as_list(self.meta.get("categories") or self.meta.get("category"))

    @property
    def authors(self) -> list[str]:
        authors = self.meta.get("authors")
        if authors:
            return [str(a) for a in authors] if isinstance(authors, list) else [str(authors)]
        author = self.meta.get("author")
        if isinstance(author, dict):
            author = author.get("name")
        return [str(author)] if isinstance(author, str | int) and author else []

    @property
    def is_retrospective(self) -> bool:
        """A report on a past event (by its title or a category)."""
        return any(RETROSPECTIVE_RE.search(text) for text in [self.title, *self.categories])

    def line_of(self, key: str) -> int:
        """The line of a front-matter key in the file (1 if it comes from defaults)."""
        return self.key_lines.get(key, 1)

    def diagnostic(
        self, line: int, message: str, severity: Severity = WARNING, key: str = ""
    ) -> Diagnostic:
        """Something about this post the editor has to look at."""
        return diagnostic(self.rel, line, key, message, severity)


def as_list(value: Any) -> list[str]:
    """Jekyll accepts a list or a space-separated string for categories."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return str(value).split()


def parse_date_value(value: Any) -> date | datetime | None:
    """`date:` as Jekyll sites write it: '2025-11-04', '2025-11-04 18:30:00 +0100'."""
    match = DATE_VALUE_RE.match(str(value)) if value not in (None, "") else None
    if not match:
        return None
    try:
        day = date.fromisoformat(match["date"])
        if match["hour"] is None:
            return day
        return datetime(
            day.year,
            day.month,
            day.day,
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
        )
    except ValueError:
        return None


# --------------------------------------------------------------------------- documents


def read_documents(site: Path, config: JekyllConfig) -> tuple[list[Post], list[Diagnostic]]:
    """Every document the Jekyll site publishes, and what was left out or unreadable."""
    documents: list[Post] = []
    problems: list[Diagnostic] = []
    for collection in config.collections.values():
        folder = config.folder_of(collection)
        for rel in _markdown_files(site, folder, problems):
            if not collection.output:
                message = (
                    f"Die Sammlung „{collection.label}“ erscheint nicht auf der Jekyll-Website "
                    "(output: false in _config.yml): nicht übernommen."
                )
                problems.append(diagnostic(rel, 1, "", message, INFO))
                continue
            document = _read_document(site, rel, collection, config, problems)
            if document is not None:
                documents.append(document)
    drafts = "/".join(p for p in (config.collections_dir, "_drafts") if p)
    for rel in _markdown_files(site, drafts, problems):
        message = (
            "Entwurf (_drafts/), auf der Jekyll-Website nicht veröffentlicht: nicht übernommen."
        )
        problems.append(diagnostic(rel, 1, "", message, INFO))
    return documents, problems


def _markdown_files(site: Path, folder: str, problems: list[Diagnostic]) -> list[str]:
    """Markdown files under `folder` (relative to the site), symlinks reported, not read."""
    top = site / folder
    if top.is_symlink():
        problems.append(diagnostic(folder, 1, "", _symlink_message(), WARNING))
        return []
    if not top.is_dir():
        return []
    found = []
    for current, dirs, files in os.walk(top, followlinks=False):
        base = Path(current).relative_to(site).as_posix()
        for name in sorted(dirs):
            if (Path(current) / name).is_symlink():
                problems.append(diagnostic(f"{base}/{name}", 1, "", _symlink_message(), WARNING))
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (Path(current) / d).is_symlink()
        )
        for name in sorted(files):
            rel = f"{base}/{name}"
            if name.startswith((".", "#")) or name.endswith("~"):
                continue
            if (Path(current) / name).is_symlink():
                problems.append(diagnostic(rel, 1, "", _symlink_message(), WARNING))
            elif name.lower().endswith(MARKDOWN_SUFFIXES):
                found.append(rel)
            elif name.lower().endswith((".html", ".htm")):
                message = "HTML-Datei: nicht übernommen (nur Markdown); bitte von Hand übertragen."
                problems.append(diagnostic(rel, 1, "", message, WARNING))
    return sorted(found)


def _symlink_message() -> str:
    return (
        "Verknüpfung (Symlink): nicht gelesen; übernommen wird nur, was wirklich in der "
        "Jekyll-Website liegt."
    )


def _read_document(
    site: Path, rel: str, collection: Collection, config: JekyllConfig, problems: list[Diagnostic]
) -> Post | None:
    def skip(line: int, message: str, severity: Severity = WARNING) -> None:
        problems.append(diagnostic(rel, line, "", message, severity))

    try:
        text = read_site_file(site, rel).decode("utf-8")
    except NotTakenError as exc:
        skip(1, f"{exc} Übersprungen.")
        return None
    except UnicodeDecodeError:
        skip(1, "nicht als UTF-8 gespeichert: übersprungen.")
        return None
    try:
        document = parse_document(text)
    except FrontMatterError as exc:
        skip(exc.line, f"{exc.message} Übersprungen.")
        return None
    meta = deep_merge(config.defaults_for(rel, collection.label), document.meta)
    lines = document.key_lines
    if meta.get("published") is False:
        skip(
            lines.get("published", 1),
            "published: false – auf der Jekyll-Website nicht veröffentlicht: nicht übernommen.",
            INFO,
        )
        return None
    folder = config.folder_of(collection)
    in_collection = rel.removeprefix(f"{folder}/")
    stem = Path(rel).name.rsplit(".", 1)[0]
    dated = DATED_NAME_RE.match(stem)
    name_part = dated["name"] if dated else stem
    published = parse_date_value(meta.get("date"))
    if meta.get("date") not in (None, "") and published is None:
        shown = " ".join(str(meta["date"]).split())
        if dated:
            skip(lines.get("date", 1), f"date: „{shown}“ nicht lesbar; Datum aus dem Dateinamen.")
        else:
            skip(lines.get("date", 1), f"date: „{shown}“ nicht lesbar: übersprungen.")
            return None
    if published is None and dated:
        published = parse_date_value(dated["date"])
    if published is None:
        skip(
            1,
            "kein Datum (weder im Dateinamen JJJJ-MM-TT-name.md noch als date: im Kopf): "
            "nicht übernommen; bitte date: ergänzen und noch einmal übernehmen.",
        )
        return None
    url_slug = str(meta.get("slug") or name_part)
    title = meta.get("title")
    slug = slugify(url_slug) or slugify(str(title or "")) or "beitrag"
    values = permalink_values(
        collection.label,
        in_collection,
        url_slug,
        as_list(meta.get("categories") or meta.get("category")),
        published,
    )
    permalink = meta.get("permalink")
    template = (
        str(permalink)
        if isinstance(permalink, str) and permalink
        else config.url_template(collection)
    )
    aliases = meta.get("redirect_from") or []
    aliases = [aliases] if isinstance(aliases, str) else aliases
    return Post(
        path=site / rel,
        rel=rel,
        key=stem if collection.label == "posts" else rel,
        date=(published.date() if isinstance(published, datetime) else published).isoformat(),
        slug=slug,
        meta=meta,
        body=document.body,
        body_line=document.body_line,
        collection=collection.label,
        url=render_permalink(template, values),
        lang=language_code(meta.get("lang")) or config.lang,
        key_lines=lines,
        aliases=tuple(str(a) for a in aliases if isinstance(a, str)),
    )


def url_index(documents: list[Post]) -> dict[str, str]:
    """url_key of every URL a document had (permalink and redirect_from) → its rel."""
    index: dict[str, str] = {}
    for document in documents:
        for url in (document.url, *document.aliases):
            index.setdefault(url_key(url), document.rel)
    return index


# --------------------------------------------------------------------------- event data


def read_events_data(site: Path) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Entries of _data/events.yml (or .yaml); dates and times stay text."""
    for name in ("events.yml", "events.yaml"):
        rel = f"_data/{name}"
        if (site / rel).exists() or (site / rel).is_symlink():
            break
    else:
        return [], []
    try:
        text = read_site_file(site, rel).decode("utf-8")
        data = yaml.load(text, Loader=TextDatesLoader)  # noqa: S506
    except NotTakenError as exc:
        return [], [diagnostic(rel, 1, "", f"{exc} Nicht gelesen.", WARNING)]
    except UnicodeDecodeError:
        return [], [diagnostic(rel, 1, "", "nicht als UTF-8 gespeichert: nicht gelesen.", WARNING)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [diagnostic(rel, line, "", "kein gültiges YAML: nicht gelesen.", WARNING)]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        message = "erwartet eine Liste von Einträgen (- title: …): nicht gelesen."
        return [], [diagnostic(rel, 1, "", message, WARNING)]
    return data, []
