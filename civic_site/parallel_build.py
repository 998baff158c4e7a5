"""`make build`: every language built in a process of its own, the same files as `mkdocs build`.

static-i18n builds one language after the other in one process: the other languages' builds
run inside the default language's `on_post_build` (ARCHITECTURE.md T1). Most of the cost is
per page (Markdown, templates), so the languages can be built side by side. Two things tie
them together, and both stay where static-i18n puts them:

- sitemap.xml lists the pages of every language, with their translations; the last
  language's build writes it from the pages that every earlier build registered;
- the search index holds every language's entries: static-i18n collects them at the end of
  each language's build and writes the merged index at the end of the default build.

So this driver does not take the build apart. It loads the config once and forks one worker
per other language, which builds that language alone into a folder of its own, as
static-i18n builds it inside the default build (`start_single_language_build`). This process
then runs the ordinary build: the default language in full, and, inside it as always, the
other languages' builds, in which every page is read, registered and placed in the
navigation and the sitemap, but not rendered (`_PlacedOnly`: no Markdown, an empty template,
so no file is written). Before static-i18n collects those builds' search entries, they are
replaced with the entries the worker's real build made. Finally each other language's folder
(`en/`) comes from its worker, except `en/search/`: the search index is split from the
merged index of the default build (hooks/search_split.py).

Everything else (assets, calendars, feeds, sitemap.xml, 404 pages, the merged search index)
is written by the same code in the same order as in `mkdocs build`;
tests/test_parallel_build.py compares the two sites byte for byte.

The workers are forked (POSIX): they start with the loaded config and the imported modules,
and their cost is that of their own language alone. Without `os.fork` (Windows), or with
one language, the build runs as `mkdocs build` does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from civic_site.build_workers import Worker, start_worker
from civic_site.i18n import (
    build_languages,
    current_language,
    default_language,
    replace_language_search_entries,
)
from civic_site.mkdocs_log import FormattedLines, like_the_console, on_mkdocs_log
from civic_site.site_paths import language_prefix

log = logging.getLogger("mkdocs.civic.parallel_build")

# The empty template that a page of another process's language renders with here.
PLACEHOLDER_TEMPLATE = "civic-parallel-placeholder.html"
# The key of the plugin that makes those builds place their pages only (config.plugins).
PLACED_ONLY = "civic/parallel-placed-only"
# Folders of a language's site that come from the default build, not from its worker.
FROM_DEFAULT_BUILD = ("search",)


def can_build_in_parallel() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def free_cores() -> float:
    """Cores nothing else wants right now: the core count less the last minute's load."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available: assume an idle machine
        load = 0.0
    return (os.cpu_count() or 1) - load


def worth_parallel(languages: int) -> bool:
    """A worker costs a core for its language, and the main process still spends about half
    a language build on placing the worker's pages (T19): with no core to spare (a busy
    machine) the sequential build finishes first."""
    return free_cores() >= min(languages, 2) - 0.5


# ---------------------------------------------------------------- the default build


class _PlacedOnly(BasePlugin):
    """In the default build's process: the builds of the languages that workers build
    register and place every page, but render none (the worker renders them)."""

    def __init__(self, workers: dict[str, Worker]) -> None:
        super().__init__()
        self.workers = workers

    def elsewhere(self, config: MkDocsConfig) -> bool:
        return current_language(config) in self.workers

    @event_priority(10_000)  # first: the page's Markdown is not rendered here
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
        if not self.elsewhere(config):
            return markdown
        page.meta["template"] = PLACEHOLDER_TEMPLATE  # renders empty: no file is written
        return ""

    @event_priority(10_000)
    def on_env(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files, **kwargs
    ) -> jinja2.Environment:
        if self.elsewhere(config):
            placeholder = jinja2.DictLoader({PLACEHOLDER_TEMPLATE: ""})
            env.loader = jinja2.ChoiceLoader([placeholder, env.loader])
        return env

    def on_pre_template(
        self, template: jinja2.Template, template_name: str, config: MkDocsConfig, **kwargs
    ) -> jinja2.Template:
        # The language's 404 page comes with its folder from the worker; sitemap.xml, which
        # lists every language's pages, is written here as in `mkdocs build`.
        if template_name == "404.html" and self.elsewhere(config):
            return jinja2.Template("")
        return template

    @event_priority(-90)  # before static-i18n (-100) collects the language's search entries
    def on_post_build(self, config: MkDocsConfig, **kwargs: Any) -> None:
        lang = current_language(config)
        if lang in self.workers:
            replace_language_search_entries(config, self.workers[lang].search_entries())


def rendered_elsewhere(config: MkDocsConfig) -> bool:
    """True in a language build whose language folder comes from a worker: files that lie
    only in that folder (calendars, feeds) need not be made in this process."""
    placed = config.plugins.get(PLACED_ONLY)
    return isinstance(placed, _PlacedOnly) and placed.elsewhere(config)


class _NoSkippedPageNotes(logging.Filter):
    """MkDocs notes every page and template that renders empty; here that is every placed
    page (and the 404 page) of another process's language."""

    def __init__(self, placed: _PlacedOnly, config: MkDocsConfig) -> None:
        super().__init__()
        self.placed, self.config = placed, config

    def filter(self, record: logging.LogRecord) -> bool:
        skipped = str(record.msg).startswith(("Page skipped:", "Template skipped:"))
        return not (skipped and self.placed.elsewhere(self.config))


def _take_language_folder(worker: Worker, site_dir: Path, default: str) -> None:
    """Replace `site_dir/<lang>/` with the worker's, keeping the default build's search/."""
    folder = language_prefix(worker.lang, default).strip("/")
    source, target = worker.site_dir / folder, site_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.name not in FROM_DEFAULT_BUILD:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    if source.is_dir():
        for entry in source.iterdir():
            if entry.name not in FROM_DEFAULT_BUILD:
                os.replace(entry, target / entry.name)
    shutil.rmtree(worker.site_dir)


# --------------------------------------------------------------------------- driver


def worker_site_dir(site_dir: Path, lang: str) -> Path:
    """Where the worker for `lang` builds: beside `site_dir` (same file system, so its
    folder is moved in, not copied), never inside it."""
    return site_dir.parent / f".{site_dir.name}-{lang}.build"


def build(config: MkDocsConfig, parallel: bool | None = None) -> None:
    """Build the site of the loaded `config` into `config.site_dir`, like `mkdocs build`
    (raises Abort on failure). `on_startup` must have run; `on_shutdown` is the caller's.

    `parallel`: True for one process per language, False for one process; None (`make
    build`) for one process per language when the machine has a core to spare."""
    languages, default = build_languages(config), default_language(config)
    others = [lang for lang in languages if lang != default]
    if parallel is None:
        parallel = worth_parallel(len(languages))
        if not parallel:
            log.info("Alle Prozessorkerne sind belegt: die Sprachen werden nacheinander gebaut.")
    if not (parallel and others and can_build_in_parallel()):
        mkdocs_build.build(config)
        return
    site_dir = Path(config.site_dir).absolute()
    workers = {lang: start_worker(config, lang, worker_site_dir(site_dir, lang)) for lang in others}
    placed = _PlacedOnly(workers)
    config.plugins[PLACED_ONLY] = placed
    quiet_notes = _NoSkippedPageNotes(placed, config)
    mkdocs_build.log.addFilter(quiet_notes)
    try:
        with on_mkdocs_log(like_the_console(FormattedLines())) as printed:
            try:
                mkdocs_build.build(config)
            except BaseException:
                for worker in workers.values():
                    worker.stop()  # this build failed: nothing of theirs is used
                raise
            failed = []
            seen = set(printed.lines)  # what this process printed already is not repeated
            for worker in workers.values():
                ok, lines = worker.finish()
                for line in lines:
                    if line not in seen:
                        seen.add(line)
                        print(line, file=sys.stderr)
                if not ok:
                    failed.append(worker.lang)
        if failed:
            raise Abort(
                f"Abgebrochen: der Bau von {', '.join(failed)} ist fehlgeschlagen (Meldungen oben)."
            )
        for worker in workers.values():
            _take_language_folder(worker, site_dir, default)
    finally:
        mkdocs_build.log.removeFilter(quiet_notes)
        for worker in workers.values():
            worker.stop()
            shutil.rmtree(worker.site_dir, ignore_errors=True)


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    strict: bool = False,
    parallel: bool | None = None,
    site_url: str | None = None,
) -> None:
    """Load `config_file` and build it (what `python -m scripts build` runs); `site_url`
    replaces mkdocs.yml's (the preview's full build, civic_site/preview_server.py)."""
    warnings.simplefilter("module", DeprecationWarning)
    mkdocs_build.log.addFilter(utils.DuplicateFilter())  # as the mkdocs command line does
    options: dict[str, Any] = {"strict": True} if strict else {}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    config = load_config(str(config_file), **options)
    if site_url:
        config.site_url = site_url
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, parallel=parallel)
    finally:
        config.plugins.on_shutdown()
