"""A Content-Security-Policy <meta> tag on every built page (logic in civic_site/csp.py).

`on_config` makes Material's `__md_scope` script the same on every page (`extra.scope`);
`on_env` derives the allow-list of inline scripts from the templates, once per language
build; `on_post_page` and `on_post_template` then only check each page's inline scripts
against it and insert one tag. A page with any other inline script stops the build: it can
only come from content (hooks/active_content.py names its file and line first) or from a
template whose script depends on the page.
"""

from __future__ import annotations

import logging

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from civic_site.csp import (
    SitePolicy,
    UnknownInlineScriptError,
    apply_site_policy,
    site_scope,
    template_inline_scripts,
    templates_with_inline_scripts,
)
from civic_site.offline_preview import is_offline_preview

log = logging.getLogger("mkdocs.hooks.csp")

# The build's SitePolicy, set in on_env of each language build and read by the page events
# of the same build (the allow-list is computed once, not per page).
_ATTRIBUTE = "_civic_site_policy"


def _pretix_url(config: MkDocsConfig) -> str | None:
    pretix = config.extra.get("pretix") or {}
    return pretix.get("url") if isinstance(pretix, dict) else None


@event_priority(-110)  # after static-i18n's on_config (-100), which reconfigures each language
def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    if not config.extra.get("scope"):
        config.extra["scope"] = site_scope(config.site_url)
    return config


@event_priority(-1000)  # after hooks/template_api.py has installed the template API
def on_env(env: Environment, config: MkDocsConfig, **kwargs) -> Environment:
    names = templates_with_inline_scripts(config.theme.dirs)
    context = {"config": config, "features": config.theme.get("features") or []}
    scripts, page_dependent = template_inline_scripts(env, names, context)
    if page_dependent:
        log.debug("inline scripts that need page data (not allow-listed): %s", page_dependent)
    offline = is_offline_preview(config.extra)  # the preview opened from disk
    setattr(config, _ATTRIBUTE, SitePolicy(scripts, _pretix_url(config), offline))
    return env


def _site_policy(config: MkDocsConfig) -> SitePolicy:
    policy = getattr(config, _ATTRIBUTE, None)
    if policy is None:
        raise RuntimeError("hooks/csp.py: the allow-list is made in on_env, before any page")
    return policy


def _refuse(where: str, exc: UnknownInlineScriptError) -> PluginError:
    excerpt = " ".join(exc.scripts[0].split())[:80]
    return PluginError(
        f"{where}: ein Inline-Skript, das keine Vorlage mit festem Text ausgibt, "
        f"die Seite wird nicht veröffentlicht: „{excerpt}“. Aus dem Inhalt: dort entfernen. "
        "Aus einer Vorlage (overrides/ oder Material): der Text muss auf jeder Seite gleich "
        "sein, oder das Skript gehört in eine Datei unter docs/assets/js/."
    )


@event_priority(-1000)  # last of all, after static-i18n (-100): check the final HTML
def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
    try:
        return apply_site_policy(output, _site_policy(config))
    except UnknownInlineScriptError as exc:
        where = f"Seite {page.file.dest_uri} (Quelle {page.file.src_uri})"
        raise _refuse(where, exc) from None


@event_priority(-1000)  # theme templates such as 404.html never pass through on_post_page
def on_post_template(output: str, template_name: str, config: MkDocsConfig, **kwargs) -> str:
    if not template_name.endswith(".html"):
        return output  # sitemap.xml and the like
    try:
        return apply_site_policy(output, _site_policy(config))
    except UnknownInlineScriptError as exc:
        raise _refuse(f"Vorlage {template_name}", exc) from None
