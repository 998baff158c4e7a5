"""`make serve` (python -m scripts serve): errors show in the terminal, the preview
stays alive and recovers on the next save. Runs the real server on a free port in a
fixture project whose events/ is a private copy."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, free_port, make_fixture_project, stop_process

EVENT = "events/de/ki-und-soziale-innovationen.md"
BROKEN_START = "start: morgen"
ERROR_LINE = f"{EVENT}:4: start: „morgen“"


class Preview:
    def __init__(self, project: Path, log: Path) -> None:
        self.project, self.log, self.port = project, log, free_port()
        self.event = project / EVENT
        self.good = self.event.read_text(encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "scripts", "serve"]
        cmd += ["--config-file", str(self.project / "mkdocs.yml")]
        cmd += ["--dev-addr", f"127.0.0.1:{self.port}"]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                cmd,
                cwd=self.project,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process and self.process.poll() is None, f"died:\n{self.output()}"
            if condition():
                return
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}:\n{self.output()}")

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local
            return response.read().decode("utf-8")

    def save(self, text: str) -> None:
        self.event.write_text(text, encoding="utf-8")

    def broken(self, suffix: str = "") -> str:
        return self.good.replace("start: 2025-11-18 16:30", BROKEN_START) + suffix

    def stop(self) -> None:
        stop_process(self.process)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    config = make_fixture_project(tmp_path / "project", ROOT / "events")
    server = Preview(config.parent, tmp_path / "serve.log")
    assert "start: 2025-11-18 16:30" in server.good  # the line the tests break
    yield server
    server.stop()


def test_rebuild_errors_are_shown_every_time_and_the_preview_recovers(preview: Preview) -> None:
    preview.start()
    preview.wait_for(lambda: "Serving on" in preview.output(), "the first build")
    assert "ki-und-soziale-innovationen" in preview.get("events/")

    preview.save(preview.broken())
    preview.wait_for(lambda: preview.output().count(ERROR_LINE) == 1, "the error message")
    assert "Die Änderung ließ sich nicht bauen" in preview.output()

    # The same mistake again: plain `mkdocs serve` would hide the message this time.
    preview.save(preview.broken("\nNoch ein Satz.\n"))
    preview.wait_for(lambda: preview.output().count(ERROR_LINE) == 2, "the repeated message")

    preview.save(preview.good.replace('title: "KI und', 'title: "Repariert: KI und'))
    preview.wait_for(lambda: "Repariert: KI und" in preview.get("events/"), "the rebuild")
    assert "Traceback" not in preview.output()


def test_a_broken_file_at_startup_does_not_end_the_preview(preview: Preview) -> None:
    preview.save(preview.broken())
    preview.start()
    preview.wait_for(lambda: "Die Vorschau kann noch nicht starten" in preview.output(), "message")
    assert ERROR_LINE in preview.output()
    time.sleep(2)
    assert preview.process.poll() is None

    preview.save(preview.good)
    preview.wait_for(lambda: "Serving on" in preview.output(), "the server after the fix")
    assert "ki-und-soziale-innovationen" in preview.get("events/")
    assert "Traceback" not in preview.output()
