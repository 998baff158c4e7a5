"""The template API: every Jinja global and filter the site's templates use, in one place.

hooks/template_api.py installs it into the theme's environment (`on_env`); pages that
are rendered as templates themselves (`jinja: true`, hooks/content_data.py) get the same
API through `page_markdown_env`. Everything comes from the language build's data
(civic_site/build_data.py) and the civic_site modules that own each piece.

Globals:
    ui                      the UI strings of the page's language (overrides/strings/<lang>.yml)
    site_lang               the language of the build ('de', 'en', …)
    paths                   SitePaths of the language: every generated URL
                            ({{ paths.event(slug) | url }}, {{ paths.feed() | absolute_url }})
    events_catalog          EventCatalog: upcoming, past, next events, series, categories
    event_state_at_build    event_state_at_build(event) → 'upcoming', 'past', …
    pretix_widget           pretix_widget(event, widget_id) → Widget for the registration box
    home_figures            impact figures of the home page (data/figures.yml)
    anchor_projects         cards of the anchor projects (docs/<lang>/projekte/*.md; websites
                            from extra.anchor_projects in mkdocs.yml)
    project_website         project_website('civic-data-lab') → that project's website from
                            mkdocs.yml (maybe UNBESTÄTIGT: print it with `fact_link`)
    operator                the operator's data (extra.operator in mkdocs.yml)
    test_operation          True in test operation (SITE_TESTBETRIEB, civic_site/site_mode.py):
                            a notice and noindex on every page
    search_worker           site path of the installed Material's search worker
                            (civic_site/theme_assets.py; the build stops without one)
    material_bundle         site path of the installed Material's JavaScript bundle (the same)
    shared_partials         SharedPartials: HTML of Material partials shared between pages
                            (civic_site/shared_partials.py, overrides/partials/shared-partial.html)

Templates of the theme itself, past overrides/: "material/partials/nav.html".

Filters:
    url                     MkDocs' own: a site path relative to the page
    absolute_url            a site path as an absolute URL (feeds, hreflang, calendars)
    webcal                  an absolute http(s) URL as webcal:// (calendar subscription)
    event_when              an event's date line ('Dienstag, 18. November 2025, 16:30–18:00 Uhr')
    event_short_date        an event's start for cards ('18.11.2025')
    long_date               a date ('4. November 2025')
    clock                   a time in a sentence ('16:30 Uhr')
    recap_url               site path of an event's `recap:` (an event or a page)
    category_key            URL key of a category name
    language_name           name of a language code in the page's language ('Englisch')
    file_size               bytes as text in the page's language ('12,3 MB', '3 kB')
    duration                seconds as text ('3:25 Min.', UI string duration_text)
    iso_duration            seconds as an ISO 8601 duration for <time datetime> ('PT3M25S')
    fact                    a value as text, or an unconfirmed one (UNBESTÄTIGT: …) as marked
                            text, never a link (civic_site/facts.py)
    fact_link               a link to a confirmed value, else marked text:
                            {{ operator.email | fact_link(prefix="mailto:") }},
                            {{ url | fact_link("Website") }}

Tests:
    confirmed, unconfirmed  {% if operator.email is confirmed %} (civic_site/facts.py)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from civic_site.build_data import BuildData, build_data
from civic_site.calendar import webcal_url
from civic_site.config_lines import config_key_lines
from civic_site.dgs_video import format_duration, format_file_size, iso_duration
from civic_site.diagnostics import Diagnostic, DiagnosticError, diagnostic
from civic_site.event_format import (
    format_event_when,
    format_long_date,
    format_short_date,
    format_time_text,
    language_name,
)
from civic_site.event_model import Event
from civic_site.event_schedule import event_state
from civic_site.facts import fact_filters, fact_tests
from civic_site.figures import figures_for_language, load_figures
from civic_site.i18n import language_neutral_src_uri
from civic_site.operator import operator_for_language, operator_lines
from civic_site.pretix_embed import PendingWidget, Widget, build_widget, settings_from_extra
from civic_site.pretix_ref import PretixValueError
from civic_site.projects import CONFIG_KEY as PROJECTS_KEY
from civic_site.projects import (
    ProjectPage,
    is_project_page,
    load_anchor_projects,
    project_websites,
)
from civic_site.shared_partials import SharedPartials, with_theme_prefix
from civic_site.site_mode import in_test_operation
from civic_site.site_paths import category_key
from civic_site.template_cache import share_compiled_templates
from civic_site.theme_assets import ThemeAssetError, bundle_path, search_worker_path
from civic_site.urls import absolute_url

FIGURES_FILE = "data/figures.yml"


def content_globals(data: BuildData, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    """Figures, anchor projects, their websites and the operator of the build's language.

    Raises DiagnosticError with every mistake in them at once, not one per build.
    """
    project, lang = data.project, data.lang
    config_file = Path(config.config_file_path)
    # Files of the current language only (static-i18n), looked up without their 'de/'.
    pages = [
        ProjectPage(f"docs/{f.src_uri}", f.content_string, f.url)
        for f in files.documentation_pages()
        if is_project_page(language_neutral_src_uri(f))
    ]
    loaders = {
        "home_figures": lambda: figures_for_language(
            load_figures(project.root / FIGURES_FILE, project.languages, FIGURES_FILE), lang
        ),
        "project_websites": lambda: project_websites(
            config.extra.get(PROJECTS_KEY.removeprefix("extra.")),
            config_file.name,
            config_key_lines(config_file),
        ),
        # after project_websites, which it needs
        "anchor_projects": lambda: load_anchor_projects(pages, content["project_websites"]),
        "operator": lambda: operator_for_language(
            config.extra.get("operator"),
            lang,
            data.default_lang,
            config_file.name,
            operator_lines(config_file),
        ),
    }
    content: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name, load in loaders.items():
        try:
            content[name] = load()
        except DiagnosticError as exc:
            problems += exc.diagnostics
        except KeyError:  # what it needs had mistakes of its own, reported above
            pass
    if problems:
        raise DiagnosticError(problems)
    websites = content.pop("project_websites")

    def project_website(name: str) -> str:
        if name not in websites:
            known = ", ".join(sorted(websites)) or "keine"
            message = f"project_website(„{name}“): kein Eintrag in mkdocs.yml (vorhanden: {known})."
            raise DiagnosticError([diagnostic(config_file.name, 1, PROJECTS_KEY, message)])
        return websites[name]

    content["project_website"] = project_website
    return content


def theme_globals(config: MkDocsConfig) -> dict[str, Any]:
    """Names of files in the installed theme. Raises DiagnosticError at mkdocs.yml's `theme`."""
    try:
        return {
            "search_worker": search_worker_path(config.theme.dirs),
            "material_bundle": bundle_path(config.theme.dirs),
        }
    except ThemeAssetError as exc:
        config_file = Path(config.config_file_path)
        line = config_key_lines(config_file).get("theme", 1)
        raise DiagnosticError([diagnostic(config_file.name, line, "theme", str(exc))]) from None


def template_globals(data: BuildData, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    catalog = data.catalog
    settings = settings_from_extra(config.extra)  # checked in hooks/pretix_widget.py on_config

    def pretix_widget(
        event: Event, widget_id: str = "pretix-registration"
    ) -> Widget | PendingWidget:
        try:
            return build_widget(event.pretix, settings, data.lang, widget_id)
        except PretixValueError as exc:
            line = event.line_of(exc.key)
            message = diagnostic(event.source_path, line, exc.key, exc.message)
            raise PluginError(str(message)) from None

    return {
        "ui": data.ui,
        "site_lang": data.lang,
        "paths": data.paths,
        "events_catalog": catalog,
        "event_state_at_build": lambda event: event_state(event, data.now),
        "pretix_widget": pretix_widget,
        "test_operation": in_test_operation(),
        "shared_partials": SharedPartials(config),
        **theme_globals(config),
        **content_globals(data, config, files),
    }


def template_filters(data: BuildData, config: MkDocsConfig) -> dict[str, Any]:
    formats = data.date_formats()
    paths = data.paths
    slugs = {event.slug for event in data.catalog.events}
    site_url = config.site_url or ""
    return {
        "absolute_url": lambda link: absolute_url(site_url, link),
        "webcal": webcal_url,
        "event_when": lambda event: format_event_when(event, formats),
        "event_short_date": lambda event: format_short_date(event.start, formats),
        "long_date": lambda value: format_long_date(value, formats),
        "clock": lambda value: format_time_text(value, formats),
        "recap_url": lambda recap: paths.recap(recap, slugs),
        "category_key": category_key,
        "language_name": lambda code: language_name(code, formats),
        "file_size": lambda size: format_file_size(size, data.locale()),
        "duration": lambda seconds: format_duration(seconds, data.ui["duration_text"]),
        "iso_duration": iso_duration,
    }


def install_template_api(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Add every global and filter of the template API to `env`.

    Raises DiagnosticError on bad content data (figures, project pages, operator).
    """
    data = build_data(config)
    # The same for every environment of the language build (theme, `jinja: true` pages):
    # made once, so the data files behind them are read once per build.
    env.globals.update(data.once("template_globals", lambda: template_globals(data, config, files)))
    env.filters.update(data.once("template_filters", lambda: template_filters(data, config)))
    env.filters.update(fact_filters(env))
    env.tests.update(fact_tests())
    # hooks/template_api.py's on_config gives every environment of the theme this prefix;
    # set here too for a theme static-i18n replaced after that (as share_compiled_templates).
    return with_theme_prefix(env, config)


def page_markdown_env(config: MkDocsConfig, files: Files) -> Environment:
    """The theme's environment with the template API, for rendering a page's Markdown:
    one per language build, shared by every page (and its compiled templates with every
    environment of the process, civic_site/template_cache.py)."""
    return build_data(config).once(
        "page_markdown_env",
        lambda: share_compiled_templates(
            install_template_api(config.theme.get_env(), config, files)
        ),
    )
