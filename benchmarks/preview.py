"""How long a saved change takes to show in the preview (`make serve`), at N events × 2.

Run: .venv/bin/python -m benchmarks.preview [N] [--rounds=5] [--browser]   (default: 200 events)

It writes N events in both languages into a copy of the project (real config, theme,
hooks and docs; benchmarks/events_build.py's events), starts the preview on a free port and,
in each round, saves a changed file and polls the page that shows it until the change
appears: the latency from the save to the first answer with the new text (the server holds
requests while it builds, so a poll never sees a half-built page). Three kinds of change:
an event's text (its page), an event's title (the listing that shows it) and a Markdown
page (docs/de/initiative.md). Before each round it waits until the preview's full build in
the background has finished, as when an editor reads before saving again.

The baseline, in the same run: plain `mkdocs serve` on the same project, which rebuilds
every page of both languages after each save. Figures are medians of the rounds.
With --browser it also measures in Chromium (tests/browser.py): the page is open, the
change is saved, and the time runs until the page, reloaded by itself, is first painted
with the change (First Contentful Paint of the reloaded page; the test confirms the text).
Target (issue 12): ≤ 1 s at 200 events × 2 languages.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.events_build import write_events
from tests.sitebuild import FIXTURE_NOW, ROOT, free_port, make_fixture_project, stop_process

SETTLED = "Alle Seiten aktuell"  # the preview's full build in the background is done
READY = "Serving on"
POLL_SECONDS = 0.01
OWN_COPIES = ("docs", "civic_site", "hooks", "overrides", "data", "schemas", "scripts")
IGNORED = shutil.ignore_patterns("__pycache__")


@dataclass(frozen=True)
class Change:
    name: str
    file: str  # relative to the project
    page: str  # the URL path that shows it
    word: str  # a text in the file; each round puts a new word after it


CHANGES = (
    Change("event text", "events/de/treffen-5.md", "events/treffen-5/", "Impulsen"),
    Change("event title", "events/de/treffen-7.md", "events/", "Treffen Nummer 7"),
    Change("page", "docs/de/initiative.md", "initiative/", "folgenreichsten"),
)


class Server:
    """A preview process (ours or plain `mkdocs serve`) with its log in a file."""

    def __init__(self, project: Path, command: list[str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        addr = f"127.0.0.1:{self.port}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_NOW": FIXTURE_NOW}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "--dev-addr", addr], cwd=project, stdout=out, stderr=out, env=env
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the preview stopped or hung:\n{self.output()[-3000:]}")
            time.sleep(0.05)

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - local
            return response.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        stop_process(self.process)


def changed_file(project: Path, change: Change, marker: str) -> tuple[Path, str]:
    """The file of `change` and its text with `marker` after the word (the last round's
    marker replaced)."""
    path = project / change.file
    text = path.read_text(encoding="utf-8")
    pattern = re.escape(change.word) + r"( M[0-9]+x[0-9]+)?"
    new = re.sub(pattern, f"{change.word} {marker}", text, count=1)
    assert new != text, f"{change.file}: {change.word!r} not found"
    return path, new


def save_and_wait(server: Server, project: Path, change: Change, marker: str) -> float:
    """Save the change; seconds until the page shows it."""
    path, new = changed_file(project, change, marker)
    saved = time.monotonic()
    path.write_text(new, encoding="utf-8")
    while marker not in server.get(change.page):
        time.sleep(POLL_SECONDS)
    return time.monotonic() - saved


# The wall-clock time (ms) of the page's first contentful paint.
PAINTED_AT = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return performance.timeOrigin + (paint ? paint.startTime : performance.now());
}"""


def save_and_watch_browser(
    server: Server, project: Path, change: Change, marker: str, browser: Any
) -> float:
    """Save the change while Chromium shows the page; seconds until the page, reloaded by
    itself (the preview's reload script), is first painted with it."""
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.port}/{change.page}", wait_until="load")
        page.wait_for_timeout(300)  # the reload script starts polling on `load`
        path, new = changed_file(project, change, marker)
        saved = time.time()  # the clock of the page's performance.timeOrigin
        path.write_text(new, encoding="utf-8")
        page.wait_for_function(
            "marker => document.body && document.body.innerText.includes(marker)",
            arg=marker,
            timeout=120_000,
            polling=10,
        )
        # When the reloaded page was first painted: then the editor sees the change.
        painted = page.evaluate(PAINTED_AT)
        return painted / 1000 - saved
    finally:
        page.close()


def measure(
    server: Server, project: Path, rounds: int, settles: bool, browser: Any = None
) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {c.name: [] for c in CHANGES}
    settled = 0
    for number in range(rounds):
        for change in CHANGES:
            marker = f"M{number}x{time.monotonic_ns() % 10**9}"
            if browser is not None:
                latency = save_and_watch_browser(server, project, change, marker, browser)
            else:
                latency = save_and_wait(server, project, change, marker)
            results[change.name].append(latency)
            if settles:  # let the background build finish before the next save
                settled += 1
                server.wait_for_log(SETTLED, settled)
            else:
                time.sleep(0.5)
    return results


def prepared_project(workdir: Path, count: int) -> Path:
    events = workdir / "events"
    write_events(events, count)
    config = make_fixture_project(workdir / "project", events)
    # Copies of their own: the benchmark edits a page, and the preview rebuilds everything
    # when code it watches changes (someone working in the real project meanwhile).
    for name in OWN_COPIES:
        (config.parent / name).unlink()
        shutil.copytree(ROOT / name, config.parent / name, ignore=IGNORED)
    return config


def browser_latencies(config: Path, tmp: Path, rounds: int) -> dict[str, float]:
    """The same rounds in Chromium (plain `mkdocs serve` cannot take part: the pages'
    Content-Security-Policy blocks its inline reload script, so its pages never reload)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    command = [sys.executable, "-m", "scripts", "serve", "--config-file", str(config)]
    server = Server(config.parent, command, tmp / "browser.log")
    try:
        server.wait_for_log(READY)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                results = measure(server, config.parent, rounds, True, browser)
            finally:
                browser.close()
    finally:
        server.stop()
    return {change: statistics.median(values) for change, values in results.items()}


def run(count: int, rounds: int, with_browser: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = prepared_project(Path(tmp), count)
        project = config.parent
        kinds = {
            "ours (make serve)": (
                [sys.executable, "-m", "scripts", "serve", "--config-file", str(config)],
                True,
            ),
            "plain mkdocs serve": (
                [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(config)],
                False,
            ),
        }
        medians: dict[str, dict[str, float]] = {}
        for name, (command, settles) in kinds.items():
            server = Server(project, command, Path(tmp) / f"{len(medians)}.log")
            try:
                if settles:
                    server.wait_for_log(READY)
                else:  # `mkdocs serve -q` prints nothing once it serves
                    _wait_until_served(server)
                results = measure(server, project, rounds, settles)
            finally:
                server.stop()
            medians[name] = {k: statistics.median(v) for k, v in results.items()}
            print(f"{name}, {count} events × 2 languages, median of {rounds}:")
            for change, values in results.items():
                shown = ", ".join(f"{v:.2f}" for v in values)
                print(f"  {change:12s} {medians[name][change]:5.2f} s   ({shown})")
        ours, plain = medians["ours (make serve)"], medians["plain mkdocs serve"]
        for change in ours:
            print(f"ratio ours / plain, {change}: {ours[change] / plain[change]:.2f}")
        if with_browser:
            print("in Chromium (the page reloads by itself), ours, median of", rounds)
            for change, value in browser_latencies(config, Path(tmp), rounds).items():
                print(f"  {change:12s} {value:5.2f} s")
        worst = max(ours.values())
        verdict = "met" if worst <= 1.0 else "missed"
        print(f"target ≤ 1 s (median): {verdict} (slowest kind of change: {worst:.2f} s)")


def _wait_until_served(server: Server, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            server.get("")
            return
        except OSError:
            if server.process.poll() is not None:
                sys.exit(f"mkdocs serve stopped:\n{server.output()[-3000:]}")
            time.sleep(0.2)
    sys.exit("mkdocs serve did not start")


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    rounds = [int(arg.split("=", 1)[1]) for arg in sys.argv[1:] if arg.startswith("--rounds=")]
    with_browser = "--browser" in sys.argv[1:]
    run(int(arguments[0]) if arguments else 200, rounds[-1] if rounds else 5, with_browser)
