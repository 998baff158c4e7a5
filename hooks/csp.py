"""A Content-Security-Policy <meta> tag on every built page (logic in civic_site/csp.py).

Registered last in mkdocs.yml `hooks:` and run at the lowest priority, so the policy hashes
the page's final inline scripts, after every other hook has changed the HTML.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from civic_site.csp import add_csp_meta


def _pretix_url(config: MkDocsConfig) -> str | None:
    pretix = config.extra.get("pretix") or {}
    return pretix.get("url") if isinstance(pretix, dict) else None


@event_priority(-1000)  # last of all, after static-i18n (-100): hash the final HTML
def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
    return add_csp_meta(output, _pretix_url(config))


@event_priority(-1000)  # theme templates such as 404.html never pass through on_post_page
def on_post_template(output: str, template_name: str, config: MkDocsConfig, **kwargs) -> str:
    if not template_name.endswith(".html"):
        return output  # sitemap.xml and the like
    return add_csp_meta(output, _pretix_url(config))
