"""Calendar files and the events feed, added to the site as generated files.

Per language: one .ics per event next to its page (events/<slug>/<slug>.ics), a
subscribable calendar of all events (events/calendar.ics) and an Atom feed
(events/feed.xml); the English ones under en/. Logic in civic_site/calendar.py and
civic_site/feeds.py; nothing is written into docs/.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from civic_site.calendar import (
    CalendarSite,
    build_event_calendar,
    build_full_calendar,
    event_calendar_path,
    full_calendar_path,
    webcal_url,
)
from civic_site.event_pages import EventCatalog
from civic_site.feeds import FeedSite, build_atom_feed, feed_path
from civic_site.i18n import default_language, language_prefix
from civic_site.ui_strings import load_ui_strings


def _site_url(config: MkDocsConfig) -> str:
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: site_url: fehlt. Kalender und Feed brauchen die Adresse der Website."
        )
    return config.site_url


def _add(files: Files, config: MkDocsConfig, path: str, content: bytes) -> None:
    files.append(File.generated(config, path, content=content))


@event_priority(-120)  # after hooks/events.py (-110), which leaves files.civic_event_catalog
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    catalog: EventCatalog = files.civic_event_catalog
    ui = load_ui_strings(catalog.lang)
    prefix = language_prefix(catalog.lang, default_language(config))
    site_url = _site_url(config)
    calendar = CalendarSite(
        site_url,
        catalog.lang,
        prefix,
        ui["calendar_name"],
        ui["events_description"],
        ui["calendar_cancelled_label"],
    )
    for event in catalog.events:
        path = event_calendar_path(prefix, event.slug)
        _add(files, config, path, build_event_calendar(event, calendar))
    _add(files, config, full_calendar_path(prefix), build_full_calendar(catalog.events, calendar))
    feed = FeedSite(
        site_url,
        catalog.lang,
        prefix,
        ui["feed_title"],
        ui["events_description"],
        config.site_name,
        ui["calendar_cancelled_label"],
    )
    _add(files, config, feed_path(prefix), build_atom_feed(catalog.events, feed, catalog.now))
    return files


def on_env(env: Environment, config: MkDocsConfig, **kwargs) -> Environment:
    # For the listing's subscription link: {{ url | absolute_url | webcal }}.
    env.filters["webcal"] = webcal_url
    return env
