"""The live preview's web server and file watcher (`make serve`, civic_site/preview_server.py).

MkDocs' LiveReloadServer, changed in three ways:

- its reload script comes as a file of the site's own origin (`/livereload/<epoch>/<id>.js`),
  not inline: the pages' Content-Security-Policy allows only the templates' inline scripts
  (civic_site/csp.py), so the browser refused MkDocs' script and pages never reloaded;
- it watches with the system's file notifications (inotify) where they work, and only
  writes count: inotify also reports every file a build opens;
- the preview can tell open pages to reload after a build outside its build loop (the full
  build in the background), or not to reload when a build found nothing to do.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
_SCRIPT_PATH_RE = re.compile(r"/livereload/([0-9]+)/([0-9]+)\.js")


class PreviewServer(LiveReloadServer):
    """MkDocs' server, with the reload script served as a file (see the module docstring),
    that rebuilds only when a file was written, not when the build itself read one."""

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
        match = _SCRIPT_PATH_RE.fullmatch(environ["PATH_INFO"])
        if match is None:
            return super()._serve_request(environ, start_response)
        script = _SCRIPT_TEMPLATE.substitute(epoch=match[1], request_id=match[2]).encode()
        start_response(
            "200 OK",
            [("Content-Type", "text/javascript"), ("Content-Length", str(len(script)))],
        )
        return [script]

    def keep_version(self) -> None:
        """In the builder: nothing was built, so open pages need not reload."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch

    def show_new_version(self) -> None:
        """Tell every open page to reload (a build finished outside the build loop)."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = _timestamp()
            self._epoch_cond.notify_all()


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
