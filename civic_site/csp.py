"""Content-Security-Policy for the built pages, delivered as a <meta http-equiv> tag.

GitHub Pages cannot send headers, so the policy travels in the page itself. Scripts run only
from our own origin or when they are one of the inline scripts that the *templates* emit
(Material's and ours in overrides/), identified by the SHA-256 hash of their text; no
'unsafe-inline' and no 'unsafe-eval' in script-src. An inline script that comes from page
content is never hashed, so the browser refuses to run it (and the build refuses such a page:
civic_site/active_content.py for content, `unknown_inline_scripts` for everything else).

The allow-list is derived once per build (`template_inline_scripts`): every template under the
theme's directories whose source holds an executable inline <script> is rendered with the
site's configuration only (no page, no `base_url`, undefined names are errors). What renders is
a script whose text is the same on every page; what needs page data cannot be allow-listed.
Material's `__md_scope` script is made page-independent by `extra.scope` (`site_scope`).
Per page there is no HTML parse: a scan for <script> tags that checks each inline one against
the allow-list, and one tag inserted after the <meta charset> in <head>.

The pretix host is allowed only on pages that contain a two-click pretix placeholder (an
element with class `civic-pretix`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined, TemplateError

PRETIX_MARKER_CLASS = "civic-pretix"

# <script type="…"> values that browsers execute; anything else (e.g. Material's
# `application/json` config block, our JSON-LD) is a data block that CSP does not govern.
_EXECUTABLE_SCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
}

# pretix.eu serves product pictures and its widget's icons from a separate CDN host
# (ARCHITECTURE.md T17); a self-hosted pretix serves them itself.
_EXTRA_IMAGE_HOSTS = {"pretix.eu": ("https://cdn.pretix.cloud",)}

# The cheap per-page scan. A script element's text ends at the first `</script` followed by
# whitespace, `/` or `>` (HTML's script data state); a `<script` inside a comment or an
# attribute value counts as a script too, which can only make the check stricter.
_SCRIPT_OPEN_RE = re.compile(r"<script(?=[\s/>])([^>]*)>", re.IGNORECASE)
_SCRIPT_CLOSE_RE = re.compile(r"</script[\s/>]", re.IGNORECASE)
# name, then (optional) = and a double-quoted, single-quoted or bare value
_ATTRIBUTE_RE = re.compile(
    r"""([^\s"'<>/=]+)"""
    r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_HEAD_RE = re.compile(r"<head(?=[\s>])[^>]*>", re.IGNORECASE)
_HEAD_END_RE = re.compile(r"</head\s*>|<body(?=[\s>])", re.IGNORECASE)
_META_RE = re.compile(r"<meta(?=[\s/>])[^>]*>", re.IGNORECASE)
_CLASS_RE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


@dataclass
class PageScan:
    """What a full parse of a rendered page finds (templates once per build, and tests)."""

    inline_scripts: list[str] = field(default_factory=list)
    has_pretix_widget: bool = False
    inline_event_handlers: list[str] = field(default_factory=list)  # e.g. "button onclick"


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scan = PageScan()
        self._script: list[str] | None = None  # text of the inline script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if PRETIX_MARKER_CLASS in values.get("class", "").split():
            self.scan.has_pretix_widget = True
        self.scan.inline_event_handlers += [f"{tag} {n}" for n in values if n.startswith("on")]
        if tag == "script" and "src" not in values:
            script_type = values.get("type", "").strip().lower()
            self._script = [] if script_type in _EXECUTABLE_SCRIPT_TYPES else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scan.inline_scripts.append("".join(self._script))
            self._script = None


def scan_page(html: str) -> PageScan:
    """Parse rendered HTML and collect its executable inline scripts and pretix marker."""
    scanner = _PageScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def script_hash(script_text: str) -> str:
    """The CSP source expression for one inline script, e.g. 'sha256-…'."""
    digest = hashlib.sha256(script_text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# --- The allow-list: from the templates, once per build ---------------------------------


def site_scope(site_url: str | None) -> str:
    """The value for `extra.scope`: the path of the site's root ("/" for a site at the root).

    Material's first inline script sets `__md_scope=new URL("{{ config.extra.scope |
    d(base_url) }}", location)`. Without `extra.scope` its text holds the page's relative
    `base_url` and differs by page depth; `base_url` always points at the site's root, so
    the root path gives the same URL on every page, and one text to hash.
    """
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def _attributes(tag_attributes: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for match in _ATTRIBUTE_RE.finditer(tag_attributes):
        name = match.group(1).lower()
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        values.setdefault(name, value)
    return values


# The same few script tags are on every page: each one's attributes are read once.
@lru_cache(maxsize=512)
def _is_executable_inline(tag_attributes: str) -> bool:
    """Whether a <script …> start tag (its attribute text) opens an inline script that runs."""
    if not tag_attributes.strip():
        return True  # plain <script>: most of them
    values = _attributes(tag_attributes)
    if "src" in values:
        return False  # an external script: governed by 'self' (and the pretix host)
    script_type = values.get("type", "").strip().lower()
    return "{" in script_type or script_type in _EXECUTABLE_SCRIPT_TYPES  # "{{ … }}": unknown


def templates_with_inline_scripts(theme_dirs: Iterable[str | Path]) -> list[str]:
    """Names of the theme's templates whose source holds an executable inline <script>.

    The first directory that has a name wins, as in the theme's loader (overrides/ shadows
    Material). Hidden folders (Material's thousands of `.icons`) are not templates.
    """
    seen: dict[str, str] = {}
    for directory in map(str, theme_dirs):
        for root, folders, files in os.walk(directory):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in files:
                if name.endswith(".html"):
                    path = os.path.join(root, name)
                    seen.setdefault(os.path.relpath(path, directory).replace(os.sep, "/"), path)
    found = []
    for name, path in sorted(seen.items()):
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        if "<script" in source and any(
            _is_executable_inline(m.group(1)) for m in _SCRIPT_OPEN_RE.finditer(source)
        ):
            found.append(name)
    return found


def template_inline_scripts(
    env: Environment, names: Iterable[str], context: Mapping[str, Any]
) -> tuple[frozenset[str], list[str]]:
    """(the scripts the templates `names` emit with the site `context` alone, the names
    that need more than that).

    Rendering is strict: a template that needs page data (`base_url`, `page`, …) raises and
    contributes nothing; if a page then shows its script, the page check names the page.
    A template is compiled afresh here (no cache shared with the theme's environment, whose
    templates are compiled with lenient undefined values).
    """
    strict = env.overlay(undefined=StrictUndefined, cache_size=0)
    scripts: set[str] = set()
    page_dependent = []
    for name in names:
        try:
            rendered = strict.get_template(name).render(context)
        except TemplateError:
            page_dependent.append(name)
            continue
        scripts.update(scan_page(rendered).inline_scripts)
    return frozenset(scripts), page_dependent


# --- The policy and the per-page work ---------------------------------------------------


def pretix_origin(pretix_url: str | None) -> str | None:
    """The origin (scheme://host[:port]) of the configured pretix shop, or None."""
    if not pretix_url:
        return None
    parts = urlsplit(pretix_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def build_policy(
    script_hashes: Iterable[str], pretix: str | None = None, offline: bool = False
) -> str:
    """The policy text for a page; `pretix` is the pretix origin if the page embeds a widget.

    `offline`: the preview opened from disk (civic_site/offline_preview.py), whose Web Worker
    shim runs an inline script whose text varies by page: 'unsafe-inline' instead of the
    hashes (browsers ignore it next to hashes), and no other host at all, pretix included
    (its box stays a placeholder; the link to the shop still works).
    """
    pretix_sources = [pretix] if pretix and not offline else []
    inline = ["'unsafe-inline'"] if offline else sorted(set(script_hashes))
    image_hosts = (
        list(_EXTRA_IMAGE_HOSTS.get(urlsplit(pretix).hostname or "", ())) if pretix_sources else []
    )
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *inline, *pretix_sources],
        # Material and our templates emit no inline styles and no <style> blocks, so no
        # 'unsafe-inline' here either; scripts that set element.style (CSSOM) are not affected.
        "style-src": ["'self'", *pretix_sources],
        "img-src": ["'self'", "data:", *pretix_sources, *image_hosts],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *pretix_sources],
        "frame-src": pretix_sources or ["'none'"],
        "form-action": ["'self'", *pretix_sources],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def policy_tag(policy: str) -> str:
    return f'\n  <meta http-equiv="Content-Security-Policy" content="{policy}">'


@dataclass(frozen=True)
class SitePolicy:
    """The build's allow-list and its two policy tags (pages without and with pretix)."""

    allowed_scripts: frozenset[str]
    pretix_url: str | None = None
    offline: bool = False  # the preview opened from disk (see build_policy)
    tag: str = field(init=False)
    pretix_tag: str = field(init=False)

    def __post_init__(self) -> None:
        hashes = [script_hash(text) for text in self.allowed_scripts]
        object.__setattr__(self, "tag", policy_tag(build_policy(hashes, None, self.offline)))
        origin = pretix_origin(self.pretix_url)
        pretix_policy = build_policy(hashes, origin, self.offline)
        object.__setattr__(self, "pretix_tag", policy_tag(pretix_policy))


class UnknownInlineScriptError(ValueError):
    """A page holds executable inline scripts that no template emits (`scripts`)."""

    def __init__(self, scripts: list[str]) -> None:
        self.scripts = scripts
        super().__init__(f"{len(scripts)} inline script(s) not on the allow-list")


def unknown_inline_scripts(html: str, allowed: frozenset[str]) -> list[str]:
    """The texts of the page's executable inline scripts that are not in `allowed`."""
    unknown = []
    position = 0
    while match := _SCRIPT_OPEN_RE.search(html, position):
        close = _SCRIPT_CLOSE_RE.search(html, match.end())
        end = close.start() if close else len(html)
        text = html[match.end() : end]
        position = end + 1 if close else len(html)
        if _is_executable_inline(match.group(1)) and text not in allowed:
            unknown.append(text)
    return unknown


def has_pretix_widget(html: str) -> bool:
    """Whether an element on the page has the class `civic-pretix`."""
    if PRETIX_MARKER_CLASS not in html:
        return False
    for match in _CLASS_RE.finditer(html):
        value = next(v for v in match.group(1, 2, 3) if v is not None)
        if PRETIX_MARKER_CLASS in value.split():
            return True
    return False


def policy_insert_offset(html: str) -> int | None:
    """Where the policy goes: after the first <meta charset> inside <head>, else right after
    <head>; None for a page without <head> or whose <head> already carries a policy.

    Only the head is looked at (up to `</head>` or `<body>`): a <meta charset> or a CSP
    <meta> further down (from content) neither moves nor suppresses the tag.
    """
    head = _HEAD_RE.search(html)
    if head is None:
        return None
    head_end = _HEAD_END_RE.search(html, head.end())
    stop = head_end.start() if head_end else len(html)
    offset = None
    for meta in _META_RE.finditer(html, head.end(), stop):
        tag = meta.group(0)
        lowered = tag.lower()  # attributes are parsed only for the few metas that matter
        if "content-security-policy" in lowered:
            equiv = _attributes(tag[len("<meta") : -1]).get("http-equiv", "")
            if equiv.strip().lower() == "content-security-policy":
                return None
        charset = offset is None and "charset" in lowered
        if charset and "charset" in _attributes(tag[len("<meta") : -1]):
            offset = meta.end()
    return head.end() if offset is None else offset


def apply_site_policy(html: str, policy: SitePolicy) -> str:
    """The page with the policy tag in its <head>.

    Raises UnknownInlineScriptError when the page holds an executable inline script that is
    not on the allow-list. A page without <head> (a redirect stub) or whose <head> already
    has a policy is returned unchanged (after the same check).
    """
    unknown = unknown_inline_scripts(html, policy.allowed_scripts)
    if unknown:
        raise UnknownInlineScriptError(unknown)
    offset = policy_insert_offset(html)
    if offset is None:
        return html
    tag = policy.pretix_tag if policy.pretix_url and has_pretix_widget(html) else policy.tag
    return html[:offset] + tag + html[offset:]
