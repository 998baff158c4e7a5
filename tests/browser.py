"""Shared helpers for browser tests: serve a built site locally, drive Debian's Chromium.

The server mimics GitHub Pages where it matters for the tests: `/404.html` for any
missing path (with status 404), gzip for text files and a short cache lifetime.
Chromium is Debian's package (Playwright cannot download browsers here, ARCHITECTURE.md §8).
"""

from __future__ import annotations

import functools
import gzip
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from tests.sitebuild import ROOT

LOCAL_HOST = "127.0.0.1"
NODE_MODULES = ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOT_DIR = ROOT / "screenshots"

# ARCHITECTURE.md §8, plus no QUIC and no first-run UI: nothing that could reach the network
# on its own and be mistaken for a request the page made.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics")

# Runs before any page script: collects CSP violations the page reports to itself.
CSP_LISTENER_SCRIPT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    blocked: event.blockedURI || "inline",
    text: `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
          ` at ${event.sourceFile}:${event.lineNumber} ${event.sample || ""}`,
  });
});
"""


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves a built site like GitHub Pages: 404.html for missing paths, gzip for text."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.is_dir():
            return super().send_head()  # redirect to the path with a trailing slash
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        return self._send_file(path, status)

    def _send_file(self, path: Path, status: int) -> Any:
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts_gzip and path.suffix in _COMPRESSIBLE:
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return _BytesBody(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output readable


class _BytesBody:
    """The file-like object send_head() must return."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def read(self, *args: Any) -> bytes:
        body, self._body = self._body, b""
        return body

    def close(self) -> None:
        pass


@dataclass
class ServedSite:
    site_dir: Path
    base_url: str  # e.g. http://127.0.0.1:43127/ (always ends with a slash)

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


@contextmanager
def serve_site(site_dir: Path) -> Iterator[ServedSite]:
    """Serve `site_dir` on 127.0.0.1 at a free port, in a background thread."""
    handler = functools.partial(SiteRequestHandler, directory=str(site_dir))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(site_dir, f"http://{LOCAL_HOST}:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    return shutil.which("chromium")


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with the flags of ARCHITECTURE.md §8."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@dataclass
class PageVisit:
    """What happened while one page loaded."""

    path: str
    site_dir: Path
    status: int | None
    requests: list[str] = field(default_factory=list)
    csp_violations: list[CspViolation] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local_url(url)]

    def failures(self) -> list[str]:
        """Every request that failed (network error, status >= 400) or was blocked by the
        CSP, except the page itself (a missing page answers 404 on purpose)."""
        return [*self.failed_requests, *(f"CSP: {v.text}" for v in self.csp_violations)]


def is_local_url(url: str) -> bool:
    """True for requests that stay on this machine (or never leave the browser)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOCAL_HOST


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its !ENV / !!python tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def production_url() -> str:
    """mkdocs.yml's site_url (ends with a slash): where the site is published."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _TolerantLoader)
    return config["site_url"].rstrip("/") + "/"


def production_origin() -> str:
    """scheme://host of mkdocs.yml's site_url: the site's own origin once deployed."""
    parts = urlsplit(production_url())
    return f"{parts.scheme}://{parts.netloc}"


def serve_as_production(context: Any, served: ServedSite) -> ServedSite:
    """Let the browser `context` see the served site at its production address.

    Every request below site_url (scheme, host and path, as published) is answered by the
    local server, so the pages' absolute links (canonical, feed) are same-origin as they are
    once deployed, and a missing file answers 404 instead of a CSP block. Other addresses
    stay unrouted.
    """
    base = production_url()

    def answer(route: Any) -> None:
        response = route.fetch(url=served.url(route.request.url[len(base) :]), max_redirects=0)
        # The body arrives decompressed: drop the headers that describe the encoded one.
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in ("content-encoding", "content-length")
        }
        route.fulfill(status=response.status, headers=headers, body=response.body())

    context.route(lambda url: url.startswith(base), answer)
    return ServedSite(served.site_dir, base)


def is_own_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin


class RequestRecorder:
    """Records every request, failed request and CSP violation of a page, until the next
    reset. The page's own document is not counted as failed (404 pages answer 404)."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console_violations: list[str] = []
        self._page = page
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)

    def _is_the_page_itself(self, request: Any) -> bool:
        return request.is_navigation_request() and request.frame == self._page.main_frame

    def _on_request_failed(self, request: Any) -> None:
        if not self._is_the_page_itself(request):
            self.failed.append(f"{request.failure}: {request.url}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and not self._is_the_page_itself(response.request):
            self.failed.append(f"HTTP {response.status}: {response.url}")

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console_violations.append(message.text)

    def reset(self) -> None:
        self.requests.clear()
        self.failed.clear()
        self.console_violations.clear()


@dataclass(frozen=True)
class CspViolation:
    blocked: str  # the blocked URL, or "inline"
    text: str


def csp_violations(page: Any, recorder: RequestRecorder) -> list[CspViolation]:
    """Violations seen by the page's listener (CSP_LISTENER_SCRIPT) and on the console."""
    reported = [CspViolation(**v) for v in page.evaluate("window.__cspViolations || []")]
    logged = []
    for text in recorder.console_violations:
        quoted = re.search(r"'(\w+://[^']*)'", text)  # Chrome quotes the blocked URL first
        logged.append(CspViolation(quoted.group(1) if quoted else "inline", text))
    return [*reported, *logged]


def visit(
    page: Any, recorder: RequestRecorder, site: ServedSite, path: str, scroll: bool = False
) -> PageVisit:
    """Load a page, let its scripts settle, and report what it requested.

    With `scroll`, the page is scrolled to its end first, so lazy images load as well.
    """
    recorder.reset()
    response = page.goto(site.url(path), wait_until="load")
    if scroll:
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    return PageVisit(
        path=path,
        site_dir=site.site_dir,
        status=response.status if response else None,
        requests=list(recorder.requests),
        csp_violations=csp_violations(page, recorder),
        failed_requests=list(recorder.failed),
    )


@contextmanager
def new_page(browser: Any, clock_at: str | None = None, **context_options: Any) -> Iterator[Any]:
    """A page in a fresh browser context (own cookies, storage, media emulation).

    `clock_at` (ISO datetime) starts the page's clock there. Pages of a site built with
    SITE_NOW need it: docs/assets/js/event-state.js compares event ends with the browser's
    clock and would otherwise turn the fixture's "upcoming" events into past ones.
    """
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        if clock_at:
            page.clock.install(time=datetime.fromisoformat(clock_at))
        yield page
    finally:
        context.close()


def set_color_scheme(page: Any, scheme: str) -> None:
    """Switch Material's colour scheme ('default' or 'slate') on the loaded page."""
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Inject axe-core and return its WCAG 2.1 A/AA violations for the current page."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
          });
          return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " +
                                           (n.failureSummary || "").replace(/\\n/g, " ")),
          }));
        }"""
    )
    return result


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {target}" for target in violation["targets"]]
    return "\n".join(lines)


# Page types the quality gates cover, found in a built site by their markers.
PAGE_TYPES = (
    "home",
    "content",
    "listing",
    "series",
    "event-upcoming",
    "event-running",
    "event-past",
    "event-cancelled",
    "event-german-only",
    "404",
)
LANGUAGES = ("de", "en")
CONTENT_PAGE = "initiative/"  # an ordinary Markdown page in both languages


class _MarkerScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.event_state: str | None = None
        self.untranslated = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "article" and "civic-event" in classes:
            self.event_state = values.get("data-event-state")
        if "civic-untranslated" in classes:
            self.untranslated = True


def site_path(site_dir: Path, file: Path) -> str:
    """The URL path (without leading slash) a built file is served at."""
    rel = file.relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def page_types(site_dir: Path) -> dict[tuple[str, str], str]:
    """One representative page per (page type, language): {("listing", "en"): "en/events/"}."""
    found: dict[tuple[str, str], str] = {}
    for lang in LANGUAGES:
        prefix = "" if lang == "de" else f"{lang}/"
        for page_type, path in (
            ("home", prefix),
            ("content", prefix + CONTENT_PAGE),
            ("listing", prefix + "events/"),
            ("404", prefix + "404.html"),
        ):
            if (site_dir / path / ("" if path.endswith(".html") else "index.html")).is_file():
                found[(page_type, lang)] = path
        series = sorted((site_dir / prefix / "events" / "series").glob("*/index.html"))
        if series:
            found[("series", lang)] = site_path(site_dir, series[0])
    for file in sorted(site_dir.rglob("events/*/index.html")):
        path = site_path(site_dir, file)
        lang = "en" if path.startswith("en/") else "de"
        scanner = _MarkerScanner()
        scanner.feed(file.read_text(encoding="utf-8"))
        if scanner.event_state:
            found.setdefault((f"event-{scanner.event_state}", lang), path)
            if scanner.untranslated:
                found.setdefault(("event-german-only", lang), path)
    return found
