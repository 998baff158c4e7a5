"""Content-Security-Policy for the built pages, delivered as a <meta http-equiv> tag.

GitHub Pages cannot send headers, so the policy travels in the page itself. Scripts run only
from our own origin or when they are one of the page's own inline scripts, identified by the
SHA-256 hash of their text (Material emits a few small inline scripts); no 'unsafe-inline' and
no 'unsafe-eval' in script-src. The pretix host is allowed only on pages that contain a
two-click pretix placeholder (an element with class `civic-pretix`).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate
from urllib.parse import urlsplit

PRETIX_MARKER_CLASS = "civic-pretix"

# <script type="…"> values that browsers execute; anything else (e.g. Material's
# `application/json` config block) is a data block that CSP does not govern.
_EXECUTABLE_SCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
}

# pretix.eu serves product pictures and its widget's icons from a separate CDN host
# (DESIGN.md 4); a self-hosted pretix serves them itself.
_EXTRA_IMAGE_HOSTS = {"pretix.eu": ("https://cdn.pretix.cloud",)}


@dataclass
class PageScan:
    """What the policy needs to know about one rendered page."""

    inline_scripts: list[str] = field(default_factory=list)
    has_pretix_widget: bool = False
    inline_event_handlers: list[str] = field(default_factory=list)  # e.g. "button onclick"
    csp_meta_count: int = 0
    insert_offset: int | None = None  # character offset just after <meta charset> or <head>


class _PageScanner(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.scan = PageScan()
        self._line_starts = _line_offsets(html)
        self._script: list[str] | None = None  # text of the inline script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if PRETIX_MARKER_CLASS in values.get("class", "").split():
            self.scan.has_pretix_widget = True
        self.scan.inline_event_handlers += [f"{tag} {n}" for n in values if n.startswith("on")]
        if tag == "script" and "src" not in values:
            script_type = values.get("type", "").strip().lower()
            self._script = [] if script_type in _EXECUTABLE_SCRIPT_TYPES else None
        elif tag == "head" and self.scan.insert_offset is None:
            self.scan.insert_offset = self._end_of_current_tag()
        elif tag == "meta":
            self._meta(values)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scan.inline_scripts.append("".join(self._script))
            self._script = None

    def _meta(self, values: dict[str, str]) -> None:
        if values.get("http-equiv", "").lower() == "content-security-policy":
            self.scan.csp_meta_count += 1
        if "charset" in values:
            # The charset declaration stays first; the policy goes right after it.
            self.scan.insert_offset = self._end_of_current_tag()

    def _end_of_current_tag(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column + len(self.get_starttag_text() or "")


def _line_offsets(text: str) -> list[int]:
    """Character offset of the start of every line (HTMLParser reports line/column)."""
    # Split on "\n" only: HTMLParser counts lines that way (splitlines() would also
    # break at \r, \u2028 and friends, which can appear in page text).
    return [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]


def scan_page(html: str) -> PageScan:
    """Parse a rendered page and collect its inline scripts and pretix marker."""
    scanner = _PageScanner(html)
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def script_hash(script_text: str) -> str:
    """The CSP source expression for one inline script, e.g. 'sha256-…'."""
    digest = hashlib.sha256(script_text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def pretix_origin(pretix_url: str | None) -> str | None:
    """The origin (scheme://host[:port]) of the configured pretix shop, or None."""
    if not pretix_url:
        return None
    parts = urlsplit(pretix_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def build_policy(script_hashes: list[str], pretix: str | None = None) -> str:
    """The policy text for a page; `pretix` is the pretix origin if the page embeds a widget."""
    pretix_sources = [pretix] if pretix else []
    image_hosts = (
        list(_EXTRA_IMAGE_HOSTS.get(urlsplit(pretix).hostname or "", ())) if pretix else []
    )
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *sorted(set(script_hashes)), *pretix_sources],
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


def add_csp_meta(html: str, pretix_url: str | None = None) -> str:
    """Return the page with a CSP <meta> tag inserted early in <head>.

    Pages without <head> (e.g. a redirect stub) and pages that already carry a policy are
    returned unchanged.
    """
    scan = scan_page(html)
    if scan.insert_offset is None or scan.csp_meta_count:
        return html
    hashes = [script_hash(text) for text in scan.inline_scripts]
    origin = pretix_origin(pretix_url) if scan.has_pretix_widget else None
    policy = build_policy(hashes, origin)
    tag = f'\n  <meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: scan.insert_offset] + tag + html[scan.insert_offset :]
