"""Helpers to build a site (the real one or a fixture) for tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from civic_site.project import load_project

ROOT = Path(__file__).resolve().parent.parent
# The real project's UI strings (overrides/strings/<lang>.yml), where its mkdocs.yml puts them.
STRINGS_DIR = load_project(ROOT / "mkdocs.yml").strings_dir


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    def page(self, rel: str) -> str:
        """Text of a built file, e.g. page('en/events/index.html')."""
        return (self.site_dir / rel).read_text(encoding="utf-8")


def run_mkdocs_build(
    config_file: Path, site_dir: Path, env: dict[str, str] | None = None, strict: bool = True
) -> BuildResult:
    """Run `mkdocs build` in a subprocess, as `make build` does (fresh plugin state)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file)]
    cmd += ["--site-dir", str(site_dir)]
    if strict:
        cmd.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        cmd, cwd=config_file.parent, env=full_env, capture_output=True, text=True, timeout=300
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


def built_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


FIXTURE_EVENTS = ROOT / "tests" / "fixtures" / "events"
# A fixed "now" for fixture builds: 10 March 2026, noon in Berlin. The fixture events
# are placed around it (running, later today, upcoming, past, archived years).
FIXTURE_NOW = "2026-03-10T12:00:00+01:00"
_NOT_LINKED = {"events", "site", ".venv", ".git", "node_modules", ".cache", "screenshots"}
# The real mkdocs.yml's pretix organizer is unconfirmed (an "UNBESTÄTIGT:" value), so its
# registration boxes stay closed; fixture projects name a confirmed one of their own, so
# their boxes are live pretix widgets.
FIXTURE_PRETIX_ORGANIZER = "civic-coding"
_PRETIX_ORGANIZER_RE = re.compile(r"^(  pretix:\n(?:    .*\n)*?    organizer: ).*$", re.MULTILINE)


def make_fixture_project(
    target: Path,
    events_dir: Path = FIXTURE_EVENTS,
    pretix_organizer: str | None = FIXTURE_PRETIX_ORGANIZER,
) -> Path:
    """A project dir using the real config, docs, theme and hooks, with other events.

    Returns the path of its mkdocs.yml. Everything but events/ is a symlink to the
    real project, so the fixture always tests the real wiring. `pretix_organizer`
    replaces extra.pretix.organizer (None: keep the real, unconfirmed value).
    """
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in _NOT_LINKED or entry.name == "mkdocs.yml":
            continue
        (target / entry.name).symlink_to(entry)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(events_dir, target / "events")
    if pretix_organizer is not None:
        set_pretix_organizer(target / "mkdocs.yml", pretix_organizer)
    return target / "mkdocs.yml"


def set_pretix_organizer(config: Path, organizer: str) -> None:
    """Write `organizer` (YAML, e.g. civic-coding or null) as extra.pretix.organizer."""
    text = config.read_text(encoding="utf-8")
    text, count = _PRETIX_ORGANIZER_RE.subn(lambda m: m.group(1) + organizer, text)
    assert count == 1, "mkdocs.yml changed: extra.pretix.organizer not found once"
    config.write_text(text, encoding="utf-8")


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """End a server the tests started: terminate it, and kill it if it does not end."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a local server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
