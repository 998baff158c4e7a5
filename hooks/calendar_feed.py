"""Calendar files and the events feed, added to the site as generated files.

Per language: one .ics per event next to its page (events/<slug>/<slug>.ics), a
subscribable calendar of all events (events/calendar.ics) and an Atom feed
(events/feed.xml); the other languages' under their prefix (en/). Paths from
civic_site/site_paths.py, logic in civic_site/calendar.py and civic_site/feeds.py;
nothing is written into docs/.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from civic_site.build_data import build_data
from civic_site.calendar import CalendarSite, build_calendars
from civic_site.feeds import FeedSite, build_atom_feed
from civic_site.parallel_build import rendered_elsewhere
from civic_site.preview_build import in_focused_build


def _site_url(config: MkDocsConfig) -> str:
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: site_url: fehlt. Kalender und Feed brauchen die Adresse der Website."
        )
    return config.site_url


def _add(files: Files, config: MkDocsConfig, path: str, content: bytes) -> None:
    files.append(File.generated(config, path, content=content))


@event_priority(-120)  # after hooks/events.py (-110), which starts the build data
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    if rendered_elsewhere(config):
        return files  # `make build`: this language's worker writes them (parallel_build.py)
    data = build_data(config)
    catalog, paths, ui = data.catalog, data.paths, data.ui
    if in_focused_build(config):
        # `make serve`'s focused build writes no files but pages (the full build after it
        # writes these); pages may link to them, so they exist, without content.
        for path in paths.calendar_files(event.slug for event in catalog.events):
            _add(files, config, path, b"")
        return files
    site_url = _site_url(config)
    calendar = CalendarSite(
        site_url,
        paths,
        ui["calendar_name"],
        ui["events_description"],
        ui["calendar_cancelled_label"],
    )
    for path, content in build_calendars(catalog.events, calendar).items():
        _add(files, config, path, content)
    feed = FeedSite(
        site_url,
        paths,
        ui["feed_title"],
        ui["events_description"],
        config.site_name,
        ui["calendar_cancelled_label"],
        {lang: data.date_formats(lang) for lang in data.project.languages},
    )
    _add(files, config, paths.feed(), build_atom_feed(catalog.events, feed, catalog.now))
    return files
