"""The worker processes of the parallel build (civic_site/parallel_build.py).

A worker is forked from the process that loaded the config and builds one language into a
folder of its own, as static-i18n builds that language inside the default build. It sends
that build's search entries (when static-i18n would collect them) and then its outcome and
log lines to the default build's process, through a pipe.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority

from civic_site.i18n import language_search_entries, start_single_language_build
from civic_site.mkdocs_log import LOGGER_NAME, FormattedLines, console_handlers, like_the_console

# How long to wait between looks at a worker that has not answered yet (seconds).
POLL_SECONDS = 0.2


@dataclass
class Worker:
    """A process that builds one language into a folder of its own."""

    lang: str
    site_dir: Path
    process: Any
    conn: Connection
    entries: list[dict[str, Any]] | None = None
    done: tuple[bool, list[str]] | None = None  # (succeeded, its log lines)

    def _receive(self) -> None:
        """Wait for the worker's next message: its search entries, or how it ended."""
        ended = ("done", False, [f"Der Bau der Sprache {self.lang} brach ab."])
        while not self.conn.poll(POLL_SECONDS):
            if not self.process.is_alive() and not self.conn.poll(0):
                message = ended
                break
        else:
            try:
                message = self.conn.recv()
            except EOFError:
                message = ended
        if message[0] == "entries":
            self.entries = message[1]
        else:
            self.done = (message[1], message[2])

    def search_entries(self) -> list[dict[str, Any]]:
        """The search entries of the worker's build (waits for them)."""
        if self.entries is None and self.done is None:
            self._receive()
        if self.entries is None:
            raise PluginError(f"Der Bau der Sprache {self.lang} ist fehlgeschlagen (siehe unten).")
        return self.entries

    def finish(self) -> tuple[bool, list[str]]:
        """(succeeded, its log lines), once the worker has ended."""
        while self.done is None:
            self._receive()
        self.process.join()
        return self.done

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


class _SendSearchEntries(BasePlugin):
    """In a worker: hand the language's search entries to the default build."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn

    @event_priority(-90)  # before static-i18n (-100) collects them in its own process
    def on_post_build(self, config: MkDocsConfig, **kwargs: Any) -> None:
        self.conn.send(("entries", language_search_entries(config)))


def _work(config: MkDocsConfig, lang: str, site_dir: Path, conn: Connection) -> None:
    """The worker process: build `lang` into `site_dir`; report entries, then the outcome."""
    logger = logging.getLogger(LOGGER_NAME)
    collected = like_the_console(FormattedLines())
    for handler in console_handlers():  # the parent prints the worker's lines
        logger.removeHandler(handler)
    logger.addHandler(collected)
    ok = True
    try:
        config.site_dir = str(site_dir)
        start_single_language_build(config, lang)
        config.plugins["civic/parallel-search-entries"] = _SendSearchEntries(conn)
        mkdocs_build.build(config)
    except MkDocsException as exc:  # Abort (strict warnings, a BuildError) and the like
        ok = False
        collected.lines.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which exits 1
        ok = False
        collected.lines.append(f"{type(exc).__name__}: {exc}")
    conn.send(("done", ok, collected.lines))
    conn.close()


def start_worker(config: MkDocsConfig, lang: str, site_dir: Path) -> Worker:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(
        target=_work, args=(config, lang, site_dir, child_end), name=f"build-{lang}"
    )
    process.start()
    child_end.close()
    return Worker(lang, site_dir, process, parent_end)
