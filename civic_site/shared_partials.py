"""Material partials rendered once for all pages that get the same HTML from them.

Material renders its partials for every page. Some are the same on every page of a language
(the search box, the colour scheme switch, the repository link), others differ only by the
relative links MkDocs' `url` filter makes from the page's URL: the logo, and the whole site
navigation for a page outside the nav (events, series, categories, posts, recaps), which has
no active nav item and no table of contents in it. The navigation alone took about 0.8 ms
of the 4 ms an event page's template took.

overrides/partials/<name> for each name in SHARED_PARTIALS includes
overrides/partials/shared-partial.html, which asks `shared_partials` (a template global, one
per language build) and renders Material's own file (`material/partials/<name>`,
THEME_PREFIX) only for a key it has not seen. tests/test_shared_partials.py builds the
fixture site with and without sharing and compares every file, and fails when a Material
upgrade makes one of the constant partials depend on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

# `{% include "material/partials/nav.html" %}` is Material's file even where overrides/ has
# one of the same name.
THEME_PREFIX = "material"

PartialKey = tuple[str, ...]
LinkTargets = Callable[[Navigation, MkDocsConfig], list[str]]


def nav_link_targets(nav: Navigation, config: MkDocsConfig) -> list[str]:
    """Every site path partials/nav.html links through the `url` filter.

    The nav's pages, links and sections (a section links its first page), the home page
    (`extra.homepage` or the nav's) and the logo in the drawer's title.
    """
    targets = [str(item.url) for item in _nav_items(nav.items) if getattr(item, "url", None)]
    if nav.homepage is not None:
        targets.append(nav.homepage.url)
    homepage = config.extra.get("homepage")
    return targets + [str(homepage)] if homepage else targets


def logo_targets(nav: Navigation, config: MkDocsConfig) -> list[str]:
    return [str(config.theme["logo"])] if config.theme.get("logo") else []


def no_links(nav: Navigation, config: MkDocsConfig) -> list[str]:
    return []


# Material's partials that are shared, and the site paths each links relative to the page.
SHARED_PARTIALS: dict[str, LinkTargets] = {
    "partials/nav.html": lambda nav, config: (
        nav_link_targets(nav, config) + logo_targets(nav, config)
    ),
    "partials/logo.html": logo_targets,
    "partials/search.html": no_links,
    "partials/palette.html": no_links,
    "partials/source.html": no_links,
}
# Only these depend on whether the page is in the nav (active item, its table of contents).
NAV_STATE_PARTIALS = frozenset({"partials/nav.html"})


def _nav_items(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _nav_items(getattr(item, "children", None) or [])


class SharedPartials:
    """The HTML of the shared partials in one language build, by what it depends on.

    Our own templates keep HTML here too, under keys of their own that name everything the
    HTML depends on: an event card (overrides/partials/event-card.html) is the same on the
    listing, archive, series and category pages for the same event, heading and link."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._nav: Navigation | None = None
        self._targets: dict[str, list[str]] = {}
        self._html: dict[PartialKey, str] = {}

    def key(self, name: str, page: Page | None, nav: Navigation | None) -> PartialKey | None:
        """What the partial's HTML depends on for this page, or None: render it anew.

        None for a render without a page or nav (404 and error pages) and, for the
        navigation, for a page in the nav.
        """
        if not isinstance(page, Page) or nav is None:
            return None
        if name in NAV_STATE_PARTIALS and page in nav.pages:
            return None
        if nav is not self._nav:  # a new build: nothing rendered for the old nav applies
            self._nav, self._html = nav, {}
            self._targets = {
                partial: targets(nav, self._config) for partial, targets in SHARED_PARTIALS.items()
            }
        links = (normalize_url(target, page=page) for target in self._targets[name])
        return (name, *links)

    def get(self, key: PartialKey | None) -> str | None:
        return self._html.get(key) if key is not None else None

    def keep(self, key: PartialKey | None, html: str) -> str:
        """Keep the HTML rendered for `key` (None: not shared) and return it."""
        if key is not None:
            self._html[key] = html
        return html


class MaterialTranslations:
    """Material's `lang.t(key)`, looked up once per theme language and key.

    Material's partials/language.html defines `t` as a macro that builds the whole table of
    its language file (about 80 entries) on every call, and base.html imports it anew for
    every page: some 20 calls and one import a page, about 0.45 ms. overrides/partials/
    language.html exports this object's `t` instead, whose answers come from Material's own
    macro (`material/partials/language.html`), once per key."""

    def __init__(self, env: Environment, config: MkDocsConfig) -> None:
        self._env = env
        self._config = config
        self._found: dict[tuple[str, str], Any] = {}

    def t(self, key: str) -> Any:
        language = str(self._config.theme.get("language"))
        found = self._found.get((language, key))
        if found is None:
            found = self._found[(language, key)] = self.look_up(key)
        return found

    def look_up(self, key: str) -> Any:
        """Material's own answer for `key` in the theme's current language (no memo)."""
        original = self._env.get_template(f"{THEME_PREFIX}/partials/language.html")
        return original.make_module({"config": self._config}).t(key)


def prepare_theme_env(env: Environment, config: MkDocsConfig) -> Environment:
    """What every environment the theme makes needs before its first template: the theme's
    own files as `material/<name>` and Material's translations (`material_translations`)."""
    with_theme_prefix(env, config)
    env.globals["material_translations"] = MaterialTranslations(env, config)
    return env


class _ThemePrefixLoader(PrefixLoader):
    """`material/<name>` for templates that include Material's own file. It lists no
    names: MkDocs copies every file the environment lists as a theme file, after testing
    each name against a dozen patterns, and the theme's loader lists these files already."""

    def list_templates(self) -> list[str]:
        return []


def with_theme_prefix(env: Environment, config: MkDocsConfig) -> Environment:
    """Let templates name the theme's own files as `material/<name>`, past overrides/."""
    theme_dirs = [d for d in config.theme.dirs if d != config.theme.custom_dir]
    loader: BaseLoader | None = env.loader
    already = isinstance(loader, ChoiceLoader) and any(
        isinstance(inner, PrefixLoader) and THEME_PREFIX in inner.mapping
        for inner in loader.loaders
    )
    if loader is not None and not already:
        prefixed = _ThemePrefixLoader({THEME_PREFIX: FileSystemLoader(theme_dirs)})
        env.loader = ChoiceLoader([prefixed, loader])
    return env
