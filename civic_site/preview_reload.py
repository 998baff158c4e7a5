"""The live preview's web server and file watcher (`make serve`, civic_site/preview_server.py).

MkDocs' LiveReloadServer, changed in three ways:

- its reload script comes as a file of the site's own origin (`/livereload/<epoch>/<id>.js`),
  not inline: the pages' Content-Security-Policy allows only the templates' inline scripts
  (civic_site/csp.py), so the browser refused MkDocs' script and pages never reloaded;
- it watches with the system's file notifications (inotify) where they work, and only
  writes count: inotify also reports every file a build opens;
- the preview can tell open pages to reload after a build outside its build loop (the full
  build in the background): only the pages that build changed, as the reload script's polls
  name the open page (`?page=`); and not to reload when a build found nothing to do.
"""

from __future__ import annotations

import logging
import os
import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer, _timestamp

log = logging.getLogger("mkdocs.civic.preview")

POLLING_SECONDS = 0.2  # how often the watcher looks at the files (MkDocs: 0.5)
_WRITES = {
    watchdog.events.EVENT_TYPE_CREATED,
    watchdog.events.EVENT_TYPE_MODIFIED,
    watchdog.events.EVENT_TYPE_DELETED,
    watchdog.events.EVENT_TYPE_MOVED,
    watchdog.events.EVENT_TYPE_CLOSED,  # closed after writing
}
# MkDocs' reload script, whose polls name the open page (so that only the pages a build in
# the background changed reload). Should MkDocs change its script, every page reloads.
_RELOAD_SCRIPT = string.Template(
    _SCRIPT_TEMPLATE.template.replace(
        '"/livereload/" + epoch + "/" + requestId',
        '"/livereload/" + epoch + "/" + requestId + "?page=" + '
        "encodeURIComponent(location.pathname)",
    )
)
_POLL_PATH_RE = re.compile(r"/livereload/([0-9]+)/[0-9]+")
_SCRIPT_PATH_RE = re.compile(r"/livereload/([0-9]+)/([0-9]+)\.js")


class PreviewServer(LiveReloadServer):
    """MkDocs' server, with the reload script served as a file (see the module docstring),
    that rebuilds only when a file was written, not when the build itself read one, and
    that reloads only the pages a build outside its loop changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partial: dict[int, frozenset[str]] = {}  # version: the pages it changed
        self._last_full = 0  # the newest version of the build loop (every page may differ)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """LiveReloadServer.watch, with only writes counted: the system's notifications
        (inotify) also report every file the build opens, which would rebuild forever."""
        path = os.path.abspath(path)
        if os.path.isfile(path):  # mkdocs.yml: its folder, as an editor may save by renaming
            path, recursive = os.path.dirname(path), False
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in _WRITES:
                return
            if "__pycache__" in Path(os.fsdecode(event.src_path)).parts:
                return  # Python's bytecode, written by the build's own imports
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        tag = f'<script src="/livereload/{epoch}/{_timestamp()}.js"></script>'.encode()
        return content[:body_end] + tag + content[body_end:]

    def _serve_request(self, environ: dict[str, Any], start_response: Callable) -> Any:
        poll = _POLL_PATH_RE.fullmatch(environ["PATH_INFO"])
        if poll is not None:
            page = _open_page(environ, self.mount_path)
            answer = self._answer_poll(int(poll[1]), page, environ["PATH_INFO"])
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"%d" % answer]
        match = _SCRIPT_PATH_RE.fullmatch(environ["PATH_INFO"])
        if match is None:
            return super()._serve_request(environ, start_response)
        script = _RELOAD_SCRIPT.substitute(epoch=match[1], request_id=match[2]).encode()
        start_response(
            "200 OK",
            [("Content-Type", "text/javascript"), ("Content-Length", str(len(script)))],
        )
        return [script]

    def keep_version(self) -> None:
        """In the builder: nothing was built, so open pages need not reload."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch

    def show_new_version(self, pages: Iterable[str]) -> None:
        """A build outside the build loop changed these pages (site-relative files,
        'en/events/x/index.html'): the browsers that show one of them reload."""
        with self._epoch_cond:
            if self._visible_epoch not in self._partial:  # the build loop's: all pages
                self._last_full = max(self._last_full, self._visible_epoch)
            epoch = _timestamp()
            self._partial[epoch] = frozenset(pages)
            self._wanted_epoch = self._visible_epoch = epoch
            self._epoch_cond.notify_all()

    def _answer_poll(self, epoch: int, page: str | None, request: str) -> int:
        """MkDocs' long poll, per page: the newest version when one after `epoch` changed
        the open page (a build in the loop changes them all), else `epoch` (no reload),
        after at most `poll_response_timeout` seconds."""

        def newer() -> bool:
            partial, last_full = self._partial, self._last_full
            if self._visible_epoch not in partial:
                last_full = max(last_full, self._visible_epoch)
            if last_full > epoch:
                return True
            return any(e > epoch and (page is None or page in p) for e, p in partial.items())

        with self._epoch_cond:
            if not newer():  # as MkDocs: a new browser tab is logged once
                self._log_poll_request(page or "?", request_id=request)
            if self._epoch_cond.wait_for(newer, timeout=self.poll_response_timeout):
                return self._visible_epoch
            return epoch


def _open_page(environ: dict[str, Any], mount_path: str) -> str | None:
    """The site-relative file of the page that polls (`?page=` of the poll, its path), None
    when unknown."""
    path = unquote(parse_qs(environ.get("QUERY_STRING", "")).get("page", [""])[0])
    if not path.startswith(mount_path):
        return None
    page = path[len(mount_path) :]
    return page + "index.html" if page == "" or page.endswith("/") else page


def file_watcher(folder: Path) -> Any:
    """The system's file notifications (inotify on Linux) where they work, instead of
    MkDocs' polling watcher, which looks at every watched file twice a second and slows
    the builds it waits for (Python runs one thread at a time). Where they fail (the
    system's limit of watches, some shared folders), polling five times a second."""
    probe = watchdog.observers.Observer()
    try:
        probe.schedule(watchdog.events.FileSystemEventHandler(), str(folder), recursive=False)
        probe.start()
    except OSError as exc:
        log.info("Dateiüberwachung durch Abfragen (%s).", exc)
        return watchdog.observers.polling.PollingObserver(timeout=POLLING_SECONDS)
    probe.stop()
    probe.join()
    return watchdog.observers.Observer()
