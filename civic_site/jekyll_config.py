"""A Jekyll site's _config.yml, read the way Jekyll reads it.

Collections (`output: true` ones are published), front-matter `defaults` by
`scope: {path, type}`, permalink styles and patterns (site-wide, per collection, per
document), `url` and `baseurl`, `lang`, and who runs the site (`title`, `author`,
`email`, `url`): the import names that as the organizer of every event it brings over.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from civic_site.diagnostics import WARNING, Diagnostic, diagnostic
from civic_site.frontmatter import TextDatesLoader
from civic_site.jekyll_files import NotTakenError, read_site_file

CONFIG_NAME = "_config.yml"
# Jekyll's built-in permalink styles.
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PLACEHOLDER_RE = re.compile(r":([a-z_]+)")


@dataclass(frozen=True)
class Collection:
    label: str  # 'posts', 'meetups'
    output: bool  # published on the Jekyll site
    permalink: str | None  # as configured (a style name or a pattern), None if not set

    @property
    def folder(self) -> str:
        return f"_{self.label}"


@dataclass
class Default:
    path: str  # '' (everything), '_meetups/archiv', or a glob
    type: str | None  # collection label ('posts', 'meetups'), or None for any
    values: dict[str, Any]

    def applies(self, rel: str, label: str) -> bool:
        if self.type and self.type != label:
            return False
        if not self.path:
            return True
        if "*" in self.path:
            return fnmatch.fnmatch(rel, self.path) or fnmatch.fnmatch(rel, f"{self.path}/*")
        return rel == self.path or rel.startswith(f"{self.path.rstrip('/')}/")


@dataclass
class JekyllConfig:
    data: dict[str, Any] = field(default_factory=dict)
    defaults: list[Default] = field(default_factory=list)
    line_of: dict[str, int] = field(default_factory=dict)  # top-level key → line

    # ------------------------------------------------------------------- site-wide values

    def text(self, key: str) -> str:
        value = self.data.get(key)
        return str(value).strip() if isinstance(value, str | int | float) else ""

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def baseurl(self) -> str:
        """'/blog' or '' (Jekyll's base path, without trailing slash)."""
        path = self.text("baseurl").strip("/")
        return f"/{path}" if path else ""

    @property
    def base_url(self) -> str:
        """'https://example.org/blog/': where the Jekyll site was published ('' if unknown)."""
        url = self.text("url").rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return ""
        return f"{url}{self.baseurl}/"

    @property
    def lang(self) -> str | None:
        return language_code(self.data.get("lang"))

    @property
    def collections_dir(self) -> str:
        return self.text("collections_dir").strip("/")

    def organizer(self) -> dict[str, str] | None:
        """Who runs the site: `organizer:` if set, else `title`, else the author's name;
        with the site's address (https only) and e-mail where given. None if unnamed."""
        author = self.data.get("author")
        author = author if isinstance(author, dict) else {"name": author} if author else {}
        explicit = self.data.get("organizer")
        explicit = explicit if isinstance(explicit, dict) else {"name": explicit}
        name = next(
            (
                str(v).strip()
                for v in (explicit.get("name"), self.title, author.get("name"))
                if isinstance(v, str) and v.strip()
            ),
            "",
        )
        if not name:
            return None
        organizer = {"name": name}
        url = str(explicit.get("url") or self.base_url or "")
        if url.startswith("https://") and not re.search(r"\s", url):
            organizer["url"] = url
        for email in (explicit.get("email"), self.data.get("email"), author.get("email")):
            if isinstance(email, str) and EMAIL_RE.match(email.strip()):
                organizer["email"] = email.strip()
                break
        return organizer

    # ------------------------------------------------------------------- collections

    @property
    def collections(self) -> dict[str, Collection]:
        """Every configured collection, plus `posts` (always published)."""
        raw = self.data.get("collections")
        found: dict[str, Collection] = {}
        if isinstance(raw, list):  # Jekyll 2 style: a list of labels
            raw = {str(label): {} for label in raw}
        if isinstance(raw, dict):
            for label, meta in raw.items():
                meta = meta if isinstance(meta, dict) else {}
                permalink = meta.get("permalink")
                found[str(label)] = Collection(
                    str(label),
                    str(label) == "posts" or meta.get("output") is True,
                    str(permalink) if isinstance(permalink, str) and permalink else None,
                )
        if "posts" not in found:
            found["posts"] = Collection("posts", True, None)
        return found

    def collection(self, label: str) -> Collection:
        return self.collections.get(label) or Collection(label, label == "posts", None)

    def folder_of(self, collection: Collection) -> str:
        """Folder of a collection relative to the site: '_meetups' or 'stuff/_meetups'."""
        return "/".join(p for p in (self.collections_dir, collection.folder) if p)

    # ------------------------------------------------------------------- defaults, URLs

    def defaults_for(self, rel: str, label: str) -> dict[str, Any]:
        """The front-matter defaults of a document (more specific scopes win; later
        entries win among equals, as in Jekyll)."""
        matching = [d for d in self.defaults if d.applies(rel, label)]
        matching.sort(key=lambda d: (len([p for p in d.path.split("/") if p]), d.type is not None))
        merged: dict[str, Any] = {}
        for default in matching:
            merged = deep_merge(merged, copy.deepcopy(default.values))
        return merged

    @property
    def permalink_style(self) -> str:
        value = self.text("permalink") or "date"
        return PERMALINK_STYLES.get(value, value)

    def url_template(self, collection: Collection) -> str:
        """The permalink pattern of a collection's documents, as Jekyll resolves it."""
        if collection.permalink:
            return PERMALINK_STYLES.get(collection.permalink, collection.permalink)
        if collection.label == "posts":
            return self.permalink_style
        style = self.permalink_style
        suffix = "/" if style.endswith("/") else ":output_ext" if style.endswith("ext") else ""
        return f"/:collection/:path{suffix}"


def language_code(value: Any) -> str | None:
    """'de-DE', 'de_DE', 'DE' → 'de'; None when not a language tag."""
    if not isinstance(value, str):
        return None
    match = re.match(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    return match[1].lower() if match else None


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Jekyll's deep merge: mappings are merged, everything else in `extra` wins."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config(site: Path) -> tuple[JekyllConfig, list[Diagnostic]]:
    """_config.yml of `site` (an empty config if there is none), with what was unreadable."""
    if not (site / CONFIG_NAME).exists() and not (site / CONFIG_NAME).is_symlink():
        return JekyllConfig(), []
    try:
        text = read_site_file(site, CONFIG_NAME).decode("utf-8")
        loader = TextDatesLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except NotTakenError as exc:
        return JekyllConfig(), [diagnostic(CONFIG_NAME, 1, "", f"{exc} Nicht gelesen.", WARNING)]
    except UnicodeDecodeError:
        message = "nicht als UTF-8 gespeichert: nicht gelesen."
        return JekyllConfig(), [diagnostic(CONFIG_NAME, 1, "", message, WARNING)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        message = "kein gültiges YAML: nicht gelesen (Sammlungen, defaults und permalink fehlen)."
        return JekyllConfig(), [diagnostic(CONFIG_NAME, line, "", message, WARNING)]
    if not isinstance(data, dict):
        return JekyllConfig(), []
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    config = JekyllConfig(data, [], lines)
    problems = []
    raw_defaults = data.get("defaults") or []
    for entry in raw_defaults if isinstance(raw_defaults, list) else []:
        scope = entry.get("scope") if isinstance(entry, dict) else None
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(scope, dict) or not isinstance(values, dict):
            message = "defaults: ein Eintrag ohne scope: und values: wird übergangen."
            problems.append(diagnostic(CONFIG_NAME, lines.get("defaults", 1), "", message, WARNING))
            continue
        path = str(scope.get("path") or "").strip().strip("/")
        kind = scope.get("type")
        config.defaults.append(Default(path, str(kind) if kind else None, values))
    return config, problems


# --------------------------------------------------------------------------- permalinks


def slugify_jekyll(text: str, pretty: bool = False, cased: bool = False) -> str:
    """Jekyll's slugify: 'default' keeps letters and digits, 'pretty' also ._~!$&'()+,;=@."""
    allowed = r"[^\w.~!$&'()+,;=@]|_" if pretty else r"[^\w]|_"
    slug = re.sub(f"(?:{allowed})+", "-", text).strip("-")
    return slug if cased else slug.lower()


def render_permalink(template: str, values: dict[str, str]) -> str:
    """Fill `:placeholders` in; unknown ones stay; '//' collapses; a leading '/'."""
    url = PLACEHOLDER_RE.sub(lambda m: values.get(m[1], m.group(0)), template)
    url = re.sub(r"/{2,}", "/", f"/{url}")
    return url


def permalink_values(
    collection: str,
    rel_in_collection: str,
    slug: str,
    categories: list[str],
    published: date | datetime | None,
) -> dict[str, str]:
    """The values Jekyll's URL drop has for one document."""
    stem = rel_in_collection.rsplit(".", 1)[0]
    basename = stem.rsplit("/", 1)[-1]
    values = {
        "collection": collection,
        "path": stem,
        "name": slugify_jekyll(basename, pretty=True),
        "title": slugify_jekyll(slug, pretty=True, cased=True),
        "slug": slugify_jekyll(slug),
        "categories": "/".join(c.lower() for c in categories),
        "slugified_categories": "/".join(slugify_jekyll(c) for c in categories),
        "output_ext": ".html",
    }
    if published is not None:
        values.update(
            year=f"{published.year:04d}",
            short_year=f"{published.year % 100:02d}",
            month=f"{published.month:02d}",
            i_month=str(published.month),
            day=f"{published.day:02d}",
            i_day=str(published.day),
            y_day=f"{published.timetuple().tm_yday:03d}",
            week=f"{published.isocalendar()[1]:02d}",
            short_day=published.strftime("%a"),
            long_day=published.strftime("%A"),
            short_month=published.strftime("%b"),
            long_month=published.strftime("%B"),
        )
        hour, minute, second = (
            (published.hour, published.minute, published.second)
            if isinstance(published, datetime)
            else (0, 0, 0)
        )
        values.update(hour=f"{hour:02d}", minute=f"{minute:02d}", second=f"{second:02d}")
    return values


def url_key(url: str) -> str:
    """A URL path for comparison: decoded, case-folded, without 'index.html', '.html' and
    trailing '/' ('/Blog/2025/x.html' and '/blog/2025/x/' are the same page)."""
    path = unquote(urlsplit(url).path).casefold()
    path = re.sub(r"/index\.html?$", "/", path)
    path = re.sub(r"\.html?$", "", path)
    return "/" + path.strip("/")
