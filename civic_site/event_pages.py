"""Which pages the events engine generates for one site language, and their content.

Pure: takes validated events and returns page plans; hooks/events.py hands them to
MkDocs. Page titles go into front matter as text, like an editor's; hooks/page_titles.py
escapes every page's title for Material (ARCHITECTURE.md T8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from civic_site.event_model import Event, Series
from civic_site.event_schedule import (
    events_for_language,
    group_by_year,
    select_next,
    select_past,
    select_upcoming,
)
from civic_site.site_paths import (
    LISTING_SOURCE,
    SitePaths,
    archive_source,
    category_key,
    category_source,
    event_source,
    generated_sources,
    series_source,
)

# libyaml's safe dumper where PyYAML has it: the same data back, several times faster than
# the pure-Python one (one front matter per generated page).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The listing shows this many years of past events; older years get archive pages,
# so the listing does not grow without bound.
LISTING_PAST_YEARS = 2


@dataclass
class PagePlan:
    norm_src_uri: str
    title: str
    template: str
    content_lang: str
    body: str = ""
    description: str = ""
    context: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, str]:
        meta = {"title": self.title, "template": self.template}
        if self.description:
            meta["teaser"] = self.description
        return meta

    def markdown(self) -> str:
        """The page's file: front matter and body."""
        front = yaml.dump(self.meta(), Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.body}\n"

    def page_source(self) -> tuple[str, dict[str, str]]:
        """(Markdown, meta) as MkDocs reads them from `markdown()`, without reading YAML."""
        return f"\n{self.body}\n".lstrip("\n"), self.meta()


@dataclass
class EventCatalog:
    """Everything templates need to know about the events of one site language."""

    lang: str
    now: datetime
    events: list[Event]
    series: dict[str, Series]

    @classmethod
    def for_language(
        cls,
        events: list[Event],
        series: dict[str, Series],
        lang: str,
        default_lang: str,
        now: datetime,
    ) -> EventCatalog:
        """The catalog of one site language from all validated events (build and `check`)."""
        return cls(lang, now, events_for_language(events, lang, default_lang), series)

    @property
    def upcoming(self) -> list[Event]:
        return select_upcoming(self.events, self.now)

    @property
    def past(self) -> list[Event]:
        return select_past(self.events, self.now)

    @property
    def next_events(self) -> list[Event]:
        return select_next(self.events, self.now, 3)

    def categories(self) -> dict[str, str]:
        """{key: display name} of all categories used, sorted by name."""
        names = {category_key(c): c for e in self.events for c in e.categories}
        return dict(sorted(names.items(), key=lambda item: item[1].lower()))

    def used_series(self) -> list[Series]:
        keys = sorted({e.series for e in self.events if e.series})
        return [self.series[k] for k in keys if k in self.series]


def split_listing_years(
    groups: list[tuple[int, list[Event]]],
) -> tuple[list[tuple[int, list[Event]]], list[tuple[int, list[Event]]]]:
    """(years the listing shows, years with an archive page) of past events grouped by year.

    The one place of the archive rule: the listing, the archive pages and `check`'s
    idea of which archive pages exist all come from here.
    """
    return groups[:LISTING_PAST_YEARS], groups[LISTING_PAST_YEARS:]


def archived_years(catalog: EventCatalog) -> list[tuple[int, list[Event]]]:
    """Past years of the catalog that get an archive page, newest first, with their events."""
    return split_listing_years(group_by_year(catalog.past))[1]


def generated_page_sources(catalog: EventCatalog) -> set[str]:
    """Source URIs of every page `plan_event_pages` makes for the catalog's language."""
    return generated_sources(
        event_slugs=(event.slug for event in catalog.events),
        archive_years=(year for year, _ in archived_years(catalog)),
        series_keys=(series.key for series in catalog.used_series()),
        category_keys=catalog.categories(),
    )


def _listing_context(catalog: EventCatalog, events: list[Event], years: bool) -> dict[str, Any]:
    groups = group_by_year(select_past(events, catalog.now))
    shown, archived = split_listing_years(groups) if years else (groups, [])
    return {
        "upcoming": select_upcoming(events, catalog.now),
        "past_groups": shown,
        "archive_years": [year for year, _ in archived],
    }


def plan_event_pages(catalog: EventCatalog, ui: dict[str, str]) -> list[PagePlan]:
    """All generated pages for one language: listing, archives, series, categories, events."""
    plans = [
        PagePlan(
            LISTING_SOURCE,
            ui["events_title"],
            "events-listing.html",
            catalog.lang,
            description=ui["events_description"],
            context={"listing_kind": "all", **_listing_context(catalog, catalog.events, True)},
        )
    ]
    for year, events in archived_years(catalog):
        plans.append(
            PagePlan(
                archive_source(year),
                f"{ui['events_archive_title']} {year}",
                "events-listing.html",
                catalog.lang,
                context={
                    "listing_kind": "archive",
                    "upcoming": [],
                    "past_groups": [(year, events)],
                },
            )
        )
    for series in catalog.used_series():
        members = [e for e in catalog.events if e.series == series.key]
        plans.append(
            PagePlan(
                series_source(series.key),
                series.name(catalog.lang),
                "events-listing.html",
                catalog.lang,
                description=series.description(catalog.lang),
                context={
                    "listing_kind": "series",
                    "series": series,
                    **_listing_context(catalog, members, False),
                },
            )
        )
    for key, name in catalog.categories().items():
        members = [e for e in catalog.events if key in {category_key(c) for c in e.categories}]
        plans.append(
            PagePlan(
                category_source(key),
                f"{ui['events_category_title']}: {name}",
                "events-listing.html",
                catalog.lang,
                context={"listing_kind": "category", **_listing_context(catalog, members, False)},
            )
        )
    for event in catalog.events:
        plans.append(
            PagePlan(
                event_source(event.slug),
                event.title,
                "event.html",
                event.lang,
                body=event.body,
                description=event.teaser,
                context={"event": event},
            )
        )
    return plans


def recap_backlinks(events: list[Event], directory_urls: bool = True) -> dict[str, list[Event]]:
    """{language-neutral URL of a recap: the events it reports on}, so recaps link back.

    `directory_urls`: the build's URL form (civic_site/site_paths.py), as in the page URLs
    the keys are matched against."""
    slugs = {e.slug for e in events}
    neutral = SitePaths(lang="", default_lang="", directory_urls=directory_urls)
    backlinks: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: e.start):
        if event.recap:
            # Keyed by the path without language prefix: the same in every language.
            path = neutral.recap(event.recap, slugs)
            backlinks.setdefault(path, []).append(event)
    return backlinks
