"""What one language build knows, handed from hook to hook as one typed record.

static-i18n runs one complete MkDocs build per language, all on the same config object
(ARCHITECTURE.md T1). hooks/events.py makes a fresh `BuildData` in each language build's
`on_files` and attaches it with `attach_build_data`; every later event of that build
(`on_env`, the page events) reads it with `build_data`. These two functions are the
only way data passes between hooks: nothing else is stored on MkDocs objects (files,
pages, the config) and nothing at module level.

Trap: the other languages' builds run inside the first language's `on_post_build`, so
by the end of that event the config holds the *last* language's data. `build_data`
refuses data of another language than the current one; do not use it in
`on_post_build`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig

from civic_site.event_format import DateFormats
from civic_site.event_model import Event
from civic_site.event_pages import EventCatalog
from civic_site.i18n import current_language
from civic_site.project import Project
from civic_site.site_paths import SitePaths
from civic_site.ui_strings import load_ui_strings

# The one attribute this module sets on the MkDocs config (private to this module).
_ATTRIBUTE = "_civic_build_data"

T = TypeVar("T")


@dataclass(frozen=True)
class BuildData:
    """One language build: the project, its language, 'now', the events and page data."""

    project: Project
    lang: str
    now: datetime  # the build's 'now' (SITE_NOW or the clock), the same for every page
    catalog: EventCatalog
    # Template context of each generated page (event, listing, …), by `File.src_uri`.
    page_context: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # The events a page is the recap of (it links back to them), by `File.src_uri`.
    recap_of: Mapping[str, list[Event]] = field(default_factory=dict)
    # What `once` made in this build: read once per language build, not once per page.
    # Each build has a fresh BuildData, so a file edited during `make serve` is read again.
    _once: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """`make()`, called on the first request for `key` in this language build only."""
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    @property
    def default_lang(self) -> str:
        return self.project.default_language

    @property
    def paths(self) -> SitePaths:
        """Every URL of this language (civic_site/site_paths.py)."""
        return self.project.paths(self.lang)

    def ui_strings(self, lang: str | None = None) -> dict[str, str]:
        """The UI strings of `lang` (default: this build's language) from the project.

        The same dict for the whole build: read it, never change it."""
        lang = lang or self.lang
        return self.once(f"ui:{lang}", lambda: load_ui_strings(lang, self.project.strings_dir))

    @property
    def ui(self) -> dict[str, str]:
        return self.ui_strings()

    def date_formats(self, lang: str | None = None) -> DateFormats:
        """How `lang` (default: this build's language) writes dates and times."""
        lang = lang or self.lang
        return self.once(f"dates:{lang}", lambda: DateFormats.from_strings(self.ui_strings(lang)))

    def locale(self, lang: str | None = None) -> str:
        """The Babel locale of `lang` ('de_DE'), from its strings file."""
        return self.ui_strings(lang)["locale"]


def attach_build_data(config: MkDocsConfig, data: BuildData) -> BuildData:
    """Make `data` the current language build's data (replacing the previous build's)."""
    setattr(config, _ATTRIBUTE, data)
    return data


def build_data(config: MkDocsConfig) -> BuildData:
    """The current language build's data; from hooks/events.py's `on_files` on."""
    data: BuildData | None = getattr(config, _ATTRIBUTE, None)
    lang = current_language(config)
    if data is None or data.lang != lang:
        raise RuntimeError(
            f"no build data for language {lang!r} yet: read it only after hooks/events.py's "
            "on_files (priority -110) and never in on_post_build"
        )
    return data
