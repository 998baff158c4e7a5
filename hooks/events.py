"""Generate event pages, listings, series and category pages from events/<lang>/*.md."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from civic_site.diagnostics import format_diagnostics
from civic_site.event_folder import check_project_events
from civic_site.event_format import (
    format_clock,
    format_event_when,
    format_long_date,
    format_short_date,
)
from civic_site.event_pages import EventCatalog, plan_event_pages, recap_backlinks
from civic_site.event_schedule import event_state, site_now
from civic_site.i18n import (
    add_generated_page,
    current_language,
    default_language,
    language_prefix,
)
from civic_site.project import project_from_config
from civic_site.site_paths import LISTING_SOURCE, SitePaths, category_key
from civic_site.ui_strings import load_ui_strings


@event_priority(-110)  # after static-i18n (-100): generated pages need its per-file attributes
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    events, series, problems = check_project_events(project_from_config(config))
    if problems:
        raise PluginError("Fehler in Veranstaltungsdateien:\n" + format_diagnostics(problems))
    lang, default = current_language(config), default_language(config)
    catalog = EventCatalog.for_language(events, series, lang, default, site_now())
    for plan in plan_event_pages(catalog, load_ui_strings(lang)):
        page_file = add_generated_page(
            config, files, plan.norm_src_uri, plan.markdown(), plan.content_lang
        )
        if plan.norm_src_uri != LISTING_SOURCE:
            page_file.inclusion = InclusionLevel.NOT_IN_NAV
        page_file.civic_context = {**plan.context, "build_now": catalog.now}
    _link_recaps_back(files, catalog, language_prefix(lang, default))
    files.civic_event_catalog = catalog
    return files


def _link_recaps_back(files: Files, catalog: EventCatalog, prefix: str) -> None:
    backlinks = recap_backlinks(catalog.events)
    for page_file in files.documentation_pages():
        announced = backlinks.get(page_file.url.removeprefix(prefix))
        if announced:
            page_file.civic_recap_of = announced


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    catalog: EventCatalog = files.civic_event_catalog
    lang = catalog.lang
    env.globals["events_catalog"] = catalog
    env.globals["event_state_at_build"] = lambda event: event_state(event, catalog.now)
    env.filters["event_when"] = lambda event: format_event_when(event, lang)
    env.filters["event_short_date"] = lambda event: format_short_date(event.start, lang)
    slugs = {e.slug for e in catalog.events}
    paths = SitePaths(lang, default_language(config))
    env.filters["recap_url"] = lambda recap: paths.recap(recap, slugs)
    env.filters["category_key"] = category_key
    env.filters["long_date"] = lambda value: format_long_date(value, lang)
    env.filters["clock"] = lambda value: (
        format_clock(value, lang) + (" Uhr" if lang == "de" else "")
    )
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    context["recap_of"] = getattr(page.file, "civic_recap_of", [])
    extra = getattr(page.file, "civic_context", None)
    if extra:
        context.update(extra)
        if "event" in extra:
            context["event_state"] = event_state(extra["event"], extra["build_now"])
    return context
