"""Reading a civic Jekyll site: its posts (_posts/) and event data (_data/events.yml).

Nothing here converts anything; civic_site/jekyll_import.py decides what each post
becomes. What cannot be read is reported as a Diagnostic with the path relative to
the Jekyll site (`_posts/2025-11-04-x.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from civic_site.diagnostics import WARNING, Diagnostic, Severity, diagnostic
from civic_site.frontmatter import FrontMatterError, TextDatesLoader, parse_document
from civic_site.slugs import slugify

POST_NAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<name>.+)\.(?:md|markdown)$")
PERMALINK_RE = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<name>[^/]+?)(?:\.html|/)?$")
RETROSPECTIVE_RE = re.compile(r"rückblick|rueckblick|nachlese|nachbericht|recap", re.IGNORECASE)


@dataclass
class Post:
    path: Path
    rel: str  # relative to the Jekyll site, e.g. _posts/2025-11-04-x.md
    key: str  # what post_url uses: 2025-11-04-x
    date: str
    slug: str
    meta: dict[str, Any]
    body: str
    body_line: int

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.slug)

    @property
    def categories(self) -> list[str]:
        return as_list(self.meta.get("categories") or self.meta.get("category"))

    @property
    def authors(self) -> list[str]:
        authors = self.meta.get("authors")
        if authors:
            return [str(a) for a in authors] if isinstance(authors, list) else [str(authors)]
        return [str(self.meta["author"])] if self.meta.get("author") else []

    @property
    def is_retrospective(self) -> bool:
        """A report on a past event (by its title or a category)."""
        return any(RETROSPECTIVE_RE.search(text) for text in [self.title, *self.categories])

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


def permalink_key(path: str) -> str | None:
    """'/2025/11/04/x.html' (Jekyll's default permalink) → the post key '2025-11-04-x'."""
    match = PERMALINK_RE.search(path)
    return f"{match['y']}-{match['m']}-{match['d']}-{match['name']}" if match else None


def read_posts(site: Path) -> tuple[list[Post], list[Diagnostic]]:
    posts, problems = [], []
    for path in sorted((site / "_posts").rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        match = POST_NAME_RE.match(path.name)
        if not match:
            if path.suffix in (".md", ".markdown"):
                problems.append(
                    diagnostic(
                        rel,
                        1,
                        "",
                        "Dateiname ohne Datum (JJJJ-MM-TT-name.md): übersprungen.",
                        WARNING,
                    )
                )
            continue
        try:
            document = parse_document(path.read_text(encoding="utf-8"))
        except FrontMatterError as exc:
            problems.append(diagnostic(rel, exc.line, "", f"{exc.message} Übersprungen.", WARNING))
            continue
        except UnicodeDecodeError:
            problems.append(
                diagnostic(rel, 1, "", "nicht als UTF-8 gespeichert: übersprungen.", WARNING)
            )
            continue
        key = path.name.rsplit(".", 1)[0]
        slug = slugify(match["name"]) or slugify(str(document.meta.get("title", ""))) or "beitrag"
        posts.append(
            Post(
                path,
                rel,
                key,
                match["date"],
                slug,
                document.meta,
                document.body,
                document.body_line,
            )
        )
    return posts, problems


def read_events_data(site: Path) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Entries of _data/events.yml (or .yaml); dates and times stay text."""
    for name in ("events.yml", "events.yaml"):
        path = site / "_data" / name
        if path.is_file():
            break
    else:
        return [], []
    rel = path.relative_to(site).as_posix()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextDatesLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [diagnostic(rel, line, "", "kein gültiges YAML: nicht gelesen.", WARNING)]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        message = "erwartet eine Liste von Einträgen (- title: …): nicht gelesen."
        return [], [diagnostic(rel, 1, "", message, WARNING)]
    return data, []
