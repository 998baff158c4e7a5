"""The live preview behind `make serve`: a focused build first, the full build behind it.

After each save, `PreviewSession.build` compares the watched files with the last good build
and picks what to build:

- only existing pages or events of one language changed: a focused build
  (civic_site/preview_build.py) renders the pages that show the change into the served
  folder, and the browser reloads (within a second at a few hundred events). Then a full
  build of every language runs in the background (`python -m scripts build`, its own
  process, into a new folder); when it succeeds, the server serves that folder, and the
  browser reloads again only if a page's HTML differs. A new save stops it first;
- anything else (mkdocs.yml, overrides/, hooks/, civic_site/, data/, a file added or
  removed, several languages): a full build in this process, as `mkdocs serve` does.

The server is MkDocs' LiveReloadServer with one change: its reload script comes as a file
of the site's own origin, not inline. The pages' Content-Security-Policy allows only the
templates' inline scripts (civic_site/csp.py), so the browser would refuse MkDocs' inline
reload script and the page would never reload by itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import _serve_url
from mkdocs.structure.files import Files

from civic_site.preview_build import (
    MENTIONS_PLUGIN,
    RENDER_CACHE_PLUGIN,
    CachedRenders,
    RecordMentions,
    RenderCache,
    ThemeFiles,
    focused_build,
    plan_focus,
)
from civic_site.preview_reload import POLLING_SECONDS, PreviewServer, file_watcher
from civic_site.project import project_from_config

log = logging.getLogger("mkdocs.civic.preview")

# What the preview watches when mkdocs.yml cannot be read (scripts/serve_cmd.py waits for a
# fix after a failed first build): mkdocs.yml, docs_dir and its `watch:` list, relative to
# the project. `serve()` adds the loaded config's own (`watch_paths`);
# tests/test_preview_server.py checks that this list holds them.
WATCHED = ("mkdocs.yml", "docs", "events", "overrides", "hooks", "civic_site", "data", "schemas")


def watched_files(project_root: Path, names: Iterable[str | Path] = WATCHED) -> dict[Path, int]:
    """Modification times of every file the preview depends on (not Python's bytecode, not
    an editor's hidden or backup files: `.name.swp`, `name~`). `names`: files and folders,
    relative to the project or absolute."""
    times = {}
    for name in names:
        path = project_root / name
        candidates = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for candidate in candidates:
            hidden = candidate.name.startswith(".") or candidate.name.endswith("~")
            if not hidden and "__pycache__" not in candidate.parts and candidate.is_file():
                times[candidate.absolute()] = candidate.stat().st_mtime_ns
    return times


def compare(
    before: dict[Path, int], after: dict[Path, int]
) -> tuple[set[Path], set[Path], set[Path]]:
    """(changed, added, removed) between two `watched_files` results."""
    changed = {p for p in before.keys() & after.keys() if before[p] != after[p]}
    return changed, after.keys() - before.keys(), before.keys() - after.keys()


def differing_pages(old: Path, new: Path) -> list[str]:
    """HTML files that differ between two built sites (or exist in only one)."""
    names = {p.relative_to(old) for p in old.rglob("*.html")}
    names |= {p.relative_to(new) for p in new.rglob("*.html")}
    differ = []
    for name in sorted(names):
        a, b = old / name, new / name
        if not (a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()):
            differ.append(str(name))
    return differ


# How long the full build waits after a focused build: the browser reloads meanwhile.
BACKGROUND_DELAY_SECONDS = 1.0


class BackgroundBuild:
    """`python -m scripts build` of every language into `target`, in its own process."""

    def __init__(self, config_file: Path, target: Path, site_url: str) -> None:
        self.config_file, self.target, self.site_url = config_file, target, site_url
        self.started = time.monotonic()
        self.process: subprocess.Popen[str] | None = None
        self.stopped = False

    def start(self) -> None:
        if self.stopped:
            return
        self.started = time.monotonic()
        cmd = [sys.executable, "-m", "scripts", "build", "-q", "-f", str(self.config_file)]
        cmd += ["-d", str(self.target), "--site-url", self.site_url, "--im-hintergrund"]
        self.process = subprocess.Popen(
            cmd,
            cwd=self.config_file.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group: stop() ends its workers too
        )

    def wait(self) -> tuple[bool, str]:
        if self.process is None:
            return False, ""
        output, _ = self.process.communicate()
        return self.process.returncode == 0, output

    def stop(self) -> None:
        """End the build and the workers it forked (civic_site/parallel_build.py)."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            if not hasattr(os, "killpg"):  # Windows: no process groups, and no forked workers
                self.process.terminate()
                return
            with contextlib.suppress(ProcessLookupError):  # ended in the meantime
                os.killpg(self.process.pid, signal.SIGTERM)


class PreviewSession:
    """What the preview keeps between builds: the served folder, the last good build's
    files, Markdown conversions, and the full build running in the background."""

    def __init__(
        self,
        config_file: Path,
        before_load: Callable[[], object] = lambda: None,
    ) -> None:
        self.config_file = config_file.absolute()
        self.before_load = before_load  # scripts/serve_cmd.py reloads changed code here
        self.work_dir = Path(tempfile.mkdtemp(prefix="civic-preview-"))
        self.site_dir = self.work_dir / "site-0"
        self.serve_url = ""
        self.server: PreviewServer | None = None
        self.renders = RenderCache()
        self.mentions: dict[str, dict[str, tuple[str, frozenset[str]]]] = {}
        self.theme_files = ThemeFiles()
        self.known: dict[Path, int] = {}  # the watched files of the last good build
        self.watched: list[str | Path] = list(WATCHED)  # serve() adds mkdocs.yml's `watch:`
        self.background: BackgroundBuild | None = None
        self.generation = 0
        self.lock = threading.RLock()

    def load_config(self, **options: Any) -> MkDocsConfig:
        """mkdocs.yml, freshly loaded (after changed code was dropped), with the preview's
        address and what every build of the session keeps for the next: Markdown
        conversions and which pages showed which events (civic_site/preview_build.py)."""
        self.before_load()
        config = load_config(
            config_file=str(self.config_file), site_dir=str(self.site_dir), **options
        )
        if self.serve_url:
            config.site_url = self.serve_url
        config.plugins[RENDER_CACHE_PLUGIN] = CachedRenders(self.renders)
        config.plugins[MENTIONS_PLUGIN] = RecordMentions(self.mentions)
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """The server's builder: a focused build when it can show the change, else a full one."""
        with self.lock:
            self.stop_background()
            now = watched_files(self.config_file.parent, self.watched)
            changed, added, removed = compare(self.known, now)
            if self.known and not (changed or added or removed):
                if self.server is not None:  # saved unchanged, or a file the preview ignores
                    self.server.keep_version()
                return
            config = config or self.load_config()
            project = project_from_config(config)
            focus = plan_focus(project, changed, added, removed) if self.known else None
            started = time.monotonic()
            if focus is None:
                try:
                    mkdocs_build.build(config, serve_url=self.serve_url)
                except BaseException:
                    self.known = {}  # it emptied the folder first: the next save builds all
                    raise
                self.known = now
                # overrides/ may have changed: list the theme's files now, not at the next save
                self.theme_files = ThemeFiles()
                self.theme_files.add_to(Files([]), config.theme.get_env(), config)
                return
            focused_build(config, focus, project, self.theme_files)
            self.known = now
            log.info(
                "Vorschau aktualisiert in %.1f s: %s. Alle übrigen Seiten folgen im Hintergrund.",
                time.monotonic() - started,
                focus.describe(project),
            )
            self._start_background()

    def _start_background(self) -> None:
        self.generation += 1
        target = self.work_dir / f"site-{self.generation}"
        build = BackgroundBuild(self.config_file, target, self.serve_url)
        self.background = build
        threading.Thread(target=self._run_background, args=(build,), daemon=True).start()

    def _run_background(self, build: BackgroundBuild) -> None:
        # First the browsers reload the pages the focused build wrote, on an idle machine.
        time.sleep(BACKGROUND_DELAY_SECONDS)
        with self.lock:
            if build is not self.background:
                return  # a newer save came first
            build.start()
        ok, output = build.wait()
        # Outside the lock (it reads every page): a save meanwhile makes this build stale.
        differ = differing_pages(self.site_dir, build.target) if ok else []
        with self.lock:
            if build is not self.background:  # stopped by a newer save
                shutil.rmtree(build.target, ignore_errors=True)
                return
            self.background = None
            if not ok:
                print(output.rstrip(), file=sys.stderr, flush=True)
                log.error(
                    "Der vollständige Bau im Hintergrund ist fehlgeschlagen (Meldung oben). "
                    "Die Vorschau zeigt die zuletzt gebauten Seiten."
                )
                shutil.rmtree(build.target, ignore_errors=True)
                return
            self._serve_folder(build.target, differ)
            log.info(
                "Alle Seiten aktuell (vollständiger Bau: %.1f s).", time.monotonic() - build.started
            )

    def _serve_folder(self, folder: Path, differ: list[str] | None = None) -> None:
        """Serve `folder` from now on; reload the open pages that differ from the old one's."""
        old = self.site_dir
        differ = differing_pages(old, folder) if differ is None else differ
        self.site_dir = folder
        if self.server is not None:
            self.server.root = str(folder)
            if differ:
                self.server.show_new_version(differ)
        for stale in self.work_dir.iterdir():  # keep the one just replaced for open requests
            if stale not in (old, folder):
                shutil.rmtree(stale, ignore_errors=True)

    def stop_background(self) -> None:
        with self.lock:
            if self.background is not None:
                self.background.stop()
                self.background = None

    def error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def close(self) -> None:
        self.stop_background()
        shutil.rmtree(self.work_dir, ignore_errors=True)


def watch_paths(config: MkDocsConfig) -> Iterable[str]:
    """What the server watches: as `mkdocs serve`, the docs, mkdocs.yml and `watch:`."""
    yield config.docs_dir
    if config.config_file_path:
        yield config.config_file_path
    yield from config.watch


def serve(config_file: Path, dev_addr: str | None, before_load: Callable[[], object]) -> None:
    """Build, serve and rebuild on every save until Ctrl+C (raises like `mkdocs serve`)."""
    session = PreviewSession(config_file, before_load)
    try:
        config = session.load_config(**({"dev_addr": dev_addr} if dev_addr else {}))
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        session.serve_url = _serve_url(host, port, mount_path)
        config.site_url = session.serve_url
        server = PreviewServer(
            builder=session.build,
            host=host,
            port=port,
            root=str(session.site_dir),
            mount_path=mount_path,
            polling_interval=POLLING_SECONDS,
        )
        server.observer = file_watcher(session.config_file.parent)
        server.error_handler = session.error_page
        session.server = server
        try:
            watched = list(watch_paths(config))
            session.watched += [Path(path) for path in watched]  # the builds compare these too
            session.build(config)
            for path in watched:
                server.watch(path)
            server = config.plugins.on_serve(server, config=config, builder=session.build)
            server.serve()
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
    finally:
        session.close()
