"""The one-second preview (`make serve`): after a saved page or event, render only what shows it.

A full build renders every page of every language; at a few hundred events that takes
seconds. When the saved files are Markdown pages (`docs/<lang>/…`) or event files
(`events/<lang>/…`) that existed before, and nothing else changed, the preview first runs a
*focused build* of the edited language into the folder it serves (scripts/serve_cmd.py,
civic_site/preview_server.py):

- every step of a MkDocs build up to the templates runs as usual, with the same config,
  hooks and plugins: files, the generated event pages, the navigation, every page's
  Markdown (so every title in the nav, every link check and every diagnostic is the real
  one), `on_env`;
- a page's Markdown is converted again only when its text (or the site's set of files)
  changed: `RenderCache` keeps MkDocs' conversion of unchanged pages for the whole preview
  session, keyed by everything the conversion reads;
- only the pages that show the change get their template: an edited page; for an event,
  every generated page whose context holds it (its page, the listing, archive, series and
  category pages that list it), its recap page, every docs page with a template of its own
  (the home page lists upcoming events) and every page whose Markdown changed with it (a
  `jinja: true` page that lists events), and every page that showed it in the session's
  last build of the language (`RecordMentions`: a series or category it has left; a page
  that is gone now is removed). Generated pages that show nothing of it (the other
  events' pages) are not even read: no template needs them;
- calendars, feeds, the search index, the sitemap and the other languages are not written
  (`in_focused_build`); the full build that follows in the background brings them, and
  every other page, up to date a few seconds later (preview_server.py).

So the page being edited is the page a full build makes, byte for byte
(tests/test_preview_build.py), and every other file is at most one full build behind.
Everything else that changes (mkdocs.yml, overrides/, hooks/, data/, an added, removed or
renamed file) gets a full build at once, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from civic_site.build_data import BuildData, build_data
from civic_site.event_model import Event
from civic_site.i18n import default_language, start_single_language_build
from civic_site.preview_renders import (  # noqa: F401 - part of this module's interface
    RENDER_CACHE_PLUGIN,
    CachedRenders,
    RenderCache,
    converted_pages,
    warnings_counted,
)
from civic_site.project import Project

log = logging.getLogger("mkdocs.civic.preview")

# The keys of this module's plugins in config.plugins.
FOCUS_PLUGIN = "civic/preview-focus"
MENTIONS_PLUGIN = "civic/preview-event-mentions"


@dataclass(frozen=True)
class PreviewFocus:
    """What a focused build renders: in `lang`, these docs pages and these events' pages."""

    lang: str
    pages: frozenset[Path]  # docs/<lang>/… files, absolute
    event_slugs: frozenset[str]

    def describe(self, project: Project) -> str:
        names = sorted(project.relative(p) for p in self.pages)
        names += sorted(f"events/{self.lang}/{slug}.md" for slug in self.event_slugs)
        return ", ".join(names)


def plan_focus(
    project: Project, changed: Iterable[Path], added: Iterable[Path], removed: Iterable[Path]
) -> PreviewFocus | None:
    """The focused build for these changes, or None when they need a full build.

    Only edits of existing Markdown pages and event files of one language qualify; an
    added or removed file changes the set of pages (navigation, listings, links)."""
    if any(True for _ in added) or any(True for _ in removed):
        return None
    pages: set[Path] = set()
    slugs: set[str] = set()
    languages: set[str] = set()
    for path in changed:
        where = _page_or_event(project, Path(path).absolute())
        if where is None:
            return None
        lang, kind, value = where
        languages.add(lang)
        if kind == "page":
            pages.add(value)
        else:
            slugs.add(value.stem)
    if len(languages) != 1:
        return None  # nothing changed, or edits in two languages: the full build does both
    return PreviewFocus(languages.pop(), frozenset(pages), frozenset(slugs))


def _page_or_event(project: Project, path: Path) -> tuple[str, str, Path] | None:
    if path.suffix != ".md":
        return None
    for kind, folder in (("page", project.docs_dir), ("event", project.events_dir)):
        try:
            parts = path.relative_to(folder.absolute()).parts
        except ValueError:
            continue
        if len(parts) < 2 or parts[0] not in project.languages:
            return None
        if kind == "event" and len(parts) != 2:
            return None  # events/<lang>/<slug>.md only (event_folder.event_files)
        return parts[0], kind, path
    return None


# ------------------------------------------------------------------ the focused build


class _Focus(BasePlugin):
    """Marks a focused build for the hooks (`in_focused_build`)."""

    def __init__(self, focus: PreviewFocus) -> None:
        super().__init__()
        self.focus = focus


def in_focused_build(config: MkDocsConfig) -> bool:
    """True in the preview's focused build: files that are not pages (calendars, feeds) are
    left to the full build that follows."""
    return FOCUS_PLUGIN in config.plugins  # not isinstance: serve_cmd may reload the hooks' modules


class ThemeFiles:
    """The theme's static files (Material's assets, overrides/), listed once per session:
    listing them walks thousands of icon files. A change under overrides/ gets a full build
    and a new session state (preview_server.py)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def add_to(self, files: Files, env: Any, config: MkDocsConfig) -> None:
        key = tuple(config.theme.dirs)
        if key not in self._found:
            theme_only = Files([])
            theme_only.add_files_from_theme(env, config)
            self._found[key] = [(f.src_uri, f.src_dir) for f in theme_only]
        present = {f.src_uri for f in files}  # docs files win, as in MkDocs
        files_dir, directory_urls = config.site_dir, config.use_directory_urls
        for src_uri, src_dir in self._found[key]:
            if src_uri not in present:  # not Files.get_file_from_path: quadratic with append
                files.append(File(src_uri, src_dir, files_dir, directory_urls))


def focused_build(
    config: MkDocsConfig, focus: PreviewFocus, project: Project, theme_files: ThemeFiles
) -> list[str]:
    """Render the pages that show `focus` into `config.site_dir` (see the module docstring).

    `config` is freshly loaded, with the session's `CachedRenders` among its plugins.
    Returns the destinations of the pages it wrote or removed; raises Abort like
    `mkdocs build`."""
    with warnings_counted() as counter:
        try:
            if focus.lang != default_language(config):
                start_single_language_build(config, focus.lang)
            config.plugins[FOCUS_PLUGIN] = _Focus(focus)
            written = _render_focus(config, focus, project, theme_files)
            if config.strict and (counts := counter.get_counts()):
                found = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {found} in strict mode!")
            return written
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            if isinstance(exc, BuildError):
                log.error(str(exc))
                raise Abort("Aborted with a BuildError!") from None
            raise


def _render_focus(
    config: MkDocsConfig, focus: PreviewFocus, project: Project, theme_files: ThemeFiles
) -> list[str]:
    """MkDocs' `build` (mkdocs/commands/build.py, 1.6) without what a focused build skips:
    cleaning the folder, static files, theme templates, other pages' templates and
    `on_post_build` (where static-i18n would build the other languages)."""
    recorded = config.plugins.get(MENTIONS_PLUGIN)
    before = dict(recorded.mentions.get(focus.lang, {})) if recorded else {}
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    theme_files.add_to(files, env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    shows = _Selection(focus, build_data(config), config, before)
    in_nav = {id(page) for page in nav.pages}
    inclusion = InclusionLevel.is_in_serve
    for file in files.documentation_pages(inclusion=inclusion):
        generated = file.abs_src_path is None
        if generated and id(file.page) not in in_nav and not shows(file):
            continue  # a generated page outside the nav that does not show the change
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        assert file.page is not None
        mkdocs_build._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=inclusion)
    written = []
    for file in doc_files:
        if file.page is not None and file.page.markdown is not None and shows(file):
            excluded = file.inclusion.is_excluded()
            mkdocs_build._build_page(file.page, config, doc_files, nav, env, excluded=excluded)
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            written.append(file.dest_uri)
    return written + _remove_gone_pages(config, shows.showed_before, files)


class _Selection:
    """Whether a page shows what changed: it is the edited page, or it shows an edited
    event now (its page, a listing, the recap, a page with a template of its own) or did
    in the last build of this language (a series or category the event has left)."""

    def __init__(
        self,
        focus: PreviewFocus,
        data: BuildData,
        config: MkDocsConfig,
        before: dict[str, tuple[str, frozenset[str]]],
    ) -> None:
        self.focus, self.data, self.config = focus, data, config
        self.showed_before = {
            src_uri: dest_uri
            for src_uri, (dest_uri, slugs) in before.items()
            if slugs & focus.event_slugs
        }

    def __call__(self, file: File) -> bool:
        focus, data = self.focus, self.data
        if file.abs_src_path and Path(file.abs_src_path).absolute() in focus.pages:
            return True
        if not focus.event_slugs:
            return False
        if file.src_uri in self.showed_before:
            return True
        context = data.page_context.get(file.src_uri)
        if context is not None:  # a generated page (hooks/events.py)
            return bool(event_slugs_in(context) & focus.event_slugs)
        if event_slugs_in(data.recap_of.get(file.src_uri, [])) & focus.event_slugs:
            return True
        meta = (file.page.meta if file.page else None) or {}
        if meta.get("template"):
            return True  # a template of its own may list events (the home page does)
        # A `jinja: true` page that lists events has new Markdown: it was converted again.
        renders = converted_pages(self.config)
        return renders is None or file.src_uri in renders


def _remove_gone_pages(config: MkDocsConfig, showed: dict[str, str], files: Files) -> list[str]:
    """Pages that showed the event and are gone now (the last event of a category left it):
    removed from the served folder; returns their destinations."""
    site_dir = Path(config.site_dir).absolute()
    present = {f.src_uri for f in files}
    removed = []
    for src_uri, dest_uri in showed.items():
        target = (site_dir / dest_uri).absolute()
        if src_uri not in present and target.is_relative_to(site_dir) and target.is_file():
            target.unlink()
            removed.append(dest_uri)
    return removed


# ------------------------------------------------------------------ what showed which event


def event_slugs_in(value: object) -> frozenset[str]:
    """The slugs of the events in a page's template context (or a list of events)."""
    if _is_event(value):
        return frozenset((value.slug,))  # type: ignore[attr-defined]
    items: Iterable[object] = ()
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    return frozenset().union(*(event_slugs_in(item) for item in items))


def _is_event(value: object) -> bool:
    # By name, not isinstance: `make serve` re-imports civic_site when its code changes, and
    # the hooks' new Event class is not the one this module imported (scripts/serve_cmd.py).
    kind = type(value)
    return kind.__name__ == Event.__name__ and kind.__module__ == Event.__module__


class RecordMentions(BasePlugin):
    """Remembers, for the preview session, which pages showed which events in the last
    in-process build of each language (`mentions[lang][src_uri] = (dest_uri, slugs)`), so
    that a focused build also renders the pages an edited event has left."""

    def __init__(self, mentions: dict[str, dict[str, tuple[str, frozenset[str]]]]) -> None:
        super().__init__()
        self.mentions = mentions

    @event_priority(-10_000)
    def on_env(self, env: Any, config: MkDocsConfig, files: Files, **kwargs: Any) -> Any:
        data = build_data(config)
        shown = {src: event_slugs_in(context) for src, context in data.page_context.items()}
        for src_uri, events in data.recap_of.items():
            shown[src_uri] = shown.get(src_uri, frozenset()) | event_slugs_in(events)
        dest = {f.src_uri: f.dest_uri for f in files}
        self.mentions[data.lang] = {s: (dest[s], slugs) for s, slugs in shown.items() if s in dest}
        return env
