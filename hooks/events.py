"""Generate event pages, listings, series and category pages from events/<lang>/*.md.

`on_files` also starts the language build's data (civic_site/build_data.py): the
events, the context of each generated page and the recap backlinks, which the other
hooks and the template API (hooks/template_api.py) read.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from civic_site.build_data import BuildData, attach_build_data, build_data
from civic_site.diagnostics import format_diagnostics
from civic_site.event_folder import check_project_events
from civic_site.event_model import Event
from civic_site.event_pages import EventCatalog, plan_event_pages, recap_backlinks
from civic_site.event_schedule import event_state, site_now
from civic_site.generated_page import GeneratedPage
from civic_site.i18n import add_generated_page, current_language
from civic_site.project import project_from_config
from civic_site.site_paths import LISTING_SOURCE, SitePaths
from civic_site.ui_strings import load_ui_strings


@event_priority(-110)  # after static-i18n (-100): generated pages need its per-file attributes
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    project = project_from_config(config)
    events, series, problems = check_project_events(project)
    if problems:
        raise PluginError("Fehler in Veranstaltungsdateien:\n" + format_diagnostics(problems))
    lang, default = current_language(config), project.default_language
    catalog = EventCatalog.for_language(events, series, lang, default, site_now())
    page_context = {}
    for plan in plan_event_pages(catalog, load_ui_strings(lang, project.strings_dir)):
        page_file = add_generated_page(
            config, files, plan.norm_src_uri, plan.markdown(), plan.content_lang
        )
        if plan.norm_src_uri != LISTING_SOURCE:
            page_file.inclusion = InclusionLevel.NOT_IN_NAV
            # MkDocs keeps a file's page. Not for the listing: in the nav, its title is the nav's.
            GeneratedPage(page_file, config, plan.page_source())
        page_context[page_file.src_uri] = plan.context
    recaps = _recaps(files, catalog, project.paths(lang))
    attach_build_data(config, BuildData(project, lang, catalog.now, catalog, page_context, recaps))
    return files


def _recaps(files: Files, catalog: EventCatalog, paths: SitePaths) -> dict[str, list[Event]]:
    """{src_uri of a page: the events it is the recap of}."""
    backlinks = recap_backlinks(catalog.events, paths.directory_urls)
    recaps = {}
    for page_file in files.documentation_pages():
        announced = backlinks.get(page_file.url.removeprefix(paths.prefix))
        if announced:
            recaps[page_file.src_uri] = announced
    return recaps


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs
) -> dict[str, Any]:
    data = build_data(config)
    context["recap_of"] = data.recap_of.get(page.file.src_uri, [])
    extra = data.page_context.get(page.file.src_uri)
    if extra:
        context.update(extra)
        if "event" in extra:
            context["event_state"] = event_state(extra["event"], data.now)
    return context
