"""The preview's server side (civic_site/preview_server.py): what it watches, how it compares
builds, and its reload script served as a file (the pages' CSP refuses inline scripts)."""

from __future__ import annotations

import logging
import re
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.config import load_config

from civic_site.preview_server import (
    WATCHED,
    PreviewServer,
    PreviewSession,
    compare,
    differing_pages,
    watch_paths,
    watched_files,
)
from tests.sitebuild import ROOT, free_port

# ------------------------------------------------------------------ watched files


def _write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_watched_files_are_the_sources_without_bytecode_or_output(tmp_path: Path) -> None:
    watched = [
        "mkdocs.yml",
        "docs/de/index.md",
        "docs/assets/css/civic.css",
        "events/de/treffen.md",
        "events/series.yml",
        "overrides/main.html",
        "hooks/events.py",
        "civic_site/event_pages.py",
        "data/figures.yml",
    ]
    ignored = [
        "hooks/__pycache__/events.cpython-311.pyc",
        "civic_site/__pycache__/event_pages.cpython-311.pyc",
        "site/index.html",  # the build's output
        "README.md",
        "scripts/serve_cmd.py",
        "tests/test_x.py",
    ]
    for name in watched + ignored:
        _write(tmp_path / name)

    times = watched_files(tmp_path)
    assert set(times) == {(tmp_path / name).absolute() for name in watched}
    for path, mtime in times.items():
        assert mtime == path.stat().st_mtime_ns


def test_the_fallback_list_holds_what_mkdocs_yml_watches() -> None:
    """WATCHED serves when mkdocs.yml cannot be loaded: it must not miss what it names."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    named = {Path(path).relative_to(ROOT).as_posix() for path in watch_paths(config)}
    assert named <= set(WATCHED)


def test_watched_files_without_optional_folders(tmp_path: Path) -> None:
    _write(tmp_path / "mkdocs.yml")
    assert set(watched_files(tmp_path)) == {(tmp_path / "mkdocs.yml").absolute()}


def test_compare_finds_changed_added_and_removed_files() -> None:
    a, b, c, d = (Path(f"/p/{name}") for name in "abcd")
    before = {a: 1, b: 2, c: 3}
    after = {a: 1, b: 5, d: 4}
    assert compare(before, after) == ({b}, {d}, {c})
    assert compare(before, dict(before)) == (set(), set(), set())
    assert compare({}, after) == (set(), set(after), set())


def test_differing_pages_lists_html_that_differs_or_exists_once(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        _write(folder / "same.html", "<p>gleich</p>")
        _write(folder / "en/same/index.html", "<p>same</p>")
        _write(folder / "style.css", f"/* {folder.name} */")  # not a page
        _write(folder / "calendar.ics", folder.name)  # not a page
    _write(old / "changed.html", "<p>alt</p>")
    _write(new / "changed.html", "<p>neu</p>")
    _write(old / "gone/index.html", "<p>weg</p>")
    _write(new / "en/added/index.html", "<p>new</p>")

    assert differing_pages(old, new) == ["changed.html", "en/added/index.html", "gone/index.html"]
    assert differing_pages(old, old) == []


# ------------------------------------------------------------------ swapping in the full build


class _Server:
    """Stands in for the PreviewServer: where it serves from, how often it reloaded."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.reloads = 0

    def show_new_version(self, pages: list[str]) -> None:
        assert pages, "a reload without a changed page"
        self.reloads += 1


def test_a_finished_full_build_is_served_and_reloads_only_when_a_page_differs(
    tmp_path: Path,
) -> None:
    session = PreviewSession(tmp_path / "mkdocs.yml")
    try:
        first = session.site_dir
        _write(first / "index.html", "<p>eins</p>")
        server = _Server(str(first))
        session.server = server  # type: ignore[assignment]

        same = session.work_dir / "site-1"
        _write(same / "index.html", "<p>eins</p>")
        _write(same / "events/calendar.ics", "neu")  # a calendar alone reloads nothing
        session._serve_folder(same)
        assert (session.site_dir, server.root, server.reloads) == (same, str(same), 0)
        assert first.is_dir()  # the folder just replaced stays for requests under way

        changed = session.work_dir / "site-2"
        _write(changed / "index.html", "<p>zwei</p>")
        session._serve_folder(changed)
        assert (session.site_dir, server.root, server.reloads) == (changed, str(changed), 1)
        assert same.is_dir() and not first.exists()  # older folders are removed
    finally:
        session.close()
    assert not session.work_dir.exists()


# ------------------------------------------------------------------ the reload script


PAGE = (
    "<!doctype html><html><head>"
    '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
    '</head><body><p>Hallo</p><script src="assets/site.js"></script></body></html>'
)
SCRIPT_TAG_RE = re.compile(r'<script src="/livereload/([0-9]+)/([0-9]+)\.js"></script>')


class _Running:
    def __init__(self, server: PreviewServer, port: int) -> None:
        self.server, self.port = server, port

    def get(self, path: str, timeout: float = 10, page: str | None = None) -> tuple[int, str, str]:
        """GET `path`; `page`: the page that polls (as the reload script names it)."""
        query = f"?page={urllib.parse.quote(page)}" if page else ""
        url = f"http://127.0.0.1:{self.port}{path}{query}"
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local
            return response.status, response.headers["Content-Type"], response.read().decode()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[_Running]:
    """A PreviewServer on a free port serving a one-page site; its builder does nothing."""
    site = tmp_path / "site"
    _write(site / "index.html", PAGE)
    _write(site / "assets/site.js", "console.log(1);")
    port = free_port()
    server = PreviewServer(
        builder=lambda: None, host="127.0.0.1", port=port, root=str(site), polling_interval=0.1
    )
    server.watch(str(tmp_path / "site"))  # MkDocs adds the reload script only when watching
    thread = threading.Thread(target=server.serve, daemon=True)  # blocks in its build loop
    thread.start()
    running = _Running(server, port)
    deadline = time.monotonic() + 20
    while True:
        try:
            running.get("/assets/site.js")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield running
    server.shutdown()
    thread.join(timeout=10)


def test_served_pages_load_the_reload_script_as_a_file(running: _Running) -> None:
    status, content_type, html = running.get("/")
    assert status == 200 and content_type.startswith("text/html")
    tags = SCRIPT_TAG_RE.findall(html)
    assert len(tags) == 1, html
    # The tag is all that was added, just before </body>: no inline script.
    tag = SCRIPT_TAG_RE.search(html)
    assert tag is not None
    assert html[: tag.start()] + html[tag.end() :] == PAGE
    assert html[tag.end() :] == "</body></html>"
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []

    epoch, request_id = tags[0]
    status, content_type, script = running.get(f"/livereload/{epoch}/{request_id}.js")
    assert status == 200
    assert content_type == "text/javascript"
    assert f"livereload({epoch}, {request_id});" in script
    assert '"?page=" + encodeURIComponent(location.pathname)' in script  # polls name the page
    assert "location.reload()" in script
    assert "<script" not in script


def test_a_waiting_poll_answers_when_a_new_version_is_shown(running: _Running) -> None:
    """What reloads the page after the full build in the background (`show_new_version`)."""
    _, _, html = running.get("/")
    match = SCRIPT_TAG_RE.search(html)
    assert match is not None
    epoch = int(match[1])
    # Nothing new: the poll answers with the page's own version once its time is up.
    running.server.poll_response_timeout = 0.2
    _, _, answer = running.get(f"/livereload/{epoch}/1")
    assert int(answer) == epoch

    # A poll waits (as long as MkDocs lets it) until a new version is shown.
    running.server.poll_response_timeout = 60
    path = f"/livereload/{epoch}/{time.monotonic_ns()}"  # new: MkDocs logs it once only
    answers: list[str] = []
    with _logged("mkdocs.livereload") as messages:
        poll = threading.Thread(
            target=lambda: answers.append(running.get(path, timeout=90)[2]), daemon=True
        )
        poll.start()
        deadline = time.monotonic() + 20
        while not any("Browser connected" in message for message in messages):
            assert time.monotonic() < deadline, messages
            time.sleep(0.02)
    running.server.show_new_version(["index.html"])  # a build finished outside the loop
    poll.join(timeout=30)
    assert answers and int(answers[0]) > epoch  # the script reloads the page

    _, _, html = running.get("/")
    newer = SCRIPT_TAG_RE.search(html)
    assert newer is not None and int(newer[1]) == int(answers[0])


def test_a_poll_reloads_only_the_pages_a_full_build_in_the_background_changed(
    running: _Running,
) -> None:
    _, _, html = running.get("/")
    epoch = int(SCRIPT_TAG_RE.search(html)[1])  # type: ignore[index]
    running.server.poll_response_timeout = 0.3
    running.server.show_new_version(["en/index.html"])  # another page changed
    _, _, answer = running.get(f"/livereload/{epoch}/1", page="/")
    assert int(answer) == epoch  # no reload for the page at /
    _, _, answer = running.get(f"/livereload/{epoch}/2", page="/en/")
    assert int(answer) > epoch  # the English page reloads
    running.server.show_new_version(["index.html"])
    _, _, answer = running.get(f"/livereload/{epoch}/3", page="/")
    assert int(answer) > epoch
    # A page that polls with that newest version waits again; a build in the build loop
    # (every page may have changed) reloads it.
    newest = int(answer)
    _, _, answer = running.get(f"/livereload/{newest}/4", page="/")
    assert int(answer) == newest
    with running.server._epoch_cond:
        running.server._visible_epoch = running.server._wanted_epoch = newest + 1
    _, _, answer = running.get(f"/livereload/{newest}/5", page="/")
    assert int(answer) == newest + 1


@contextmanager
def _logged(name: str) -> Iterator[list[str]]:
    messages: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_other_files_are_served_unchanged(running: _Running) -> None:
    status, content_type, body = running.get("/assets/site.js")
    assert (status, body) == (200, "console.log(1);")
    assert "javascript" in content_type
