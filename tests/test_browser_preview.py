"""`make serve` in a real browser: after an event file is saved, the open page reloads by
itself (the reload script comes as a same-origin file, which the pages' CSP allows) and shows
the change; the background full build then brings the other language's pages up to date.

Runs `python -m scripts serve` on a free port in a fixture project (private events/ copy)
and Debian's Chromium (tests/browser.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CSP_LISTENER_SCRIPT, RequestRecorder, csp_violations, new_page
from tests.sitebuild import FIXTURE_NOW, free_port, make_fixture_project, stop_process

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVENT = "events/de/nur-deutsch.md"  # no English version: /en/ shows it too (T9)
TITLE = "Nur auf Deutsch angekündigt"
NEW_TITLE = "Nur auf Deutsch und neu benannt"
UPDATED = "Vorschau aktualisiert"  # the focused build is served
SETTLED = "Alle Seiten aktuell"  # the full build in the background is served


class Serve:
    """`python -m scripts serve` on a free port, its output in a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        cmd = [sys.executable, "-m", "scripts", "serve", "--config-file", str(config)]
        cmd += ["--dev-addr", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_NOW": FIXTURE_NOW}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                cmd, cwd=config.parent, stdout=out, stderr=subprocess.STDOUT, env=env
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the preview ended:\n{self.output()}"
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}:\n{self.output()}")
            time.sleep(0.2)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url(path), timeout=60) as response:  # noqa: S310
            return response.read().decode("utf-8")

    def stop(self) -> None:
        stop_process(self.process)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    config = make_fixture_project(tmp_path / "project")
    server = Serve(config, tmp_path / "serve.log")
    try:
        server.wait_for(lambda: "Serving on" in server.output(), "the first build")
        yield server
    finally:
        server.stop()


def _heading(page: Any) -> str:
    return page.locator("article.civic-event h1").first.inner_text()


def test_a_saved_event_reloads_the_open_page_by_itself(browser: Any, serve: Serve) -> None:
    event = serve.log.parent / "project" / EVENT
    text = event.read_text(encoding="utf-8")
    assert text.count(f"title: {TITLE}\n") == 1

    with new_page(browser) as page:
        page.context.add_init_script(CSP_LISTENER_SCRIPT)  # every load, reloads included
        recorder = RequestRecorder(page)
        loads: list[str] = []  # documents the page committed to (goto, reloads)
        page.on("framenavigated", lambda frame: frame.parent_frame or loads.append(frame.url))
        page.goto(serve.url("events/nur-deutsch/"), wait_until="load")
        assert _heading(page) == TITLE
        assert any("/livereload/" in url and url.endswith(".js") for url in recorder.requests)
        assert csp_violations(page, recorder) == []
        first_loads = len(loads)

        # Saved at once, as editors save (the watcher never sees a half-written file).
        saved = serve.log.parent / "saved.md"
        saved.write_text(text.replace(f"title: {TITLE}", f"title: {NEW_TITLE}"), encoding="utf-8")
        os.replace(saved, event)
        # No navigation from here on: the page's reload script has to notice the new build.
        page.wait_for_function(
            "title => document.querySelector('article.civic-event h1')?.innerText === title",
            arg=NEW_TITLE,
            timeout=30_000,
        )
        assert len(loads) > first_loads, "the page changed without a reload?"
        assert page.url == serve.url("events/nur-deutsch/")
        assert csp_violations(page, recorder) == []
        assert recorder.console_violations == []
        # Logged once the focused build returned; on a busy machine the browser can be faster.
        serve.wait_for(lambda: UPDATED in serve.output(), "the preview's message", timeout=30)

        # The full build in the background follows and is served: the English page (the
        # German event as fallback), which the focused build of German did not write.
        serve.wait_for(lambda: SETTLED in serve.output(), "the full build in the background")
        english = serve.get("en/events/nur-deutsch/")
        assert NEW_TITLE in english and TITLE not in english
        calendar = serve.get("events/nur-deutsch/nur-deutsch.ics")
        assert NEW_TITLE in calendar.replace("\r\n ", "")  # unfolded
        assert csp_violations(page, recorder) == []
    output = serve.output()
    assert "Traceback" not in output and "ERROR" not in output, output
